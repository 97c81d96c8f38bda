// No statement of a write reads a whole table that grows with the collection: each one seeks what it needs through
// a key or an index. The statements of saves (a first version, a new version of an actor, a document of other
// entities) and of a person's decisions (confirm, reject, edit, a batch, an entity merge) are recorded as the store
// runs them, with their parameters, and SQLite's plan of each is read: a
// `SCAN` of a collection-sized table (documents, mentions, review levels, network sums, …) is a cost that grows with
// the collection at every save, and made ingest slow down as it went (at 100,000 documents a new version's review
// levels read every level, 64 ms, and every save read the whole network-themes table). Small tables of one row or
// a few per kind (counters, totals) are allowed; subqueries, CTEs and table-valued functions are not tables. The
// recording and the plan rule are test-support/query-plans.ts, shared with the reads' test (api/read-plans.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildProfile,
  kazakhstanProfile,
  uzbekistanProfile,
  uzbekistanSpec,
} from '../test-support/profile-fixtures.js';
import { openSqliteStore } from './sqlite-store.js';
import { planOffences, recordStatements, type KnownScan, type RecordedStatement } from './test-support/query-plans.js';

/**
 * Statements known to read a whole table, each with its reason.
 */
const knownScans: KnownScan[] = [
  {
    sql: /^SELECT document_id, position, actors, place, date FROM events WHERE instr\(actors, \?\) > 0$/,
    reason:
      "an entity merge (a person's rare act) seeks the events naming the merged entity by their stored parties, " +
      'which no index holds (Editorial.moveEventParties)',
  },
];

describe('the statements of a save seek, never scan, the collection-sized tables', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dossier-save-plans-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('for a first version, a new version, another actor, review decisions and a merge', async () => {
    const path = join(folder, 'plans.db');
    const store = openSqliteStore(path);
    const saves: RecordedStatement[] = [];
    try {
      await store.saveDocument(kazakhstanProfile());
      await store.saveDocument(uzbekistanProfile());
      saves.push(
        ...(await recordStatements(() => store.saveDocument(kazakhstanProfile({ revision: 1 })).then(() => {}))),
      );
      saves.push(
        ...(await recordStatements(() => store.saveDocument(uzbekistanProfile({ revision: 2 })).then(() => {}))),
      );
      const other = buildProfile({ ...uzbekistanSpec(), actor: { name: 'Tajikistan', country: 'TJK' } });
      saves.push(...(await recordStatements(() => store.saveDocuments([other]).then(() => {}))));
      // A person's decisions: confirm, reject and edit facts of several kinds, then merge two entities.
      const kinds = ['mention', 'relation', 'time', 'event'] as const;
      const lists = await Promise.all(
        kinds.map((type) => store.listFacts({ actor: 'kazakhstan', kind: type, status: 'any', limit: 20, offset: 0 })),
      );
      const ofKind = (kind: (typeof kinds)[number]) => lists[kinds.indexOf(kind)]!.facts;
      saves.push(
        ...(await recordStatements(async () => {
          await store.reviewFact(ofKind('mention')[0]!.id, { status: 'confirmed' }, 'ada');
          await store.reviewFact(ofKind('relation')[0]!.id, { status: 'rejected' }, 'ada');
          const time = ofKind('time')[0]!;
          await store.reviewFact(time.id, { status: 'edited', payload: time.payload }, 'ada');
          await store.reviewFacts(
            ofKind('event').map((fact) => fact.id),
            { status: 'confirmed' },
            'ada',
          );
          await store.mergeEntities('termez', 'tashkent', 'ada');
        })),
      );
    } finally {
      await store.close();
    }
    expect(saves.length).toBeGreaterThan(40);
    expect(planOffences(path, saves, knownScans)).toEqual([]);
  });
});
