// The planner's statistics kept by the PostgreSQL store (postgres-statistics.ts): a store that has written enough
// documents has analyzed the tables it changed (the test server runs with autovacuum off, as a bulk ingest outruns
// it), and the analysis takes only stale tables, one connection at a time. Skipped locally without a server, a
// failure when CI=true.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { buildProfile, uzbekistanSpec } from '../test-support/profile-fixtures.js';
import { findTestPostgres, postgresRequired } from '../backup/postgres-test-server.js';
import { parsePostgresLocation } from './postgres-store.js';
import {
  analyzeStaleTables,
  defaultStatisticsPolicy,
  maintainStaleTables,
  statisticsCheckEvery,
} from './postgres-statistics.js';

const server = await findTestPostgres();
afterAll(() => server.dropSchemas());

/** A pool on the schema of `location`. */
function poolOn(location: string): pg.Pool {
  const { connectionString, schema } = parsePostgresLocation(location);
  return new pg.Pool({ connectionString, options: `-c search_path=${schema}` });
}

/** Profiles of `count` different actors, from `first` on. */
const profiles = (first: number, count: number) =>
  Array.from({ length: count }, (_, k) =>
    buildProfile({ ...uzbekistanSpec(), actor: { name: `Uzbekistan ${first + k}`, country: 'UZB' } }),
  );

/** The rows ANALYZE last counted in each table (-1: never analyzed). */
async function analyzedRows(pool: pg.Pool, tables: string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ name: string; tuples: number }>(
    `SELECT relname AS name, reltuples::int AS tuples FROM pg_class
     WHERE relnamespace = current_schema()::regnamespace AND relname = ANY($1::text[])`,
    [tables],
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.tuples)]));
}

/**
 * Waits until the server's statistics count the rows changed in `table`. A backend reports them at the end of a
 * transaction at most once a second, and one that then stays idle only after 10 s (PostgreSQL 15's
 * PGSTAT_IDLE_INTERVAL): up to 30 s here.
 */
async function changesReported(pool: pg.Pool, table: string, least: number): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT n_mod_since_analyze::text AS n FROM pg_stat_user_tables
       WHERE schemaname = current_schema() AND relname = $1`,
      [table],
    );
    if (Number(rows[0]?.n ?? 0) >= least) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the changes of ${table} were not reported`);
}

/** A pool on a new schema where a store (closed since) saved three documents, once the server has counted them. */
async function threeDocuments(): Promise<pg.Pool> {
  const location = server.newSchemaLocation();
  const store = await openStore(location);
  await store.saveDocuments(profiles(0, 3));
  await store.close();
  const pool = poolOn(location);
  try {
    await changesReported(pool, 'documents', 3);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

describe('PostgreSQL statistics', () => {
  it('a store that wrote enough documents has analyzed the tables it filled', async (context) => {
    if (!server.url && !postgresRequired()) return context.skip();
    const location = server.newSchemaLocation();
    const store = await openStore(location);
    const pool = poolOn(location);
    try {
      const before = statisticsCheckEvery - 4;
      await store.saveDocuments(profiles(0, before));
      await changesReported(pool, 'documents', before);
      expect(await analyzedRows(pool, ['documents', 'mentions'])).toEqual({ documents: -1, mentions: -1 });
      await store.saveDocuments(profiles(before, 4));
      await store.close(); // waits for the analysis the last save started
      // The mentions (more rows changed than the policy tolerates) are analyzed; the documents (64 rows) are not yet.
      const analyzed = await analyzedRows(pool, ['documents', 'mentions']);
      expect(analyzed.mentions).toBeGreaterThan(defaultStatisticsPolicy.minChanged);
      expect(analyzed.documents).toBe(-1);
    } finally {
      await store.close();
      await pool.end();
    }
  }, 120_000);

  it('analyzes only stale tables, and nothing while another connection analyzes the schema', async (context) => {
    if (!server.url && !postgresRequired()) return context.skip();
    const pool = await threeDocuments();
    const holder = await pool.connect();
    try {
      const policy = { minChanged: 0, share: 0 };
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('dossier:analyze:' || current_schema(), 0))`);
      expect(await analyzeStaleTables(pool, policy)).toEqual([]);
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('dossier:analyze:' || current_schema(), 0))`);
      const first = await analyzeStaleTables(pool, policy);
      expect(first).toEqual(expect.arrayContaining(['actors', 'documents', 'mentions', 'sentence_spans']));
      expect(await analyzeStaleTables(pool, policy)).toEqual([]);
    } finally {
      holder.release();
      await pool.end();
    }
  }, 120_000);

  it('vacuums the tables past the policy where autovacuum is off, the others left to it', async (context) => {
    if (!server.url && !postgresRequired()) return context.skip();
    const pool = await threeDocuments();
    try {
      const autovacuum = (await pool.query<{ on: string }>(`SELECT current_setting('autovacuum') AS on`)).rows[0]?.on;
      // The documents' own setting turns autovacuum off for them whatever the server's; the mentions follow the server.
      await pool.query('ALTER TABLE documents SET (autovacuum_enabled = false)');
      await pool.query('ALTER TABLE mentions SET (autovacuum_enabled = true)');
      const visible = async () =>
        (
          await pool.query<{ pages: number }>(
            `SELECT relallvisible AS pages FROM pg_class
             WHERE relnamespace = current_schema()::regnamespace AND relname = 'documents'`,
          )
        ).rows[0]?.pages;
      expect(await visible()).toBe(0);
      const run = await maintainStaleTables(pool, { minChanged: 0, share: 0 });
      expect(run.vacuumed).toContain('documents');
      expect(run.vacuumed.includes('mentions')).toBe(autovacuum === 'off');
      // Every vacuumed table is analyzed too; the visibility map now covers the documents' pages.
      expect(run.analyzed).toEqual(expect.arrayContaining(run.vacuumed));
      expect(await visible()).toBeGreaterThan(0);
      expect(await maintainStaleTables(pool, { minChanged: 0, share: 0 })).toEqual({ analyzed: [], vacuumed: [] });
    } finally {
      await pool.end();
    }
  }, 120_000);
});
