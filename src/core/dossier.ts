// The application: one object that the CLI and the API drive. It composes ingest, extraction
// and a Store (opened by location; core never names a concrete backend).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import {
  ActorPageRequestSchema,
  DossierError,
  isDossierError,
  SearchQuerySchema,
  type ActorDetail,
  type ActorPageRequest,
  type ActorSummary,
  type ActorSources,
  type DocumentKind,
  type IngestOutcome,
  type SearchQuery,
  type SearchResult,
  type SourceFormat,
  type ErrorCode,
  seriesIdOf,
  slugify,
  type MentionType,
  type Theme,
} from '../model/index.js';
import {
  openStore,
  type BackupOptions,
  type BackupSummary,
  type EntityDetail,
  type EntityNeighbours,
  type FacetHitRef,
  type SentenceFacets,
  type Store,
  type TimelinePage,
  type TimelineQuery,
  type TimelineYears,
  type EdgeEvidencePage,
  type EdgeEvidenceQuery,
  type GraphEgoQuery,
  type GraphSlice,
  type GraphTopQuery,
  type CompareMapRows,
  type ComparePageQuery,
  type ComparePageRows,
} from '../store/index.js';
import { collectionViewsFor, ComparePageRequestSchema, type ComparePageRequest } from './collection-views.js';
import {
  defaultIngestThreads,
  IngestPool,
  processOnThisThread,
  type IngestPoolOptions,
  type IngestPoolStats,
  type PoolResult,
} from './ingest-pool.js';

export type { IngestPoolStats } from './ingest-pool.js';
import { InputOrderTurns, IngestWriteOrder } from './ingest-write-order.js';
import type { TaskDocument, WriteGateMessage } from './ingest-task.js';
import { bundledReferenceData, type ProcessedProfile } from './profile-pipeline.js';
import { describeLocation } from './config.js';
import { RevisionCache, type CachedJson, type CachedPage } from './revision-cache.js';
import { ForegroundActivity } from './foreground-activity.js';
import { Accounts } from './accounts.js';
import { groupSourceEvidence } from './actor-sources.js';
import { ReviewDesk } from './review.js';
import { VersionHistory } from './version-diff.js';

import { maxDocumentBytes } from './document-limits.js';
export { maxDocumentBytes };

export interface FileIngestResult {
  file: string;
  outcome?: IngestOutcome;
  error?: DossierError;
}

export interface IngestReport {
  results: FileIngestResult[];
  created: number;
  newVersions: number;
  unchanged: number;
  refused: number;
  bytes: number;
}

export interface IngestOptions {
  /** Called after each file with the number done so far. */
  onProgress?: (done: number, total: number, result: FileIngestResult) => void;
  /** Name files relative to this folder in results and messages (default: the working directory). */
  relativeTo?: string;
  /**
   * Documents parsed and extracted at once, each in a worker thread (default: the pool's size,
   * the number of cores). 0: one at a time on the calling thread, without workers or budgets.
   */
  jobs?: number;
}

export interface DossierOptions {
  /** false (read commands): never create a file, folder or schema. */
  create?: boolean;
  /** The ingest worker pool: threads (default the number of cores), CPU-time budget and heap cap per document. */
  ingest?: IngestPoolOptions;
}

/** One finished ingest of a document (for metrics and logs). */
export interface IngestEvent {
  outcome: 'created' | 'new-version' | 'unchanged' | 'refused';
  /** The refusal's error code. */
  code?: ErrorCode;
  durationMs: number;
  bytes: number;
  via: 'bytes' | 'files';
}

/** What became of one document of a batch. */
type DocumentIngestResult =
  { outcome: IngestOutcome; error?: undefined } | { error: DossierError; outcome?: undefined };
type ProcessedOrRefused =
  { processed: ProcessedProfile; error?: undefined } | { error: DossierError; processed?: undefined };

