// What SQLite does its own way for the SQL store core: booleans as 0/1, a prepared statement per
// row for bulk writes (in-process, so rows cost no round trip), and FTS5 over sentences, a
// contentless index kept to the latest version of each actor.
import type { SearchTerms } from '../../model/index.js';
import { toFts5Match } from '../search-query.js';
import {
  onConflictUpdate,
  sqlPlaceholders,
  type DocumentDialect,
  type FullTextMatches,
  type SqlColumn,
  type SqlRunner,
} from '../sql-dialect.js';

const insertSql = (table: string, columns: SqlColumn[]): string =>
  `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')})` +
  ` VALUES (${sqlPlaceholders(columns.length)})`;

/**
 * One search over FTS5: one actor's search is limited to the rowid range of its latest document's
 * sentences. Both reads walk the index's doclists in rowid order and stop at their limit (no
 * bm25(), which reads every match of each term); a 3-character prefix reads its own prefix index.
 */
async function sqliteFullText(
  db: SqlRunner,
  terms: SearchTerms,
  actor: string | undefined,
): Promise<FullTextMatches | null> {
  const match = toFts5Match(terms);
  let range = '';
  const params: unknown[] = [match];
  if (actor !== undefined) {
    const [bounds] = await db.all<{ lo: number | null; hi: number | null }>(
      `SELECT min(s.id) AS lo, max(s.id) AS hi FROM actors a
       JOIN sentences s ON s.document_id = a.latest_document_id WHERE a.id = ?`,
      [actor],
    );
    if (!bounds || bounds.lo === null || bounds.hi === null) return null;
    range = ' AND rowid BETWEEN ? AND ?';
    params.push(bounds.lo, bounds.hi);
  }
  const matching = `FROM sentences_fts WHERE sentences_fts MATCH ?${range}`;
  return {
    count: async (cap) => {
      const [row] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 ${matching} LIMIT ?)`, [
        ...params,
        (cap ?? Number.MAX_SAFE_INTEGER) + 1,
      ]);
      return row?.n ?? 0;
    },
    newest: async (limit, offset) =>
      (
        await db.all<{ id: number }>(`SELECT rowid AS id ${matching} ORDER BY rowid DESC LIMIT ? OFFSET ?`, [
          ...params,
          limit,
          offset,
        ])
      ).map((row) => row.id),
  };
}

export const sqliteDialect: DocumentDialect = {
  kind: 'sqlite',
  concurrentReads: false,
  byteOrder: '',
  bool: (value) => (value ? 1 : 0),
  listTables: async (db) =>
    (
      await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    ).map((row) => row.name),
  placeholder: () => '?',
  param: (type, value) => (type === 'bool' && value !== null && value !== undefined ? (value ? 1 : 0) : value),
  async insertRows(db, table, columns, rows) {
    const sql = insertSql(table, columns);
    for (const row of rows)
      await db.run(
        sql,
        row.map((value, i) => sqliteDialect.param(columns[i]!.type, value)),
      );
  },
  async upsertRows(db, table, key, columns, rows) {
    const sql = `${insertSql(table, columns)} ${onConflictUpdate(key, columns)}`;
    for (const row of rows)
      await db.run(
        sql,
        row.map((value, i) => sqliteDialect.param(columns[i]!.type, value)),
      );
  },
  fullText: sqliteFullText,
  async indexSentences(db, documentId, previous, step) {
    if (previous !== null && previous !== undefined) {
      await db.run(
        `INSERT INTO sentences_fts (sentences_fts, rowid, text)
         SELECT 'delete', id, text FROM sentences WHERE document_id = ?`,
        [previous],
      );
    }
    step('search-index-remove');
    await db.run('INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE document_id = ?', [
      documentId,
    ]);
    step('search-index-add');
  },
};
