// Turns a classified layout into the document structure: the actor title, section and interest
// spans and the body's sentences, and refuses a layout with no title or no section. Shared by
// the text, Markdown and HTML parsers, so every format yields the same structure.
import { DossierError, type InterestSpan, type Section, type Sentence, type Span } from '../model/index.js';
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';
import type { LayoutLine } from './profile-layout.js';
import { splitSentences } from './sentence-splitter.js';
import type { SourcePosition } from './source-position.js';

export interface ProfileStructure {
  title: string;
  titleSpan: Span;
  sections: Section[];
  interests: InterestSpan[];
  sentences: Sentence[];
}

export const expectedSectionHeading = 'a section heading such as "Profile" or "Key Interests & Priorities"';
export const expectedActorTitle = 'an actor title line (e.g. "Kazakhstan") before the first section heading';

/**
 * Builds the structure of `text` from its layout lines; `file` names the source in errors.
 * `positionOf` maps a text offset to its source position when the text is the source itself
 * (plain text); otherwise a refusal points at the paragraph's source line.
 */
export function assembleProfile(text: string, lines: LayoutLine[], file: string, positionOf?: (offset: number) => SourcePosition): ProfileStructure {
  const first = lines[0];
  if (!first) {
    throw new DossierError('EMPTY_DOCUMENT', `${file} has no text`, { file, line: 1, column: 1, expected: expectedActorTitle });
  }
  if (first.kind !== 'title') {
    throw new DossierError('INVALID_DOCUMENT', `${file} has no actor title: it starts with a section heading`, {
      file,
      ...first.source,
      expected: expectedActorTitle,
    });
  }
  if (!lines.some((line) => line.kind === 'heading')) {
    const next: SourcePosition = lines[1]?.source ?? { line: first.source.line + 1, column: 1 };
    throw new DossierError('INVALID_DOCUMENT', `${file} has no recognisable section after its title`, {
      file,
      ...next,
      expected: expectedSectionHeading,
    });
  }

  const sections: Section[] = [];
  const interests: InterestSpan[] = [];
  const sentences: Sentence[] = [];
  let openInterest: InterestSpan | null = null;
  const closeInterest = (at: number): void => {
    if (openInterest) openInterest.end = at;
    openInterest = null;
  };

  for (const line of lines) {
    if (line.kind === 'heading') {
      closeInterest(line.start);
      const previous = sections[sections.length - 1];
      if (previous) previous.end = line.start;
      sections.push({
        heading: text.slice(line.contentStart, line.contentEnd),
        start: line.start,
        end: text.length,
        headingStart: line.contentStart,
        headingEnd: line.contentEnd,
        kind: line.sectionKind ?? 'other',
      });
    } else if (line.kind === 'interest') {
      closeInterest(line.start);
      const interest: InterestSpan = {
        rank: line.rank ?? interests.length + 1,
        title: text.slice(line.contentStart, line.contentEnd),
        start: line.start,
        end: text.length,
        titleStart: line.contentStart,
        titleEnd: line.contentEnd,
      };
      interests.push(interest);
      openInterest = interest;
    } else if (line.kind === 'paragraph' && sections.length > 0) {
      const section = sections.length - 1;
      const rank = openInterest ? (openInterest as InterestSpan).rank : null;
      for (const span of splitSentences(text, line.start, line.end)) {
        const where = (): SourcePosition => positionOf?.(span.start) ?? line.source;
        if (span.end - span.start > ingestLimits.sentenceLength.max) refuseOverLimit(ingestLimits.sentenceLength, file, where(), span.end - span.start);
        if (sentences.length >= ingestLimits.sentencesPerDocument.max) refuseOverLimit(ingestLimits.sentencesPerDocument, file, where());
        sentences.push({ start: span.start, end: span.end, section, interest: rank });
      }
    }
  }
  return {
    title: text.slice(first.contentStart, first.contentEnd),
    titleSpan: { start: first.contentStart, end: first.contentEnd },
    sections,
    interests,
    sentences,
  };
}
