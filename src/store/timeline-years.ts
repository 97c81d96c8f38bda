// The timeline's items per year, maintained (migration 24) so that the overview of the whole collection reads a few
// dozen rows instead of every event and time: `timeline_year_parts` holds what each latest document contributes
// (per document kind, item source, event type and start year) and `timeline_year_counts` their sums. Triggers mark
// the documents whose events, times or latest pointer changed in `timeline_dirty`; every write transaction settles
// them before it commits (settleTimelineYears: each dirty document's part recomputed from its own rows, the
// difference added to the sums), so no write path has to know about the counts. A reader that still finds dirty
// documents (a restore that wrote rows outside a write transaction) counts from scratch instead.
import { sqlPlaceholders, type SqlRunner } from './sql-dialect.js';
import type { MigrationDdl } from './migration-ddl.js';
import { statementFlagSql } from './timeline-statements.js';

/** An item's start year as stored in the counts: its first four characters, '' when it has no start. */
const yearOf = (alias: string) => `coalesce(substr(${alias}.earliest, 1, 4), '')`;

/**
 * The sentence holding a time (a statement is a time inside a sentence): the last to start at or before it, found
 * in the index, that ends after it — not every earlier sentence of the document.
 */
export const statementSentenceJoin = `JOIN sentences s ON s.document_id = t.document_id
    AND s.span_end >= t.span_end
    AND s.span_start = (
      SELECT max(q.span_start) FROM sentences q WHERE q.document_id = t.document_id AND q.span_start <= t.span_start
    )`;

/** A sentence that holds an event is shown as the event, not as statements. */
export const noEventInSentence = `NOT EXISTS (
      SELECT 1 FROM events x
      WHERE x.document_id = s.document_id AND x.review_status <> 'rejected'
        AND x.span_start >= s.span_start AND x.span_start < s.span_end
    )`;

/** What documents contribute (`where`: a condition on e.document_id / t.document_id), grouped as the parts are. */
const eventPartsSql = (where: string) => `
  SELECT e.document_id, a.kind, 'event' AS source, e.type, ${yearOf('e')} AS year, count(*) AS n
  FROM events e
  JOIN actors a ON a.latest_document_id = e.document_id
  WHERE e.review_status <> 'rejected' AND ${where}
  GROUP BY e.document_id, a.kind, e.type, ${yearOf('e')}`;

const statementPartsSql = (where: string) => `
  SELECT t.document_id, a.kind, 'time' AS source, '' AS type, ${yearOf('t')} AS year, count(*) AS n
  FROM times t
  JOIN actors a ON a.latest_document_id = t.document_id
  ${statementSentenceJoin}
  WHERE t.review_status <> 'rejected' AND ${noEventInSentence} AND ${where}
  GROUP BY t.document_id, a.kind, ${yearOf('t')}`;

const partColumns = 'document_id, kind, source, type, year, n';

/** Migration 24: the tables, the triggers that mark changed documents, and the counts of an existing collection. */
export const timelineYearsMigrationSql = (d: MigrationDdl): string => `
CREATE TABLE timeline_year_parts (
  document_id ${d.int} NOT NULL,
  kind ${d.text} NOT NULL,
  source ${d.text} NOT NULL,
  type ${d.text} NOT NULL,
  year ${d.text} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (document_id, source, type, year)
);
CREATE TABLE timeline_year_counts (
  kind ${d.text} NOT NULL,
  source ${d.text} NOT NULL,
  type ${d.text} NOT NULL,
  year ${d.text} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (kind, source, type, year)
);
CREATE TABLE timeline_dirty (document_id ${d.int} PRIMARY KEY);
${d.per({ sqlite: sqliteTriggers, postgres: postgresTriggers })}
INSERT INTO timeline_year_parts (${partColumns}) ${eventPartsSql('1 = 1')};
INSERT INTO timeline_year_parts (${partColumns}) ${statementPartsSql('1 = 1')};
INSERT INTO timeline_year_counts (kind, source, type, year, n)
  SELECT kind, source, type, year, sum(n) FROM timeline_year_parts GROUP BY kind, source, type, year;
`;

const itemUpdates: Record<'events' | 'times', string> = {
  events: 'review_status, earliest, type, span_start, span_end',
  times: 'review_status, earliest, span_start, span_end',
};

