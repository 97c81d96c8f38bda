// The metadata lines at the head of a source (a news article, a brief, a web page): the byline
// ("By Jane Doe", "Author: …"), the dateline ("Published 22 February 2022", "Feb. 22, 2022",
// "09/08/2021"), the publisher ("Source: Reuters"), and photo captions and credits. They are
// kept out of the sentences and each keeps the span of its value, so a source's author, date and
// publisher point at the words that say them. Only short lines before the body's first long
// paragraph are considered: a sentence in the body that starts with "By" stays a sentence.
// The English locale only: the package's root loads all its locales (some 270 modules).
import * as chrono from 'chrono-node/en';
import type { Span } from '../model/index.js';
import type { LayoutLine } from './profile-layout.js';

/** A metadata value and the span of its words in the text. */
export interface MetadataField extends Span {
  value: string;
}

export interface SourceMetadataFields {
  /** The index of the title line: the first line, or the next one after a "FOR IMMEDIATE RELEASE" marker. */
  titleLine: number;
  author: MetadataField | null;
  /** `value` is the date as EDTF (day or month precision). */
  published: MetadataField | null;
  publisher: MetadataField | null;
  /** Indexes (into the layout lines) of the lines that are metadata, not prose or headings. */
  consumed: Set<number>;
  /**
   * Paragraphs that open with a dateline ("TASHKENT, March 3 (Steppe Wire) —"): line index → the
   * offset where the paragraph's prose starts, after the dash. The dateline is metadata, not a sentence.
   */
  datelines: Map<number, number>;
}

/** Lines of the head that may be metadata: at most this many lines, each at most this long. */
const headLines = 8;
const maxMetadataLength = 160;

const bylinePattern = new RegExp(
  [
    String.raw`^(?:by|written by|reporting by|words by|(?:interview(?:ed)?|`,
    String.raw`compiled|edited|reported|prepared)\s+by:?|authors?\s*:|`,
    String.raw`text\s*:)\s*(.+)$`,
  ].join(''),
  'iu',
);
const datePrefix = new RegExp(
  [
    String.raw`^(?:(?:first\s+)?published|posted|updated|last\s+updated|`,
    String.raw`modified|date\s+of\s+(?:issue|publication|release)|`,
    String.raw`(?:issue|release|publication)\s+date|date|dated|`,
    String.raw`issued)\b\s*(?:on|at)?\s*:?\s*`,
  ].join(''),
  'iu',
);
const publisherPattern = /^(?:source|publisher|published\s+by|issued\s+by|via)\s*:\s*(.+)$/iu;
const captionPattern = /^(?:photo|image|picture|illustration|file\s+photo|credit|caption|video)\b[^:]{0,40}:/iu;
/** Separators between fields ("By Jane Doe | 22 Feb 2022", or one field per line of a plain-text paragraph). */
const fieldSeparator = new RegExp(
  [
    String.raw`[ \t]*\n\s*|\s+(?:[|•·]|—|–)\s+|\s+(?=(?:Author|`,
    String.raw`Authors|By|Published|Updated|Posted|Date|Source|`,
    String.raw`Publisher)\s*:)|,\s+(?=(?:\d{1,2}\s+\p{Lu}\p{Ll}+\.?\s+\d{4}|`,
    String.raw`\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4})\s*$)`,
  ].join(''),
  'u',
);

/** A name list: capitalised words, commas and "and" (a byline, not a sentence). */
const namesPattern =
  /^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin|el|la|le|da|dos|du|of|and|&|,))*\s*$/u;

/** The date a short text is, as EDTF (YYYY-MM-DD or YYYY-MM), when a date is (nearly) all it says. */
export function dateOfLine(text: string): string | null {
  // Numeric dates chrono does not read as the whole line: 15.07.2025 (day first), 2025-07-15.
  const numeric = /^\s*(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*$/.exec(text);
  if (numeric) {
    const [day, month, year] = numeric[1]
      ? [numeric[1], numeric[2]!, numeric[3]!]
      : [numeric[6]!, numeric[5]!, numeric[4]!];
    const d = Number(day);
    const m = Number(month);
    if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(Number(year), m, 0)).getUTCDate()) return null;
    return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  const results = chrono.parse(text, new Date(Date.UTC(2000, 0, 1)), { forwardDate: false });
  const result = results[0];
  if (!result || results.length > 2) return null;
  // The date must be most of the text (a dateline, not a sentence that names a date).
  const letters = (value: string) => value.replace(/[\s,.;:|()-]/g, '').length;
  if (letters(result.text) < 0.6 * letters(text)) return null;
  const start = result.start;
  if (!start.isCertain('year') || !start.isCertain('month')) return null;
  const year = String(start.get('year')).padStart(4, '0');
  const month = String(start.get('month')).padStart(2, '0');
  if (!start.isCertain('day')) return `${year}-${month}`;
  return `${year}-${month}-${String(start.get('day')).padStart(2, '0')}`;
}

