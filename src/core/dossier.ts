// The application: one object that the CLI and the API drive. It composes ingest, extraction
// and a Store (opened by location; core never names a concrete backend).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import {
  DossierError,
  isDossierError,
  SearchQuerySchema,
  type ActorDetail,
  type ActorSummary,
  type IngestOutcome,
  type SearchQuery,
  type SearchResult,
  type SourceFormat,
  type ErrorCode,
  slugify,
} from '../model/index.js';
import { openStore, type EntityDetail, type Store } from '../store/index.js';
import { defaultIngestThreads, IngestPool, processOnThisThread, type IngestPoolOptions, type IngestPoolStats, type PoolResult, type PoolTask } from './ingest-pool.js';

export type { IngestPoolStats } from './ingest-pool.js';
import { InputOrderTurns, IngestWriteOrder } from './ingest-write-order.js';
import type { WriteGateMessage } from './ingest-task.js';
import { describeLocation } from './config.js';
import { RevisionCache, type CachedJson } from './revision-cache.js';
import { Accounts } from './accounts.js';
import { ReviewDesk } from './review.js';
import { VersionHistory } from './version-diff.js';

/** Largest profile document accepted (a profile is a few KB; this leaves ample room). */
export const maxDocumentBytes = 5 * 1024 * 1024;

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
  isDossierError(error) ? error : new DossierError('INTERNAL', error instanceof Error ? error.message : String(error), { file, cause: error });

