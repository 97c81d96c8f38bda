// The whole collection's check findings kept in the database (migration 20), so that the first
// /api/checks after a start reads a page of stored rows instead of checking every document: the
// findings of the last computation in their order (rank), their counts, summary and scope, and
// the signature (store revision) they were computed at. A new computation is written beside the
// one served (a new generation, in small transactions that do not move the store revision), made
// current in one step, and the rows of older generations are deleted after; a page reads `limit`
// rows by rank from an index, whatever the size of the collection. Beside the findings, at rank -1 (never a page's),
// a generation may keep what the next computation starts from (`state`: the core's marker of the data read and each
// actor's share of the totals), so that after a restart a write is checked incrementally too.
import type { CheckFinding, CheckReport } from '../model/index.js';
import type { SqlRunner } from './sql-dialect.js';

/** What the stored findings are of: counts, summary and what was read. */
export type CheckSnapshotTotals = Pick<CheckReport, 'counts' | 'summary' | 'checked'>;

/** The current stored computation. */
export interface CheckSnapshot extends CheckSnapshotTotals {
  signature: string;
  generation: number;
}

/** Runs work in a write transaction that does not move the store revision (the findings are derived data). */
export type DerivedWrite = <T>(work: (db: SqlRunner) => Promise<T>) => Promise<T>;

/** The rank and id of the row holding a generation's state (no finding has a negative rank). */
const stateRank = -1;
const stateId = '#state';

/** Rows written per transaction: each holds the write lock for a few milliseconds only. */
const chunk = 250;

/**
 * Lets the event loop run between two transactions: on a synchronous driver (better-sqlite3) the chunks would
 * otherwise be written in one stretch, holding back the requests served meanwhile.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class CheckSnapshots {
  constructor(
    private readonly db: SqlRunner,
    private readonly write: DerivedWrite,
  ) {}

  /** The current stored computation, or null when none was stored. */
  async current(): Promise<CheckSnapshot | null> {
    const [row] = await this.db.all<{ signature: string; generation: unknown; totals: string }>(
      'SELECT signature, generation, totals FROM check_snapshot WHERE id = 1',
    );
    if (!row) return null;
    const totals = JSON.parse(row.totals) as CheckSnapshotTotals;
    return { signature: row.signature, generation: Number(row.generation), ...totals };
  }

  /** Up to `limit` findings of a generation after rank `after` (-1: from the first), of one kind when given. */
  async page(
    generation: number,
    query: { kind?: string; after: number; limit: number },
  ): Promise<Array<{ rank: number; finding: CheckFinding }>> {
    const kind = query.kind === undefined ? '' : ' AND kind = ?';
    const rows = await this.db.all<{ rank: unknown; finding: string }>(
      `SELECT rank, finding FROM check_findings WHERE generation = ?${kind} AND rank > ? ORDER BY rank LIMIT ?`,
      [generation, ...(query.kind === undefined ? [] : [query.kind]), query.after, query.limit],
    );
    return rows.map((row) => ({ rank: Number(row.rank), finding: JSON.parse(row.finding) as CheckFinding }));
  }

  /** The rank of a finding of a generation by id, or null. */
  async rankOf(generation: number, id: string): Promise<number | null> {
    const [row] = await this.db.all<{ rank: unknown }>(
      'SELECT rank FROM check_findings WHERE generation = ? AND id = ? AND rank >= 0',
      [generation, id],
    );
    return row ? Number(row.rank) : null;
  }

  /** The state kept with a generation (save's `state`), or null. */
  async state(generation: number): Promise<string | null> {
    const [row] = await this.db.all<{ finding: string }>(
      'SELECT finding FROM check_findings WHERE generation = ? AND rank = ?',
      [generation, stateRank],
    );
    return row?.finding ?? null;
  }

  /**
   * Stores a computation (`findings` in their order, and the `state` to start the next one from) as the current one:
   * its rows first, a chunk per transaction, then the pointer, then the older rows are deleted; `turn` is awaited
   * between two transactions (background work passes one that waits while requests are served).
   */
  async save(
    signature: string,
    findings: readonly CheckFinding[],
    totals: CheckSnapshotTotals,
    state?: string,
    turn: () => Promise<void> = nextTurn,
  ): Promise<void> {
    const [row] = await this.db.all<{ top: unknown }>(
      `SELECT max(g) AS top FROM (SELECT max(generation) AS g FROM check_findings
         UNION ALL SELECT generation AS g FROM check_snapshot) t`,
    );
    const generation = Number(row?.top ?? 0) + 1;
    if (state !== undefined)
      await this.write((db) =>
        db.run('INSERT INTO check_findings (generation, rank, id, kind, finding) VALUES (?, ?, ?, ?, ?)', [
          generation,
          stateRank,
          stateId,
          stateId,
          state,
        ]),
      );
    for (let from = 0; from < findings.length; from += chunk) {
      await turn();
      const part = findings.slice(from, from + chunk);
      await this.write(async (db) => {
        await db.run(
          `INSERT INTO check_findings (generation, rank, id, kind, finding) VALUES ${part
            .map(() => '(?, ?, ?, ?, ?)')
            .join(', ')}`,
          part.flatMap((finding, i) => [generation, from + i, finding.id, finding.kind, JSON.stringify(finding)]),
        );
      });
    }
    await this.write(async (db) => {
      await db.run('DELETE FROM check_snapshot WHERE id = 1');
      await db.run('INSERT INTO check_snapshot (id, signature, generation, totals) VALUES (1, ?, ?, ?)', [
        signature,
        generation,
        JSON.stringify(totals),
      ]);
    });
    await this.prune(generation, turn);
  }

  /** Deletes the rows of every generation but `keep`, a chunk per transaction. */
  private async prune(keep: number, turn: () => Promise<void>): Promise<void> {
    for (;;) {
      const old = await this.db.all<{ generation: unknown; rank: unknown }>(
        // Two ranges of the key around `keep` (`generation <> ?` read every row of `keep` to find none).
        'SELECT generation, rank FROM check_findings WHERE generation < ? OR generation > ? LIMIT ?',
        [keep, keep, chunk * 4],
      );
      if (old.length === 0) return;
      await turn();
      const generations = [...new Set(old.map((r) => Number(r.generation)))];
      await this.write(async (db) => {
        for (const generation of generations) {
          const ranks = old.filter((r) => Number(r.generation) === generation).map((r) => Number(r.rank));
          await db.run(
            `DELETE FROM check_findings WHERE generation = ? AND rank IN (${ranks.map(() => '?').join(', ')})`,
            [generation, ...ranks],
          );
        }
      });
    }
  }
}
