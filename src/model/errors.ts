// The one error type of Dossier: a stable machine-readable code, an HTTP status, and, for bad
// input, where in which file the problem is and what was expected.
import { z } from 'zod';

export const errorCodes = {
  INVALID_DOCUMENT: 422,
  EMPTY_DOCUMENT: 422,
  BINARY_DOCUMENT: 415,
  UNDECODABLE_DOCUMENT: 415,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  STORE_ERROR: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export interface DossierErrorOptions extends ErrorLocation {
  expected?: string;
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
