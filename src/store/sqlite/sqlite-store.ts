// The SQLite backend of Store (better-sqlite3): WAL, foreign keys, busy timeout, versioned
// migrations, prepared statements, one IMMEDIATE transaction per document or batch of documents,
// FTS5 over sentences.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DossierError } from '../../model/index.js';
import { nowIso } from '../rows.js';
import { guarded, hints, storeError } from '../store-error.js';
import { diagnosisCounts, latestPointerProblems } from '../store-integrity.js';
import type { Store, StoreDiagnosis, StoreStats } from '../store.js';
import type { SqlRunner } from '../sql-dialect.js';
import { SqlStore } from '../sql-store.js';
import { checkSchemaVersion, needsMigrating, schemaDiagnosis } from '../schema-version.js';
import { documentItemKinds, type ItemKind } from '../item-kinds.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { settleTimelineYears } from '../timeline-years.js';
import { sqliteMigrations, sqliteSchemaVersion, type Migration } from './sqlite-migrations.js';
import { restoreIntoSqlite, writeSqliteBackup } from '../backup/sqlite-backup.js';
import type { BackupOptions, BackupSummary, RestoreOptions, RestoreSummary } from '../backup/backup-format.js';

type Db = Database.Database;
type Statement = Database.Statement;

export interface SqliteStoreOptions {
  /** Milliseconds a writer waits for another connection's lock before failing (STORE_BUSY). */
  busyTimeoutMs?: number;
  /** false: create nothing and refuse what is not a Dossier database (read commands); default true. */
  create?: boolean;
  /** Open read-only even where the file is writable: writes fail with STORE_READ_ONLY. */
  readOnly?: boolean;
  /** Path of the better-sqlite3 native addon (default: the installed one). */
  nativeBinding?: string;
}

/** Applies pending migrations in order, each in its own transaction. Returns the versions applied. */
export function migrateSqlite(db: Db, migrations: Migration[] = sqliteMigrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied: number[] = [];
  const run = db.transaction((migration: Migration) => {
    const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
    if (done) return;
    db.exec(migration.sql);
    migration.run?.(db);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      nowIso(),
    );
    applied.push(migration.version);
  });
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) run.immediate(migration);
  if (migrations.some((migration) => migration.vacuum && applied.includes(migration.version))) db.exec('VACUUM');
  return applied;
}

/** What an opened file holds: nothing yet, another application's tables, or Dossier's schema. */
type SchemaState = { kind: 'empty' } | { kind: 'foreign' } | { kind: 'dossier'; applied: number[] };

function schemaStateOf(db: Db): SchemaState {
  const tables = new Set(
    (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
        name: string;
      }>
    ).map((row) => row.name),
  );
  if (tables.size === 0) return { kind: 'empty' };
  if (!tables.has('schema_migrations')) return { kind: 'foreign' };
  const columns = new Set(
    (db.prepare(`SELECT name FROM pragma_table_info('schema_migrations')`).all() as Array<{ name: string }>).map(
      (row) => row.name,
    ),
  );
  if (!columns.has('version') || !columns.has('name') || !columns.has('applied_at')) return { kind: 'foreign' };
  const applied = (
    db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: unknown }>
  ).map((row) => Number(row.version));
  if (applied.length > 0 && !(tables.has('actors') && tables.has('documents'))) return { kind: 'foreign' };
  return { kind: 'dossier', applied };
}

const notADatabase = (path: string, why: string) =>
  new DossierError('STORE_NOT_A_DATABASE', `${path} is not a Dossier database: ${why}`, {
    hint: hints.notADatabase,
    details: { location: path },
  });

/** The nearest existing ancestor of a path, when it is a file (a path below a file cannot exist). */
function fileAncestorOf(path: string): string | null {
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    try {
      return statSync(folder).isDirectory() ? null : folder;
    } catch {
      if (dirname(folder) === folder) return null;
    }
  }
}

