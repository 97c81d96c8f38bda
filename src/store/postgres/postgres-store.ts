// The PostgreSQL backend of Store (pg): a connection pool bound to one schema, versioned
// migrations, one transaction per document or batch of documents with batched inserts (unnest of
// arrays), per-actor advisory locks plus a unique (actor, version) constraint, and tsvector + GIN
// over sentences.
import pg from 'pg';
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
import { DossierError } from '../../model/index.js';
import {
  itemColumns,
  actorDetailFrom,
  entityFromRow,
  jsonOrNull,
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
import { isEmptyQuery, parseSearchQuery, toTsQuerySource } from '../search-query.js';
import { highlightSnippet } from '../search-snippet.js';
import {
  mentionRefFromRow,
  normalizeSearchQuery,
  searchCountCap,
  searchRankWindow,
  sortActors,
  type MentionJoinRow,
} from '../store-common.js';
import { describePostgresUrl, guarded, hints, storeError } from '../store-error.js';
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
import { postgresMigrations, postgresSchemaVersion, type Migration } from './postgres-migrations.js';
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
       AND CASE WHEN to_regclass('documents') IS NULL THEN coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
                ELSE has_table_privilege(to_regclass('documents'), 'INSERT') END AS writable`,
  );
  return rows[0]?.writable === true;
}

export async function openPostgresStore(location: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const { connectionString, schema, serverOptions } = parsePostgresLocation(location);
  const create = options.create ?? true;
  const where = describePostgresUrl(location);
  const target = (() => {
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
  })();
  const settings = [
    ...(schema ? [`-c search_path=${schema}`] : []),
    `-c lock_timeout=${Math.max(0, Math.trunc(options.lockTimeoutMs ?? 30_000))}`,
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
              `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
            )
          ).rows.map((row) => row.table_name)
        : [];
      const missing = () =>
        new DossierError(
          'STORE_MISSING',
          `There is no Dossier database in ${schema ? `schema ${schema} of ` : ''}database ${target.database} on ${target.host}`,
          {
            hint: hints.missing,
            details: { location: where },
          },
        );
      if (!create) {
        if (storeTables.length === 0) throw missing();
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
      const known = new Set(postgresMigrations.map((migration) => migration.version));
      const schemaVersion = applied.length ? Math.max(...applied) : 0;
      if (applied.some((version) => !known.has(version))) {
        throw new DossierError(
          'STORE_SCHEMA_VERSION',
          `The database ${where} has schema version ${schemaVersion}; this Dossier knows versions up to ${postgresSchemaVersion}`,
          {
            hint: hints.newer,
            details: { location: where, schemaVersion, expectedSchemaVersion: postgresSchemaVersion },
          },
        );
      }
      writable = await writableConnection(client);
      if (applied.length < known.size && !writable) {
        throw new DossierError(
          applied.length === 0 ? 'STORE_READ_ONLY' : 'STORE_SCHEMA_VERSION',
          applied.length === 0
            ? `The database ${where} is read-only for this connection: Dossier cannot create its tables`
            : `The database ${where} has schema version ${schemaVersion} and needs migrating to ${postgresSchemaVersion}, but this connection cannot write`,
          {
            hint: applied.length === 0 ? hints.readOnly : hints.migrate,
            details: { location: where, schemaVersion, expectedSchemaVersion: postgresSchemaVersion },
          },
        );
      }
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    const code = (error as { code?: unknown }).code;
    if (code === '3D000') {
      const failure = storeError(
        'open the PostgreSQL database',
        error,
        `database ${target.database} on ${target.host}`,
      );
      throw new DossierError(failure.code, failure.message, {
        hint: `create it (\`createdb ${target.database}\`) or check --db / DOSSIER_DB`,
        details: failure.details,
        cause: error,
      });
    }
    const user = typeof code === 'string' && code.startsWith('28') && target.user ? `user ${target.user} at ` : '';
    throw storeError('open the PostgreSQL database', error, `${user}${target.host}, database ${target.database}`);
  }
  return new PostgresStore(pool, { location: where, writable });
}

