// SQLite store failures produced for real: missing databases that read commands must not
// create, files and folders that are not Dossier databases, schema versions, read-only
// connections, a full database, a lock held too long and a native module that does not load;
// and migrating an old-format database (made by the migrations before version 5).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DossierError, isInputErrorCode } from '../../model/index.js';
import { openStore } from '../index.js';
import { kazakhstanProfile, uzbekistanProfile } from '../test-support/profile-fixtures.js';
import { backToSchema15 } from '../test-support/sqlite-schema-15.js';
import { migrateSqlite, openSqliteStore, SqliteStore } from './sqlite-store.js';
import { sqliteMigrations, sqliteSchemaVersion } from './sqlite-migrations.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-sqlite-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let counter = 0;
const freshPath = (name = 'dossier.db') => join(folder, `case-${++counter}`, name);

/** The DossierError a promise (or a throwing call) ends with. */
async function failureOf(run: () => unknown): Promise<DossierError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a failure').toBeInstanceOf(DossierError);
  const error = caught as DossierError;
  expect(isInputErrorCode(error.code), `${error.code} must be a failure, not bad input`).toBe(false);
  expect(error.hint, `${error.code} needs a hint`).toBeTruthy();
  expect(error.message).not.toMatch(/\b(SELECT|INSERT|UPDATE|CREATE|PRAGMA|sqlite_master)\b/);
  return error;
}

/**
 * A database with the schema before version 5 (the released migrations 1-4) and two actors, one
 * with two versions: written by today's store, then taken back to version 4 (what migrations 5
 * and 6 added is dropped).
 */
async function oldFormatDatabase(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrateSqlite(db);
  const old = new SqliteStore(db, db);
  await old.saveDocument(uzbekistanProfile());
  await old.saveDocument(uzbekistanProfile({ revision: 1 }));
  await old.saveDocument(kazakhstanProfile());
  backToSchema15(db);
  db.exec(`DROP TRIGGER actors_latest_is_own_document;
    DROP INDEX IF EXISTS times_by_document_time;
    DROP INDEX events_by_document_span;
    DROP INDEX sentences_by_span;
    CREATE INDEX sentences_by_span ON sentences (document_id, span_start);
    DROP INDEX relations_by_claim;
    DROP INDEX events_by_place;
    DROP INDEX documents_by_actor_hash;
    ALTER TABLE documents DROP COLUMN sentence_count;
    DROP INDEX entities_by_edited;
    DROP INDEX documents_by_kind_focus;
    ALTER TABLE documents DROP COLUMN kind;
    ALTER TABLE documents DROP COLUMN published;
    ALTER TABLE documents DROP COLUMN publisher;
    ALTER TABLE actors DROP COLUMN kind;
    DROP INDEX mentions_by_country;
    DROP INDEX relations_by_subject;
    DROP INDEX relations_by_object;
    DROP TABLE document_subjects;
    ALTER TABLE times DROP COLUMN resolved;
    ALTER TABLE relations DROP COLUMN valid;
    ALTER TABLE relations DROP COLUMN current;
    ALTER TABLE events DROP COLUMN valid;
    ALTER TABLE events DROP COLUMN current;
    ALTER TABLE mentions DROP COLUMN via;
    DROP INDEX events_by_earliest;
    DROP INDEX times_by_earliest;
    ALTER TABLE events DROP COLUMN earliest;
    ALTER TABLE events DROP COLUMN latest;
    ALTER TABLE times DROP COLUMN earliest;
    ALTER TABLE times DROP COLUMN latest;
    DELETE FROM schema_migrations WHERE version > 4;`);
  expect(sqliteMigrations.filter((migration) => migration.version > 4).map((migration) => migration.version)).toEqual([
    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
  ]);
  await old.close();
}