/**
 * Most documents given to a worker at once in bulk ingest (processed one by one, written in one transaction). A
 * batch's maintained tables cost a fixed number of statements: at 32 documents a PostgreSQL save stays within 3
 * round trips a document (at 16 it took 5.6).
 */
export const maxUnitDocuments = 32;
/** Most bytes of documents given to a worker at once (a larger document goes alone). */
export const maxUnitBytes = 1024 * 1024;

/**
 * Bulk ingest's units: consecutive files, as many per unit as keep every worker busy (about four
 * units per worker, at most maxUnitDocuments and maxUnitBytes), and each file's size (or why it
 * could not be read: the file counts as empty here and reports that error when its unit runs).
 */
export async function ingestUnits(
  files: string[],
  workers: number,
): Promise<{ units: number[][]; sizes: Array<number | Error> }> {
  const target = Math.max(1, Math.min(maxUnitDocuments, Math.floor(files.length / (workers * 4))));
  const sizes: Array<number | Error> = new Array(files.length).fill(0);
  let nextFile = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, files.length) }, async () => {
      while (nextFile < files.length) {
        const index = nextFile++;
        sizes[index] = await stat(files[index]!).then(
          (info) => info.size,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
      }
    }),
  );
  const units: number[][] = [];
  let unit: number[] = [];
  let bytes = 0;
  sizes.forEach((known, index) => {
    const size = typeof known === 'number' ? known : 0;
    if (unit.length > 0 && (unit.length >= target || bytes + size > maxUnitBytes)) {
      units.push(unit);
      unit = [];
      bytes = 0;
    }
    unit.push(index);
    bytes += size;
  });
  if (unit.length > 0) units.push(unit);
  return { units, sizes };
}

/** A counting semaphore whose waiters are served first come, first served. */
class TaskSlots {
  private readonly waiting: (() => void)[] = [];
  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

const asDossierError = (error: unknown, file: string): DossierError =>
  isDossierError(error)
    ? error
    : new DossierError('INTERNAL', error instanceof Error ? error.message : String(error), { file, cause: error });

/** A file of a bulk ingest's unit: its bytes, or why it could not be read. */
interface UnitFile {
  index: number;
  file: string;
  bytes?: Buffer;
  error?: DossierError;
}

const wasRead = (document: UnitFile): document is UnitFile & { bytes: Buffer } => document.bytes !== undefined;

/**
 * Reads one file of a bulk ingest (`size` as ingestUnits found it); a file that cannot be read, or is over the size
 * limit, gives its error instead.
 */
async function readUnitFile(index: number, absolute: string, size: number | Error, base: string): Promise<UnitFile> {
  const file = path.relative(base, absolute) || absolute;
  try {
    if (size instanceof Error) throw size;
    if (size > maxDocumentBytes) {
      throw new DossierError('PAYLOAD_TOO_LARGE', `file is ${size} bytes; the limit is ${maxDocumentBytes}`, {
        file,
      });
    }
    const bytes = await readFile(absolute);
    return { index, file, bytes };
  } catch (error) {
    return { index, file, error: asDossierError(error, file) };
  }
}

/** Adds one file's result to a bulk ingest's report. */
function countResult(report: IngestReport, done: FileIngestResult): void {
  report.results.push(done);
  if (done.error) report.refused++;
  else if (done.outcome?.status === 'created') report.created++;
  else if (done.outcome?.status === 'new-version') report.newVersions++;
  else report.unchanged++;
}

/**
 * A store the worker threads can open themselves: a SQLite file or PostgreSQL (an in-memory database lives in one
 * connection).
 */
const workersCanWrite = (location: string): boolean => {
  const where = location.trim();
  return where !== '' && where !== ':memory:' && !where.startsWith('file:');
};

export class Dossier {
  private readonly jsonCache = new RevisionCache();
  private readonly ingestListeners = new Set<(event: IngestEvent) => void>();
  private ingestPool?: IngestPool;
  /** Users, sessions and API tokens. */
  readonly accounts: Accounts;
  /** Review of extracted facts, entity edits and merges, the audit trail. */
  readonly review: ReviewDesk;
  /** Diffs between versions and interest ranks over versions. */
  readonly history: VersionHistory;
  /** The requests being served (the API counts them): background work (the checks) yields to them. */
  readonly foreground = new ForegroundActivity();