/** A store the worker threads can open themselves: a SQLite file or PostgreSQL (an in-memory database lives in one connection). */
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
  async ingestBytes(bytes: Uint8Array, name: string, format?: SourceFormat, savedBy: string | null = null): Promise<IngestOutcome> {
    const started = performance.now();
    try {
      if (bytes.byteLength > maxDocumentBytes) {
        throw new DossierError('PAYLOAD_TOO_LARGE', `document is ${bytes.byteLength} bytes; the limit is ${maxDocumentBytes}`, { file: name });
      }
      const outcome = await this.storeResult(await this.pool().run(this.poolTask(bytes, name, format, savedBy)), savedBy);
      this.emitIngestDone({ outcome: outcome.status, durationMs: performance.now() - started, bytes: bytes.byteLength, via: 'bytes' });
      return outcome;
    } catch (error) {
      this.emitIngestDone({ outcome: 'refused', code: asDossierError(error, name).code, durationMs: performance.now() - started, bytes: bytes.byteLength, via: 'bytes' });
      throw error;
    }
  }

  /**
   * Ingest files, `jobs` at a time in the worker pool; a refused file is reported and the others
   * are still stored. Results (and progress) come in input order, and the documents of one actor
   * are written in input order, so any `jobs` stores the same versions as a sequential run.
   */
  async ingestFiles(files: string[], options: IngestOptions = {}): Promise<IngestReport> {
    const report: IngestReport = { results: [], created: 0, newVersions: 0, unchanged: 0, refused: 0, bytes: 0 };
    const base = options.relativeTo ?? process.cwd();
    const jobs = Math.max(0, Math.trunc(options.jobs ?? this.ingestOptions.threads ?? defaultIngestThreads()));
    const pool = jobs > 0 ? await this.poolOf(jobs) : undefined;
    const order = new IngestWriteOrder(files.length);
    // Tasks enter the pool in input order (files are read concurrently), never more at once than
    // the pool has threads: every task submitted runs at once, so a document that waits for an
    // earlier one's actor never holds a worker that the earlier document is queued for.
    const submission = new InputOrderTurns();
    const slots = new TaskSlots(pool ? Math.min(jobs, pool.threads) : 1);
    const results: (FileIngestResult | undefined)[] = new Array(files.length);
    let reported = 0;
    let next = 0;

    const ingestOne = async (index: number): Promise<void> => {
      const absolute = files[index]!;
      const file = path.relative(base, absolute) || absolute;
      const result: FileIngestResult = { file };
      const started = performance.now();
      let bytes = 0;
      let passed = false;
      let holdsSlot = false;
      const pass = () => {
        if (!passed) submission.pass(index);
        passed = true;
      };
      try {
        const info = await stat(absolute);
        if (info.size > maxDocumentBytes) {
          throw new DossierError('PAYLOAD_TOO_LARGE', `file is ${info.size} bytes; the limit is ${maxDocumentBytes}`, { file });
        }
        const content = await readFile(absolute);
        bytes = content.byteLength;
        report.bytes += bytes;
        await submission.turn(index);
        await slots.acquire();
        holdsSlot = true;
        result.outcome = await this.ingestInOrder(pool, order, index, this.poolTask(content, file, undefined, null), pass);
      } catch (error) {
        result.error = asDossierError(error, file);
      } finally {
        pass();
        if (holdsSlot) slots.release();
        order.finished(index);
      }
      this.emitIngestDone({ outcome: result.outcome?.status ?? 'refused', code: result.error?.code, durationMs: performance.now() - started, bytes, via: 'files' });
      results[index] = result;
      // Report the finished prefix, in input order.
      while (reported < files.length && results[reported]) {
        const done = results[reported]!;
        report.results.push(done);
        if (done.error) report.refused++;
        else if (done.outcome?.status === 'created') report.created++;
        else if (done.outcome?.status === 'new-version') report.newVersions++;
        else report.unchanged++;
        reported++;
        options.onProgress?.(reported, files.length, done);
      }
    };
    // Twice as many documents in flight as workers: a worker never waits for the next file to be read.
    const lanes = Array.from({ length: Math.min(files.length, Math.max(1, jobs * 2)) }, async () => {
      while (next < files.length) await ingestOne(next++);
    });
    await Promise.all(lanes);
    return report;
  }

  /** One document of a batch: processed in the pool (or here with jobs 0), written in its actor's input order. */
  private async ingestInOrder(pool: IngestPool | undefined, order: IngestWriteOrder, index: number, task: PoolTask, submitted: () => void): Promise<IngestOutcome> {
    if (!pool) {
      submitted();
      const { processed } = processOnThisThread(task) as { processed: NonNullable<PoolResult['processed']> };
      await order.turn(index, slugify(processed.document.actor.name));
      return this.store.saveDocument({ ...processed, savedBy: task.savedBy });
    }
    if (task.storeLocation === undefined) {
      const running = pool.run(task);
      submitted();
      const { processed } = (await running) as { processed: NonNullable<PoolResult['processed']> };
      await order.turn(index, slugify(processed.document.actor.name));
      return this.store.saveDocument({ ...processed, savedBy: task.savedBy });
    }
    // The worker writes: it reports its actor on a gate and waits for its turn there.
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: WriteGateMessage) => {
      if (typeof message === 'object' && message !== null && 'actorKey' in message) order.processed(index, message.actorKey, () => port1.postMessage('write' satisfies WriteGateMessage));
    });
    try {
      const running = pool.run({ ...task, writeGate: port2 });
      submitted();
      return await this.storeResult(await running, task.savedBy);
    } finally {
      port1.close();
    }
  }

  private poolTask(bytes: Uint8Array, name: string, format: SourceFormat | undefined, savedBy: string | null): PoolTask {
    return { bytes, name, format, savedBy, storeLocation: workersCanWrite(this.location) ? this.location : undefined };
  }

  /** The outcome the worker stored, or (in-memory store) the processed profile stored here. */
  private async storeResult(result: PoolResult, savedBy: string | null): Promise<IngestOutcome> {
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
    else if ((this.ingestPool.threads !== threads || this.ingestPool.niceIncrement !== options.niceIncrement) && this.ingestPool.idle) {
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
    return this.ingestPool?.stats() ?? { maxThreads: 0, threads: 0, running: 0, queued: 0, completed: 0, utilization: 0 };
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

  /** The actor list as serialised JSON (`{ actors }`) with its ETag, cached like getActorJson. */
  async listActorsJson(): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get('actors', revision, async () => ({ actors: await this.listActors() }));
  }

  async getActor(id: string, version?: number): Promise<ActorDetail> {
    const detail = await this.store.getActor(id, version);
    if (!detail) {
      throw new DossierError('NOT_FOUND', version === undefined ? `no actor "${id}"` : `no version ${version} of actor "${id}"`);
    }
    return detail;
  }

  /** An actor by id, or by name or ISO code as a user would type it (`show kazakhstan`, `show KAZ`). */
  async findActor(nameOrId: string): Promise<ActorDetail> {
    const wanted = nameOrId.trim().toLowerCase();
    const direct = await this.store.getActor(wanted);
    if (direct) return direct;
    const match = (await this.store.listActors()).find(
      (actor) => actor.id === wanted || actor.name.toLowerCase() === wanted || actor.country?.toLowerCase() === wanted,
    );
    if (!match) throw new DossierError('NOT_FOUND', `no actor "${nameOrId}"`, { expected: 'an actor id, name or ISO code; see `dossier list`' });
    return this.getActor(match.id);
  }

  async getEntity(id: string): Promise<EntityDetail> {
    const detail = await this.store.getEntity(id);
    if (!detail) throw new DossierError('NOT_FOUND', `no entity "${id}"`);
    return detail;
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const parsed = SearchQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new DossierError('BAD_REQUEST', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
    }
    return this.store.search(parsed.data);
  }

  stats() {
    return this.store.stats();
  }

  /** Stops the ingest workers (if any were started) and closes the store. */
  async close(): Promise<void> {
    const pool = this.ingestPool;
    this.ingestPool = undefined;
    try {
      await pool?.close();
    } finally {
      await this.store.close();
    }
  }
}
