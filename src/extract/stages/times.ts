// Stage: times, normalised to EDTF. Our own token rules read dates with a month name and their
// ranges ("15 August 2021", "Feb. 22, 2022", "14–23 August 2021" → 2021-08-14/2021-08-23,
// "March–May 2022" → 2022-03/2022-05; times-day-dates.ts), numeric dates ("17/09/2021";
// times-numeric-dates.ts), month-year, seasons, years and year ranges ("1996–2001" → 1996/2001),
// decades ("the 1990s" → 199X), vague parts ("mid-October 2021" → 2021-10, "early 2022" → 2022) and
// reference events ("after the Taliban takeover" → 2021-08-15/.., "the 9/11 attacks" → 2001-09-11;
// times-reference-events.ts); chrono-node reads ISO dates ("2021-08-15"). A date without a year
// ("July 10", "in April", "early August"; never a month alone) takes it from the paragraph's
// context or the publication date, or is no time (times-year-resolution.ts). A date in a dateline
// is the publication date, not a time of the text. A number inside a name ("Strategy 2050",
// "CASA-1000", "Resolution 2593", "201st") is never a time.
// The English locale only: the package's root loads all its locales (some 270 modules).
import * as chrono from 'chrono-node/en';
import { isEdtf, type Time } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import { functionWords, monthNumbers, seasonCodes } from '../lexicons.js';
import { chronoLeadWord } from '../patterns.js';
import { TokenKind, isJoiner, tokenIndexAt, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import { mayOpenDate, nonTimeFollowers, readDateAt, type DatePoint } from './times-day-dates.js';
import { documentDayMonthOrder, readNumericDate, type DayMonthOrder } from './times-numeric-dates.js';
import { matchReferenceEvent, namesNineEleven, nineElevenDate } from './times-reference-events.js';
import {
  contextYearOf,
  documentAnchor,
  opensParagraph,
  presentMarkers,
  yearFromAnchor,
  yearlessValue,
  type YearlessDate,
} from './times-year-resolution.js';
import type { ExtractionStage } from '../stage.js';

export interface DraftTime extends Time {
  firstToken: number;
  lastToken: number;
}

/** A time as found in its sentence, before yearless dates are resolved. */
interface FoundTime extends DraftTime {
  /** A date without a year: its value is set once the year is resolved. */
  yearless?: YearlessDate;
  /**
   * False when the time names an event or an attribute ("the 2021 takeover"), not the narrative's time: it gives no
   * year to yearless dates.
   */
  frames: boolean;
}

const afterWords = new Set(['after', 'following', 'since']);
const beforeWords = new Set(['before', 'until', 'till', 'prior']);
const halfOrdinals = new Set(['first', 'second', 'latter', 'former']);
const partWords = new Set(['early', 'mid', 'late', 'middle', 'beginning', 'end', 'start']);
/**
 * Words before a time that make it a target, a limit or the start of a period running to the present
 * ("by 2030", "until 2025", "the plan for 2023", "a status dating from 2003", "since August 2021"):
 * not the time the narrative is at, so no year for the dates after it.
 */
const nonFramingCues = new Set(['by', 'until', 'till', 'through', 'before', 'for', 'from', 'since', 'after']);
/**
 * Words before a month without a year that make it a time ("in April", "since August"); a month alone is not ("May",
 * "the March").
 */
const monthCues = new Set([
  'in',
  'since',
  'by',
  'until',
  'till',
  'during',
  'through',
  'throughout',
  'from',
  'before',
  'after',
]);
/** Capitalised words after a year that make it part of a document's name ("the 2030 Agenda"). */
const documentNameHeads = new Set([
  'agenda',
  'strategy',
  'vision',
  'plan',
  'programme',
  'program',
  'goals',
  'framework',
  'compact',
  'initiative',
  'concept',
  'doctrine',
]);
/** Words before a year that make it an attribute of what follows ("the 2021 takeover", "Kabul's 2022 budget"). */
const attributiveDeterminers = new Set(['the', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'a', 'an', 's']);

const pad2 = (value: number): string => String(value).padStart(2, '0');

function yearOf(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Number || token.raw.length !== 4) return null;
  const value = Number(token.raw);
  return value >= 1900 && value <= 2099 ? value : null;
}

