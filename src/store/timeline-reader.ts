// The timeline (events and dated statements of the latest versions of profiles and sources),
// written once over SQL for both backends: one page in time order, read from the indexes of the
// time bounds stored on events and times (`earliest`, `latest`: ISO dates parsed from EDTF at save),
// keyset-paged on (earliest, document, table, position) with the undated items last; filtered by
// actor, document kind, type and an overlapping date range. The page's participants, places and
// dating words are read for its own rows only, so the cost is that of one page. Also the number of
// items per year (the timeline's overview: the collection's from the counts of timeline-years.ts,
// one actor's from its rows), and the bounds every store writes.
import { edtfBounds, type DocumentKind, type Event } from '../model/index.js';

type EventType = Event['type'];
import { fromJson } from './rows.js';
import type { SqlRunner } from './editorial.js';
import { maintainedYearCounts, noEventInSentence, statementSentenceJoin } from './timeline-years.js';

export interface TimeBounds {
  earliest: string | null;
  latest: string | null;
}

/** The first and last day an EDTF value covers (null where it is open or unreadable). */
export function timeBoundsOf(value: string): TimeBounds {
  try {
    return edtfBounds(value);
  } catch {
    return { earliest: null, latest: null };
  }
}

/**
 * An event's bounds: of its date (what the timeline shows, and what an editor corrects), else of
 * the time the text gives it (`valid`, which may be an interval).
 */
export function eventBoundsOf(event: Pick<Event, 'date' | 'valid'>): TimeBounds {
  const value = event.date ?? event.valid;
  return value ? timeBoundsOf(value) : { earliest: null, latest: null };
}

export type TimelineEntryType = EventType | 'statement';

/** Where a page ends: the sort key of its last item. `table` 0: events, 1: times. */
export interface TimelineCursor {
  earliest: string | null;
  document: number;
  table: 0 | 1;
  position: number;
}

export interface TimelineQuery {
  /** Items to return at most (1..1000). */
  limit: number;
  after?: TimelineCursor | undefined;
  actor?: string | undefined;
  documentKind?: DocumentKind | undefined;
  type?: TimelineEntryType | undefined;
  /** ISO date: items ending before it are left out (and those with no end). */
  from?: string | undefined;
  /** ISO date: items starting after it are left out (and those with no start). */
  to?: string | undefined;
}

export interface TimelineEntry {
  id: string;
  kind: 'event' | 'statement';
  type: TimelineEntryType;
  actor: string;
  actorName: string;
  documentKind: DocumentKind;
  publisher: string | null;
  version: number;
  date: string | null;
  earliest: string | null;
  latest: string | null;
  participants: Array<{ id: string; name: string }>;
  place: { id: string; name: string } | null;
  dateText: string | null;
  evidence: { actor: string; version: number; start: number; end: number; text: string; actorName?: string };
}

export interface TimelinePage {
  items: TimelineEntry[];
  /** The cursor of the following page; null on the last page. */
  next: TimelineCursor | null;
}

export interface TimelineYears {
  /** Items per year of their start, earliest year first. */
  years: Array<{ year: number; count: number }>;
  /** Items with no start. */
  undated: number;
}

interface BaseRow {
  document_id: unknown;
  position: unknown;
  earliest: string | null;
  latest: string | null;
  actor: string;
  actor_name: string;
  version: unknown;
  kind: string | null;
  publisher: string | null;
  n: unknown;
  s_start: unknown;
  s_end: unknown;
  s_text: string | null;
}
interface EventRow extends BaseRow {
  type: string;
  date: string | null;
  actors: unknown;
  place: string | null;
  span_start: unknown;
  span_end: unknown;
  fallback_text: string | null;
}
interface TimeRow extends BaseRow {
  text: string;
  value: string;
}

type Row = { table: 0; row: EventRow } | { table: 1; row: TimeRow };

/** The largest integer column value (positions are 32-bit integers on PostgreSQL). */
const maxInteger = 2147483647;

const notRejected = (alias: string) => `${alias}.review_status <> 'rejected'`;

