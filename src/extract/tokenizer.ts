// A hand-written tokenizer for the pipeline: one linear pass over the text producing word,
// number and punctuation tokens with UTF-16 offsets and a normalised (lowercase, accent-free,
// curly-apostrophe-folded) form. No regular expressions on the hot path.
import { combiningMarks, curlyApostrophes, dashCharacters, letterPattern, upperPattern } from './patterns.js';

export const enum TokenKind {
  Word = 1,
  Number = 2,
  Punct = 3,
}

export interface Token {
  start: number;
  end: number;
  /** The token as written. */
  raw: string;
  /** Lowercase, accents removed, ’ folded to '. */
  norm: string;
  kind: TokenKind;
  /** First character is an uppercase letter. */
  capitalised: boolean;
  /** Every letter is uppercase (and there is at least one). */
  allCaps: boolean;
  /** A line break lies between this token and the previous one. */
  newlineBefore: boolean;
  /** Whitespace lies between this token and the previous one. */
  spaceBefore: boolean;
}

function isLetter(code: number, text: string, index: number): boolean {
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  if (code === 0x2019 || code === 0x2018 || code === 0x2013 || code === 0x2014 || code === 0x00a0) return false;
  return letterPattern.test(text[index] ?? '');
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 12 ||
    code === 11 ||
    code === 0xa0 ||
    code === 0x2009 ||
    code === 0x202f ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200a)
  );
}

/** Normalise a word for matching: lowercase, strip accents (only when non-ASCII). */
export function normaliseWord(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) > 127) {
      return raw
        .normalize('NFKD')
        .replace(combiningMarks, '')
        .replace(curlyApostrophes, "'")
        .replace(dashCharacters, '-')
        .toLowerCase();
    }
  }
  return raw.toLowerCase();
}

/** Hyphen, non-breaking hyphen, en dash: interchangeable joiners inside names. */
export function isJoiner(token: Token): boolean {
  return (
    token.kind === TokenKind.Punct &&
    (token.norm === '-' || token.raw === '–' || token.raw === '‑' || token.raw === '‐')
  );
}

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  let newline = false;
  let space = false;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      if (code === 10 || code === 13) newline = true;
      space = true;
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (isDigit(code)) {
      // Digits with grouping commas/points between digits ("1,357", "2.5"), then letters ("201st", "1990s").
      i++;
      while (i < to) {
        const c = text.charCodeAt(i);
        if (isDigit(c)) i++;
        else if ((c === 44 || c === 46) && i + 1 < to && isDigit(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      kind = TokenKind.Number;
      while (i < to && isLetter(text.charCodeAt(i), text, i)) {
        i++;
        kind = TokenKind.Word;
      }
    } else if (isLetter(code, text, i)) {
      i++;
      while (i < to) {
        const c = text.charCodeAt(i);
        if (isLetter(c, text, i) || isDigit(c)) i++;
        else break;
      }
      kind = TokenKind.Word;
    } else {
      i++;
      // keep surrogate pairs together
      if (code >= 0xd800 && code <= 0xdbff && i < to) i++;
      kind = TokenKind.Punct;
    }
    const raw = text.slice(start, i);
    let norm = kind === TokenKind.Punct ? raw : normaliseWord(raw);
    if (kind === TokenKind.Punct) {
      if (code === 0x2019 || code === 0x2018) norm = "'";
      else if (code === 0x2013 || code === 0x2011 || code === 0x2010) norm = '-';
      else if (code === 0x201c || code === 0x201d) norm = '"';
    }
    let capitalised = false;
    let allCaps = false;
    if (kind === TokenKind.Word) {
      const first = raw.charCodeAt(0);
      capitalised = first < 128 ? first >= 65 && first <= 90 : upperPattern.test(raw[0] ?? '');
      allCaps = capitalised && raw !== norm && raw === raw.toUpperCase() && raw.length > 1;
    }
    tokens.push({ start, end: i, raw, norm, kind, capitalised, allCaps, newlineBefore: newline, spaceBefore: space });
    newline = false;
    space = false;
  }
  return tokens;
}

/** Index of the first token whose start is >= offset (binary search). */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
