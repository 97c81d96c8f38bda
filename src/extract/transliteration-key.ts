// Transliteration keys: one normalised spelling for the ways writers transliterate the same
// Central and South Asian name (Ashgabat / Ashkhabad / Ashqabat, Kunduz / Kondoz / Qunduz,
// Mazar-i-Sharif / Mazar-e Sharif / Mazari Sharif, Jalalabad / Jalolobod, Aşgabat, Toshkent).
// A key is a string of sound classes, built without regular expressions in one pass:
//   - Latin script only (a word in Cyrillic or Arabic script has no key); lowercase; Turkic letters
//     spelled out (ş š → sh, ç č → ch, ž → zh), other non-ASCII letters folded by any-ascii
//     (ä → a, ı → i); anything but a–z dropped (apostrophes, hyphens, spaces);
//   - every vowel (a e i o u, and y but at the start of a word before a vowel) is one class for
//     the look-up, and a match then checks each vowel run differs only by a swap transliterations
//     make: a/o (Jalol-), o/u/ou/oo (Kondouz), e/i (Termez / Tirmiz, izafat -i- / -e-), y/i
//     (Kyrgyz / Kirgiz, Bamyan / Bamiyan);
//   - kh gh q k g x are one class, and so is h at the start of a word (Khairatan / Hairatan,
//     Qandahar / Kandahar, Ashkhabad / Ashgabat);
//   - j dj dzh zh and a word-initial y before a vowel are one class (Dzhambul / Jambul, Yerevan /
//     Jerevan); sh and ch are letters of their own; dh is d; w and v are one class; d and t at
//     the end of a word are one class (-abad / -abat);
//   - runs of one class collapse to one (doubled letters, vowel runs: Kapissa, Kondouz).
// Each class of the key keeps the letters it was written with, so a match can check and count
// the differences (keyDistance): vowels may differ only by the swaps above, a vowel or a doubled
// letter only in keys of 6 classes or more (Lugar is not Logar), and at most a third of the
// classes may differ (keyDistanceAllowed). "Heart" has another key than "Herat"; "Hired" has
// Herat's key, but e/a is no swap and the key is short.
import anyAscii from 'any-ascii';

export interface TransliterationKey {
  /** The class string: equal keys are transliteration variants of each other. */
  key: string;
  /** The letters each class was written with, one per key character. */
  fine: string[];
}

/** Letters of Turkic Latin alphabets any-ascii would fold to a different sound. */
const spelledOut: ReadonlyMap<string, string> = new Map([
  ['ş', 'sh'],
  ['š', 'sh'],
  ['ç', 'ch'],
  ['č', 'ch'],
  ['ž', 'zh'],
]);

const isVowel = (c: string | undefined): boolean => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';

/** Latin letters beyond ASCII (Latin-1, Extended-A/B and Additional) and the ʻ ʼ of Uzbek Latin. */
const isLatin = (code: number): boolean =>
  code <= 0x024f ||
  (code >= 0x1e00 && code <= 0x1eff) ||
  code === 0x02bb ||
  code === 0x02bc ||
  code === 0x2018 ||
  code === 0x2019;

/**
 * Lowercase a–z letters of a word: Turkic letters spelled out, other letters folded to ASCII; null
 * for a word in another script (a Cyrillic or Arabic name is not a transliteration of a Latin one).
 */
function asciiLetters(word: string): string | null {
  let out = '';
  for (const char of word.toLowerCase()) {
    const code = char.charCodeAt(0);
    if (code >= 97 && code <= 122) {
      out += char;
      continue;
    }
    if (code < 128) continue;
    if (!isLatin(code)) return null;
    const folded = spelledOut.get(char) ?? anyAscii(char).toLowerCase();
    for (const letter of folded) {
      const c = letter.charCodeAt(0);
      if (c >= 97 && c <= 122) out += letter;
    }
  }
  return out;
}

/** The class of the letters at i of one word, and how many letters it takes. */
function classAt(letters: string, i: number): [string, number] {
  const c = letters[i] as string;
  const next = letters[i + 1];
  const atEnd = (length: number): boolean => i + length === letters.length;
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
      return ['V', 1];
    case 'y':
      return i === 0 && isVowel(next) ? ['J', 1] : ['V', 1];
    case 'w':
    case 'v':
      return ['W', 1];
    case 'k':
      return next === 'h' ? ['K', 2] : ['K', 1];
    case 'g':
      return next === 'h' ? ['K', 2] : ['K', 1];
    case 'q':
    case 'x':
      return ['K', 1];
    case 'c':
      return next === 'h' ? ['C', 2] : ['c', 1];
    case 's':
      return next === 'h' ? ['S', 2] : ['s', 1];
    case 'z':
      return next === 'h' ? ['J', 2] : ['z', 1];
    case 'j':
      return ['J', 1];
    case 'h':
      return i === 0 ? ['K', 1] : ['h', 1];
    case 'd':
      if (next === 'z' && letters[i + 2] === 'h') return ['J', 3];
      if (next === 'j') return ['J', 2];
      if (next === 'h') return atEnd(2) ? ['T', 2] : ['d', 2];
      return atEnd(1) ? ['T', 1] : ['d', 1];
    case 't':
      return atEnd(1) ? ['T', 1] : ['t', 1];
    default:
      return [c, 1];
  }
}

