// Backup and restore for the PostgreSQL backend, in the portable format of backup-format.ts.
// Backup: one REPEATABLE READ, READ ONLY transaction (a single snapshot, writers go on) read
// through cursors into a SQLite file made by the SQLite migrations up to the same schema version;
// values converted to the SQLite backend's own spelling (jsonb as its text, booleans as 0/1,
// timestamps as ISO 8601 in UTC). Restore: one transaction that locks the store's tables, loads
// them in batches (unnest of typed arrays; identity values kept with OVERRIDING SYSTEM VALUE),
// sets the latest-version pointers after the documents, moves the identity sequences past the
// highest ids and the revision counter past both; the tsvector column and its GIN index follow
// by themselves (a generated column).
import { rebuildLevelsSql } from '../fact-levels.js';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { migrateSqlite } from '../sqlite/sqlite-store.js';
import { sqliteMigrations } from '../sqlite/sqlite-migrations.js';
import { documentItemKinds, itemTableSql } from '../item-kinds.js';
import { graphTotalsFill, graphTotalsTables } from '../graph-totals.js';
import { currentEdgeActorsFill } from '../graph-edge-actors.js';
import {
  accountTables,
  checkAccountsWanted,
  contentTablesOf,
  emptinessTables,
  finishBackupFile,
  openBackupSource,
  partialPathFor,
  sqliteColumns,
  targetNotEmpty,
  type BackupCounts,
  type BackupOptions,
  type BackupSummary,
  type RestoreOptions,
  type RestoreSummary,
} from './backup-format.js';

interface PgColumn {
  name: string;
  /** udt_name: int4, int8, text, jsonb, bool, float8, timestamptz… */
  type: string;
  generated: boolean;
  identity: boolean;
}