/** Inserts one column-wise batch: `SELECT $1, u.* FROM unnest($2::t[], …)`, as a named prepared statement. */
async function insertBatch(
  client: Client,
  table: string,
  documentId: number,
  columns: Array<[name: string, arrayType: string, values: unknown[], cast?: string]>,
): Promise<void> {
  const count = columns[0]?.[2].length ?? 0;
  if (count === 0) return;
  const names = ['position', ...columns.map(([name]) => name)];
  const types = ['int[]', ...columns.map(([, type]) => type)];
  const casts = ['', ...columns.map(([, , , cast]) => cast ?? '')];
  const positions = Array.from({ length: count }, (_, index) => index);
  const text = `INSERT INTO ${table} (document_id, ${names.join(', ')})
    SELECT $1::int, ${names.map((name, index) => `u.${name}${casts[index] ? `::${casts[index]}` : ''}`).join(', ')}
    FROM unnest(${types.map((type, index) => `$${index + 2}::${type}`).join(', ')}) AS u(${names.join(', ')})`;
  await client.query({
    name: `dossier-insert-${table}`,
    text,
    values: [documentId, positions, ...columns.map(([, , values]) => values)],
  });
}

const hasNul = (value: string): boolean => value.includes('\u0000');

/** `?` placeholders numbered for pg (the editorial SQL never uses `?` otherwise). */
const numbered = (text: string): string => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** Text parameters holding NUL cannot reach PostgreSQL; such a value matches nothing anyway. */
const cleanParams = (params: unknown[]): unknown[] =>
  params.map((value) => (typeof value === 'string' && hasNul(value) ? value.replaceAll('\u0000', '\uFFFD') : value));

const runnerOf = (db: Queryable): SqlRunner => ({
  all: async <T>(text: string, params: unknown[] = []) =>
    (await db.query(numbered(text), cleanParams(params))).rows as T[],
  run: async (text: string, params: unknown[] = []) =>
    (await db.query(numbered(text), cleanParams(params))).rowCount ?? 0,
});

const postgresDialect: SqlDialect = {
  kind: 'postgres',
  bool: (value) => value,
  listTables: async (db) =>
    (
      await db.all<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
    ).map((row) => row.table_name),
};

export class PostgresStore extends EditorialStoreBase implements Store {
  readonly kind = 'postgres' as const;

