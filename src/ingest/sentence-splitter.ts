// Splits a stretch of prose into sentence spans with one linear scan. Knows the abbreviations,
// initials, decimals and hyphenated names of policy writing, and splits a closing quote glued to
// the next sentence (`Afghanistan."Kazakhstan`). Spans exclude surrounding whitespace and
// include the terminal punctuation and closing quotes or brackets.
import type { Span } from '../model/index.js';

/** Abbreviations after which a full stop never ends a sentence (lower case, without the final dot). */
const neverFinal = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cpt',
  'sgt',
  'adm',
  'cmdr',
  'brig',
  'gov',
  'sen',
  'rep',
  'pres',
  'amb',
  'hon',
  'rev',
  'st',
  'mt',
  'ft',
  'fig',
  'figs',
  'vol',
  'vols',
  'art',
  'arts',
  'sec',
  'ch',
  'pp',
  'para',
  'vs',
  'cf',
  'approx',
  'dept',
  'est',
  'ca',
  'e.g',
  'i.e',
  'u.s',
  'u.n',
  'u.k',
  'u.s.a',
  'u.s.s.r',
  'e.u',
  'viz',
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

/** Abbreviations that end a sentence only when a capitalised word follows. */
const finalIfCapitalFollows = new Set(['etc', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'al', 'bros']);

/** Abbreviations that never end a sentence when a number follows (`No. 5`, `p. 12`). */
const beforeNumber = new Set(['no', 'nos', 'p', 'para', 'art', 'sec', 'ch', 'vol', 'op']);

const closers = new Set(['"', "'", '\u201d', '\u2019', ')', ']', '\u00bb']);
const openers = new Set(['"', "'", '\u201c', '\u2018', '(', '[', '\u00ab']);

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a)
  );
}

function isLetterOrDigit(char: string): boolean {
  return /[\p{L}\p{N}]/u.test(char);
}

function isUpperStart(char: string): boolean {
  return (
    char !== char.toLowerCase() ||
    /\p{N}/u.test(char) ||
    (/\p{L}/u.test(char) && char === char.toUpperCase() && char === char.toLowerCase())
  );
}

function isLowerCase(char: string): boolean {
  return char !== char.toUpperCase() && char === char.toLowerCase();
}

/** The word (letters and inner dots) that ends just before the full stop at `dot`, lower-cased. */
function tokenBefore(text: string, dot: number, from: number): string {
  let start = dot;
  while (start > from && dot - start < 16) {
    const char = text[start - 1] ?? '';
    if (char === '.' || /\p{L}/u.test(char)) start--;
    else break;
  }
  return text.slice(start, dot).toLowerCase();
}

/** Whether the full stop at `dot`, followed by `next` (first non-space char after), ends a sentence. */
function fullStopEnds(text: string, dot: number, from: number, next: string): boolean {
  const token = tokenBefore(text, dot, from);
  if (token === '') return true;
  if (neverFinal.has(token)) return false;
  if (/\p{N}/u.test(next) && beforeNumber.has(token)) return false;
  if (finalIfCapitalFollows.has(token)) return isUpperStart(next);
  // A single capital letter is an initial ("A. Khan"); dotted letters are an abbreviation ("U.S.").
  const original = text.slice(dot - token.length, dot);
  if (original.length === 1 && original !== original.toLowerCase()) return false;
  if (/^(\p{L}\.)+\p{L}$/u.test(token)) return false;
  return true;
}

/**
 * Sentence spans of `text` between `from` and `to` (end-exclusive). Linear in `to - from`.
 */
export function splitSentences(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  const end = Math.min(to, text.length);
  let i = Math.max(0, from);
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let start = i;
  while (i < end) {
    const char = text[i] ?? '';
    if (char !== '.' && char !== '!' && char !== '?' && char !== '\u2026') {
      i++;
      continue;
    }
    // Terminal run: more terminal marks, then closing quotes and brackets.
    let stop = i + 1;
    while (stop < end && '.!?\u2026'.includes(text[stop] ?? '')) stop++;
    let closed = false;
    while (stop < end && closers.has(text[stop] ?? '')) {
      stop++;
      closed = true;
    }
    let after = stop;
    while (after < end && isSpace(text.charCodeAt(after))) after++;
    const spaced = after > stop;
    const next = text[after] ?? '';
    let boundary: boolean;
    if (after >= end) boundary = true;
    else if (spaced)
      boundary = !isLowerCase(next) && (isLetterOrDigit(next) || openers.has(next) || /\p{P}/u.test(next));
    else
      boundary =
        closed &&
        (text[stop - 1] === '"' || text[stop - 1] === '\u201d' || text[stop - 1] === '\u2019') &&
        isUpperStart(next) &&
        /\p{L}/u.test(next);
    if (boundary && char === '.' && text[i + 1] !== '.' && !fullStopEnds(text, i, start, next)) boundary = false;
    if (boundary) {
      spans.push({ start, end: stop });
      start = after;
      i = after;
    } else {
      i = stop;
    }
  }
  let last = end;
  while (last > start && isSpace(text.charCodeAt(last - 1))) last--;
  if (last > start) spans.push({ start, end: last });
  return spans;
}
