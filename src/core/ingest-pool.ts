// The ingest worker pool (piscina): parsing and extraction of uploads, pastes and CLI files run
// in worker threads, each document with a CPU-time budget (a watchdog reads the worker thread's
// CPU clock from /proc and terminates a worker that goes over; elsewhere it measures wall time)
// and a heap cap (worker resourceLimits). Over either → DossierError BUDGET_EXCEEDED, and the
// pool starts a fresh worker. The pool starts its threads lazily and is closed by its owner.
import os from 'node:os';
import { Piscina } from 'piscina';
import { DossierError, type IngestOutcome } from '../model/index.js';
import { isPostgresLocation } from '../store/index.js';
import { processProfile, type ProcessedProfile } from './profile-pipeline.js';
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
  /** Added to the workers' nice value (Linux): under load the main thread, which answers requests, wins (default 10; bulk ingest uses 0). */
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

/** What processing one document gave: the stored outcome (worker wrote it) or the processed profile (the caller writes). */
export type PoolResult = { outcome: IngestOutcome; processed?: undefined } | { processed: ProcessedProfile; outcome?: undefined };


interface RunningTask {
  name: string;
  control: Int32Array;
  abort: AbortController;
  /** Wall-clock start of processing as first seen by the watchdog (fallback where thread CPU is unknown). */
  seenProcessingAt?: number;
  exceeded?: number;
}

/** Where the worker module is: compiled JS next to this file, or (running from TypeScript sources, as in vitest) a bootstrap that loads the .ts worker through tsx. */
function workerEntry(): string {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './ingest-worker-from-source.mjs' : './ingest-worker.js', here).href;
}

const budgetMessage = (budgetMs: number) =>
  `took more than ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`} of CPU time to parse and extract (the per-document budget); refused`;

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
      this.piscina = new Piscina<IngestTask, IngestTaskResult>({
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

  /** Processes (and, with `storeLocation`, stores) one document in a worker; throws DossierError. */
  async run(task: PoolTask): Promise<PoolResult> {
    const control = newControlBlock();
    const taskId = this.nextTaskId++;
    // Several SQLite writers take turns through the lock; PostgreSQL writes concurrently.
    const serialiseWrites = task.storeLocation !== undefined && !isPostgresLocation(task.storeLocation);
    const running: RunningTask = { name: task.name, control: new Int32Array(control), abort: new AbortController() };
    this.running.add(running);
    this.startWatchdog();
    try {
      const transferList = task.writeGate ? [task.writeGate] : [];
      const result = await this.pool().run({ ...task, control, taskId, serialiseWrites }, { signal: running.abort.signal, transferList });
      if (!result.ok) throw rehydrateError(result.error);
      return result.outcome ? { outcome: result.outcome } : { processed: result.processed };
    } catch (error) {
      throw this.explain(error, running);
    } finally {
      // A worker that died while writing cannot release the lock itself.
      releaseWriteLock(new Int32Array(this.writeLock), taskId);
      this.running.delete(running);
      if (this.running.size === 0) this.stopWatchdog();
    }
  }

  private explain(error: unknown, running: RunningTask): DossierError {
    if (error instanceof DossierError) return error;
    if (running.exceeded !== undefined) {
      this.refusedOverBudget++;
      return new DossierError('BUDGET_EXCEEDED', budgetMessage(this.cpuBudgetMs), {
        file: running.name,
        hint: 'split the document into smaller profiles',
        details: { cpuMs: Math.round(running.exceeded), budgetMs: this.cpuBudgetMs },
      });
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.refusedOverBudget++;
      return new DossierError('BUDGET_EXCEEDED', `needed more than ${this.memoryMb} MB of memory to parse and extract (the per-document cap); refused`, {
        file: running.name,
        hint: 'split the document into smaller profiles',
      });
    }
    if (this.closed) return new DossierError('SERVICE_UNAVAILABLE', 'the ingest pool was closed before the document was processed', { file: running.name });
    const message = error instanceof Error ? error.message : String(error);
    return new DossierError('INTERNAL', `the ingest worker failed: ${message}`, { file: running.name, cause: error });
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
      if (task.exceeded !== undefined || Atomics.load(task.control, controlSlots.state) !== taskStates.processing) continue;
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

/** Processes one document on the calling thread (`jobs: 0`: no workers, no budget). */
export function processOnThisThread(task: PoolTask): PoolResult {
  try {
    return { processed: processProfile(task.bytes, task.name, task.format) };
  } catch (error) {
    if (error instanceof DossierError) throw error;
    throw new DossierError('INTERNAL', error instanceof Error ? error.message : String(error), { file: task.name, cause: error });
  }
}