  private constructor(
    readonly store: Store,
    readonly location: string,
    private readonly ingestOptions: IngestPoolOptions = {},
  ) {
    this.accounts = new Accounts(store);
    this.review = new ReviewDesk(store);
    this.history = new VersionHistory(store);
  }

  /** Opens the knowledge base at `location`; `create: false` (read commands) never creates a file, folder or schema. */
  static async open(location: string, options: DossierOptions = {}): Promise<Dossier> {
    return new Dossier(await openStore(location, { create: options.create }), location, options.ingest);
  }

  describeLocation(): string {
    return describeLocation(this.location);
  }

  /**
   * Ingest one document given as bytes (an upload, a paste, a file already read). Parsing and
   * extraction run in a worker thread under the CPU-time and memory budget; for a SQLite file or
   * PostgreSQL the worker also writes the document, so the event loop stays free.
   */
  async ingestBytes(
    bytes: Uint8Array,
    name: string,
    format?: SourceFormat,
    savedBy: string | null = null,
  ): Promise<IngestOutcome> {
    const started = performance.now();
    // A name from an upload's headers or a paste may carry control characters (PostgreSQL's text refuses NUL).
    name = withoutControlCharacters(name) || 'document';
    try {
      if (bytes.byteLength > maxDocumentBytes) {
        throw new DossierError(
          'PAYLOAD_TOO_LARGE',
          `document is ${bytes.byteLength} bytes; the limit is ${maxDocumentBytes}`,
          { file: name },
        );
      }
      const outcome = await this.storeResult(
        await this.pool().runOne(this.poolTask(bytes, name, format, savedBy)),
        savedBy,
      );
      this.emitIngestDone({
        outcome: outcome.status,
        durationMs: performance.now() - started,
        bytes: bytes.byteLength,
        via: 'bytes',
      });
      return outcome;
    } catch (error) {
      this.emitIngestDone({
        outcome: 'refused',
        code: asDossierError(error, name).code,
        durationMs: performance.now() - started,
        bytes: bytes.byteLength,
        via: 'bytes',
      });
      throw error;
    }
  }

