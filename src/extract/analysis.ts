// The shared, read-only analysis every stage works over: the document's tokens, each sentence's
// token range, the set of words the document writes in lowercase, and the gazetteer index.
import type { ProfileDocument, ReferenceData, Sentence } from '../model/index.js';
import { extractLimits, refuseSentenceOverLimit } from './extract-limits.js';
import { buildGazetteerIndex, type GazetteerIndex } from './gazetteer-index.js';
import { TokenKind, tokenIndexAt, tokenize, type Token } from './tokenizer.js';
import type { ExtractionStage } from './stage.js';

export interface SentenceRange {
  sentence: Sentence;
  index: number;
  /** Token range [first, end). */
  first: number;
  end: number;
}

export interface Analysis {
  document: ProfileDocument;
  text: string;
  tokens: Token[];
  sentences: SentenceRange[];
  /** Words that occur written in lowercase somewhere in the document: common words, not names. */
  lowercaseWords: Set<string>;
  gazetteer: GazetteerIndex;
  /** The actor's ISO alpha-3, when it is a state. */
  actorCountry: string | null;
  focusCountry: string;
}

export function analyseDocument(document: ProfileDocument, reference: ReferenceData): Analysis {
  const { text } = document;
  const tokens = tokenize(text);
  const sentences: SentenceRange[] = document.sentences.map((sentence, index) => ({
    sentence,
    index,
    first: tokenIndexAt(tokens, sentence.start),
    end: tokenIndexAt(tokens, sentence.end),
  }));
  for (const range of sentences) {
    if (range.end - range.first > extractLimits.tokensPerSentence.max)
      refuseSentenceOverLimit(extractLimits.tokensPerSentence, document, range.sentence.start, range.end - range.first);
  }
  const lowercaseWords = new Set<string>();
  for (const token of tokens) {
    if (token.kind === TokenKind.Word && !token.capitalised && token.raw === token.norm) lowercaseWords.add(token.norm);
  }
  return {
    document,
    text,
    tokens,
    sentences,
    lowercaseWords,
    gazetteer: buildGazetteerIndex(reference),
    actorCountry: document.actor.country,
    focusCountry: document.metadata.focus,
  };
}

/** The analysis stage: tokens, sentence ranges and the gazetteer index every later stage reads. */
export const analysisStage: ExtractionStage<'document' | 'reference', 'analysis'> = {
  name: 'analysis',
  requires: ['document', 'reference'],
  provides: ['analysis'],
  run: ({ document, reference }) => ({ analysis: analyseDocument(document, reference) }),
};