/**
 * Checks the path before SQLite sees it. Returns whether the file exists; throws for a folder,
 * a path under a file, and (unless creating) a missing file. Creating makes the parent folders.
 */
function preparePath(path: string, create: boolean): boolean {
  let exists = false;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw notADatabase(path, 'it is a folder');
    exists = true;
  } catch (error) {
    if (error instanceof DossierError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOTDIR') throw notADatabase(path, `${fileAncestorOf(path) ?? 'a parent'} is a file, not a folder`);
    if (code !== 'ENOENT') throw error;
  }
  if (exists) return true;
  if (!create) {
    const fileAncestor = fileAncestorOf(path);
    if (fileAncestor) throw notADatabase(path, `${fileAncestor} is a file, not a folder`);
    throw new DossierError('STORE_MISSING', `There is no Dossier database at ${path}`, {
      hint: hints.missing,
      details: { location: path },
    });
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw notADatabase(path, `${fileAncestorOf(path) ?? 'a parent'} is a file, not a folder`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new DossierError(
        'STORE_READ_ONLY',
        `Cannot create the folder of ${path}: permission denied or read-only file system`,
        { hint: hints.readOnly, cause: error },
      );
    }
    throw error;
  }
  return false;
}

const writableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Whether SQLite can write the file: the file, and its folder (journal) or existing WAL and shared-memory files. */
const canWrite = (path: string): boolean =>
  writableFile(path) && (writableFile(dirname(path)) || (writableFile(`${path}-wal`) && writableFile(`${path}-shm`)));

/**
 * Whether a read-only connection cannot open the file: a WAL-mode database (header bytes 18-19
 * are 2) needs its -shm file, and SQLite cannot create it in a folder it may not write.
 */
function needsSharedMemoryFile(path: string): boolean {
  if (writableFile(dirname(path)) || existsSync(`${path}-shm`)) return false;
  const header = Buffer.alloc(20);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    if (readSync(descriptor, header, 0, 20, 0) < 20) return false;
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  return header.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000' && header[18] === 2 && header[19] === 2;
}