  /**
   * Ingest files, `jobs` at a time in the worker pool; a refused file is reported and the others
   * are still stored. Consecutive files go to a worker together (up to 32 documents or 1 MiB) and
   * are written in one transaction; results (and progress) come in input order, and the documents
   * of one actor are written in input order, so any `jobs` stores the same versions as a
   * sequential run.
   */
  async ingestFiles(files: string[], options: IngestOptions = {}): Promise<IngestReport> {
    const report: IngestReport = { results: [], created: 0, newVersions: 0, unchanged: 0, refused: 0, bytes: 0 };
    const base = options.relativeTo ?? process.cwd();
    const jobs = Math.max(0, Math.trunc(options.jobs ?? this.ingestOptions.threads ?? defaultIngestThreads()));
    const pool = jobs > 0 ? await this.poolOf(jobs) : undefined;
    const lanes = pool ? Math.min(jobs, pool.threads) : 1;
    const { units, sizes } = await ingestUnits(files, lanes);
    const order = new IngestWriteOrder(units.length);
    // Tasks enter the pool in input order (files are read concurrently), never more at once than
    // the pool has threads: every task submitted runs at once, so a unit that waits for an
    // earlier one's actor never holds a worker that the earlier unit is queued for.
    const submission = new InputOrderTurns();
    const slots = new TaskSlots(lanes);
    const results: (FileIngestResult | undefined)[] = new Array(files.length);
    let reported = 0;
    let next = 0;

    const finish = (index: number, result: FileIngestResult, bytes: number, started: number): void => {
      this.emitIngestDone({
        outcome: result.outcome?.status ?? 'refused',
        code: result.error?.code,
        durationMs: performance.now() - started,
        bytes,
        via: 'files',
      });
      results[index] = result;
      // Report the finished prefix, in input order.
      while (reported < files.length && results[reported]) {
        const done = results[reported]!;
        countResult(report, done);
        reported++;
        options.onProgress?.(reported, files.length, done);
      }
    };

    const ingestUnit = async (unit: number): Promise<void> => {
      const started = performance.now();
      const documents = await Promise.all(
        units[unit]!.map(async (index) => {
          const document = await readUnitFile(index, files[index]!, sizes[index]!, base);
          if (document.bytes) report.bytes += document.bytes.byteLength;
          return document;
        }),
      );
      const readable = documents.filter(wasRead);
      const stored = new Map<number, DocumentIngestResult>();
      let passed = false;
      let holdsSlot = false;
      const pass = () => {
        if (!passed) submission.pass(unit);
        passed = true;
      };
      try {
        if (readable.length > 0) {
          await submission.turn(unit);
          await slots.acquire();
          holdsSlot = true;
          const answers = await this.ingestUnit(
            pool,
            order,
            unit,
            readable.map(({ bytes, file }) => ({ bytes, name: file })),
            pass,
          );
          answers.forEach((answer, k) => stored.set(readable[k]!.index, answer));
        }
      } catch (error) {
        for (const document of readable)
          if (!stored.has(document.index)) stored.set(document.index, { error: asDossierError(error, document.file) });
      } finally {
        pass();
        if (holdsSlot) slots.release();
        order.finished(unit);
      }
      for (const document of documents) {
        const answer = document.error ? { error: document.error } : stored.get(document.index)!;
        finish(document.index, { file: document.file, ...answer }, document.bytes?.byteLength ?? 0, started);
      }
    };
    // Twice as many units in flight as workers: a worker never waits for the next files to be read.
    const lanesInFlight = Array.from({ length: Math.min(units.length, Math.max(1, lanes * 2)) }, async () => {
      while (next < units.length) await ingestUnit(next++);
    });
    await Promise.all(lanesInFlight);
    return report;
  }

  /**
   * The documents of one unit of a batch: processed in the pool (or here with jobs 0) and written
   * together in the unit's turn. Documents lost with a worker that another document of the unit
   * brought down are run again, without that document.
   */
  private async ingestUnit(
    pool: IngestPool | undefined,
    order: IngestWriteOrder,
    unit: number,
    documents: TaskDocument[],
    submitted: () => void,
  ): Promise<DocumentIngestResult[]> {
    if (!pool) {
      submitted();
      const processed: ProcessedOrRefused[] = [];
      for (const document of documents) {
        try {
          processed.push({ processed: await processOnThisThread(document) });
        } catch (error) {
          processed.push({ error: asDossierError(error, document.name) });
        }
      }
      return this.saveInTurn(order, unit, processed);
    }
    const storeLocation = workersCanWrite(this.location) ? this.location : undefined;
    const results: (PoolResult | undefined)[] = new Array(documents.length);
    let pending = documents.map((_, k) => k);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const batch = pending.map((k) => documents[k]!);
      const answers =
        storeLocation === undefined
          ? await this.runInPool(pool, batch, attempt === 0 ? submitted : undefined)
          : await this.runWithWriteGate(pool, order, unit, batch, storeLocation, attempt === 0 ? submitted : undefined);
      const again = pending.filter((_, j) => answers[j]!.lost !== undefined);
      // Nothing settled (the worker failed while writing, with no document to blame): every lost document gets the
      // error.
      const settled = again.length < pending.length;
      pending.forEach((k, j) => {
        const answer = answers[j]!;
        if (answer.lost === undefined || !settled) results[k] = answer.lost ? { error: answer.lost } : answer;
      });
      pending = settled ? again : [];
    }
    if (storeLocation !== undefined)
      return results.map((result) => (result!.outcome ? { outcome: result!.outcome } : { error: result!.error! }));
    return this.saveInTurn(
      order,
      unit,
      results.map((result) => (result!.processed ? { processed: result!.processed } : { error: result!.error! })),
    );
  }

