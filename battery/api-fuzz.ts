// Class 3 of the battery, API fuzz over every route of /openapi.json: seeded hostile requests
// (path parameters, query strings, JSON and multipart bodies, content types, oversized and
// broken headers, bad URL encoding, malformed request lines) from every kind of caller, over raw
// sockets to the real server in a child process. Survived = an answer below 500, every error
// answer the JSON envelope (ErrorEnvelopeSchema), the server alive and healthy, and no table
// changed by callers without rights (anonymous, reader, bad token, a session without its CSRF
// token), compared by checksum before and after that phase. The api engineer's fuzzRequests
// (src/api/test-support/api-fuzz.ts) adds its requests when present.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorEnvelopeSchema } from '../src/model/index.js';
import { ClassResult, Random, replayHint, repositoryRoot, type BatteryOptions } from './battery-support.js';
import { startBatteryServer, type BatteryServer } from './battery-server.js';
import { cookieString, jsonOf, percentEncode, send, type RawRequest, type RawResponse } from './raw-http.js';

interface Route {
  method: string;
  path: string;
  params: Array<{ name: string; in: string }>;
  bodyTypes: string[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, unknown> } }
    >
  >;
}

export const hostileStrings: readonly string[] = [
  '',
  ' ',
  'kazakhstan',
  'KAZ',
  'astana',
  'taliban',
  '1',
  '0',
  '-1',
  '99999999999999999999',
  '1e309',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '..',
  '../..',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f',
  '%00',
  '%0d%0aSet-Cookie:%20x=1',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  "' OR 1=1 --",
  '"; DROP TABLE actors; --',
  '1 UNION SELECT password_hash FROM users',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '%E2%80%AE',
  '%F0%9F%87%B0%F0%9F%87%BF',
  '%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD',
  '%1B%5D0%3Bpwned%07',
  'a'.repeat(101),
  'a'.repeat(5000),
  '%61'.repeat(3000),
  'NEAR(',
  '"',
  '*',
  'a:b',
  '\\',
  '%5C',
  '+',
  '%2B',
  '%20',
  '~',
  '.',
  ';',
  'a;b',
  'a,b',
  '?',
  '#',
  '%23',
];

const hostileJsonValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  'x',
  '',
  'a'.repeat(100_000),
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  { constructor: { prototype: { role: 'admin' } } },
  'reader',
  'editor',
  'admin',
  'kazakhstan',
  'astana',
  '\u0000',
  '\u202e',
  '<img src=x onerror=alert(1)>',
  12.5,
  [1, 2, 3],
  { a: { b: { c: {} } } },
];

const contentTypes: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-7',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=x',
  'application/xml',
  'image/png',
  '',
  '*/*',
  'application/json; boundary=x',
  `application/json; ${'p=1; '.repeat(500)}`,
];

function routesOf(openapi: OpenApi): Route[] {
  const routes: Route[] = [];
  for (const [routePath, methods] of Object.entries(openapi.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!/^(get|post|put|patch|delete|head|options)$/i.test(method)) continue;
      const params = (operation.parameters ?? []).map((parameter) => ({ name: parameter.name, in: parameter.in }));
      for (const match of routePath.matchAll(/\{([^}]+)\}/g))
        if (!params.some((parameter) => parameter.name === match[1])) params.push({ name: match[1]!, in: 'path' });
      routes.push({
        method: method.toUpperCase(),
        path: routePath,
        params,
        bodyTypes: Object.keys(operation.requestBody?.content ?? {}),
      });
    }
  }
  return routes;
}

const encodeLoosely = (value: string, random: Random) =>
  random.chance(0.5) || /^[\w%.~-]*$/.test(value) ? value : percentEncode(value);