describe('SQLite store: opening without creating (read commands)', () => {
  it('refuses a missing file and creates neither the file nor its folders', async () => {
    const path = join(folder, 'nowhere', 'deeper', 'x.db');
    const error = await failureOf(() => openStore(path, { create: false }));
    expect(error.code).toBe('STORE_MISSING');
    expect(error.message).toContain(path);
    expect(error.hint).toContain('ingest something first, or check --db / DOSSIER_DB');
    expect(existsSync(join(folder, 'nowhere'))).toBe(false);
    const sibling = freshPath();
    mkdirSync(dirname(sibling));
    expect((await failureOf(() => openStore(sibling, { create: false }))).code).toBe('STORE_MISSING');
    expect(readdirSync(dirname(sibling))).toEqual([]);
  });

  it('opens an existing Dossier database and reads it', async () => {
    const path = freshPath();
    const writer = await openStore(path);
    await writer.saveDocument(uzbekistanProfile());
    await writer.close();
    const reader = await openStore(path, { create: false });
    expect((await reader.listActors()).map((actor) => actor.id)).toEqual(['uzbekistan']);
    expect(await reader.diagnose()).toMatchObject({
      backend: 'sqlite',
      location: path,
      writable: true,
      schemaVersion: sqliteSchemaVersion,
      journalMode: 'wal',
      problems: [],
    });
    await reader.close();
  });

  it.each([
    [
      'garbage bytes',
      Buffer.from('These are not the bytes of a SQLite database. '.repeat(40)),
      'not a SQLite database',
    ],
    [
      'random binary',
      Buffer.from(Array.from({ length: 8192 }, (_, index) => (index * 7919) % 256)),
      'not a SQLite database',
    ],
    [
      'a text file with a SQLite-like name',
      Buffer.from('SQLite format 2\u0000 but not really'),
      'not a SQLite database',
    ],
  ])(
    'refuses %s as not a database, with either create mode, and leaves the file as it was',
    async (_label, bytes, reason) => {
      const path = freshPath('garbage.db');
      mkdirSync(dirname(path));
      writeFileSync(path, bytes);
      for (const create of [false, true]) {
        const error = await failureOf(() => openStore(path, { create }));
        expect(error.code).toBe('STORE_NOT_A_DATABASE');
        expect(error.message).toContain(reason);
        expect(error.message).toContain(path);
      }
      expect(readFileSync(path)).toEqual(bytes);
      expect(readdirSync(dirname(path))).toEqual(['garbage.db']);
    },
  );

  it('refuses an empty file for reading but makes it a database for writing', async () => {
    const path = freshPath('empty.db');
    mkdirSync(dirname(path));
    writeFileSync(path, '');
    const error = await failureOf(() => openStore(path, { create: false }));
    expect(error.code).toBe('STORE_NOT_A_DATABASE');
    expect(error.message).toBe(`${path} is not a Dossier database: it is empty`);
    const store = await openStore(path);
    expect((await store.saveDocument(uzbekistanProfile())).status).toBe('created');
    await store.close();
  });

  it("refuses another application's SQLite database in either mode and adds nothing to it", async () => {
    const path = freshPath('other-app.db');
    mkdirSync(dirname(path));
    const other = new Database(path);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
    // A Rails-style schema_migrations table is not Dossier's either.
    other.exec('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)');
    other.close();
    for (const create of [false, true]) {
      const error = await failureOf(() => openStore(path, { create }));
      expect(error.code).toBe('STORE_NOT_A_DATABASE');
      expect(error.message).toContain('another application');
    }
    const check = new Database(path, { readonly: true });
    expect(
      (
        check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{
          name: string;
        }>
      ).map((row) => row.name),
    ).toEqual(['notes', 'schema_migrations']);
    check.close();
  });

  it('refuses a folder, and a path under a file, naming what is in the way', async () => {
    const directory = freshPath('a-folder.db');
    mkdirSync(directory, { recursive: true });
    for (const create of [false, true]) {
      const error = await failureOf(() => openStore(directory, { create }));
      expect(error.code).toBe('STORE_NOT_A_DATABASE');
      expect(error.message).toBe(`${directory} is not a Dossier database: it is a folder`);
    }
    const file = freshPath('plain.txt');
    mkdirSync(dirname(file));
    writeFileSync(file, 'a file');
    for (const below of [join(file, 'x.db'), join(file, 'deeper', 'still', 'x.db')]) {
      for (const create of [false, true]) {
        const error = await failureOf(() => openStore(below, { create }));
        expect(error.code).toBe('STORE_NOT_A_DATABASE');
        expect(error.message).toContain(`${file} is a file, not a folder`);
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('a file');
  });
});

describe('SQLite store: schema versions and migrations', () => {
  it('refuses a database written by a newer Dossier in either mode', async () => {
    const path = freshPath();
    const store = await openStore(path);
    await store.close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      sqliteSchemaVersion + 1,
      'from the future',
      new Date().toISOString(),
    );
    db.close();
    for (const create of [false, true]) {
      const error = await failureOf(() => openStore(path, { create }));
      expect(error.code).toBe('STORE_SCHEMA_VERSION');
      expect(error.message).toContain(`schema version ${sqliteSchemaVersion + 1}`);
      expect(error.hint).toMatch(/upgrade Dossier/);
    }
  });

  it('says an old database opened read-only needs migrating, and migrates it when writable', async () => {
    const path = freshPath();
    await oldFormatDatabase(path);
    const readOnly = await failureOf(() => openSqliteStore(path, { create: false, readOnly: true }));
    expect(readOnly.code).toBe('STORE_SCHEMA_VERSION');
    expect(readOnly.hint).toBe('run `dossier doctor` / open it once with a write command to migrate');
    const store = await openStore(path, { create: false });
    expect(await store.diagnose()).toMatchObject({
      schemaVersion: sqliteSchemaVersion,
      pendingMigrations: [],
      problems: [],
    });
    expect((await store.listActors()).map((actor) => [actor.id, actor.latestVersion])).toEqual([
      ['kazakhstan', 1],
      ['uzbekistan', 2],
    ]);
    // Idempotence now covers every version of the old data.
    expect(await store.saveDocument(uzbekistanProfile())).toMatchObject({ status: 'unchanged', version: 1 });
    // Migration 12 parsed the stored EDTF values into the timeline's bounds.
    expect(
      (await store.listTimeline({ limit: 10, type: 'delegation' })).items.map((item) => [
        item.actor,
        item.earliest,
        item.latest,
      ]),
    ).toEqual([
      ['uzbekistan', '2021-10-01', '2021-10-31'],
      ['kazakhstan', '2021-10-01', '2021-10-31'],
    ]);
    await store.close();
    // Opening again applies nothing.
    const db = new Database(path);
    expect(migrateSqlite(db)).toEqual([]);
    db.close();
  });

  it('fills missing latest pointers from the data when migrating, search index included', async () => {
    const path = freshPath();
    await oldFormatDatabase(path);
    const db = new Database(path);
    db.exec(
      `INSERT INTO sentences_fts (sentences_fts, rowid, text) SELECT 'delete', s.id, s.text FROM sentences s ` +
        `JOIN actors a ON a.latest_document_id = s.document_id WHERE a.id = 'uzbekistan'`,
    );
    db.exec(`UPDATE actors SET latest_document_id = NULL WHERE id = 'uzbekistan'`);
    db.close();
    const store = await openStore(path);
    const latest = await store.getActor('uzbekistan');
    expect(latest?.version.version).toBe(2);
    expect((await store.search({ q: 'renewed', actor: 'uzbekistan' })).hits.map((hit) => hit.version)).toEqual([2]);
    expect((await store.diagnose()).problems).toEqual([]);
    await store.close();
  });

  it('reports a latest pointer that is not the highest version, and refuses one naming another actor', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.saveDocument(uzbekistanProfile());
    await store.saveDocument(uzbekistanProfile({ revision: 1 }));
    await store.saveDocument(kazakhstanProfile());
    const db = (store as unknown as { db: Database.Database }).db;
    db.exec(
      `UPDATE actors SET latest_document_id = (SELECT id FROM documents WHERE actor_id = 'uzbekistan' AND ` +
        `version = 1) WHERE id = 'uzbekistan'`,
    );
    expect((await store.diagnose()).problems).toEqual([
      'actor uzbekistan: the latest-version pointer is at version 1, but version 2 exists',
    ]);
    expect(() =>
      db.exec(
        `UPDATE actors SET latest_document_id = (SELECT id FROM documents WHERE actor_id = 'kazakhstan') WHERE ` +
          `id = 'uzbekistan'`,
      ),
    ).toThrow(/own documents/);
    await store.close();
  });
});

