// Runs the Store contract on SQLite (in memory and on disk) and checks SQLite-specific setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { describeStoreContract } from '../store-contract.js';
import { describeEditorialContract } from '../store-editorial-contract.js';
import { uzbekistanProfile } from '../test-support/profile-fixtures.js';
import { migrateSqlite, openSqliteStore } from './sqlite-store.js';
import { sqliteMigrations } from './sqlite-migrations.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let fileCounter = 0;

describeStoreContract('sqlite :memory:', () => openStore(':memory:'));
describeStoreContract('sqlite file', () => openStore(join(folder, `nested/dir-${++fileCounter}/dossier.db`)));
describeEditorialContract('sqlite :memory:', () => openStore(':memory:'));
describeEditorialContract('sqlite file', () => openStore(join(folder, `editorial/dir-${++fileCounter}/dossier.db`)));

describe('SQLite backend', () => {
  it('opens files in WAL mode with foreign keys and a busy timeout', async () => {
    const store = openSqliteStore(join(folder, 'pragmas.db'));
    expect(store.pragmas()).toEqual({ journalMode: 'wal', foreignKeys: 1, busyTimeout: 5000 });
    await store.close();
  });

  it('records migrations and applies each only once', async () => {
    const path = join(folder, 'migrations.db');
    const store = await openStore(path);
    await store.saveDocument(uzbekistanProfile());
    await store.close();
    const reopened = await openStore(path);
    expect((await reopened.listActors()).map((a) => a.id)).toEqual(['uzbekistan']);
    await reopened.close();
    const db = new Database(path);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(sqliteMigrations.map(({ version, name }) => ({ version, name })));
    expect(migrateSqlite(db)).toEqual([]);
    db.close();
  });

  it('keeps the full-text index to the latest versions and in step with the sentences table', async () => {
    const store = openSqliteStore(':memory:');
    await store.saveDocument(uzbekistanProfile());
    await store.saveDocument(uzbekistanProfile({ revision: 1 }));
    const db = (store as unknown as { db: Database.Database }).db;
    db.exec(`INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')`);
    const indexed = db
      .prepare(`SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH '"tashkent"'`)
      .get() as { n: number };
    expect(indexed.n).toBe(4); // version 2 only: 3 sentences of version 1 plus the revision sentence
    await store.close();
  });

  it('lets reads see only committed data while a write transaction is in progress', async () => {
    const store = openSqliteStore(join(folder, 'isolation.db'));
    await store.saveDocument(uzbekistanProfile());
    const transaction = (
      store as unknown as {
        transaction: <T>(
          work: (db: { run: (sql: string, params?: unknown[]) => Promise<number> }) => Promise<T>,
        ) => Promise<T>;
      }
    ).transaction.bind(store);
    let seenInside: string[] = [];
    await transaction(async (db) => {
      await db.run("UPDATE actors SET name = 'Renamed' WHERE id = 'uzbekistan'");
      seenInside = (await store.listActors()).map((actor) => actor.name);
    });
    expect(seenInside).toEqual(['Uzbekistan']);
    expect((await store.listActors()).map((actor) => actor.name)).toEqual(['Renamed']);
    await expect(
      transaction(async (db) => {
        await db.run("UPDATE actors SET name = 'Never' WHERE id = 'uzbekistan'");
        throw new Error('abort');
      }),
    ).rejects.toThrow();
    expect((await store.listActors()).map((actor) => actor.name)).toEqual(['Renamed']);
    await store.close();
  });

  it('refuses a location under a file as not a database, naming the file', async () => {
    const error = await openStore(join(folder, 'pragmas.db', 'inside-a-file.db')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_NOT_A_DATABASE' });
    expect((error as Error).message).toContain(`${join(folder, 'pragmas.db')} is a file`);
  });
});