/** Opens (and, when writable, migrates) a SQLite store; see SqliteStoreOptions. */
export function openSqliteStore(location: string, options: SqliteStoreOptions = {}): SqliteStore {
  const inMemory = location === ':memory:';
  const path = inMemory ? location : resolve(location);
  // An in-memory database holds nothing to protect: it is always created.
  const create = inMemory || (options.create ?? true);
  const busyTimeout = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
  const opened: Db[] = [];
  const connect = (readonly: boolean): Db => {
    const db = new Database(path, {
      readonly,
      fileMustExist: !create || readonly,
      nativeBinding: options.nativeBinding,
    });
    opened.push(db);
    db.pragma(`busy_timeout = ${busyTimeout}`);
    return db;
  };
  try {
    let readOnly = options.readOnly ?? false;
    if (!inMemory) {
      const exists = preparePath(path, create && !readOnly);
      if (exists && !readOnly && !canWrite(path)) {
        if (create) {
          throw new DossierError(
            'STORE_READ_ONLY',
            `The database ${path} is read-only: a write command cannot use it`,
            { hint: hints.readOnly, details: { location: path } },
          );
        }
        readOnly = true;
      }
    }
    if (readOnly && !inMemory && needsSharedMemoryFile(path)) {
      throw new DossierError(
        'STORE_READ_ONLY',
        `The database ${path} is in WAL mode on a read-only file system or folder without its ${path}-shm file: ` +
          `SQLite cannot read it there`,
        {
          hint:
            'copy it to a writable folder, or open it once where its folder is writable (e.g. `dossier doctor`) so ' +
            'that SQLite can create the -shm file',
          details: { location: path },
        },
      );
    }
    const db = connect(readOnly);
    const state = schemaStateOf(db);
    if (state.kind === 'foreign')
      throw notADatabase(path, "it is a SQLite database of another application (it has none of Dossier's tables)");
    if (state.kind === 'empty' && !create) throw notADatabase(path, 'it is empty');
    const applied = state.kind === 'dossier' ? state.applied : [];
    const { schemaVersion, pending } = checkSchemaVersion(path, applied, sqliteMigrations, sqliteSchemaVersion);
    if (readOnly && pending) {
      if (state.kind === 'empty') {
        throw new DossierError(
          'STORE_READ_ONLY',
          `The database ${path} is empty and read-only: Dossier cannot create its tables`,
          { hint: hints.readOnly },
        );
      }
      throw needsMigrating(path, schemaVersion, sqliteSchemaVersion, 'but it is opened read-only');
    }
    db.pragma('foreign_keys = ON');
    if (!inMemory && !readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    if (!readOnly) migrateSqlite(db);
    // Reads use their own connection: WAL gives them the last committed snapshot, so a request
    // never sees another request's write transaction half-way (an in-memory database has one connection).
    const readDb = inMemory || readOnly ? db : connect(true);
    return new SqliteStore(db, readDb, { location: path, readOnly });
  } catch (error) {
    for (const db of opened) if (db.open) db.close();
    throw storeError('open the SQLite database', error, path);
  }
}

/** A prepared statement of the connection for a SQL text, prepared once. */
function cachedStatements(db: Db): (text: string) => Statement {
  const statements = new Map<string, Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}

/** A runner reading through one connection's statements and writing through another's. */
const runnerOver = (read: (text: string) => Statement, write: (text: string) => Statement): SqlRunner => ({
  all: async <T>(text: string, params: unknown[] = []) => read(text).all(...params) as T[],
  run: async (text: string, params: unknown[] = []) => write(text).run(...params).changes,
});

const bumpRevision = 'UPDATE store_revision SET revision = revision + 1 WHERE id = 1';

export class SqliteStore extends SqlStore implements Store {
  readonly kind = 'sqlite' as const;
  /** Serialises write transactions: one connection, and an async transaction spans awaits. */
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** Serialises read snapshots: each is one read transaction on the read connection. */
  private snapshotQueue: Promise<unknown> = Promise.resolve();
  private readonly runner: SqlRunner;
  /** A cached prepared statement on the write connection. */
  private readonly sql: (text: string) => Statement;
  /** A cached prepared statement on the read connection (committed data only). */
  private readonly readStatement: (text: string) => Statement;

  constructor(
    private readonly db: Db,
    private readonly readDb: Db = db,
    private readonly opened: { location: string; readOnly: boolean } = { location: db.name, readOnly: db.readonly },
    itemKinds: readonly ItemKind[] = documentItemKinds,
  ) {
    // Reads use their own connection: WAL gives them the last committed snapshot, so a request
    // never sees another request's write transaction half-way.
    const write = cachedStatements(db);
    const read = readDb === db ? write : cachedStatements(readDb);
    super(sqliteDialect, runnerOver(read, write), 'write to the SQLite database', itemKinds);
    this.sql = write;
    this.readStatement = read;
    this.runner = runnerOver(write, write);
  }

  /**
   * Runs work in one IMMEDIATE transaction, after every earlier write transaction has finished.
   * The store revision moves unless `changed` says the work wrote nothing.
   */
  private transaction<T>(
    work: (db: SqlRunner) => Promise<T>,
    changed: (result: T) => boolean = () => true,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.step('begin');
        const result = await work(this.runner);
        await settleTimelineYears(this.runner);
        if (changed(result)) this.sql(bumpRevision).run();
        this.step('revision');
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  protected writeTransaction<T>(work: (db: SqlRunner) => Promise<T>, changed: (result: T) => boolean): Promise<T> {
    return this.transaction(work, changed);
  }

  /**
   * One read transaction on the read connection, so that its reads see one snapshot; with a single
   * connection (in memory, read-only) the reads run as they are.
   */
  protected readSnapshot<T>(work: (db: SqlRunner) => Promise<T>): Promise<T> {
    if (this.readDb === this.db) return work(this.reader);
    const run = async (): Promise<T> => {
      this.readDb.exec('BEGIN');
      try {
        return await work(this.reader);
      } finally {
        if (this.readDb.inTransaction) this.readDb.exec('COMMIT');
      }
    };
    const result = this.snapshotQueue.then(run, run);
    this.snapshotQueue = result.catch(() => undefined);
    return result;
  }

  async revision(): Promise<string> {
    const row = this.readStatement('SELECT revision FROM store_revision WHERE id = 1').get() as
      { revision: number } | undefined;
    return String(row?.revision ?? 0);
  }

  async stats(): Promise<StoreStats> {
    return guarded('count the stored rows', () => {
      const count = (table: string) =>
        (this.readStatement(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        actors: count('actors'),
        versions: count('documents'),
        sentences: count('sentences'),
        mentions: count('mentions'),
        entities: count('entities'),
      };
    });
  }

  async diagnose(): Promise<StoreDiagnosis> {
    return guarded('diagnose the database', async () => {
      const applied = (
        this.readStatement('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{
          version: unknown;
        }>
      ).map((row) => Number(row.version));
      const problems = (this.readDb.pragma('quick_check') as Array<{ quick_check: string }>)
        .map((row) => row.quick_check)
        .filter((line) => line !== 'ok')
        .map((line) => `SQLite quick_check: ${line}`);
      problems.push(...(await latestPointerProblems(this.reader)));
      const inMemory = this.opened.location === ':memory:';
      const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
      const sizeBytes = inMemory
        ? Number(this.readDb.pragma('page_count', { simple: true })) *
          Number(this.readDb.pragma('page_size', { simple: true }))
        : fileSize(this.opened.location) + fileSize(`${this.opened.location}-wal`);
      return {
        backend: 'sqlite' as const,
        location: this.opened.location,
        ...schemaDiagnosis(applied, sqliteMigrations, sqliteSchemaVersion),
        writable: !this.opened.readOnly && !this.db.readonly,
        journalMode: String(this.db.pragma('journal_mode', { simple: true })),
        sizeBytes,
        counts: await diagnosisCounts(this.reader),
        problems,
      };
    });
  }

  async close(): Promise<void> {
    await this.writeQueue;
    if (this.readDb !== this.db && this.readDb.open) this.readDb.close();
    if (this.db.open) this.db.close();
  }

  // --- Backup and restore (src/store/backup/sqlite-backup.ts) ---

  /** A snapshot by `VACUUM INTO` on the read connection (an in-memory database: between write transactions). */
  async writeBackup(file: string, options: BackupOptions): Promise<BackupSummary> {
    if (this.opened.location !== ':memory:' && resolve(file) === this.opened.location) {
      throw new DossierError('BAD_REQUEST', 'the backup file cannot be the database itself', { file });
    }
    return guarded('back up the SQLite database', () =>
      this.readDb === this.db
        ? this.afterWrites(() => writeSqliteBackup(this.db, file, options))
        : writeSqliteBackup(this.readDb, file, options),
    );
  }

  async restoreBackup(file: string, options: RestoreOptions): Promise<RestoreSummary> {
    if (this.opened.readOnly) {
      throw new DossierError(
        'STORE_READ_ONLY',
        `The database ${this.opened.location} is opened read-only: cannot restore into it`,
        { hint: hints.readOnly },
      );
    }
    return guarded('restore into the SQLite database', () =>
      this.afterWrites(() =>
        restoreIntoSqlite(this.db, file, { ...options, itemKinds: this.itemKinds }, this.opened.location),
      ),
    );
  }

  /** Runs synchronous work on the write connection after every queued write transaction, holding the queue. */
  private afterWrites<T>(work: () => T): Promise<T> {
    const run = async (): Promise<T> => work();
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }
  // --- end of backup and restore ---

  /** For tests and tools: whether the database enforces what the store relies on. */
  pragmas(): { journalMode: string; foreignKeys: number; busyTimeout: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })),
      busyTimeout: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }
}
