// Bulk ingest as a job queue on PostgreSQL, so that more processes (on more machines) add
// throughput: `enqueue` stores each file's bytes as a job and returns at once; workers take jobs
// and ingest them through the same path as an upload (Dossier.ingestBytes: same checks, same
// errors, same outcome). A refused document (bad input) fails its job with the refusal's message
// and is never retried; a store or internal failure is retried a few times.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  DossierError,
  isDossierError,
  isInputErrorCode,
  type IngestOutcome,
  type SourceFormat,
} from '../model/index.js';
import { JobQueue, PermanentJobFailure, type FailedJob, type JobCounts } from '../store/index.js';
import { maxDocumentBytes, type Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';

/** The queue of documents to ingest. */
export const ingestQueueName = 'dossier-ingest';

/** One job: a document's name (as `dossier ingest` would report it) and its bytes. */
export interface IngestJob {
  name: string;
  format?: SourceFormat;
  /** The document's bytes, base64. */
  content: string;
}

export type { FailedJob, JobCounts };

/** What enqueueing paths did: jobs added (with their ids), paths that named nothing, files refused at once. */
export interface EnqueueReport {
  enqueued: number;
  ids: string[];
  missing: string[];
  refused: { file: string; message: string }[];
}

/** Documents read and enqueued at once (bounds the memory a large enqueue takes). */
const enqueueBatch = 100;

export class IngestQueue {
  private constructor(private readonly jobs: JobQueue<IngestJob>) {}

  /** The ingest queue of the PostgreSQL database at `location` (a clear error for a SQLite location). */
  static async open(location: string, options: { supervise?: boolean } = {}): Promise<IngestQueue> {
    return new IngestQueue(await JobQueue.open<IngestJob>(location, ingestQueueName, options));
  }

  /** Enqueues the files that `inputs` (files, folders, globs) name; a file over the size limit is refused here. */
  async enqueuePaths(inputs: string[], cwd = process.cwd()): Promise<EnqueueReport> {
    const { files, missing } = await expandProfilePaths(inputs, cwd);
    const report: EnqueueReport = { enqueued: 0, ids: [], missing, refused: [] };
    for (let start = 0; start < files.length; start += enqueueBatch) {
      const batch: IngestJob[] = [];
      for (const absolute of files.slice(start, start + enqueueBatch)) {
        const file = path.relative(cwd, absolute) || absolute;
        const size = (await stat(absolute)).size;
        if (size > maxDocumentBytes) {
          report.refused.push({ file, message: `file is ${size} bytes; the limit is ${maxDocumentBytes}` });
          continue;
        }
        batch.push({ name: file, content: (await readFile(absolute)).toString('base64') });
      }
      report.ids.push(...(await this.jobs.enqueue(batch)));
    }
    report.enqueued = report.ids.length;
    return report;
  }

  /** Enqueues one document given as bytes; returns its job id. */
  async enqueueBytes(bytes: Uint8Array, name: string, format?: SourceFormat): Promise<string> {
    const job: IngestJob = { name, content: Buffer.from(bytes).toString('base64'), ...(format ? { format } : {}) };
    const [id] = await this.jobs.enqueue([job]);
    return id!;
  }

  /**
   * Takes jobs, `concurrency` at a time, and ingests them into `dossier` until `close`; `onDone`
   * hears of each outcome or error (an error's job is failed, for good when the document was refused).
   */
  async work(
    dossier: Dossier,
    concurrency: number,
    onDone?: (name: string, result: { outcome: IngestOutcome } | { error: DossierError }) => void,
  ): Promise<void> {
    await this.jobs.work(concurrency, async ({ data }) => {
      try {
        const outcome = await dossier.ingestBytes(Buffer.from(data.content, 'base64'), data.name, data.format);
        onDone?.(data.name, { outcome });
        return outcome;
      } catch (thrown) {
        const error = isDossierError(thrown)
          ? thrown
          : new DossierError('INTERNAL', thrown instanceof Error ? thrown.message : String(thrown), {
              file: data.name,
            });
        onDone?.(data.name, { error });
        const described = error.describe();
        const message = described.startsWith(data.name) ? described : `${data.name}: ${described}`;
        const detail = { code: error.code, file: data.name, ...(error.hint ? { hint: error.hint } : {}) };
        if (isInputErrorCode(error.code)) throw new PermanentJobFailure(message, detail);
        throw Object.assign(new Error(message), detail);
      }
    });
  }

  /** A job's state (created, retry, active, completed, failed…) and output: the IngestOutcome, or the error. */
  job(id: string): Promise<{ state: string; output: unknown } | null> {
    return this.jobs.job(id);
  }

  counts(): Promise<JobCounts> {
    return this.jobs.counts();
  }

  /** The most recent failed jobs, newest first. */
  failures(limit = 20): Promise<FailedJob[]> {
    return this.jobs.failures('name', limit);
  }

  /** Stops taking jobs and waits for those under way. */
  close(): Promise<void> {
    return this.jobs.close();
  }
}
