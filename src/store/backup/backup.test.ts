// Store-level backup and restore on both backends (profile fixtures): every table of the schema
// is copied or deliberately left out; a non-empty target is refused and --force replaces it; an
// older backup is migrated on the way in; the publishable SQLite file has plain foreign keys,
// views, latest versions only, no account or audit table, and an FTS index sqlite-utils detects.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, writePublishableSqlite, type Store } from '../index.js';
import { kazakhstanProfile, uzbekistanProfile } from '../test-support/profile-fixtures.js';
import { migrateSqlite } from '../sqlite/sqlite-store.js';
import { sqliteMigrations, sqliteSchemaVersion } from '../sqlite/sqlite-migrations.js';
import { accountTables, contentTables, isFtsShadowTable, notCopiedTables } from './backup-format.js';
import { findTestPostgres, postgresRequired } from './postgres-test-server.js';

const postgres = await findTestPostgres();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-backup-store-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await postgres.dropSchemas();
});
const file = (name: string) => path.join(work, name);

async function filledStore(location: string): Promise<Store> {
  const store = await openStore(location);
  await store.saveDocument(uzbekistanProfile());
  await store.saveDocument(kazakhstanProfile());
  await store.saveDocument(kazakhstanProfile({ revision: 2 }));
  await store.createUser(
    { name: 'noor.haddad', role: 'admin', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$SECRETHASHVALUE' },
    null,
  );
  return store;
}

describe('backup format', () => {
  it('names every table of the schema as copied, account, or not copied', () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const tables = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((row) => row.name);
    db.close();
    const known = new Set<string>([...contentTables, ...accountTables, ...notCopiedTables]);
    expect(tables.filter((table) => !known.has(table) && !isFtsShadowTable(table))).toEqual([]);
  });
});

const backends: Array<[string, () => string]> = [
  ['sqlite', () => file(`target-${Math.random().toString(36).slice(2)}.db`)],
];
if (postgres.url) backends.push(['postgres', () => postgres.newSchemaLocation()]);
else if (postgresRequired()) {
  it('needs a reachable PostgreSQL server in CI', () =>
    expect.fail(`PostgreSQL is unreachable: ${postgres.failures.join('; ')}`));
}

