// Migration 21 of both backends (compact storage, issue 13): a mention's words, which are its document's text at its
// span, are stored as NULL (item-kinds.ts: `sliced`, read through slicedColumnSql or filled from the document's text).
// A mention keeps its words where they differ from the slice (a reviewer's edit) or where SQL's substr would slice
// otherwise (sliceLimitOf). SQLite rebuilds the table to let the column hold NULL; PostgreSQL drops the NOT NULL.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { sliceLimitOf } from './item-kinds.js';

/** Documents read per batch. */
const batch = 500;

/** A slice limit as SQL compares it (no limit: beyond any span, within an integer). */
const sqlLimit = (text: string): number => Math.min(sliceLimitOf(text), 2 ** 31 - 1);

/** The condition under which a mention `m` of document `d` (slice limit `lim`) is stored as NULL. */
const isSlice = 'm.span_end <= lim AND m.text = substr(d.text, m.span_start + 1, m.span_end - m.span_start)';

/** SQLite: each document's slice limit, in a temporary table. */
function sliceLimitsTable(db: Database.Database): void {
  db.exec('CREATE TEMP TABLE dossier_slice_limits (id INTEGER PRIMARY KEY, lim INTEGER NOT NULL)');
  const read = db.prepare('SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const write = db.prepare('INSERT INTO temp.dossier_slice_limits (id, lim) VALUES (?, ?)');
  for (let after = -1; ;) {
    const rows = read.all(after, batch) as Array<{ id: number; text: string }>;
    if (rows.length === 0) return;
    for (const row of rows) write.run(row.id, sqlLimit(row.text));
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * SQLite: the mentions copied to a table whose words may be NULL (WITHOUT ROWID, as migration 16 made it), NULL where
 * they are the slice; the original dropped, the copy renamed and its indexes made again. A table whose words may be
 * NULL already (a test's schema made back from a newer one) has them set NULL in place.
 */
export function compactMentionTextsSqlite(db: Database.Database): void {
  const schema = db
    .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = 'mentions' AND sql IS NOT NULL`)
    .all() as Array<{ type: string; sql: string }>;
  const create = schema.find((entry) => entry.type === 'table')!.sql;
  sliceLimitsTable(db);
  const limited = 'JOIN documents d ON d.id = m.document_id JOIN temp.dossier_slice_limits l ON l.id = m.document_id';
  if (!/\btext TEXT NOT NULL/.test(create)) {
    db.exec(`UPDATE mentions SET text = NULL WHERE (document_id, position) IN (
      SELECT m.document_id, m.position FROM mentions m ${limited} WHERE ${isSlice})`);
  } else {
    db.exec(
      create
        .replace(/^CREATE TABLE ("mentions"|mentions)/, 'CREATE TABLE mentions_compact')
        .replace(/\btext TEXT NOT NULL/, 'text TEXT'),
    );
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('mentions')`).all() as Array<{ name: string }>).map(
      (column) => column.name,
    );
    const values = columns.map((column) =>
      column === 'text' ? `CASE WHEN ${isSlice} THEN NULL ELSE m.text END` : `m.${column}`,
    );
    db.exec(`INSERT INTO mentions_compact (${columns.join(', ')})
      SELECT ${values.join(', ')} FROM mentions m ${limited} ORDER BY m.document_id, m.position`);
    db.exec('DROP TABLE mentions; ALTER TABLE mentions_compact RENAME TO mentions');
    for (const entry of schema) if (entry.type === 'index') db.exec(entry.sql);
  }
  db.exec('DROP TABLE temp.dossier_slice_limits');
}

/** PostgreSQL (the column already without NOT NULL): each batch of documents' mentions NULL where they are slices. */
export async function compactMentionTextsPostgres(client: pg.ClientBase): Promise<void> {
  for (let after = -1; ;) {
    const { rows } = await client.query<{ id: number; text: string }>(
      'SELECT id, text FROM documents WHERE id > $1 ORDER BY id LIMIT $2',
      [after, batch],
    );
    if (rows.length === 0) return;
    await client.query(
      `UPDATE mentions m SET text = NULL FROM documents d, unnest($1::integer[], $2::integer[]) AS u(id, lim)
       WHERE d.id = u.id AND m.document_id = u.id AND m.text IS NOT NULL AND ${isSlice}`,
      [rows.map((row) => row.id), rows.map((row) => sqlLimit(row.text))],
    );
    after = Number(rows[rows.length - 1]!.id);
  }
}
