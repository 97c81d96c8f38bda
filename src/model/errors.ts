// The one error type of Dossier: a stable machine-readable code, an HTTP status, and, for bad
// input, where in which file the problem is and what was expected.
import { z } from 'zod';

export const errorCodes = {
  // Bad input: the CLI exits 2 for these (see `isInputErrorCode`).
  INVALID_DOCUMENT: 422,
  EMPTY_DOCUMENT: 422,
  BINARY_DOCUMENT: 415,
  UNDECODABLE_DOCUMENT: 415,
  /** A document or request over a hard limit (nesting depth, front-matter keys, sentences, tokens, mentions…). */
  LIMIT_EXCEEDED: 422,
  /** A document whose parsing/extraction went over its CPU-time or memory budget. */
  BUDGET_EXCEEDED: 422,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  // Failures of Dossier or its store: the CLI exits 1 and prints the hint.
  STORE_ERROR: 500,
  /** The database file or server refuses writes (read-only file, read-only transaction, permissions). */
  STORE_READ_ONLY: 503,
  /** No space left for the database (disk or quota full). */
  STORE_DISK_FULL: 507,
  /** The database stayed locked or busy longer than the wait allows. */
  STORE_BUSY: 503,
  /** The file or schema is not a Dossier database (garbage file, a folder, another application's tables). */
  STORE_NOT_A_DATABASE: 500,
  /** The database does not exist (read commands never create one). */
  STORE_MISSING: 500,
  /** The database was written by a newer (or unknown) schema version. */
  STORE_SCHEMA_VERSION: 500,
  /** The database server cannot be reached (refused, DNS, timeout) or the database is missing on it. */
  STORE_UNREACHABLE: 503,
  /** The database server refused the credentials. */
  STORE_AUTH: 503,
  /** The native SQLite module does not load in this Node.js (ABI mismatch: rebuild it). */
  STORE_NATIVE_MODULE: 500,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

const inputErrorCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_DOCUMENT',
  'EMPTY_DOCUMENT',
  'BINARY_DOCUMENT',
  'UNDECODABLE_DOCUMENT',
  'LIMIT_EXCEEDED',
  'BUDGET_EXCEEDED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
]);

/** Codes that mean "the input was bad" (CLI exit 2); every other code is a failure (exit 1). */
export const isInputErrorCode = (code: ErrorCode): boolean => inputErrorCodes.has(code);

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export interface DossierErrorOptions extends ErrorLocation {
  expected?: string;
  /** What the user can do about it ("run `dossier doctor`", "free disk space", …). */
  hint?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class DossierError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly expected?: string;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DossierErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DossierError';
    this.code = code;
    this.status = errorCodes[code];
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.expected = options.expected;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** `file:line:column: message (expected …)`, the form printed by the CLI. */
  describe(): string {
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':');
    const expected = this.expected ? ` (expected ${this.expected})` : '';
    return `${where ? `${where}: ` : ''}${this.message}${expected}`;
  }

  toEnvelope(): ErrorEnvelope {
    const error: ErrorEnvelope['error'] = { code: this.code, message: this.message };
    if (this.file !== undefined) error.file = this.file;
    if (this.line !== undefined) error.line = this.line;
    if (this.column !== undefined) error.column = this.column;
    if (this.expected !== undefined) error.expected = this.expected;
    if (this.hint !== undefined) error.hint = this.hint;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export const isDossierError = (value: unknown): value is DossierError => value instanceof DossierError;

/** The API's one error envelope. */
export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      file: z.string().optional(),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
      expected: z.string().optional(),
      hint: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'ErrorEnvelope' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Line and column (1-based, column in UTF-16 code units) of an offset into a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
