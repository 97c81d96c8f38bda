// Turns the bytes of a profile document into text: honours a BOM, recognises UTF-8 and UTF-16
// (LE/BE, with or without BOM), detects legacy single-byte encodings (Windows-1251, Latin-1, …)
// with chardet and decodes them with iconv-lite, and refuses empty, binary or undecodable input.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { DossierError } from '../model/index.js';
import { LineIndex } from './source-position.js';

export interface DecodedDocument {
  text: string;
  /** Name of the detected encoding, e.g. UTF-8, UTF-16LE, windows-1251. */
  encoding: string;
}

const binarySignatures: Array<{ bytes: number[]; kind: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF file' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive (e.g. .docx)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an OLE document (e.g. .doc)' },
];

const expectedText = 'a text document in UTF-8, UTF-16 or a single-byte encoding';

/** A control character that never occurs in text (tab, LF, VT, FF, CR and ESC are allowed). */
function isBinaryControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 9 && code !== 10 && code !== 11 && code !== 12 && code !== 13 && code !== 27) ||
    code === 0x7f
  );
}

/** Position (line, column) of a byte offset, counting lines by LF bytes and columns by decoded chars. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: prefix.length + 1 };
}

function refuseBinary(name: string, line: number, column: number, what: string): never {
  throw new DossierError('BINARY_DOCUMENT', `${name} looks like ${what}, not a text document`, {
    file: name,
    line,
    column,
    expected: expectedText,
  });
}

/** Refuses content with NUL bytes or too many control characters (measured on code units). */
function checkBinaryUnits(
  name: string,
  length: number,
  unitAt: (index: number) => number,
  positionOf: (index: number) => { line: number; column: number },
): void {
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < length; i++) {
    const unit = unitAt(i);
    if (unit === 0) {
      const where = positionOf(i);
      refuseBinary(name, where.line, where.column, 'binary data (it contains NUL bytes)');
    }
    if (isBinaryControl(unit)) {
      controls++;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (controls > 0 && controls * 20 > length) {
    const where = positionOf(firstControl);
    refuseBinary(name, where.line, where.column, 'binary data (too many control characters)');
  }
}

interface Utf8Scan {
  validMultibyte: number;
  invalid: number;
  firstInvalid: number;
}

/** One pass over the bytes counting well-formed multi-byte UTF-8 sequences and invalid bytes. */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let validMultibyte = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let i = 0;
  const length = bytes.length;
  const cont = (index: number): boolean => index < length && ((bytes[index] ?? 0) & 0xc0) === 0x80;
  while (i < length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let size = 0;
    if (lead >= 0xc2 && lead <= 0xdf) size = 2;
    else if (lead >= 0xe0 && lead <= 0xef) size = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) size = 4;
    let ok = size > 0;
    if (ok) {
      const second = bytes[i + 1] ?? 0;
      if (lead === 0xe0 && second < 0xa0) ok = false;
      else if (lead === 0xed && second > 0x9f) ok = false;
      else if (lead === 0xf0 && second < 0x90) ok = false;
      else if (lead === 0xf4 && second > 0x8f) ok = false;
      for (let k = 1; ok && k < size; k++) ok = cont(i + k);
    }
    if (ok) {
      validMultibyte++;
      i += size;
    } else {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    }
  }
  return { validMultibyte, invalid, firstInvalid };
}

/** UTF-16 without a BOM: ASCII-heavy text has a zero byte in every other position. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const pairs = Math.min(bytes.length, 8192) >> 1;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let p = 0; p < pairs; p++) {
    if (bytes[2 * p] === 0) zeroEven++;
    if (bytes[2 * p + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.3 && zeroEven <= pairs * 0.02) return 'utf-16le';
  if (zeroEven >= pairs * 0.3 && zeroOdd <= pairs * 0.02) return 'utf-16be';
  return null;
}

function decodeUtf16(
  bytes: Uint8Array,
  name: string,
  label: 'utf-16le' | 'utf-16be',
  bomLength: number,
): DecodedDocument {
  const body = bytes.subarray(bomLength);
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch (cause) {
    const lenient = new TextDecoder(label, { ignoreBOM: true }).decode(body);
    const bad = lenient.indexOf('\ufffd');
    const where = new LineIndex(lenient).positionAt(bad < 0 ? 0 : bad);
    throw new DossierError('UNDECODABLE_DOCUMENT', `${name} is not valid ${label.toUpperCase()} text`, {
      file: name,
      ...where,
      expected: expectedText,
      cause,
    });
  }
  const index = new LineIndex(text);
  checkBinaryUnits(
    name,
    text.length,
    (i) => text.charCodeAt(i),
    (i) => index.positionAt(i),
  );
  return { text, encoding: label === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE' };
}

const letterScripts: Array<{ script: string; pattern: RegExp }> = [
  { script: 'Latin', pattern: /\p{Script=Latin}/u },
  { script: 'Cyrillic', pattern: /\p{Script=Cyrillic}/u },
  { script: 'Greek', pattern: /\p{Script=Greek}/u },
  { script: 'Hebrew', pattern: /\p{Script=Hebrew}/u },
  { script: 'Arabic', pattern: /\p{Script=Arabic}/u },
  { script: 'Thai', pattern: /\p{Script=Thai}/u },
];

function scriptOf(char: string): string {
  for (const { script, pattern } of letterScripts) if (pattern.test(char)) return script;
  return 'Other';
}

/**
 * How plausible a decoded word is as a word of a human language: letters of one script, a
 * usual case pattern (lower, Capitalised, UPPER), and for Latin script at least one ASCII letter.
 */
