// The UI's only way to the data: JSON requests to the API, failures as ApiError carrying the
// code, message, location (file, line, column) and expectation of the API's error envelope, and
// the Retry-After wait of a 429. Writes carry the session's CSRF token (see session.ts).
import type { ErrorEnvelope } from '../model/index.js';

/** The error envelope's fields as a failed response may carry them (any of them may be missing). */
export type ErrorEnvelopeBody = Partial<ErrorEnvelope['error']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly envelope: ErrorEnvelopeBody = {},
    /** Seconds to wait before trying again (from Retry-After on a 429). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function readResponse<T>(response: Response): Promise<T> {
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: ErrorEnvelopeBody } | null)?.error ?? {};
    const retry = response.headers.get('retry-after');
    const retryAfter = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null;
    throw new ApiError(
      response.status,
      error.code ?? 'HTTP_ERROR',
      error.message ?? `${response.status} ${response.statusText}`,
      error,
      retryAfter,
    );
  }
  return body as T;
}

/** Requests started before a page asked for them (prefetchJson), by path, each taken once by getJson. */
let early = new Map<string, { response: Promise<Response>; controller: AbortController }>();

/**
 * Starts GET requests a page is about to make (its first screen's, while its code is still loading): getJson takes
 * the answer of the same path instead of asking again. The requests of the previous call that no page took are
 * abandoned (aborted): a page left before it asked for them.
 */
export function prefetchJson(paths: readonly string[]): void {
  for (const { controller } of early.values()) controller.abort();
  early = new Map();
  for (const path of paths) {
    if (early.has(path)) continue;
    const controller = new AbortController();
    const response = fetch(path, {
      headers: { accept: 'application/json' },
      signal: controller.signal,
      credentials: 'same-origin',
    });
    response.catch(() => undefined); // a request no page takes must not report an unhandled rejection
    early.set(path, { response, controller });
  }
}

/** The started request of `path`, if any (taken: the next getJson of it asks anew), tied to `signal`. */
function takeEarly(path: string, signal?: AbortSignal): Promise<Response> | null {
  const pending = early.get(path);
  if (!pending) return null;
  early.delete(path);
  if (signal?.aborted) pending.controller.abort();
  else signal?.addEventListener('abort', () => pending.controller.abort(), { once: true });
  return pending.response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response =
    (await takeEarly(path, signal)) ??
    (await fetch(path, { headers: { accept: 'application/json' }, signal, credentials: 'same-origin' }));
  return readResponse<T>(response);
}

/** A state-changing request: JSON body (or FormData), with the X-CSRF-Token header when given. */
export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  csrfToken: string | null,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' });
  return readResponse<T>(response);
}

/** A path with a query string built from the defined, non-empty values. */
export function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** An API error as one line a reader understands: message, where (line/column), what was expected. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const { file, line, column, expected } = error.envelope;
  const where = [file, line !== undefined ? `line ${line}` : null, column !== undefined ? `column ${column}` : null]
    .filter(Boolean)
    .join(', ');
  return `${error.message}${where ? ` (${where})` : ''}${expected ? `; expected ${expected}` : ''}`;
}