/** The columns of an event's page row (its document's, its sentence's, its rank among the document's events). */
const eventColumns = `e.document_id, e.position, e.type, e.date, e.actors, e.place, e.earliest, e.latest,
              e.span_start, e.span_end,
              a.id AS actor, a.name AS actor_name, d.version, a.kind,
              CASE WHEN a.kind = 'source' THEN d.publisher END AS publisher,
              s.span_start AS s_start, s.span_end AS s_end, s.text AS s_text,
              CASE WHEN s.span_start IS NULL
                THEN substr(d.text, e.span_start + 1, e.span_end - e.span_start)
              END AS fallback_text,
              (SELECT count(*) FROM events p
               WHERE p.document_id = e.document_id AND p.position < e.position AND ${notRejected('p')}) AS n`;

/** The sentence holding an event: the last to start at or before it (from the index), if it ends after it. */
const eventSentenceJoin = `LEFT JOIN sentences s ON s.document_id = e.document_id
         AND s.span_end > e.span_start
         AND s.span_start = (
           SELECT max(q.span_start) FROM sentences q
           WHERE q.document_id = e.document_id AND q.span_start <= e.span_start
         )`;

/** The columns of a dated statement's page row (its rank among the times of its sentence). */
const timeColumns = `t.document_id, t.position, t.text, t.value, t.earliest, t.latest,
                a.id AS actor, a.name AS actor_name, d.version, a.kind,
                CASE WHEN a.kind = 'source' THEN d.publisher END AS publisher,
                s.span_start AS s_start, s.span_end AS s_end, s.text AS s_text,
                (SELECT count(*) FROM times p
                 WHERE p.document_id = t.document_id AND ${notRejected('p')}
                   AND p.span_start >= s.span_start AND p.span_end <= s.span_end
                   AND (p.span_start < t.span_start OR (p.span_start = t.span_start AND p.position < t.position))
                ) AS n`;

/** The timeline's order: start (undated last within a segment), document, events before times, position. */
function byTimelineKey(a: Row, b: Row): number {
  const ea = a.row.earliest ?? '';
  const eb = b.row.earliest ?? '';
  if (ea !== eb) return ea < eb ? -1 : 1;
  return (
    Number(a.row.document_id) - Number(b.row.document_id) ||
    a.table - b.table ||
    Number(a.row.position) - Number(b.row.position)
  );
}