async function postgresColumns(client: pg.PoolClient): Promise<Map<string, PgColumn[]>> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_generated: string;
    is_identity: string;
  }>(
    `SELECT table_name, column_name, udt_name, is_generated, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const row of rows) {
    const list = tables.get(row.table_name) ?? [];
    list.push({
      name: row.column_name,
      type: row.udt_name,
      generated: row.is_generated === 'ALWAYS',
      identity: row.is_identity === 'YES',
    });
    tables.set(row.table_name, list);
  }
  return tables;
}

/** A PostgreSQL value as the SQLite backend stores it. */
function toSqliteValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (type === 'int8' || type === 'numeric') return Number(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

const fetchSize = 2000;

/** Writes a backup of the PostgreSQL store behind `pool` (its current schema) to `file`. */
export async function writePostgresBackup(pool: pg.Pool, file: string, options: BackupOptions): Promise<BackupSummary> {
  const includeAccounts = options.includeAccounts ?? false;
  const partial = partialPathFor(file);
  const client = await pool.connect();
  let db: Database.Database | undefined;
  let revision = '0';
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) =>
        Number(row.version),
      ),
    );
    db = new Database(partial);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    migrateSqlite(
      db,
      sqliteMigrations.filter((migration) => applied.has(migration.version)),
    );
    const columnsOf = await postgresColumns(client);
    const kinds = options.itemKinds ?? documentItemKinds;
    // A kind's table that no SQLite migration makes (a kind the store was given) is made from its declaration.
    for (const kind of kinds)
      if (columnsOf.has(kind.table) && sqliteColumns(db, kind.table).length === 0)
        db.exec(itemTableSql(kind, 'sqlite'));
    for (const table of [...contentTablesOf(kinds), ...(includeAccounts ? accountTables : []), 'store_revision']) {
      const present = new Set(sqliteColumns(db, table));
      const columns = (columnsOf.get(table) ?? []).filter((column) => !column.generated && present.has(column.name));
      const select = columns
        .map((column) => (column.type === 'jsonb' ? `${column.name}::text AS ${column.name}` : column.name))
        .join(', ');
      const insert = db.prepare(
        `INSERT OR REPLACE INTO ${table} (${columns.map((column) => column.name).join(', ')}) VALUES ` +
          `(${columns.map(() => '?').join(', ')})`,
      );
      const insertAll = db.transaction((rows: Array<Record<string, unknown>>) => {
        for (const row of rows) insert.run(...columns.map((column) => toSqliteValue(row[column.name], column.type)));
      });
      await client.query(`DECLARE dossier_backup_rows NO SCROLL CURSOR FOR SELECT ${select} FROM ${table}`);
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(`FETCH ${fetchSize} FROM dossier_backup_rows`);
        if (rows.length === 0) break;
        insertAll(rows);
        if (table === 'store_revision') revision = String(rows[0]?.revision ?? '0');
      }
      await client.query('CLOSE dossier_backup_rows');
    }
    db.exec(
      `INSERT INTO sentences_fts (rowid, text) SELECT s.id, s.text FROM sentences s JOIN actors a ON ` +
        `a.latest_document_id = s.document_id`,
    );
    await client.query('COMMIT');
    db.close();
    return finishBackupFile(partial, file, { backend: 'postgres', includeAccounts, revision });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (db?.open) db.close();
    rmSync(partial, { force: true });
    throw error;
  } finally {
    client.release();
  }
}

const arrayTypes: Record<string, [arrayType: string, cast?: string]> = {
  int2: ['int2[]'],
  int4: ['int4[]'],
  int8: ['int8[]'],
  float8: ['float8[]'],
  numeric: ['numeric[]'],
  bool: ['bool[]'],
  text: ['text[]'],
  jsonb: ['text[]', 'jsonb'],
  json: ['text[]', 'json'],
  timestamptz: ['text[]', 'timestamptz'],
};

/** A SQLite value as a parameter for a column of PostgreSQL type `type`. */
function toPostgresValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'bool') return value === 1 || value === true || value === '1';
  if (typeof value === 'bigint') return value.toString();
  // PostgreSQL text cannot hold NUL; such a character cannot have come from a PostgreSQL store.
  if (typeof value === 'string' && value.includes('\u0000')) return value.replaceAll('\u0000', '\uFFFD');
  return value;
}

const batchRows = 1000;
const batchBytes = 16 * 1024 * 1024;

/**
 * Loads a backup into the PostgreSQL store behind `pool` (its current schema) in one transaction.
 * `where` names the target in messages.
 */
export async function restoreIntoPostgres(
  pool: pg.Pool,
  file: string,
  options: RestoreOptions,
  where: string,
): Promise<RestoreSummary> {
  const source = openBackupSource(file);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const withAccounts = checkAccountsWanted(source, file, options);
    const tables = [...contentTablesOf(options.itemKinds), ...(withAccounts ? accountTables : [])];
    await client.query('BEGIN');
    let occupied = 0;
    try {
      await client.query(`LOCK TABLE ${[...tables, 'store_revision'].join(', ')} IN EXCLUSIVE MODE`);
      occupied = await occupiedRows(client, withAccounts);
      if (occupied > 0 && !options.force) throw targetNotEmpty(where, { rows: occupied, accounts: withAccounts });
      if (occupied > 0) await client.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
      const columnsOf = await postgresColumns(client);
      const pointers: Array<[string, number]> = [];
      for (const table of tables) await loadTable(client, source.db, table, columnsOf.get(table) ?? [], pointers);
      await setLatestDocuments(client, pointers);
      await client.query(`TRUNCATE ${graphTotalsTables.join(', ')};\n${graphTotalsFill('postgres')}`);
      await client.query(currentEdgeActorsFill('postgres'));
      for (const { sql, params } of rebuildLevelsSql('postgres')) await client.query(sql, params);
      await client.query('UPDATE store_revision SET revision = GREATEST(revision, $1::bigint) + 1 WHERE id = 1', [
        source.revision,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
    await client.query(`ANALYZE ${tables.join(', ')}`).catch(() => undefined);
    const counts = await countsOfPostgres(client);
    const schemaVersion = Number(
      (await client.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0,
    );
    return {
      backupSchemaVersion: source.schemaVersion,
      schemaVersion,
      counts,
      accountsRestored: withAccounts,
      replaced: occupied > 0,
    };
  } finally {
    client.release(broken);
    source.close();
  }
}

/** Rows in the tables that make a restore target non-empty. */
async function occupiedRows(client: pg.PoolClient, withAccounts: boolean): Promise<number> {
  let occupied = 0;
  for (const table of [...emptinessTables, ...(withAccounts ? accountTables : [])]) {
    occupied += Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
  }
  return occupied;
}

/**
 * Loads one table of the backup in batches (unnest of typed arrays), identity values kept and their sequences
 * moved past them; actors' latest-document pointers are left null and collected into `pointers`. A table the
 * backup does not have (a kind added since) is left empty.
 */
async function loadTable(
  client: pg.PoolClient,
  backup: Database.Database,
  table: string,
  targetColumns: PgColumn[],
  pointers: Array<[string, number]>,
): Promise<void> {
  const present = new Set(sqliteColumns(backup, table));
  const columns = targetColumns.filter((column) => !column.generated && present.has(column.name));
  if (columns.length === 0) return;
  const overriding = columns.some((column) => column.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const typed = columns.map((column) => arrayTypes[column.type] ?? ['text[]', column.type]);
  const selected = columns
    .map((column, index) => `u.${column.name}${typed[index]![1] ? `::${typed[index]![1]}` : ''}`)
    .join(', ');
  const text = `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')})${overriding}
          SELECT ${selected}
          FROM unnest(${typed.map(([arrayType], index) => `$${index + 1}::${arrayType}`).join(', ')}) AS
            u(${columns.map((column) => column.name).join(', ')})`;
  let batch: unknown[][] = columns.map(() => []);
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    if (count === 0) return;
    await client.query(text, batch);
    batch = columns.map(() => []);
    count = 0;
    bytes = 0;
  };
  const statement = backup.prepare(`SELECT ${columns.map((column) => column.name).join(', ')} FROM ${table}`);
  for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
    columns.forEach((column, index) => {
      let value = toPostgresValue(row[column.name], column.type);
      // The pointer names a document inserted later: set once every document is in.
      if (table === 'actors' && column.name === 'latest_document_id') {
        if (value !== null) pointers.push([String(row.id), Number(value)]);
        value = null;
      }
      if (typeof value === 'string') bytes += value.length;
      batch[index]!.push(value);
    });
    count++;
    if (count >= batchRows || bytes >= batchBytes) await flush();
  }
  await flush();
  for (const column of columns.filter((candidate) => candidate.identity)) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${column.name}) FROM ${table}), ` +
        `0) + 1, false)`,
      [table, column.name],
    );
  }
}

/** Points each actor at its latest document, once every document is in. */
async function setLatestDocuments(client: pg.PoolClient, pointers: Array<[string, number]>): Promise<void> {
  for (let start = 0; start < pointers.length; start += 10_000) {
    const slice = pointers.slice(start, start + 10_000);
    await client.query(
      `UPDATE actors a SET latest_document_id = u.document_id FROM unnest($1::text[], $2::int4[]) AS u(id, ` +
        `document_id) WHERE a.id = u.id`,
      [slice.map(([id]) => id), slice.map(([, id]) => id)],
    );
  }
}

async function countsOfPostgres(client: pg.PoolClient): Promise<BackupCounts> {
  const { rows } = await client.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM actors) AS actors, (SELECT count(*)::int FROM documents) AS documents,
            (SELECT count(*)::int FROM sentences) AS sentences, (SELECT count(*)::int FROM entities) AS entities,
            (SELECT count(*)::int FROM audit_log) AS audit_entries, (SELECT count(*)::int FROM users) AS users`,
  );
  const row = rows[0]!;
  return {
    actors: row.actors!,
    documents: row.documents!,
    sentences: row.sentences!,
    entities: row.entities!,
    auditEntries: row.audit_entries!,
    users: row.users!,
  };
}
