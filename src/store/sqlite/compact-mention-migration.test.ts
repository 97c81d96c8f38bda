// Migration 21 (a mention's words stored only where they are not its document's slice; the full-text index without
// sizes) on SQLite: a save stores the words as NULL except after a character beyond the BMP or where a reviewer
// edited them; a database at schema 20 (every mention's words stored, the words NOT NULL) upgraded to 21 answers
// exactly as before (actors, documents, facts, the review queue in confidence order, entity pages, searches) and
// stores the same rows as a save by today's code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import type { Store } from '../store.js';
import { sentencesFts } from '../initial-schema.js';
import { reviewedAnswers, reviewFixtures } from '../test-support/schema-17.js';
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import { sqliteSchemaVersion } from './sqlite-migrations.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-compact-21-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface StoredMention {
  document_id: number;
  position: number;
  text: string | null;
  span_start: number;
  span_end: number;
  doc: string;
}

const storedMentions = (db: Database.Database): StoredMention[] =>
  db
    .prepare(
      `SELECT m.document_id, m.position, m.text, m.span_start, m.span_end, d.text AS doc
       FROM mentions m JOIN documents d ON d.id = m.document_id ORDER BY m.document_id, m.position`,
    )
    .all() as StoredMention[];

/** Back to 20: every mention's words written out (NOT NULL again), the full-text index with its sizes. */
function backToSchema20(db: Database.Database): void {
  const rows = storedMentions(db);
  const schema = db.prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = 'mentions'`).all() as Array<{
    type: string;
    sql: string;
  }>;
  const create = schema.find((entry) => entry.type === 'table')!.sql;
  db.exec(
    create
      .replace(/^CREATE TABLE ("mentions"|mentions)/, 'CREATE TABLE mentions_20')
      .replace(/\btext TEXT,/, 'text TEXT NOT NULL,'),
  );
  const columns = (db.prepare(`SELECT name FROM pragma_table_info('mentions')`).all() as Array<{ name: string }>).map(
    (column) => column.name,
  );
  db.exec(
    `INSERT INTO mentions_20 (${columns.join(', ')}) SELECT ${columns
      .map((column) => (column === 'text' ? `coalesce(text, '?')` : column))
      .join(', ')} FROM mentions`,
  );
  const write = db.prepare('UPDATE mentions_20 SET text = ? WHERE document_id = ? AND position = ?');
  for (const row of rows)
    write.run(row.text ?? row.doc.slice(row.span_start, row.span_end), row.document_id, row.position);
  db.exec('DROP TABLE mentions; ALTER TABLE mentions_20 RENAME TO mentions');
  for (const entry of schema) if (entry.type === 'index') db.exec(entry.sql);
  db.exec(`DROP TABLE sentences_fts;
${sentencesFts(`,\n  prefix = '3'`)}
INSERT INTO sentences_fts (rowid, text)
  SELECT s.id, s.text FROM actors a JOIN sentences s ON s.document_id = a.latest_document_id;
${dropCollectionCountsSql('sqlite')}
DELETE FROM schema_migrations WHERE version >= 21;`);
}

/** The answers of reviewedAnswers with the review queue in its confidence order (its SQL reads the words). */
async function answers(store: Store): Promise<Record<string, unknown>> {
  return {
    ...(await reviewedAnswers(store)),
    queue: await store.listFacts({ status: 'any', limit: 1000, offset: 0, order: 'uncertainty' }),
    mentions: await store.listFacts({ status: 'any', limit: 1000, offset: 0, kind: 'mention', order: 'uncertainty' }),
  };
}

describe('SQLite migration 21: mention words stored as slices', () => {
  it('stores the words only where they are not the slice, and upgrades a database at schema 20 alike', async () => {
    const path = join(folder, 'upgrade.db');
    const store = await openStore(path);
    for (const input of reviewFixtures()) await store.saveDocument(input);
    const mentions = (await store.listFacts({ status: 'any', limit: 1000, offset: 0, kind: 'mention' })).facts;
    const edited = mentions.find((fact) => fact.actor === 'kazakhstan')!;
    await store.reviewFact(
      edited.id,
      { status: 'edited', payload: { ...edited.payload, text: 'Kazakh words' } },
      'ada',
    );
    const before = await answers(store);
    await store.close();
    // Every reader gives the words: the facts' payload (the evidence, or the edit), entity pages, the export's rows.
    const facts = (before.mentions as { facts: typeof mentions }).facts;
    expect(facts.length).toBe(mentions.length);
    for (const fact of facts) expect(fact.payload.text).toBe(fact.id === edited.id ? 'Kazakh words' : fact.evidence);
    expect(JSON.stringify(before)).not.toMatch(/"text":null/);

    const db = new Database(path);
    const saved = storedMentions(db);
    // Stored: the edited words, and the words of the profile with emoji after its first one; nothing else.
    const kept = saved.filter((row) => row.text !== null);
    const astral = (row: StoredMention) => /[\uD800-\uDFFF]/.test(row.doc.slice(0, row.span_end));
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.every((row) => astral(row) || row.text === 'Kazakh words')).toBe(true);
    expect(kept.some((row) => row.text === 'Kazakh words')).toBe(true);
    expect(saved.filter((row) => row.text === null).every((row) => !astral(row))).toBe(true);
    expect(saved.filter((row) => row.text === null).length).toBeGreaterThan(kept.length);
    backToSchema20(db);
    expect(db.prepare('SELECT count(*) AS n FROM mentions WHERE text IS NULL').get()).toEqual({ n: 0 });
    db.close();

    const upgraded = await openStore(path);
    expect(await answers(upgraded)).toEqual(before);
    expect((await upgraded.diagnose()).problems).toEqual([]);
    await upgraded.close();

    const after = new Database(path);
    try {
      expect(after.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
        v: sqliteSchemaVersion,
      });
      expect(storedMentions(after)).toEqual(saved);
      const fts = after.prepare(`SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'`).get() as { sql: string };
      expect(fts.sql).toContain('columnsize = 0');
      expect(
        after.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sentences_fts_docsize'`).get(),
      ).toEqual({ n: 0 });
    } finally {
      after.close();
    }
  });
});