// Not INSERT OR IGNORE: inside a trigger the conflict policy of the outer statement (an upsert) would apply.
const markSqlite = (value: string) =>
  `INSERT INTO timeline_dirty (document_id) SELECT ${value}
    WHERE ${value} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM timeline_dirty WHERE document_id = ${value});`;

const sqliteTriggers = `${(['events', 'times'] as const)
  .map(
    (table) => `
CREATE TRIGGER ${table}_timeline_insert AFTER INSERT ON ${table} BEGIN ${markSqlite('NEW.document_id')} END;
CREATE TRIGGER ${table}_timeline_update AFTER UPDATE OF ${itemUpdates[table]} ON ${table}
  BEGIN ${markSqlite('NEW.document_id')} END;
CREATE TRIGGER ${table}_timeline_delete AFTER DELETE ON ${table} BEGIN ${markSqlite('OLD.document_id')} END;`,
  )
  .join('')}
CREATE TRIGGER actors_timeline_insert AFTER INSERT ON actors BEGIN ${markSqlite('NEW.latest_document_id')} END;
CREATE TRIGGER actors_timeline_update AFTER UPDATE OF latest_document_id, kind ON actors
  BEGIN ${markSqlite('OLD.latest_document_id')} ${markSqlite('NEW.latest_document_id')} END;
CREATE TRIGGER actors_timeline_delete AFTER DELETE ON actors BEGIN ${markSqlite('OLD.latest_document_id')} END;
`;

const markPostgres = (value: string) =>
  `IF ${value} IS NOT NULL THEN
      INSERT INTO timeline_dirty (document_id) VALUES (${value}) ON CONFLICT DO NOTHING;
    END IF;`;

const postgresTriggers = `
CREATE FUNCTION timeline_mark_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    ${markPostgres('OLD.document_id')}
  ELSE
    ${markPostgres('NEW.document_id')}
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION timeline_mark_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    ${markPostgres('OLD.latest_document_id')}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    ${markPostgres('NEW.latest_document_id')}
  END IF;
  RETURN NULL;
END $$;
${(['events', 'times'] as const)
  .map(
    (table) => `CREATE TRIGGER ${table}_timeline AFTER INSERT OR DELETE OR UPDATE OF ${itemUpdates[table]} ON ${table}
  FOR EACH ROW EXECUTE FUNCTION timeline_mark_item();`,
  )
  .join('\n')}
CREATE TRIGGER actors_timeline AFTER INSERT OR DELETE OR UPDATE OF latest_document_id, kind ON actors
  FOR EACH ROW EXECUTE FUNCTION timeline_mark_actor();
`;

interface PartRow {
  document_id: unknown;
  kind: string;
  source: string;
  type: string;
  year: string;
  n: unknown;
}

/** Documents settled per round (their ids are parameters). */
const chunkSize = 400;

const keyOf = (row: Pick<PartRow, 'kind' | 'source' | 'type' | 'year'>) =>
  [row.kind, row.source, row.type, row.year].join('\u0000');

/**
 * Brings the counts up to date with the documents marked dirty in this transaction (call it inside the write
 * transaction, before it commits): each one's part recomputed from its rows (none unless it is a latest version),
 * the difference added to the sums.
 */
export async function settleTimelineYears(db: SqlRunner): Promise<number> {
  const dirty = (await db.all<{ document_id: unknown }>('SELECT document_id FROM timeline_dirty')).map((row) =>
    Number(row.document_id),
  );
  for (let i = 0; i < dirty.length; i += chunkSize) await settleChunk(db, dirty.slice(i, i + chunkSize));
  return dirty.length;
}

