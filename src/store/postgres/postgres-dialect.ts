// What PostgreSQL does its own way for the SQL store core: `?` numbered to `$n` (and kept as named
// prepared statements where asked), casts for JSON and timestamps, bulk writes as one
// `INSERT … SELECT FROM unnest(arrays)` per table (one round trip whatever the row count), upserts
// that leave unchanged rows alone, and tsvector + GIN over sentences (`sentence_spans.tsv`, filled
// from the sentence's slice of its document by a trigger since migration 16: nothing to keep in
// step).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { SearchTerms } from '../../model/index.js';
import type { ColumnType } from '../item-kinds.js';
import { toTsQuerySource } from '../search-query.js';
import type { DocumentDialect, FullTextMatches, SqlColumn, SqlRunner } from '../sql-dialect.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export const hasNul = (value: string): boolean => value.includes('\u0000');

/** `?` placeholders numbered for pg (the store's SQL never uses `?` otherwise). */
const numbered = (text: string): string => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** Text parameters holding NUL cannot reach PostgreSQL; such a value matches nothing anyway. */
const cleanParams = (params: unknown[]): unknown[] =>
  params.map((value) => (typeof value === 'string' && hasNul(value) ? value.replaceAll('\u0000', '\uFFFD') : value));

const statementNames = new Map<string, string>();
/** The name of a statement kept prepared on each connection: the same text always gets the same name. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `dossier-${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A runner over a pool (each query on any connection) or one client (a transaction). */
export const runnerOf = (db: Queryable): SqlRunner => {
  const query = (text: string, params: unknown[], reuse: boolean | undefined) => {
    const sql = numbered(text);
    return db.query({ text: sql, values: cleanParams(params), ...(reuse ? { name: statementName(sql) } : {}) });
  };
  return {
    all: async <T>(text: string, params: unknown[] = [], options?: { reuse?: boolean }) =>
      (await query(text, params, options?.reuse)).rows as T[],
    run: async (text: string, params: unknown[] = [], options?: { reuse?: boolean }) =>
      (await query(text, params, options?.reuse)).rowCount ?? 0,
  };
};

/** The array type each column type travels in through unnest, and the cast back to the column's type. */
const arrayTypes: Record<ColumnType, [array: string, cast: string]> = {
  text: ['text[]', ''],
  int: ['int[]', ''],
  float: ['float8[]', ''],
  json: ['text[]', '::jsonb'],
  bool: ['bool[]', ''],
  timestamp: ['text[]', '::timestamptz'],
};

/** `SELECT u.a, u.b::jsonb, … FROM unnest(?::text[], …) AS u(a, b, …)` and its parameters (one array per column). */
export function unnestSelect(columns: SqlColumn[], rows: unknown[][]): { sql: string; params: unknown[] } {
  const names = columns.map((column) => column.name);
  const select = columns.map((column) => `u.${column.name}${arrayTypes[column.type][1]}`).join(', ');
  const arrays = columns.map((column) => `?::${arrayTypes[column.type][0]}`).join(', ');
  return {
    sql: `SELECT ${select} FROM unnest(${arrays}) AS u(${names.join(', ')})`,
    params: columns.map((_, i) => rows.map((row) => row[i] ?? null)),
  };
}

/** Matches among the latest versions' sentences through the GIN index, newest first (ranked by search-rank.ts). */
async function postgresFullText(
  db: SqlRunner,
  terms: SearchTerms,
  actor: string | undefined,
): Promise<FullTextMatches> {
  const source = toTsQuerySource(terms);
  const filter = actor === undefined ? '' : 'AND a.id = ?';
  const params: unknown[] = actor === undefined ? [source] : [source, actor];
  const matches = `FROM sentences s JOIN actors a ON a.latest_document_id = s.document_id
    WHERE s.tsv @@ to_tsquery('english', ?) ${filter}`;
  return {
    count: async (cap) => {
      const [row] = await db.all<{ total: number }>(
        cap === null
          ? `SELECT count(*)::int AS total ${matches}`
          : `SELECT count(*)::int AS total FROM (SELECT 1 ${matches} LIMIT ?) capped`,
        cap === null ? params : [...params, cap + 1],
      );
      return row?.total ?? 0;
    },
    newest: async (limit, offset) =>
      (
        await db.all<{ id: string }>(`SELECT s.id ${matches} ORDER BY s.id DESC LIMIT ? OFFSET ?`, [
          ...params,
          limit,
          offset,
        ])
      ).map((row) => row.id),
  };
}

export const postgresDialect: DocumentDialect = {
  kind: 'postgres',
  concurrentReads: true,
  byteOrder: ' COLLATE "C"',
  bool: (value) => value,
  listTables: async (db) =>
    (
      await db.all<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
    ).map((row) => row.table_name),
  placeholder: (type) => `?${arrayTypes[type][1]}`,
  param: (_type, value) => value,
  async insertRows(db, table, columns, rows) {
    if (rows.length === 0) return;
    const { sql, params } = unnestSelect(columns, rows);
    await db.run(`INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) ${sql}`, params, {
      reuse: true,
    });
  },
  async upsertRows(db, table, key, columns, rows, touched = []) {
    if (rows.length === 0) return;
    const { sql, params } = unnestSelect(columns, rows);
    const updated = columns.filter((column) => !key.includes(column.name));
    const compared = updated.filter((column) => !touched.includes(column.name)).map((column) => column.name);
    const unchangedRow =
      compared.length === 0
        ? ''
        : ` WHERE (${compared.map((name) => `${table}.${name}`).join(', ')})
         IS DISTINCT FROM (${compared.map((name) => `EXCLUDED.${name}`).join(', ')})`;
    await db.run(
      `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')})
       ${sql} ORDER BY ${key.map((k) => `u.${k}`).join(', ')}
       ON CONFLICT (${key.join(', ')})
       DO UPDATE SET ${updated.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ')}${unchangedRow}`,
      params,
      { reuse: true },
    );
  },
  fullText: postgresFullText,
  indexSentences: async () => undefined,
};
