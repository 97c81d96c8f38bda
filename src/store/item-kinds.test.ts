// The recipe of docs/ARCHITECTURE.md "Adding an item kind", exercised: a toy kind declared once, as
// the model declares its kinds (model/item-kinds/), and nothing else — the store's kind made from
// that declaration alone (itemKindOf) in a registry of its own (the store's kinds plus it), its table
// made by the migration of its `since`, and its items written and read back by the unchanged store
// core on SQLite and on PostgreSQL (getActor and the batch reader), reviewed (a fact kind of its own:
// rejected, edited, named by a rule decision), published by the sqlite export and carried through a
// backup and a restore, while a store without the kind ignores them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reviewedItemKind, spanColumns, type Extraction, type FactKind } from '../model/index.js';
import { writePublishableSqlite } from './backup/publishable-sqlite.js';
import { documentItemKinds, itemKindOf, itemTableSql, type ItemKind } from './item-kinds.js';
import { migrationsFor } from './migration-ddl.js';
import { migrateSqlite, SqliteStore } from './sqlite/sqlite-store.js';
import { sqliteMigrations } from './sqlite/sqlite-migrations.js';
import { migratePostgres, PostgresStore } from './postgres/postgres-store.js';
import { postgresMigrations } from './postgres/postgres-migrations.js';
import { postgresRequired } from './backup/postgres-test-server.js';
import type { Store } from './store.js';
import { uzbekistanProfile } from './test-support/profile-fixtures.js';

/** The toy item: a labelled, weighted span of the text, sometimes flagged. */
const ToySchema = z.object({
  label: z.string(),
  weight: z.number(),
  flagged: z.boolean(),
  note: z.string().nullable(),
  start: z.number().int(),
  end: z.number().int(),
});
type Toy = z.infer<typeof ToySchema>;

/**
 * The recipe: the kind declared once, as the model declares its kinds (model/item-kinds/) — its items, record,
 * review (a fact kind of its own, its payload) and stored columns, its table made by the migration of its `since`.
 */
const toyDeclaration = reviewedItemKind({
  type: 'toy',
  plural: 'toys',
  field: 'toys',
  about: 'labelled, weighted spans',
  item: ToySchema,
  since: 10_000,
  table: 'toys',
  columns: [
    { name: 'label', type: 'text' },
    { name: 'weight', type: 'float' },
    { name: 'flagged', type: 'bool' },
    { name: 'note', type: 'text', nullable: true },
    ...spanColumns(),
  ],
  record: {
    shape: { label: z.string(), weight: z.number() },
    columns: [
      ['label', 'the label'],
      ['weight', 'the weight'],
    ],
    toRecord: (toy) => ({ label: toy.label, weight: toy.weight }),
  },
  review: { payload: z.object({ label: z.string(), weight: z.number() }) },
});
/** The store's kind, made from the declaration alone. */
const toyKind: ItemKind = itemKindOf(toyDeclaration);

/** The temporary registry: the store's kinds and the toy. */
const registry = [...documentItemKinds, toyKind];
/** Its migration, made from the declaration (`since`). */
const toyMigration = (backend: 'sqlite' | 'postgres') => migrationsFor(backend, [], registry)[0]!;

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

/**
 * A decision on a toy: one rejected (no longer read back), one edited; a rule decision must name an item of the
 * extraction, as for the store's own kinds.
 */
