// HTTP/1.1 over raw sockets for the battery: requests are written byte for byte (so broken URL
// encoding, oversized headers, bad content types and malformed bodies reach the server as
// sent), one connection per request, from a chosen local address (127.x.y.z are all loopback,
// which gives the login tests many real client addresses).
import net from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target as sent (not re-encoded). */
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send exactly these bytes instead of building the request. */
  raw?: Buffer;
  localAddress?: string;
  /**
   * The request is incomplete on purpose: the socket is half-closed after it, and a close without an answer (status 0)
   * is acceptable.
   */
  incomplete?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  ms: number;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Builds the bytes of a request (Connection: close; Content-Length for a body unless given). */
export function serialise(port: number, request: RawRequest): Buffer {
  if (request.raw) return request.raw;
  const body =
    request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...request.headers };
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (body && !names.has('content-length') && !names.has('transfer-encoding'))
    headers['content-length'] = String(body.length);
  const head = `${request.method} ${request.url} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n`;
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

/** Sends one request and reads the whole answer; rejects on a connection error or after `timeoutMs`. */
export function send(port: number, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: request.localAddress });
    const chunks: Buffer[] = [];
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no complete answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const finish = () => {
      if (settled) return;
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd < 0 && all.length === 0 && request.incomplete) {
        settled = true;
        clearTimeout(timer);
        return resolve({
          status: 0,
          headers: {},
          setCookies: [],
          body: Buffer.alloc(0),
          ms: performance.now() - started,
        });
      }
      if (headEnd < 0)
        return fail(
          new Error(
            all.length
              ? `malformed answer: ${all.subarray(0, 80).toString('latin1')}`
              : 'connection closed without an answer',
          ),
        );
      const lines = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
      if (!Number.isInteger(status)) return fail(new Error(`malformed status line: ${lines[0]}`));
      const headers: Record<string, string> = {};
      const setCookies: string[] = [];
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'set-cookie') setCookies.push(value);
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      let body: Buffer = all.subarray(headEnd + 4);
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
      else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, headers, setCookies, body, ms: performance.now() - started });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // Answers to HEAD or with a complete Content-Length may arrive before the server closes.
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const head = all.subarray(0, headEnd).toString('latin1');
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
        if (
          (length !== undefined && all.length - headEnd - 4 >= Number(length)) ||
          (request.method === 'HEAD' && !request.raw) ||
          /^HTTP\/1\.[01] (?:1\d\d|204|304)/.test(head)
        )
          finish();
      }
    });
    socket.on('end', finish);
    socket.on('close', finish);
    // A server may answer and close before it has read the whole request (an early 400): the
    // client's write then fails with EPIPE/ECONNRESET while the answer is still to be read, so
    // those errors wait for 'close', which judges whatever arrived ("no answer" when nothing did).
    const closedEarly = (error: Error) => /EPIPE|ECONNRESET/.test((error as NodeJS.ErrnoException).code ?? '');
    socket.on('error', (error) => (chunks.length || closedEarly(error) ? undefined : fail(error)));
    socket.write(serialise(port, request), (error) => {
      if (error && !chunks.length && !closedEarly(error)) fail(error);
    });
    if (request.incomplete) socket.end();
  });
}

/** Cookie header value from Set-Cookie lines (name=value pairs only). */
export const cookieHeader = (setCookies: string[], existing: Record<string, string> = {}): Record<string, string> => {
  const jar = { ...existing };
  for (const line of setCookies) {
    const pair = line.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return jar;
};

export const cookieString = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** JSON of an answer body, or undefined. */
export function jsonOf(response: RawResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Percent-encodes the UTF-8 bytes of `text` (lone surrogates become U+FFFD, as a browser sends them). */
export const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
