// The ingest worker pool (piscina): parsing and extraction of uploads, pastes and CLI files run
// in worker threads, each document with a CPU-time budget (a watchdog reads the worker thread's
// CPU clock from /proc and terminates a worker that goes over; elsewhere it measures wall time)
// and a heap cap (worker resourceLimits). Over either → DossierError BUDGET_EXCEEDED, and the
// pool starts a fresh worker. The pool starts its threads lazily and is closed by its owner.
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Piscina } from 'piscina';
import { DossierError, type IngestOutcome } from '../model/index.js';
import { isPostgresLocation } from '../store/index.js';
import { processDocument, type ProcessedProfile } from './profile-pipeline.js';
import {
  controlSlots,
  newControlBlock,
  rehydrateError,
  releaseWriteLock,
  taskStates,
  threadCpuMs,
  ticksToMs,
  type IngestTask,
  type IngestTaskResult,
  type IngestWorkerData,
} from './ingest-task.js';

export interface IngestPoolOptions {
  /** Worker threads (default: os.availableParallelism()). */
  threads?: number;
  /** CPU time one document may take to parse and extract, in ms (default 10,000). */
  cpuBudgetMs?: number;
  /** Heap (V8 old generation) of each worker in MB (default 512). */
  memoryMb?: number;
  /**
   * Added to the workers' nice value (Linux): under load the main thread, which answers requests, wins (default 10;
   * bulk ingest uses 0).
   */
  niceIncrement?: number;
  /** Seconds an idle worker lives before it exits (default 30). */
  idleSeconds?: number;
}

export const defaultIngestBudget = { cpuBudgetMs: 10_000, memoryMb: 512, niceIncrement: 10 } as const;

export const defaultIngestThreads = (): number => Math.max(1, os.availableParallelism());

/** A document to process; `storeLocation` set → the worker also writes it there. */
export type PoolTask = Omit<IngestTask, 'control' | 'taskId' | 'serialiseWrites'>;

/** The ingest worker pool's state (all zero when no pool has been started). */
export interface IngestPoolStats {
  maxThreads: number;
  threads: number;
  running: number;
  queued: number;
  completed: number;
  /** Share of the pool's capacity in use over its life, 0..1. */
  utilization: number;
}

/**
 * What became of one document of a task: stored (the worker wrote it), processed (the caller
 * writes), refused, or lost: its work went down with the worker because of another document of
 * the task (over budget, out of memory) or a failure while writing — `lost` says why, and the
 * caller runs it again.
 */
export type PoolResult =
  | { outcome: IngestOutcome; processed?: undefined; error?: undefined; lost?: undefined }
  | { processed: ProcessedProfile; outcome?: undefined; error?: undefined; lost?: undefined }
  | { error: DossierError; outcome?: undefined; processed?: undefined; lost?: undefined }
  | { lost: DossierError; outcome?: undefined; processed?: undefined; error?: undefined };

interface RunningTask {
  names: string[];
  control: Int32Array;
  abort: AbortController;
  /** Wall-clock start of processing as first seen by the watchdog (fallback where thread CPU is unknown). */
  seenProcessingAt?: number;
  exceeded?: number;
}

/**
 * Where the worker module is: compiled JS next to this file, or (running from TypeScript sources, as in vitest) a
 * bootstrap that loads the .ts worker through tsx.
 */
function workerEntry(): string {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './ingest-worker-from-source.mjs' : './ingest-worker.js', here).href;
}

