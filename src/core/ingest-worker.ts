// The ingest worker thread (a piscina task module): parses and extracts the documents of a task
// (one, or a few consecutive ones in bulk ingest) with the bundled reference data (loaded once
// per thread, when the thread starts) and, for file and PostgreSQL stores, writes them through
// the thread's own store connection in one transaction, so that neither the CPU work nor the
// synchronous SQLite write holds the main thread. It never throws: every failure comes back as
// data, per document (see ingest-task.ts).
import { once } from 'node:events';
import { workerData, type MessagePort } from 'node:worker_threads';
import { seriesIdOf } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { bundledReferenceData, processDocument, processProfile, type ProcessedProfile } from './profile-pipeline.js';
import {
  acquireWriteLock,
  controlSlots,
  releaseWriteLock,
  currentThreadId,
  serializeError,
  taskStates,
  threadCpuTicks,
  type DocumentTaskResult,
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
      'Warmland\n\nProfile\n\nOn 12 March 2023 Kazakhstan and Afghanistan signed an agreement in Astana on wheat ' +
        'exports of 1.2 million tonnes worth $300 million. The Taliban welcomed it.\n\nKey Interests & ' +
        'Priorities\n\n1. Trade and transit\n\nRail links through Uzbekistan and Turkmenistan matter to the UN.\n',
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
 * Batch ingest: tells the main thread which actors the processed documents are for and returns the wait for the turn to
 * write.
 */
function announceActors(gate: MessagePort, actorKeys: string[]): Promise<unknown> {
  const turn = once(gate, 'message');
  gate.postMessage({ actorKeys } satisfies WriteGateMessage);
  return turn;
}

export default async function ingestInWorker(task: IngestTask): Promise<IngestTaskResult> {
  const control = new Int32Array(task.control);
  Atomics.store(control, controlSlots.threadId, threadId);
  const results: DocumentTaskResult[] = new Array(task.documents.length);
  const processed: Array<{ index: number; profile: ProcessedProfile }> = [];
  for (const [index, document] of task.documents.entries()) {
    // Each document has its own CPU-time budget: the watchdog counts from here while the state is "processing".
    Atomics.store(control, controlSlots.current, index);
    Atomics.store(control, controlSlots.startTicks, threadId > 0 ? (threadCpuTicks(ownStatPath) ?? 0) : 0);
    Atomics.store(control, controlSlots.state, taskStates.processing);
    try {
      processed.push({
        index,
        profile: await processDocument(document.bytes, document.name, document.format, reference),
      });
    } catch (error) {
      results[index] = { ok: false, error: serializeError(error, document.name) };
    } finally {
      Atomics.store(control, controlSlots.state, taskStates.processed);
    }
  }
  if (task.storeLocation === undefined || processed.length === 0) {
    task.writeGate?.close();
    for (const { index, profile } of processed) results[index] = { ok: true, processed: profile };
    return { results };
  }
  try {
    if (task.writeGate)
      await announceActors(
        task.writeGate,
        processed.map(({ profile }) => seriesIdOf(profile.document)),
      );
    const store = await storeAt(task.storeLocation);
    if (task.serialiseWrites) await acquireWriteLock(writeLock, task.taskId);
    const saved = await store.saveDocuments(processed.map(({ profile }) => ({ ...profile, savedBy: task.savedBy })));
    saved.forEach((result, k) => {
      const { index } = processed[k]!;
      results[index] = result.outcome
        ? { ok: true, outcome: result.outcome }
        : { ok: false, error: serializeError(result.error, task.documents[index]!.name) };
    });
  } catch (error) {
    for (const { index } of processed)
      results[index] = { ok: false, error: serializeError(error, task.documents[index]!.name) };
  } finally {
    releaseWriteLock(writeLock, task.taskId);
    task.writeGate?.close();
  }
  return { results };
}
