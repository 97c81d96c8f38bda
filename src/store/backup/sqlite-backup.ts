// Backup and restore for the SQLite backend. Backup: `VACUUM INTO` on a reading connection (one
// read transaction: a consistent snapshot while writers go on, WAL keeps them unblocked), then
// finished as a portable backup file (backup-format.ts). Restore: the migrated backup copy is
// ATTACHed and copied table by table in one IMMEDIATE transaction; the full-text index gets the
// sentences of each actor's latest version, the revision counter moves past both.
import { rebuildLevelsSql } from '../fact-levels.js';
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { graphTotalsFill, graphTotalsTables } from '../graph-totals.js';
import { currentEdgeActorsFill, registerFirstActors } from '../graph-edge-actors.js';
import {
  accountTables,
  checkAccountsWanted,
  contentTablesOf,
  countsOf,
  emptinessTables,
  finishBackupFile,
  openBackupSource,
  partialPathFor,
  sqliteColumns,
  targetNotEmpty,
  type BackupOptions,
  type BackupSummary,
  type RestoreOptions,
  type RestoreSummary,
} from './backup-format.js';

type Db = Database.Database;

/** Writes a backup of the database behind `reader` (a connection not inside a transaction). */
export function writeSqliteBackup(reader: Db, file: string, options: BackupOptions): BackupSummary {
  const partial = partialPathFor(file);
  try {
    const revision = String(
      (reader.prepare('SELECT revision FROM store_revision WHERE id = 1').get() as { revision: number } | undefined)
        ?.revision ?? 0,
    );
    reader.prepare('VACUUM INTO ?').run(partial);
    return finishBackupFile(partial, file, {
      backend: 'sqlite',
      includeAccounts: options.includeAccounts ?? false,
      revision,
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Rows in the tables that make a restore target non-empty. */
function occupiedRows(db: Db, withAccounts: boolean): number {
  const tables = [...emptinessTables, ...(withAccounts ? accountTables : [])];
  return tables.reduce(
    (sum, table) => sum + Number((db.prepare(`SELECT count(*) AS n FROM main.${table}`).get() as { n: number }).n),
    0,
  );
}

/**
 * Loads a backup into the SQLite database `db` (the store's write connection, outside any
 * transaction) in one transaction. `where` names the target in messages.
 */
export function restoreIntoSqlite(db: Db, file: string, options: RestoreOptions, where: string): RestoreSummary {
  const source = openBackupSource(file);
  try {
    const withAccounts = checkAccountsWanted(source, file, options);
    source.db.close();
    db.prepare('ATTACH DATABASE ? AS backup').run(source.path);
    let occupied = 0;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.pragma('defer_foreign_keys = ON');
        occupied = occupiedRows(db, withAccounts);
        if (occupied > 0 && !options.force) throw targetNotEmpty(where, { rows: occupied, accounts: withAccounts });
        const tables = [...contentTablesOf(options.itemKinds), ...(withAccounts ? accountTables : [])];
        if (occupied > 0) {
          db.exec(`INSERT INTO main.sentences_fts (sentences_fts) VALUES ('delete-all')`);
          db.exec('UPDATE main.actors SET latest_document_id = NULL');
          for (const table of [...tables].reverse()) db.exec(`DELETE FROM main.${table}`);
        }
        for (const table of tables) {
          const target = new Set(sqliteColumns(db, table, 'main'));
          const columns = sqliteColumns(db, table, 'backup').filter((column) => target.has(column));
          if (columns.length === 0) continue; // a kind's table the backup does not have
          const list = columns.join(', ');
          db.exec(`INSERT INTO main.${table} (${list}) SELECT ${list} FROM backup.${table}`);
        }
        db.exec(`INSERT INTO main.sentences_fts (rowid, text)
                 SELECT s.id, s.text FROM main.sentences s JOIN main.actors a ON a.latest_document_id = s.document_id`);
        for (const table of graphTotalsTables) db.exec(`DELETE FROM main.${table}`);
        db.exec(graphTotalsFill('sqlite'));
        registerFirstActors(db);
        db.exec(currentEdgeActorsFill('sqlite'));
        for (const { sql, params } of rebuildLevelsSql('sqlite')) db.prepare(sql).run(...params);
        db.prepare(
          `UPDATE main.store_revision SET revision = max(revision, coalesce((SELECT revision FROM ` +
            `backup.store_revision WHERE id = 1), 0)) + 1 WHERE id = 1`,
        ).run();
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      db.exec('DETACH DATABASE backup');
    }
    const schemaVersion = Number(
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v,
    );
    return {
      backupSchemaVersion: source.schemaVersion,
      schemaVersion,
      counts: countsOf(db),
      accountsRestored: withAccounts,
      replaced: occupied > 0,
    };
  } finally {
    source.close();
  }
}
