// The portable backup format of Dossier, shared by both backends. A backup is ONE SQLite file in
// Dossier's own SQLite schema (what the SQLite backend already is, so `dossier serve --db
// backup.db` can even read it) at the schema version of the store it was taken from
// (schema_migrations says which), plus a `dossier_backup` table of key/value facts about it
// (format, backend, time, whether accounts are in it). Chosen over a dump of SQL or JSON because
// one format restores into either backend, SQLite copies it with `VACUUM INTO` while the server
// writes, and an older backup is brought up to date by the ordinary SQLite migrations.
//
// Without accounts a backup holds no users, sessions or API tokens (the only tables holding
// secrets: password hashes, session and token hashes; the audit trail records names, never
// hashes), and the file is vacuumed with secure_delete on, so no deleted page keeps them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DossierError } from '../../model/index.js';
import { migrateSqlite } from '../sqlite/sqlite-store.js';
import { sqliteSchemaVersion } from '../sqlite/sqlite-migrations.js';
import { documentItemKinds, type ItemKind } from '../item-kinds.js';
import { graphTotalsTables } from '../graph-totals.js';

type Db = Database.Database;

/** What `writeBackup` is asked to do. */
export interface BackupOptions {
  /** Keep users, sessions and API tokens (default: left out). */
  includeAccounts?: boolean;
  /** The store's item kinds, whose tables are copied (default: documentItemKinds). */
  itemKinds?: readonly ItemKind[];
}

/** What a backup holds. */
export interface BackupSummary {
  file: string;
  bytes: number;
  /** The schema version the backup is written in (the source store's). */
  schemaVersion: number;
  backend: 'sqlite' | 'postgres';
  includesAccounts: boolean;
  counts: BackupCounts;
}

export interface BackupCounts {
  actors: number;
  documents: number;
  sentences: number;
  entities: number;
  auditEntries: number;
  users: number;
}

export interface RestoreOptions {
  /** Restore users, sessions and API tokens too (the backup must hold them). */
  includeAccounts?: boolean;
  /** Replace what the target holds (default: a non-empty target is refused). */
  force?: boolean;
  /** The store's item kinds, whose tables are loaded (default: documentItemKinds). */
  itemKinds?: readonly ItemKind[];
}

export interface RestoreSummary {
  /** The schema version of the backup file (migrated to the current one on the way in). */
  backupSchemaVersion: number;
  schemaVersion: number;
  counts: BackupCounts;
  accountsRestored: boolean;
  /** Whether the target held data that was replaced (--force). */
  replaced: boolean;
}

/** Format marker in the dossier_backup table. */
export const backupFormat = 'dossier-backup/1';
export const manifestTable = 'dossier_backup';

/** The tables of the knowledge base that are not an item kind's: before the items, and after them. */
const tablesBeforeItems = ['entities', 'actors', 'documents', 'document_entities'] as const;
const tablesAfterItems = ['entity_merges', 'audit_log'] as const;

/**
 * The tables of the knowledge base in an order that satisfies their foreign keys (entities before
 * the document_entities linking them, documents and document_entities before the items, mentions naming
 * them): the fixed tables and the table of every item kind of `kinds` (item-kinds.ts), in registry order.
 * actors.latest_document_id points forward to documents: loaders set it after the documents. Every
 * table of the schema is in exactly one of these lists or in `notCopiedTables` (checked by a test).
 */
export const contentTablesOf = (kinds: readonly ItemKind[] = documentItemKinds): string[] => [
  ...tablesBeforeItems,
  ...kinds.map((kind) => kind.table),
  ...tablesAfterItems,
];

/** The content tables of the store's own item kinds. */
export const contentTables: readonly string[] = contentTablesOf();

/** Tables holding secrets (password, session and token hashes): only with --include-accounts. */
export const accountTables = ['users', 'sessions', 'api_tokens'] as const;

/**
 * Tables every store has of its own (migrations, revision counter) or that are derived (search index, the stored check
 * findings: a restore moves the revision, so they are computed again; the network's figures, the timeline's year
 * counts and the review queue's levels, computed again by a restore;
 * the collection counts, moved by triggers as the restored rows are written).
 */
export const notCopiedTables = [
  'schema_migrations',
  'store_revision',
  manifestTable,
  'check_snapshot',
  'check_findings',
  'timeline_year_parts',
  'timeline_year_counts',
  'timeline_dirty',
  // The network's figures (graph-totals.ts): a restore computes them again from what it loads.
  ...graphTotalsTables,
  'graph_counts',
  'fact_levels',
  'fact_totals',
  'collection_counts',
] as const;

/** Tables whose emptiness decides whether a restore target is empty (besides accounts). */
export const emptinessTables = ['actors', 'documents', 'entities', 'audit_log', 'entity_merges'] as const;

/** The full-text tables (the sentences' index; the entities' trigrams, migration 33) and their shadow tables. */
export const isFtsShadowTable = (name: string): boolean =>
  ['sentences_fts', 'entities_trigram'].some((index) => name === index || name.startsWith(`${index}_`));

/** Columns of a table in a SQLite database (`schema`: main or an attached name). */
export function sqliteColumns(db: Db, table: string, schema = 'main'): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

export function countsOf(db: Db, schema = 'main'): BackupCounts {
  const count = (table: string) =>
    Number((db.prepare(`SELECT count(*) AS n FROM ${schema}.${table}`).get() as { n: number }).n);
  return {
    actors: count('actors'),
    documents: count('documents'),
    sentences: count('sentences'),
    entities: count('entities'),
    auditEntries: count('audit_log'),
    users: count('users'),
  };
}

