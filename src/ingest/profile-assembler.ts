// Turns a classified layout into the document structure. A profile (extraction.md §1: a title
// and a Profile or Key Interests section): the actor title, section and interest spans and the
// body's sentences; a profile layout with no title or no section is refused. A source (any other
// readable document): its title, the metadata lines at its head (byline, dateline, publisher,
// captions: kept out of the sentences, each value with its span), headings as sections (text
// before the first heading in a section of its own, with an empty heading) and sentences.
// Shared by every format, so each yields the same structure.
import {
  DossierError,
  type DocumentKind,
  type InterestSpan,
  type Section,
  type Sentence,
  type Span,
} from '../model/index.js';
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';
import { normaliseHeadingName } from './profile-headings.js';
import type { LayoutLine } from './profile-layout.js';
import { findSourceMetadata, type MetadataField } from './source-metadata.js';
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

/** The title line of a profile's layout; refuses one without text, without a title or without a section. */
function profileTitleLine(lines: LayoutLine[], file: string): LayoutLine {
  const first = lines[0];
  if (!first) {
    throw new DossierError('EMPTY_DOCUMENT', `${file} has no text`, {
      file,
      line: 1,
      column: 1,
      expected: expectedActorTitle,
    });
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
  return first;
}

/**
 * Splits a layout line's text from `from` into sentences of a section (and interest), refusing a sentence or a
 * document over the limits at the sentence's source position (or the line's).
 */
function pushSentences(
  sentences: Sentence[],
  at: {
    text: string;
    from: number;
    line: LayoutLine;
    file: string;
    positionOf: ((offset: number) => SourcePosition) | undefined;
  },
  place: Pick<Sentence, 'section' | 'interest'>,
): void {
  const { text, from, line, file, positionOf } = at;
  for (const span of splitSentences(text, from, line.end)) {
    const where = (): SourcePosition => positionOf?.(span.start) ?? line.source;
    if (span.end - span.start > ingestLimits.sentenceLength.max)
      refuseOverLimit(ingestLimits.sentenceLength, file, where(), span.end - span.start);
    if (sentences.length >= ingestLimits.sentencesPerDocument.max)
      refuseOverLimit(ingestLimits.sentencesPerDocument, file, where());
    sentences.push({ start: span.start, end: span.end, section: place.section, interest: place.interest });
  }
}

/**
 * Builds the structure of `text` from its layout lines; `file` names the source in errors.
 * `positionOf` maps a text offset to its source position when the text is the source itself
 * (plain text); otherwise a refusal points at the paragraph's source line.
 */
export function assembleProfile(
  text: string,
  lines: LayoutLine[],
  file: string,
  positionOf?: (offset: number) => SourcePosition,
): ProfileStructure {
  const first = profileTitleLine(lines, file);
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
      const rank = openInterest ? (openInterest as InterestSpan).rank : null;
      const place = { section: sections.length - 1, interest: rank };
      pushSentences(sentences, { text, from: line.start, line, file, positionOf }, place);
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

/** Section names that make a document a profile on their own (with any interests section). */
const profileSectionNames = new Set(['profile', 'country profile', 'actor profile']);

/**
 * Whether a layout is a profile's: a Key Interests section or a section named Profile (one
 * without its title line is a profile still, and refused as such). Anything else is a source.
 */
export function isProfileLayout(text: string, lines: LayoutLine[]): boolean {
  return lines.some(
    (line) =>
      line.kind === 'interest' ||
      (line.kind === 'heading' &&
        (line.sectionKind === 'interests' ||
          profileSectionNames.has(normaliseHeadingName(text.slice(line.contentStart, line.contentEnd))))),
  );
}

export interface SourceStructure extends ProfileStructure {
  metadata: { author: MetadataField | null; published: MetadataField | null; publisher: MetadataField | null };
}

/** The structure of a source: see the header. Refuses only a document without any text. */
export function assembleSource(
  text: string,
  lines: LayoutLine[],
  file: string,
  positionOf?: (offset: number) => SourcePosition,
  /** The title front matter gives: the text then opens with it (its title line) or without it (all text). */
  givenTitle?: string | null,
): SourceStructure {
  const first = lines[0];
  if (!first) {
    throw new DossierError('EMPTY_DOCUMENT', `${file} has no text`, {
      file,
      line: 1,
      column: 1,
      expected: 'a document with some text',
    });
  }
  const found = findSourceMetadata(text, lines);
  const titleLine = lines[found.titleLine] ?? first;
  const sections: Section[] = [];
  const sentences: Sentence[] = [];
  // A title given by front matter that the text does not repeat: every line is text, and the title span is empty.
  const titleNotInText =
    givenTitle != null &&
    normalisedTitle(text.slice(titleLine.contentStart, titleLine.contentEnd)) !== normalisedTitle(givenTitle);
  // A first line too long to be a title is text: the title is then the start of its first sentence.
  const titleIsText = titleNotInText || titleLine.contentEnd - titleLine.contentStart > maxSourceTitleLength;
  let titleSpan: Span = titleNotInText
    ? { start: first.start, end: first.start }
    : { start: titleLine.contentStart, end: titleLine.contentEnd };
  const openSection = (heading: Span, start: number): void => {
    const previous = sections[sections.length - 1];
    if (previous) previous.end = start;
    sections.push({
      heading: text.slice(heading.start, heading.end),
      start,
      end: text.length,
      headingStart: heading.start,
      headingEnd: heading.end,
      kind: 'other',
    });
  };
  lines.forEach((line, index) => {
    if ((index === found.titleLine && !titleIsText) || found.consumed.has(index)) return;
    if (index > found.titleLine && (line.kind === 'heading' || line.kind === 'interest' || line.kind === 'title')) {
      // An interest marker outside a profile is a numbered heading: its whole line is the heading.
      const heading =
        line.kind === 'interest'
          ? { start: line.start, end: line.end }
          : { start: line.contentStart, end: line.contentEnd };
      openSection(heading, line.start);
      return;
    }
    // A short line standing alone, without a sentence's end, between paragraphs is a subheading
    // ("Rail links"): a section of its own, not a sentence glued to the next one.
    if (index < lines.length - 1 && looksLikeSubheading(text, line)) {
      openSection({ start: line.contentStart, end: line.contentEnd }, line.start);
      return;
    }
    // A label line opening a paragraph ("Security guarantees", "14:05 GMT") heads a section of its own.
    // A dateline opening it ("TASHKENT, March 3 (Steppe Wire) —") is metadata: the prose starts after it.
    let from = found.datelines.get(index) ?? line.start;
    // A plain-text list item ("- Since Pakistan announced …"): the bullet is not part of the sentence.
    const bullet = /^[-*•‣◦▪]\s+/u.exec(text.slice(from, Math.min(line.end, from + 4)));
    if (bullet) from += bullet[0].length;
    for (let label = leadingLabel(text, from, line.end); label; label = leadingLabel(text, from, line.end)) {
      openSection(label, from);
      from = label.next;
    }
    // Text before the first heading is a section of its own, with an empty heading.
    if (sections.length === 0) openSection({ start: from, end: from }, from);
    pushSentences(sentences, { text, from, line, file, positionOf }, { section: sections.length - 1, interest: null });
  });
  if (titleIsText && !titleNotInText)
    titleSpan = clippedTitle(text, sentences[0] ?? { start: titleLine.contentStart, end: titleLine.contentEnd });
  return {
    title: titleNotInText ? givenTitle : text.slice(titleSpan.start, titleSpan.end),
    titleSpan,
    sections,
    interests: [],
    sentences,
    metadata: { author: found.author, published: found.published, publisher: found.publisher },
  };
}

const normalisedTitle = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

/** A source's first line longer than this is text, not its title. */
const maxSourceTitleLength = 300;

/**
 * The span of at most 12 words (and maxSourceTitleLength characters) from the start of `span`: a title for a source
 * whose first line is text.
 */
function clippedTitle(text: string, span: Span): Span {
  const limit = Math.min(span.end, span.start + maxSourceTitleLength);
  let end = limit;
  if (limit < span.end) {
    const space = text.lastIndexOf(' ', limit);
    if (space > span.start) end = space;
  }
  const words = /^(?:\S+\s+){0,11}\S+/u.exec(text.slice(span.start, end));
  end = span.start + (words ? words[0].length : end - span.start);
  return { start: span.start, end: Math.max(end, span.start + 1) };
}

/** A one-line paragraph of at most 8 words and 60 characters, capitalised, with no sentence-ending punctuation. */
function looksLikeSubheading(text: string, line: LayoutLine): boolean {
  return isLabelText(text.slice(line.start, line.end));
}

/** One line of at most 8 words and 60 characters, capitalised, with no sentence-ending punctuation. */
function isLabelText(value: string): boolean {
  if (value.length > 60 || value.includes('\n')) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(value) || /[.!?:;,"”’)\]…]$/u.test(value)) return false;
  return value.split(/\s+/).length <= 8;
}

/** Words a wrapped line of prose may end with, but a label never does. */
const functionWords = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'with',
  'as',
  'that',
  'its',
  'their',
  'his',
  'her',
]);
const timestampLine =
  /^\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|gmt|utc|bst|cet|cest|[a-z]{2,4}\s+time|local(?:\s+time)?))?$/i;