describe.each(backends)('restore into %s', (_name, newTarget) => {
  it('refuses a non-empty target unless forced, then replaces its content', async () => {
    const source = await filledStore(file(`source-${Math.random().toString(36).slice(2)}.db`));
    const backup = file(`b-${Math.random().toString(36).slice(2)}.backup`);
    await source.writeBackup(backup, {});
    const expected = await source.getActor('kazakhstan');
    await source.close();

    const target = await openStore(newTarget());
    try {
      await target.saveDocument(uzbekistanProfile({ revision: 2 }));
      const revisionBefore = Number(await target.revision());
      await expect(target.restoreBackup(backup, {})).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/not empty/),
      });
      expect((await target.stats()).versions).toBe(1);
      const summary = await target.restoreBackup(backup, { force: true });
      expect(summary).toMatchObject({
        replaced: true,
        accountsRestored: false,
        counts: { actors: 2, documents: 3, users: 0 },
      });
      expect(await target.getActor('kazakhstan')).toEqual(expected);
      expect(Number(await target.revision())).toBeGreaterThan(revisionBefore);
      expect((await target.search({ q: 'Uzbekistan', limit: 5, offset: 0 })).total).toBeGreaterThan(0);
      expect((await target.diagnose()).problems).toEqual([]);
      // The maintained counts follow the replaced rows (SQLite deletes them, PostgreSQL truncates).
      const { actors, versions, sentences } = await target.stats();
      expect(await target.collectionCounts()).toEqual({ actors, versions, sentences });
      expect(actors).toBe(2);
      // The identities continue after the restored ids.
      expect(await target.saveDocument(uzbekistanProfile({ revision: 2 }))).toMatchObject({
        status: 'new-version',
        version: 2,
      });
      expect((await target.getActor('uzbekistan'))?.version.version).toBe(2);
    } finally {
      await target.close();
    }
  });

  it('migrates an older backup on the way in', async () => {
    const old = file(`old-${Math.random().toString(36).slice(2)}.db`);
    const db = new Database(old);
    migrateSqlite(
      db,
      sqliteMigrations.filter((migration) => migration.version <= 4),
    );
    db.close();
    const target = await openStore(newTarget());
    try {
      const summary = await target.restoreBackup(old, {});
      expect(summary).toMatchObject({ backupSchemaVersion: 4, schemaVersion: sqliteSchemaVersion, replaced: false });
    } finally {
      await target.close();
    }
  });

  it('refuses what is not a backup, and a backup from a newer Dossier', async () => {
    const target = await openStore(newTarget());
    try {
      await expect(target.restoreBackup(file('missing.backup'), {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const foreign = file(`foreign-${Math.random().toString(36).slice(2)}.db`);
      const db = new Database(foreign);
      db.exec('CREATE TABLE notes (body TEXT)');
      db.close();
      await expect(target.restoreBackup(foreign, {})).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/not a Dossier backup/),
      });
      const newer = file(`newer-${Math.random().toString(36).slice(2)}.db`);
      const future = new Database(newer);
      migrateSqlite(future);
      future
        .prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '2100-01-01')`)
        .run(sqliteSchemaVersion + 1);
      future.close();
      await expect(target.restoreBackup(newer, {})).rejects.toMatchObject({ code: 'STORE_SCHEMA_VERSION' });
    } finally {
      await target.close();
    }
  });
});

describe.each(backends)('publishable SQLite from %s', (_name, newTarget) => {
  it(
    'has latest versions only, plain foreign keys, the views, and a detectable full-text index; no accounts or ' +
      'audit',
    async () => {
      const store = await filledStore(newTarget());
      const out = file(`publish-${Math.random().toString(36).slice(2)}.sqlite`);
      let latest;
      try {
        await store.appendAudit({
          user: 'noor.haddad',
          action: 'test.note',
          targetType: 'actor',
          targetId: 'kazakhstan',
          before: null,
          after: null,
        });
        latest = await store.getActor('kazakhstan');
        const { bytes } = await writePublishableSqlite(store, out, {});
        expect(bytes).toBeGreaterThan(0);
        await expect(writePublishableSqlite(store, file('none.sqlite'), { actor: 'atlantis' })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      } finally {
        await store.close();
      }
      const db = new Database(out, { readonly: true });
      try {
        const names = (
          db.prepare(`SELECT name, type FROM sqlite_master`).all() as Array<{ name: string; type: string }>
        ).map((row) => row.name);
        for (const absent of ['users', 'sessions', 'api_tokens', 'audit_log', 'schema_migrations', 'entity_merges'])
          expect(names).not.toContain(absent);
        expect(names).toEqual(expect.arrayContaining(['mention_entities', 'sentence_actors', 'sentences_fts']));
        expect(db.prepare('SELECT actor_id, version FROM documents ORDER BY actor_id').all()).toEqual([
          { actor_id: 'kazakhstan', version: latest!.version.version },
          { actor_id: 'uzbekistan', version: 1 },
        ]);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(
          (
            db
              .prepare(`SELECT count(*) AS n FROM pragma_foreign_key_list('mentions') WHERE "table" = 'entities'`)
              .get() as { n: number }
          ).n,
        ).toBe(1);
        // sqlite-utils' and Datasette's detect_fts query.
        const detected = db
          .prepare(
            `SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE '%VIRTUAL TABLE%USING ` +
              `FTS%content=[sentences]%' OR sql LIKE '%VIRTUAL TABLE%USING FTS%content="sentences"%')`,
          )
          .all();
        expect(detected).toEqual([{ name: 'sentences_fts' }]);
        const hits = db
          .prepare(
            `SELECT s.text, a.actor_id FROM sentences_fts JOIN sentence_actors a ON a.sentence_id = ` +
              `sentences_fts.rowid JOIN sentences s ON s.id = sentences_fts.rowid WHERE sentences_fts MATCH ?`,
          )
          .all('Uzbekistan') as Array<{ text: string; actor_id: string }>;
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.every((hit) => /uzbekistan/i.test(hit.text))).toBe(true);
        const mentions = db.prepare('SELECT count(*) AS n FROM mention_entities').get() as { n: number };
        expect(mentions.n).toBe((db.prepare('SELECT count(*) AS n FROM mentions').get() as { n: number }).n);
        expect(mentions.n).toBeGreaterThan(0);
        expect(
          db
            .prepare(
              `SELECT count(*) AS n FROM sentences s JOIN documents d ON d.id = s.document_id WHERE d.actor_id = ` +
                `'kazakhstan'`,
            )
            .get(),
        ).toEqual({
          n: latest!.extraction.sentences.length,
        });
      } finally {
        db.close();
      }
    },
  );
});