/**
 * Finds the metadata lines among the first lines after the title of a source's layout. `text`
 * is the document text the layout's offsets index.
 */
export function findSourceMetadata(text: string, lines: LayoutLine[]): SourceMetadataFields {
  const found: SourceMetadataFields = {
    titleLine: 0,
    author: null,
    published: null,
    publisher: null,
    consumed: new Set(),
    datelines: new Map(),
  };
  const takeDateline = (index: number, line: LayoutLine): void => {
    if (found.datelines.size > 0) return;
    const dateline = cityDateline(text, line.start, line.end);
    if (!dateline) return;
    found.datelines.set(index, dateline.proseStart);
    if (dateline.date) found.published ??= dateline.date;
    if (dateline.publisher) found.publisher ??= dateline.publisher;
  };
  // "FOR IMMEDIATE RELEASE" above a press release's headline: metadata; the headline is the title.
  const firstLine = lines[0];
  if (
    firstLine &&
    lines.length > 1 &&
    releaseMarker.test(text.slice(firstLine.contentStart, firstLine.contentEnd).trim())
  ) {
    found.consumed.add(0);
    found.titleLine = 1;
  }
  let seen = 0;
  let prose = 0;
  for (let index = found.titleLine + 1; index < lines.length && seen < headLines; index++) {
    const line = lines[index]!;
    if (line.kind === 'title') continue;
    // A short line such as "By Jane Doe" may have been read as a heading: it is looked at too.
    if (line.kind !== 'paragraph' && line.kind !== 'heading') continue;
    seen++;
    // Metadata comes before the body: a long paragraph, or a second paragraph of prose (a
    // standfirst may come before the byline), ends the head.
    if (line.end - line.start > maxMetadataLength) {
      // A body paragraph may open with a city dateline: "ASTANA, 12 March 2023 — The Ministry …".
      takeDateline(index, line);
      break;
    }
    const fields = splitFields(text, line.start, line.end);
    const kinds = nameFieldsOfMetadataLine(
      text,
      fields,
      fields.map((field) => classifyField(text, field)),
    );
    if (kinds.some((kind) => kind === null)) {
      takeDateline(index, line);
      if (line.kind === 'paragraph' && ++prose >= 2) break;
      continue;
    }
    for (const kind of kinds) {
      if (!kind) continue;
      if (kind.type === 'caption') continue;
      if (found[kind.type] === null) found[kind.type] = kind.field;
    }
    found.consumed.add(index);
  }
  for (const index of tailChrome(text, lines)) found.consumed.add(index);
  return found;
}

/** A press release's marker line above its headline. */
const releaseMarker =
  /^(?:for\s+immediate\s+release|press\s+release|news\s+release|media\s+release|for\s+release\b.*|embargoed\b.*)$/i;

/**
 * "ASTANA, 12 March 2023 —", "PESHAWAR, Pakistan (Oct. 14) —", "TASHKENT, March 3 (Steppe Wire) —",
 * "KABUL (Reuters) —": a city in capitals, a date and/or a publisher in parentheses, a dash, at the
 * start of a paragraph.
 */
const cityDatelinePattern = new RegExp(
  [
    String.raw`^\p{Lu}[\p{Lu} .'-]{1,40}(?:,\s*[\p{L} .'-]{2,40}?)?(?:,\s*([^—–()\n]{3,40}?)`,
    String.raw`)?\s*(?:\(([^()\n]{2,40})\))?\s*(?:—|–|--)\s*`,
  ].join(''),
  'u',
);

interface Dateline {
  date: MetadataField | null;
  publisher: MetadataField | null;
  /** Where the paragraph's prose starts, after the dash. */
  proseStart: number;
}

