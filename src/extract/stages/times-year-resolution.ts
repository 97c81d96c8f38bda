// Years for dates written without one: "July 10", "14–23 August", "from March to May", and a month
// with a part word or a temporal preposition ("early August", "in April", "since August"; a month
// alone, "May", is no time). The year comes from the context: the nearest earlier time in the same
// paragraph (and section) that states a year and frames the narrative (`resolved: 'context'`); else
// from the document's publication date (`resolved: 'document-date'`), where a date more than about
// six months after the publication date belongs to the year before ("December 28" in an article of
// 5 January 2024 → 2023-12-28), and one after "since" is never after it ("since August" in July 2023
// → 2022-08). Without either there is no time.
// A time gives no year as context when it names an event ("after the fall of Kabul", "the 2021
// takeover"), a target or limit ("by 2030", "the plan for 2023"), the start of a period that runs to
// the present ("since 2021", "dating from 2003"), spans years ("2002/2021", "the 1990s") or was
// itself completed from the publication date. A phrase that moves the narrative to the present
// ("four years on", "today", "this year") ends the context. A paragraph is a run of sentences of one
// section with no line break between them (ingest puts each paragraph on its own line).
import type { Analysis, SentenceRange } from '../analysis.js';
import { numberWords } from '../lexicons.js';
import { TokenKind, type Token } from '../tokenizer.js';
import { daysInMonth } from './times-day-dates.js';

export interface MonthDay {
  month: number;
  /** null: the month alone ("early August"). */
  day: number | null;
}

/** A date or day range whose year the text does not give. */
export interface YearlessDate {
  from: MonthDay;
  to: MonthDay | null;
  /** After "since": the date lies before the publication date ("since August" in July → last August). */
  past?: boolean;
}

export interface DocumentAnchor {
  year: number;
  month: number | null;
  day: number | null;
}

/** The publication date as year, month, day, from its EDTF value ("2023-07-12", "2023-07", "2023"). */
export function documentAnchor(published: string | null): DocumentAnchor | null {
  if (!published || published.length < 4) return null;
  const number = (from: number, length: number): number | null => {
    const part = published.slice(from, from + length);
    if (part.length !== length) return null;
    for (let i = 0; i < length; i++) {
      const code = part.charCodeAt(i);
      if (code < 48 || code > 57) return null;
    }
    return Number(part);
  };
  const year = number(0, 4);
  if (year === null) return null;
  const month = published[4] === '-' ? number(5, 2) : null;
  const day = month !== null && published[7] === '-' ? number(8, 2) : null;
  return {
    year,
    month: month !== null && month >= 1 && month <= 12 ? month : null,
    day: month !== null && day !== null && day >= 1 && day <= 31 ? day : null,
  };
}

/** How far after the publication date (in days) a month-day may lie and still be of the publication year. */
const daysAheadInSameYear = 183;

const dayOfYear = (month: number, day: number): number => {
  let days = day;
  for (let m = 1; m < month; m++) days += daysInMonth(2001, m);
  return days;
};

/** The year of a month-day given the publication date (`past`: it cannot lie after the publication date). */
export function yearFromAnchor(anchor: DocumentAnchor, date: MonthDay, past = false): number {
  if (anchor.month === null) return anchor.year;
  if (past) {
    const published = dayOfYear(anchor.month, anchor.day ?? daysInMonth(2001, anchor.month));
    return dayOfYear(date.month, date.day ?? 1) > published ? anchor.year - 1 : anchor.year;
  }
  const published = dayOfYear(anchor.month, anchor.day ?? 15);
  return dayOfYear(date.month, date.day ?? 15) - published > daysAheadInSameYear ? anchor.year - 1 : anchor.year;
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

function dayValue(year: number, date: MonthDay): string | null {
  if (date.day === null) return `${year}-${pad2(date.month)}`;
  if (date.day > daysInMonth(year, date.month)) return null;
  return `${year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/**
 * The EDTF value of a yearless date given the year of its end (from the publication date) or of its
 * start (from the context); a range that wraps ("28 December–3 January") spans two years.
 */
export function yearlessValue(date: YearlessDate, year: number, yearOf: 'start' | 'end'): string | null {
  if (!date.to) return dayValue(year, date.from);
  const wraps = date.from.month * 32 + (date.from.day ?? 0) > date.to.month * 32 + (date.to.day ?? 0);
  const fromYear = wraps && yearOf === 'end' ? year - 1 : year;
  const from = dayValue(fromYear, date.from);
  const to = dayValue(wraps ? fromYear + 1 : fromYear, date.to);
  return from && to ? `${from}/${to}` : null;
}

/** The year a stated time gives as context: a year, month, season or day, or a range within one year. */
export function contextYearOf(value: string): number | null {
  const slash = value.indexOf('/');
  if (slash >= 0) {
    const from = value.slice(0, slash);
    const to = value.slice(slash + 1);
    return from.length >= 4 && from.slice(0, 4) === to.slice(0, 4) ? contextYearOf(from) : null;
  }
  if (value.length !== 4 && value.length !== 7 && value.length !== 10) return null;
  const year = Number(value.slice(0, 4));
  return Number.isInteger(year) && value[3] !== 'X' ? year : null;
}

/**
 * Whether a sentence opens a new paragraph: the first one, a new section, or a line break between it and the previous
 * sentence.
 */
export function opensParagraph(analysis: Analysis, previous: SentenceRange | undefined, range: SentenceRange): boolean {
  if (
    !previous ||
    previous.sentence.section !== range.sentence.section ||
    previous.sentence.interest !== range.sentence.interest
  )
    return true;
  const { text } = analysis;
  for (let i = previous.sentence.end; i < range.sentence.start; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13 || code === 0x2029) return true;
  }
  return false;
}

const presentWords = new Set(['today', 'nowadays', 'yesterday']);
const deicticDeterminers = new Set(['this', 'last', 'next']);
const deicticUnits = new Set(['week', 'month', 'year']);
const spanUnits = new Set(['years', 'months', 'decades']);

/**
 * Token indices in the sentence after which the narrative is in the present: "today", "this year",
 * "last month", "four years on", "a decade on". One pass over the sentence's tokens.
 */
export function presentMarkers(tokens: readonly Token[], range: SentenceRange): number[] {
  const markers: number[] = [];
  for (let k = range.first; k < range.end; k++) {
    const token = tokens[k] as Token;
    if (token.kind !== TokenKind.Word) continue;
    const next = tokens[k + 1];
    if (presentWords.has(token.norm)) markers.push(k);
    else if (deicticDeterminers.has(token.norm) && next && k + 1 < range.end && deicticUnits.has(next.norm))
      markers.push(k + 1);
    else if ((spanUnits.has(token.norm) || token.norm === 'decade') && next?.norm === 'on' && k + 1 < range.end) {
      const count = tokens[k - 1];
      if (
        count &&
        k - 1 >= range.first &&
        (count.kind === TokenKind.Number || numberWords.has(count.norm) || count.norm === 'a')
      )
        markers.push(k + 1);
    }
  }
  return markers;
}
