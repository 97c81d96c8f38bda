// The review queue's maintained levels (store/fact-levels.ts) over the bundled collection, on SQLite (saves one
// by one) and PostgreSQL (batched saves): after ingest, a new version, review decisions, an edit, an added fact, an
// entity edit and a merge, and a backup restored elsewhere, the stored levels and their totals equal those computed
// from scratch, and every page of the queue (by cursor and by offset, several filters) equals all facts sorted in
// JavaScript by their JavaScript confidence (factConfidence), actor bytewise, version, start, kind and position.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factKinds, type ReviewQuery } from '../model/index.js';
import { findTestPostgres, postgresRequired } from '../store/backup/postgres-test-server.js';
import type { ScoredFact } from '../store/store.js';
import { Dossier, expandProfilePaths } from './index.js';
import { restoreKnowledgeBase } from './backup.js';
import { levelsOf } from './test-support/review-levels.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const testPostgres = await findTestPostgres();
const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-review-levels-'));

afterAll(async () => {
  await testPostgres.dropSchemas();
  await rm(work, { recursive: true, force: true });
});

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const queueOrder = (a: ScoredFact, b: ScoredFact) =>
  a.confidence - b.confidence ||
  bytewise(a.actor, b.actor) ||
  a.version - b.version ||
  a.start - b.start ||
  factKinds.indexOf(a.kind) - factKinds.indexOf(b.kind) ||
  Number(a.id.split('-').at(-1)) - Number(b.id.split('-').at(-1));

/** Every page of the queue, by cursor. */
async function pages(dossier: Dossier, query: ReviewQuery, limit: number): Promise<ScoredFact[]> {
  const facts: ScoredFact[] = [];
  let cursor: string | undefined;
  do {
    const page = await dossier.review.queue({ ...query, limit, ...(cursor ? { cursor } : {}) });
    facts.push(...page.facts);
    cursor = page.next ?? undefined;
  } while (cursor);
  return facts;
}

/** Every fact of the latest versions, with its JavaScript confidence. */
async function allFacts(dossier: Dossier): Promise<ScoredFact[]> {
  const all: ScoredFact[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await dossier.review.listFacts({ status: 'any', order: 'position', limit: 500, offset });
    all.push(...page.facts);
    if (page.facts.length < 500) return all;
  }
}

async function checkQueue(dossier: Dossier): Promise<void> {
  const all = await allFacts(dossier);
  const filters: Array<[ReviewQuery, (fact: ScoredFact) => boolean]> = [
    [{}, (fact) => fact.status === 'machine'],
    [{ status: 'any' }, () => true],
    [{ type: 'mention' }, (fact) => fact.status === 'machine' && fact.kind === 'mention'],
    [
      { status: 'confirmed', reviewedBy: 'rule:exact-country' },
      (fact) => fact.status === 'confirmed' && fact.reviewedBy === 'rule:exact-country',
    ],
  ];
  for (const [query, keep] of filters) {
    // The queue as JavaScript computes it: the facts filtered and sorted.
    const want = all
      .filter(keep)
      .sort(queueOrder)
      .map((fact) => fact.id);
    const got = await pages(dossier, query, 37);
    expect(
      got.map((fact) => fact.id),
      JSON.stringify(query),
    ).toEqual(want);
    const page = await dossier.review.queue({ ...query, limit: 31, offset: 40 });
    expect(page.total).toBe(want.length);
    expect(page.facts.map((fact) => fact.id)).toEqual(want.slice(40, 71));
  }
}

/** A sequence of writes of every kind that moves the levels. */
async function writeThings(dossier: Dossier): Promise<void> {
  const kazakhstan = path.join(root, 'examples', 'kazakhstan.md');
  const changed = path.join(work, `kazakhstan-${Math.random().toString(36).slice(2)}.md`);
  const text = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8').catch(() => null);
  await writeFile(changed, `${text ?? (await readFile(kazakhstan, 'utf8'))}\n\nKazakhstan does not border Iran.\n`);
  await dossier.ingestFiles([changed]);
  const queue = (await dossier.review.queue({ limit: 60 })).facts;
  await dossier.review.confirm(queue[0]!.id, 'editor');
  await dossier.review.reject(queue[5]!.id, 'editor');
  await dossier.review.bulkReview({ ids: queue.slice(10, 14).map((fact) => fact.id), status: 'confirmed' }, 'editor');
  const mention = queue.find((fact) => fact.kind === 'mention');
  if (mention) await dossier.review.edit(mention.id, { type: 'organization' }, 'editor');
  const ruled = await dossier.review.queue({ status: 'confirmed', reviewedBy: 'rule:exact-country', limit: 4 });
  await dossier.review.bulkReview({ ids: ruled.facts.map((fact) => fact.id), status: 'machine' }, 'editor');
  await dossier.review.addFact(
    'kazakhstan',
    { kind: 'relation', start: 0, end: 10, payload: { subject: 'kazakhstan', predicate: 'borders', object: 'china' } },
    'editor',
  );
  const [kabul] = (await dossier.review.listEntities({ q: 'kabul', limit: 1 })).entities;
  if (kabul) await dossier.review.updateEntity(kabul.id, { aliases: ['Kabol'], wikidata: null }, 'editor');
  const [tashkent] = (await dossier.review.listEntities({ q: 'tashkent', limit: 1 })).entities;
  const [almaty] = (await dossier.review.listEntities({ q: 'almaty', limit: 1 })).entities;
  if (tashkent && almaty) await dossier.review.mergeEntities(tashkent.id, almaty.id, 'editor');
}

const backends: Array<[string, () => string]> = [
  ['SQLite', () => path.join(work, `levels-${Math.random().toString(36).slice(2)}.db`)],
];
if (testPostgres.url || postgresRequired()) backends.push(['PostgreSQL', () => testPostgres.newSchemaLocation()]);

describe.each(backends)('the review queue levels on %s', (_, newLocation) => {
  it('equal levels computed from scratch after every kind of write, and the queue sorted in JavaScript', async () => {
    const location = newLocation();
    const dossier = await Dossier.open(location);
    try {
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      ]);
      expect((await dossier.ingestFiles(files)).refused).toBe(0);
      let levels = await levelsOf(location);
      expect(levels.stored.length).toBeGreaterThan(50);
      expect(levels.stored).toEqual(levels.rebuilt);
      await checkQueue(dossier);
      await writeThings(dossier);
      levels = await levelsOf(location);
      expect(levels.stored).toEqual(levels.rebuilt);
      await checkQueue(dossier);
      const file = path.join(work, `backup-${Math.random().toString(36).slice(2)}.sqlite`);
      await dossier.backup(file);
      const copy = newLocation();
      await restoreKnowledgeBase(file, copy);
      const restored = await levelsOf(copy);
      expect(restored.stored).toEqual(restored.rebuilt);
      expect(restored.stored.length).toBeGreaterThan(50);
    } finally {
      await dossier.close();
    }
  }, 600_000);
});
