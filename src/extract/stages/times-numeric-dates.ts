// Numeric dates in prose: "17/09/2021" (slashes) and "22.02.2022" (dots, one number token).
// Which number is the day is a convention, decided like this:
// - dotted dates are day-first (the European form; the month-first convention never uses dots);
// - a slash date with one part above 12 is unambiguous ("17/09/2021" day-first, "09/17/2021"
//   month-first), and so is one with equal parts ("05/05/2021");
// - otherwise ("09/08/2021") the document's own convention decides: the unambiguous slash dates
//   elsewhere in it (its dateline counts) all day-first or all month-first; "9/11/2001" without a
//   convention is the 2001 attacks;
// - with no convention, only the year is certain: the date is the year ("2021"), never a guessed
//   month or day. Two-digit years ("24/03/12") are no time at all.
import { TokenKind, type Token } from '../tokenizer.js';
import { daysInMonth } from './times-day-dates.js';

export type DayMonthOrder = 'day-first' | 'month-first' | null;

export interface NumericDateReading {
  last: number;
  value: string;
}

const glued = (token: Token | undefined): boolean => token !== undefined && !token.spaceBefore;

function smallNumber(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Number || token.raw.length > 2) return null;
  return Number(token.raw);
}

function fourDigitYear(token: Token | undefined): number | null {
  if (!token || token.kind !== TokenKind.Number || token.raw.length !== 4) return null;
  const value = Number(token.raw);
  return value >= 1500 && value <= 2099 ? value : null;
}

/** The parts of a slash date "a/b/yyyy" at token k (all glued, nothing glued around it), or null. */
function slashParts(tokens: readonly Token[], k: number, end: number): { a: number; b: number; year: number } | null {
  if (k + 4 >= end) return null;
  const a = smallNumber(tokens[k]);
  if (a === null || tokens[k + 1]?.raw !== '/' || tokens[k + 3]?.raw !== '/') return null;
  for (let j = k + 1; j <= k + 4; j++) if (!glued(tokens[j])) return null;
  const b = smallNumber(tokens[k + 2]);
  const year = fourDigitYear(tokens[k + 4]);
  if (b === null || year === null) return null;
  const before = tokens[k - 1];
  if (before && glued(tokens[k]) && (before.raw === '/' || before.kind === TokenKind.Number || before.raw === '.'))
    return null;
  const after = tokens[k + 5];
  if (after && glued(after) && (after.raw === '/' || after.kind === TokenKind.Number || after.kind === TokenKind.Word))
    return null;
  return { a, b, year };
}

/** The convention the document's unambiguous slash dates follow (one linear pass over the tokens). */
export function documentDayMonthOrder(tokens: readonly Token[]): DayMonthOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (let k = 0; k + 4 < tokens.length; k++) {
    if (tokens[k + 1]?.raw !== '/') continue;
    const parts = slashParts(tokens, k, tokens.length);
    if (!parts || parts.a < 1 || parts.b < 1 || parts.a > 31 || parts.b > 31) continue;
    if (parts.a > 12 && parts.b <= 12) dayFirst = true;
    else if (parts.b > 12 && parts.a <= 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return null;
  return dayFirst ? 'day-first' : 'month-first';
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

function dayValue(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * A numeric date starting at token k, or null. `order` is asked (lazily) for the document's
 * convention only when the date is ambiguous.
 */
export function readNumericDate(
  tokens: readonly Token[],
  k: number,
  end: number,
  order: () => DayMonthOrder,
): NumericDateReading | null {
  const token = tokens[k] as Token;
  if (token.kind !== TokenKind.Number) return null;
  if (token.raw.length >= 8 && token.raw.length <= 10 && token.raw.includes('.')) {
    const parts = token.raw.split('.');
    if (parts.length !== 3 || (parts[0] as string).length > 2 || (parts[1] as string).length > 2) return null;
    const year = fourDigitYear({ ...token, raw: parts[2] as string });
    if (year === null) return null;
    const value = dayValue(year, Number(parts[1]), Number(parts[0]));
    return value ? { last: k, value } : null;
  }
  const parts = slashParts(tokens, k, end);
  if (!parts) return null;
  const { a, b, year } = parts;
  let value: string | null;
  if (a > 12 || b > 12 || a === b) value = a > 12 ? dayValue(year, b, a) : dayValue(year, a, b);
  else {
    const convention = order();
    if (convention === 'day-first') value = dayValue(year, b, a);
    else if (convention === 'month-first') value = dayValue(year, a, b);
    else if (a === 9 && b === 11 && year === 2001) value = '2001-09-11';
    else value = a >= 1 && b >= 1 ? String(year) : null;
  }
  return value ? { last: k + 4, value } : null;
}
