// The planner's statistics of the store's tables, kept fresh by the store itself while it writes. The write path's
// statements (the network's figures, the review levels, the rules' confirmations) join a batch's few documents to
// tables of millions of rows: with statistics they seek an index, without (a new schema, a server whose autovacuum is
// off or lags behind a bulk ingest) PostgreSQL assumes a few hundred distinct documents and scans whole tables, so
// the ingest slows down as the collection grows (20 docs/s at 1,000 documents, 8 at 5,000; the network's per-document
// rows took 870 ms a batch instead of 60). After every few documents written the store analyzes the tables changed
// by more than a share of their rows since their last ANALYZE, as autovacuum's own rule would, in the background and
// one process at a time (an advisory lock per schema: ingest workers each have their own store).
import type pg from 'pg';

/** A table is analyzed again once rows changed since its last ANALYZE exceed this many plus `share` of its rows. */
export interface StatisticsPolicy {
  /** Changed rows always tolerated. */
  minChanged: number;
  /** Share of a table's rows that may change before it is analyzed again. */
  share: number;
}

/**
 * Laxer than autovacuum's rule (50 rows and 10%): the write path's plans need the tables' scale (rows per document),
 * not precision, and each ANALYZE of every written table costs about a second on a busy 2-core machine. Half the
 * rows again makes a few dozen ANALYZE runs in a 100,000-document ingest (10% made one every 64 documents at 1,500).
 */
export const defaultStatisticsPolicy: StatisticsPolicy = { minChanged: 500, share: 0.5 };

/** Documents a store writes between two looks at its tables' statistics. */
export const statisticsCheckEvery = 64;

const tableName = /^[a-z_][a-z0-9_]*$/;

/**
 * Analyzes the tables of the current schema whose statistics are stale (more rows changed since their last ANALYZE
 * than the policy tolerates) and answers their names; none when another connection is analyzing this schema.
 */
export async function analyzeStaleTables(
  pool: pg.Pool,
  policy: StatisticsPolicy = defaultStatisticsPolicy,
): Promise<string[]> {
  const client = await pool.connect();
  const lock = `hashtextextended('dossier:analyze:' || current_schema(), 0)`;
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${lock}) AS locked`);
    if (!rows[0]?.locked) return [];
    try {
      const stale = await client.query<{ name: string }>(
        `SELECT relname AS name FROM pg_stat_user_tables
         WHERE schemaname = current_schema() AND n_mod_since_analyze > $1::float8 + $2::float8 * greatest(n_live_tup, 0)
         ORDER BY relname`,
        [policy.minChanged, policy.share],
      );
      const names = stale.rows.map((row) => row.name).filter((name) => tableName.test(name));
      if (names.length > 0) await client.query(`ANALYZE ${names.join(', ')}`);
      return names;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lock})`);
    }
  } finally {
    client.release();
  }
}

/**
 * Counts the documents a store writes and, every `statisticsCheckEvery` of them, analyzes the stale tables in the
 * background (one run at a time); `settled` waits for a run under way (the store's close).
 */
export class StatisticsKeeper {
  private written = 0;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly every = statisticsCheckEvery,
    private readonly policy: StatisticsPolicy = defaultStatisticsPolicy,
  ) {}

  /** After a write transaction committed `documents` new versions. */
  wrote(documents: number): void {
    if (documents <= 0 || this.stopped) return;
    this.written += documents;
    if (this.written < this.every || this.running) return;
    this.written = 0;
    // Best effort: a failed ANALYZE (a read-only role, a dropped schema) leaves the statistics as they were.
    this.running = analyzeStaleTables(this.pool, this.policy)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Starts no more runs and waits for the one under way. */
  async settled(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