/**
 * Words after which an earlier four-digit number (1500–1899) reads as a year: "in 1893", "since
 * 1839", "by 1880". Without such a cue (or a month, or a range) a number below 1900 is no year.
 */
const earlyYearCues = new Set([
  'in',
  'since',
  'by',
  'from',
  'until',
  'till',
  'before',
  'after',
  'between',
  'during',
  'around',
  'circa',
  'through',
]);

/** A year, also one from 1500 on when `cued` (a preposition, a month or the other end of a range stands next to it). */
function yearOfCued(token: Token | undefined, cued: boolean): number | null {
  const year = yearOf(token);
  if (year !== null || !cued || !token || token.kind !== TokenKind.Number || token.raw.length !== 4) return year;
  const value = Number(token.raw);
  return value >= 1500 && value < 1900 ? value : null;
}

function isMonth(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Word) return null;
  const month = monthNumbers.get(token.norm);
  if (month === undefined) return null;
  // "may" and "march" are verbs in lowercase; abbreviations must be capitalised too.
  if (!token.capitalised) return null;
  return month;
}

export function findTimes(analysis: Analysis, mentions: readonly DraftMention[]): DraftTime[] {
  const found: DraftTime[] = [];
  const inName = new Set<number>();
  for (const mention of mentions) for (let k = mention.firstToken; k <= mention.lastToken; k++) inName.add(k);
  let order: DayMonthOrder | undefined;
  const dayMonthOrder = (): DayMonthOrder =>
    order === undefined ? (order = documentDayMonthOrder(analysis.tokens)) : order;
  const anchor = documentAnchor(analysis.document.metadata.published);
  let contextYear: number | null = null;
  let previous: SentenceRange | undefined;
  for (const range of analysis.sentences) {
    if (opensParagraph(analysis, previous, range)) contextYear = null;
    previous = range;
    const times = timesInSentence(analysis, range, inName, dayMonthOrder);
    if (times.length === 0) {
      if (contextYear !== null && presentMarkers(analysis.tokens, range).length > 0) contextYear = null;
      continue;
    }
    const markers = presentMarkers(analysis.tokens, range);
    let marker = 0;
    for (const time of times) {
      const { yearless, frames, ...draft } = time;
      // "Four years on, …", "Today …": the narrative is back at the publication date.
      for (; marker < markers.length && (markers[marker] as number) < time.firstToken; marker++) contextYear = null;
      if (isDateline(analysis, range, draft)) continue;
      if (yearless) {
        // The context's year is the date's (a range's start); the publication date's, its end's.
        const year =
          contextYear ?? (anchor ? yearFromAnchor(anchor, yearless.to ?? yearless.from, yearless.past) : null);
        const value = year === null ? null : yearlessValue(yearless, year, contextYear !== null ? 'start' : 'end');
        if (value === null || !isEdtf(value)) continue;
        found.push({ ...draft, value, resolved: contextYear !== null ? 'context' : 'document-date' });
        continue;
      }
      found.push(draft);
      const year = frames ? contextYearOf(draft.value) : null;
      if (year !== null) contextYear = year;
    }
    if (marker < markers.length) contextYear = null;
  }
  return found;
}

/**
 * Whether a time is the document's publication date rather than a time of its text: the span ingest
 * took the date from, or the date of a dateline that opens a paragraph ("TASHKENT, March 3 (Wire) —").
 */
function isDateline(analysis: Analysis, range: SentenceRange, time: DraftTime): boolean {
  const span = analysis.document.metadata.spans.published;
  if (span && time.start < span.end && span.start < time.end) return true;
  const { tokens } = analysis;
  const comma = time.firstToken - 1;
  if (comma - 1 < range.first || comma - 1 > range.first + 2 || tokens[comma]?.raw !== ',') return false;
  for (let k = range.first; k < comma; k++) if (!(tokens[k] as Token).allCaps) return false;
  const after = tokens[time.lastToken + 1];
  return after !== undefined && (after.raw === '—' || after.raw === '(' || (isJoiner(after) && after.spaceBefore));
}

