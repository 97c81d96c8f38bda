// What the main thread and an ingest worker thread exchange: the task, its result, errors as
// plain data (a DossierError keeps code, message, file, line, column, expected and hint across
// the thread boundary), and the shared control block through which the main thread watches how
// much CPU time the worker has spent on the document.
import { readFileSync, readlinkSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import {
  DossierError,
  errorCodes,
  isDossierError,
  type ErrorCode,
  type IngestOutcome,
  type SourceFormat,
} from '../model/index.js';
import type { ProcessedProfile } from './profile-pipeline.js';

/** One document of a task. */
export interface TaskDocument {
  bytes: Uint8Array;
  name: string;
  format?: SourceFormat;
}

/** Work for a worker: one document, or (bulk ingest) a few consecutive ones written in one transaction. */
export interface IngestTask {
  /** Processed in this order, each under its own CPU-time budget. */
  documents: TaskDocument[];
  savedBy: string | null;
  /**
   * The store the worker writes to through its own connection; absent: the worker returns the processed profiles and
   * the main thread writes.
   */
  storeLocation?: string;
  /**
   * Batch ingest: the worker reports the actor keys of the processed documents here and writes only when told to (input
   * order per actor).
   */
  writeGate?: MessagePort;
  /** Shared control block (see `controlSlots`). */
  control: SharedArrayBuffer;
  /** Unique per task (non-zero): the owner id written into the SQLite write lock. */
  taskId: number;
  /** SQLite only: one writer at a time across the pool's threads (see `acquireWriteLock`). */
  serialiseWrites: boolean;
}

/** What every worker of a pool receives when it starts. */
export interface IngestWorkerData {
  /** Int32 cell: 0 free, else the id of the task that holds the pool's SQLite write lock. */
  writeLock: SharedArrayBuffer;
}

// Atomics.waitAsync (Node 16+) is in lib es2024, newer than this project's lib setting.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Takes the pool-wide write lock. SQLite lets one writer in at a time and makes the others poll
 * with growing sleeps (its busy handler), which wastes most of the time when several worker
 * threads write continuously; taking turns through this lock costs nothing of the kind.
 */
export async function acquireWriteLock(lock: Int32Array, owner: number): Promise<void> {
  for (;;) {
    const holder = Atomics.compareExchange(lock, 0, 0, owner);
    if (holder === 0) return;
    const wait = waitAsync(lock, 0, holder, 1000);
    if (wait.async) await wait.value;
  }
}

/** Releases the write lock if `owner` holds it (also used by the main thread for a worker that died holding it). */
export function releaseWriteLock(lock: Int32Array, owner: number): void {
  if (Atomics.compareExchange(lock, 0, owner, 0) === owner) Atomics.notify(lock, 0);
}

/** Messages on a task's write gate: the worker's actor keys (documents it processed), the main thread's go-ahead. */
export type WriteGateMessage = { actorKeys: string[] } | 'write';

/** What became of one document of a task. */
export type DocumentTaskResult =
  | { ok: true; outcome: IngestOutcome; processed?: undefined }
  | { ok: true; processed: ProcessedProfile; outcome?: undefined }
  | { ok: false; error: SerializedError };

/** A task's answer: one result per document, in the task's order. */
export interface IngestTaskResult {
  results: DocumentTaskResult[];
}

/** Slots of the control block (Int32Array). */
export const controlSlots = {
  /** taskStates below. */
  state: 0,
  /** The worker's Linux thread id (0 where unknown). */
  threadId: 1,
  /** The worker thread's CPU clock ticks when the document's processing started. */
  startTicks: 2,
  /** Index (in the task) of the document being processed or last processed. */
  current: 3,
} as const;

export const taskStates = { queued: 0, processing: 1, processed: 2 } as const;

export const newControlBlock = (): SharedArrayBuffer => new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);

/** Linux reports thread CPU time in clock ticks of 1/100 s (USER_HZ). */
const ticksPerSecond = 100;

/** User + system CPU ticks of a thread from its /proc stat line, or undefined where unavailable. */
export function threadCpuTicks(statPath: string): number | undefined {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

export const ticksToMs = (ticks: number): number => (ticks * 1000) / ticksPerSecond;

/** The calling thread's Linux thread id, or 0 (not Linux, no /proc). */
export function currentThreadId(): number {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : 0;
  } catch {
    return 0;
  }
}

/** CPU milliseconds a thread (by Linux thread id, in this process) has used, or undefined. */
export const threadCpuMs = (threadId: number): number | undefined => {
  if (threadId <= 0) return undefined;
  const ticks = threadCpuTicks(`/proc/self/task/${threadId}/stat`);
  return ticks === undefined ? undefined : ticksToMs(ticks);
};

/** An error as plain data that survives structured cloning. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  expected?: string;
  hint?: string;
  details?: Record<string, unknown>;
  stack?: string;
}

const cloneable = (value: unknown): boolean => {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
};

/** Any thrown value as data; what is not a DossierError becomes INTERNAL with its message, named after the file. */
export function serializeError(error: unknown, file: string): SerializedError {
  if (isDossierError(error)) {
    const serialized: SerializedError = { code: error.code, message: error.message };
    for (const key of ['file', 'line', 'column', 'expected', 'hint', 'stack'] as const) {
      if (error[key] !== undefined) Object.assign(serialized, { [key]: error[key] });
    }
    if (error.details !== undefined && cloneable(error.details)) serialized.details = error.details;
    return serialized;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, file, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

/** The DossierError a SerializedError describes (an unknown code becomes INTERNAL). */
export function rehydrateError(data: SerializedError): DossierError {
  const code: ErrorCode = Object.hasOwn(errorCodes, data.code) ? data.code : 'INTERNAL';
  const error = new DossierError(code, data.message, {
    file: data.file,
    line: data.line,
    column: data.column,
    expected: data.expected,
    hint: data.hint,
    details: data.details,
  });
  if (data.stack)
    error.stack =
      `${error.stack?.split('\n')[0] ?? ''}\n    --- in the ingest worker ` +
      `---\n${data.stack.split('\n').slice(1).join('\n')}`;
  return error;
}