/**
 * The key of a name written as one or more words (the words of a multi-word name, or the parts of
 * a hyphenated one, in order). Word-start and word-end rules apply to each word; classes repeat
 * across word boundaries collapse like those inside a word ("Mazari Sharif" = "Mazar-i-Sharif").
 */
export function transliterationKey(words: readonly string[]): TransliterationKey {
  let key = '';
  const fine: string[] = [];
  for (const word of words) {
    const letters = asciiLetters(word);
    if (letters === null) return { key: '', fine: [] };
    let i = 0;
    while (i < letters.length) {
      const [cls, length] = classAt(letters, i);
      const written = letters.slice(i, i + length);
      if (key.length > 0 && key.charCodeAt(key.length - 1) === cls.charCodeAt(0)) fine[fine.length - 1] += written;
      else {
        key += cls;
        fine.push(written);
      }
      i += length;
    }
  }
  return { key, fine };
}

/** Keys shorter than this match nothing: short names have too many look-alikes. */
export const minimumKeyLength = 5;

/**
 * Keys this long at least may differ in a vowel or a doubled letter: among short names such a
 * difference makes another word or name (Logar / Lugar, Timor / Timur, Farah / Farrah), not a
 * transliteration. Shorter keys may differ only in consonants of one class (Qunar / Kunar).
 */
export const minimumWeakDifferenceKeyLength = 6;

/** Letters as compared: doubled letters single (Kapissa, Hazzara). */
function undoubled(run: string): string {
  let out = '';
  for (const c of run) if (out[out.length - 1] !== c) out += c;
  return out;
}

/** A vowel run as compared: y read as i, doubled letters single, "ou" as "u" (Bamyan / Bamiyan, Kondouz). */
function plainVowels(run: string): string {
  let out = '';
  for (const letter of run) {
    const c = letter === 'y' ? 'i' : letter;
    if (out[out.length - 1] !== c) out += c;
  }
  return out === 'ou' ? 'u' : out;
}

/** Vowels that transliterations swap: a/o (Jalolobod), o/u (Kondoz), e/i (Termez, -e-/-i-). */
const vowelSwaps: ReadonlySet<string> = new Set(['a o', 'o a', 'o u', 'u o', 'e i', 'i e']);

/**
 * How many classes two keys with the same class string write with different letters, or -1 when
 * a vowel run differs by more than the swaps transliterations make ("Hired" and "Herat" share a
 * key, but e/a is no such swap), or a vowel or a doubling differs in a key shorter than
 * minimumWeakDifferenceKeyLength. Consonants of one class are alternatives by construction.
 */
export function keyDistance(a: TransliterationKey, b: TransliterationKey): number {
  let distance = 0;
  for (let k = 0; k < a.fine.length; k++) {
    const x = a.fine[k] as string;
    const y = b.fine[k] as string;
    if (x === y) continue;
    distance++;
    const plainX = undoubled(x);
    const plainY = undoubled(y);
    const vowel = a.key[k] === 'V';
    if ((vowel || plainX === plainY) && a.key.length < minimumWeakDifferenceKeyLength) return -1;
    if (!vowel || plainX === plainY) continue;
    const vowelX = plainVowels(x);
    const vowelY = plainVowels(y);
    if (vowelX !== vowelY && !vowelSwaps.has(`${vowelX} ${vowelY}`)) return -1;
  }
  return distance;
}

/**
 * A written form may differ from a known one in at most a third of its classes (at least one):
 * Ashqabat / Ashgabat (1 of 7), Kondoz / Kunduz (2 of 6), Jalolobod / Jalalabad (3 of 9), but not
 * Hired / Herat (3 of 5).
 */
export function keyDistanceAllowed(key: TransliterationKey): number {
  return Math.max(1, Math.floor(key.key.length / 3));
}

/**
 * English words whose key and spelling come within the allowed alternations of a gazetteer name
 * (found by transliteration-key.test.ts over an English lexicon): capitalised at a sentence start
 * or in a title they are the word, never the place.
 */
export const englishLookalikes: ReadonlySet<string> = new Set([
  'angora',
  'fenland',
  'hazan',
  'homburg',
  'peeking',
  'pegging',
  'pigging',
  'germane',
]);
