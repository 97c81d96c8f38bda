// What the checks of one actor read, written once over SQL for both backends: the actor's latest
// version, the relations of other documents (latest versions of profiles and sources) that
// contradict one of its relations (the same subject, predicate and object, either way round for
// `borders`, of the other polarity, at a time that overlaps: the stored bounds of claim-bounds.ts),
// at most as many of each kind as a finding lists (relatedClaimLimit), sought in
// relations_by_claim, and the dated events of
// other profiles of the same type and place as one of its dated events and of dates that do not
// overlap its date (events by place, with their time bounds of migration 12), each with
// the sentence holding it. The checks then run over these rows and the actor's own versions, so
// their cost follows the actor's claims, not the size of the collection (a claim's sentence is found by a seek on
// the sentence spans, not a range over every earlier sentence of a long document). The rows are a superset:
// the checker itself decides what conflicts.
// For keeping the whole collection's findings up to date without checking every document again: which actors the
// writes since a point changed (checkChanges: the audit trail and the documents added since), and which profiles'
// findings a document's claims can take part in (checkPartners).
import { parseFactId, sqlPlaceholders, type SqlRunner } from './editorial.js';
import { fromJson } from './rows.js';
import { overlappingTenses, relatedClaimLimit, type ClaimTense } from '../model/index.js';

/** The document a claim row belongs to: the latest version of a profile or a source. */
export interface CheckedDocumentRow {
  /** Actor (or source) id, its name as the actor list sorts it, and the name its document gives. */
  actor: string;
  listName: string;
  actorName: string;
  kind: 'profile' | 'source';
  version: number;
  /** The document's date: publication date, else "as of". */
  date: string | null;
  /** The sentence holding the claim (start, end, text); absent: the claim's own span and words. */
  sentence: { start: number; end: number; text: string };
  position: number;
}

export interface CheckedRelationRow extends CheckedDocumentRow {
  subject: string;
  predicate: string;
  object: string;
  negated: boolean;
  valid: string | null;
  current: boolean;
  start: number;
  end: number;
}

export interface CheckedEventRow extends CheckedDocumentRow {
  type: string;
  eventDate: string | null;
  actors: string[];
  place: string | null;
  valid: string | null;
  current: boolean;
  start: number;
  end: number;
}

export interface CheckNeighbourhood {
  /** The actor (a profile), its name as the actor list sorts it, and its latest version. */
  actor: { id: string; name: string; latestVersion: number };
  /** Relations of other documents that may contradict one of the actor's. */
  relations: CheckedRelationRow[];
  /** Dated events of other profiles of the same type and place as one of the actor's. */
  events: CheckedEventRow[];
  /**
   * The names of the entities of the actor's versions and claims that a latest version of any document holds: the
   * names the whole collection gives them.
   */
  entityNames: Array<{ id: string; name: string }>;
}

/** A point in the history of the data: the last audit entry and the last document written. */
export interface CheckChangeMarker {
  audit: number;
  document: number;
}

/**
 * The actors whose documents or facts were written between `since` and `marker`; null when that cannot be told (a
 * renamed or merged entity changes the words of every finding, a restore replaces the collection, too many writes).
 */
export interface CheckChanges {
  marker: CheckChangeMarker;
  actors: string[] | null;
}

/** Audit actions that change no check: account work, and a new entity (no existing claim names it). */
const neutralActions = /^(user|token|session)\.|^entity\.create$/;
/** A gap in the audit ids younger than this may be a transaction still to commit (PostgreSQL's sequences). */
const gapGraceMs = 60_000;

/**
 * The audit id up to which every entry is committed, as far as can be told: on PostgreSQL a transaction may commit
 * after another that took a higher id, so the marker stops before a recent gap in the ids (the entries after it are
 * read again the next time, which costs only their actors' checks once more); an older gap is a rolled back write.
 */
function settledUpTo(since: number, entries: ReadonlyArray<{ id: unknown; at: unknown }>, top: number): number {
  let expected = since + 1;
  for (const entry of entries) {
    const id = Number(entry.id);
    const at = entry.at instanceof Date ? entry.at.getTime() : Date.parse(String(entry.at));
    if (id !== expected && !(Date.now() - at > gapGraceMs)) return expected - 1;
    expected = id + 1;
  }
  return top;
}

/** More audit entries than this since the last computation: the collection is checked again from scratch. */
const maxChanges = 2000;

const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

