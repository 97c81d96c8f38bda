// Migration 18 of both backends (compact storage, issue 13): rule decisions stored as a code without time
// (rule-reviewers.ts), and every document's layout in its compact form (compact-layout.ts). A database upgraded
// answers as one written by this code: reviewers and layouts read back the same, a rule decision's time is its
// document's ingest time.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { layoutFromStored, storedLayout } from './compact-layout.js';

/** The tables of reviewed items in 17 (sentences carry review columns nobody writes). */
const reviewedTables = ['interests', 'mentions', 'times', 'quantities', 'events', 'relations', 'postures'];

/** The rule decisions of every reviewed table as codes without time (the codes of rule-reviewers.ts at 18). */
export const compactRuleDecisionsSql = reviewedTables
  .map(
    (table) =>
      `UPDATE ${table} SET reviewed_at = NULL, reviewed_by = CASE reviewed_by WHEN 'rule:exact-country' THEN ':c' ` +
      `WHEN 'rule:exact-gazetteer' THEN ':g' WHEN 'rule:explicit-date' THEN ':d' ELSE reviewed_by END ` +
      `WHERE reviewed_by LIKE 'rule:%';`,
  )
  .join('\n');

/** Documents read per batch. */
const batch = 500;

/**
 * The compact layout JSON of a document row (its layout as JSON text, or parsed from jsonb: keys in any order,
 * read back in the writer's order as every layout of PostgreSQL is read since).
 */
const compacted = (row: { text: string; layout: unknown }): string => {
  const jsonb = typeof row.layout !== 'string';
  const parsed: unknown = jsonb ? row.layout : JSON.parse(row.layout as string);
  return JSON.stringify(storedLayout(layoutFromStored(parsed, row.text), row.text, jsonb));
};

/** SQLite: every document's layout in its compact form, in batches of ids. */
export function compactLayoutsSqlite(db: Database.Database): void {
  const read = db.prepare('SELECT id, text, layout FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const write = db.prepare('UPDATE documents SET layout = ? WHERE id = ?');
  for (let after = -1; ;) {
    const rows = read.all(after, batch) as Array<{ id: number; text: string; layout: string }>;
    if (rows.length === 0) return;
    for (const row of rows) write.run(compacted(row), row.id);
    after = rows[rows.length - 1]!.id;
  }
}

/** PostgreSQL: every document's layout in its compact form, one UPDATE per batch of ids. */
export async function compactLayoutsPostgres(client: pg.ClientBase): Promise<void> {
  for (let after = -1; ;) {
    const { rows } = await client.query<{ id: number; text: string; layout: unknown }>(
      'SELECT id, text, layout FROM documents WHERE id > $1 ORDER BY id LIMIT $2',
      [after, batch],
    );
    if (rows.length === 0) return;
    await client.query(
      'UPDATE documents d SET layout = u.layout::jsonb FROM unnest($1::integer[], $2::text[]) AS u(id, layout) ' +
        'WHERE d.id = u.id',
      [rows.map((row) => row.id), rows.map(compacted)],
    );
    after = Number(rows[rows.length - 1]!.id);
  }
}
