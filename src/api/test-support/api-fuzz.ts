// A seeded generator of hostile HTTP requests over every operation of an OpenAPI document: methods
// (declared and not), path parameters (over-long, badly percent-encoded, traversal, control and
// bidi characters, other scripts, prototype keys…), query strings (declared parameters with wrong
// types, repeated keys, brackets, thousands of parameters, huge values), bodies (valid-shaped JSON
// from the operation's schema, mutated JSON, invalid and deeply nested JSON, malformed multipart,
// binary) under many content types, and hostile headers (bad credentials, cookies, CSRF tokens,
// request ids, forwarding headers). Every request is valid to send over HTTP/1.1 (ASCII URL without
// spaces, header values without control characters), so the same stream can be injected or sent to
// a live server. The same seed gives the same requests.

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /**
   * Header sets of real callers (e.g. { authorization: 'Bearer …' }) mixed into some requests, so bodies get past the
   * access check.
   */
  credentials?: Array<Record<string, string>>;
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};

interface Parameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  bodySchema?: JsonSchema;
}

/** mulberry32: a small, fast, seedable PRNG. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  ascii(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(0x21 + this.int(0x7e - 0x21 + 1));
    return text;
  }
  bytes(length: number): Buffer {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; i++) buffer[i] = this.int(256);
    return buffer;
  }
}

const standardMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const oddMethods = ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE'] as const;

/** Path segment values, already in URL form (percent-encoded where needed, sometimes wrongly on purpose). */
const hostileSegments: readonly string[] = [
  'kazakhstan',
  'kabul',
  'time-1-0',
  'reader1',
  'admin1',
  'x',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '%',
  '%%',
  '%ZZ',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  '%0A%0D',
  '%1B%5B2J',
  '%E2%80%AE',
  '%2F',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e',
  encodeURIComponent('Казахстан'),
  encodeURIComponent('أفغانستان'),
  encodeURIComponent('ישראל'),
  encodeURIComponent('😀👩‍👩‍👧'),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent("'; DROP TABLE users; --"),
  encodeURIComponent('" OR 1=1 --'),
  encodeURIComponent('NEAR(a b)'),
  '*',
  '$',
  '~',
  "'",
  '"',
  '<>',
  '{a}',
  '|',
  '^',
  '`',
  ';',
  ',',
];

const hostileScalars: readonly string[] = [
  '',
  '0',
  '-1',
  '1',
  '2',
  '99999999999999999999',
  '1e309',
  '-0',
  '0x10',
  '1.5',
  'NaN',
  'Infinity',
  'true',
  'null',
  'kazakhstan',
  'text',
  'sentence',
  'relation',
  'any',
  'machine',
  '2021',
  '2021-08',
  '-2021',
  '..',
  '%',
  '%ZZ',
  '%00',
  '%E0%A4%A',
  encodeURIComponent('"a phrase" NEAR( AND OR NOT col:on'),
  encodeURIComponent('prefix*'),
  encodeURIComponent('Казахстан'),
  encodeURIComponent('\u202Eevil'),
  encodeURIComponent('<img src=x onerror=alert(1)>'),
  '__proto__',
  'constructor',
];

const contentTypes: readonly (string | undefined)[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'application/problem+json',
  'text/plain',
  'text/html',
  'text/xml',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=xyz',
  'multipart/mixed; boundary=xyz',
  'application/octet-stream',
  'image/png',
  '*/*',
  'garbage',
  ';;;',
  'application/json;;;;;',
  'APPLICATION/JSON',
  '',
  undefined,
];