/** A temporary file next to `file` (same file system: the final rename is atomic). */
export const partialPathFor = (file: string): string =>
  path.join(
    path.dirname(path.resolve(file)),
    `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`,
  );

/**
 * Finishes a backup file written at `partial`: secrets removed unless kept, the manifest
 * written, a single self-contained file (rollback journal, not WAL), vacuumed with secure_delete
 * so that removed rows leave no bytes behind; then moved to `file` (readable by its owner only).
 */
export function finishBackupFile(
  partial: string,
  file: string,
  facts: { backend: 'sqlite' | 'postgres'; includeAccounts: boolean; revision: string },
): BackupSummary {
  const db = new Database(partial);
  let summary: Omit<BackupSummary, 'bytes'>;
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = OFF');
    const schemaVersion = Number(
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0,
    );
    db.transaction(() => {
      if (!facts.includeAccounts) for (const table of [...accountTables].reverse()) db.exec(`DELETE FROM ${table}`);
      db.exec(`DROP TABLE IF EXISTS ${manifestTable}`);
      db.exec(`CREATE TABLE ${manifestTable} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      const put = db.prepare(`INSERT INTO ${manifestTable} (key, value) VALUES (?, ?)`);
      put.run('format', backupFormat);
      put.run('schema_version', String(schemaVersion));
      put.run('backend', facts.backend);
      put.run('created_at', new Date().toISOString());
      put.run('includes_accounts', facts.includeAccounts ? 'true' : 'false');
      put.run('revision', facts.revision);
    })();
    db.exec('VACUUM');
    summary = {
      file,
      schemaVersion,
      backend: facts.backend,
      includesAccounts: facts.includeAccounts,
      counts: countsOf(db),
    };
  } finally {
    db.close();
  }
  chmodSync(partial, 0o600);
  renameSync(partial, file);
  return { ...summary, bytes: statSync(file).size };
}

/** A backup opened for restoring: a private copy migrated to the current schema. */
export interface BackupSource {
  /** The migrated copy (read it, attach it). */
  path: string;
  db: Db;
  /** The schema version of the file as given. */
  schemaVersion: number;
  hasAccounts: boolean;
  revision: number;
  close(): void;
}

const notABackup = (file: string, why: string) =>
  new DossierError('BAD_REQUEST', `${file} is not a Dossier backup: ${why}`, {
    file,
    expected: 'a file written by `dossier backup` (or a Dossier SQLite database)',
  });

/**
 * Opens a backup file for restoring: checks that it is one, copies it (`VACUUM INTO`, so a
 * live WAL database works too) into a temporary folder and migrates the copy to the current
 * schema (an older backup is thus brought up to date). `close()` removes the copy.
 */
export function openBackupSource(file: string): BackupSource {
  try {
    if (!statSync(file).isFile()) throw notABackup(file, 'it is not a file');
  } catch (error) {
    if (error instanceof DossierError) throw error;
    throw new DossierError('BAD_REQUEST', `no backup file at ${file}`, { file });
  }
  let original: Db;
  try {
    original = new Database(file, { readonly: true, fileMustExist: true });
    original.prepare(`SELECT count(*) FROM sqlite_master`).get();
  } catch (error) {
    throw notABackup(file, `it is not a SQLite file (${error instanceof Error ? error.message : String(error)})`);
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dossier-restore-'));
  const copy = path.join(folder, 'backup.db');
  let schemaVersion: number;
  try {
    const tables = new Set(
      (original.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map(
        (row) => row.name,
      ),
    );
    if (!tables.has('schema_migrations') || !tables.has('actors') || !tables.has('documents'))
      throw notABackup(file, "it has none of Dossier's tables");
    schemaVersion = Number(
      (original.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0,
    );
    if (schemaVersion > sqliteSchemaVersion) {
      throw new DossierError(
        'STORE_SCHEMA_VERSION',
        `The backup ${file} has schema version ${schemaVersion}; this Dossier knows versions up to ` +
          `${sqliteSchemaVersion}`,
        {
          hint: 'restore it with the newer Dossier that wrote it, or upgrade Dossier',
          details: { schemaVersion, expectedSchemaVersion: sqliteSchemaVersion },
        },
      );
    }
    original.prepare('VACUUM INTO ?').run(copy);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  } finally {
    original.close();
  }
  const db = new Database(copy);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    migrateSqlite(db);
    const revision = Number(
      (db.prepare('SELECT revision FROM store_revision WHERE id = 1').get() as { revision: number } | undefined)
        ?.revision ?? 0,
    );
    const hasAccounts = Number((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n) > 0;
    return {
      path: copy,
      db,
      schemaVersion,
      hasAccounts,
      revision,
      close: () => {
        if (db.open) db.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    db.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Refuses --include-accounts for a backup without accounts. */
export function checkAccountsWanted(source: BackupSource, file: string, options: RestoreOptions): boolean {
  if (!options.includeAccounts) return false;
  if (!source.hasAccounts) {
    throw new DossierError(
      'BAD_REQUEST',
      `the backup ${file} holds no accounts (it was taken without --include-accounts)`,
      {
        file,
        hint: 'restore without --include-accounts, and add users with `dossier users add`',
      },
    );
  }
  return true;
}

/** The refusal of a non-empty restore target. */
export const targetNotEmpty = (where: string, counts: { rows: number; accounts: boolean }) =>
  new DossierError(
    'CONFLICT',
    `the restore target ${where} is not empty (it holds ${counts.rows} row${counts.rows === 1 ? '' : 's'} of ` +
      `${counts.accounts ? 'data or accounts' : 'data'})`,
    { hint: 'restore into an empty SQLite file or PostgreSQL schema, or add --force to replace its content' },
  );
