// Shares for the quantities stage, all as a fraction of one with unit `share` (extraction.md §2:
// `17%` → 0.17 share): fractions in words ("half", "a third of", "two-thirds", "three quarters"),
// ratios ("one in five", "nine out of ten", "1 in every 4") and the percent signs and words that
// follow an amount ("%", "percent", "per cent", "pc").
import { numberWords, scaleWords } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';

export interface ShareReading {
  first: number;
  last: number;
  value: number;
}

const shareFractions: ReadonlyMap<string, number> = new Map([
  ['half', 1 / 2],
  ['third', 1 / 3],
  ['thirds', 1 / 3],
  ['quarter', 1 / 4],
  ['quarters', 1 / 4],
  ['fifth', 1 / 5],
  ['fifths', 1 / 5],
  ['sixth', 1 / 6],
  ['sixths', 1 / 6],
  ['eighth', 1 / 8],
  ['eighths', 1 / 8],
  ['tenth', 1 / 10],
  ['tenths', 1 / 10],
]);

const ordinalBeforeHalf = new Set(['first', 'second', 'latter', 'former', 'other', 'next', 'last']);

/** Units of time: "half an hour" and "two in ten days" are no shares. */
const timeUnits = new Set([
  'second',
  'seconds',
  'minute',
  'minutes',
  'hour',
  'hours',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'decade',
  'decades',
  'century',
  'centuries',
]);

/** The share starting at token `k` (a word or a number), or null. */
export function readShare(
  tokens: readonly Token[],
  k: number,
  floor: number,
  end: number,
  blocked: Uint8Array,
): ShareReading | null {
  const token = tokens[k] as Token;
  if (token.kind === TokenKind.Word && token.norm === 'half') return readHalf(tokens, k, floor, end);
  return readFraction(tokens, k, end) ?? readRatio(tokens, k, floor, end, blocked);
}

function readHalf(tokens: readonly Token[], k: number, floor: number, end: number): ShareReading | null {
  const token = tokens[k] as Token;
  const previous = k - 1 >= floor ? tokens[k - 1] : undefined;
  if (previous && ordinalBeforeHalf.has(previous.norm)) return null;
  const next = k + 1 < end ? tokens[k + 1] : undefined;
  if (next && isJoiner(next)) return null;
  if (previous && isJoiner(previous) && !token.spaceBefore) return null;
  // "a decade and a half", "two and a half years": part of a number, no share.
  if (previous?.norm === 'a' && k - 2 >= floor && tokens[k - 2]?.norm === 'and') return null;
  // "half a million" is an amount; "half an hour" a duration.
  if ((next?.norm === 'a' || next?.norm === 'an') && k + 2 < end) {
    const after = (tokens[k + 2] as Token).norm;
    if (scaleWords.has(after) || timeUnits.has(after)) return null;
  }
  if (previous?.norm === 'one') return { first: k - 1, last: k, value: 0.5 };
  return { first: k, last: k, value: 0.5 };
}

/** "a third of", "one-third", "two-thirds", "three quarters of". */
function readFraction(tokens: readonly Token[], k: number, end: number): ShareReading | null {
  const token = tokens[k] as Token;
  if (token.kind !== TokenKind.Word) return null;
  const count = token.norm === 'a' || token.norm === 'an' ? 1 : numberWords.get(token.norm);
  if (count === undefined || count > 10) return null;
  let j = k + 1;
  if (j < end && isJoiner(tokens[j] as Token)) j++;
  const fractionToken = tokens[j];
  if (!fractionToken || j >= end) return null;
  const fraction = shareFractions.get(fractionToken.norm);
  if (fraction === undefined || fractionToken.norm === 'half') return null;
  const plural = fractionToken.norm.endsWith('s');
  if (plural !== count > 1) return null;
  // "a third country" is an ordinal; a share is followed by "of" (or stands alone after a joiner).
  const after = tokens[j + 1];
  if (!(after?.norm === 'of' || j > k + 1)) return null;
  return { first: k, last: j, value: count * fraction };
}

/** "one in five", "nine out of ten", "1 in every 4": a count in a larger count. */
function readRatio(
  tokens: readonly Token[],
  k: number,
  floor: number,
  end: number,
  blocked: Uint8Array,
): ShareReading | null {
  const numerator = smallCount(tokens[k] as Token);
  if (numerator === null || numerator > 100) return null;
  // "COVID-19 in 2020": a number glued to a name is no count.
  const previous = tokens[k - 1];
  if (previous && k - 1 >= floor && isJoiner(previous) && !(tokens[k] as Token).spaceBefore) return null;
  let j = k + 1;
  if (tokens[j]?.norm === 'in') j++;
  else if (tokens[j]?.norm === 'out' && tokens[j + 1]?.norm === 'of') j += 2;
  else return null;
  if (tokens[j]?.norm === 'every') j++;
  const denominatorToken = tokens[j];
  if (!denominatorToken || j >= end || blocked[j] === 1) return null;
  const denominator = smallCount(denominatorToken);
  if (denominator === null || denominator <= numerator || denominator > 1000) return null;
  // "one in five million", "two in ten days", "one in 10 km": a ratio stands alone before its noun.
  const after = tokens[j + 1];
  if (
    after &&
    j + 1 < end &&
    (scaleWords.has(after.norm) ||
      timeUnits.has(after.norm) ||
      isJoiner(after) ||
      after.raw === '%' ||
      after.kind === TokenKind.Number)
  )
    return null;
  return { first: k, last: j, value: numerator / denominator };
}

/** A whole number written in digits (no grouping, no decimals) or as a number word under a hundred. */
function smallCount(token: Token): number | null {
  if (token.kind === TokenKind.Number) {
    for (let i = 0; i < token.raw.length; i++) {
      const code = token.raw.charCodeAt(i);
      if (code < 48 || code > 57) return null;
    }
    return Number(token.raw);
  }
  if (token.kind !== TokenKind.Word || token.norm === 'dozen' || token.norm === 'hundred') return null;
  return numberWords.get(token.norm) ?? null;
}

/**
 * The last token of a percent sign or word at `j` ("%", "percent", "per cent", "per-cent", and
 * after digits "pc", "pct"), or -1.
 */
export function percentEnd(tokens: readonly Token[], j: number, end: number, digits: boolean): number {
  const token = tokens[j];
  if (!token || j >= end) return -1;
  if (token.raw === '%' || token.raw === '٪') return j;
  if (token.kind !== TokenKind.Word || token.newlineBefore) return -1;
  if (token.norm === 'percent' || (digits && (token.norm === 'pc' || token.norm === 'pct'))) return j;
  if (token.norm === 'per') {
    let c = j + 1;
    if (tokens[c] && isJoiner(tokens[c] as Token)) c++;
    if (c < end && tokens[c]?.norm === 'cent') return c;
  }
  return -1;
}

/** Is the suffix glued to digits a percent ("17pc")? */
export const isPercentSuffix = (suffix: string): boolean => suffix === 'pc' || suffix === 'pct';
