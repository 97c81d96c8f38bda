// GET /api/actors/:id/sources ("In the sources"), and the sources in /api/graph, /api/events and
// /api/search/facets, over a real SQLite knowledge base: the seed profile and two sources.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorSourcesSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import { Dossier, FacetedSearchSchema, GraphViewSchema, TimelineItemSchema } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-api-sources-'));
  dossier = await Dossier.open(path.join(workDir, 'api.db'));
  await dossier.ingestBytes(await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')), 'kazakhstan.txt');
  await dossier.ingestBytes(
    Buffer.from(
      [
        'Astana courts Kabul traders',
        '',
        'Published: 9 October 2022',
        'Source: Caspian Ledger',
        '',
        'Kazakhstan opened a trade house in Kabul on 5 October 2022, officials in Astana said.',
        '',
      ].join('\n'),
    ),
    'ledger.txt',
  );
  await dossier.ingestBytes(
    Buffer.from(
      [
        '---',
        'title: Wheat prices in Herat',
        'published: 2021-11-20',
        '---',
        '',
        'Flour from Kazakhstan sold for less in Herat in November 2021.',
        '',
      ].join('\n'),
    ),
    'herat.md',
  );
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/actors/:id/sources', () => {
  it('answers the source sentences about the actor, newest first, and the sources about it', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/actors/kazakhstan/sources' });
    expect(response.statusCode).toBe(200);
    const panel = ActorSourcesSchema.parse(response.json());
    const sentences = panel.groups.flatMap((group) => group.sentences);
    expect(sentences.map((s) => s.source.published)).toEqual(['2022-10-09', '2021-11-20']);
    expect(sentences[0]).toMatchObject({
      text: 'Kazakhstan opened a trade house in Kabul on 5 October 2022, officials in Astana said.',
      source: { publisher: 'Caspian Ledger', version: 1 },
    });
    // The first names Kazakhstan's capital in its title; the second names Kazakhstan in its lead (Herat is no capital).
    expect(panel.concerning.map((s) => [s.title, s.how])).toEqual([
      ['Astana courts Kabul traders', 'title'],
      ['Wheat prices in Herat', 'lead'],
    ]);
    // Cached with an ETag like the other actor routes.
    const again = await app.inject({
      method: 'GET',
      url: '/api/actors/kazakhstan/sources',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('refuses a bad limit and an unknown actor with the error envelope', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/actors/kazakhstan/sources?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(ErrorEnvelopeSchema.parse(bad.json()).error.code).toBe('BAD_REQUEST');
    const missing = await app.inject({ method: 'GET', url: '/api/actors/atlantis/sources' });
    expect(missing.statusCode).toBe(404);
    expect(ErrorEnvelopeSchema.parse(missing.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('sources in the graph, the timeline and the search facets', () => {
  it('marks them and filters by them', async () => {
    const graph = GraphViewSchema.parse((await app.inject({ method: 'GET', url: '/api/graph' })).json());
    expect(
      graph.nodes
        .filter((node) => node.kind === 'source')
        .map((node) => node.label)
        .sort(),
    ).toEqual(['Astana courts Kabul traders', 'Wheat prices in Herat']);
    const withoutSources = GraphViewSchema.parse(
      (await app.inject({ method: 'GET', url: '/api/graph?sources=false' })).json(),
    );
    expect(withoutSources.nodes.some((node) => node.kind === 'source')).toBe(false);
    const items = (await app.inject({ method: 'GET', url: '/api/events?documentKind=source' }))
      .json()
      .items.map((item: unknown) => TimelineItemSchema.parse(item));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item: { documentKind: string }) => item.documentKind === 'source')).toBe(true);
    const facets = FacetedSearchSchema.parse(
      (await app.inject({ method: 'GET', url: '/api/search/facets?q=Kazakhstan&kind=source&published=2022' })).json(),
    );
    expect(facets.hits.map((hit) => hit.actorName)).toEqual(['Astana courts Kabul traders']);
    expect(facets.facets.publisher.map((f) => f.value)).toEqual(['Caspian Ledger']);
    const all = FacetedSearchSchema.parse(
      (await app.inject({ method: 'GET', url: '/api/search/facets?q=Kazakhstan' })).json(),
    );
    expect(all.facets.kind.map((f) => f.value).sort()).toEqual(['profile', 'source']);
    expect(all.facets.published.map((f) => f.value)).toEqual(['2021', '2022']);
  });
});