async function settleChunk(db: SqlRunner, ids: number[]): Promise<void> {
  const inChunk = (alias: string) => `${alias}.document_id IN (${sqlPlaceholders(ids.length)})`;
  // Which of the documents' times are statements (timeline-statements.ts): what the timeline's pages read.
  await db.run(statementFlagSql(inChunk('times')), ids);
  const before = await db.all<PartRow>(`SELECT ${partColumns} FROM timeline_year_parts p WHERE ${inChunk('p')}`, ids);
  const after = [
    ...(await db.all<PartRow>(eventPartsSql(inChunk('e')), ids)),
    ...(await db.all<PartRow>(statementPartsSql(inChunk('t')), ids)),
  ];
  const delta = new Map<string, { row: PartRow; n: number }>();
  const add = (row: PartRow, sign: number) => {
    const entry = delta.get(keyOf(row)) ?? { row, n: 0 };
    entry.n += sign * Number(row.n);
    delta.set(keyOf(row), entry);
  };
  for (const row of before) add(row, -1);
  for (const row of after) add(row, 1);
  await db.run(`DELETE FROM timeline_year_parts WHERE document_id IN (${sqlPlaceholders(ids.length)})`, ids);
  for (let i = 0; i < after.length; i += 100) {
    const rows = after.slice(i, i + 100);
    await db.run(
      `INSERT INTO timeline_year_parts (${partColumns}) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [Number(row.document_id), row.kind, row.source, row.type, row.year, Number(row.n)]),
    );
  }
  // The sums moved, 100 a statement (one a sum was a round trip each: 60 a batch of 16 documents), in key order so
  // that concurrent writers lock them in one order.
  const moved = [...delta.entries()].filter(([, { n }]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < moved.length; i += 100) {
    const rows = moved.slice(i, i + 100).map(([, entry]) => entry);
    await db.run(
      `INSERT INTO timeline_year_counts (kind, source, type, year, n)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (kind, source, type, year) DO UPDATE SET n = timeline_year_counts.n + excluded.n`,
      rows.flatMap(({ row, n }) => [row.kind, row.source, row.type, row.year, n]),
    );
  }
  await db.run('DELETE FROM timeline_year_counts WHERE n = 0');
  await db.run(`DELETE FROM timeline_dirty WHERE document_id IN (${sqlPlaceholders(ids.length)})`, ids);
}

export interface YearCountFilter {
  documentKind?: string | undefined;
  /** An event type, or `statement`: the events of that type and the dated statements. */
  type?: string | undefined;
}

/**
 * Items per start year from the maintained counts ('' : no start), or null when documents are still marked dirty
 * (then only a count from scratch is right).
 */
export async function maintainedYearCounts(
  db: SqlRunner,
  filter: YearCountFilter,
): Promise<Array<{ year: string | null; n: unknown }> | null> {
  if ((await db.all('SELECT document_id FROM timeline_dirty LIMIT 1')).length > 0) return null;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.documentKind) {
    where.push('kind = ?');
    params.push(filter.documentKind);
  }
  if (filter.type === 'statement') where.push(`(source = 'time' OR (source = 'event' AND type = 'statement'))`);
  else if (filter.type) {
    where.push(`source = 'event' AND type = ?`);
    params.push(filter.type);
  }
  const rows = await db.all<{ year: string; n: unknown }>(
    `SELECT year, sum(n) AS n FROM timeline_year_counts
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY year`,
    params,
  );
  return rows.map((row) => ({ year: row.year === '' ? null : row.year, n: row.n }));
}

/** A count of the collection's items per kind, source, type and year. */
export interface YearCountRow {
  kind: string;
  source: string;
  type: string;
  year: string;
  n: number;
}

const sortedCounts = (rows: PartRow[]): YearCountRow[] =>
  rows
    .map((row) => ({ kind: row.kind, source: row.source, type: row.type, year: row.year, n: Number(row.n) }))
    .filter((row) => row.n !== 0)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

/** The maintained counts, in key order. */
export async function storedYearCounts(db: SqlRunner): Promise<YearCountRow[]> {
  return sortedCounts(await db.all<PartRow>('SELECT kind, source, type, year, n FROM timeline_year_counts'));
}

/** The counts computed from every latest document's rows (what the maintained counts must equal), in key order. */
export async function recountedYearCounts(db: SqlRunner): Promise<YearCountRow[]> {
  const parts = [
    ...(await db.all<PartRow>(eventPartsSql('1 = 1'))),
    ...(await db.all<PartRow>(statementPartsSql('1 = 1'))),
  ];
  const sums = new Map<string, PartRow & { total: number }>();
  for (const row of parts) {
    const entry = sums.get(keyOf(row)) ?? { ...row, total: 0 };
    entry.total += Number(row.n);
    sums.set(keyOf(row), entry);
  }
  return sortedCounts([...sums.values()].map((entry) => ({ ...entry, n: entry.total })));
}
