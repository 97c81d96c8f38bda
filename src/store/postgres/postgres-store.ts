// The PostgreSQL backend of Store (pg): a connection pool bound to one schema, versioned
// migrations, one transaction per document or batch of documents with batched inserts (unnest of
// arrays), per-actor advisory locks plus a unique (actor, version) constraint, and tsvector + GIN
// over sentences.
import pg from 'pg';
import type { IngestOutcome } from '../../model/index.js';
import { DossierError } from '../../model/index.js';
import type { BatchItem } from '../rows.js';
import { describePostgresUrl, guarded, hints, storeError } from '../store-error.js';
import { diagnosisCounts, latestPointerProblems } from '../store-integrity.js';
import type { Store, StoreDiagnosis, StoreStats } from '../store.js';
import type { SqlRunner } from '../sql-dialect.js';
import { SqlStore } from '../sql-store.js';
import { checkSchemaVersion, needsMigrating, schemaDiagnosis } from '../schema-version.js';
import { documentItemKinds, type ItemKind } from '../item-kinds.js';
import { postgresDialect, runnerOf } from './postgres-dialect.js';
import { upsertEntities, writePostgresBatch } from './postgres-batch-write.js';
import type { EntityChange } from '../fact-levels.js';
import { settleTimelineYears } from '../timeline-years.js';
import { postgresMigrations, postgresSchemaVersion, type Migration } from './postgres-migrations.js';
import { StatisticsKeeper } from './postgres-statistics.js';
import type { BackupOptions, BackupSummary, RestoreOptions, RestoreSummary } from '../backup/backup-format.js';

type Client = pg.PoolClient;
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;
/** Retried save failures: serialisation failure, deadlock, unique violation (a racing version). */
const retryableCodes = new Set(['40001', '40P01', '23505']);
const maxSaveAttempts = 6;

export interface PostgresLocation {
  connectionString: string;
  /** Schema holding the store's tables (from `?schema=NAME`), or null for the server's default search_path. */
  schema: string | null;
  /** Server settings given as `?options=-c name=value …` (kept alongside the store's own). */
  serverOptions?: string;
}

/** Splits `?schema=NAME` (and `?options=`) off a postgres:// URL; the rest goes to pg unchanged. */
export function parsePostgresLocation(location: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch (error) {
    throw new DossierError('BAD_REQUEST', 'The PostgreSQL location is not a valid URL', {
      expected: 'postgres://user@host:port/database[?schema=name]',
      cause: error,
    });
  }
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  // pg lets `options` in the URL override the pool's: taken out here and merged with ours.
  const serverOptions = url.searchParams.get('options');
  url.searchParams.delete('options');
  if (schema !== null && !schemaPattern.test(schema)) {
    throw new DossierError('BAD_REQUEST', `The schema name "${schema}" is not allowed`, {
      expected: 'a lowercase identifier: letters a-z, digits and underscores, at most 63 characters',
    });
  }
  return { connectionString: url.toString(), schema, ...(serverOptions ? { serverOptions } : {}) };
}

/** Versions recorded in schema_migrations of the current schema, or null when there is no such table. */
async function appliedVersions(client: Queryable): Promise<number[] | null> {
  const { rows } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!rows[0]?.present) return null;
  return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
    (row) => Number(row.version),
  );
}

/**
 * Applies pending migrations under a schema-wide advisory lock, each in its own transaction.
 * Writes nothing at all when the schema is up to date. Returns the versions applied.
 */