/**
 * The first line of a paragraph from `start`, when it is a label over the rest (a subheading or a
 * live blog's timestamp directly above its text) and the paragraph goes on below it: its span
 * and where the rest starts. Null otherwise.
 */
function leadingLabel(text: string, start: number, end: number): (Span & { next: number }) | null {
  const newline = text.indexOf('\n', start);
  if (newline < 0 || newline >= end) return null;
  let next = newline + 1;
  while (next < end && /\s/.test(text[next]!)) next++;
  if (next >= end || !/[\p{Lu}\p{N}"“‘']/u.test(text[next]!)) return null;
  let labelEnd = newline;
  while (labelEnd > start && /\s/.test(text[labelEnd - 1]!)) labelEnd--;
  const value = text.slice(start, labelEnd);
  if (timestampLine.test(value)) return { start, end: labelEnd, next };
  if (!isLabelText(value)) return null;
  const words = value.split(/\s+/);
  if (functionWords.has(words[words.length - 1]!.toLowerCase())) return null;
  return { start, end: labelEnd, next };
}

/** The kind a document is read as: forced (front matter `kind`, an option), else by its layout. */
export function documentKindOf(text: string, lines: LayoutLine[], forced: DocumentKind | null): DocumentKind {
  return forced ?? (isProfileLayout(text, lines) ? 'profile' : 'source');
}
