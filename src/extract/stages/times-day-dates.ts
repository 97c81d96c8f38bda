// Dates written with a month name, read token by token (no chrono-node, no regular expressions):
// day dates "15 August 2021", "Feb. 22, 2022", "Aug 15 2021", "the 3rd of March", "Tuesday, 3 March";
// day ranges "August 14-23, 2021", "14–23 August 2021", "from 3 to 5 March", "between 3 and 5 May",
// "28 August–3 September 2021"; month ranges "March–May 2022", "December 2021–February 2022".
// The year may be missing ("July 10", "from March to May"): the reading then carries `year: null`
// and times.ts resolves it from context or the publication date. A single month ("in May 2022",
// "in May") is left to times.ts.
import { functionWords, monthNumbers, scaleWords, weekdays } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';

export interface DatePoint {
  year: number | null;
  month: number;
  /** null: month precision. */
  day: number | null;
}

export interface DateReading {
  first: number;
  last: number;
  from: DatePoint;
  /** The end of a range, or null for a single date. */
  to: DatePoint | null;
}

type PointKind = 'dayMonth' | 'monthDay' | 'month' | 'day';

interface Point {
  kind: PointKind;
  first: number;
  last: number;
  year: number | null;
  month: number;
  day: number | null;
}

interface Bounds {
  tokens: readonly Token[];
  /** First token of the sentence. */
  floor: number;
  /** End (exclusive) of the sentence. */
  end: number;
  inName: ReadonlySet<number>;
}

/** Words after a number that make it a count, not a year or a day ("2021 km", "March 5 people"). */
export const nonTimeFollowers: ReadonlySet<string> = new Set([
  'km',
  'kilometers',
  'kilometres',
  'miles',
  'tons',
  'tonnes',
  'people',
  'troops',
  'refugees',
  'migrants',
  'families',
  'trucks',
  'mw',
  'megawatts',
  'bcm',
  'percent',
  'dollars',
  'usd',
  'soldiers',
  'students',
  'hectares',
  '%',
]);

const abbreviatedMonths = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
const rangeLinks = new Set(['to', 'until', 'till', 'through', 'thru']);
/** Prepositions that take a month, not a day: "in March 12 soldiers died" is no date. */
const monthPrepositions = new Set(['in', 'during', 'throughout']);
const ordinalSuffixes = new Set(['st', 'nd', 'rd', 'th']);
const currencyMarks = new Set(['$', '€', '£', '#', '№', '%']);

const glued = (token: Token | undefined): boolean => token !== undefined && !token.spaceBefore;

/** A capitalised month word ("may" and "march" in lowercase are verbs). */
export function monthOf(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Word || !token.capitalised) return null;
  return monthNumbers.get(token.norm) ?? null;
}

/** A four-digit year 1500–2099. */
function yearValue(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Number || token.raw.length !== 4) return null;
  const value = Number(token.raw);
  return value >= 1500 && value <= 2099 ? value : null;
}

/** A day of the month written "3", "03", "3rd", "21st". */
function dayValue(token: Token | undefined): { day: number; ordinal: boolean } | null {
  if (!token) return null;
  let digits = token.raw;
  let ordinal = false;
  if (token.kind === TokenKind.Word) {
    const suffix = token.norm.slice(-2);
    if (!ordinalSuffixes.has(suffix)) return null;
    digits = token.raw.slice(0, -2);
    ordinal = true;
  } else if (token.kind !== TokenKind.Number) return null;
  if (digits.length === 0 || digits.length > 2) return null;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  const day = Number(digits);
  return day >= 1 && day <= 31 ? { day, ordinal } : null;
}