const pointValue = (point: DatePoint): string =>
  `${point.year}-${pad2(point.month)}${point.day === null ? '' : `-${pad2(point.day)}`}`;

/** A sentence being read for times: what its readers share, and the times and day-date candidates found so far. */
interface SentenceScan {
  analysis: Analysis;
  tokens: readonly Token[];
  range: SentenceRange;
  inName: Set<number>;
  dayMonthOrder: () => DayMonthOrder;
  times: FoundTime[];
  /** Years followed by a joiner and a number ("2021-08-15"), left to chrono. */
  dayCandidates: number[];
}

/** Adds the time from token `first` to `last` when its value is valid EDTF. */
function addTime(
  scan: SentenceScan,
  first: number,
  last: number,
  value: string,
  frames = true,
  resolved?: Time['resolved'],
): void {
  if (!isEdtf(value)) return;
  const { tokens, range } = scan;
  const start = (tokens[first] as Token).start;
  const end = (tokens[last] as Token).end;
  const cue = first - 1 >= range.first ? (tokens[first - 1] as Token).norm : '';
  scan.times.push({
    start,
    end,
    text: scan.analysis.text.slice(start, end),
    value,
    firstToken: first,
    lastToken: last,
    frames: frames && !nonFramingCues.has(cue),
    ...(resolved ? { resolved } : {}),
  });
}

/** Adds a date without a year, its value left for the year resolution. */
function addYearless(scan: SentenceScan, first: number, last: number, yearless: YearlessDate): void {
  const { tokens, range } = scan;
  const start = (tokens[first] as Token).start;
  const end = (tokens[last] as Token).end;
  const past = first - 1 >= range.first && (tokens[first - 1] as Token).norm === 'since';
  scan.times.push({
    start,
    end,
    text: scan.analysis.text.slice(start, end),
    value: '',
    firstToken: first,
    lastToken: last,
    frames: false,
    yearless: past ? { ...yearless, past } : yearless,
  });
}

function timesInSentence(
  analysis: Analysis,
  range: SentenceRange,
  inName: Set<number>,
  dayMonthOrder: () => DayMonthOrder,
): FoundTime[] {
  const scan: SentenceScan = {
    analysis,
    tokens: analysis.tokens,
    range,
    inName,
    dayMonthOrder,
    times: [],
    dayCandidates: [],
  };
  // Each reader answers the last token it read (the scan goes on after it), or undefined when it reads nothing at k.
  for (let k = range.first; k < range.end; k++) {
    const event = readReferenceEvent(scan, k);
    if (event !== undefined) {
      k = event;
      continue;
    }
    if (inName.has(k)) continue;
    k =
      readNumeric(scan, k) ??
      readDayDate(scan, k) ??
      readMonth(scan, k) ??
      readSeason(scan, k) ??
      readDecade(scan, k) ??
      readYear(scan, k) ??
      k;
  }
  const { times, dayCandidates } = scan;
  if (dayCandidates.length > 0)
    times.push(...chronoDates(analysis, range, inName, dayCandidates).map((time) => ({ ...time, frames: true })));
  return resolveOverlaps(times);
}

/**
 * Reference events ("the 2021 takeover", "9/11"). One that is itself a name ("the Doha Agreement", a document) is a
 * time only as the anchor of "after"/"before" ("after the Doha Agreement" → 2020-02-29/..).
 */