const budgetMessage = (budgetMs: number) =>
  `took more than ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`} of CPU time to parse and ` +
  `extract (the per-document budget); refused`;

export class IngestPool {
  readonly threads: number;
  readonly cpuBudgetMs: number;
  readonly memoryMb: number;
  readonly niceIncrement: number;
  private readonly idleSeconds: number;
  private piscina?: Piscina<IngestTask, IngestTaskResult>;
  private readonly running = new Set<RunningTask>();
  private watchdog?: NodeJS.Timeout;
  private closed = false;
  private refusedOverBudget = 0;
  private nextTaskId = 1;
  /** The pool-wide SQLite write lock (see acquireWriteLock). */
  private readonly writeLock = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);

  constructor(options: IngestPoolOptions = {}) {
    this.threads = Math.max(1, Math.trunc(options.threads ?? defaultIngestThreads()));
    this.cpuBudgetMs = options.cpuBudgetMs ?? defaultIngestBudget.cpuBudgetMs;
    this.memoryMb = options.memoryMb ?? defaultIngestBudget.memoryMb;
    this.niceIncrement = options.niceIncrement ?? defaultIngestBudget.niceIncrement;
    this.idleSeconds = options.idleSeconds ?? 30;
  }

  /** Documents refused for going over the CPU or memory budget. */
  get budgetRefusals(): number {
    return this.refusedOverBudget;
  }

  private pool(): Piscina<IngestTask, IngestTaskResult> {
    if (this.closed) throw new DossierError('SERVICE_UNAVAILABLE', 'the ingest pool is closed');
    if (!this.piscina) {
      // piscina loaded with the first document ingested, not at every start of the server.
      const { Piscina: Pool } = createRequire(import.meta.url)('piscina') as { Piscina: typeof Piscina };
      this.piscina = new Pool<IngestTask, IngestTaskResult>({
        filename: workerEntry(),
        execArgv: [],
        name: 'default',
        minThreads: 0,
        maxThreads: this.threads,
        idleTimeout: this.idleSeconds * 1000,
        concurrentTasksPerWorker: 1,
        atomics: 'async',
        niceIncrement: this.niceIncrement,
        resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
        workerData: { writeLock: this.writeLock } satisfies IngestWorkerData,
      });
      // A worker that dies with no task (rare) is replaced; without a listener the event would throw.
      this.piscina.on('error', () => {});
    }
    return this.piscina;
  }

  /**
   * Processes (and, with `storeLocation`, stores) the documents of a task in a worker; one result
   * per document, in order. Throws only when no document got to a worker (the pool is closed).
   */
  async run(task: PoolTask): Promise<PoolResult[]> {
    const control = newControlBlock();
    const taskId = this.nextTaskId++;
    // Several SQLite writers take turns through the lock; PostgreSQL writes concurrently.
    const serialiseWrites = task.storeLocation !== undefined && !isPostgresLocation(task.storeLocation);
    const running: RunningTask = {
      names: task.documents.map((document) => document.name),
      control: new Int32Array(control),
      abort: new AbortController(),
    };
    this.running.add(running);
    this.startWatchdog();
    try {
      const transferList = task.writeGate ? [task.writeGate] : [];
      const answer = await this.pool().run(
        { ...task, control, taskId, serialiseWrites },
        { signal: running.abort.signal, transferList },
      );
      return answer.results.map((result): PoolResult =>
        !result.ok
          ? { error: rehydrateError(result.error) }
          : result.outcome
            ? { outcome: result.outcome }
            : { processed: result.processed },
      );
    } catch (error) {
      return this.failedTask(error, running, task.documents.length);
    } finally {
      // A worker that died while writing cannot release the lock itself.
      releaseWriteLock(new Int32Array(this.writeLock), taskId);
      this.running.delete(running);
      if (this.running.size === 0) this.stopWatchdog();
    }
  }

  /** Processes one document in a worker: its stored outcome or processed profile; throws DossierError. */
  async runOne(
    task: Omit<PoolTask, 'documents'> & PoolTask['documents'][number],
  ): Promise<{ outcome: IngestOutcome; processed?: undefined } | { processed: ProcessedProfile; outcome?: undefined }> {
    const { bytes, name, format, ...rest } = task;
    const [result] = await this.run({ ...rest, documents: [{ bytes, name, format }] });
    if (!result) throw new DossierError('INTERNAL', 'the ingest worker gave no result', { file: name });
    if (result.error || result.lost) throw result.error ?? result.lost;
    return result.outcome ? { outcome: result.outcome } : { processed: result.processed };
  }

  /**
   * The task failed as a whole (its worker was stopped or died): the document it was processing
   * gets the error; the others of the task, whose work was lost with the worker, are to be run again.
   */
  private failedTask(error: unknown, running: RunningTask, count: number): PoolResult[] {
    const current = Atomics.load(running.control, controlSlots.current);
    const wasProcessing = Atomics.load(running.control, controlSlots.state) === taskStates.processing;
    const culprit = count === 1 ? 0 : wasProcessing ? current : -1;
    const explained = this.explain(error, running, running.names[Math.max(0, culprit)] ?? running.names[0] ?? '');
    if (explained.code === 'SERVICE_UNAVAILABLE') return running.names.map(() => ({ error: explained }));
    return running.names.map((name, index): PoolResult =>
      index === culprit ? { error: explained } : { lost: explained },
    );
  }

  private explain(error: unknown, running: RunningTask, name: string): DossierError {
    if (error instanceof DossierError) return error;
    if (running.exceeded !== undefined) {
      this.refusedOverBudget++;
      return new DossierError('BUDGET_EXCEEDED', budgetMessage(this.cpuBudgetMs), {
        file: name,
        hint: 'split the document into smaller profiles',
        details: { cpuMs: Math.round(running.exceeded), budgetMs: this.cpuBudgetMs },
      });
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.refusedOverBudget++;
      return new DossierError(
        'BUDGET_EXCEEDED',
        `needed more than ${this.memoryMb} MB of memory to parse and extract (the per-document cap); refused`,
        {
          file: name,
          hint: 'split the document into smaller profiles',
        },
      );
    }
    if (this.closed)
      return new DossierError('SERVICE_UNAVAILABLE', 'the ingest pool was closed before the document was processed', {
        file: name,
      });
    const message = error instanceof Error ? error.message : String(error);
    return new DossierError('INTERNAL', `the ingest worker failed: ${message}`, { file: name, cause: error });
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    const every = Math.max(10, Math.min(100, Math.floor(this.cpuBudgetMs / 4)));
    this.watchdog = setInterval(() => this.enforceBudget(), every);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** Terminates (through abort) every worker whose document has gone over the CPU budget. */
  private enforceBudget(): void {
    const now = performance.now();
    for (const task of this.running) {
      if (task.exceeded !== undefined || Atomics.load(task.control, controlSlots.state) !== taskStates.processing)
        continue;
      const threadId = Atomics.load(task.control, controlSlots.threadId);
      const cpuNow = threadCpuMs(threadId);
      let spent: number;
      if (cpuNow !== undefined) {
        spent = cpuNow - ticksToMs(Atomics.load(task.control, controlSlots.startTicks));
      } else {
        task.seenProcessingAt ??= now;
        spent = now - task.seenProcessingAt;
      }
      if (spent > this.cpuBudgetMs) {
        task.exceeded = spent;
        task.abort.abort();
      }
    }
  }

  stats(): IngestPoolStats {
    const pool = this.piscina;
    if (!pool) return { maxThreads: this.threads, threads: 0, running: 0, queued: 0, completed: 0, utilization: 0 };
    const queued = pool.queueSize;
    return {
      maxThreads: this.threads,
      threads: pool.threads.length,
      running: Math.max(0, this.running.size - queued),
      queued,
      completed: pool.completed,
      utilization: Math.min(1, Math.max(0, pool.utilization)),
    };
  }

  /** Whether no document is in flight. */
  get idle(): boolean {
    return this.running.size === 0;
  }

  /** Stops the workers (documents still in flight are refused with SERVICE_UNAVAILABLE). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWatchdog();
    const pool = this.piscina;
    this.piscina = undefined;
    if (pool) await pool.destroy();
  }
}

/** Processes one document on the calling thread (`jobs: 0`: no workers, no budget); throws DossierError. */
export async function processOnThisThread(document: PoolTask['documents'][number]): Promise<ProcessedProfile> {
  try {
    return await processDocument(document.bytes, document.name, document.format);
  } catch (error) {
    if (error instanceof DossierError) throw error;
    throw new DossierError('INTERNAL', error instanceof Error ? error.message : String(error), {
      file: document.name,
      cause: error,
    });
  }
}