export function daysInMonth(year: number | null, month: number): number {
  // Without a year February may have its 29th; the resolved year checks it again.
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The month token at j and its abbreviation dot ("Sept."): the last token of the month. */
function monthEnd(b: Bounds, j: number): number | null {
  if (j >= b.end || b.inName.has(j) || monthOf(b.tokens[j]) === null) return null;
  const next = b.tokens[j + 1];
  if (next?.raw === '.' && glued(next) && abbreviatedMonths.has((b.tokens[j] as Token).norm) && j + 1 < b.end)
    return j + 1;
  return j;
}

/** An optional year after token `last`: "…, 2021" or "… 2021". */
function yearAfter(b: Bounds, last: number): { year: number; last: number } | null {
  let j = last + 1;
  if (b.tokens[j]?.raw === ',') j++;
  if (j >= b.end || b.inName.has(j)) return null;
  const year = yearValue(b.tokens[j]);
  if (year === null) return null;
  // "2021-22", "2021/22": a fiscal year or a ratio, not this date's year.
  const after = b.tokens[j + 1];
  if (after && glued(after) && (isJoiner(after) || after.raw === '/') && b.tokens[j + 2]?.kind === TokenKind.Number)
    return null;
  return { year, last: j };
}

/**
 * Whether the day number at j cannot start a date because of what stands before it ("Article 29", "$5", "COVID-19").
 */
function blockedBefore(b: Bounds, j: number): boolean {
  if (j - 1 < b.floor) return false;
  const previous = b.tokens[j - 1] as Token;
  const day = b.tokens[j] as Token;
  if (previous.kind === TokenKind.Number) return true;
  if (previous.kind === TokenKind.Punct)
    return (
      currencyMarks.has(previous.raw) ||
      (glued(day) && (isJoiner(previous) || previous.raw === '/' || previous.raw === '.' || previous.raw === ':'))
    );
  return (
    previous.capitalised &&
    !functionWords.has(previous.norm) &&
    !weekdays.has(previous.norm) &&
    monthNumbers.get(previous.norm) === undefined
  );
}

/** Whether what follows the day at j makes it a count or a number, not a date ("March 3 million", "May 5%"). */
function blockedAfter(b: Bounds, j: number): boolean {
  const next = b.tokens[j + 1];
  if (!next || j + 1 >= b.end) return false;
  if (next.kind === TokenKind.Punct) {
    if (currencyMarks.has(next.raw)) return true;
    if (!glued(next)) return false;
    if (next.raw === '/' || next.raw === ':') return true;
    // "9-member", but "28–September 3" and "14th–16th" are ranges.
    const word = b.tokens[j + 2];
    return isJoiner(next) && word?.kind === TokenKind.Word && monthOf(word) === null && dayValue(word) === null;
  }
  return nonTimeFollowers.has(next.norm) || scaleWords.has(next.norm);
}

/** One point of a date at token j: "3 March [2021]", "March 3[, 2021]", "March [2021]", or a bare day "3". */
function readPoint(b: Bounds, j: number, opensReading: boolean): Point | null {
  const { tokens } = b;
  if (j >= b.end || b.inName.has(j)) return null;
  const day = dayValue(tokens[j]);
  if (day) {
    if (opensReading && blockedBefore(b, j)) return null;
    let m = j + 1;
    if (day.ordinal && tokens[m]?.norm === 'of') m++;
    const monthLast = monthEnd(b, m);
    if (monthLast !== null) {
      const month = monthOf(tokens[m]) as number;
      const year = yearAfter(b, monthLast);
      if (day.day > daysInMonth(year?.year ?? null, month)) return null;
      return {
        kind: 'dayMonth',
        first: j,
        last: year?.last ?? monthLast,
        year: year?.year ?? null,
        month,
        day: day.day,
      };
    }
    if (blockedAfter(b, j)) return null;
    const year = opensReading ? null : yearAfter(b, j);
    return { kind: 'day', first: j, last: year?.last ?? j, year: year?.year ?? null, month: 0, day: day.day };
  }
  const monthLast = monthEnd(b, j);
  if (monthLast === null) return null;
  const month = monthOf(tokens[j]) as number;
  const dayToken = monthLast + 1;
  const monthDay = dayToken < b.end && !b.inName.has(dayToken) ? dayValue(tokens[dayToken]) : null;
  if (monthDay && !blockedAfter(b, dayToken) && !monthNameBlocked(b, j, dayToken, monthDay.ordinal)) {
    const year = yearAfter(b, dayToken);
    if (monthDay.day > daysInMonth(year?.year ?? null, month)) return null;
    return {
      kind: 'monthDay',
      first: j,
      last: year?.last ?? dayToken,
      year: year?.year ?? null,
      month,
      day: monthDay.day,
    };
  }
  const year = yearAfter(b, monthLast);
  return { kind: 'month', first: j, last: year?.last ?? monthLast, year: year?.year ?? null, month, day: null };
}

/**
 * Whether a month followed by a number is no month-day: after "in"/"during" with a word after the
 * number ("in March 12 soldiers died"), or after a name ("Theresa May 2").
 */
function monthNameBlocked(b: Bounds, month: number, day: number, ordinal: boolean): boolean {
  if (month - 1 < b.floor) return false;
  const previous = b.tokens[month - 1] as Token;
  if (previous.kind !== TokenKind.Word) return false;
  if (monthPrepositions.has(previous.norm) && !ordinal && b.tokens[day + 1]?.kind === TokenKind.Word && day + 1 < b.end)
    return true;
  return (
    previous.capitalised &&
    !functionWords.has(previous.norm) &&
    !weekdays.has(previous.norm) &&
    monthNumbers.get(previous.norm) === undefined
  );
}

const order = (point: { month: number; day: number | null }): number => point.month * 32 + (point.day ?? 0);

/**
 * The two ends of a range, the year of each filled from the other (the start takes the end's year,
 * one less when its month-day comes later: "28 December–3 January 2022"); null when they do not
 * make a range.
 */
function combine(start: Point, end: Point): { from: DatePoint; to: DatePoint } | null {
  let from: DatePoint;
  let to: DatePoint;
  if (start.kind === 'day') {
    if (end.kind !== 'dayMonth') return null;
    from = { year: end.year, month: end.month, day: start.day };
    to = { year: end.year, month: end.month, day: end.day };
  } else if (start.kind === 'month') {
    if (end.kind !== 'month') return null;
    from = { year: start.year, month: start.month, day: null };
    to = { year: end.year, month: end.month, day: null };
  } else if (end.kind === 'day') {
    // "August 14-23, 2021": a bare second day belongs to the first day's month.
    if (start.kind !== 'monthDay' || start.year !== null) return null;
    from = { year: end.year, month: start.month, day: start.day };
    to = { year: end.year, month: start.month, day: end.day };
  } else if (end.kind === 'dayMonth' || end.kind === 'monthDay') {
    from = { year: start.year, month: start.month, day: start.day };
    to = { year: end.year, month: end.month, day: end.day };
  } else return null;
  if (from.year === null && to.year !== null) from.year = order(from) > order(to) ? to.year - 1 : to.year;
  if (to.year === null && from.year !== null) to.year = order(to) < order(from) ? from.year + 1 : from.year;
  if (from.year !== null && to.year !== null) {
    if (from.year * 1000 + order(from) >= to.year * 1000 + order(to)) return null;
  } else if (order(from) === order(to)) return null;
  if (from.day !== null && from.day > daysInMonth(from.year, from.month)) return null;
  return { from, to };
}

/** Whether token k may open a date reading (cheap test before `readDateAt`). */
export function mayOpenDate(token: Token): boolean {
  if (token.kind === TokenKind.Number) return token.raw.length <= 2;
  if (token.kind !== TokenKind.Word) return false;
  return (
    token.norm === 'from' ||
    token.norm === 'between' ||
    (token.capitalised && (monthNumbers.has(token.norm) || weekdays.has(token.norm))) ||
    dayValue(token) !== null
  );
}

/** A date or range with a month name starting at token k, or null. Month-only single dates are left to the caller. */
export function readDateAt(
  tokens: readonly Token[],
  k: number,
  floor: number,
  end: number,
  inName: ReadonlySet<number>,
): DateReading | null {
  const b: Bounds = { tokens, floor, end, inName };
  const opener = tokens[k] as Token;
  let j = k;
  const rangeWord = opener.norm === 'from' || opener.norm === 'between' ? opener.norm : null;
  if (rangeWord) j++;
  let weekday: number | null = null;
  if (
    !rangeWord &&
    opener.kind === TokenKind.Word &&
    opener.capitalised &&
    weekdays.has(opener.norm) &&
    !inName.has(k)
  ) {
    weekday = k;
    j = tokens[k + 1]?.raw === ',' ? k + 2 : k + 1;
  }
  const start = readPoint(b, j, true);
  if (!start) return null;
  const link = tokens[start.last + 1];
  const linkOk =
    link !== undefined &&
    start.last + 2 < end &&
    (rangeWord === 'between'
      ? link.norm === 'and'
      : rangeWord === 'from'
        ? rangeLinks.has(link.norm)
        : isJoiner(link) || rangeLinks.has(link.norm));
  if (linkOk) {
    const endPoint = readPoint(b, start.last + 2, false);
    const range = endPoint ? combine(start, endPoint) : null;
    if (range && endPoint)
      return { first: rangeWord ? k : (weekday ?? start.first), last: endPoint.last, from: range.from, to: range.to };
  }
  if (start.kind !== 'dayMonth' && start.kind !== 'monthDay') return null;
  return {
    first: weekday ?? start.first,
    last: start.last,
    from: { year: start.year, month: start.month, day: start.day },
    to: null,
  };
}
