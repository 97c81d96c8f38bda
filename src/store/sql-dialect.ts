// What the SQL store core (sql-store.ts), the editorial half and the readers need from a backend:
// a runner of `?`-placeholder SQL, and a dialect that says what differs between SQLite and
// PostgreSQL — booleans, byte-order collation, bulk inserts and upserts, the full-text query and
// keeping the full-text index in step with the latest versions.
import type { SearchTerms } from '../model/index.js';
import type { ColumnType } from './item-kinds.js';

/** `?, ?, …` for an IN list of `count` values (PostgreSQL numbers them in its runner). */
export const sqlPlaceholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

export interface RunOptions {
  /** The statement is run again and again (the write path): the backend may keep it prepared. */
  reuse?: boolean;
}

/** A connection (inside or outside a transaction) that runs SQL with `?` placeholders. */
export interface SqlRunner {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: RunOptions): Promise<T[]>;
  /** Runs a statement; returns the number of rows changed. */
  run(sql: string, params?: unknown[], options?: RunOptions): Promise<number>;
}

export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** A boolean as a parameter of this backend. */
  bool(value: boolean): unknown;
  /** Every table of the store, for the digest. */
  listTables(db: SqlRunner): Promise<string[]>;
}

/** A column of a bulk write: its name and how it is stored. */
export interface SqlColumn {
  name: string;
  type: ColumnType;
}

/** The matches of one search: counted up to a cap, and read newest first (by sentence id) a page at a time. */
export interface FullTextMatches {
  /** The number of matches, counting at most `cap` + 1 of them (all of them for null). */
  count(cap: number | null): Promise<number>;
  /** A page of the matches' sentence ids, newest (highest id) first: read from the full-text index in id order. */
  newest(limit: number, offset: number): Promise<unknown[]>;
}

/** The document half of a dialect: how rows are written many at a time and how sentences are searched. */
export interface DocumentDialect extends SqlDialect {
  /**
   * Whether reads started together run at once (PostgreSQL's pool: a connection each) rather than one after the other
   * (SQLite's one connection): a read that may turn out unneeded is then worth starting early, beside another.
   */
  readonly concurrentReads: boolean;
  /** Appended to an ORDER BY of text to sort by bytes, as both backends must agree (' COLLATE "C"' or ''). */
  readonly byteOrder: string;
  /** A `?` placeholder for a value of the type (with its cast where the backend needs one). */
  placeholder(type: ColumnType): string;
  /** A value of the type as a parameter of this backend (booleans as 0/1 in SQLite). */
  param(type: ColumnType, value: unknown): unknown;
  /** Inserts rows (each a value per column, in order) in as few round trips as the backend allows. */
  insertRows(db: SqlRunner, table: string, columns: SqlColumn[], rows: unknown[][]): Promise<void>;
  /**
   * Inserts rows, updating those whose `key` columns exist already; `touched` columns are updated
   * but do not count as a change (PostgreSQL leaves a row that nothing else changed as it is).
   */
  upsertRows(
    db: SqlRunner,
    table: string,
    key: string[],
    columns: SqlColumn[],
    rows: unknown[][],
    touched?: string[],
  ): Promise<void>;
  /** The full-text matches of the terms among the latest versions' sentences (of one actor if given). */
  fullText(db: SqlRunner, terms: SearchTerms, actor: string | undefined): Promise<FullTextMatches | null>;
  /**
   * After a document's sentences are written: the full-text index keeps the latest version of each
   * actor only (`previous` is the actor's latest document before this one). `step` marks fault points.
   */
  indexSentences(db: SqlRunner, documentId: unknown, previous: unknown, step: (name: string) => void): Promise<void>;
}

/** `INSERT … ON CONFLICT (key) DO UPDATE SET` of every non-key column from the new row. */
export const onConflictUpdate = (key: string[], columns: SqlColumn[]): string =>
  `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns
    .filter((column) => !key.includes(column.name))
    .map((column) => `${column.name} = excluded.${column.name}`)
    .join(', ')}`;