async function review(store: Store, documentId: number): Promise<void> {
  const fact = await store.getFact(`toy-${documentId}-0`);
  expect(fact).toMatchObject({ kind: 'toy', status: 'machine', payload: { label: 'first', weight: 0.5 } });
  expect(fact?.evidence).toBe(uzbekistanProfile().document.text.slice(0, 10));
  const rejected = await store.reviewFact(`toy-${documentId}-0`, { status: 'rejected' }, 'tester');
  expect(rejected).toMatchObject({ kind: 'toy', status: 'rejected', reviewedBy: 'tester' });
  const edited = await store.reviewFact(
    `toy-${documentId}-1`,
    { status: 'edited', payload: { label: 'second, edited', weight: 3 } },
    'tester',
  );
  expect(edited).toMatchObject({ status: 'edited', payload: { label: 'second, edited', weight: 3 } });
  const actorId = (await store.listActors('profile'))[0]!.id;
  expect(((await store.getActor(actorId))?.extraction as Extraction & { toys?: Toy[] }).toys).toEqual([
    { ...toys[1]!, label: 'second, edited', weight: 3 },
  ]);
  await expect(
    store.saveDocument({ ...withToys(), ruleDecisions: [{ kind: 'toy' as FactKind, index: 2, rule: 'rule:toy' }] }),
  ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
}

/** The sqlite export publishes the toys a reviewer did not reject, with their review status. */
async function publish(store: Store, folder: string): Promise<void> {
  const file = path.join(folder, 'published.sqlite');
  await writePublishableSqlite(store, file, { itemKinds: registry });
  const db = new Database(file, { readonly: true });
  try {
    expect(db.prepare('SELECT label, weight, flagged, note, review_status FROM toys ORDER BY position').all()).toEqual([
      { label: 'second, edited', weight: 3, flagged: 0, note: 'a note', review_status: 'edited' },
    ]);
  } finally {
    db.close();
  }
}

/** A backup of `store` restored into `target` (an empty store of the same registry): toys and decisions too. */
async function backupAndRestore(store: Store, target: Store, folder: string, documentId: number): Promise<void> {
  const file = path.join(folder, 'backup.db');
  await store.writeBackup(file, {});
  const backup = new Database(file, { readonly: true });
  expect(backup.prepare('SELECT count(*) AS n FROM toys').get()).toEqual({ n: 2 });
  backup.close();
  await target.restoreBackup(file, {});
  const actorId = (await store.listActors('profile'))[0]!.id;
  expect((await target.getActor(actorId))?.extraction).toEqual((await store.getActor(actorId))?.extraction);
  expect(await target.getFact(`toy-${documentId}-0`)).toEqual(await store.getFact(`toy-${documentId}-0`));
}

describe('adding an item kind (a toy kind in a temporary registry)', () => {
  it('makes its store part, its table and its migration from the declaration', () => {
    expect(toyKind).toMatchObject({
      field: 'toys',
      table: 'toys',
      positioned: true,
      since: 10_000,
      record: toyDeclaration.record,
      review: {
        kind: 'toy',
        fields: [
          ['label', 'label', 'text'],
          ['weight', 'weight', 'number'],
        ],
      },
      readColumns: ['label', 'weight', 'flagged', 'note', 'span_start', 'span_end'],
    });
    expect(itemTableSql(toyKind, 'sqlite')).toContain('weight REAL NOT NULL');
    expect(itemTableSql(toyKind, 'postgres')).toContain('flagged boolean NOT NULL');
    expect(itemTableSql(toyKind, 'postgres')).toContain('note text,');
    for (const backend of ['sqlite', 'postgres'] as const) {
      // The store's own migrations are unchanged; the toy's is the one of its version, made of its table.
      expect(migrationsFor(backend, [], documentItemKinds)).toEqual([]);
      expect(migrationsFor(backend, [], registry)).toEqual([
        { version: 10_000, name: 'item kinds: toys', sql: itemTableSql(toyKind, backend) },
      ]);
    }
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

  it('reviews its items, exports them and backs them up on SQLite', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'dossier-toys-'));
    const open = () => {
      const db = new Database(':memory:');
      // The table made outside the migrations: a backup records its schema version, and 10 000 is no real one.
      migrateSqlite(db);
      db.exec(itemTableSql(toyKind, 'sqlite'));
      return { db, store: new SqliteStore(db, db, { location: ':memory:', readOnly: false }, registry) };
    };
    const { db, store } = open();
    const target = open().store;
    try {
      await store.saveDocument(withToys());
      const { id } = db.prepare('SELECT id FROM documents').get() as { id: number };
      await review(store, id);
      await publish(store, folder);
      await backupAndRestore(store, target, folder, id);
    } finally {
      await store.close();
      await target.close();
      rmSync(folder, { recursive: true, force: true });
    }
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
  const schemas: string[] = [];
  const pools: pg.Pool[] = [];
  const poolIn = (name: string) => {
    const created = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${name}` });
    created.on('error', () => undefined);
    schemas.push(name);
    pools.push(created);
    return created;
  };
  const schema = `dossier_toy_${randomBytes(6).toString('hex')}`;
  const pool = poolIn(schema);
  afterAll(async () => {
    for (const name of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    for (const each of pools) await each.end();
  });
  const reachable = () =>
    pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  /** A store of the toy registry in a new schema of its own. */
  const toyStoreIn = async (name: string, into = poolIn(name)): Promise<{ store: PostgresStore; pool: pg.Pool }> => {
    await pool.query(`CREATE SCHEMA ${name}`);
    const client = await into.connect();
    try {
      await migratePostgres(client, [...postgresMigrations, toyMigration('postgres')]);
    } finally {
      client.release();
    }
    return { store: new PostgresStore(into, { location: name, writable: true }, registry), pool: into };
  };

  it('writes and reads its items on PostgreSQL (skipped locally without a server, never under CI)', async (context) => {
    if (!(await reachable()) && !postgresRequired()) return context.skip();
    const { store } = await toyStoreIn(schema, pool);
    await roundTrip(store);
    const { rows } = await pool.query('SELECT label, flagged, weight FROM toys ORDER BY position');
    expect(rows).toEqual([
      { label: 'first', flagged: true, weight: 0.5 },
      { label: 'second', flagged: false, weight: 2 },
    ]);
  });

  it('reviews, exports and backs up its items on PostgreSQL (skipped locally without a server)', async (context) => {
    if (!(await reachable()) && !postgresRequired()) return context.skip();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'dossier-toys-'));
    const name = `dossier_toy_${randomBytes(6).toString('hex')}`;
    const { store, pool: storePool } = await toyStoreIn(name);
    const { store: target } = await toyStoreIn(`${name}_restored`);
    try {
      await store.saveDocument(withToys());
      const { rows } = await storePool.query<{ id: number }>('SELECT id FROM documents');
      await review(store, rows[0]!.id);
      await publish(store, folder);
      await backupAndRestore(store, target, folder, rows[0]!.id);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