const documentColumns = `a.id AS actor, a.name AS list_name, d.actor_name, a.kind, d.version, d.published, d.as_of,
  s.span_start AS s_start, s.span_end AS s_end,
  CASE WHEN s.span_start IS NULL THEN substr(d.text, x.span_start + 1, x.span_end - x.span_start) ELSE s.text END
    AS s_text`;
const documentJoins = `JOIN actors a ON a.latest_document_id = x.document_id
  JOIN documents d ON d.id = x.document_id
  LEFT JOIN sentences s ON s.document_id = x.document_id AND s.span_end > x.span_start
    AND s.review_status <> 'rejected' AND s.span_start = (SELECT max(s2.span_start) FROM sentences s2
      WHERE s2.document_id = x.document_id AND s2.span_start <= x.span_start AND s2.review_status <> 'rejected')`;

type Row = Record<string, unknown>;

/** An event's parties: a JSON array on SQLite, an array on PostgreSQL. */

function documentOf(row: Row): CheckedDocumentRow {
  const spanStart = Number(row.span_start);
  const found = row.s_start !== null && row.s_start !== undefined;
  return {
    actor: String(row.actor),
    listName: String(row.list_name),
    actorName: String(row.actor_name),
    kind: row.kind === 'source' ? 'source' : 'profile',
    version: Number(row.version),
    date: (row.published as string | null) ?? (row.as_of as string | null) ?? null,
    sentence: {
      start: found ? Number(row.s_start) : spanStart,
      end: found ? Number(row.s_end) : Number(row.span_end),
      text: String(row.s_text ?? ''),
    },
    position: Number(row.position),
  };
}

/** Adds a row's position to the positions wanted of its document (the candidates a read then fetches whole). */
function addPosition(wanted: Map<number, Set<number>>, row: Row): void {
  const id = Number(row.document_id);
  let positions = wanted.get(id);
  if (!positions) wanted.set(id, (positions = new Set()));
  positions.add(Number(row.position));
}

