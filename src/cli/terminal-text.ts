// Safe terminal output for the CLI: the one sanitiser every text the CLI prints goes through,
// colour decisions (NO_COLOR, --no-color, not a terminal) and quiet handling of a closed pipe.
//
// Convention: a character that could act on the terminal instead of being shown is printed as a
// visible escape `\u{…}` (lowercase hex code point): C0 controls (U+0000–U+001F), DEL (U+007F),
// C1 controls (U+0080–U+009F), the line/paragraph separators U+2028/U+2029 and the bidirectional
// formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). So a document
// title `ESC]0;pwned BEL` prints as `\u{1b}]0;pwned\u{7}` and never retitles or clears a terminal.
// Text coming from data (labels, names, file names, messages) is escaped as a *field*: a newline or
// a tab in it is shown as `\u{a}` / `\u{9}`, so one label is always one line. The CLI's own layout
// (the literal parts of what a command prints) keeps its newlines and tabs (*block* mode).

/** Characters that are never written raw to a terminal (see the header). */
const unsafeInField = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** The same without \n and \t, which are layout in a block of the CLI's own text. */
const unsafeInBlock =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const visible = (character: string): string => `\\u{${character.codePointAt(0)!.toString(16)}}`;

/** Data shown on a terminal: every control, separator and bidi character (newline and tab too) made visible. */
export const escapeField = (value: unknown): string => String(value).replace(unsafeInField, visible);

/** A block of output text: like escapeField, but newlines and tabs stay layout. */
export const escapeBlock = (value: string): string => value.replace(unsafeInBlock, visible);

/**
 * JSON for a terminal: JSON.stringify already escapes C0 controls; this also escapes DEL, C1,
 * the separators and the bidi characters as `\uXXXX` (the same JSON value, nothing raw on a terminal).
 */
export const escapeJsonText = (json: string): string =>
  json.replace(unsafeInBlock, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Text that is already safe (escaped data with the CLI's own styling around it); written as is. */
export class TerminalText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Printable = string | number | TerminalText;

/**
 * Tagged template for everything the CLI prints: the literal parts are the CLI's layout (block
 * mode), every `${value}` is data (field mode) unless it is already a TerminalText.
 * `out.write(safe`refused ${file}: ${message}\n`)`.
 */
export function safe(literals: TemplateStringsArray, ...values: unknown[]): TerminalText {
  let text = escapeBlock(literals[0]!);
  values.forEach((value, index) => {
    text += value instanceof TerminalText ? value.text : escapeField(value);
    text += escapeBlock(literals[index + 1]!);
  });
  return new TerminalText(text);
}

/** The stream a writer prints to: process.stdout/stderr or, in tests, anything with write(). */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

const styles = {
  highlight: ['\x1b[1;33m', '\x1b[0m'],
  success: ['\x1b[32m', '\x1b[0m'],
  failure: ['\x1b[31m', '\x1b[0m'],
  dim: ['\x1b[2m', '\x1b[0m'],
} as const;
export type Style = keyof typeof styles;

/** Whether to colour: never with --no-color, a non-empty NO_COLOR or TERM=dumb; else FORCE_COLOR or a terminal. */
export function colorWanted(stream: OutputStream, env: NodeJS.ProcessEnv, noColorFlag = false): boolean {
  if (noColorFlag || (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false')
    return true;
  return stream.isTTY === true;
}

/** Prints to one stream; every string goes through the sanitiser, a closed pipe silences it. */
export class TerminalWriter {
  private closed = false;

  constructor(
    readonly stream: OutputStream,
    public color: boolean,
  ) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** Whether the reader went away (EPIPE); later writes are dropped. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Marks the stream closed (the reader of the pipe went away). */
  markClosed(): void {
    this.closed = true;
  }

  /** Writes blocks of text: strings in block mode (layout newlines and tabs kept), TerminalText as is. */
  write(...parts: Printable[]): void {
    if (this.closed) return;
    const text = parts.map((part) => (part instanceof TerminalText ? part.text : escapeBlock(String(part)))).join('');
    try {
      this.stream.write(text);
    } catch (error) {
      if (isBrokenPipe(error)) this.closed = true;
      else throw error;
    }
  }

  /** A field in a style when colour is on; `plain` wraps it otherwise (e.g. `[`…`]` for a search match). */
  styled(value: unknown, style: Style, plain: [string, string] = ['', '']): TerminalText {
    const [open, close] = this.color ? styles[style] : plain;
    return new TerminalText(`${open}${escapeField(value)}${close}`);
  }

  /** JSON of a value, pretty-printed, with nothing that acts on a terminal. */
  json(value: unknown): void {
    this.write(new TerminalText(`${escapeJsonText(JSON.stringify(value, null, 2))}\n`));
  }
}

export const isBrokenPipe = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EPIPE';

/** The two writers of a CLI run and the environment it reads. */
export interface TerminalIo {
  out: TerminalWriter;
  err: TerminalWriter;
  env: NodeJS.ProcessEnv;
  /** What `-` reads (`dossier extract -`, `dossier ingest -`); default process.stdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

let processIo: TerminalIo | undefined;

/**
 * Writers over process.stdout/stderr (one pair per process). A reader that goes away
 * (`dossier list | head -1`) ends output quietly: EPIPE silences that stream instead of a stack
 * trace, and the command finishes normally. Any other write failure (a full disk under `>`)
 * silences the stream too, but says so on the other one and makes the exit code 1.
 */
export function processTerminalIo(env: NodeJS.ProcessEnv = process.env): TerminalIo {
  if (processIo) return processIo;
  const out = new TerminalWriter(process.stdout, colorWanted(process.stdout, env));
  const err = new TerminalWriter(process.stderr, colorWanted(process.stderr, env));
  const guard = (stream: NodeJS.WriteStream, writer: TerminalWriter, other: TerminalWriter, name: string) =>
    stream.on('error', (error: NodeJS.ErrnoException) => {
      writer.markClosed();
      if (isBrokenPipe(error)) return;
      process.exitCode = 1;
      other.write(safe`dossier: cannot write to ${name}: ${error.message}\n`);
    });
  guard(process.stdout, out, err, 'stdout');
  guard(process.stderr, err, out, 'stderr');
  processIo = { out, err, env };
  return processIo;
}