export async function migratePostgres(client: Client, migrations: Migration[] = postgresMigrations): Promise<number[]> {
  const isPending = (done: number[] | null) => (migration: Migration) => !(done ?? []).includes(migration.version);
  if (!migrations.some(isPending(await appliedVersions(client)))) return [];
  const applied: number[] = [];
  await client.query(`SELECT pg_advisory_lock(hashtextextended('dossier:migrate:' || current_schema(), 0))`);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const pending = migrations.filter(isPending(await appliedVersions(client)));
    for (const migration of [...pending].sort((a, b) => a.version - b.version)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await migration.run?.(client);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtextextended('dossier:migrate:' || current_schema(), 0))`);
  }
  return applied;
}

export interface PostgresStoreOptions {
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** false: create nothing (no schema, no tables) and refuse what is not a Dossier database; default true. */
  create?: boolean;
  /**
   * Milliseconds a statement waits for a lock (another writer of the same actor, a migration) before STORE_BUSY
   * (default 30 s).
   */
  lockTimeoutMs?: number;
  /** Milliseconds to wait for a connection before STORE_UNREACHABLE (default 10 s). */
  connectTimeoutMs?: number;
}

/** Whether the connection may write to the store's tables (not a read-only transaction, replica or role). */
async function writableConnection(client: Queryable): Promise<boolean> {
  const { rows } = await client.query<{ writable: boolean }>(
    `SELECT current_setting('transaction_read_only') = 'off' AND NOT pg_is_in_recovery()
       AND CASE WHEN to_regclass('documents') IS NULL THEN coalesce(has_schema_privilege(current_schema(), 'CREATE'),
         false)
                ELSE has_table_privilege(to_regclass('documents'), 'INSERT') END AS writable`,
  );
  return rows[0]?.writable === true;
}

type ConnectionTarget = { host: string; database: string; user: string };

/** The host, database and user of a connection string, as messages name them. */
function connectionTarget(connectionString: string): ConnectionTarget {
  const url = new URL(connectionString);
  const decoded = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return {
    host: url.host || 'localhost',
    database: decoded(url.pathname.replace(/^\//, '')) || '(default)',
    user: decoded(url.username),
  };
}

export async function openPostgresStore(location: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const { connectionString, schema, serverOptions } = parsePostgresLocation(location);
  const create = options.create ?? true;
  const where = describePostgresUrl(location);
  const target = connectionTarget(connectionString);
  const settings = [
    ...(schema ? [`-c search_path=${schema}`] : []),
    `-c lock_timeout=${Math.max(0, Math.trunc(options.lockTimeoutMs ?? 30_000))}`,
    // No JIT: the store's statements are short, and compiling the review levels' insert cost more than running it.
    '-c jit=off',
    // No parallel workers: the store's reads are index reads of a page, and starting a Gather's workers cost more than
    // the work (an ego view's evidence: 7 ms of work, 185-211 ms with two workers, 47-71 ms without, 20,000 documents).
    '-c max_parallel_workers_per_gather=0',
    ...(serverOptions ? [serverOptions] : []),
  ];
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: Math.max(1, Math.trunc(options.connectTimeoutMs ?? 10_000)),
    options: settings.join(' '),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  let writable: boolean;
  try {
    const client = await pool.connect();
    try {
      writable = await prepareStore(client, { schema, create, where, target });
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openFailure(error, target);
  }
  return new PostgresStore(pool, { location: where, writable });
}

/** Whether the schema exists (no schema named: the default one does), and the tables it holds. */
async function storeTablesOf(
  client: pg.PoolClient,
  schema: string | null,
): Promise<{ schemaExists: boolean; storeTables: string[] }> {
  const schemaExists = schema
    ? (
        await client.query<{ present: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present',
          [schema],
        )
      ).rows[0]?.present === true
    : true;
  const storeTables = schemaExists
    ? (
        await client.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND ` +
            `table_type = 'BASE TABLE'`,
        )
      ).rows.map((row) => row.table_name)
    : [];
  return { schemaExists, storeTables };
}

/**
 * Checks (and, when `create`, creates) the store on an open connection and brings its schema up to date; refuses a
 * missing store, another application's tables, or a store that needs tables or migrations it cannot write. Answers
 * whether the connection may write.
 */
async function prepareStore(
  client: pg.PoolClient,
  opening: { schema: string | null; create: boolean; where: string; target: ConnectionTarget },
): Promise<boolean> {
  const { schema, create, where, target } = opening;
  const { schemaExists, storeTables } = await storeTablesOf(client, schema);
  if (!create) {
    if (storeTables.length === 0)
      throw new DossierError(
        'STORE_MISSING',
        `There is no Dossier database in ${schema ? `schema ${schema} of ` : ''}database ${target.database} on ` +
          `${target.host}`,
        {
          hint: hints.missing,
          details: { location: where },
        },
      );
    if (!storeTables.includes('schema_migrations') || !storeTables.includes('documents')) {
      throw new DossierError(
        'STORE_NOT_A_DATABASE',
        `${where} is not a Dossier database: its tables are another application's`,
        {
          hint: hints.notADatabase,
          details: { location: where },
        },
      );
    }
  } else if (schema && !schemaExists) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: { code?: string }) => {
      if (error.code !== '23505' && error.code !== '42P06') throw error; // created concurrently
    });
  }
  const applied = (await appliedVersions(client)) ?? [];
  const { schemaVersion, pending } = checkSchemaVersion(where, applied, postgresMigrations, postgresSchemaVersion);
  const writable = await writableConnection(client);
  if (pending && !writable) {
    if (applied.length === 0) {
      throw new DossierError(
        'STORE_READ_ONLY',
        `The database ${where} is read-only for this connection: Dossier cannot create its tables`,
        {
          hint: hints.readOnly,
          details: { location: where, schemaVersion, expectedSchemaVersion: postgresSchemaVersion },
        },
      );
    }
    throw needsMigrating(where, schemaVersion, postgresSchemaVersion, 'but this connection cannot write');
  }
  await migratePostgres(client);
  return writable;
}