export class ChecksReader {
  /**
   * `collation`: appended to the comparisons of ISO dates (' COLLATE "C"' on PostgreSQL, '' on SQLite); `dialect`:
   * which backend reads (PostgreSQL's audit ids may commit out of order).
   */
  constructor(
    private readonly db: SqlRunner,
    private readonly collation: string,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {
    this.literals = dialect === 'sqlite' ? { true: '1', false: '0' } : { true: 'true', false: 'false' };
  }

  /** The literals of a boolean column. */
  private readonly literals: { true: string; false: string };

  /** The rows the checks of profile `actor` read besides its own versions; null when no profile has that id. */
  async neighbourhood(actor: string): Promise<CheckNeighbourhood | null> {
    const [own] = await this.db.all<Row>(
      `SELECT a.id, a.name, d.version, d.id AS document_id
       FROM actors a JOIN documents d ON d.id = a.latest_document_id
       WHERE a.id = ? AND a.kind = 'profile'`,
      [actor],
    );
    if (!own) return null;
    const document = Number(own.document_id);
    const [relations, events, entityNames] = await Promise.all([
      this.relations(document, actor, true),
      this.events(document, actor),
      this.entityNames(document, actor),
    ]);
    return {
      actor: { id: String(own.id), name: String(own.name), latestVersion: Number(own.version) },
      relations,
      events,
      entityNames,
    };
  }

  /**
   * The relations of other documents (latest versions) that contradict one of the actor's at a time that overlaps
   * its own: for each of its claims, the claims with the same words (either way round for `borders`), the other
   * polarity and a time that can overlap (the stored bounds and tense of claim-bounds.ts, sought in
   * relations_by_claim), then their rows. `limited`: of each kind of document (profile, source) only the first
   * relatedClaimLimit by actor id and place, as many as a finding lists; else all (the partners of a write, whose
   * findings may list any of them).
   */
  private async relations(document: number, actor: string, limited: boolean): Promise<CheckedRelationRow[]> {
    const mine = await this.db.all<Row>(
      `SELECT DISTINCT subject, predicate, object, negated, tense, earliest, latest FROM relations
       WHERE document_id = ? AND tense IS NOT NULL`,
      [document],
    );
    const wanted = new Map<number, Set<number>>();
    for (const claim of mine) {
      for (const row of await this.db.all<Row>(...this.opposites(claim, actor, limited))) addPosition(wanted, row);
    }
    if (wanted.size === 0) return [];
    const ids = [...wanted.keys()];
    const rows = await this.db.all<Row>(
      `SELECT x.document_id, x.position, x.subject, x.predicate, x.object, x.negated, x.valid, x.current,
         x.span_start, x.span_end, ${documentColumns}
       FROM relations x
       ${documentJoins}
       WHERE x.document_id IN (${sqlPlaceholders(ids.length)}) AND a.id <> ? AND x.review_status <> 'rejected'`,
      [...ids, actor],
    );
    return rows
      .filter((row) => wanted.get(Number(row.document_id))?.has(Number(row.position)))
      .map((row) => ({
        ...documentOf(row),
        subject: String(row.subject),
        predicate: String(row.predicate),
        object: String(row.object),
        negated: truthy(row.negated),
        valid: (row.valid as string | null) ?? null,
        current: row.current === null || row.current === undefined ? true : truthy(row.current),
        start: Number(row.span_start),
        end: Number(row.span_end),
      }));
  }

  /** The SQL and parameters of the claims of other documents that contradict `claim` (one of the actor's). */
  private opposites(claim: Row, actor: string, limited: boolean): [string, unknown[]] {
    const c = this.collation;
    const [subject, object] = [String(claim.subject), String(claim.object)];
    // Either way round for a symmetric predicate.
    const ends =
      claim.predicate === 'borders' && subject !== object
        ? [
            [subject, object],
            [object, subject],
          ]
        : [[subject, object]];
    const opposite = truthy(claim.negated) ? this.literals.false : this.literals.true;
    const tenses = overlappingTenses(Number(claim.tense) as ClaimTense).join(', ');
    const one = `SELECT x.document_id, x.position, x.span_start, a.id AS actor, a.kind FROM relations x
      JOIN actors a ON a.latest_document_id = x.document_id
      WHERE x.subject = ? AND x.predicate = ? AND x.object = ? AND x.negated = ${opposite} AND x.tense IN (${tenses})
        AND x.latest${c} >= ? AND x.earliest${c} <= ? AND x.review_status <> 'rejected' AND a.id <> ?`;
    const union = ends.map(() => one).join('\nUNION ALL\n');
    const params = ends.flatMap(([s, o]) => [s, claim.predicate, o, claim.earliest, claim.latest, actor]);
    if (!limited) return [`SELECT document_id, position FROM (${union}) hit`, params];
    return [
      `SELECT document_id, position FROM (
         SELECT document_id, position,
           row_number() OVER (PARTITION BY kind ORDER BY actor${c}, span_start, position) AS n
         FROM (${union}) hit
       ) ranked WHERE n <= ?`,
      [...params, relatedClaimLimit],
    ];
  }

  /**
   * Events of other profiles with the type, place and parties (as a set) of one of the actor's dated events and dates
   * that do not overlap its date: first the candidates by type and place from the index, then their rows.
   */
  private async events(document: number, actor: string): Promise<CheckedEventRow[]> {
    const mine = await this.db.all<Row>(
      `SELECT DISTINCT type, place, parties, earliest, latest FROM events
       WHERE document_id = ? AND parties IS NOT NULL AND earliest IS NOT NULL AND latest IS NOT NULL`,
      [document],
    );
    const wanted = new Map<number, Set<number>>();
    for (const event of mine) {
      // The events of that place and type between the same parties (their set, stored: event-parties.ts), sought
      // in events_by_parties.
      const candidates = await this.db.all<Row>(
        `SELECT e.document_id, e.position FROM events e
         WHERE e.place = ? AND e.type = ? AND e.parties = ?
           AND (e.latest${this.collation} < ? OR e.earliest${this.collation} > ?)`,
        [event.place, event.type, event.parties, event.earliest, event.latest],
      );
      for (const row of candidates) addPosition(wanted, row);
    }
    if (wanted.size === 0) return [];
    const ids = [...wanted.keys()];
    const rows = await this.db.all<Row>(
      `SELECT x.document_id, x.position, x.type, x.date AS event_date, x.actors AS event_actors, x.place, x.valid,
         x.current, x.span_start, x.span_end, ${documentColumns}
       FROM events x
       ${documentJoins}
       WHERE x.document_id IN (${sqlPlaceholders(ids.length)}) AND x.date IS NOT NULL
         AND a.id <> ? AND a.kind = 'profile' AND x.review_status <> 'rejected'`,
      [...ids, actor],
    );
    return rows
      .filter((row) => wanted.get(Number(row.document_id))?.has(Number(row.position)))
      .map((row) => ({
        ...documentOf(row),
        type: String(row.type),
        eventDate: (row.event_date as string | null) ?? null,
        actors: fromJson<string[]>(row.event_actors),
        place: (row.place as string | null) ?? null,
        valid: (row.valid as string | null) ?? null,
        current: row.current === null || row.current === undefined ? true : truthy(row.current),
        start: Number(row.span_start),
        end: Number(row.span_end),
      }));
  }

  /** The current marker, and (given a `since`) the actors written since it. */
  async changes(since: CheckChangeMarker | null): Promise<CheckChanges> {
    const [top] = await this.db.all<Row>(
      'SELECT (SELECT max(id) FROM audit_log) AS audit, (SELECT max(id) FROM documents) AS document',
    );
    const marker = { audit: Number(top?.audit ?? 0), document: Number(top?.document ?? 0) };
    if (!since && this.dialect === 'postgres') {
      // A transaction holding a lower id may commit after this read: start before the recent entries.
      const [settled] = await this.db.all<Row>('SELECT max(id) AS audit FROM audit_log WHERE at < ?', [
        new Date(Date.now() - gapGraceMs).toISOString(),
      ]);
      marker.audit = Number(settled?.audit ?? 0);
    }
    if (!since || marker.audit < since.audit || marker.document < since.document) return { marker, actors: null };
    const entries = await this.db.all<{
      id: unknown;
      at: unknown;
      action: string;
      target_type: string;
      target_id: string;
    }>('SELECT id, at, action, target_type, target_id FROM audit_log WHERE id > ? AND id <= ? ORDER BY id LIMIT ?', [
      since.audit,
      marker.audit,
      maxChanges + 1,
    ]);
    if (entries.length > maxChanges) return { marker, actors: null };
    // SQLite writes one transaction at a time: its ids are committed in order.
    if (this.dialect === 'postgres') marker.audit = settledUpTo(since.audit, entries, marker.audit);
    const actors = new Set<string>();
    const documents = new Set<number>();
    for (const entry of entries) {
      if (neutralActions.test(entry.action)) continue;
      const fact = entry.target_type === 'fact' ? parseFactId(entry.target_id) : null;
      if (entry.action === 'document.save' && entry.target_type === 'actor') actors.add(entry.target_id);
      else if (fact) documents.add(fact.documentId);
      else return { marker, actors: null };
    }
    const written = await this.db.all<{ actor_id: string }>(
      `SELECT DISTINCT actor_id FROM documents WHERE (id > ? AND id <= ?)${
        documents.size ? ` OR id IN (${sqlPlaceholders(documents.size)})` : ''
      }`,
      [since.document, marker.document, ...documents],
    );
    for (const row of written) actors.add(String(row.actor_id));
    return { marker, actors: [...actors].sort() };
  }

  /**
   * The profiles (other than `actor`) whose findings the claims of the latest version of `actor` (a profile or a
   * source) can take part in: a relation of the other polarity with the same key, or (of a profile) an event of the
   * same type, place and parties at a date that does not overlap. A superset: the checker decides.
   */
  async partners(actor: string): Promise<string[]> {
    const [own] = await this.db.all<Row>(
      'SELECT a.kind, a.latest_document_id AS document_id FROM actors a WHERE a.id = ?',
      [actor],
    );
    if (!own || own.document_id === null || own.document_id === undefined) return [];
    const document = Number(own.document_id);
    const [relations, events] = await Promise.all([
      this.relations(document, actor, false),
      own.kind === 'source' ? Promise.resolve([]) : this.events(document, actor),
    ]);
    const ids = new Set([...relations, ...events].filter((row) => row.kind === 'profile').map((row) => row.actor));
    return [...ids].sort();
  }

  private entityNames(document: number, actor: string): Promise<Array<{ id: string; name: string }>> {
    return this.db.all<{ id: string; name: string }>(
      `SELECT e.id, e.name FROM entities e
       WHERE e.id IN (
         SELECT de.entity_id FROM documents d JOIN document_entities de ON de.document_id = d.id WHERE d.actor_id = ?
         UNION SELECT subject FROM relations WHERE document_id = ?
         UNION SELECT object FROM relations WHERE document_id = ?
         UNION SELECT place FROM events WHERE document_id = ?
       ) AND EXISTS (
         SELECT 1 FROM document_entities x JOIN actors a ON a.latest_document_id = x.document_id
         WHERE x.entity_id = e.id)`,
      [actor, document, document, document],
    );
  }
}