  private async runInPool(pool: IngestPool, documents: TaskDocument[], submitted?: () => void): Promise<PoolResult[]> {
    const running = pool.run({ documents, savedBy: null });
    submitted?.();
    return running;
  }

  /** The worker writes: it reports the actors of the unit on a gate and waits for the unit's turn there. */
  private async runWithWriteGate(
    pool: IngestPool,
    order: IngestWriteOrder,
    unit: number,
    documents: TaskDocument[],
    storeLocation: string,
    submitted?: () => void,
  ): Promise<PoolResult[]> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: WriteGateMessage) => {
      if (typeof message === 'object' && message !== null && 'actorKeys' in message)
        order.processed(unit, message.actorKeys, () => port1.postMessage('write' satisfies WriteGateMessage));
    });
    try {
      const running = pool.run({ documents, savedBy: null, storeLocation, writeGate: port2 });
      submitted?.();
      return await running;
    } finally {
      port1.close();
    }
  }

  /** Writes the processed documents of a unit (here, not in a worker) in one transaction, in the unit's turn. */
  private async saveInTurn(
    order: IngestWriteOrder,
    unit: number,
    documents: ProcessedOrRefused[],
  ): Promise<DocumentIngestResult[]> {
    const ready = documents.flatMap((document, k) =>
      document.processed ? [{ k, processed: document.processed }] : [],
    );
    const results: DocumentIngestResult[] = documents.map((document) =>
      document.error ? { error: document.error } : { error: new DossierError('INTERNAL', 'not saved') },
    );
    if (ready.length === 0) return results;
    await order.turn(
      unit,
      ready.map(({ processed }) => seriesIdOf(processed.document)),
    );
    const saved = await this.store.saveDocuments(ready.map(({ processed }) => ({ ...processed, savedBy: null })));
    saved.forEach(
      (answer, j) => (results[ready[j]!.k] = answer.outcome ? { outcome: answer.outcome } : { error: answer.error! }),
    );
    return results;
  }

  private poolTask(bytes: Uint8Array, name: string, format: SourceFormat | undefined, savedBy: string | null) {
    return { bytes, name, format, savedBy, storeLocation: workersCanWrite(this.location) ? this.location : undefined };
  }

  /** The outcome the worker stored, or (in-memory store) the processed profile stored here. */
  private async storeResult(
    result: Awaited<ReturnType<IngestPool['runOne']>>,
    savedBy: string | null,
  ): Promise<IngestOutcome> {
    return result.outcome ?? this.store.saveDocument({ ...result.processed, savedBy });
  }

  /** The ingest pool, started on first use with the configured number of threads. */
  private pool(): IngestPool {
    this.ingestPool ??= new IngestPool(this.ingestOptions);
    return this.ingestPool;
  }

  /**
   * A pool of `threads` workers for bulk ingest (an idle pool of another size is replaced; a busy
   * one is shared). Bulk ingest is the process's work: its workers are not niced.
   */
  private async poolOf(threads: number): Promise<IngestPool> {
    const options = { niceIncrement: 0, ...this.ingestOptions, threads };
    if (!this.ingestPool) this.ingestPool = new IngestPool(options);
    else if (
      (this.ingestPool.threads !== threads || this.ingestPool.niceIncrement !== options.niceIncrement) &&
      this.ingestPool.idle
    ) {
      await this.ingestPool.close();
      this.ingestPool = new IngestPool(options);
    }
    return this.ingestPool;
  }

  /** Calls `listener` after every document ingested or refused; returns the function that removes it. */
  onIngestDone(listener: (event: IngestEvent) => void): () => void {
    this.ingestListeners.add(listener);
    return () => this.ingestListeners.delete(listener);
  }

  protected emitIngestDone(event: IngestEvent): void {
    for (const listener of this.ingestListeners) listener(event);
  }

  /** The ingest worker pool's state. */
  ingestPoolStats(): IngestPoolStats {
    return (
      this.ingestPool?.stats() ?? { maxThreads: 0, threads: 0, running: 0, queued: 0, completed: 0, utilization: 0 }
    );
  }

  listActors(): Promise<ActorSummary[]> {
    return this.store.listActors();
  }

  /**
   * An actor as serialised JSON with its ETag, from a cache valid for the current store revision:
   * the hot path of the actor page and the API.
   */
  async getActorJson(id: string, version?: number): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get(`actor\0${id}\0${version ?? ''}`, revision, () => this.getActor(id, version));
  }

  /** The sources (documents that are not profiles), newest version of each, sorted by title. */
  listSources(): Promise<ActorSummary[]> {
    return this.store.listActors('source');
  }

  /** The actor list as serialised JSON (`{ actors }`) with its ETag, cached like getActorJson. */
  async listActorsJson(): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get('actors', revision, async () => ({ actors: await this.listActors() }));
  }

  /**
   * One page of actors (profiles, or sources with `kind: 'source'`) in id order, filtered by
   * country and words of the name; `next` is the opaque cursor of the following page (null at the
   * end). Serialised with its ETag and cached per revision and query.
   */
  async listActorPageJson(query: ActorPageRequest, kind: DocumentKind = 'profile'): Promise<CachedPage> {
    const request = ActorPageRequestSchema.parse(query);
    const after = request.cursor === undefined ? undefined : decodeActorCursor(request.cursor);
    const revision = await this.store.revision();
    const key = `actor-page\0${kind}\0${request.limit}\0${after ?? ''}\0${request.country ?? ''}\0${request.q ?? ''}`;
    return this.jsonCache.getPage(key, revision, async () => {
      const page = await this.store.listActorPage({
        kind,
        limit: request.limit,
        after,
        country: request.country,
        q: request.q,
      });
      const next = page.next === null ? null : encodeActorCursor(page.next);
      return kind === 'source' ? { sources: page.actors, next } : { actors: page.actors, next };
    });
  }

  async getActor(id: string, version?: number): Promise<ActorDetail> {
    const detail = await this.store.getActor(id, version);
    if (!detail) {
      throw new DossierError(
        'NOT_FOUND',
        version === undefined ? `no actor "${id}"` : `no version ${version} of actor "${id}"`,
      );
    }
    return detail;
  }

  /**
   * The "In the sources" panel of an actor: source sentences that mention it (its country code, its
   * series id, or anything of its country), grouped by the themes of its interests, newest first.
   */
  async actorSources(id: string, limit = 100): Promise<ActorSources> {
    const detail = await this.getActor(id);
    const entities = [detail.id, ...(detail.actor.country ? [detail.actor.country] : [])];
    const evidence = await this.store.sourceEvidence({ entities, country: detail.actor.country, limit });
    return groupSourceEvidence(detail, evidence);
  }

  /** actorSources as serialised JSON with its ETag, cached for the current store revision. */
  async actorSourcesJson(id: string, limit = 100): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get(`actor-sources\0${id}\0${limit}`, revision, () => this.actorSources(id, limit));
  }

  /** An actor by id, or by name or ISO code as a user would type it (`show kazakhstan`, `show KAZ`). */
  async findActor(nameOrId: string): Promise<ActorDetail> {
    const wanted = nameOrId.trim().toLowerCase();
    const direct = await this.store.getActor(wanted);
    if (direct) return direct;
    const match = (await this.store.listActors()).find(
      (actor) => actor.id === wanted || actor.name.toLowerCase() === wanted || actor.country?.toLowerCase() === wanted,
    );
    if (!match)
      throw new DossierError('NOT_FOUND', `no actor "${nameOrId}"`, {
        expected: 'an actor id, name or ISO code; see `dossier list`',
      });
    return this.getActor(match.id);
  }

  /** The entities mentioned with an entity and its relations, read from the store's indexes of that entity. */
  entityNeighbours(id: string): Promise<EntityNeighbours> {
    return this.store.entityNeighbours(id);
  }

  /** One page of the timeline, read from the store's indexes of time bounds. */
  listTimeline(query: TimelineQuery): Promise<TimelinePage> {
    return this.store.listTimeline(query);
  }

  /** The timeline's items per year of their start, counted by the store. */
  timelineYears(query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>): Promise<TimelineYears> {
    return this.store.timelineYears(query);
  }

  /** A view's answer serialised with its ETag, cached for the current store revision under `key`. */
  async viewJson(key: string, compute: () => Promise<unknown>): Promise<CachedJson> {
    return this.jsonCache.get(`view\0${key}`, await this.store.revision(), compute);
  }

  /** A page of a view (an answer with a `next` cursor) serialised with its ETag and cursor, cached like viewJson. */
  async viewPageJson(key: string, compute: () => Promise<{ next: string | null }>): Promise<CachedPage> {
    return this.jsonCache.getPage(`view\0${key}`, await this.store.revision(), compute);
  }

  /** The network's strongest nodes and the edges among them, read by the store. */
  graphTop(query: GraphTopQuery): Promise<GraphSlice> {
    return this.store.graphTop(query);
  }

  /** The ego network of one node, read by the store from that node's indexes (null: no such node). */
  graphEgo(query: GraphEgoQuery): Promise<GraphSlice | null> {
    return this.store.graphEgo(query);
  }

  /** A page of one edge's evidence, read by the store from that edge's documents (null: no such edge). */
  graphEdgeEvidence(query: EdgeEvidenceQuery): Promise<EdgeEvidencePage | null> {
    return this.store.graphEdgeEvidence(query);
  }

  /**
   * The rows of a page of the compare matrix, read by the store for that page only (CollectionViews.compare builds the
   * cells).
   */
  comparePage(query: ComparePageQuery): Promise<ComparePageRows> {
    return this.store.comparePage(query);
  }

  /** For each country with a profile, the best rank of a theme among its profiles' interests, read in one aggregate. */
  compareMap(theme: Theme): Promise<CompareMapRows> {
    return this.store.compareMap(theme);
  }

  /** A page of the compare matrix as serialised JSON with its ETag and `next` cursor, cached per revision and query. */
  async comparePageJson(query: ComparePageRequest): Promise<CachedPage> {
    const request = ComparePageRequestSchema.parse(query);
    const revision = await this.store.revision();
    return this.jsonCache.getPage(
      `compare\0${request.limit}\0${request.cursor ?? ''}\0${request.theme ?? ''}`,
      revision,
      () => collectionViewsFor(this).compare(request),
    );
  }

  /** The map's summary of a theme as serialised JSON with its ETag, cached per revision and theme. */
  async compareMapJson(theme: Theme): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get(`compare-map\0${theme}`, revision, () => collectionViewsFor(this).compareMap(theme));
  }

  /**
   * An entity and a page of its mentions (`limit`, from the `next` cursor of the previous page), read from the store's
   * mentions index of that entity: the size of an answer does not follow how often the entity is mentioned.
   */
  async entityMentionPage(
    id: string,
    page: { limit: number; cursor?: string },
  ): Promise<EntityDetail & { next: string | null }> {
    const after = page.cursor === undefined ? null : decodeMentionCursor(page.cursor);
    const entity = await this.store.findEntity(id);
    if (!entity) throw new DossierError('NOT_FOUND', `no entity "${id}"`);
    const { mentions, next } = await this.store.entityMentionPage(id, page.limit, after);
    return {
      entity,
      mentions,
      next: next ? Buffer.from(JSON.stringify([next.actor, next.position])).toString('base64url') : null,
    };
  }

  /** What the search facets count of each matched sentence, read by the store for those sentences only. */
  sentenceFacets(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>> {
    return this.store.sentenceFacets(hits);
  }

  async getEntity(id: string): Promise<EntityDetail> {
    const detail = await this.store.getEntity(id);
    if (!detail) throw new DossierError('NOT_FOUND', `no entity "${id}"`);
    return detail;
  }

  /**
   * The entity a search query names, by its name or an alias ("Nur-Sultan" → Astana, "Hairatan
   * port" → Hairatan), when the collection has a page for it; else null.
   */
  async entityNamedBy(q: string): Promise<{ id: string; name: string; type: MentionType } | null> {
    const key = nameKey(q);
    if (!key || key.length > 200) return null;
    const candidates = [...(entityIdsByName().get(key) ?? []), slugify(q.trim())];
    for (const id of new Set(candidates)) {
      if (!id) continue;
      const entity = await this.store.findEntity(id);
      if (entity) return { id: entity.id, name: entity.name, type: entity.type };
    }
    return null;
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const parsed = SearchQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new DossierError(
        'BAD_REQUEST',
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '),
      );
    }
    return this.store.search(parsed.data);
  }

  stats() {
    return this.store.stats();
  }

  /** The actors, versions and sentences stored, as maintained at every write: one row read, whatever the size. */
  collectionCounts() {
    return this.store.collectionCounts();
  }

  // --- Backup (src/core/backup.ts, src/store/backup) ---
  /** A consistent snapshot of this knowledge base into `file` while it keeps serving; accounts only when asked for. */
  backup(file: string, options: BackupOptions = {}): Promise<BackupSummary> {
    return this.store.writeBackup(file, options);
  }
  // --- end of backup ---

  /** Stops the ingest workers (if any were started) and closes the store. */
  /** Work started in the background (the checks' computation) that must end before the store closes. */
  private readonly closeHooks = new Set<() => Promise<void>>();

  /** Registers work to end before the store closes (the checks' computation under way: its reads need the store). */
  onClose(hook: () => Promise<void>): void {
    this.closeHooks.add(hook);
  }

  async close(): Promise<void> {
    for (const hook of this.closeHooks) await hook().catch(() => undefined);
    this.closeHooks.clear();
    const pool = this.ingestPool;
    this.ingestPool = undefined;
    try {
      await pool?.close();
    } finally {
      await this.store.close();
    }
  }
}

