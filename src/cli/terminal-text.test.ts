// The terminal sanitiser: nothing that acts on a terminal survives, layout newlines and tabs stay,
// JSON stays the same JSON value, colour follows NO_COLOR / --no-color / TTY, a closed pipe is quiet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TerminalText,
  TerminalWriter,
  colorWanted,
  escapeBlock,
  escapeField,
  escapeJsonText,
  safe,
  type OutputStream,
} from './terminal-text.js';

/** Every character the sanitiser must never let through raw (newline and tab only as layout). */
const unsafeAnywhere =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const unsafeInField = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const dangerous = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '\x7f',
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(0x80 + code)),
  '\u061c',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

const capture = (isTTY = false) => {
  const chunks: string[] = [];
  const stream: OutputStream = { isTTY, write: (chunk: string) => chunks.push(chunk) };
  return { stream, text: () => chunks.join('') };
};

describe('escapeField and escapeBlock', () => {
  it('shows every control, separator and bidi character as a visible \\u{…} escape', () => {
    for (const character of dangerous) {
      const shown = escapeField(`a${character}b`);
      expect(shown, JSON.stringify(character)).toBe(`a\\u{${character.codePointAt(0)!.toString(16)}}b`);
    }
    expect(escapeField('Kazakh\x1b]0;pwned\x07stan\x1b[2J')).toBe('Kazakh\\u{1b}]0;pwned\\u{7}stan\\u{1b}[2J');
  });

  it('keeps newlines and tabs in blocks only', () => {
    expect(escapeBlock('a\tb\nc\rd\x1b')).toBe('a\tb\nc\\u{d}d\\u{1b}');
    expect(escapeField('a\tb\nc')).toBe('a\\u{9}b\\u{a}c');
  });

  it('leaves ordinary text of any script alone (emoji with joiners, accents, RTL letters)', () => {
    for (const text of ['Казахстан', 'أفغانستان', 'ישראל', '👩‍👩‍👧', 'Ürümqi – “quotes” …', 'x\\u{1b}'])
      expect(escapeField(text)).toBe(text);
  });

  it('never lets an unsafe character through, for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeField(text)).not.toMatch(unsafeInField);
        expect(escapeBlock(text)).not.toMatch(unsafeAnywhere);
        expect(escapeField(escapeField(text))).toBe(escapeField(text));
      }),
      { numRuns: 500 },
    );
  });

  it('safe`…` escapes the values as fields and keeps the layout of the literals', () => {
    const label = 'evil\nline\x1b[2J';
    expect(safe`name:\t${label}\n`.text).toBe('name:\tevil\\u{a}line\\u{1b}[2J\n');
    expect(safe`${new TerminalText('\x1b[1m')}${'x'}`.text).toBe('\x1b[1mx');
  });
});

describe('escapeJsonText', () => {
  it('gives the same JSON value with nothing raw that acts on a terminal (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const input of [value, { text, nested: [text] }]) {
          const json = escapeJsonText(JSON.stringify(input, null, 2));
          expect(json).not.toMatch(unsafeAnywhere);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('colour', () => {
  const tty = { isTTY: true, write: () => true };
  const pipe = { isTTY: false, write: () => true };
  it('is on for a terminal, off for a pipe, off with any non-empty NO_COLOR, --no-color or TERM=dumb', () => {
    expect(colorWanted(tty, {})).toBe(true);
    expect(colorWanted(pipe, {})).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorWanted(tty, {}, true)).toBe(false);
    expect(colorWanted(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('FORCE_COLOR turns it on for a pipe, but never over NO_COLOR or --no-color', () => {
    expect(colorWanted(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorWanted(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorWanted(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(pipe, { FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('styles with ANSI only when colour is on; the styled data is still escaped', () => {
    const on = new TerminalWriter(capture().stream, true);
    const off = new TerminalWriter(capture().stream, false);
    expect(on.styled('x\x1b[2J', 'highlight').text).toBe('\x1b[1;33mx\\u{1b}[2J\x1b[0m');
    expect(off.styled('x\x1b[2J', 'highlight', ['[', ']']).text).toBe('[x\\u{1b}[2J]');
  });
});

describe('TerminalWriter', () => {
  it('escapes plain strings written as blocks and passes TerminalText through', () => {
    const sink = capture();
    const writer = new TerminalWriter(sink.stream, false);
    writer.write('a\x1b]0;t\x07\n', safe`${'b\n'}\n`);
    writer.json({ text: '\x1b\u202e\x9b' });
    expect(sink.text()).toBe('a\\u{1b}]0;t\\u{7}\nb\\u{a}\n{\n  "text": "\\u001b\\u202e\\u009b"\n}\n');
  });

  it('goes quiet after EPIPE thrown by a write, and rethrows anything else', () => {
    let calls = 0;
    const broken: OutputStream = {
      write: () => {
        calls++;
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    };
    const writer = new TerminalWriter(broken, false);
    writer.write('one');
    writer.write('two');
    expect(writer.isClosed).toBe(true);
    expect(calls).toBe(1);
    const failing = new TerminalWriter(
      {
        write: () => {
          throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        },
      },
      false,
    );
    expect(() => failing.write('x')).toThrow(/no space/);
  });
});