function readReferenceEvent(scan: SentenceScan, k: number): number | undefined {
  const { tokens, range, inName } = scan;
  const event = matchReferenceEvent(tokens, k, range.end);
  if (!event) return undefined;
  const anchor = tokens[tokens[k - 1]?.norm === 'the' ? k - 2 : k - 1];
  const anchored =
    anchor !== undefined && (afterWords.has(anchor.norm) || beforeWords.has(anchor.norm) || anchor.norm === 'to');
  if (!anchored && inName.has(k) && inName.has(event.last)) return undefined;
  const { first, value } = referenceEventBound(tokens, range, k, event.date);
  // "after the Taliban takeover in August 2021": the explicit date that follows dates the event
  // itself; the event's name is then not a second time.
  const dating = tokens[event.last + 1];
  const dated = tokens[event.last + 2];
  const explicitlyDated =
    event.last + 2 < range.end &&
    dating !== undefined &&
    (dating.norm === 'in' || dating.norm === 'on' || dating.norm === 'of') &&
    dated !== undefined &&
    (dated.kind === TokenKind.Number || (dated.capitalised && monthNumbers.has(dated.norm)));
  if (!explicitlyDated) addTime(scan, first, event.last, value, false);
  return event.last;
}

/**
 * A reference event's time with the words bounding it: "after …" (from the event on), "before …", "prior to …",
 * "post-9/11", "pre-9/11"; else the event's date.
 */
function referenceEventBound(
  tokens: readonly Token[],
  range: SentenceRange,
  k: number,
  date: string,
): { first: number; value: string } {
  const token = tokens[k] as Token;
  const previous = tokens[k - 1];
  const beforePrevious = tokens[k - 2];
  const article = previous?.norm === 'the' ? k - 1 : k;
  const preposition = tokens[article - 1];
  if (preposition && article - 1 >= range.first && afterWords.has(preposition.norm))
    return { first: article - 1, value: `${date}/..` };
  if (preposition && article - 1 >= range.first && beforeWords.has(preposition.norm))
    return { first: article - 1, value: `../${date}` };
  if (preposition?.norm === 'to' && tokens[article - 2]?.norm === 'prior' && article - 2 >= range.first)
    return { first: article - 2, value: `../${date}` };
  if (
    previous &&
    isJoiner(previous) &&
    !previous.spaceBefore &&
    !token.spaceBefore &&
    k - 2 >= range.first &&
    (beforePrevious?.norm === 'post' || beforePrevious?.norm === 'pre')
  )
    // "post-9/11", "pre-9/11".
    return { first: k - 2, value: beforePrevious.norm === 'post' ? `${date}/..` : `../${date}` };
  return { first: k, value: date };
}

/** Numeric dates: "15.08.2021", "8/15/2021". */
function readNumeric(scan: SentenceScan, k: number): number | undefined {
  const { tokens, range, inName } = scan;
  if ((tokens[k] as Token).kind !== TokenKind.Number) return undefined;
  const numeric = readNumericDate(tokens, k, range.end, scan.dayMonthOrder);
  if (!numeric) return undefined;
  if (!inName.has(numeric.last)) addTime(scan, k, numeric.last, numeric.value);
  return numeric.last;
}

/** Day dates and their ranges ("15 August 2021", "August 15–17"), with or without a year. */
function readDayDate(scan: SentenceScan, k: number): number | undefined {
  const { tokens, range } = scan;
  if (!mayOpenDate(tokens[k] as Token)) return undefined;
  const reading = readDateAt(tokens, k, range.first, range.end, scan.inName);
  if (!reading) return undefined;
  const { from, to } = reading;
  // "long before September 11": the attacks; the context, not a year in the text, dates it.
  if (
    from.year === null &&
    to === null &&
    from.day !== null &&
    namesNineEleven(tokens, reading.first, range.first, from.month, from.day)
  )
    addTime(scan, reading.first, reading.last, nineElevenDate, false, 'context');
  else if (from.year !== null && (to === null || to.year !== null))
    addTime(scan, reading.first, reading.last, to ? `${pointValue(from)}/${pointValue(to)}` : pointValue(from));
  else
    addYearless(scan, reading.first, reading.last, {
      from: { month: from.month, day: from.day },
      to: to ? { month: to.month, day: to.day } : null,
    });
  return reading.last;
}

