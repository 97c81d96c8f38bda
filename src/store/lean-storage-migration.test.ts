// Migration 26 (compact storage: an unread index dropped, mentions by country partial, SQLite's small keyed tables
// WITHOUT ROWID) on both backends: a database of today's store taken back to schema 25 (the indexes as they were, the
// tables with a rowid) upgrades to 26 and answers exactly as before (actors, documents, facts and the review queue,
// searches, entity pages, the timeline and its years, the network, the source evidence), then takes writes (a save,
// a review, an entity merge) as a database created at 26 does.
import { edgeActorsDropSql } from './graph-edge-actors.js';
import { edgeStrengthDropSql } from './graph-edge-strength.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import type { Store } from './store.js';
import { findTestPostgres, postgresRequired } from './backup/postgres-test-server.js';
import { leanStorageTables } from './lean-storage-migration.js';
import { reviewedAnswers, reviewFixtures } from './test-support/schema-17.js';
import { claimBoundsDropSql, sourcesByIdDropSql } from './test-support/after-21-drop.js';
import { entityTrigramsDropSql } from './entity-trigrams.js';
import { kazakhstanProfile } from './test-support/profile-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-lean-26-'));
const postgres = await findTestPostgres();
afterAll(async () => {
  await postgres.dropSchemas();
  rmSync(folder, { recursive: true, force: true });
});
if (!postgres.url && postgresRequired())
  throw new Error(`PostgreSQL is not reachable: ${postgres.failures.join('; ')}`);

/**
 * The indexes migration 26 drops or narrows, as schema 25 had them (the columns of migrations 27, 29 and 30 and the
 * indexes of 31, 32 and 33 undone (33 by entityTrigramsDropSql); 28 by edgeActorsDropSql).
 */
const indexesAt25 = `
${edgeStrengthDropSql}
DROP INDEX IF EXISTS events_by_parties;
ALTER TABLE events DROP COLUMN parties;
DROP INDEX IF EXISTS times_statements_by_earliest;
ALTER TABLE times DROP COLUMN is_statement;
${sourcesByIdDropSql}
${claimBoundsDropSql}
DROP INDEX IF EXISTS mentions_by_country;
CREATE INDEX mentions_by_country ON mentions (country);
CREATE INDEX times_by_document_time ON times (document_id, review_status, earliest, span_start, span_end);
DELETE FROM schema_migrations WHERE version >= 26;`;

/** What the store answers, reviewed facts and the reads that went through the dropped or rebuilt storage. */
async function answers(store: Store): Promise<Record<string, unknown>> {
  return {
    ...(await reviewedAnswers(store)),
    queue: await store.listFacts({ status: 'any', limit: 1000, offset: 0, order: 'uncertainty' }),
    years: await store.timelineYears({}),
    profileYears: await store.timelineYears({ documentKind: 'profile', type: 'statement' }),
    graph: await store.graphTop({ limit: 50 }),
    ego: await store.graphEgo({ focus: 'KAZ', depth: 2, limit: 50 }),
    evidence: await store.sourceEvidence({ entities: [], country: 'KAZ', limit: 20 }),
  };
}

/** A store of the review fixtures with a person's decision, and its answers. */
async function populated(location: string): Promise<Record<string, unknown>> {
  const store = await openStore(location);
  for (const input of reviewFixtures()) await store.saveDocument(input);
  const facts = (await store.listFacts({ status: 'any', limit: 1000, offset: 0, kind: 'interest' })).facts;
  await store.reviewFact(facts[0]!.id, { status: 'rejected' }, 'ada');
  const before = await answers(store);
  await store.close();
  return before;
}

/** `value` with its times left out (a store created later has later ingest and review times). */
const timeless = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'time'));

/** Writes after the upgrade: a new version, a review, an entity merge; their answers (times left out). */
async function writes(store: Store): Promise<Record<string, unknown>> {
  await store.saveDocument(kazakhstanProfile({ revision: 1 }));
  const quantities = (await store.listFacts({ status: 'any', limit: 1000, offset: 0, kind: 'quantity' })).facts;
  await store.reviewFact(quantities[0]!.id, { status: 'confirmed' }, 'ada');
  const merged = await store.mergeEntities('amu-darya', 'AFG', 'ada');
  return timeless({ merged, ...(await answers(store)) }) as Record<string, unknown>;
}

