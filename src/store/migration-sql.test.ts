// Released migrations never change: what each migration runs on each backend (its name, SQL, flags
// and the statements of its run step, see test-support/migration-steps.ts) hashes exactly as the
// fixture test-support/migration-sql-hashes.json recorded it (taken before the migrations were
// declared once for both backends). DOSSIER_WRITE_MIGRATION_HASHES=1 adds the hashes of migrations
// the fixture does not have yet (a released one's hash is kept, and still checked);
// DOSSIER_MIGRATION_DUMP=<dir> writes the texts themselves, for a diff.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findTestPostgres, postgresRequired } from './backup/postgres-test-server.js';
import { postgresMigrationSteps, sha256, sqliteMigrationSteps } from './test-support/migration-steps.js';
import { documentItemKinds, itemTableSql } from './item-kinds.js';
import { migrationsFor, type MigrationDeclaration } from './migration-ddl.js';
import { migrationNames } from './migration-names.js';
import { schemaMigrations } from './schema-migrations.js';
import { sqliteMigrations } from './sqlite/sqlite-migrations.js';
import { postgresMigrations } from './postgres/postgres-migrations.js';

type Backend = 'sqlite' | 'postgres';
type Hashes = Record<Backend, Record<string, string>>;

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'migration-sql-hashes.json');
const released = JSON.parse(readFileSync(fixture, 'utf8')) as Hashes;
const rewrite = process.env.DOSSIER_WRITE_MIGRATION_HASHES === '1';
const dump = process.env.DOSSIER_MIGRATION_DUMP;
const written: Hashes = { sqlite: { ...released.sqlite }, postgres: { ...released.postgres } };

/** Checks the steps of one backend against the fixture (and records the hashes of newer migrations). */
function check(backend: Backend, steps: Map<number, string>): void {
  if (dump) mkdirSync(dump, { recursive: true });
  const hashes = new Map([...steps].map(([version, text]) => [String(version), sha256(text)]));
  for (const [version, text] of steps) {
    if (dump) writeFileSync(path.join(dump, `${backend}-${String(version).padStart(3, '0')}.sql`), text);
  }
  for (const [version, hash] of hashes) written[backend][version] ??= hash;
  // Every released migration is still there and runs exactly what it ran; a newer one may follow.
  for (const [version, hash] of Object.entries(released[backend])) {
    expect({ backend, version, hash: hashes.get(version) }).toEqual({ backend, version, hash });
  }
}

afterAll(() => {
  if (rewrite) writeFileSync(fixture, `${JSON.stringify(written, null, 2)}\n`);
});

describe('released migrations are unchanged', () => {
  it('the fixture covers migrations 1 to 17 of both backends', () => {
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

describe('a migration declared once', () => {
  it('gives each backend its version, name and SQL, in version order', () => {
    const kind = documentItemKinds.find((candidate) => candidate.table === 'quantities')!;
    const declared: MigrationDeclaration = { version: 10_000, name: 'toy', sql: (d) => itemTableSql(kind, d.backend) };
    const declaredVersions = schemaMigrations.map((migration) => migration.version);
    for (const backend of ['sqlite', 'postgres'] as const) {
      const migrations = migrationsFor(backend, [declared, ...schemaMigrations]);
      expect(migrations.map((migration) => migration.version)).toEqual([...declaredVersions, 10_000]);
      expect(migrations.at(-1)).toEqual({ version: 10_000, name: 'toy', sql: itemTableSql(kind, backend) });
      expect(migrations.slice(0, 17).map(({ name }) => name)).toEqual(range(1, 17).map((v) => migrationNames[v]));
    }
  });

  it("is what each backend's list runs, with the backend's own steps added", () => {
    const declared = (backend: Backend) => migrationsFor(backend, schemaMigrations);
    const bare = (migrations: Array<{ version: number; name: string; sql: string }>) =>
      migrations.map(({ version, name, sql }) => ({ version, name, sql }));
    expect(bare(sqliteMigrations).slice(0, schemaMigrations.length)).toEqual(declared('sqlite'));
    expect(bare(postgresMigrations).slice(0, schemaMigrations.length)).toEqual(declared('postgres'));
    // Of the released migrations, SQLite runs code in 12 (EDTF) and 16 (tables rebuilt, vacuum); PostgreSQL in 12.
    const withSteps = (migrations: Array<{ version: number; run?: unknown; vacuum?: boolean }>) =>
      migrations.filter((m) => m.version <= 17 && (m.run || m.vacuum)).map((m) => m.version);
    expect(withSteps(sqliteMigrations)).toEqual([12, 16]);
    expect(withSteps(postgresMigrations)).toEqual([12]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
