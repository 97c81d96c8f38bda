// The recipe of docs/ARCHITECTURE.md "Adding an item kind", exercised: a toy kind declared once in
// a registry of its own (the store's kinds plus it), its table made from the declaration by a
// migration, and its items written and read back by the unchanged store core on SQLite and on
// PostgreSQL (getActor and the batch reader), while a store without the kind ignores them.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Extraction } from '../model/index.js';
import { documentItemKinds, itemKind, itemTableSql, type ItemKind } from './item-kinds.js';
import { migrateSqlite, SqliteStore } from './sqlite/sqlite-store.js';
import { sqliteMigrations } from './sqlite/sqlite-migrations.js';
import { migratePostgres, PostgresStore } from './postgres/postgres-store.js';
import { postgresMigrations } from './postgres/postgres-migrations.js';
import type { Store } from './store.js';
import { uzbekistanProfile } from './test-support/profile-fixtures.js';

/** The toy item: a labelled, weighted span of the text, sometimes flagged. */
interface Toy {
  label: string;
  weight: number;
  flagged: boolean;
  note: string | null;
  start: number;
  end: number;
}

/** Step 1 of the recipe: the declaration. */
const toyKind: ItemKind = itemKind<Toy>({
  field: 'toys',
  table: 'toys',
  review: null,
  positioned: true,
  items: (extraction) => (extraction as Extraction & { toys?: Toy[] }).toys ?? [],
  columns: [
    { name: 'label', type: 'text', value: (toy) => toy.label },
    { name: 'weight', type: 'float', value: (toy) => toy.weight },
    { name: 'flagged', type: 'bool', value: (toy) => toy.flagged },
    { name: 'note', type: 'text', nullable: true, value: (toy) => toy.note },
    { name: 'span_start', type: 'int', value: (toy) => toy.start },
    { name: 'span_end', type: 'int', value: (toy) => toy.end },
  ],
  readColumns: ['label', 'weight', 'flagged', 'note', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row): Toy => ({
      label: String(row.label),
      weight: Number(row.weight),
      flagged: Boolean(row.flagged),
      note: (row.note ?? null) as string | null,
      start: row.span_start,
      end: row.span_end,
    })),
});

/** The temporary registry: the store's kinds and the toy. */
const registry = [...documentItemKinds, toyKind];
/** Step 2: its migration, made from the declaration (the next free version number). */
const toyMigration = (backend: 'sqlite' | 'postgres') => ({
  version: 10_000,
  name: 'toys',
  sql: itemTableSql(toyKind, backend),
});

const toys: Toy[] = [
  { label: 'first', weight: 0.5, flagged: true, note: null, start: 0, end: 10 },
  { label: 'second', weight: 2, flagged: false, note: 'a note', start: 12, end: 20 },
];

/** A profile whose extraction carries toys. */
const withToys = () => {
  const input = uzbekistanProfile();
  return { ...input, extraction: { ...input.extraction, toys } as Extraction };
};

/** Saves a profile with toys and reads them back through getActor and getActors. */
async function roundTrip(store: Store): Promise<void> {
  const outcome = await store.saveDocument(withToys());
  const detail = await store.getActor(outcome.actorId);
  expect((detail?.extraction as Extraction & { toys?: Toy[] }).toys).toEqual(toys);
  const [batch] = await store.getActors([{ id: outcome.actorId }]);
  expect(batch).toEqual(detail);
  // Everything else is stored as without the toy kind.
  const { toys: _toys, ...rest } = detail!.extraction as Extraction & { toys?: Toy[] };
  expect(rest).toEqual(uzbekistanProfile().extraction);
}

describe('adding an item kind (a toy kind in a temporary registry)', () => {
  it('makes its table from the declaration', () => {
    expect(itemTableSql(toyKind, 'sqlite')).toContain('weight REAL NOT NULL');
    expect(itemTableSql(toyKind, 'postgres')).toContain('flagged boolean NOT NULL');
    expect(itemTableSql(toyKind, 'postgres')).toContain('note text,');
  });

  it('writes and reads its items on SQLite with no other change to the store', async () => {
    const db = new Database(':memory:');
    migrateSqlite(db, [...sqliteMigrations, toyMigration('sqlite')]);
    const store = new SqliteStore(db, db, { location: ':memory:', readOnly: false }, registry);
    await roundTrip(store);
    const rows = db.prepare('SELECT label, flagged FROM toys ORDER BY position').all();
    expect(rows).toEqual([
      { label: 'first', flagged: 1 },
      { label: 'second', flagged: 0 },
    ]);
    await store.close();
  });

  it('is ignored by a store whose registry does not have it', async () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const store = new SqliteStore(db);
    const outcome = await store.saveDocument(withToys());
    expect((await store.getActor(outcome.actorId))?.extraction).toEqual(uzbekistanProfile().extraction);
    await store.close();
  });

  const url = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `dossier_toy_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await pool.end();
  });

  it('writes and reads its items on PostgreSQL (skipped locally without a server, never under CI)', async (context) => {
    const reachable = await pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    if (!reachable && process.env.CI !== 'true') return context.skip();
    await pool.query(`CREATE SCHEMA ${schema}`);
    const client = await pool.connect();
    try {
      await migratePostgres(client, [...postgresMigrations, toyMigration('postgres')]);
    } finally {
      client.release();
    }
    const store = new PostgresStore(pool, { location: schema, writable: true }, registry);
    await roundTrip(store);
    const { rows } = await pool.query('SELECT label, flagged, weight FROM toys ORDER BY position');
    expect(rows).toEqual([
      { label: 'first', flagged: true, weight: 0.5 },
      { label: 'second', flagged: false, weight: 2 },
    ]);
  });
});