/** Resolves local $refs (#/components/schemas/X) and picks the first alternative of anyOf/oneOf. */
function resolve(schema: JsonSchema | undefined, document: Record<string, unknown>, depth = 0): JsonSchema | undefined {
  if (!schema || depth > 8) return schema;
  if (schema.$ref?.startsWith('#/')) {
    let target: unknown = document;
    for (const part of schema.$ref.slice(2).split('/'))
      target = (target as Record<string, unknown> | undefined)?.[part];
    return resolve(target as JsonSchema | undefined, document, depth + 1);
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return resolve(alternatives[0], document, depth + 1);
  if (schema.allOf?.length) return resolve(schema.allOf[0], document, depth + 1);
  return schema;
}

/** A value of roughly the schema's shape, sometimes off by a little (lengths, types, extra keys). */
function sampleValue(
  schema: JsonSchema | undefined,
  document: Record<string, unknown>,
  dice: Dice,
  depth = 0,
): unknown {
  const resolved = resolve(schema, document);
  if (!resolved || depth > 6) return dice.pick([null, 1, 'x', true, {}, []]);
  if (resolved.enum?.length) return dice.chance(0.85) ? dice.pick(resolved.enum) : dice.pick(['', 'unknown', 1, null]);
  const type = Array.isArray(resolved.type) ? dice.pick(resolved.type) : resolved.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(resolved.properties ?? {})) {
        const required = resolved.required?.includes(name) ?? false;
        if (required ? dice.chance(0.93) : dice.chance(0.5))
          value[name] = sampleValue(property, document, dice, depth + 1);
      }
      if (dice.chance(0.1))
        value[dice.pick(['__proto__', 'constructor', 'extra', 'x'.repeat(300)])] = dice.pick([
          { polluted: true },
          1,
          'x',
        ]);
      return value;
    }
    case 'array': {
      const length = dice.pick([0, 1, 2, 5, 50]);
      return Array.from({ length }, () => sampleValue(resolved.items, document, dice, depth + 1));
    }
    case 'string': {
      const roll = dice.int(10);
      if (roll === 0) return '';
      if (roll === 1) return 'x'.repeat((resolved.maxLength ?? 200) + 1);
      if (roll === 2) return dice.pick(['Казахстан', '😀', '\u0000', '\u202E', '<script>', '\r\n', 'a\u0301']);
      if (roll === 3 && resolved.maxLength !== undefined) return 'y'.repeat(resolved.maxLength);
      if (roll === 4) return dice.ascii(1 + dice.int(40));
      return dice.pick([
        'kazakhstan',
        'kabul',
        'reader1',
        'editor',
        'text',
        'Kazakhstan\n\nProfile\nA sentence.\n',
        'long enough password',
        '2021',
      ]);
    }
    case 'integer':
    case 'number':
      return dice.pick([
        0,
        1,
        -1,
        2,
        10,
        1e9,
        -1e9,
        1.5,
        Number.MAX_SAFE_INTEGER,
        resolved.minimum ?? 0,
        resolved.maximum ?? 100,
        '1',
      ]);
    case 'boolean':
      return dice.pick([true, false, 'true', 0]);
    case 'null':
      return null;
    default:
      return dice.pick([null, 1, 'x', true, {}, []]);
  }
}

