// The ingest worker thread (a piscina task module): parses and extracts one document with the
// bundled reference data (loaded once per thread, when the thread starts) and, for file and
// PostgreSQL stores, writes it through the thread's own store connection so that neither the
// CPU work nor the synchronous SQLite write holds the main thread. It never throws: every
// failure comes back as data (see ingest-task.ts).
import { once } from 'node:events';
import { workerData } from 'node:worker_threads';
import { slugify } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { bundledReferenceData, processProfile, type ProcessedProfile } from './profile-pipeline.js';
import {
  acquireWriteLock,
  controlSlots,
  releaseWriteLock,
  currentThreadId,
  serializeError,
  taskStates,
  threadCpuTicks,
  type IngestTask,
  type IngestTaskResult,
  type IngestWorkerData,
  type WriteGateMessage,
} from './ingest-task.js';

const reference = bundledReferenceData();
// Warm-up: the first document a thread processes pays for lazy initialisation and cold code
// (~20x a warm run); paying it here keeps it out of every document's CPU budget.
try {
  processProfile(
    Buffer.from(
      'Warmland\n\nProfile\n\nOn 12 March 2023 Kazakhstan and Afghanistan signed an agreement in Astana on wheat exports of 1.2 million tonnes worth $300 million. The Taliban welcomed it.\n\nKey Interests & Priorities\n\n1. Trade and transit\n\nRail links through Uzbekistan and Turkmenistan matter to the UN.\n',
    ),
    'warm-up.txt',
    'text',
    reference,
  );
} catch {
  // A warm-up that fails costs nothing more: the real documents report their own errors.
}
const threadId = currentThreadId();
const ownStatPath = `/proc/self/task/${threadId}/stat`;
const stores = new Map<string, Promise<Store>>();
const writeLock = new Int32Array((workerData as IngestWorkerData).writeLock);

const storeAt = (location: string): Promise<Store> => {
  let store = stores.get(location);
  if (!store) {
    store = openStore(location);
    stores.set(location, store);
    store.catch(() => stores.delete(location));
  }
  return store;
};

/**
 * Batch ingest: tells the main thread which actor the document is for (as soon as it is parsed,
 * before the costlier extraction, so that later documents seldom wait for it) and returns the
 * wait for its turn to write.
 */
function announceActor(gate: NonNullable<IngestTask['writeGate']>, actorKey: string): Promise<unknown> {
  const turn = once(gate, 'message');
  gate.postMessage({ actorKey } satisfies WriteGateMessage);
  return turn;
}

export default async function ingestInWorker(task: IngestTask): Promise<IngestTaskResult> {
  const control = new Int32Array(task.control);
  Atomics.store(control, controlSlots.threadId, threadId);
  Atomics.store(control, controlSlots.startTicks, threadId > 0 ? (threadCpuTicks(ownStatPath) ?? 0) : 0);
  Atomics.store(control, controlSlots.state, taskStates.processing);
  let processed: ProcessedProfile;
  let turn: Promise<unknown> | undefined;
  try {
    const gate = task.storeLocation !== undefined ? task.writeGate : undefined;
    processed = processProfile(task.bytes, task.name, task.format, reference, gate && ((document) => (turn = announceActor(gate, slugify(document.actor.name)))));
  } catch (error) {
    task.writeGate?.close();
    return { ok: false, error: serializeError(error, task.name) };
  } finally {
    Atomics.store(control, controlSlots.state, taskStates.processed);
  }
  if (task.storeLocation === undefined) {
    task.writeGate?.close();
    return { ok: true, processed };
  }
  try {
    if (turn) await turn;
    const store = await storeAt(task.storeLocation);
    if (task.serialiseWrites) await acquireWriteLock(writeLock, task.taskId);
    return { ok: true, outcome: await store.saveDocument({ ...processed, savedBy: task.savedBy }) };
  } catch (error) {
    return { ok: false, error: serializeError(error, task.name) };
  } finally {
    releaseWriteLock(writeLock, task.taskId);
    task.writeGate?.close();
  }
}