/** A name as looked up: lowercase, accents and punctuation dropped, spaces single. */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let namesIndex: Map<string, string[]> | undefined;

/** Every name and alias of the reference data (countries and the gazetteer) → the entity ids it names (built once). */
function entityIdsByName(): Map<string, string[]> {
  if (namesIndex) return namesIndex;
  const index = new Map<string, string[]>();
  const add = (name: string, id: string): void => {
    const key = nameKey(name);
    if (!key) return;
    const ids = index.get(key);
    if (!ids) index.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  const reference = bundledReferenceData();
  for (const country of reference.countries)
    for (const name of [country.name, ...country.aliases]) add(name, country.id);
  for (const entry of reference.gazetteer) for (const name of [entry.name, ...entry.aliases]) add(name, entry.id);
  namesIndex = index;
  return index;
}

/** A page's `next` cursor: the last id, opaque to clients. */
const encodeActorCursor = (id: string): string => Buffer.from(`a:${id}`, 'utf8').toString('base64url');
function decodeActorCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('a:') || text.length < 3) {
    throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this listing', {
      expected: 'the `next` value of the previous page',
    });
  }
  return text.slice(2);
}

/** The `next` of a page of an entity's mentions, decoded (BAD_REQUEST when it is not one). */
function decodeMentionCursor(text: string): { actor: string; position: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1]))
      return { actor: value[0], position: Number(value[1]) };
  } catch {
    // answered below
  }
  throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of these mentions', {
    expected: 'the `next` value of the previous page',
  });
}

/** A name with its control characters (C0, DEL, C1) taken out and its ends trimmed. */
export function withoutControlCharacters(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
}
