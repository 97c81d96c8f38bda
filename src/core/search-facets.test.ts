// The facets of a search read by the store for the matched sentences only (FacetReader) answer exactly
// what the in-memory computation over every actor answers, for queries with and without filters, over
// profiles and sources; a query matching more than the sample is marked capped. Also the keyset pages
// of an entity's mentions (Dossier.entityMentionPage) against the entity's full listing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionViews, type CollectionSource, type FacetedSearchQuery } from './collection-views.js';
import { Dossier } from './dossier.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let folder: string;
let dossier: Dossier;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-search-facets-'));
  dossier = await Dossier.open(path.join(folder, 'facets.db'));
  const files = ['pakistan.md', 'china.md', 'kyrgyzstan.md', 'sources/kazakhstan-wheat-rail.md'];
  const outcome = await dossier.ingestFiles([
    ...files.map((file) => path.join(root, 'examples', file)),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  expect(outcome.refused).toBe(0);
});
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

/** The views over the same collection without the store's facet reading: every actor in memory. */
function inMemoryViews(): CollectionViews {
  const source: CollectionSource = {
    listActors: () => dossier.listActors(),
    listSources: () => dossier.listSources(),
    getActor: (id, version) => dossier.getActor(id, version),
    search: (query) => dossier.search(query),
  };
  return new CollectionViews(source);
}

describe('search facets read for the matched sentences', () => {
  it('count what the computation over every actor counts, with and without filters', async () => {
    const store = new CollectionViews(dossier);
    const memory = inMemoryViews();
    const queries: FacetedSearchQuery[] = [
      { q: 'railway' },
      { q: 'pakistan', limit: 50 },
      { q: 'trade', type: 'country' },
      { q: 'rail', kind: 'source' },
      { q: 'kazakhstan', theme: 'transport' },
      { q: 'china', year: '2021' },
      { q: 'nothing-matches-this' },
    ];
    let counted = 0;
    let filtered = 0;
    for (const query of queries) {
      const [fromStore, fromMemory] = await Promise.all([store.search(query), memory.search(query)]);
      expect(fromStore).toEqual(fromMemory);
      counted += fromStore.facets.type.length + fromStore.facets.theme.length;
      if (query.theme || query.type || query.kind || query.year) filtered += fromStore.total;
    }
    expect(counted).toBeGreaterThan(5);
    expect(filtered).toBeGreaterThan(0);
  });

  it('says when the facets were counted over a sample of the matches', async () => {
    const result = await new CollectionViews(dossier).search({ q: 'the' });
    expect(result.capped).toBe(result.truncated);
    expect(result.capped).toBe(false);
  });
});

describe('an entity mentioned in many documents, a page at a time', () => {
  it('lists every mention once, in the order of the full listing, and rejects a made-up cursor', async () => {
    const full = await dossier.getEntity('PAK');
    expect(full.mentions.length).toBeGreaterThan(10);
    const seen: typeof full.mentions = [];
    let cursor: string | undefined;
    do {
      const page = await dossier.entityMentionPage('PAK', { limit: 4, cursor });
      expect(page.entity).toEqual(full.entity);
      expect(page.mentions.length).toBeLessThanOrEqual(4);
      seen.push(...page.mentions);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual(full.mentions);
    await expect(dossier.entityMentionPage('PAK', { limit: 4, cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(dossier.entityMentionPage('no-such-entity', { limit: 4 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