/** A month with its year ("August 2021"), or with a part word or temporal preposition ("early August"). */
function readMonth(scan: SentenceScan, k: number): number | undefined {
  const { tokens, range } = scan;
  const month = isMonth(tokens[k]);
  if (month === null) return undefined;
  const next = tokens[k + 1];
  const afterComma = next?.raw === ',' ? tokens[k + 2] : next;
  const year = yearOfCued(afterComma, true);
  if (year !== null && !scan.inName.has(k + 1)) {
    const last = next?.raw === ',' ? k + 2 : k + 1;
    const first = extendWithPart(tokens, k, range.first);
    addTime(scan, first, last, `${year}-${pad2(month)}`);
    return last;
  }
  // "early August", "the end of May", "in April", "since August": a month with a part word or a
  // temporal preposition is a time of its year; a month alone ("May", "the March") is not, nor a name ("in May's
  // cabinet").
  const first = extendWithPart(tokens, k, range.first);
  const cue = k - 1 >= range.first ? tokens[k - 1] : undefined;
  const possessive = next?.norm === "'" && tokens[k + 2]?.norm === 's';
  if (!possessive && (first < k || (cue !== undefined && monthCues.has(cue.norm))))
    addYearless(scan, first, k, { from: { month, day: null }, to: null });
  return k;
}

/** A season with its year: "spring 2022", "winter of 2021". */
function readSeason(scan: SentenceScan, k: number): number | undefined {
  const { tokens } = scan;
  const token = tokens[k] as Token;
  const season = token.kind === TokenKind.Word ? seasonCodes.get(token.norm) : undefined;
  if (season === undefined) return undefined;
  const ofToken = tokens[k + 1]?.norm === 'of' ? k + 1 : k;
  const year = yearOf(tokens[ofToken + 1]);
  if (year === null) return k;
  addTime(scan, extendWithPart(tokens, k, scan.range.first), ofToken + 1, `${year}-${season}`);
  return ofToken + 1;
}

/** Decades: "1990s", "the 2000s". */
function readDecade(scan: SentenceScan, k: number): number | undefined {
  const token = scan.tokens[k] as Token;
  if (
    token.kind !== TokenKind.Word ||
    token.raw.length !== 5 ||
    !token.raw.endsWith('0s') ||
    yearOf({ ...token, kind: TokenKind.Number, raw: token.raw.slice(0, 4) }) === null
  )
    return undefined;
  addTime(scan, extendWithPart(scan.tokens, k, scan.range.first), k, `${token.raw.slice(0, 3)}X`);
  return k;
}

/** A year, a year range, or "mid-2023"; not one inside a number, a date's parts, a name or a document's name. */
function readYear(scan: SentenceScan, k: number): number | undefined {
  const { tokens, range } = scan;
  const token = tokens[k] as Token;
  const previous = tokens[k - 1];
  const year = yearOfCued(
    token,
    previous !== undefined &&
      k - 1 >= range.first &&
      previous.kind === TokenKind.Word &&
      !previous.capitalised &&
      earlyYearCues.has(previous.norm),
  );
  if (year === null) return undefined;
  if (token.raw.includes(',') || token.raw.includes('.')) return k;
  const next = tokens[k + 1];
  // Ranges are one interval: "between 2002 and 2021", "from 2002 to 2021" (with their
  // "between" and "from") and "2002–2021".
  const years = readYearRange(tokens, k, range.first, range.end, scan.inName);
  if (years) {
    addTime(scan, years.first, years.last, `${years.from}/${years.to}`);
    return years.last;
  }
  const gluedToPrevious = previous !== undefined && isJoiner(previous) && !previous.spaceBefore && !token.spaceBefore;
  // "mid-2023": the qualifier joins the span, the value stays the year.
  if (
    gluedToPrevious &&
    tokens[k - 2]?.kind === TokenKind.Word &&
    partWords.has((tokens[k - 2] as Token).norm) &&
    k - 2 >= range.first
  ) {
    addTime(scan, k - 2, k, String(year));
    return k;
  }
  // "2021-08-15": ISO date parts; "CASA-1000": a name.
  if (gluedToPrevious) return k;
  if (next && isJoiner(next) && !next.spaceBefore && tokens[k + 2]?.kind === TokenKind.Number) {
    scan.dayCandidates.push(k);
    return k;
  }
  if (isNoYearContext(tokens, range, k)) return k;
  const first = extendWithPart(tokens, k, range.first);
  // "the 2021 takeover": a year that qualifies a noun names that thing, not the narrative's time.
  const cue = first === k && previous !== undefined && k - 1 >= range.first ? previous.norm : '';
  const attributive =
    attributiveDeterminers.has(cue) && next?.kind === TokenKind.Word && !next.capitalised && k + 1 < range.end;
  addTime(scan, first, k, String(year), !attributive);
  return k;
}

