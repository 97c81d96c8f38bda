// Released migrations never change: what each migration runs on each backend (its name, SQL, flags
// and the statements of its run step, see test-support/migration-steps.ts) hashes exactly as the
// fixture test-support/migration-sql-hashes.json recorded it (taken before the migrations were
// declared once for both backends). DOSSIER_WRITE_MIGRATION_HASHES=1 rewrites the fixture (only for a
// new migration: a released one's hash must never change); DOSSIER_MIGRATION_DUMP=<dir> writes the
// texts themselves, for a diff.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findTestPostgres, postgresRequired } from './backup/postgres-test-server.js';
import { postgresMigrationSteps, sha256, sqliteMigrationSteps } from './test-support/migration-steps.js';

type Backend = 'sqlite' | 'postgres';
type Hashes = Record<Backend, Record<string, string>>;

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'migration-sql-hashes.json');
const released = JSON.parse(readFileSync(fixture, 'utf8')) as Hashes;
const rewrite = process.env.DOSSIER_WRITE_MIGRATION_HASHES === '1';
const dump = process.env.DOSSIER_MIGRATION_DUMP;
const written: Hashes = { sqlite: {}, postgres: {} };

/** Checks (or records) the steps of one backend against the fixture. */
function check(backend: Backend, steps: Map<number, string>): void {
  if (dump) mkdirSync(dump, { recursive: true });
  for (const [version, text] of steps) {
    written[backend][String(version)] = sha256(text);
    if (dump) writeFileSync(path.join(dump, `${backend}-${String(version).padStart(3, '0')}.sql`), text);
  }
  if (rewrite) return;
  // Every released migration is still there and runs exactly what it ran; a newer one may follow.
  for (const [version, hash] of Object.entries(released[backend])) {
    expect({ backend, version, hash: written[backend][version] }).toEqual({ backend, version, hash });
  }
}

afterAll(() => {
  if (rewrite) writeFileSync(fixture, `${JSON.stringify(written, null, 2)}\n`);
});

describe('released migrations are unchanged', () => {
  it('the fixture covers migrations 1 to 17 of both backends', () => {
    if (rewrite) return;
    for (const backend of ['sqlite', 'postgres'] as const) {
      expect(Object.keys(released[backend]).map(Number)).toEqual(expect.arrayContaining(range(1, 17)));
    }
  });

  it('SQLite: every released migration runs byte-identical SQL', () => {
    check('sqlite', sqliteMigrationSteps());
  });

  it('PostgreSQL: every released migration runs byte-identical SQL', async (context) => {
    const server = await findTestPostgres();
    if (!server.url) {
      if (postgresRequired()) throw new Error(`PostgreSQL unreachable: ${server.failures.join('; ')}`);
      context.skip();
      return;
    }
    const location = new URL(server.newSchemaLocation());
    const schema = location.searchParams.get('schema')!;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      check('postgres', await postgresMigrationSteps(client));
    } finally {
      await client.end();
      await server.dropSchemas();
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