function jsonBody(random: Random): string {
  switch (random.int(0, 9)) {
    case 0:
      return `${'['.repeat(random.pick([100, 10_000, 100_000]))}`;
    case 1:
      return random.pick([
        '{',
        '{"a":',
        'nul',
        '\u0000',
        '{"a":1}{"b":2}',
        '\ufeff{"username":"x"}',
        '{"a":"\\ud800"}',
        "{'a':1}",
        '[1,]',
        '{"a":1e99999}',
      ]);
    case 2:
      return JSON.stringify(random.pick(hostileJsonValues));
    case 3:
      return `{${Array.from({ length: random.pick([1000, 50_000]) }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    default: {
      const fields = [
        'username',
        'password',
        'role',
        'name',
        'label',
        'user',
        'text',
        'format',
        'status',
        'kind',
        'start',
        'end',
        'payload',
        'into',
        'aliases',
        'wikidata',
        'country',
        'type',
        'version',
        '__proto__',
      ];
      const body: Record<string, unknown> = {};
      for (let i = random.int(0, 6); i > 0; i--) body[random.pick(fields)] = random.pick(hostileJsonValues);
      return JSON.stringify(body);
    }
  }
}

function multipartBody(random: Random): { body: Buffer; contentType: string } {
  const boundary = `battery${random.int(0, 1e9)}`;
  const good =
    `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ntext\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="k.txt"\r\n` +
    'Content-Type: text/plain\r\n\r\n' +
    `Kazakhstan\n\nProfile\nKazakhstan trades.\r\n--${boundary}--\r\n`;
  switch (random.int(0, 8)) {
    case 0:
      return { body: Buffer.from(good), contentType: 'multipart/form-data' };
    case 1:
      return {
        body: Buffer.from(good.slice(0, random.int(1, good.length - 1))),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 2:
      return { body: random.bytes(random.int(1, 4096)), contentType: `multipart/form-data; boundary=${boundary}` };
    case 3:
      return { body: Buffer.from(good), contentType: 'multipart/form-data; boundary=wrong' };
    case 4:
      return {
        body: Buffer.from(`--${boundary}\r\n`.repeat(5000)),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 5:
      return {
        body: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno filename\r\n--${boundary}--\r\n`,
        ),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 6:
      return {
        body: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
            `filename="${'a'.repeat(10_000)}.txt"\r\n\r\n\u0000\u0001\r\n--${boundary}--\r\n`,
        ),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 7:
      return {
        body: Buffer.from(`--${boundary}\r\n${'X-Header: x\r\n'.repeat(2000)}\r\nx\r\n--${boundary}--\r\n`),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    default:
      return { body: Buffer.from(good), contentType: `multipart/form-data; boundary="${boundary}"; charset=utf-16` };
  }
}

/** Whole-request oddities only raw sockets can send. */
function rawOddity(random: Random, port: number): RawRequest {
  const host = `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
  const options = [
    `GET /api/actors/${'%E0%A4%A'} HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors/${'k'.repeat(random.pick([101, 150, 1000, 20_000]))} HTTP/1.1\r\n${host}\r\n`,
    `GET /api/search?q=${'a'.repeat(random.pick([2000, 70_000]))} HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}X-Big: ${'x'.repeat(random.pick([17_000, 40_000, 100_000]))}\r\n\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}Bad Header Without Colon\r\n\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}Content-Length: 5\r\nContent-Length: 7\r\n\r\nabcde`,
    `POST /api/documents/paste HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\nContent-Type: ` +
      `application/json\r\n\r\nzz\r\nxx\r\n0\r\n\r\n`,
    `POST /api/auth/login HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":`,
    `GET http://evil.example/api/actors HTTP/1.1\r\n${host}\r\n`,
    `GET /api/../../etc/passwd HTTP/1.1\r\n${host}\r\n`,
    `GET //api//actors// HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors?${'a=1&'.repeat(5000)} HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors?x=%E0%A4%A&y=%zz HTTP/1.1\r\n${host}\r\n`,
    `PROPFIND /api/actors HTTP/1.1\r\n${host}\r\n`,
    `TRACE /api/actors HTTP/1.1\r\n${host}\r\n`,
    `OPTIONS * HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}Accept: ${'text/html;q=0.1,'.repeat(1000)}\r\n\r\n`,
    `GET /api/actors/kazakhstan HTTP/1.1\r\n${host}If-None-Match: ${'"x", '.repeat(1000)}\r\n\r\n`,
    `GET /api/auth/session HTTP/1.1\r\n${host}Cookie: ${'a=b; '.repeat(2000)}\r\n\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}Authorization: Bearer ${'x'.repeat(8000)}\r\n\r\n`,
    `GET /api/actors HTTP/1.1\r\n${host}X-Forwarded-For: ${'1.2.3.4, '.repeat(1000)}\r\n\r\n`,
    `GET /api/act\u00f6rs HTTP/1.1\r\n${host}\r\n`,
    `GET /api/actors/%00 HTTP/1.1\r\n${host}\r\n`,
  ];
  const text = random.pick(options);
  // A body shorter than its Content-Length: the client closes its side; no answer is acceptable.
  const incomplete = /Content-Length: 100\r\n|Content-Length: 5\r\nContent-Length: 7/.test(text);
  return { method: 'RAW', url: '(raw)', raw: Buffer.from(text, 'latin1'), incomplete };
}

type Caller = { name: string; privileged: boolean; headers(): Record<string, string> };