function cityDateline(text: string, start: number, end: number): Dateline | null {
  const match = cityDatelinePattern.exec(text.slice(start, Math.min(end, start + 120)));
  if (!match) return null;
  // A bare dateline ("ASTANA — …") is a city in capitals only.
  if (match[1] === undefined && match[2] === undefined) {
    return /^\p{Lu}{3,}(?:[ .'-]\p{Lu}+)*\s*(?:—|–|--)\s*$/u.test(match[0])
      ? { date: null, publisher: null, proseStart: start + match[0].length }
      : null;
  }
  const fieldAt = (value: string, from: number): { start: number; end: number } => {
    const offset = start + match[0].indexOf(value, from);
    return { start: offset, end: offset + value.length };
  };
  let date: MetadataField | null = null;
  let publisher: MetadataField | null = null;
  // A date after the comma ("12 March 2023"), or in the parentheses ("(Oct. 14)"); a publisher in them otherwise.
  const datePart = match[1]?.trim();
  const inParentheses = match[2]?.trim();
  const dateValue = datePart ? dateOfLine(datePart) : null;
  if (datePart && dateValue) date = { value: dateValue, ...fieldAt(datePart, 0) };
  // neither a date nor a day and month: not a dateline
  else if (datePart && !/^\p{L}+\.?\s+\d{1,2}$|^\d{1,2}\s+\p{L}+$/u.test(datePart)) return null;
  if (inParentheses) {
    const parenthesesDate = dateOfLine(inParentheses);
    const from = match[0].indexOf('(');
    if (parenthesesDate) date ??= { value: parenthesesDate, ...fieldAt(inParentheses, from) };
    else if (/^\p{Lu}/u.test(inParentheses) && !/\d/.test(inParentheses))
      publisher = { value: inParentheses, ...fieldAt(inParentheses, from) };
  }
  if (!date && !publisher && !datePart) return null;
  return { date, publisher, proseStart: start + match[0].length };
}

/**
 * Lines that open the page's tail: share bars, related links, tags, contact blocks, copyright,
 * an author's bio line, the "###" end mark of a press release.
 */
const tailMarker = new RegExp(
  [
    String.raw`^(?:share(?:\s+(?:this|on|via|article|story))?\b|`,
    String.raw`related(?:\s+(?:posts?|articles?|stories|reading|`,
    String.raw`content))?\s*:?$|read\s+(?:more|next|also)\b|`,
    String.raw`more\s+(?:from|on|stories)\b|tags?\s*:|filed\s+under\b|`,
    String.raw`most\s+(?:read|popular)\b|you\s+(?:may|might)\s+also\s+like\b|`,
    String.raw`(?:media|press)\s+contacts?\b|contacts?\s*:|for\s+(?:more|`,
    String.raw`further)\s+information\b|©|\(c\)\s|copyright\b|`,
    String.raw`all\s+rights\s+reserved\b|#{3}\s*$|-\s*ends\s*-|`,
    String.raw`about\s+the\s+author\b|the\s+authors?\s+(?:is|`,
    String.raw`are|was)\b|\p{Lu}[\p{L}.'’ -]{2,60}\s+is\s+an?\s+(?:senior\s+|`,
    String.raw`junior\s+|research\s+|visiting\s+|non-resident\s+|`,
    String.raw`associate\s+)?(?:fellow|professor|journalist|`,
    String.raw`correspondent|analyst|editor|director|researcher|`,
    String.raw`lecturer|reporter)\b)`,
  ].join(''),
  'iu',
);

/** A line of the tail region longer than this is prose: the tail starts after it. */
const maxTailLine = 300;
/** How far from the end the tail may start. */
const tailLines = 15;

/** Indexes of the tail-chrome lines: from the earliest tail marker among the last short lines to the end. */
function tailChrome(text: string, lines: LayoutLine[]): number[] {
  let earliest = -1;
  for (let index = lines.length - 1; index > 0 && index >= lines.length - tailLines; index--) {
    const line = lines[index]!;
    if (line.end - line.start > maxTailLine) break;
    const value = text.slice(line.start, line.end).trim();
    // A paragraph of plain text may hold the marker on any of its lines.
    if (value.split('\n').some((part) => tailMarker.test(part.trim()))) earliest = index;
  }
  if (earliest < 0) return [];
  return Array.from({ length: lines.length - earliest }, (_, k) => earliest + k);
}

type Classified =
  { type: 'author' | 'published' | 'publisher'; field: MetadataField } | { type: 'caption'; field?: undefined };

/** The fields of one line: split at " | ", " • ", " — " and the like. */
function splitFields(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  const line = text.slice(start, end);
  let from = 0;
  const separator = new RegExp(fieldSeparator.source, 'gu');
  for (let match = separator.exec(line); match; match = separator.exec(line)) {
    spans.push({ start: start + from, end: start + match.index });
    from = match.index + match[0].length;
  }
  spans.push({ start: start + from, end });
  return spans.filter((span) => text.slice(span.start, span.end).trim() !== '');
}

/** A trimmed span of `text`. */
function trimmed(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s.,;]/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Words that name an organisation (a publisher) rather than a person. */
const organisationWord = new RegExp(
  [
    String.raw`\b(?:Times|News|Post|Daily|Weekly|Herald|Tribune|`,
    String.raw`Journal|Gazette|Review|Monitor|Wire|Press|Media|`,
    String.raw`Agency|Radio|TV|Television|Network|Institute|`,
    String.raw`Institution|Centre|Center|Council|Foundation|`,
    String.raw`University|Ministry|Office|Department|Cell|Group|`,
    String.raw`Report|Reports|Service|Services|Bureau|Conversations|`,
    String.raw`Notes|Digest|Insight|Observer|Telegraph|Express|`,
    String.raw`Chronicle|Standard|Today|Online|Magazine|Quarterly|`,
    String.raw`Desk|Briefs?)\b`,
  ].join(''),
  'u',
);

/**
 * In a line that holds a date or a byline ("Dala Times | 15.07.2025 | Aigerim Sadykova", "Policy
 * Brief No. 7 | Northern Corridor Policy Institute"), fields that are only capitalised names are
 * metadata too: an organisation's name is the publisher, a person's name the author when the line
 * has no byline, and a label with a number ("Policy Brief No. 7") is kept out of the sentences.
 */
function nameFieldsOfMetadataLine(
  text: string,
  fields: Span[],
  kinds: Array<Classified | null>,
): Array<Classified | null> {
  if (
    fields.length < 2 ||
    !kinds.some(
      (kind) => kind !== null && (kind.type === 'published' || kind.type === 'author' || kind.type === 'publisher'),
    )
  )
    return kinds;
  let hasAuthor = kinds.some((kind) => kind?.type === 'author');
  let hasPublisher = kinds.some((kind) => kind?.type === 'publisher');
  return kinds.map((kind, index) => {
    if (kind !== null) return kind;
    const span = trimmed(text, fields[index]!.start, fields[index]!.end);
    const value = text.slice(span.start, span.end);
    if (value.length === 0 || value.length > 80 || (/[.!?]["”’)]?$/.test(value) && !/\bNo\.\s*\d+$/.test(value)))
      return null;
    if (/\d/.test(value)) return /^\p{Lu}[\p{L}\s]*\bNo\.?\s*\d+$/u.test(value) ? { type: 'caption' } : null;
    if (!namesPattern.test(value)) return null;
    if (organisationWord.test(value) || value.split(/\s+/).length > 4) {
      if (hasPublisher) return { type: 'caption' };
      hasPublisher = true;
      return { type: 'publisher', field: { value, ...span } };
    }
    if (!hasAuthor) {
      hasAuthor = true;
      return { type: 'author', field: { value, ...span } };
    }
    return null;
  });
}

/** What one field is (byline, date, publisher, caption), or null when it is prose. */
function classifyField(text: string, span: Span): Classified | null {
  const raw = text.slice(span.start, span.end);
  const value = raw.trim();
  if (captionPattern.test(value) && value.length <= maxMetadataLength) return { type: 'caption' };
  const byline = bylinePattern.exec(value);
  if (byline) {
    let names = byline[1]!.trim();
    // "By Jane Doe 22 January 2025 5 min read": the names, then a date or a reading time.
    const trailing = new RegExp(
      [
        String.raw`\s+(?:\d{1,2}\s+\p{Lu}\p{Ll}+\.?\s+\d{4}|\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4}|`,
        String.raw`\d+\s+min(?:ute)?s?\s+read|updated\b|published\b).*$`,
      ].join(''),
      'iu',
    ).exec(names);
    if (trailing) names = names.slice(0, trailing.index).trim();
    // "By contrast, …" is prose: a byline is a list of names.
    if (names !== '' && namesPattern.test(names.replace(/[.,]$/, ''))) {
      const valueStart = span.start + raw.indexOf(value) + value.length - byline[1]!.length;
      const at = trimmed(text, valueStart, valueStart + names.length);
      return { type: 'author', field: { value: text.slice(at.start, at.end), ...at } };
    }
    return null;
  }
  const publisher = publisherPattern.exec(value);
  if (publisher) {
    const offset = span.start + raw.indexOf(value) + value.length - publisher[1]!.length;
    const at = trimmed(text, offset, span.start + raw.indexOf(value) + value.length);
    return { type: 'publisher', field: { value: text.slice(at.start, at.end), ...at } };
  }
  const prefix = datePrefix.exec(value);
  const dateText = prefix ? value.slice(prefix[0].length) : value;
  const date = dateOfLine(dateText);
  if (date) {
    const offset = span.start + raw.indexOf(value) + (prefix ? prefix[0].length : 0);
    const at = trimmed(text, offset, span.start + raw.indexOf(value) + value.length);
    return { type: 'published', field: { value: date, ...at } };
  }
  return null;
}
