// Migration 16 (compact storage) on SQLite: a database at schema 15 upgraded to 16 answers exactly
// as before, keeps a sentence's text only where SQL would slice its document differently, and its
// item tables are WITHOUT ROWID with their foreign keys intact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { backToSchema15 } from '../test-support/sqlite-schema-15.js';
import { sqliteMigrations } from './sqlite-migrations.js';
import { answerFixtures, storedAnswers } from '../test-support/stored-answers.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-compact-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('SQLite migration 16: compact storage', () => {
  it('upgrades a database at schema 15 with the same answers', async () => {
    const path = join(folder, 'upgrade.db');
    const store = await openStore(path);
    for (const input of answerFixtures()) await store.saveDocument(input);
    const before = await storedAnswers(store);
    await store.close();

    const db = new Database(path);
    backToSchema15(db);
    expect(db.prepare(`SELECT type FROM sqlite_master WHERE name = 'sentences'`).get()).toEqual({ type: 'table' });
    db.close();

    const upgraded = await openStore(path);
    expect(await storedAnswers(upgraded)).toEqual(before);
    expect((await upgraded.diagnose()).problems).toEqual([]);
    await upgraded.close();

    const after = new Database(path);
    try {
      expect(after.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
        v: Math.max(...sqliteMigrations.map((migration) => migration.version)),
      });
      expect(after.pragma('foreign_key_check')).toEqual([]);
      // Vacuumed after the rebuild: the pages of the old tables went back to the file system.
      expect(after.pragma('freelist_count', { simple: true })).toBe(0);
      after.exec(`INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')`);
      for (const table of ['mentions', 'document_entities', 'times', 'events']) {
        const { sql } = after.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table) as { sql: string };
        expect(sql, table).toMatch(/WITHOUT ROWID$/);
      }
      // Only the sentences of the emoji profile from its first emoji on keep their text.
      const kept = after
        .prepare(
          `SELECT d.actor_id, s.span_start, s.text FROM sentence_spans s JOIN documents d ON d.id = s.document_id
           WHERE s.text IS NOT NULL ORDER BY d.actor_id, s.position`,
        )
        .all() as Array<{ actor_id: string; text: string }>;
      expect(new Set(kept.map((row) => row.actor_id))).toEqual(new Set(['wheatland-ear-of-rice']));
      expect(kept[0]!.text).toBe('Wheatland 🌾 shares a border with Afghanistan 🇦🇫 along the Amu Darya.');
      const total = after.prepare(`SELECT count(*) AS n FROM sentences`).get() as { n: number };
      expect(kept.length).toBeLessThan(total.n);
    } finally {
      after.close();
    }
  });
});