function wordPlausibility(word: string): number {
  const scripts = new Set<string>();
  let upper = 0;
  let lower = 0;
  let ascii = 0;
  let letters = 0;
  let firstUpper = false;
  for (const char of word) {
    if (/\p{L}/u.test(char)) {
      letters++;
      scripts.add(scriptOf(char));
      if (char.charCodeAt(0) < 0x80) ascii++;
      const isUpper = char !== char.toLowerCase();
      const isLower = char !== char.toUpperCase();
      if (isUpper) upper++;
      if (isLower) lower++;
      if (letters === 1) firstUpper = isUpper;
    } else if (char.charCodeAt(0) >= 0x80 && !/[\p{M}\p{Pd}\p{Pi}\p{Pf}’‘“”–—…«»]/u.test(char)) {
      return -1;
    }
  }
  if (letters === 0 || scripts.size > 1) return -1;
  const casePlausible = upper === 0 || lower === 0 || (upper === 1 && firstUpper);
  if (!casePlausible) return -1;
  if (scripts.has('Latin') && ascii === 0 && letters >= 3) return -0.5;
  return 1;
}

/** The words (runs between ASCII spaces and punctuation) that contain a byte ≥ 0x80. */
function highByteWords(bytes: Uint8Array): Uint8Array[] {
  const words: Uint8Array[] = [];
  let start = 0;
  let high = false;
  for (let i = 0; i <= bytes.length; i++) {
    const byte = i < bytes.length ? (bytes[i] ?? 0) : 0x20;
    const separator =
      byte < 0x80 &&
      !((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39));
    if (separator) {
      if (high && words.length < 2000) words.push(bytes.subarray(start, i));
      start = i + 1;
      high = false;
    } else if (byte >= 0x80) high = true;
  }
  return words;
}

/** Picks a legacy encoding: chardet's candidates re-ranked by how plausible the non-ASCII words read. */
function detectLegacyEncoding(bytes: Uint8Array): string | null {
  const words = highByteWords(bytes);
  const wordSample = new Uint8Array(words.reduce((sum, word) => sum + word.length + 1, 0));
  let cursor = 0;
  for (const word of words) {
    wordSample.set(word, cursor);
    cursor += word.length;
    wordSample[cursor++] = 0x20;
  }
  const candidates = new Map<string, number>();
  for (const match of [...chardet.analyse(bytes), ...chardet.analyse(wordSample)]) {
    if (match.name.startsWith('UTF') || match.name === 'ASCII' || !iconv.encodingExists(match.name)) continue;
    candidates.set(match.name, Math.max(candidates.get(match.name) ?? 0, match.confidence));
  }
  let best: string | null = null;
  let bestScore = -Infinity;
  for (const [encoding, confidence] of candidates) {
    let score = confidence / 100;
    for (const word of words) score += wordPlausibility(iconv.decode(Buffer.from(word), encoding));
    if (score > bestScore) {
      bestScore = score;
      best = encoding;
    }
  }
  return best;
}

/**
 * Decodes a document's bytes. The BOM, if any, is dropped; line ends are left as they are.
 * Throws DossierError EMPTY_DOCUMENT, BINARY_DOCUMENT or UNDECODABLE_DOCUMENT.
 */
export function decodeDocumentBytes(bytes: Uint8Array, name: string): DecodedDocument {
  if (bytes.length === 0) {
    throw new DossierError('EMPTY_DOCUMENT', `${name} is empty`, {
      file: name,
      line: 1,
      column: 1,
      expected: 'an actor title line followed by sections',
    });
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3), name, 'UTF-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, name, 'utf-16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, name, 'utf-16be', 2);

  for (const signature of binarySignatures) {
    if (signature.bytes.every((byte, i) => bytes[i] === byte)) refuseBinary(name, 1, 1, signature.kind);
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return decodeUtf16(bytes, name, utf16, 0);
  checkBinaryUnits(
    name,
    bytes.length,
    (i) => bytes[i] ?? 0,
    (i) => bytePosition(bytes, i),
  );
  return decodeUtf8(bytes, name, 'UTF-8');
}

function decodeUtf8(bytes: Uint8Array, name: string, encoding: string): DecodedDocument {
  const scan = scanUtf8(bytes);
  if (scan.invalid === 0) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), encoding };
  const undecodable = (): never => {
    const where = bytePosition(bytes, scan.firstInvalid);
    throw new DossierError(
      'UNDECODABLE_DOCUMENT',
      `${name} has bytes that are not valid UTF-8 (byte ${scan.firstInvalid}) and no other encoding fits`,
      {
        file: name,
        ...where,
        expected: expectedText,
      },
    );
  };
  // Well-formed multi-byte sequences next to a few invalid bytes: broken UTF-8, not a legacy
  // encoding (legacy text has many invalid bytes and at most the odd accidental valid sequence).
  if (encoding === 'UTF-8' && scan.validMultibyte > 0 && scan.validMultibyte * 4 >= scan.invalid) undecodable();
  const legacy = detectLegacyEncoding(bytes);
  if (!legacy) undecodable();
  const text = iconv.decode(Buffer.from(bytes), legacy as string);
  const replacement = text.indexOf('\ufffd');
  if (replacement >= 0) {
    const where = new LineIndex(text).positionAt(replacement);
    throw new DossierError('UNDECODABLE_DOCUMENT', `${name} has bytes that are not valid in ${legacy} or UTF-8`, {
      file: name,
      ...where,
      expected: expectedText,
    });
  }
  return { text, encoding: legacy as string };
}