/** A JSON text that is broken, odd or heavy. */
function hostileJson(dice: Dice): string {
  switch (dice.int(14)) {
    case 0:
      return '';
    case 1:
      return '{';
    case 2:
      return '{"a":}';
    case 3:
      return '['.repeat(2000 + dice.int(20000));
    case 4:
      return `${'['.repeat(5000)}${']'.repeat(5000)}`;
    case 5:
      return `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    case 6:
      return '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    case 7:
      return 'null';
    case 8:
      return '"just a string"';
    case 9:
      return '123e456789';
    case 10:
      return `{"content":"${'A. '.repeat(1000 + dice.int(3000))}"}`;
    case 11:
      return '\uFEFF{"a":1}';
    case 12:
      return `{"a":"\\ud800"}`;
    default:
      return `{${Array.from({ length: 200 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  }
}

/** A multipart body, well-formed or broken in one of many ways, with its content type. */
function hostileMultipart(dice: Dice): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${dice.int(1e9)}`;
  const part = (name: string, content: string, filename?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
    `${filename === undefined ? '' : `; filename="${filename}"`}\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
  const profile =
    'Atlantis\n\nProfile\nAtlantis watches Kabul closely.\n\nKey Interests & Priorities\n1. Trade\nAtlantis ' +
    'wants trade.\n';
  const withBoundary = `multipart/form-data; boundary=${boundary}`;
  switch (dice.int(12)) {
    case 0:
      return {
        body: Buffer.from(`${part('format', 'text')}${part('file', profile, 'atlantis.txt')}--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 1:
      return { body: Buffer.from(`${part('file', profile, 'atlantis.txt')}`), contentType: withBoundary };
    case 2:
      return {
        body: Buffer.from(`${part('file', profile, 'a.txt')}--${boundary}--\r\n`),
        contentType: 'multipart/form-data',
      };
    case 3:
      return { body: dice.bytes(64 + dice.int(2000)), contentType: withBoundary };
    case 4:
      return {
        body: Buffer.from(`--${boundary}\r\nGarbage header line\r\n\r\nabc\r\n--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 5:
      return {
        body: Buffer.from(`${part('file', profile, 'a.txt')}--${boundary}--\r\n`),
        contentType: 'multipart/form-data; boundary=other',
      };
    case 6:
      return {
        body: Buffer.from(`${part('file', profile, 'a.txt')}${part('file', profile, 'b.txt')}--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 7:
      return {
        body: Buffer.from(`${part('format', 'nonsense')}${part('file', profile, 'a.txt')}--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 8:
      return {
        body: Buffer.from(`${part('file', '\u0000\u0001\u0002binary', '../../etc/passwd')}--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 9:
      return {
        body: Buffer.from(`--${boundary}\r\n${'X-Header: value\r\n'.repeat(3000)}\r\nabc\r\n--${boundary}--\r\n`),
        contentType: withBoundary,
      };
    case 10:
      return {
        body: Buffer.from(`${part('file', profile, 'a.txt').slice(0, 40 + dice.int(40))}`),
        contentType: withBoundary,
      };
    default:
      return { body: Buffer.from(''), contentType: withBoundary };
  }
}

function hostileQuery(operation: Operation, document: Record<string, unknown>, dice: Dice): string {
  const pairs: string[] = [];
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
    if (!dice.chance(0.6)) continue;
    const sample = sampleValue(parameter.schema, document, dice);
    const value =
      dice.chance(0.5) && (typeof sample === 'string' || typeof sample === 'number')
        ? encodeURIComponent(String(sample))
        : dice.pick(hostileScalars);
    pairs.push(`${parameter.name}=${value}`);
    if (dice.chance(0.1)) pairs.push(`${parameter.name}=${dice.pick(hostileScalars)}`);
    if (dice.chance(0.05)) pairs.push(`${parameter.name}[]=1`, `${parameter.name}[a][b]=2`);
  }
  switch (dice.int(12)) {
    case 0:
      pairs.push(Array.from({ length: 500 + dice.int(1500) }, (_, i) => `p${i}=${i}`).join('&'));
      break;
    case 1:
      pairs.push(`big=${'x'.repeat(2000 + dice.int(8000))}`);
      break;
    case 2:
      pairs.push('&&&&', '=', '==', 'a==b', '%ZZ=%ZZ');
      break;
    case 3:
      pairs.push('__proto__[polluted]=1', 'constructor[prototype][polluted]=1');
      break;
    case 4:
      pairs.push(`${dice.ascii(8).replace(/[#&=?]/g, '')}=${dice.pick(hostileScalars)}`);
      break;
    default:
      break;
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : dice.chance(0.05) ? '?' : '';
}

function hostileHeaders(dice: Dice, credentials: Array<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.length > 0 && dice.chance(0.5)) Object.assign(headers, dice.pick(credentials));
  if (dice.chance(0.15)) {
    headers.authorization = dice.pick([
      'Bearer',
      'Bearer ',
      'Bearer x',
      `Bearer dsr_${dice.ascii(43).replace(/\s/g, '')}`,
      `Bearer ${'a'.repeat(500)}`,
      'Basic YWRtaW4xOnB3',
      'Digest x',
      'bearer  dsr_',
    ]);
  }
  if (dice.chance(0.15)) {
    headers.cookie = dice.pick([
      `dossier_session=${dice.ascii(22).replace(/[;,\s]/g, 'a')}`,
      'dossier_session=',
      '=;=;=',
      `dossier_session=${'a'.repeat(4000)}`,
      'dossier_device=a.b.c; dossier_session=x',
      `dossier_device=${'x.'.repeat(200)}`,
      'dossier_session=%ZZ',
    ]);
  }
  if (dice.chance(0.1)) headers['x-csrf-token'] = dice.pick(['', 'x', 'a'.repeat(2000), '%00']);
  if (dice.chance(0.1))
    headers.accept = dice.pick(['text/html', 'application/json', '*/*', 'image/*', 'garbage', 'text/html;q=0.0']);
  if (dice.chance(0.05))
    headers['if-none-match'] = dice.pick(['*', '"x"', 'W/"x"', 'garbage', '"' + 'a'.repeat(1000) + '"']);
  if (dice.chance(0.1))
    headers['x-request-id'] = dice.pick(['abc-123', '', 'a'.repeat(500), '<script>', '../../', 'ok:id.1_2']);
  if (dice.chance(0.1))
    headers['x-forwarded-for'] = dice.pick([
      '1.2.3.4',
      '1.2.3.4, 10.0.0.1',
      'garbage',
      '::1',
      '999.999.999.999',
      ', , ,',
    ]);
  if (dice.chance(0.05)) headers['x-forwarded-proto'] = dice.pick(['https', 'gopher', '']);
  if (dice.chance(0.05)) headers['content-encoding'] = dice.pick(['gzip', 'br', 'identity', 'nonsense']);
  if (dice.chance(0.05)) headers['accept-version'] = dice.pick(['1', '*', 'x']);
  if (dice.chance(0.05)) headers.range = dice.pick(['bytes=0-1', 'bytes=-1', 'garbage']);
  if (dice.chance(0.05)) headers[`x-fuzz-${dice.int(100)}`] = dice.ascii(20);
  return headers;
}

function operationsOf(openapi: object): Operation[] {
  const document = openapi as {
    paths?: Record<
      string,
      Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
    >;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!standardMethods.includes(method.toUpperCase() as (typeof standardMethods)[number])) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  if (operations.length === 0) throw new Error('the OpenAPI document lists no operations');
  return operations;
}

/** `count` hostile requests over the operations of `openapi`, the same for the same seed. */
export function* fuzzRequests(
  openapi: object,
  options: { seed: number; count: number; credentials?: Array<Record<string, string>> },
): Generator<FuzzRequest> {
  const operations = operationsOf(openapi);
  const document = openapi as Record<string, unknown>;
  const dice = new Dice(seededRandom(options.seed));
  const credentials = options.credentials ?? [];
  for (let n = 0; n < options.count; n++) {
    const operation = dice.pick(operations);
    const method = dice.chance(0.8)
      ? operation.method
      : dice.chance(0.8)
        ? dice.pick(standardMethods)
        : dice.pick(oddMethods);
    let path = operation.path.replace(/\{([^}]+)\}/g, () => {
      const roll = dice.int(10);
      if (roll === 0) return 'a'.repeat(dice.pick([99, 100, 101, 199, 200, 201, 999, 1000, 1001, 3000]));
      if (roll === 1) return dice.ascii(1 + dice.int(30)).replace(/[/?#]/g, '_');
      if (roll === 2) return '';
      return dice.pick(hostileSegments);
    });
    if (dice.chance(0.05)) path += dice.pick(['/', '//', '/..', '/%2e%2e', ';x=1', '/extra', '%00', '.json']);
    if (dice.chance(0.02)) path = path.toUpperCase();
    const url = path + hostileQuery(operation, document, dice);
    const headers = hostileHeaders(dice, credentials);
    let payload: string | Buffer | undefined;
    const bodyRoll = dice.int(10);
    if (method === 'GET' || method === 'HEAD') {
      if (bodyRoll === 0) payload = hostileJson(dice);
    } else if (bodyRoll <= 4 && operation.bodySchema) {
      payload = JSON.stringify(sampleValue(operation.bodySchema, document, dice));
      headers['content-type'] = 'application/json';
    } else if (bodyRoll === 5 || (bodyRoll <= 4 && operation.path === '/api/documents')) {
      const multipart = hostileMultipart(dice);
      payload = multipart.body;
      headers['content-type'] = multipart.contentType;
    } else if (bodyRoll === 6) {
      payload = hostileJson(dice);
      headers['content-type'] = 'application/json';
    } else if (bodyRoll === 7) {
      payload = dice.bytes(dice.int(3000));
    } else if (bodyRoll === 8) {
      payload = hostileJson(dice);
    }
    if (payload !== undefined && dice.chance(0.3)) {
      const type = dice.pick(contentTypes);
      if (type === undefined) delete headers['content-type'];
      else headers['content-type'] = type;
    }
    yield { method, url, headers, ...(payload === undefined ? {} : { payload }) };
  }
}