/**
 * A year-like number that is no time: glued to a following word, after a capitalised name word ("Boeing 2020"), a
 * currency or number sign, before a word that makes it a count, or part of a document's name ("the 2030 Agenda").
 */
function isNoYearContext(tokens: readonly Token[], range: SentenceRange, k: number): boolean {
  const previous = tokens[k - 1];
  const next = tokens[k + 1];
  if (next && isJoiner(next) && !next.spaceBefore && tokens[k + 2]?.kind === TokenKind.Word) return true;
  if (
    previous &&
    previous.kind === TokenKind.Word &&
    previous.capitalised &&
    k - 1 >= range.first &&
    !functionWords.has(previous.norm) &&
    monthNumbers.get(previous.norm) === undefined &&
    seasonCodes.get(previous.norm) === undefined
  )
    return true;
  if (previous && (previous.raw === '$' || previous.raw === '№' || previous.raw === '#')) return true;
  if (next && nonTimeFollowers.has(next.norm)) return true;
  // "the 2030 Agenda", "its 2025 Strategy": the year is part of a document's name.
  return next !== undefined && next.capitalised && documentNameHeads.has(next.norm);
}

/**
 * A year range starting at token k: "between 2002 and 2021" (from "between"), "from 2002 to 2021" (from "from"),
 * "2002–2021".
 */
function readYearRange(
  tokens: readonly Token[],
  k: number,
  floor: number,
  end: number,
  inName: Set<number>,
): { first: number; last: number; from: number; to: number } | null {
  const previous = tokens[k - 1];
  const link = tokens[k + 1];
  if (!link || k + 2 >= end || inName.has(k + 2)) return null;
  // "between 1839 and 1919": a range's words cue a year from before 1900 at either end.
  const worded =
    (previous?.norm === 'between' && link.norm === 'and') ||
    (previous?.norm === 'from' && (link.norm === 'to' || link.norm === 'until' || link.norm === 'through'));
  const from = yearOfCued(tokens[k], worded && k - 1 >= floor);
  if (from === null) return null;
  const to = yearOfCued(tokens[k + 2], worded && k - 1 >= floor);
  if (to === null || to <= from) return null;
  if (previous?.norm === 'between' && k - 1 >= floor && link.norm === 'and')
    return { first: k - 1, last: k + 2, from, to };
  // "from 2005 to 2012": one interval with its "from", as with "between".
  if (
    previous?.norm === 'from' &&
    k - 1 >= floor &&
    (link.norm === 'to' || link.norm === 'until' || link.norm === 'through')
  )
    return { first: k - 1, last: k + 2, from, to };
  // "2002–2021": a dash between two years, the first not glued to a word before it ("CASA-1000").
  const gluedBefore = previous !== undefined && isJoiner(previous) && !(tokens[k] as Token).spaceBefore;
  const gluedAfter =
    tokens[k + 3] !== undefined && isJoiner(tokens[k + 3] as Token) && !(tokens[k + 3] as Token).spaceBefore;
  if (isJoiner(link) && !link.spaceBefore && !(tokens[k + 2] as Token).spaceBefore && !gluedBefore && !gluedAfter)
    return { first: k, last: k + 2, from, to };
  return null;
}

/**
 * "mid-October 2021", "early 2022", "the end of 2021": the part word joins the span; the value keeps the named unit.
 */