function buildRequest(route: Route, caller: Caller, random: Random): RawRequest {
  let url = route.path.replace(/\{([^}]+)\}/g, () => encodeLoosely(random.pick(hostileStrings), random) || 'x');
  const query: string[] = [];
  for (const parameter of route.params.filter((p) => p.in === 'query')) {
    if (random.chance(0.4)) continue;
    const value = encodeLoosely(random.pick(hostileStrings), random);
    query.push(`${parameter.name}=${value}`);
    if (random.chance(0.1)) query.push(`${parameter.name}=${value}`);
  }
  if (random.chance(0.1))
    query.push(`${random.pick(['__proto__', 'constructor', 'x', '', '%zz'])}=${random.pick(hostileStrings)}`);
  if (query.length) url += `?${query.join('&')}`;
  const method = random.chance(0.08)
    ? random.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])
    : route.method;
  const headers: Record<string, string> = { ...caller.headers() };
  let body: Buffer | string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && (route.bodyTypes.length > 0 || random.chance(0.3))) {
    if (route.bodyTypes.some((type) => type.startsWith('multipart')) && random.chance(0.7)) {
      const part = multipartBody(random);
      body = part.body;
      headers['content-type'] = part.contentType;
    } else {
      body = jsonBody(random);
      headers['content-type'] = random.chance(0.75) ? 'application/json' : random.pick(contentTypes);
      if (headers['content-type'] === '') delete headers['content-type'];
    }
  }
  if (random.chance(0.05)) headers['x-large'] = 'y'.repeat(random.pick([1000, 8000, 15_000]));
  if (random.chance(0.05)) headers.accept = random.pick(['*/*', 'text/html', 'application/xml', '']);
  return { method, url, headers, body };
}

const summarise = (request: RawRequest) =>
  request.raw
    ? JSON.stringify(request.raw.subarray(0, 160).toString('latin1'))
    : `${request.method} ${request.url.slice(0, 160)}` +
      `${request.headers?.['content-type'] ? ` [${request.headers['content-type'].slice(0, 60)}]` : ''}` +
      `${request.body ? ` body ${JSON.stringify(request.body.toString().slice(0, 80))}` : ''}`;

/** Judges one answer: null when it is acceptable. */
export function judgeAnswer(request: RawRequest, response: RawResponse): string | null {
  if (response.status === 0) return null; // an incomplete request whose connection was closed
  if (response.status >= 500) return `answered ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`;
  if (response.status >= 400 && request.method !== 'HEAD') {
    const parsed = ErrorEnvelopeSchema.safeParse(jsonOf(response));
    if (!parsed.success)
      return (
        `error ${response.status} outside the envelope: ` +
        `${JSON.stringify(response.body.toString('utf8').slice(0, 200))} ` +
        `(${response.headers['content-type'] ?? 'no content type'})`
      );
  }
  if (response.status === 429 && !response.headers['retry-after']) return '429 without Retry-After';
  return null;
}

interface ExternalFuzzRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

async function externalRequests(openapi: unknown, seed: number, count: number): Promise<RawRequest[] | null> {
  const file = path.join(repositoryRoot, 'src', 'api', 'test-support', 'api-fuzz.ts');
  if (!existsSync(file)) return null;
  const module = (await import(pathToFileURL(file).href)) as {
    fuzzRequests?: (openapi: unknown, options: { seed: number; count: number }) => Iterable<ExternalFuzzRequest>;
  };
  if (!module.fuzzRequests) return null;
  const out: RawRequest[] = [];
  for (const item of module.fuzzRequests(openapi, { seed, count })) {
    const headers = { ...(item.headers ?? {}) };
    let body: Buffer | string | undefined;
    if (item.payload !== undefined) {
      if (typeof item.payload === 'string' || Buffer.isBuffer(item.payload)) body = item.payload;
      else {
        body = JSON.stringify(item.payload);
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
          headers['content-type'] = 'application/json';
      }
    }
    out.push({ method: item.method.toUpperCase(), url: item.url, headers, body });
    if (out.length >= count) break;
  }
  return out;
}

