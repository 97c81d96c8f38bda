// API tests: every route over a real SQLite knowledge base holding the examples and the seed,
// responses checked against their zod schemas, and the one error envelope everywhere.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActorDetailSchema, ActorSummarySchema, ErrorEnvelopeSchema, SearchResultSchema } from '../model/index.js';
import { Dossier, expandProfilePaths } from '../core/index.js';
import { buildServer } from './server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-api-'));
  dossier = await Dossier.open(path.join(workDir, 'api.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  const report = await dossier.ingestFiles(files);
  expect(
    report.refused,
    JSON.stringify(report.results.filter((result) => result.error).map((result) => result.error?.describe())),
  ).toBe(0);
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

const expectEnvelope = (body: unknown, code: string) => {
  const envelope = ErrorEnvelopeSchema.parse(body);
  expect(envelope.error.code).toBe(code);
  expect(envelope.error.message.length).toBeGreaterThan(0);
};

describe('GET /healthz and /openapi.json', () => {
  it('reports ok with counts', async () => {
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
    expect(response.json().actors).toBeGreaterThanOrEqual(9);
  });

  it('serves an OpenAPI 3 document describing every API route', async () => {
    const response = await app.inject('/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    for (const route of ['/api/actors', '/api/actors/{id}', '/api/search', '/api/entities/{id}', '/healthz']) {
      expect(Object.keys(document.paths), route).toContain(route);
    }
    expect(JSON.stringify(document.paths['/api/search'].get.parameters)).toContain('"q"');
    expect(document.components?.schemas).toHaveProperty('ErrorEnvelope');
  });
});

describe('actors', () => {
  it('lists the actors with their interests', async () => {
    const response = await app.inject('/api/actors');
    expect(response.statusCode).toBe(200);
    const { actors } = z.object({ actors: z.array(ActorSummarySchema) }).parse(response.json());
    const kazakhstan = actors.find((actor) => actor.id === 'kazakhstan');
    expect(kazakhstan?.interests.map((interest) => interest.title)).toEqual([
      'Spillover of Insecurity',
      'Inclusive Government',
      'Economic Opportunities',
    ]);
  });

  it('pages the actors with a cursor, a next link and filters, and refuses a forged cursor', async () => {
    const all = (await app.inject('/api/actors')).json() as { actors: Array<{ id: string }>; next: string | null };
    expect(all.next).toBeNull();
    const seen: string[] = [];
    let url: string | null = '/api/actors?limit=3';
    while (url) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { actors: Array<{ id: string }>; next: string | null };
      seen.push(...page.actors.map((actor) => actor.id));
      const link = response.headers.link as string | undefined;
      if (page.next) {
        expect(link).toBe(`</api/actors?limit=3&cursor=${page.next}>; rel="next"`);
        url = link!.slice(1, link!.indexOf('>'));
      } else {
        expect(link).toBeUndefined();
        url = null;
      }
    }
    expect(seen).toEqual(all.actors.map((actor) => actor.id));
    expect(seen).toEqual([...seen].sort());
    expect(
      ((await app.inject('/api/actors?country=KAZ')).json() as { actors: Array<{ id: string }> }).actors.map(
        (a) => a.id,
      ),
    ).toEqual(['kazakhstan']);
    expect(
      ((await app.inject('/api/actors?q=stan')).json() as { actors: Array<{ id: string }> }).actors.map((a) => a.id),
    ).toContain('kazakhstan');
    const forged = await app.inject('/api/actors?cursor=bm90LWEtY3Vyc29y');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.message).toContain('not a cursor of this listing');
    expect((await app.inject('/api/actors?limit=0')).statusCode).toBe(400);
    const sources = (await app.inject('/api/sources?limit=2')).json() as {
      sources: Array<{ id: string }>;
      next: string | null;
    };
    expect(sources.sources.every((source) => source.id.startsWith('source-'))).toBe(true);
  });

  it('serves one actor with its extraction and evidence that indexes its text', async () => {
    const response = await app.inject('/api/actors/kazakhstan');
    expect(response.statusCode).toBe(200);
    const detail = ActorDetailSchema.parse(response.json());
    expect(detail.actor).toEqual({ name: 'Kazakhstan', country: 'KAZ' });
    expect(detail.extraction.sentences).toHaveLength(23);
    for (const mention of detail.extraction.mentions)
      expect(detail.extraction.text.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it('answers an unknown actor and a bad version with the error envelope', async () => {
    const missing = await app.inject('/api/actors/atlantis');
    expect(missing.statusCode).toBe(404);
    expectEnvelope(missing.json(), 'NOT_FOUND');
    const bad = await app.inject('/api/actors/kazakhstan?version=zero');
    expect(bad.statusCode).toBe(400);
    expectEnvelope(bad.json(), 'BAD_REQUEST');
    const absent = await app.inject('/api/actors/kazakhstan?version=99');
    expect(absent.statusCode).toBe(404);
  });
});

describe('caching', () => {
  it('answers a known ETag with 304 and a changed actor with a new ETag', async () => {
    const first = await app.inject('/api/actors/kazakhstan');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const revalidated = await app.inject({ url: '/api/actors/kazakhstan', headers: { 'if-none-match': etag } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');

    const seed = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
    const outcome = await dossier.ingestBytes(
      Buffer.from(seed.replace('has prioritized', 'has clearly prioritized')),
      'kazakhstan-v2.txt',
    );
    expect(outcome.status).toBe('new-version');
    const changed = await app.inject({ url: '/api/actors/kazakhstan', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(ActorDetailSchema.parse(changed.json()).version.version).toBe(2);
    const older = await app.inject('/api/actors/kazakhstan?version=1');
    expect(ActorDetailSchema.parse(older.json()).extraction.text).toBe(seed);
  });
});

describe('search', () => {
  it('finds the two wheat sentences of the seed, highlighted', async () => {
    const response = await app.inject('/api/search?q=wheat&actor=kazakhstan');
    expect(response.statusCode).toBe(200);
    const result = SearchResultSchema.parse(response.json());
    expect(result.total).toBe(2);
    for (const hit of result.hits) expect(hit.snippet).toContain('<mark>wheat</mark>');
  });

  it('never fails on hostile query text', async () => {
    for (const q of [
      '"',
      'NEAR(a b',
      'AND OR NOT',
      'a:b',
      '***',
      '-',
      "') OR 1=1 --",
      '<script>alert(1)</script>',
      'ｗｈｅａｔ',
      '',
    ]) {
      const response = await app.inject({ url: '/api/search', query: { q } });
      expect(response.statusCode, q).toBe(200);
      const result = SearchResultSchema.parse(response.json());
      for (const hit of result.hits) expect(hit.snippet).not.toContain('<script>');
    }
  });

  it('rejects an out-of-range limit with the envelope', async () => {
    const response = await app.inject('/api/search?q=wheat&limit=100000');
    expect(response.statusCode).toBe(400);
    expectEnvelope(response.json(), 'BAD_REQUEST');
  });
});

describe('errors and headers', () => {
  it('answers unknown routes with the envelope', async () => {
    const response = await app.inject('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expectEnvelope(response.json(), 'NOT_FOUND');
  });

  it('sets security headers', async () => {
    const response = await app.inject('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