describe('migration 26 on SQLite: unread indexes dropped, small keyed tables WITHOUT ROWID', () => {
  const schemaOf = (db: Database.Database) =>
    db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL`)
      .all() as Array<{ name: string; sql: string }>;

  it('upgrades a database at schema 25 with the same answers and the storage of a new one', async () => {
    const path = join(folder, 'upgrade.db');
    const before = await populated(path);
    const db = new Database(path);
    const created = schemaOf(db);
    for (const table of leanStorageTables)
      expect(created.find((entry) => entry.name === table)?.sql, table).toMatch(/WITHOUT ROWID$/);
    expect(created.some((entry) => entry.name === 'times_by_document_time')).toBe(false);
    expect(created.some((entry) => entry.name === 'document_entities_by_entity')).toBe(true);
    expect(created.find((entry) => entry.name === 'mentions_by_country')?.sql).toMatch(
      /WHERE country IS NOT NULL AND country <> entity_id$/,
    );
    // Back to 25: each table rebuilt with a rowid (same rows, same indexes), the indexes as they were.
    for (const table of leanStorageTables) {
      const entries = db
        .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL`)
        .all(table) as Array<{ type: string; sql: string }>;
      const create = entries
        .find((entry) => entry.type === 'table')!
        .sql.replace(/ WITHOUT ROWID$/, '')
        .replace(/^CREATE TABLE (\w+|"\w+")/, `CREATE TABLE ${table}_25`);
      db.exec(`${create};
INSERT INTO ${table}_25 SELECT * FROM ${table}; DROP TABLE ${table}; ALTER TABLE ${table}_25 RENAME TO ${table};`);
      for (const entry of entries.filter((e) => e.type === 'index')) db.exec(entry.sql);
    }
    db.exec(edgeActorsDropSql('sqlite') + entityTrigramsDropSql('sqlite') + indexesAt25);
    expect(schemaOf(db).find((entry) => entry.name === 'quantities')?.sql).not.toMatch(/WITHOUT ROWID/);
    db.close();

    const upgraded = await openStore(path);
    expect(await answers(upgraded)).toEqual(before);
    expect((await upgraded.diagnose()).problems).toEqual([]);
    const after = new Database(path, { readonly: true });
    expect(schemaOf(after)).toEqual(created);
    // A country's mentions are read from two indexes: its own (by entity), the others' (the partial index).
    const plan = (condition: string) =>
      (
        after
          .prepare(`EXPLAIN QUERY PLAN SELECT m.document_id FROM mentions m WHERE ${condition}`)
          .all('KAZ') as Array<{ detail: string }>
      )
        .map((step) => step.detail)
        .join(' ');
    expect(plan('m.country = ? AND m.country <> m.entity_id')).toMatch(/USING INDEX mentions_by_country/);
    expect(plan('m.entity_id = ? AND m.country = m.entity_id')).toMatch(/USING INDEX mentions_by_entity/);
    after.close();

    await populated(join(folder, 'fresh.db'));
    const written = await writes(upgraded);
    await upgraded.close();
    const again = await openStore(join(folder, 'fresh.db'));
    expect(await writes(again)).toEqual(written);
    await again.close();
  });
});

describe.skipIf(!postgres.url)(
  'migration 26 on PostgreSQL: unread indexes dropped, mentions by country partial',
  () => {
    const admin = async <T>(schema: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: postgres.url! });
      await client.connect();
      try {
        await client.query(`SET search_path = ${schema}`);
        return await work(client);
      } finally {
        await client.end();
      }
    };
    const indexes = async (schema: string) =>
      admin(schema, async (client) =>
        Object.fromEntries(
          (
            await client.query<{ indexname: string; indexdef: string }>(
              `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
              [schema],
            )
          ).rows.map((row) => [row.indexname, row.indexdef.replaceAll(`${schema}.`, '')]),
        ),
      );

    it('upgrades a schema at 25 with the same answers and the indexes of a new one', async () => {
      const location = postgres.newSchemaLocation();
      const schema = new URL(location).searchParams.get('schema')!;
      const before = await populated(location);
      const created = await indexes(schema);
      expect(created.document_entities_by_entity).toBeDefined();
      expect(created.times_by_document_time).toBeUndefined();
      expect(created.mentions_by_country).toMatch(/WHERE \(\(country IS NOT NULL\) AND \(country <> entity_id\)\)$/);
      await admin(schema, (client) =>
        client.query(edgeActorsDropSql('postgres') + entityTrigramsDropSql('postgres') + indexesAt25),
      );
      expect((await indexes(schema)).times_by_document_time).toBeDefined();

      const upgraded = await openStore(location);
      expect(await answers(upgraded)).toEqual(before);
      expect(await indexes(schema)).toEqual(created);
      const written = await writes(upgraded);
      await upgraded.close();

      const fresh = postgres.newSchemaLocation();
      await populated(fresh);
      const again = await openStore(fresh);
      expect(await writes(again)).toEqual(written);
      await again.close();
    });
  },
);