/** Sends `requests` with a few in flight; records each in `result`. */
async function fire(
  server: BatteryServer,
  requests: Array<{ request: RawRequest; label: string }>,
  result: ClassResult,
  reproduce: string,
  log: (line: string) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { request, label } = requests[next++]!;
      let failure: string | null;
      let ms = 0;
      try {
        const response = await send(server.port, request, 30_000);
        ms = response.ms;
        failure = judgeAnswer(request, response);
      } catch (error) {
        failure =
          `no answer: ${error instanceof Error ? error.message : String(error)}` +
          `${server.alive() ? '' : ` — the server died: ${server.stderrTail()}`}`;
      }
      result.record(`${label}: ${summarise(request)}`, ms, failure, reproduce);
      if (++done % 500 === 0) {
        log(`fuzz: ${done}/${requests.length} (${result.failed} failed)`);
        try {
          const health = await send(server.port, { method: 'GET', url: '/healthz' }, 15_000);
          if (health.status !== 200)
            result.record('healthz between batches', health.ms, `GET /healthz answered ${health.status}`, reproduce);
        } catch (error) {
          result.record(
            'healthz between batches',
            0,
            `the server does not answer /healthz: ${error instanceof Error ? error.message : String(error)}; ` +
              `${server.stderrTail()}`,
            reproduce,
          );
        }
      }
      if (!server.alive()) return;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

export async function runApiFuzz(options: BatteryOptions): Promise<ClassResult> {
  const result = new ClassResult('API fuzz');
  const folder = path.join(options.workFolder, 'fuzz');
  await mkdir(folder, { recursive: true });
  const server = await startBatteryServer(folder, 'fuzz');
  const reproduce = replayHint(options, 'fuzz');
  try {
    const openapiResponse = await send(server.port, { method: 'GET', url: '/openapi.json' });
    const openapi = jsonOf(openapiResponse) as OpenApi;
    const routes = routesOf(openapi);
    if (routes.length === 0) throw new Error(`no routes in /openapi.json (${openapiResponse.status})`);
    result.notes.push(`${routes.length} operations from /openapi.json`);
    const session = await server.login('editor1');
    const sessionCookie = cookieString(session.cookies);
    const total = options.reduced ? 1000 : 10_000;
    const random = new Random(options.seed ^ 0xf022);
    const unprivileged: Caller[] = [
      { name: 'anonymous', privileged: false, headers: () => ({}) },
      { name: 'reader token', privileged: false, headers: () => ({ authorization: `Bearer ${server.tokens.reader}` }) },
      {
        name: 'bad credentials',
        privileged: false,
        headers: () => ({
          authorization: random.pick([
            'Bearer x',
            'Bearer ',
            'Basic YWRtaW4xOmFkbWlu',
            `Bearer ${server.tokens.editor}x`,
            'bearer',
            `Bearer ${server.tokens.admin.slice(0, -1)}`,
          ]),
        }),
      },
      { name: 'session without CSRF', privileged: false, headers: () => ({ cookie: sessionCookie }) },
      {
        name: 'session with a wrong CSRF',
        privileged: false,
        headers: () => ({
          cookie: sessionCookie,
          'x-csrf-token': random.pick(['x', '', session.csrfToken.slice(0, -1), `${session.csrfToken}x`]),
        }),
      },
    ];
    const privileged: Caller[] = [
      { name: 'editor token', privileged: true, headers: () => ({ authorization: `Bearer ${server.tokens.editor}` }) },
      { name: 'admin token', privileged: true, headers: () => ({ authorization: `Bearer ${server.tokens.admin}` }) },
      {
        name: 'editor session with CSRF',
        privileged: true,
        headers: () => ({ cookie: sessionCookie, 'x-csrf-token': session.csrfToken }),
      },
    ];
    const makeBatch = (callers: Caller[], count: number) =>
      Array.from({ length: count }, () => {
        if (random.chance(0.08)) return { request: rawOddity(random, server.port), label: 'raw' };
        const caller = random.pick(callers);
        return { request: buildRequest(random.pick(routes), caller, random), label: caller.name };
      });
    // Phase 1: callers without rights; nothing may change.
    const external = await externalRequests(openapi, options.seed, Math.round(total * 0.2));
    const phaseOne = makeBatch(unprivileged, Math.round(total * (external ? 0.4 : 0.6)));
    if (external) {
      phaseOne.push(
        ...external.map((request) => ({
          request: { ...request, headers: { ...request.headers } },
          label: 'fuzzRequests',
        })),
      );
      result.notes.push(
        `${external.length} requests from src/api/test-support/api-fuzz.ts fuzzRequests (anonymous phase)`,
      );
    } else result.notes.push('src/api/test-support/api-fuzz.ts fuzzRequests not present: own generator only');
    const before = server.checksum();
    await fire(server, phaseOne, result, reproduce, options.log);
    const after = server.checksum();
    const changed = Object.keys({ ...before.tables, ...after.tables }).filter(
      (table) => before.tables[table] !== after.tables[table],
    );
    result.record(
      `no write by callers without rights (${phaseOne.length} requests)`,
      0,
      changed.length ? `tables changed by anonymous/reader/no-CSRF requests: ${changed.join(', ')}` : null,
      reproduce,
    );
    // Phase 2: editors and admins (writes may succeed; still never 5xx or outside the envelope).
    if (server.alive())
      await fire(server, makeBatch(privileged, total - phaseOne.length), result, reproduce, options.log);
    result.record(
      'server alive after the fuzz',
      0,
      server.alive() ? null : `the server died: ${server.stderrTail()}`,
      reproduce,
    );
  } finally {
    result.noteRss(server.peakRss());
    await server.stop();
  }
  return result;
}
