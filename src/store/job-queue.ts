// A durable job queue in PostgreSQL (pg-boss, in its own schema beside Dossier's tables): jobs are
// JSON, taken by any number of processes on any number of machines (SELECT … FOR UPDATE SKIP
// LOCKED), completed or failed with a JSON output; a failure is retried a few times unless the
// handler marks it permanent (bad input fails the same way every time, so it is never retried).
// A job whose worker died is taken again once it has been active longer than `expireInSeconds`.
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { DossierError } from '../model/index.js';
import { isPostgresLocation } from './index.js';

/**
 * Where the queue's tables live: a schema of its own beside the knowledge base's, named after it
 * (`dossier_queue` for a location without `?schema=`, else `<schema>_queue`).
 */
export async function jobQueueSchemaOf(location: string): Promise<{ connectionString: string; schema: string }> {
  // Loaded when used: the CLI's other commands (and SQLite) never load pg.
  const { parsePostgresLocation } = await import('./postgres/postgres-store.js');
  const { connectionString, schema } = parsePostgresLocation(location);
  return { connectionString, schema: `${(schema ?? 'dossier').slice(0, 57)}_queue` };
}

export interface QueuedJob<T> {
  id: string;
  data: T;
}

/** How many jobs of a queue are in each state. */
export interface JobCounts {
  /** Waiting to be taken (new, or failed once and waiting to be retried). */
  pending: number;
  active: number;
  done: number;
  failed: number;
}

/** A failed job: what it was for (its `label`) and the message it failed with. */
export interface FailedJob {
  id: string;
  label: string;
  message: string;
}

/** An error a handler throws for a failure that a retry cannot mend (the job fails at once, for good). */
export class PermanentJobFailure extends Error {
  constructor(
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PermanentJobFailure';
    Object.assign(this, detail);
  }
}

export interface JobQueueOptions {
  /** Tries after the first failure that is not permanent (default 2). */
  retryLimit?: number;
  /** Seconds a job may stay active before it is taken as abandoned (default 300). */
  expireInSeconds?: number;
  /** Seconds between polls of an idle worker (at least 0.5; default 0.5). */
  pollingIntervalSeconds?: number;
  /** Run pg-boss's maintenance (expiry, archiving): for long-running workers, not one-shot commands. */
  supervise?: boolean;
}

export class JobQueue<T extends object> {
  private constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
    private readonly queue: string,
    private readonly options: JobQueueOptions,
  ) {}

  /** Opens (creating its schema and queue when absent) the queue `queue` at a postgres:// location. */
  static async open<T extends object>(
    location: string,
    queue: string,
    options: JobQueueOptions = {},
  ): Promise<JobQueue<T>> {
    if (!isPostgresLocation(location)) {
      throw new DossierError('BAD_REQUEST', 'the ingest queue needs PostgreSQL', {
        expected: 'a postgres:// URL in --db or DOSSIER_DB',
        hint: 'the queue is shared through PostgreSQL; into a SQLite file, ingest with plain `dossier ingest`',
      });
    }
    const supervise = options.supervise ?? false;
    const { connectionString, schema } = await jobQueueSchemaOf(location);
    const { default: PgBossClass } = await import('pg-boss');
    const boss = new PgBossClass({
      connectionString,
      schema,
      max: 4,
      supervise,
      schedule: false,
    });
    boss.on('error', () => undefined);
    try {
      await boss.start();
      if (!(await boss.getQueue(queue))) {
        await boss
          .createQueue(queue, {
            name: queue,
            retryLimit: options.retryLimit ?? 2,
            retryDelay: 1,
            expireInSeconds: options.expireInSeconds ?? 300,
          })
          // Another process may have created it at the same moment.
          .catch(async (error: unknown) => {
            if (!(await boss.getQueue(queue))) throw error;
          });
      }
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw new DossierError('STORE_UNREACHABLE', `cannot open the job queue: ${(error as Error).message}`, {
        hint: 'check that PostgreSQL is running and the URL in --db is right',
      });
    }
    return new JobQueue<T>(boss, schema, queue, options);
  }

  /** Adds jobs (in one statement); returns their ids, in order. */
  async enqueue(jobs: T[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map(() => randomUUID());
    await this.boss.insert(jobs.map((data, index) => ({ id: ids[index], name: this.queue, data })));
    return ids;
  }

  /**
   * Takes jobs, `concurrency` at a time, until `stop`: each is completed with what `handle` returns,
   * or failed with what it throws (retried later, unless it threw a PermanentJobFailure).
   */
  async work(concurrency: number, handle: (job: QueuedJob<T>) => Promise<object>): Promise<void> {
    const options = { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 };
    for (let lane = 0; lane < Math.max(1, concurrency); lane++) {
      await this.boss.work<T>(this.queue, options, async ([job]) => {
        if (!job) return {};
        try {
          return await handle({ id: job.id, data: job.data });
        } catch (error) {
          if (error instanceof PermanentJobFailure) await this.noMoreRetries(job.id);
          throw error;
        }
      });
    }
  }

  /** A job's state and output (null: no such job). */
  async job(id: string): Promise<{ state: string; output: unknown } | null> {
    const job = await this.boss.getJobById(this.queue, id);
    return job ? { state: job.state, output: job.output } : null;
  }

  async counts(): Promise<JobCounts> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        `SELECT state::text AS state, count(*)::int AS n FROM ${this.schema}.job WHERE name = $1 GROUP BY 1`,
        [this.queue],
      );
    const of = (...states: string[]) =>
      (rows as { state: string; n: number }[])
        .filter((row) => states.includes(row.state))
        .reduce((sum, row) => sum + row.n, 0);
    return { pending: of('created', 'retry'), active: of('active'), done: of('completed'), failed: of('failed') };
  }

  /** The most recent failed jobs, newest first; `label` is the job data's `labelKey` field. */
  async failures(labelKey: string, limit = 20): Promise<FailedJob[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id::text AS id, data->>$2 AS label, output->>'message' AS message FROM ${this.schema}.job
        WHERE name = $1 AND state = 'failed' ORDER BY completed_on DESC LIMIT $3`,
      [this.queue, labelKey, limit],
    );
    return (rows as { id: string; label: string | null; message: string | null }[]).map((row) => ({
      id: row.id,
      label: row.label ?? '',
      message: row.message ?? '',
    }));
  }

  /** Stops taking jobs, waits for those under way (up to `timeoutSeconds`) and closes the connections. */
  async close(timeoutSeconds = 30): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutSeconds * 1000 });
  }

  /** Makes the job's current try its last (pg-boss then fails it for good instead of scheduling a retry). */
  private async noMoreRetries(id: string): Promise<void> {
    await this.boss
      .getDb()
      .executeSql(`UPDATE ${this.schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2::uuid`, [
        this.queue,
        id,
      ]);
  }
}
