// For tests: a store on each backend with a reader of its own over the same database (what the store committed):
// SQLite in a temporary folder, PostgreSQL in a throw-away schema of the test server (findTestPostgres: unreachable
// is a failure under CI=true, else the PostgreSQL cases are left out). Everything opened is closed and dropped after
// the file's tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { findTestPostgres, postgresRequired } from '../backup/postgres-test-server.js';
import { runnerOf } from '../postgres/postgres-dialect.js';
import type { SqlRunner } from '../sql-dialect.js';
import { openStore } from '../index.js';
import type { Store } from '../store.js';

/** A store and a runner of its own over the same database. */
export interface RawStore {
  store: Store;
  raw: SqlRunner;
}

/**
 * The backends to run a file's tests on, as [name, open] pairs for describe.each; call at the top level of the test
 * file (it registers the cleanup).
 */
export async function rawStoreBackends(name: string): Promise<Array<[string, () => Promise<RawStore>]>> {
  const folder = mkdtempSync(join(tmpdir(), `dossier-${name}-`));
  const cleanups: Array<() => Promise<void>> = [];
  const postgres = await findTestPostgres();
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await postgres.dropSchemas();
    rmSync(folder, { recursive: true, force: true });
  });
  if (!postgres.url && postgresRequired())
    throw new Error(`PostgreSQL is not reachable: ${postgres.failures.join('; ')}`);

  const openSqlite = async (): Promise<RawStore> => {
    const path = join(folder, `${randomBytes(4).toString('hex')}.db`);
    const store = await openStore(path);
    const db = new Database(path, { readonly: true });
    cleanups.push(async () => {
      db.close();
      await store.close();
    });
    const all = async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[];
    return { store, raw: { all, run: async () => 0 } };
  };
  const openPostgres = async (): Promise<RawStore> => {
    const location = postgres.newSchemaLocation();
    const store = await openStore(location);
    const client = new pg.Client({ connectionString: postgres.url! });
    await client.connect();
    await client.query(`SET search_path TO ${new URL(location).searchParams.get('schema')}`);
    cleanups.push(async () => {
      await store.close();
      await client.end();
    });
    return { store, raw: runnerOf(client) };
  };
  return [
    ['SQLite', openSqlite],
    ...(postgres.url ? [['PostgreSQL', openPostgres] as [string, typeof openSqlite]] : []),
  ];
}
