// The two backends the core's tests run on: SQLite in a temporary folder, and PostgreSQL in a throw-away schema of
// the test suite's server (findTestPostgres). An unreachable PostgreSQL skips its tests locally and fails them under
// CI=true.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { findTestPostgres, postgresRequired } from '../../store/backup/postgres-test-server.js';
import { Dossier } from '../dossier.js';

const postgres = await findTestPostgres();

/** The test server's URL (empty when it is unreachable), for tests that read a schema's tables themselves. */
export const testPgUrl = postgres.url ?? '';

export const testBackends = ['sqlite', 'postgres'] as const;
export type TestBackend = (typeof testBackends)[number];

/** `describe` for a backend's tests: skipped for an unreachable PostgreSQL, unless under CI (then they fail). */
export const describeOn = (backend: TestBackend) =>
  describe.skipIf(backend === 'postgres' && !postgres.url && !postgresRequired());

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

/**
 * Opens a Dossier on a new knowledge base: a throw-away schema, or a file named after `name` in a temporary folder.
 * Closing a PostgreSQL one drops the throw-away schemas made so far in this test file (one open at a time).
 */
export async function openTestDossier(backend: TestBackend, name: string): Promise<TestDossier> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `dossier-${name}-`));
  const location = backend === 'postgres' ? postgres.newSchemaLocation() : path.join(workDir, `${name}.db`);
  const schema = backend === 'postgres' ? new URL(location).searchParams.get('schema') : null;
  const dossier = await Dossier.open(location);
  return {
    dossier,
    schema,
    file: schema ? null : location,
    async close() {
      await dossier.close();
      await rm(workDir, { recursive: true, force: true });
      if (schema) await postgres.dropSchemas();
    },
  };
}