export class TimelineReader {
  /** `byteOrder`: the SQL that orders text bytewise on this backend (PostgreSQL's default collation would not). */
  constructor(
    private readonly db: SqlRunner,
    private readonly byteOrder: string,
    private readonly kind: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  async page(query: TimelineQuery): Promise<TimelinePage> {
    const limit = query.limit;
    const after = query.after;
    const rows: Row[] = [];
    // The dated items first (unless the cursor is already past them), then the undated ones.
    if (!after || after.earliest !== null) rows.push(...(await this.segment(query, true, limit + 1)));
    if (rows.length <= limit && !query.to) rows.push(...(await this.segment(query, false, limit + 1 - rows.length)));
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const items = await this.hydrate(page);
    const last = page[page.length - 1];
    return {
      items,
      next:
        more && last
          ? {
              earliest: last.row.earliest,
              document: Number(last.row.document_id),
              table: last.table,
              position: Number(last.row.position),
            }
          : null,
    };
  }

  /**
   * Items per year of their start, with the same filters as a page (but no date range): the collection's from the
   * counts maintained at every write (timeline-years.ts), one actor's from its own rows.
   */
  async years(query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>): Promise<TimelineYears> {
    const counts = new Map<string | null, number>();
    const add = (rows: Array<{ year: string | null; n: unknown }>) => {
      for (const row of rows) counts.set(row.year, (counts.get(row.year) ?? 0) + Number(row.n));
    };
    const maintained =
      query.actor === undefined
        ? await maintainedYearCounts(this.db, { documentKind: query.documentKind, type: query.type })
        : null;
    if (maintained) add(maintained);
    else await this.countYears(query, add);
    const years = [...counts]
      .filter((entry): entry is [string, number] => entry[0] !== null && /^\d{4}$/.test(entry[0]))
      .map(([year, count]) => ({ year: Number(year), count }))
      .sort((a, b) => a.year - b.year);
    return { years, undated: counts.get(null) ?? 0 };
  }

  /** Counts the items per year from their rows (one actor's, or the collection's while counts are unsettled). */
  private async countYears(
    query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>,
    add: (rows: Array<{ year: string | null; n: unknown }>) => void,
  ): Promise<void> {
    const eventFilter = this.filters('e', query);
    add(
      await this.db.all(
        `SELECT substr(e.earliest, 1, 4) AS year, count(*) AS n
         FROM events e
         JOIN actors a ON a.latest_document_id = e.document_id
         WHERE ${[notRejected('e'), ...eventFilter.where].join(' AND ')}
         GROUP BY substr(e.earliest, 1, 4)`,
        eventFilter.params,
      ),
    );
    if (!query.type || query.type === 'statement') {
      const { where, params } = this.filters('t', query);
      add(
        await this.db.all(
          `SELECT substr(t.earliest, 1, 4) AS year, count(*) AS n
           FROM times t
           JOIN actors a ON a.latest_document_id = t.document_id
           ${statementSentenceJoin}
           WHERE ${[notRejected('t'), noEventInSentence, ...where].join(' AND ')}
           GROUP BY substr(t.earliest, 1, 4)`,
          params,
        ),
      );
    }
  }

  private filters(
    alias: 'e' | 't',
    query: Omit<TimelineQuery, 'limit' | 'after'>,
  ): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.actor !== undefined) {
      where.push('a.id = ?');
      params.push(query.actor);
    }
    if (query.documentKind) {
      where.push('a.kind = ?');
      params.push(query.documentKind);
    }
    // `statement` is also a type of event: those events and the dated statements.
    if (alias === 'e' && query.type) {
      where.push('e.type = ?');
      params.push(query.type);
    }
    if (query.from) {
      where.push(`${alias}.latest${this.byteOrder} >= ?`);
      params.push(query.from);
    }
    if (query.to) {
      where.push(`${alias}.earliest${this.byteOrder} <= ?`);
      params.push(query.to);
    }
    return { where, params };
  }

  /** Up to `limit` rows of events and times, dated or undated, after the cursor, merged in key order. */
  private async segment(query: TimelineQuery, dated: boolean, limit: number): Promise<Row[]> {
    const o = this.byteOrder;
    const keyset = (alias: 'e' | 't', table: 0 | 1): { where: string[]; params: unknown[] } => {
      const after = query.after;
      const where = [dated ? `${alias}.earliest IS NOT NULL` : `${alias}.earliest IS NULL`];
      const params: unknown[] = [];
      // No cursor, or one in the dated items while reading the undated ones: from the start.
      if (!after || (!dated && after.earliest !== null)) return { where, params };
      // Past the cursor's document: every row of a later document, and of the same document the rows
      // after it (an events cursor is before every time of its document; a times cursor after every event).
      const position = table === after.table ? after.position : table < after.table ? maxInteger : -1;
      const sameDocument = `(${alias}.document_id > ? OR (${alias}.document_id = ? AND ${alias}.position > ?))`;
      if (dated && after.earliest !== null) {
        where.push(`${alias}.earliest${o} >= ?`, `(${alias}.earliest${o} > ? OR ${sameDocument})`);
        params.push(after.earliest, after.earliest, after.document, after.document, position);
      } else {
        where.push(sameDocument);
        params.push(after.document, after.document, position);
      }
      return { where, params };
    };
    const order = (alias: 'e' | 't') =>
      `${dated ? `${alias}.earliest${o}, ` : ''}${alias}.document_id, ${alias}.position`;
    const rows: Row[] = [];
    // Columns of `documents` after its text (publisher, the text itself) are read only where needed:
    // reaching them walks the text's overflow pages.
    const eventFilter = this.filters('e', query);
    const eventPage = keyset('e', 0);
    const events = await this.db.all<EventRow>(
      `SELECT ${eventColumns}
       FROM events e
       JOIN actors a ON a.latest_document_id = e.document_id
       JOIN documents d ON d.id = e.document_id
       ${eventSentenceJoin}
       WHERE ${[notRejected('e'), ...eventPage.where, ...eventFilter.where].join(' AND ')}
       ORDER BY ${order('e')} LIMIT ?`,
      [...eventPage.params, ...eventFilter.params, limit],
    );
    rows.push(...events.map((row) => ({ table: 0 as const, row })));
    if (!query.type || query.type === 'statement') {
      const filter = this.filters('t', query);
      const page = keyset('t', 1);
      // The statements from their own index (timeline-statements.ts) once every write is settled; the test of each
      // time's sentence stays (it is what the flag keeps), made on the statements only.
      const settled = await this.statementsSettled();
      const windowed = settled && query.actor === undefined && !query.documentKind;
      const flagged = settled ? ['t.is_statement = 1'] : [];
      const times =
        (windowed ? await this.statementWindow(order('t'), page, filter, limit) : null) ??
        (await this.db.all<TimeRow>(
          `SELECT ${timeColumns}
           FROM times t
           JOIN actors a ON a.latest_document_id = t.document_id
           JOIN documents d ON d.id = t.document_id
           ${statementSentenceJoin}
           WHERE ${[notRejected('t'), ...flagged, ...page.where, ...filter.where, noEventInSentence].join(' AND ')}
           ORDER BY ${order('t')} LIMIT ?`,
          [...page.params, ...filter.params, limit],
        ));
      rows.push(...times.map((row) => ({ table: 1 as const, row })));
    }
    return rows.sort(byTimelineKey).slice(0, limit);
  }

  /**
   * A page of the flagged statements (no actor or kind filter): the next `limit × 4 + 32` statements in the page's
   * order read from their index first (a materialised window), then joined to their actors, documents and sentences.
   * PostgreSQL planned the one statement as a join of every statement to its sentence, sorted (it guessed 230 rows
   * where there were 118,000: 1.3-2.6 s for the first page at 20,000 documents). The window drops the statements of
   * earlier versions only (the flag is the sentence test), so it holds the page unless most of it is earlier
   * versions': then (the page short and the window full) null, and the caller reads the page the old way.
   */
  private async statementWindow(
    order: string,
    page: { where: string[]; params: unknown[] },
    filter: { where: string[]; params: unknown[] },
    limit: number,
  ): Promise<TimeRow[] | null> {
    const size = limit * 4 + 32;
    // SQLite is told the index (on a small table it would rather sort every statement).
    const statements = `times t${this.kind === 'sqlite' ? ' INDEXED BY times_statements_by_earliest' : ''}`;
    const window = `SELECT t.* FROM ${statements}
      WHERE ${[notRejected('t'), 't.is_statement = 1', ...page.where, ...filter.where].join(' AND ')}
      ORDER BY ${order} LIMIT ?`;
    const params = [...page.params, ...filter.params, size];
    const times = await this.db.all<TimeRow>(
      `WITH w AS MATERIALIZED (${window})
       SELECT ${timeColumns}
       FROM w t
       JOIN actors a ON a.latest_document_id = t.document_id
       JOIN documents d ON d.id = t.document_id
       ${statementSentenceJoin}
       WHERE ${noEventInSentence}
       ORDER BY ${order} LIMIT ?`,
      [...params, limit],
    );
    if (times.length >= limit) return times;
    const [read] = await this.db.all<{ n: unknown }>(`SELECT count(*) AS n FROM (${window}) w`, params);
    return Number(read?.n ?? 0) < size ? times : null;
  }

  /**
   * Whether the times' statement flags are current: no document is left marked by a write (a restore writes rows
   * outside a write transaction; the next write settles them).
   */
  private async statementsSettled(): Promise<boolean> {
    return (await this.db.all('SELECT document_id FROM timeline_dirty LIMIT 1')).length === 0;
  }

  /** The page's rows as timeline items: entity names, the words that date an event, statements' participants. */
  private async hydrate(page: Row[]): Promise<TimelineEntry[]> {
    if (page.length === 0) return [];
    const events = page.filter((item): item is Extract<Row, { table: 0 }> => item.table === 0).map((item) => item.row);
    const times = page.filter((item): item is Extract<Row, { table: 1 }> => item.table === 1).map((item) => item.row);
    const mentionsBySentence = await this.statementParticipants(times);
    const timesBySentence = await this.eventSentenceTimes(events);
    const eventActors = new Map<EventRow, string[]>();
    for (const row of events) eventActors.set(row, (fromJson(row.actors) as string[] | null) ?? []);
    const names = await this.entityNames(events, eventActors);
    const named = (id: string) => ({ id, name: names.get(id) ?? id });
    return page.map((item): TimelineEntry => {
      if (item.table === 0) {
        const row = item.row;
        return eventEntry(
          row,
          (eventActors.get(row) ?? []).map(named),
          row.place ? named(row.place) : null,
          timesBySentence,
        );
      }
      const row = item.row;
      return statementEntry(row, mentionsBySentence.get(`${Number(row.document_id)}:${Number(row.s_start)}`) ?? []);
    });
  }

  /** Rows of `alias` inside the sentences, asked for 100 sentences at a time (SQLite caps an expression's depth). */
  private async inSentences<T>(
    alias: string,
    spans: Array<[number, number, number]>,
    query: (where: string) => string,
  ): Promise<T[]> {
    const rows: T[] = [];
    for (let i = 0; i < spans.length; i += 100) {
      const chunk = spans.slice(i, i + 100);
      const where = chunk
        .map(() => `(${alias}.document_id = ? AND ${alias}.span_start >= ? AND ${alias}.span_end <= ?)`)
        .join(' OR ');
      rows.push(...(await this.db.all<T>(query(where), chunk.flat())));
    }
    return rows;
  }

  /** The entities mentioned in the statements' sentences, by `document:sentence start`, each once in text order. */
  private async statementParticipants(times: TimeRow[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
    const mentionsBySentence = new Map<string, Array<{ id: string; name: string }>>();
    const statementSpans = sentenceSpans(times);
    if (statementSpans.length === 0) return mentionsBySentence;
    const mentions = await this.inSentences<{
      document_id: unknown;
      span_start: unknown;
      span_end: unknown;
      position: unknown;
      entity_id: string;
      name: string | null;
    }>(
      'm',
      statementSpans,
      (where) => `SELECT m.document_id, m.span_start, m.span_end, m.position, m.entity_id, e.name
        FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id
        WHERE ${notRejected('m')} AND (${where})`,
    );
    mentions.sort(byTextOrder);
    for (const [document, start, end] of statementSpans) {
      const names = new Map<string, string>();
      for (const m of mentions) {
        if (
          Number(m.document_id) !== document ||
          Number(m.span_start) < start ||
          Number(m.span_end) > end ||
          names.has(m.entity_id)
        )
          continue;
        names.set(m.entity_id, m.name ?? m.entity_id);
      }
      mentionsBySentence.set(
        `${document}:${start}`,
        [...names].map(([id, name]) => ({ id, name })),
      );
    }
    return mentionsBySentence;
  }

  /** The times inside the sentences of the dated events, by `document:sentence start`, in text order. */
  private async eventSentenceTimes(events: EventRow[]): Promise<Map<string, SentenceTime[]>> {
    const timesBySentence = new Map<string, SentenceTime[]>();
    const eventSpans = sentenceSpans(events.filter((row) => row.date !== null));
    if (eventSpans.length === 0) return timesBySentence;
    const found = await this.inSentences<{
      document_id: unknown;
      span_start: unknown;
      span_end: unknown;
      position: unknown;
      text: string;
      value: string;
    }>(
      't',
      eventSpans,
      (where) =>
        `SELECT t.document_id, t.span_start, t.span_end, t.position, t.text, t.value FROM times t WHERE ` +
        `${notRejected('t')} AND (${where})`,
    );
    found.sort(byTextOrder);
    for (const [document, start, end] of eventSpans) {
      timesBySentence.set(
        `${document}:${start}`,
        found
          .filter(
            (t) => Number(t.document_id) === document && Number(t.span_start) >= start && Number(t.span_end) <= end,
          )
          .map((t) => ({ start: Number(t.span_start), text: t.text, value: t.value })),
      );
    }
    return timesBySentence;
  }

  /** The names of the events' participants and places, by entity id. */
  private async entityNames(events: EventRow[], eventActors: Map<EventRow, string[]>): Promise<Map<string, string>> {
    const entityIds = new Set<string>();
    for (const row of events) {
      for (const id of eventActors.get(row) ?? []) entityIds.add(id);
      if (row.place) entityIds.add(row.place);
    }
    const names = new Map<string, string>();
    if (entityIds.size > 0) {
      const ids = [...entityIds];
      for (const row of await this.db.all<{ id: string; name: string }>(
        `SELECT id, name FROM entities WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )) {
        names.set(row.id, row.name);
      }
    }
    return names;
  }
}

interface SentenceTime {
  start: number;
  text: string;
  value: string;
}

/** Sentences whose words we need: the mentions of a statement's, the times of a dated event's. */
function sentenceSpans(rows: BaseRow[]): Array<[number, number, number]> {
  const seen = new Map<string, [number, number, number]>();
  for (const row of rows) {
    if (row.s_start === null || row.s_start === undefined) continue;
    const span: [number, number, number] = [Number(row.document_id), Number(row.s_start), Number(row.s_end)];
    seen.set(span.join(':'), span);
  }
  return [...seen.values()];
}

const byTextOrder = (
  a: { document_id: unknown; span_start: unknown; position: unknown },
  b: { document_id: unknown; span_start: unknown; position: unknown },
): number =>
  Number(a.document_id) - Number(b.document_id) ||
  Number(a.span_start) - Number(b.span_start) ||
  Number(a.position) - Number(b.position);

/** What events and statements share: the actor, its document and the item's time bounds. */
const baseEntry = (row: BaseRow) => ({
  actor: row.actor,
  actorName: row.actor_name,
  documentKind: (row.kind === 'source' ? 'source' : 'profile') as DocumentKind,
  publisher: row.publisher ?? null,
  version: Number(row.version),
  earliest: row.earliest ?? null,
  latest: row.latest ?? null,
});

/** An event as a timeline item, with the words of its sentence that date it. */
function eventEntry(
  row: EventRow,
  participants: Array<{ id: string; name: string }>,
  place: { id: string; name: string } | null,
  timesBySentence: Map<string, SentenceTime[]>,
): TimelineEntry {
  const hasSentence = row.s_start !== null && row.s_start !== undefined;
  const start = hasSentence ? Number(row.s_start) : Number(row.span_start);
  const end = hasSentence ? Number(row.s_end) : Number(row.span_end);
  const dateTime =
    row.date && hasSentence
      ? timesBySentence.get(`${Number(row.document_id)}:${start}`)?.find((t) => t.value === row.date)
      : undefined;
  return {
    ...baseEntry(row),
    id: `${row.actor}:e${Number(row.n)}`,
    kind: 'event',
    type: row.type as EventType,
    date: row.date ?? null,
    participants,
    place,
    dateText: dateTime?.text ?? null,
    evidence: {
      actor: row.actor,
      version: Number(row.version),
      start,
      end,
      text: (hasSentence ? row.s_text : row.fallback_text) ?? '',
    },
  };
}

/** A dated statement (a time inside a sentence) as a timeline item, with the sentence's entities. */
function statementEntry(row: TimeRow, participants: Array<{ id: string; name: string }>): TimelineEntry {
  const start = Number(row.s_start);
  return {
    ...baseEntry(row),
    id: `${row.actor}:s${start}.${Number(row.n)}`,
    kind: 'statement',
    type: 'statement',
    date: row.value,
    participants,
    place: null,
    dateText: row.text,
    evidence: {
      actor: row.actor,
      actorName: row.actor_name,
      version: Number(row.version),
      start,
      end: Number(row.s_end),
      text: row.s_text ?? '',
    },
  };
}
