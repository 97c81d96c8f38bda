// The neighbours of one entity, written once over SQL for both backends: the entities mentioned in
// the same sentences (latest versions of profiles and sources, rejected mentions left out), counted
// in sentences, and the relations that have it as subject or object with their sentence. Read from
// the mention and relation indexes of that entity, so the cost follows its mentions, not the size
// of the collection.
import type { MentionType, Relation } from '../model/index.js';

type RelationPredicate = Relation['predicate'];
import type { SqlRunner } from './editorial.js';

export interface NeighbourEntity {
  id: string;
  name: string;
  type: MentionType | null;
  country: string | null;
}

export interface EntityNeighbours {
  /** Entities mentioned in the same sentences, most sentences first (at most `limit`). */
  cooccurrences: Array<NeighbourEntity & { sentences: number }>;
  /** Relations of the entity, each with the other entity and the sentence holding it. */
  relations: Array<{
    other: NeighbourEntity;
    predicate: RelationPredicate;
    negated: boolean;
    direction: 'out' | 'in';
    evidence: { actor: string; version: number; start: number; end: number; text: string };
    valid: string | null;
    current: boolean;
  }>;
}

const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

interface EntityRow {
  id: string;
  name: string | null;
  type: string | null;
  country: string | null;
}
interface CooccurrenceRow extends EntityRow {
  n: unknown;
}
interface RelationRow {
  subject: string;
  predicate: string;
  object: string;
  negated: unknown;
  valid: string | null;
  current: unknown;
  span_start: unknown;
  span_end: unknown;
  actor: string;
  version: unknown;
  s_start: unknown;
  s_end: unknown;
  text: string | null;
  name: string | null;
  type: string | null;
  country: string | null;
}

const neighbourEntity = (row: EntityRow): NeighbourEntity => ({
  id: row.id,
  name: row.name ?? row.id,
  type: (row.type as MentionType | null) ?? null,
  country: row.country ?? null,
});

/** A relation row as seen from entity `id`: the other entity, the direction, the sentence as evidence. */
function relationOf(id: string, row: RelationRow): EntityNeighbours['relations'][number] {
  const out = row.subject === id;
  const start = row.s_start === null ? Number(row.span_start) : Number(row.s_start);
  const end = row.s_end === null ? Number(row.span_end) : Number(row.s_end);
  return {
    other: neighbourEntity({
      id: out ? row.object : row.subject,
      name: row.name,
      type: row.type,
      country: row.country,
    }),
    predicate: row.predicate as RelationPredicate,
    negated: truthy(row.negated),
    direction: out ? ('out' as const) : ('in' as const),
    evidence: { actor: row.actor, version: Number(row.version), start, end, text: row.text ?? '' },
    valid: row.valid ?? null,
    current: row.current === null || row.current === undefined ? true : truthy(row.current),
  };
}

export class RelatedReader {
  constructor(private readonly db: SqlRunner) {}

  async neighbours(id: string, limit = 200): Promise<EntityNeighbours> {
    const together = await this.cooccurring(id, limit);
    const related = await this.relationRows(id);
    return {
      cooccurrences: together.map((row) => ({ ...neighbourEntity(row), sentences: Number(row.n) })),
      relations: related.map((row) => relationOf(id, row)),
    };
  }

  /** The entities mentioned in the same sentences as `id`, most sentences first (at most `limit`). */
  private async cooccurring(id: string, limit: number): Promise<CooccurrenceRow[]> {
    return this.db.all<CooccurrenceRow>(
      `SELECT o.entity_id AS id, e.name, e.type, e.country, count(DISTINCT s.id) AS n
       FROM mentions m
       JOIN actors a ON a.latest_document_id = m.document_id
       JOIN sentences s ON s.document_id = m.document_id AND s.span_start <= m.span_start AND s.span_end >= m.span_end
       JOIN mentions o ON o.document_id = s.document_id AND o.span_start >= s.span_start AND o.span_end <= s.span_end
         AND o.review_status <> 'rejected' AND o.entity_id <> m.entity_id
       LEFT JOIN entities e ON e.id = o.entity_id
       WHERE m.entity_id = ? AND m.review_status <> 'rejected'
       GROUP BY o.entity_id, e.name, e.type, e.country
       ORDER BY n DESC, o.entity_id
       LIMIT ?`,
      [id, limit],
    );
  }

  /** The relations that have `id` as subject or object, with their sentence and the other entity. */
  private async relationRows(id: string): Promise<RelationRow[]> {
    return this.db.all<RelationRow>(
      `SELECT r.subject, r.predicate, r.object, r.negated, r.valid, r.current, r.span_start, r.span_end, a.id AS actor,
        d.version,
              s.span_start AS s_start, s.span_end AS s_end, s.text, e.name, e.type, e.country
       FROM relations r
       JOIN actors a ON a.latest_document_id = r.document_id
       JOIN documents d ON d.id = r.document_id
       LEFT JOIN sentences s ON s.document_id = r.document_id AND s.span_start <= r.span_start AND s.span_end >
         r.span_start
       LEFT JOIN entities e ON e.id = CASE WHEN r.subject = ? THEN r.object ELSE r.subject END
       WHERE (r.subject = ? OR r.object = ?) AND r.subject <> r.object AND r.review_status <> 'rejected'
       ORDER BY a.id, r.span_start`,
      [id, id, id],
    );
  }
}
