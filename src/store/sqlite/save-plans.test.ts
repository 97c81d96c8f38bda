// No statement of a write reads a whole table that grows with the collection: each one seeks what it needs through
// a key or an index. The statements of saves (a first version, a new version of an actor, a document of other
// entities) and of a person's decisions (confirm, reject, edit, a batch, an entity merge) are recorded as the store
// runs them, with their parameters, and SQLite's plan of each is read: a
// `SCAN` of a collection-sized table (documents, mentions, review levels, network sums, …) is a cost that grows with
// the collection at every save, and made ingest slow down as it went (at 100,000 documents a new version's review
// levels read every level, 64 ms, and every save read the whole network-themes table). Small tables of one row or
// a few per kind (counters, totals) are allowed; subqueries, CTEs and table-valued functions are not tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildProfile,
  kazakhstanProfile,
  uzbekistanProfile,
  uzbekistanSpec,
} from '../test-support/profile-fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

/** Tables of a fixed size (a row, or a row per kind, status or year), which a save may read whole. */
const smallTables = new Set([
  'collection_counts',
  'store_revision',
  'fact_totals',
  'timeline_year_counts',
  'timeline_dirty',
  'check_snapshot',
  'schema_migrations',
  'entity_merges',
]);

/**
 * Columns of a few values (a flag, a status, a kind): a search whose only constraints are these reads a share of
 * the collection, as a scan does (fact_levels' key begins with `latest`).
 */
const fewValued = new Set(['latest', 'review_status', 'origin', 'scope', 'kind', 'kind_order', 'type', 'link']);

/**
 * Statements known to read a whole table, each with its reason: an entity merge (a person's rare act) seeks the
 * events naming the merged entity by their stored parties, which no index holds (Editorial.moveEventParties).
 */
const knownScans = [/^SELECT document_id, position, actors, place, date FROM events WHERE instr\(actors, \?\) > 0$/];

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Records every statement run through better-sqlite3 while `work` runs. */
async function recording(work: () => Promise<void>): Promise<Recorded[]> {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const recorded: Recorded[] = [];
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      recorded.push({ sql: this.source, params: args });
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    for (const [method, original] of originals) proto[method] = original;
  }
  return recorded;
}

/** The tables a statement's plan reads whole (aliases resolved through the statement's own FROM and JOIN). */
function scannedTables(db: Database.Database, { sql, params }: Recorded, tables: Set<string>): string[] {
  if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)) return [];
  if (knownScans.some((known) => known.test(sql.replace(/\s+/g, ' ').trim()))) return [];
  const aliases = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+"?(\w+)"?(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = match[1]!;
    if (!tables.has(table)) continue;
    aliases.set(table, table);
    if (match[2]) aliases.set(match[2], table);
  }
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
  return plan.flatMap(({ detail }) => {
    const step = /^(SCAN|SEARCH) (\w+)/.exec(detail);
    const table = step ? aliases.get(step[2]!) : undefined;
    if (!table || smallTables.has(table) || /VIRTUAL TABLE/.test(detail)) return [];
    if (step![1] === 'SCAN') return [`${table}: ${detail}`];
    const constrained = [...(/\(([^)]*)\)\s*$/.exec(detail)?.[1] ?? '').matchAll(/(\w+)[=<>]/g)].map((m) => m[1]!);
    return constrained.length > 0 && constrained.every((column) => fewValued.has(column))
      ? [`${table}: ${detail}`]
      : [];
  });
}

describe('the statements of a save seek, never scan, the collection-sized tables', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dossier-save-plans-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('for a first version, a new version, another actor, review decisions and a merge', async () => {
    const path = join(folder, 'plans.db');
    const store = openSqliteStore(path);
    const saves: Recorded[] = [];
    try {
      await store.saveDocument(kazakhstanProfile());
      await store.saveDocument(uzbekistanProfile());
      saves.push(...(await recording(() => store.saveDocument(kazakhstanProfile({ revision: 1 })).then(() => {}))));
      saves.push(...(await recording(() => store.saveDocument(uzbekistanProfile({ revision: 2 })).then(() => {}))));
      const other = buildProfile({ ...uzbekistanSpec(), actor: { name: 'Tajikistan', country: 'TJK' } });
      saves.push(...(await recording(() => store.saveDocuments([other]).then(() => {}))));
      // A person's decisions: confirm, reject and edit facts of several kinds, then merge two entities.
      const kinds = ['mention', 'relation', 'time', 'event'] as const;
      const lists = await Promise.all(
        kinds.map((type) => store.listFacts({ actor: 'kazakhstan', kind: type, status: 'any', limit: 20, offset: 0 })),
      );
      const ofKind = (kind: (typeof kinds)[number]) => lists[kinds.indexOf(kind)]!.facts;
      saves.push(
        ...(await recording(async () => {
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
    const db = new Database(path, { readonly: true });
    try {
      const tables = new Set(
        (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
          (name) => !name.startsWith('sqlite_'),
        ),
      );
      expect(saves.length).toBeGreaterThan(40);
      const scans = [
        ...new Set(
          saves.flatMap((statement) =>
            scannedTables(db, statement, tables).map(
              (scan) => `${scan}\n    in ${statement.sql.replace(/\s+/g, ' ').slice(0, 160)}`,
            ),
          ),
        ),
      ];
      expect(scans).toEqual([]);
    } finally {
      db.close();
    }
  });
});