  protected readonly editorial: Editorial;
  protected readonly sources: SourceReader;
  protected readonly batches: BatchReader;
  protected readonly actorPages: ActorPageReader;
  protected readonly related: RelatedReader;
  protected readonly checks: ChecksReader;
  protected readonly timeline: TimelineReader;
  protected readonly graphs: GraphReader;
  protected readonly compareRows: CompareReader;
  private faultHook: WriteFaultHook | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opened: { location: string; writable: boolean } = { location: 'postgres', writable: true },
  ) {
    super();
    this.sources = new SourceReader(runnerOf(pool));
    this.batches = new BatchReader(runnerOf(pool));
    this.actorPages = new ActorPageReader(runnerOf(pool), ' COLLATE "C"');
    this.related = new RelatedReader(runnerOf(pool));
    this.timeline = new TimelineReader(runnerOf(pool), ' COLLATE "C"');
    this.graphs = new GraphReader(runnerOf(pool));
    this.compareRows = new CompareReader(runnerOf(pool), ' COLLATE "C"');
    this.checks = new ChecksReader(runnerOf(pool), ' COLLATE "C"', 'postgres');
    this.editorial = new Editorial(postgresDialect, runnerOf(pool), (work) =>
      guarded('write to the PostgreSQL database', () => this.transaction((client) => work(runnerOf(client)))),
    );
  }

  setWriteFaultHook(hook: WriteFaultHook | undefined): void {
    this.faultHook = hook;
  }

  /** A point in a write transaction where the test-only fault hook may abort it. */
  private step(name: string): void {
    this.faultHook?.(name);
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
      await client.query('BEGIN');
      if (mode === 'write') this.step('begin');
      const result = await work(client);
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

  async saveDocument(input: SaveDocumentInput): Promise<IngestOutcome> {
    return outcomeOf((await this.saveDocuments([input]))[0]);
  }

  saveDocuments(inputs: SaveDocumentInput[]): Promise<BatchSaveResult[]> {
    return saveBatch(inputs, {
      // A text already stored for the actor (any version, committed) needs no transaction at all.
      knownVersions: (items) => this.knownVersions(items),
      writeAll: (items) => this.writeItems(items),
    });
  }

  /**
   * 'unchanged' with the version number for each item whose actor has a committed version of its text, else null (one
   * query).
   */
  private async knownVersions(items: BatchItem[]): Promise<Array<IngestOutcome | null>> {
    const { rows } = await this.pool.query<{ position: number; version: number | null }>({
      name: 'dossier-known-versions',
      text: `SELECT u.position::int AS position,
               (SELECT d.version FROM documents d WHERE d.actor_id = u.actor_id AND d.hash = u.hash ORDER BY d.version LIMIT 1) AS version
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
  private async writeItems(items: BatchItem[]): Promise<IngestOutcome[]> {
    // Every actor of the batch is locked up front, in one order for all writers (no lock cycles between batches).
    const actorIds = [...new Set(items.map((item) => item.prepared.actorId))].sort();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(
          async (client) => {
            await client.query({
              name: 'dossier-lock-actors',
              text: `SELECT pg_advisory_xact_lock(hashtextextended('dossier:actor:' || current_schema() || ':' || u.id, 0))
                     FROM unnest($1::text[]) WITH ORDINALITY AS u(id, position) ORDER BY u.position`,
              values: [actorIds],
            });
            const db = runnerOf(client);
            const outcomes: IngestOutcome[] = [];
            for (const { prepared, savedBy } of items) {
              const outcome = await this.write(client, await this.editorial.adjustBeforeSave(db, prepared));
              await this.editorial.afterSave(db, outcome, savedBy, prepared.document.source, prepared.ruleDecisions);
              this.step('audit');
              outcomes.push(outcome);
            }
            return outcomes;
          },
          'write',
          (outcomes) => outcomes.some((outcome) => outcome.status !== 'unchanged'),
        );
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

  /** 'unchanged' with the version number when the actor already has a version of this text (seen by `db`). */
  private async knownVersion(db: Queryable, prepared: PreparedDocument): Promise<IngestOutcome | null> {
    const { rows } = await db.query<{ version: number }>({
      name: 'dossier-known-version',
      text: 'SELECT version FROM documents WHERE actor_id = $1 AND hash = $2 ORDER BY version LIMIT 1',
      values: [prepared.actorId, prepared.document.source.hash],
    });
    const row = rows[0];
    return row
      ? {
          status: 'unchanged',
          actorId: prepared.actorId,
          actorName: prepared.document.actor.name,
          version: row.version,
        }
      : null;
  }

  private async write(client: Client, prepared: PreparedDocument): Promise<IngestOutcome> {
    const { actorId, document, extraction } = prepared;
    const outcome = (status: IngestOutcome['status'], version: number): IngestOutcome => ({
      status,
      actorId,
      actorName: document.actor.name,
      version,
    });
    // The actor is locked (writeItems), so every version another writer committed is visible
    // (read committed), and so is every version written earlier in this transaction.
    const known = await this.knownVersion(client, prepared);
    if (known) return known;
    this.step('lookup');

    // Version numbers count every version ever stored; which one is the latest is the pointer's business.
    const { rows: maxRows } = await client.query<{ max: number }>({
      name: 'dossier-max-version',
      text: 'SELECT coalesce(max(version), 0)::int AS max FROM documents WHERE actor_id = $1',
      values: [actorId],
    });
    const version = (maxRows[0]?.max ?? 0) + 1;
    await client.query({
      name: 'dossier-upsert-actor',
      text: `INSERT INTO actors (id, name, country, kind) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country, kind = EXCLUDED.kind`,
      values: [actorId, document.actor.name, document.actor.country, document.kind],
    });
    this.step('actor');
    const { rows: docRows } = await client.query<{ id: number }>({
      name: 'dossier-insert-document',
      text: `INSERT INTO documents (actor_id, version, hash, text, actor_name, actor_country, extraction_actor_name, extraction_actor_country,
               layout, source_name, format, encoding, bytes, as_of, source_url, author, focus, extra, ingested_at, sentence_count, kind, published, publisher)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb, $19, $20, $21, $22, $23)
             RETURNING id`,
      values: [
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
        new Date().toISOString(),
        extraction.sentences.length,
        document.kind,
        document.metadata.published,
        document.metadata.publisher,
      ],
    });
    const documentId = docRows[0]!.id;
    this.step('document');
    const batch = async (table: string, columns: Parameters<typeof insertBatch>[3]) => {
      await insertBatch(client, table, documentId, columns);
      this.step(table);
    };

    const entities = prepared.entityUpserts;
    if (entities.length > 0) {
      await client.query({
        name: 'dossier-upsert-entities',
        text: `INSERT INTO entities (id, type, name, country, wikidata, aliases, attributes, updated_at)
               SELECT u.id, u.type, u.name, u.country, u.wikidata, u.aliases::jsonb, u.attributes::jsonb, now()
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                 AS u(id, type, name, country, wikidata, aliases, attributes)
               ORDER BY u.id
               ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, country = EXCLUDED.country,
                 wikidata = EXCLUDED.wikidata, aliases = EXCLUDED.aliases, attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at
               WHERE (entities.type, entities.name, entities.country, entities.wikidata, entities.aliases, entities.attributes)
                 IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.name, EXCLUDED.country, EXCLUDED.wikidata, EXCLUDED.aliases, EXCLUDED.attributes)`,
        values: [
          entities.map((e) => e.id),
          entities.map((e) => e.type),
          entities.map((e) => e.name),
          entities.map((e) => e.country),
          entities.map((e) => e.wikidata),
          entities.map((e) => jsonOrNull(e.aliases)),
          entities.map((e) => jsonOrNull(e.attributes)),
        ],
      });
    }
    this.step('entities');
    await batch('document_entities', [['entity_id', 'text[]', prepared.entityLinks]]);

    const x = extraction;
    await batch('sections', [
      ['heading', 'text[]', x.sections.map((s) => s.heading)],
      ['span_start', 'int[]', x.sections.map((s) => s.start)],
      ['span_end', 'int[]', x.sections.map((s) => s.end)],
    ]);
    await batch('interests', [
      ['rank', 'int[]', x.interests.map((i) => i.rank)],
      ['title', 'text[]', x.interests.map((i) => i.title)],
      ['themes', 'text[]', x.interests.map((i) => JSON.stringify(i.themes)), 'jsonb'],
      ['span_start', 'int[]', x.interests.map((i) => i.start)],
      ['span_end', 'int[]', x.interests.map((i) => i.end)],
    ]);
    await batch('sentences', [
      ['text', 'text[]', prepared.sentenceTexts],
      ['themes', 'text[]', x.sentences.map((s) => jsonOrNull(s.themes)), 'jsonb'],
      ['span_start', 'int[]', x.sentences.map((s) => s.start)],
      ['span_end', 'int[]', x.sentences.map((s) => s.end)],
    ]);
    await batch('mentions', [
      ['text', 'text[]', x.mentions.map((m) => m.text)],
      ['type', 'text[]', x.mentions.map((m) => m.type)],
      ['entity_id', 'text[]', x.mentions.map((m) => m.entity)],
      ['country', 'text[]', x.mentions.map((m) => m.country)],
      ['via', 'text[]', x.mentions.map((m) => m.via ?? null)],
      ['span_start', 'int[]', x.mentions.map((m) => m.start)],
      ['span_end', 'int[]', x.mentions.map((m) => m.end)],
    ]);
    await batch('times', [
      ['text', 'text[]', x.times.map((t) => t.text)],
      ['value', 'text[]', x.times.map((t) => t.value)],
      ['resolved', 'text[]', x.times.map((t) => t.resolved ?? null)],
      ['earliest', 'text[]', x.times.map((t) => timeBoundsOf(t.value).earliest)],
      ['latest', 'text[]', x.times.map((t) => timeBoundsOf(t.value).latest)],
      ['span_start', 'int[]', x.times.map((t) => t.start)],
      ['span_end', 'int[]', x.times.map((t) => t.end)],
    ]);
    await batch('quantities', [
      ['text', 'text[]', x.quantities.map((q) => q.text)],
      ['value', 'float8[]', x.quantities.map((q) => q.value)],
      ['unit', 'text[]', x.quantities.map((q) => q.unit)],
      ['span_start', 'int[]', x.quantities.map((q) => q.start)],
      ['span_end', 'int[]', x.quantities.map((q) => q.end)],
    ]);
    await batch('events', [
      ['type', 'text[]', x.events.map((e) => e.type)],
      ['date', 'text[]', x.events.map((e) => e.date)],
      ['actors', 'text[]', x.events.map((e) => JSON.stringify(e.actors)), 'jsonb'],
      ['place', 'text[]', x.events.map((e) => e.place)],
      ['valid', 'text[]', x.events.map((e) => e.valid ?? null)],
      ['current', 'bool[]', x.events.map((e) => e.current !== false)],
      ['earliest', 'text[]', x.events.map((e) => eventBoundsOf(e).earliest)],
      ['latest', 'text[]', x.events.map((e) => eventBoundsOf(e).latest)],
      ['span_start', 'int[]', x.events.map((e) => e.evidence.start)],
      ['span_end', 'int[]', x.events.map((e) => e.evidence.end)],
    ]);
    await batch('relations', [
      ['subject', 'text[]', x.relations.map((r) => r.subject)],
      ['predicate', 'text[]', x.relations.map((r) => r.predicate)],
      ['object', 'text[]', x.relations.map((r) => r.object)],
      ['negated', 'bool[]', x.relations.map((r) => r.negated)],
      ['valid', 'text[]', x.relations.map((r) => r.valid ?? null)],
      ['current', 'bool[]', x.relations.map((r) => r.current !== false)],
      ['span_start', 'int[]', x.relations.map((r) => r.evidence.start)],
      ['span_end', 'int[]', x.relations.map((r) => r.evidence.end)],
    ]);
    if (x.posture) {
      await client.query({
        name: 'dossier-insert-posture',
        text: 'INSERT INTO postures (document_id, label, span_start, span_end) VALUES ($1, $2, $3, $4)',
        values: [documentId, x.posture.label, x.posture.evidence.start, x.posture.evidence.end],
      });
    }
    this.step('postures');
    await batch('document_subjects', [
      ['subject', 'text[]', (x.subjects ?? []).map((subject) => subject.entity)],
      ['how', 'text[]', (x.subjects ?? []).map((subject) => subject.how)],
    ]);
    await client.query({
      name: 'dossier-set-latest',
      text: 'UPDATE actors SET latest_document_id = $1 WHERE id = $2',
      values: [documentId, actorId],
    });
    this.step('latest-pointer');
    return outcome(version === 1 ? 'created' : 'new-version', version);
  }

  async listActors(kind: DocumentKind = 'profile'): Promise<ActorSummary[]> {
    return guarded('list the actors', async () => {
      const { rows: actors } = await this.pool.query<{
        id: string;
        name: string;
        country: string | null;
        document_id: number;
        version: number;
        as_of: string | null;
        versions: number;
        sentence_count: number;
      }>(
        `SELECT a.id, a.name, a.country, d.id AS document_id, d.version, d.as_of,
           (SELECT count(*)::int FROM documents v WHERE v.actor_id = a.id) AS versions,
           d.sentence_count
         FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.kind = $1`,
        [kind],
      );
      const { rows: interests } = await this.pool.query<{
        document_id: number;
        rank: number;
        title: string;
        themes: ActorSummary['interests'][number]['themes'];
      }>(
        `SELECT i.document_id, i.rank, i.title, i.themes FROM interests i
         JOIN actors a ON a.latest_document_id = i.document_id WHERE a.kind = $1 ORDER BY i.document_id, i.position`,
        [kind],
      );
      const byDocument = new Map<number, ActorSummary['interests']>();
      for (const row of interests) {
        const list = byDocument.get(row.document_id) ?? [];
        list.push({ rank: row.rank, title: row.title, themes: row.themes });
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

  private async documentRow(db: Queryable, id: string, version?: number): Promise<DocumentRow | undefined> {
    if (hasNul(id)) return undefined;
    const result =
      version === undefined
        ? await db.query<DocumentRow>(
            'SELECT d.* FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.id = $1',
            [id],
          )
        : Number.isInteger(version) && Math.abs(version) < 2 ** 31
          ? await db.query<DocumentRow>('SELECT * FROM documents WHERE actor_id = $1 AND version = $2', [id, version])
          : { rows: [] };
    return result.rows[0];
  }

  private async versionRows(db: Queryable, actorId: string): Promise<VersionRow[]> {
    if (hasNul(actorId)) return [];
    return (
      await db.query<VersionRow>(
        'SELECT version, hash, source_name, format, ingested_at, as_of FROM documents WHERE actor_id = $1 ORDER BY version',
        [actorId],
      )
    ).rows;
  }

  async getActor(id: string, version?: number): Promise<ActorDetail | null> {
    return guarded(`read actor ${id}`, async () => {
      // One snapshot for the document, its items and its versions.
      return this.transaction(async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const doc = await this.documentRow(client, id, version);
        if (!doc) return null;
        const items = async (table: keyof typeof itemColumns) =>
          (
            await client.query(
              `SELECT ${itemColumns[table]} FROM ${table} WHERE document_id = $1${reviewedTables.has(table) ? ` AND review_status <> 'rejected'` : ''} ORDER BY position`,
              [doc.id],
            )
          ).rows;
        const rows = {
          sections: await items('sections'),
          interests: await items('interests'),
          sentences: await items('sentences'),
          entities: (
            await client.query(
              `SELECT e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes
               FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.document_id = $1 ORDER BY de.position`,
              [doc.id],
            )
          ).rows,
          mentions: await items('mentions'),
          times: await items('times'),
          quantities: await items('quantities'),
          events: await items('events'),
          relations: await items('relations'),
          postures: (
            await client.query(
              `SELECT label, span_start, span_end FROM postures WHERE document_id = $1 AND review_status <> 'rejected'`,
              [doc.id],
            )
          ).rows,
          subjects: (
            await client.query('SELECT subject, how FROM document_subjects WHERE document_id = $1 ORDER BY position', [
              doc.id,
            ])
          ).rows,
        } as ItemRows;
        return actorDetailFrom(doc, await this.versionRows(client, doc.actor_id), rows);
      }, 'read');
    });
  }

  async getDocument(id: string, version?: number): Promise<ProfileDocument | null> {
    return guarded(`read the document of ${id}`, async () => {
      const doc = await this.documentRow(this.pool, id, version);
      return doc ? profileDocumentFromRow(doc) : null;
    });
  }

  async getEntity(id: string): Promise<EntityDetail | null> {
    if (hasNul(id)) return null;
    return guarded(`read entity ${id}`, async () => {
      const { rows } = await this.pool.query<ItemRows['entities'][number]>(
        'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      const { rows: mentions } = await this.pool.query<MentionJoinRow>(
        `SELECT a.id AS actor, a.name AS actor_name, a.kind, d.published, d.publisher, d.version, m.span_start, m.span_end, m.text, m.type,
           s.text AS sentence_text, s.span_start AS sentence_start, s.span_end AS sentence_end
         FROM mentions m
         JOIN actors a ON a.latest_document_id = m.document_id
         JOIN documents d ON d.id = m.document_id
         LEFT JOIN sentences s ON s.document_id = m.document_id AND s.span_start <= m.span_start AND s.span_end >= m.span_end
         WHERE m.entity_id = $1 AND m.review_status <> 'rejected'
         ORDER BY a.id COLLATE "C", m.position`,
        [id],
      );
      return { entity: entityFromRow(row), mentions: mentions.map(mentionRefFromRow) };
    });
  }

  /**
   * The same contract as SQLite's: matches counted up to `searchCountCap` (unless `count: 'exact'`),
   * the page ranked on the sentences alone (among the `searchRankWindow` newest matches beyond the
   * cap), and the joins for the page only.
   */
  async search(query: SearchQuery): Promise<SearchResult> {
    const { q, actor, limit, offset, exactCount } = normalizeSearchQuery(query);
    const terms = parseSearchQuery(q);
    if (isEmptyQuery(terms) || (actor !== undefined && hasNul(actor))) return { total: 0, totalExact: true, hits: [] };
    const source = toTsQuerySource(terms);
    return guarded('search', async () => {
      const filter = actor === undefined ? '' : 'AND a.id = $2';
      const matches = `FROM sentences s JOIN actors a ON a.latest_document_id = s.document_id WHERE s.tsv @@ to_tsquery('english', $1) ${filter}`;
      const params: unknown[] = actor === undefined ? [source] : [source, actor];
      const n = params.length;
      const cap = exactCount ? null : searchCountCap;
      const { rows: countRows } = await this.pool.query<{ total: number }>(
        cap === null
          ? `SELECT count(*)::int AS total ${matches}`
          : `SELECT count(*)::int AS total FROM (SELECT 1 ${matches} LIMIT $${n + 1}) capped`,
        cap === null ? params : [...params, cap + 1],
      );
      const counted = countRows[0]?.total ?? 0;
      const totalExact = cap === null || counted <= cap;
      const total = cap === null ? counted : Math.min(counted, cap);
      if (total === 0 || offset >= total) return { total, totalExact, hits: [] };
      const rank = `ts_rank_cd(s.tsv, to_tsquery('english', $1))`;
      const ranked = totalExact
        ? `SELECT s.id, ${rank} AS score ${matches} ORDER BY score DESC, s.id LIMIT $${n + 1} OFFSET $${n + 2}`
        : `SELECT id, score FROM (SELECT s.id, ${rank} AS score ${matches} ORDER BY s.id DESC LIMIT $${n + 3}) newest
           ORDER BY score DESC, id LIMIT $${n + 1} OFFSET $${n + 2}`;
      const { rows: top } = await this.pool.query<{ id: string; score: number }>(
        ranked,
        totalExact ? [...params, limit, offset] : [...params, limit, offset, searchRankWindow],
      );
      if (top.length === 0) return { total, totalExact, hits: [] };
      const { rows } = await this.pool.query<{
        id: string;
        actor: string;
        actor_name: string;
        version: number;
        text: string;
        span_start: number;
        span_end: number;
      }>(
        `SELECT s.id, a.id AS actor, a.name AS actor_name, d.version, s.text, s.span_start, s.span_end
         FROM sentences s JOIN documents d ON d.id = s.document_id JOIN actors a ON a.latest_document_id = d.id
         WHERE s.id = ANY($1::bigint[])`,
        [top.map((row) => row.id)],
      );
      const order = new Map(top.map((row, i) => [String(row.id), { score: Number(row.score), i }]));
      rows.sort((a, b) => (order.get(String(a.id))?.i ?? 0) - (order.get(String(b.id))?.i ?? 0));
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
          score: order.get(String(row.id))?.score ?? 0,
        })),
      };
    });
  }

  async listVersions(actorId: string): Promise<VersionSummary[]> {
    return guarded(`list the versions of ${actorId}`, async () =>
      (await this.versionRows(this.pool, actorId)).map(versionFromRow),
    );
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
             WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind IN ('r', 'm')) AS size`,
      );
      const db = runnerOf(this.pool);
      return {
        backend: 'postgres' as const,
        location: this.opened.location,
        schemaVersion: applied.length ? Math.max(...applied) : 0,
        expectedSchemaVersion: postgresSchemaVersion,
        pendingMigrations: postgresMigrations
          .map((migration) => migration.version)
          .filter((version) => !applied.includes(version)),
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
      return writePostgresBackup(this.pool, file, options);
    });
  }

  async restoreBackup(file: string, options: RestoreOptions): Promise<RestoreSummary> {
    return guarded('restore into the PostgreSQL database', async () => {
      const { restoreIntoPostgres } = await import('../backup/postgres-backup.js');
      return restoreIntoPostgres(this.pool, file, options, this.opened.location);
    });
  }
  // --- end of backup and restore ---

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Constraint failures other than a racing version number are the data's fault: never retried. */
function violatesDataConstraint(error: unknown): boolean {
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' && !constraint.startsWith('documents_actor_id_version');
}