/** The error an open that failed answers: a missing database with how to create it, else where it failed. */
function openFailure(error: unknown, target: ConnectionTarget): DossierError {
  const code = (error as { code?: unknown }).code;
  if (code === '3D000') {
    const failure = storeError('open the PostgreSQL database', error, `database ${target.database} on ${target.host}`);
    return new DossierError(failure.code, failure.message, {
      hint: `create it (\`createdb ${target.database}\`) or check --db / DOSSIER_DB`,
      details: failure.details,
      cause: error,
    });
  }
  const user = typeof code === 'string' && code.startsWith('28') && target.user ? `user ${target.user} at ` : '';
  return storeError('open the PostgreSQL database', error, `${user}${target.host}, database ${target.database}`);
}

export class PostgresStore extends SqlStore implements Store {
  readonly kind = 'postgres' as const;
  /** The planner's statistics analyzed again as the written tables grow (postgres-statistics.ts). */
  private readonly statistics: StatisticsKeeper;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opened: { location: string; writable: boolean } = { location: 'postgres', writable: true },
    itemKinds: readonly ItemKind[] = documentItemKinds,
  ) {
    super(postgresDialect, runnerOf(pool), 'write to the PostgreSQL database', itemKinds);
    this.statistics = new StatisticsKeeper(pool);
  }

  /**
   * Runs work in one transaction; a writing transaction (the default) moves the store revision
   * unless `changed` says the work wrote nothing.
   */
  private async transaction<T>(
    work: (client: Client) => Promise<T>,
    mode: 'write' | 'read' = 'write',
    changed: (result: T) => boolean = () => true,
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // A read snapshot starts in the same round trip as its transaction (a round trip is most of a small read's cost).
      await client.query(mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY' : 'BEGIN');
      if (mode === 'write') this.step('begin');
      const result = await work(client);
      if (mode === 'write') await settleTimelineYears(runnerOf(client));
      if (mode === 'write' && changed(result))
        await client.query('UPDATE store_revision SET revision = revision + 1 WHERE id = 1');
      if (mode === 'write') this.step('revision');
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  protected writeTransaction<T>(work: (db: SqlRunner) => Promise<T>, changed: (result: T) => boolean): Promise<T> {
    return this.transaction((client) => work(runnerOf(client)), 'write', changed);
  }

  /** One REPEATABLE READ, READ ONLY transaction: every read of the work sees one snapshot. */
  protected readSnapshot<T>(work: (db: SqlRunner) => Promise<T>): Promise<T> {
    return this.transaction((client) => work(runnerOf(client)), 'read');
  }

  /**
   * 'unchanged' with the version number for each item whose actor has a committed version of its text, else null (one
   * query).
   */
  protected override async knownVersions(items: BatchItem[]): Promise<Array<IngestOutcome | null>> {
    const { rows } = await this.pool.query<{ position: number; version: number | null }>({
      name: 'dossier-known-versions',
      text: `SELECT u.position::int AS position,
               (SELECT d.version FROM documents d WHERE d.actor_id = u.actor_id AND d.hash = u.hash ORDER BY d.version
                 LIMIT 1) AS version
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(actor_id, hash, position)`,
      values: [items.map((item) => item.prepared.actorId), items.map((item) => item.prepared.document.source.hash)],
    });
    const versions = new Map(rows.map((row) => [row.position, row.version]));
    return items.map(({ prepared }, index) => {
      const version = versions.get(index + 1);
      return version == null
        ? null
        : { status: 'unchanged', actorId: prepared.actorId, actorName: prepared.document.actor.name, version };
    });
  }

  /**
   * Writes prepared documents in order in one transaction, each with its audit entry; a
   * serialisation failure or deadlock redoes the whole transaction from scratch.
   */
  protected override async writeAll(items: BatchItem[]): Promise<IngestOutcome[]> {
    // Every actor of the batch is locked up front, in one order for all writers (no lock cycles between batches).
    const actorIds = [...new Set(items.map((item) => item.prepared.actorId))].sort();
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.transaction(
          async (client) => {
            await client.query({
              name: 'dossier-lock-actors',
              text: `SELECT pg_advisory_xact_lock(hashtextextended('dossier:actor:' || current_schema() || ':' || u.id,
                0))
                     FROM unnest($1::text[]) WITH ORDINALITY AS u(id, position) ORDER BY u.position`,
              values: [actorIds],
            });
            return this.writeAndSync(runnerOf(client), items);
          },
          'write',
          (written) => written.some((outcome) => outcome.status !== 'unchanged'),
        );
        this.statistics.wrote(outcomes.filter((outcome) => outcome.status !== 'unchanged').length);
        return outcomes;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (
          attempt < maxSaveAttempts &&
          typeof code === 'string' &&
          retryableCodes.has(code) &&
          !violatesDataConstraint(error)
        ) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * Writes the batch with one statement per table (postgres-batch-write.ts); one document after another where an
   * entity merge or edit adjusts what a save writes (rare: an editor's work).
   */
  protected override async writeEach(db: SqlRunner, items: BatchItem[]): Promise<IngestOutcome[]> {
    if (await this.editorial.adjustsSaves(db)) return super.writeEach(db, items);
    return writePostgresBatch(db, items, {
      dialect: postgresDialect,
      editorial: this.editorial,
      itemKinds: this.itemKinds,
      step: (name) => this.step(name),
    });
  }

  /** The entities' upsert that answers which existing entities it changed (postgres-batch-write.ts). */
  protected override upsertEntities(db: SqlRunner, rows: unknown[][]): Promise<EntityChange[]> {
    return upsertEntities(db, rows);
  }

  async revision(): Promise<string> {
    const result = await guarded('read the store revision', () =>
      this.pool.query<{ revision: string }>('SELECT revision::text AS revision FROM store_revision WHERE id = 1'),
    );
    return result.rows[0]?.revision ?? '0';
  }

  async stats(): Promise<StoreStats> {
    return guarded('count the stored rows', async () => {
      const { rows } = await this.pool.query<StoreStats>(
        `SELECT (SELECT count(*)::int FROM actors) AS actors,
                (SELECT count(*)::int FROM documents) AS versions,
                (SELECT count(*)::int FROM sentences) AS sentences,
                (SELECT count(*)::int FROM mentions) AS mentions,
                (SELECT count(*)::int FROM entities) AS entities`,
      );
      return rows[0]!;
    });
  }

  async diagnose(): Promise<StoreDiagnosis> {
    return guarded('diagnose the database', async () => {
      const applied = (await appliedVersions(this.pool)) ?? [];
      const { rows } = await this.pool.query<{ server_version: string; size: string | null }>(
        `SELECT current_setting('server_version') AS server_version,
           (SELECT sum(pg_total_relation_size(c.oid))::text FROM pg_class c
             WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind IN
               ('r', 'm')) AS size`,
      );
      const db = runnerOf(this.pool);
      return {
        backend: 'postgres' as const,
        location: this.opened.location,
        ...schemaDiagnosis(applied, postgresMigrations, postgresSchemaVersion),
        writable: await writableConnection(this.pool),
        sizeBytes: Number(rows[0]?.size ?? 0),
        serverVersion: rows[0]?.server_version,
        counts: await diagnosisCounts(db),
        problems: await latestPointerProblems(db),
      };
    });
  }

  // --- Backup and restore (src/store/backup/postgres-backup.ts; loaded on use: it needs better-sqlite3) ---

  /** A snapshot from one REPEATABLE READ, READ ONLY transaction, written as a portable backup file. */
  async writeBackup(file: string, options: BackupOptions): Promise<BackupSummary> {
    return guarded('back up the PostgreSQL database', async () => {
      const { writePostgresBackup } = await import('../backup/postgres-backup.js');
      return writePostgresBackup(this.pool, file, { ...options, itemKinds: this.itemKinds });
    });
  }

  async restoreBackup(file: string, options: RestoreOptions): Promise<RestoreSummary> {
    return guarded('restore into the PostgreSQL database', async () => {
      const { restoreIntoPostgres } = await import('../backup/postgres-backup.js');
      return restoreIntoPostgres(this.pool, file, { ...options, itemKinds: this.itemKinds }, this.opened.location);
    });
  }
  // --- end of backup and restore ---

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.statistics.settled();
    await this.pool.end();
  }
}

/** Constraint failures other than a racing version number are the data's fault: never retried. */
function violatesDataConstraint(error: unknown): boolean {
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' && !constraint.startsWith('documents_actor_id_version');
}