function extendWithPart(tokens: readonly Token[], k: number, floor: number): number {
  const previous = tokens[k - 1];
  if (!previous || k - 1 < floor) return k;
  if (isJoiner(previous) && !previous.spaceBefore && tokens[k - 2]?.norm === 'mid' && k - 2 >= floor) return k - 2;
  if (partWords.has(previous.norm)) return k - 1;
  if (previous.norm === 'of' && k - 2 >= floor && partWords.has(tokens[k - 2]?.norm ?? '')) {
    // "by the end of 2022": the article stays outside, as prepositions do.
    return k - 2;
  }
  // "the second half of August 2021", "the first half of 2022": the half joins the span, the value
  // keeps the named month or year.
  if (
    previous.norm === 'of' &&
    k - 3 >= floor &&
    tokens[k - 2]?.norm === 'half' &&
    halfOrdinals.has(tokens[k - 3]?.norm ?? '')
  )
    return k - 3;
  return k;
}

/** How far (UTF-16 units) a chrono-node window reaches either side of its candidate token. */
const chronoWindowReach = 64;

/**
 * chrono-node over a short window (a few tokens) around each ISO-date candidate ("2021-08-15"): bounded work per
 * candidate.
 */
function chronoDates(
  analysis: Analysis,
  range: SentenceRange,
  inName: Set<number>,
  candidates: readonly number[],
): DraftTime[] {
  const { text, tokens } = analysis;
  const results: DraftTime[] = [];
  let coveredUntil = -1;
  for (const candidate of candidates) {
    if ((tokens[candidate] as Token).start < coveredUntil) continue;
    // A few tokens, and never more than a date's worth of characters (tokens may be very long).
    const windowStart = Math.max(
      (tokens[Math.max(range.first, candidate - 3)] as Token).start,
      (tokens[candidate] as Token).start - chronoWindowReach,
    );
    const windowEnd = Math.min(
      (tokens[Math.min(range.end - 1, candidate + 5)] as Token).end,
      (tokens[candidate] as Token).end + chronoWindowReach,
    );
    for (const result of chrono.strict.parse(text.slice(windowStart, windowEnd))) {
      const start = result.start;
      if (!start.isCertain('year') || !start.isCertain('month')) continue;
      const year = start.get('year');
      const month = start.get('month');
      const day = start.get('day');
      if (year === null || month === null) continue;
      let offset = windowStart + result.index;
      let matched = result.text;
      const lead = chronoLeadWord.exec(matched);
      if (lead) {
        offset += lead[0].length;
        matched = matched.slice(lead[0].length);
      }
      const first = tokenIndexAt(tokens, offset);
      const last = tokenIndexAt(tokens, offset + matched.length) - 1;
      if (first > last || inName.has(first) || offset < coveredUntil) continue;
      const value =
        start.isCertain('day') && day !== null ? `${year}-${pad2(month)}-${pad2(day)}` : `${year}-${pad2(month)}`;
      if (!isEdtf(value)) continue;
      results.push({
        start: offset,
        end: offset + matched.length,
        text: matched,
        value,
        firstToken: first,
        lastToken: last,
      });
      coveredUntil = offset + matched.length;
    }
  }
  return results;
}

/** Longer spans win; spans never nest. */
function resolveOverlaps(times: FoundTime[]): FoundTime[] {
  const sorted = [...times].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: FoundTime[] = [];
  const taken: boolean[] = [];
  for (const time of sorted) {
    let free = true;
    for (let k = time.firstToken; k <= time.lastToken && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    kept.push(time);
    for (let k = time.firstToken; k <= time.lastToken; k++) taken[k] = true;
  }
  return kept.sort((a, b) => a.start - b.start);
}

export const timesStage: ExtractionStage<'analysis' | 'drafts', 'times'> = {
  name: 'times',
  requires: ['analysis', 'drafts'],
  provides: ['times'],
  run: ({ analysis, drafts }) => ({ times: findTimes(analysis, drafts) }),
};
