// The hard limits of extraction, in one table. Every stage costs time linear in the document, but
// a sentence far beyond any real one (thousands of words, hundreds of names) is a hostile input,
// not prose: it is refused with DossierError LIMIT_EXCEEDED, the document and the sentence's line
// and column in the document text (for plain text, the file itself), and the limit in `expected`.
// The counts are checked right after tokenising and after mention linking, before the later stages.
import { DossierError, type ProfileDocument } from '../model/index.js';

export interface ExtractLimit {
  /** The largest value accepted. */
  readonly max: number;
  /** What is counted, for messages. */
  readonly what: string;
}

export const extractLimits = {
  /** Tokens (words, numbers, punctuation marks) of one sentence (real prose: < 300; legal text: < 1,500). */
  tokensPerSentence: { max: 10_000, what: 'tokens in one sentence' },
  /** Entity mentions in one sentence (real prose: < 40). */
  mentionsPerSentence: { max: 1_000, what: 'entity mentions in one sentence' },
} as const satisfies Record<string, ExtractLimit>;

/** 1-based line and column of `offset` in `text` (one scan; only on refusal). */
function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Throws LIMIT_EXCEEDED for `limit` at the sentence starting at `offset` of the document's text. */
export function refuseSentenceOverLimit(
  limit: ExtractLimit,
  document: ProfileDocument,
  offset: number,
  found: number,
): never {
  const file = document.source.name;
  const where = positionIn(document.text, offset);
  throw new DossierError(
    'LIMIT_EXCEEDED',
    `${file} has a sentence with ${found} ${limit.what} (at offset ${offset} of its text)`,
    {
      file,
      ...where,
      expected: `at most ${limit.max} ${limit.what}`,
    },
  );
}
