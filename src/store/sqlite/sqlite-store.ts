// The SQLite backend of Store (better-sqlite3): WAL, foreign keys, busy timeout, versioned
// migrations, prepared statements, one IMMEDIATE transaction per document or batch of documents,
// FTS5 over sentences.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DossierError } from '../../model/index.js';
import type {
  ActorDetail,
  ActorSummary,
  DocumentKind,
  IngestOutcome,
  ProfileDocument,
  SearchQuery,
  SearchResult,
  VersionSummary,
} from '../../model/index.js';
import {
  itemColumns,
  actorDetailFrom,
  entityFromRow,
  fromJson,
  jsonOrNull,
  nowIso,
  outcomeOf,
  profileDocumentFromRow,
  saveBatch,
  versionFromRow,
  type BatchItem,
  type DocumentRow,
  type ItemRows,
  type PreparedDocument,
  type VersionRow,
} from '../rows.js';
import { isEmptyQuery, parseSearchQuery, toFts5Match } from '../search-query.js';
import { highlightSnippet } from '../search-snippet.js';
import { guarded, hints, storeError } from '../store-error.js';
import { diagnosisCounts, latestPointerProblems } from '../store-integrity.js';
import { SourceReader } from '../source-reader.js';
import { BatchReader } from '../batch-reader.js';
import { ActorPageReader } from '../actor-page-reader.js';
import { RelatedReader } from '../related-reader.js';
import { ChecksReader } from '../checks-reader.js';
import { eventBoundsOf, timeBoundsOf, TimelineReader } from '../timeline-reader.js';
import { GraphReader } from '../graph-reader.js';
import { CompareReader } from '../compare-reader.js';
import { EditorialStoreBase } from '../editorial-store-base.js';
import type {
  BatchSaveResult,
  EntityDetail,
  SaveDocumentInput,
  Store,
  StoreDiagnosis,
  StoreStats,
  WriteFaultHook,
} from '../store.js';
import { Editorial, reviewedTables, type SqlDialect, type SqlRunner } from '../editorial.js';
import {
  mentionRefFromRow,
  normalizeSearchQuery,
  searchCountCap,
  searchRankWindow,
  sortActors,
  type MentionJoinRow,
} from '../store-common.js';
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
        `The database ${path} is in WAL mode on a read-only file system or folder without its ${path}-shm file: SQLite cannot read it there`,
        {
          hint: 'copy it to a writable folder, or open it once where its folder is writable (e.g. `dossier doctor`) so that SQLite can create the -shm file',
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
    const known = new Set(sqliteMigrations.map((migration) => migration.version));
    const schemaVersion = applied.length ? Math.max(...applied) : 0;
    if (applied.some((version) => !known.has(version))) {
      throw new DossierError(
        'STORE_SCHEMA_VERSION',
        `The database ${path} has schema version ${schemaVersion}; this Dossier knows versions up to ${sqliteSchemaVersion}`,
        {
          hint: hints.newer,
          details: { location: path, schemaVersion, expectedSchemaVersion: sqliteSchemaVersion },
        },
      );
    }
    if (readOnly && applied.length < known.size) {
      if (state.kind === 'empty') {
        throw new DossierError(
          'STORE_READ_ONLY',
          `The database ${path} is empty and read-only: Dossier cannot create its tables`,
          { hint: hints.readOnly },
        );
      }
      throw new DossierError(
        'STORE_SCHEMA_VERSION',
        `The database ${path} has schema version ${schemaVersion} and needs migrating to ${sqliteSchemaVersion}, but it is opened read-only`,
        {
          hint: hints.migrate,
          details: { location: path, schemaVersion, expectedSchemaVersion: sqliteSchemaVersion },
        },
      );
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

const bumpRevision = 'UPDATE store_revision SET revision = revision + 1 WHERE id = 1';
/** The first version of an actor with a given text (content hash), if any. */
const knownVersionSql = 'SELECT version FROM documents WHERE actor_id = ? AND hash = ? ORDER BY version LIMIT 1';

export class SqliteStore extends EditorialStoreBase implements Store {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  protected readonly editorial: Editorial;
  protected readonly sources: SourceReader;
  protected readonly batches: BatchReader;
  protected readonly actorPages: ActorPageReader;
  protected readonly related: RelatedReader;
  protected readonly checks: ChecksReader;
  protected readonly timeline: TimelineReader;
  protected readonly graphs: GraphReader;
  protected readonly compareRows: CompareReader;
  /** Serialises write transactions: one connection, and an async transaction spans awaits. */
  private writeQueue: Promise<unknown> = Promise.resolve();

  private readonly readStatements = new Map<string, Statement>();
  private readonly committedReader: SqlRunner;
  private faultHook: WriteFaultHook | undefined;

  constructor(
    private readonly db: Db,
    private readonly readDb: Db = db,
    private readonly opened: { location: string; readOnly: boolean } = { location: db.name, readOnly: db.readonly },
  ) {
    super();
    const runner: SqlRunner = {
      all: async <T>(text: string, params: unknown[] = []) => this.sql(text).all(...params) as T[],
      run: async (text: string, params: unknown[] = []) => this.sql(text).run(...params).changes,
    };
    const dialect: SqlDialect = {
      kind: 'sqlite',
      bool: (value) => (value ? 1 : 0),
      listTables: async (db) =>
        (
          await db.all<{ name: string }>(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
          )
        ).map((row) => row.name),
    };
    this.runner = runner;
    const committedReader: SqlRunner = {
      all: async <T>(text: string, params: unknown[] = []) => this.read(text).all(...params) as T[],
      run: async (text: string, params: unknown[] = []) => this.sql(text).run(...params).changes,
    };
    this.committedReader = committedReader;
    this.editorial = new Editorial(dialect, committedReader, (work) =>
      guarded('write to the SQLite database', () => this.transaction(work)),
    );
    this.sources = new SourceReader(committedReader);
    this.batches = new BatchReader(committedReader);
    this.actorPages = new ActorPageReader(committedReader, '');
    this.related = new RelatedReader(committedReader);
    this.timeline = new TimelineReader(committedReader, '');
    this.graphs = new GraphReader(committedReader);
    this.compareRows = new CompareReader(committedReader, '');
    this.checks = new ChecksReader(committedReader, '', 'sqlite');
  }

  setWriteFaultHook(hook: WriteFaultHook | undefined): void {
    this.faultHook = hook;
  }

  /** A point in a write transaction where the test-only fault hook may abort it. */
  private step(name: string): void {
    this.faultHook?.(name);
  }

  private readonly runner: SqlRunner;

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

  /** A cached prepared statement on the read connection (committed data only). */
  private read(text: string): Statement {
    if (this.readDb === this.db) return this.sql(text);
    let statement = this.readStatements.get(text);
    if (!statement) {
      statement = this.readDb.prepare(text);
      this.readStatements.set(text, statement);
    }
    return statement;
  }

  /** A cached prepared statement on the write connection. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async saveDocument(input: SaveDocumentInput): Promise<IngestOutcome> {
    return outcomeOf((await this.saveDocuments([input]))[0]);
  }

  saveDocuments(inputs: SaveDocumentInput[]): Promise<BatchSaveResult[]> {
    return saveBatch(inputs, {
      // A text already stored for the actor (any version, committed) needs no write lock at all.
      knownVersions: async (items) => {
        const statement = this.read(knownVersionSql);
        return items.map((item) => this.knownVersion(statement, item.prepared));
      },
      writeAll: (items) =>
        this.transaction(
          (db) => this.writeItems(db, items),
          (outcomes) => outcomes.some((outcome) => outcome.status !== 'unchanged'),
        ),
    });
  }

  /** Writes prepared documents in order inside the current write transaction, each with its audit entry. */
  private async writeItems(db: SqlRunner, items: BatchItem[]): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    for (const { prepared, savedBy } of items) {
      const outcome = this.write(await this.editorial.adjustBeforeSave(db, prepared));
      await this.editorial.afterSave(db, outcome, savedBy, prepared.document.source, prepared.ruleDecisions);
      this.step('audit');
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** 'unchanged' with the version number when the actor already has a version of this text. */
  private knownVersion(statement: Statement, prepared: PreparedDocument): IngestOutcome | null {
    const row = statement.get(prepared.actorId, prepared.document.source.hash) as { version: number } | undefined;
    return row
      ? {
          status: 'unchanged',
          actorId: prepared.actorId,
          actorName: prepared.document.actor.name,
          version: row.version,
        }
      : null;
  }

  private write(prepared: PreparedDocument): IngestOutcome {
    const { actorId, document, extraction } = prepared;
    const outcome = (status: IngestOutcome['status'], version: number): IngestOutcome => ({
      status,
      actorId,
      actorName: document.actor.name,
      version,
    });
    const known = this.knownVersion(this.sql(knownVersionSql), prepared);
    if (known) return known;
    const latest = this.sql('SELECT a.latest_document_id AS id FROM actors a WHERE a.id = ?').get(actorId) as
      { id: number | null } | undefined;
    this.step('lookup');

    // Version numbers count every version ever stored; which one is the latest is the pointer's business.
    const { max } = this.sql('SELECT coalesce(max(version), 0) AS max FROM documents WHERE actor_id = ?').get(
      actorId,
    ) as { max: number };
    const version = max + 1;
    this.sql(
      'INSERT INTO actors (id, name, country, kind) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country, kind = excluded.kind',
    ).run(actorId, document.actor.name, document.actor.country, document.kind);
    this.step('actor');
    const documentId = Number(
      this.sql(
        `INSERT INTO documents (actor_id, version, hash, text, actor_name, actor_country, extraction_actor_name, extraction_actor_country,
           layout, source_name, format, encoding, bytes, as_of, source_url, author, focus, extra, ingested_at, sentence_count, kind, published, publisher)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        actorId,
        version,
        document.source.hash,
        document.text,
        document.actor.name,
        document.actor.country,
        extraction.actor.name,
        extraction.actor.country,
        JSON.stringify(prepared.layout),
        document.source.name,
        document.source.format,
        document.source.encoding,
        document.source.bytes,
        document.metadata.asOf,
        document.metadata.source,
        document.metadata.author,
        document.metadata.focus,
        JSON.stringify(document.metadata.extra ?? {}),
        nowIso(),
        extraction.sentences.length,
        document.kind,
        document.metadata.published,
        document.metadata.publisher,
      ).lastInsertRowid,
    );
    this.step('document');

    const now = nowIso();
    const upsertEntity = this.sql(
      `INSERT INTO entities (id, type, name, country, wikidata, aliases, attributes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, country = excluded.country,
         wikidata = excluded.wikidata, aliases = excluded.aliases, attributes = excluded.attributes, updated_at = excluded.updated_at`,
    );
    for (const e of prepared.entityUpserts) {
      upsertEntity.run(
        e.id,
        e.type,
        e.name,
        e.country,
        e.wikidata,
        jsonOrNull(e.aliases),
        jsonOrNull(e.attributes),
        now,
      );
    }
    this.step('entities');
    const linkEntity = this.sql('INSERT INTO document_entities (document_id, entity_id, position) VALUES (?, ?, ?)');
    prepared.entityLinks.forEach((id, position) => linkEntity.run(documentId, id, position));
    this.step('document_entities');

    const insert = (table: string, columns: string, count: number) =>
      this.sql(`INSERT INTO ${table} (document_id, position, ${columns}) VALUES (?, ?${', ?'.repeat(count)})`);
    const sections = insert('sections', 'heading, span_start, span_end', 3);
    extraction.sections.forEach((s, i) => sections.run(documentId, i, s.heading, s.start, s.end));
    this.step('sections');
    const interests = insert('interests', 'rank, title, themes, span_start, span_end', 5);
    extraction.interests.forEach((s, i) =>
      interests.run(documentId, i, s.rank, s.title, JSON.stringify(s.themes), s.start, s.end),
    );
    this.step('interests');
    const sentences = insert('sentences', 'text, themes, span_start, span_end', 4);
    extraction.sentences.forEach((s, i) =>
      sentences.run(documentId, i, prepared.sentenceTexts[i], jsonOrNull(s.themes), s.start, s.end),
    );
    this.step('sentences');
    const mentions = insert('mentions', 'text, type, entity_id, country, via, span_start, span_end', 7);
    extraction.mentions.forEach((m, i) =>
      mentions.run(documentId, i, m.text, m.type, m.entity, m.country, m.via ?? null, m.start, m.end),
    );
    this.step('mentions');
    const times = insert('times', 'text, value, resolved, earliest, latest, span_start, span_end', 7);
    extraction.times.forEach((t, i) => {
      const bounds = timeBoundsOf(t.value);
      times.run(documentId, i, t.text, t.value, t.resolved ?? null, bounds.earliest, bounds.latest, t.start, t.end);
    });
    this.step('times');
    const quantities = insert('quantities', 'text, value, unit, span_start, span_end', 5);
    extraction.quantities.forEach((q, i) => quantities.run(documentId, i, q.text, q.value, q.unit, q.start, q.end));
    this.step('quantities');
    const events = insert(
      'events',
      'type, date, actors, place, valid, current, earliest, latest, span_start, span_end',
      10,
    );
    extraction.events.forEach((e, i) => {
      const bounds = eventBoundsOf(e);
      events.run(
        documentId,
        i,
        e.type,
        e.date,
        JSON.stringify(e.actors),
        e.place,
        e.valid ?? null,
        e.current === false ? 0 : 1,
        bounds.earliest,
        bounds.latest,
        e.evidence.start,
        e.evidence.end,
      );
    });
    this.step('events');
    const relations = insert(
      'relations',
      'subject, predicate, object, negated, valid, current, span_start, span_end',
      8,
    );
    extraction.relations.forEach((r, i) =>
      relations.run(
        documentId,
        i,
        r.subject,
        r.predicate,
        r.object,
        r.negated ? 1 : 0,
        r.valid ?? null,
        r.current === false ? 0 : 1,
        r.evidence.start,
        r.evidence.end,
      ),
    );
    this.step('relations');
    if (extraction.posture) {
      const { label, evidence } = extraction.posture;
      this.sql('INSERT INTO postures (document_id, label, span_start, span_end) VALUES (?, ?, ?, ?)').run(
        documentId,
        label,
        evidence.start,
        evidence.end,
      );
    }

    this.step('postures');
    const subjects = insert('document_subjects', 'subject, how', 2);
    (extraction.subjects ?? []).forEach((subject, i) => subjects.run(documentId, i, subject.entity, subject.how));
    this.step('document_subjects');

    // The full-text index holds the latest version of each actor only.
    if (latest?.id != null) {
      this.sql(
        `INSERT INTO sentences_fts (sentences_fts, rowid, text) SELECT 'delete', id, text FROM sentences WHERE document_id = ?`,
      ).run(latest.id);
    }
    this.step('search-index-remove');
    this.sql('INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE document_id = ?').run(
      documentId,
    );
    this.step('search-index-add');
    this.sql('UPDATE actors SET latest_document_id = ? WHERE id = ?').run(documentId, actorId);
    this.step('latest-pointer');
    return outcome(version === 1 ? 'created' : 'new-version', version);
  }

  async listActors(kind: DocumentKind = 'profile'): Promise<ActorSummary[]> {
    return guarded('list the actors', () => {
      const actors = this.read(
        `SELECT a.id, a.name, a.country, d.id AS document_id, d.version, d.as_of,
           (SELECT count(*) FROM documents v WHERE v.actor_id = a.id) AS versions,
           d.sentence_count
         FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.kind = ?`,
      ).all(kind) as Array<{
        id: string;
        name: string;
        country: string | null;
        document_id: number;
        version: number;
        as_of: string | null;
        versions: number;
        sentence_count: number;
      }>;
      const interests = this.read(
        `SELECT i.document_id, i.rank, i.title, i.themes FROM interests i
         JOIN actors a ON a.latest_document_id = i.document_id WHERE a.kind = ? ORDER BY i.document_id, i.position`,
      ).all(kind) as Array<{ document_id: number; rank: number; title: string; themes: string }>;
      const byDocument = new Map<number, ActorSummary['interests']>();
      for (const row of interests) {
        const list = byDocument.get(row.document_id) ?? [];
        list.push({ rank: row.rank, title: row.title, themes: fromJson(row.themes) });
        byDocument.set(row.document_id, list);
      }
      return sortActors(
        actors.map((row) => ({
          id: row.id,
          name: row.name,
          country: row.country,
          latestVersion: row.version,
          versions: row.versions,
          asOf: row.as_of,
          interests: byDocument.get(row.document_id) ?? [],
          sentenceCount: row.sentence_count,
        })),
      );
    });
  }

  private documentRow(id: string, version?: number): DocumentRow | undefined {
    return (
      version === undefined
        ? this.read('SELECT d.* FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.id = ?').get(id)
        : this.read('SELECT * FROM documents WHERE actor_id = ? AND version = ?').get(id, version)
    ) as DocumentRow | undefined;
  }

  private versionRows(actorId: string): VersionRow[] {
    return this.read(
      'SELECT version, hash, source_name, format, ingested_at, as_of FROM documents WHERE actor_id = ? ORDER BY version',
    ).all(actorId) as VersionRow[];
  }

  async getActor(id: string, version?: number): Promise<ActorDetail | null> {
    return guarded(`read actor ${id}`, () => {
      const doc = this.documentRow(id, version);
      if (!doc) return null;
      const items = (table: keyof typeof itemColumns) =>
        this.read(
          `SELECT ${itemColumns[table]} FROM ${table} WHERE document_id = ?${reviewedTables.has(table) ? ` AND review_status <> 'rejected'` : ''} ORDER BY position`,
        ).all(doc.id);
      const rows = {
        sections: items('sections'),
        interests: items('interests'),
        sentences: items('sentences'),
        entities: this.read(
          `SELECT e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes
           FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.document_id = ? ORDER BY de.position`,
        ).all(doc.id),
        mentions: items('mentions'),
        times: items('times'),
        quantities: items('quantities'),
        events: items('events'),
        relations: items('relations'),
        postures: this.read(
          `SELECT label, span_start, span_end FROM postures WHERE document_id = ? AND review_status <> 'rejected'`,
        ).all(doc.id),
        subjects: this.read('SELECT subject, how FROM document_subjects WHERE document_id = ? ORDER BY position').all(
          doc.id,
        ),
      } as ItemRows;
      return actorDetailFrom(doc, this.versionRows(doc.actor_id), rows);
    });
  }

  async getDocument(id: string, version?: number): Promise<ProfileDocument | null> {
    return guarded(`read the document of ${id}`, () => {
      const doc = this.documentRow(id, version);
      return doc ? profileDocumentFromRow(doc) : null;
    });
  }

  async getEntity(id: string): Promise<EntityDetail | null> {
    return guarded(`read entity ${id}`, () => {
      const row = this.read(
        'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE id = ?',
      ).get(id) as ItemRows['entities'][number] | undefined;
      if (!row) return null;
      const mentions = this.read(
        `SELECT a.id AS actor, a.name AS actor_name, a.kind, d.published, d.publisher, d.version, m.span_start, m.span_end, m.text, m.type,
           s.text AS sentence_text, s.span_start AS sentence_start, s.span_end AS sentence_end
         FROM mentions m
         JOIN actors a ON a.latest_document_id = m.document_id
         JOIN documents d ON d.id = m.document_id
         LEFT JOIN sentences s ON s.document_id = m.document_id AND s.span_start <= m.span_start AND s.span_end >= m.span_end
         WHERE m.entity_id = ? AND m.review_status <> 'rejected'
         ORDER BY a.id, m.position`,
      ).all(id) as MentionJoinRow[];
      return { entity: entityFromRow(row), mentions: mentions.map(mentionRefFromRow) };
    });
  }

  /**
   * Top-k on the full-text index alone, then the joins for the page only. Matches are counted up
   * to `searchCountCap` (`totalExact: false` beyond it, unless `count: 'exact'`); when they pass
   * the cap, the page is ranked among the `searchRankWindow` newest matches rather than all of them.
   * One actor's search is limited to the rowid range of its latest document's sentences.
   */
  async search(query: SearchQuery): Promise<SearchResult> {
    const { q, actor, limit, offset, exactCount } = normalizeSearchQuery(query);
    const terms = parseSearchQuery(q);
    if (isEmptyQuery(terms)) return { total: 0, totalExact: true, hits: [] };
    const match = toFts5Match(terms);
    return guarded('search', () => {
      let range = '';
      const params: Record<string, unknown> = { match };
      if (actor !== undefined) {
        const bounds = this.read(
          'SELECT min(s.id) AS lo, max(s.id) AS hi FROM actors a JOIN sentences s ON s.document_id = a.latest_document_id WHERE a.id = ?',
        ).get(actor) as { lo: number | null; hi: number | null };
        if (bounds.lo === null || bounds.hi === null) return { total: 0, totalExact: true, hits: [] };
        range = ' AND rowid BETWEEN @lo AND @hi';
        Object.assign(params, { lo: bounds.lo, hi: bounds.hi });
      }
      const cap = exactCount ? Number.MAX_SAFE_INTEGER : searchCountCap;
      const { n } = this.read(
        `SELECT count(*) AS n FROM (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH @match${range} LIMIT @cap)`,
      ).get({
        ...params,
        cap: cap + 1,
      }) as { n: number };
      const totalExact = n <= cap;
      const total = Math.min(n, cap);
      if (total === 0 || offset >= total) return { total, totalExact, hits: [] };
      const ranked = totalExact
        ? `SELECT rowid AS id, rank FROM sentences_fts WHERE sentences_fts MATCH @match${range} ORDER BY rank, rowid LIMIT @limit OFFSET @offset`
        : `SELECT id, rank FROM (SELECT rowid AS id, bm25(sentences_fts) AS rank FROM sentences_fts WHERE sentences_fts MATCH @match${range}
             ORDER BY rowid DESC LIMIT @window) ORDER BY rank, id LIMIT @limit OFFSET @offset`;
      const top = this.read(ranked).all({
        ...params,
        limit,
        offset,
        ...(totalExact ? {} : { window: searchRankWindow }),
      }) as Array<{ id: number; rank: number }>;
      if (top.length === 0) return { total, totalExact, hits: [] };
      const rankOf = new Map(top.map((row, i) => [row.id, { rank: row.rank, i }]));
      const rows = this.read(
        `SELECT s.id, a.id AS actor, a.name AS actor_name, d.version, s.text, s.span_start, s.span_end
         FROM sentences s JOIN documents d ON d.id = s.document_id JOIN actors a ON a.latest_document_id = d.id
         WHERE s.id IN (${top.map(() => '?').join(', ')})`,
      ).all(...top.map((row) => row.id)) as Array<{
        id: number;
        actor: string;
        actor_name: string;
        version: number;
        text: string;
        span_start: number;
        span_end: number;
      }>;
      rows.sort((a, b) => (rankOf.get(a.id)?.i ?? 0) - (rankOf.get(b.id)?.i ?? 0));
      return {
        total,
        totalExact,
        hits: rows.map((row) => ({
          actor: row.actor,
          actorName: row.actor_name,
          version: row.version,
          text: row.text,
          snippet: highlightSnippet(row.text, terms),
          start: row.span_start,
          end: row.span_end,
          score: -(rankOf.get(row.id)?.rank ?? 0),
        })),
      };
    });
  }

  async listVersions(actorId: string): Promise<VersionSummary[]> {
    return guarded(`list the versions of ${actorId}`, () => this.versionRows(actorId).map(versionFromRow));
  }

  async revision(): Promise<string> {
    const row = this.read('SELECT revision FROM store_revision WHERE id = 1').get() as { revision: number } | undefined;
    return String(row?.revision ?? 0);
  }

  async stats(): Promise<StoreStats> {
    return guarded('count the stored rows', () => {
      const count = (table: string) => (this.read(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
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
        this.read('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: unknown }>
      ).map((row) => Number(row.version));
      const problems = (this.readDb.pragma('quick_check') as Array<{ quick_check: string }>)
        .map((row) => row.quick_check)
        .filter((line) => line !== 'ok')
        .map((line) => `SQLite quick_check: ${line}`);
      problems.push(...(await latestPointerProblems(this.committedReader)));
      const inMemory = this.opened.location === ':memory:';
      const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
      const sizeBytes = inMemory
        ? Number(this.readDb.pragma('page_count', { simple: true })) *
          Number(this.readDb.pragma('page_size', { simple: true }))
        : fileSize(this.opened.location) + fileSize(`${this.opened.location}-wal`);
      return {
        backend: 'sqlite' as const,
        location: this.opened.location,
        schemaVersion: applied.length ? Math.max(...applied) : 0,
        expectedSchemaVersion: sqliteSchemaVersion,
        pendingMigrations: sqliteMigrations
          .map((migration) => migration.version)
          .filter((version) => !applied.includes(version)),
        writable: !this.opened.readOnly && !this.db.readonly,
        journalMode: String(this.db.pragma('journal_mode', { simple: true })),
        sizeBytes,
        counts: await diagnosisCounts(this.committedReader),
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
      this.afterWrites(() => restoreIntoSqlite(this.db, file, options, this.opened.location)),
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
