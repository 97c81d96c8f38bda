// Everything the server can answer is the error envelope with the right status and the security
// headers: framework errors before routing (bad URL encoding, over-long path parameters), 405 with
// Allow, OPTIONS and HEAD, 415, invalid and empty JSON, bodies over the limit, absurd query
// strings, and, over a real socket, Node's HTTP-parser errors (headers over 16 KB → 431, a
// malformed request → 400). Request ids are echoed or replaced when unsafe.
import { once } from 'node:events';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { nonHtmlSecurityHeaders } from './security-headers.js';
import { buildServer } from './server.js';
import { backends, populate, type Person } from './test-support/security-fixture.js';

const [sqlite] = await backends();

let dossier: Dossier;
let dispose: () => Promise<void>;
let app: FastifyInstance;
let editor: Person;

beforeAll(async () => {
  ({ dossier, dispose } = await sqlite!.open());
  editor = (await populate(dossier)).editor;
  app = await buildServer(dossier, { webRoot: null, maxUploadBytes: 64 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await dispose?.();
});

const expectEnvelope = (response: LightMyRequestResponse, status: number, code: string) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
  expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe(code);
  for (const [name, value] of Object.entries(nonHtmlSecurityHeaders)) expect(response.headers[name], name).toBe(value);
};

/** Sends raw bytes on a socket and returns the raw answer. */
async function rawRequest(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const address = app.server.address() as AddressInfo;
  const socket = connect(address.port, address.address);
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  socket.write(text);
  await once(socket, 'close');
  const raw = Buffer.concat(chunks).toString('latin1');
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head!.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

describe('the one envelope', () => {
  it('carries the same security headers on framework answers as on routed ones', async () => {
    const routed = await app.inject('/api/nothing-here');
    expectEnvelope(routed, 404, 'NOT_FOUND');
    const securityNames = Object.keys(routed.headers).filter(
      (name) => !['content-type', 'content-length', 'date', 'connection', 'x-request-id', 'keep-alive'].includes(name),
    );
    expect(securityNames.sort()).toEqual(Object.keys(nonHtmlSecurityHeaders).sort());
  });

  it('answers bad percent-encoding 400 BAD_REQUEST, in paths and with query strings', async () => {
    for (const url of [
      '/api/actors/%E0%A4%A',
      '/api/actors/%ZZ/history',
      '/api/entities/%',
      '/api/facts/%C0%AF/confirm',
      '/api/actors/%ED%A0%80?version=1',
    ]) {
      const response = await app.inject({ method: url.includes('confirm') ? 'POST' : 'GET', url });
      expectEnvelope(response, 400, 'BAD_REQUEST');
      expect(response.headers['x-request-id']).toBeTruthy();
    }
  });

  it('reaches the schemas for ids up to 200 characters and answers longer parameters 400 or 414', async () => {
    expectEnvelope(await app.inject(`/api/actors/${'a'.repeat(150)}`), 404, 'NOT_FOUND');
    expectEnvelope(await app.inject(`/api/entities/${'b'.repeat(200)}`), 404, 'NOT_FOUND');
    expectEnvelope(await app.inject(`/api/actors/${'a'.repeat(201)}`), 400, 'BAD_REQUEST');
    expectEnvelope(await app.inject(`/api/actors/${'a'.repeat(5000)}/history`), 414, 'URI_TOO_LONG');
  });

  it(
    'answers a known path with the wrong method 405 with Allow, ' + 'OPTIONS 204 with Allow, HEAD without a body',
    async () => {
      for (const method of ['DELETE', 'PUT', 'TRACE', 'PATCH'] as const) {
        const response = await app.inject({ method, url: '/api/actors' });
        expectEnvelope(response, 405, 'METHOD_NOT_ALLOWED');
        expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
      }
      const wrong = await app.inject({ method: 'GET', url: '/api/facts/time-1-0/confirm' });
      expectEnvelope(wrong, 405, 'METHOD_NOT_ALLOWED');
      expect(wrong.headers.allow).toBe('POST, OPTIONS');
      const options = await app.inject({ method: 'OPTIONS', url: '/api/users/someone' });
      expect(options.statusCode).toBe(204);
      expect(options.headers.allow).toBe('DELETE, PATCH, OPTIONS');
      expectEnvelope(await app.inject({ method: 'OPTIONS', url: '/api/no/such/path' }), 404, 'NOT_FOUND');
      const head = await app.inject({ method: 'HEAD', url: '/api/actors/nobody' });
      expect(head.statusCode).toBe(404);
      expect(head.body).toBe('');
    },
  );

  it('answers unsupported content types 415, invalid or empty JSON 400, and bodies over the limit 413', async () => {
    const headers = { authorization: `Bearer ${editor.token}` };
    for (const type of [
      'text/xml',
      'application/x-www-form-urlencoded',
      'image/png',
      'garbage',
      'multipart/mixed; boundary=x',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/documents/paste',
        headers: { ...headers, 'content-type': type },
        payload: 'x',
      });
      expectEnvelope(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    for (const payload of [
      '{',
      '{"name":}',
      '[1,2',
      '\u0000',
      `${'['.repeat(100_000)}`,
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/documents/paste',
        headers: { ...headers, 'content-type': 'application/json' },
        payload,
      });
      expectEnvelope(response, 400, 'BAD_REQUEST');
    }
    expectEnvelope(
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '',
      }),
      400,
      'BAD_REQUEST',
    );
    const polluted = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true},"username":"x","password":"y"}',
    });
    expectEnvelope(polluted, 400, 'BAD_REQUEST');
    const huge = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"${'x'.repeat(3 * 1024 * 1024)}"}`,
    });
    expectEnvelope(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('survives absurd query strings', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `p${i}=${i}`).join('&');
    for (const url of [
      `/api/search?q=wheat&${many}`,
      `/api/search?${'q=a&'.repeat(3000)}`,
      '/api/search?q[a][b]=1',
      '/api/search?q=%ZZ',
      `/api/search?q=${'x'.repeat(100_000)}`,
      '/api/search?&&&&==&=',
      '/api/actors?__proto__[x]=1',
    ]) {
      const response = await app.inject(url);
      expect(response.statusCode, url.slice(0, 80)).toBeLessThan(500);
      if (response.statusCode >= 400) expectEnvelope(response, response.statusCode, 'BAD_REQUEST');
    }
  });

  it('answers headers over 16 KB 431 HEADERS_TOO_LARGE in the envelope, over a real socket', async () => {
    const answer = await rawRequest(`GET /api/actors HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(ErrorEnvelopeSchema.parse(JSON.parse(answer.body)).error.code).toBe('HEADERS_TOO_LARGE');
    expect(answer.headers['content-security-policy']).toBe(nonHtmlSecurityHeaders['content-security-policy']);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const head = await rawRequest(`HEAD /api/actors?${'q=a&'.repeat(5000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(head.status).toBe(431);
    expect(head.body).toBe('');
    const cookies = await rawRequest(
      `GET /api/actors HTTP/1.1\r\nHost: x\r\n` +
        `${Array.from({ length: 400 }, (_, i) => `Cookie: c${i}=${'v'.repeat(40)}`).join('\r\n')}\r\n\r\n`,
    );
    expect(cookies.status).toBe(431);
  });

  it('answers a malformed HTTP request 400 in the envelope, over a real socket', async () => {
    for (const text of [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET /api/actors HTTP/1.1\r\nBad Header\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    ]) {
      const answer = await rawRequest(text);
      expect(answer.status, JSON.stringify(text)).toBe(400);
      expect(ErrorEnvelopeSchema.parse(JSON.parse(answer.body)).error.code).toBe('BAD_REQUEST');
    }
  });

  it('keeps a short, safe X-Request-Id and replaces any other', async () => {
    const kept = await app.inject({ url: '/api/actors', headers: { 'x-request-id': 'trace-42.a_b:c' } });
    expect(kept.headers['x-request-id']).toBe('trace-42.a_b:c');
    for (const hostile of ['a'.repeat(65), '<script>', 'a b', '../../x', '']) {
      const replaced = await app.inject({ url: '/api/actors', headers: { 'x-request-id': hostile } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const fresh = await Promise.all([app.inject('/healthz'), app.inject('/healthz')]);
    expect(fresh[0]!.headers['x-request-id']).not.toBe(fresh[1]!.headers['x-request-id']);
    const framework = await app.inject({ url: '/api/actors/%ZZ', headers: { 'x-request-id': 'fw-1' } });
    expect(framework.headers['x-request-id']).toBe('fw-1');
  });
});
