// Fuzz over every operation of /openapi.json, on SQLite and PostgreSQL: seeded hostile requests
// (methods × path parameters × query strings × bodies × content types × headers, anonymous and
// with real credentials) must never answer 5xx, every answer that is not a success is the error
// envelope in application/json with the security headers, and nothing is logged as an error.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { buildServer } from './server.js';
import { fuzzRequests } from './test-support/api-fuzz.js';
import { backends, populate } from './test-support/security-fixture.js';

const requestsPerSeed = 150;

for (const backend of await backends()) {
  describe(`API fuzz on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let app: FastifyInstance;
    let credentials: Array<Record<string, string>>;
    const errorLines: string[] = [];

    beforeAll(async () => {
      ({ dossier, dispose } = await backend.open());
      const people = await populate(dossier);
      credentials = Object.values(people).map((person) => ({ authorization: `Bearer ${person.token}` }));
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean))
            if ((JSON.parse(line) as { level: number }).level >= 50) errorLines.push(line);
          done();
        },
      });
      app = await buildServer(dossier, { webRoot: null, logLevel: 'error', logStream, maxUploadBytes: 64 * 1024 });
      await app.ready();
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    it('generates the same requests for the same seed, over every operation', async () => {
      const openapi = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const first = [...fuzzRequests(openapi, { seed: 7, count: 400 })];
      const again = [...fuzzRequests(openapi, { seed: 7, count: 400 })];
      expect(again).toEqual(first);
      expect([...fuzzRequests(openapi, { seed: 8, count: 400 })]).not.toEqual(first);
      const templates = Object.keys(openapi.paths).map(
        (template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]*')}$`),
      );
      const uncovered = templates.filter(
        (template) => !first.some((request) => template.test(request.url.split('?')[0]!)),
      );
      expect(uncovered).toEqual([]);
      for (const request of first) {
        expect(request.url, 'URLs must be sendable over HTTP').toMatch(/^\/[\x21-\x7e]*$/);
        for (const value of Object.values(request.headers)) expect(value).toMatch(/^[\x20-\x7e]*$/);
      }
    });

    for (const seed of [1, 2]) {
      it(`never answers 5xx and answers every failure in the envelope (seed ${seed})`, async () => {
        const openapi = (await app.inject('/openapi.json')).json() as object;
        const failures: string[] = [];
        const statuses = new Map<number, number>();
        for (const request of fuzzRequests(openapi, { seed, count: requestsPerSeed, credentials })) {
          const response = await app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: request.headers,
            payload: request.payload,
          });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const where =
            `${request.method} ${request.url.slice(0, 120)} [${request.headers['content-type'] ?? '-'}] → ` +
            `${response.statusCode}`;
          if (response.statusCode >= 500) failures.push(`${where}: ${response.body.slice(0, 200)}`);
          if (response.statusCode < 400) continue;
          if (!String(response.headers['content-type']).startsWith('application/json'))
            failures.push(`${where}: content-type ${response.headers['content-type']}`);
          if (!String(response.headers['content-security-policy']).includes("default-src 'none'"))
            failures.push(`${where}: no CSP`);
          if (response.headers['x-content-type-options'] !== 'nosniff') failures.push(`${where}: no nosniff`);
          if (request.method === 'HEAD') continue;
          const envelope = ErrorEnvelopeSchema.safeParse(safeJson(response.body));
          if (!envelope.success) failures.push(`${where}: not the envelope: ${response.body.slice(0, 200)}`);
        }
        expect(failures).toEqual([]);
        expect(errorLines).toEqual([]);
        // The fuzz reaches past the access check and the parsers, not only 401s.
        const codes = [...statuses.keys()];
        expect(codes.some((code) => code >= 200 && code < 300)).toBe(true);
        expect(codes.filter((code) => code >= 400).length).toBeGreaterThanOrEqual(5);
      }, 120_000);
    }
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
