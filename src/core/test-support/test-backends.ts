// The two backends the core's tests run on: SQLite in a temporary folder, and PostgreSQL in a schema of its own
// (127.0.0.1:5432, database `test`, or DOSSIER_TEST_PG_URL). An unreachable PostgreSQL skips its tests locally and
// fails them under CI=true.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { Dossier } from '../dossier.js';

export const testPgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

export const testBackends = ['sqlite', 'postgres'] as const;
export type TestBackend = (typeof testBackends)[number];

const pgReachable = await (async () => {
  const client = new pg.Client({ connectionString: testPgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
})();

/** `describe` for a backend's tests: skipped for an unreachable PostgreSQL, unless under CI (then they fail). */
export const describeOn = (backend: TestBackend) =>
  describe.skipIf(backend === 'postgres' && !pgReachable && !process.env.CI);

/** A Dossier on a new, empty knowledge base of the backend, and how to take it away after the tests. */
export interface TestDossier {
  dossier: Dossier;
  /** The PostgreSQL schema (null on SQLite). */
  schema: string | null;
  /** The SQLite file (null on PostgreSQL). */
  file: string | null;
  /** Closes the Dossier and drops its database. */
  close(): Promise<void>;
}

/** Opens a Dossier on a new knowledge base named after `name` (a schema, or a file in a temporary folder). */
export async function openTestDossier(backend: TestBackend, name: string): Promise<TestDossier> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `dossier-${name}-`));
  const schema =
    backend === 'postgres' ? `dossier_${name.replace(/\W/g, '_')}_${randomBytes(6).toString('hex')}` : null;
  const file = schema ? null : path.join(workDir, `${name}.db`);
  let location = file;
  if (schema) {
    const url = new URL(testPgUrl);
    url.searchParams.set('schema', schema);
    location = url.toString();
  }
  const dossier = await Dossier.open(location!);
  return {
    dossier,
    schema,
    file,
    async close() {
      await dossier.close();
      await rm(workDir, { recursive: true, force: true });
      if (!schema) return;
      const client = new pg.Client({ connectionString: testPgUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