describe('SQLite store: failures while working', () => {
  it('reports writes to a read-only database as STORE_READ_ONLY, reads still work, nothing changes', async () => {
    const path = freshPath();
    const writer = await openStore(path);
    await writer.saveDocument(uzbekistanProfile());
    const digest = await writer.contentDigest();
    await writer.close();
    for (const create of [true, false]) {
      const store = openSqliteStore(path, { create, readOnly: true });
      expect((await store.listActors()).map((actor) => actor.id)).toEqual(['uzbekistan']);
      expect((await store.diagnose()).writable).toBe(false);
      const error = await failureOf(() => store.saveDocument(kazakhstanProfile()));
      expect(error.code).toBe('STORE_READ_ONLY');
      expect(error.message).toBe('Could not save the document of kazakhstan: the database is read-only');
      expect(
        (await failureOf(() => store.createUser({ name: 'ada', role: 'editor', passwordHash: 'x' }, null))).code,
      ).toBe('STORE_READ_ONLY');
      expect(await store.contentDigest()).toBe(digest);
      await store.close();
    }
  });

  it(
    'reports a full database as STORE_DISK_FULL, keeps nothing ' + 'of the save, and recovers once there is room',
    async () => {
      const store = openSqliteStore(freshPath());
      await store.saveDocument(uzbekistanProfile());
      const db = (store as unknown as { db: Database.Database }).db;
      const pages = Number(db.pragma('page_count', { simple: true }));
      db.pragma(`max_page_count = ${pages + 2}`);
      // New versions until the database has no room left (a few pages of slack absorb the first ones).
      let failure: DossierError | undefined;
      let revision = 0;
      let before = await store.contentDigest();
      while (!failure && revision < 200) {
        before = await store.contentDigest();
        failure = await store.saveDocument(kazakhstanProfile({ revision: ++revision })).then(
          () => undefined,
          (error: DossierError) => error,
        );
      }
      expect(failure?.code).toBe('STORE_DISK_FULL');
      const error = await failureOf(() => Promise.reject(failure));
      expect(error.hint).toMatch(/free disk space/);
      expect(await store.contentDigest()).toBe(before);
      expect((await store.listVersions('kazakhstan')).length).toBe(revision - 1);
      db.pragma(`max_page_count = ${pages * 100}`);
      expect((await store.saveDocument(kazakhstanProfile({ revision }))).version).toBe(revision);
      await store.close();
    },
  );

  it('gives every document of a batch STORE_DISK_FULL at once (no retry one by one), keeping nothing', async () => {
    const store = openSqliteStore(freshPath());
    await store.saveDocument(uzbekistanProfile());
    const db = (store as unknown as { db: Database.Database }).db;
    db.exec('VACUUM'); // no free page left (migration 16 frees the pages of the tables it rebuilds)
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    const before = await store.contentDigest();
    const begun: string[] = [];
    store.setWriteFaultHook((step) => {
      if (step === 'begin') begun.push(step);
    });
    const batch = Array.from({ length: 6 }, (_, index) => kazakhstanProfile({ revision: index + 1 }));
    const results = await store.saveDocuments(batch);
    store.setWriteFaultHook(undefined);
    expect(results.map((result) => result.error?.code)).toEqual(batch.map(() => 'STORE_DISK_FULL'));
    expect(results[0]!.error!.message).toMatch(/^Could not save the document of kazakhstan: there is no space left/);
    expect(begun).toHaveLength(1);
    expect(await store.contentDigest()).toBe(before);
    await store.close();
  });

  it('reports a lock held by another connection beyond the busy timeout as STORE_BUSY', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { busyTimeoutMs: 100 });
    await store.saveDocument(uzbekistanProfile());
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await failureOf(() => store.saveDocument(kazakhstanProfile()));
      expect(error.code).toBe('STORE_BUSY');
      // Reads are not blocked by a writer (WAL).
      expect((await store.listActors()).map((actor) => actor.id)).toEqual(['uzbekistan']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await store.saveDocument(kazakhstanProfile())).status).toBe('created');
    await store.close();
  });

  it('reports a native module that does not load as STORE_NATIVE_MODULE with the rebuild hint', async () => {
    const addon = join(freshPath(), 'better_sqlite3.node');
    mkdirSync(dirname(addon), { recursive: true });
    writeFileSync(addon, Buffer.from('\u007fELF but truncated and wrong'));
    const error = await failureOf(() => openSqliteStore(join(dirname(addon), 'x.db'), { nativeBinding: addon }));
    expect(error.code).toBe('STORE_NATIVE_MODULE');
    expect(error.hint).toBe('run `npm rebuild better-sqlite3` (it was built for another Node.js version or platform)');
    expect(error.message).toContain(process.version);
  });

  it('wraps operations on a closed store in STORE_ERROR with a hint', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    const error = await failureOf(() => store.listActors());
    expect(error.code).toBe('STORE_ERROR');
  });
});
