// The planner's statistics of the store's tables, kept fresh by the store itself while it writes. The write path's
// statements (the network's figures, the review levels, the rules' confirmations) join a batch's few documents to
// tables of millions of rows: with statistics they seek an index, without (a new schema, a server whose autovacuum is
// off or lags behind a bulk ingest) PostgreSQL assumes a few hundred distinct documents and scans whole tables, so
// the ingest slows down as the collection grows (20 docs/s at 1,000 documents, 8 at 5,000; the network's per-document
// rows took 870 ms a batch instead of 60). After every few documents written the store analyzes the tables changed
// by more than a share of their rows since their last ANALYZE, as autovacuum's own rule would, in the background and
// one process at a time (an advisory lock per schema: ingest workers each have their own store).
// Where autovacuum is off (the server's setting, or the table's own), the same run also vacuums the tables past
// the same share of dead or newly inserted rows: never vacuumed, a table keeps every row an ingest updated (the
// mentions of a 20,000-document schema held 1.4 M dead rows beside 1.5 M live) and no visibility map, so index-only
// scans read the table anyway; the search's facets read 2.5x faster after a VACUUM (p50 123 → 48 ms on that schema).
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

/** What one run did: the tables analyzed (with or without a vacuum) and those of them vacuumed. */
export interface MaintenanceRun {
  analyzed: string[];
  vacuumed: string[];
}

/**
 * The tables of the current schema past the policy: `analyze` with more rows changed since their last ANALYZE,
 * `vacuum` (only where autovacuum is off, for the server or the table) with more dead rows, or rows inserted since
 * their last VACUUM, than it tolerates.
 */
async function staleTables(
  client: pg.PoolClient,
  policy: StatisticsPolicy,
): Promise<{ analyze: string[]; vacuum: string[] }> {
  const { rows } = await client.query<{ name: string; analyze: boolean; vacuum: boolean }>(
    `SELECT t.relname AS name,
       t.n_mod_since_analyze > $1::float8 + $2::float8 * greatest(t.n_live_tup, 0) AS analyze,
       (current_setting('autovacuum') = 'off' OR 'autovacuum_enabled=false' = ANY(coalesce(c.reloptions, '{}')))
         AND greatest(t.n_dead_tup, t.n_ins_since_vacuum) > $1::float8 + $2::float8 * greatest(t.n_live_tup, 0)
         AS vacuum
     FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
     WHERE t.schemaname = current_schema()
     ORDER BY t.relname`,
    [policy.minChanged, policy.share],
  );
  const named = rows.filter((row) => tableName.test(row.name));
  return {
    analyze: named.filter((row) => row.analyze || row.vacuum).map((row) => row.name),
    vacuum: named.filter((row) => row.vacuum).map((row) => row.name),
  };
}

/**
 * Analyzes the tables of the current schema whose statistics are stale (more rows changed since their last ANALYZE
 * than the policy tolerates), vacuuming those past the policy where autovacuum is off, and answers what it did;
 * nothing when another connection is at it in this schema.
 */
export async function maintainStaleTables(
  pool: pg.Pool,
  policy: StatisticsPolicy = defaultStatisticsPolicy,
): Promise<MaintenanceRun> {
  const client = await pool.connect();
  const lock = `hashtextextended('dossier:analyze:' || current_schema(), 0)`;
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${lock}) AS locked`);
    if (!rows[0]?.locked) return { analyzed: [], vacuumed: [] };
    try {
      const { analyze, vacuum } = await staleTables(client, policy);
      // VACUUM runs outside a transaction (a pool's query is one); ANALYZE alongside where the table needs both.
      if (vacuum.length > 0) await client.query(`VACUUM (ANALYZE) ${vacuum.join(', ')}`);
      const analyzeOnly = analyze.filter((name) => !vacuum.includes(name));
      if (analyzeOnly.length > 0) await client.query(`ANALYZE ${analyzeOnly.join(', ')}`);
      return { analyzed: analyze, vacuumed: vacuum };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lock})`);
    }
  } finally {
    client.release();
  }
}

/** maintainStaleTables, answering the names of the tables analyzed. */
export async function analyzeStaleTables(
  pool: pg.Pool,
  policy: StatisticsPolicy = defaultStatisticsPolicy,
): Promise<string[]> {
  return (await maintainStaleTables(pool, policy)).analyzed;
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
    this.running = maintainStaleTables(this.pool, this.policy)
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
