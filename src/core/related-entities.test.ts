// Related entities read by the store from the indexes of one entity (the cost follows its
// mentions) answer what the whole-collection computation answers, on the bundled collection:
// the same neighbours, counted in the same sentences, with the same relations and evidence.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionViews, type RelatedEntity } from './collection-views.js';
import { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dossier: Dossier;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-related-'));
  dossier = await Dossier.open(path.join(workDir, 'related.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  const report = await dossier.ingestFiles(files);
  expect(report.refused).toBe(0);
}, 120_000);

afterAll(async () => {
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

const relationKey = (r: RelatedEntity['relations'][number]) =>
  [
    r.predicate,
    r.direction,
    r.negated,
    r.valid,
    r.current,
    r.evidence.actor,
    r.evidence.version,
    r.evidence.start,
  ].join('|');

/**
 * The answer with each entity's relations in a fixed order (the two readings list them in different document orders).
 */
const canonical = (items: RelatedEntity[]) =>
  items
    .map((item) => ({
      ...item,
      relations: [...item.relations].sort((a, b) => relationKey(a).localeCompare(relationKey(b))),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('related entities', () => {
  it('reads the same neighbours from the store as from every actor', async () => {
    const fromStore = new CollectionViews(dossier);
    const fromEveryActor = new CollectionViews({
      listActors: () => dossier.listActors(),
      listSources: () => dossier.listSources(),
      getActor: (id, version) => dossier.getActor(id, version),
      search: (query) => dossier.search(query),
    });
    for (const id of ['kabul', 'taliban', 'KAZ', 'AFG', 'tapi', 'termez', 'nobody-at-all']) {
      const stored = await fromStore.related(id);
      const computed = await fromEveryActor.related(id);
      expect(canonical(stored), id).toEqual(canonical(computed));
      if (id !== 'nobody-at-all') expect(stored.length, id).toBeGreaterThan(0);
    }
    const afg = await fromStore.related('AFG');
    expect(afg.some((item) => item.relations.length > 0)).toBe(true);
  });
});
