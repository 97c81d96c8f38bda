// A page of an entity's mentions (latest versions of profiles and sources, rejected mentions left
// out), each with its sentence, written once over SQL for both backends: read from the mentions
// index of that entity in the order of the entity page's full listing (actor id bytewise, then
// place in the text), cut with a keyset cursor, so an answer stays small for an entity mentioned
// a hundred thousand times. An entity of many mentions (a country mentioned in most documents) is read
// actor by actor in id order instead (the actors' primary key, then the mentions index at that actor's
// latest document): the page then costs its own rows rather than sorting every mention of the entity first
// (AFG, 105k mentions at 10k documents: 190 ms the first time, then a millisecond).
import type { SqlRunner } from './editorial.js';
import { mentionRefFromRow, type MentionJoinRow } from './store-common.js';
import type { EntityMentionRef } from './store.js';
import { fillSlices, sentenceSeek, type SlicedRow } from './sentence-texts.js';

/** Where a page of mentions ended: the actor and the mention's position in its latest document. */
export interface MentionCursor {
  actor: string;
  position: number;
}

export interface MentionPage {
  mentions: EntityMentionRef[];
  /** The cursor of the following page, or null on the last. */
  next: MentionCursor | null;
}

export class MentionPageReader {
  /**
   * `byteOrder`: the SQL that orders text bytewise on this backend. `manyMentions`: from this many mentions on, the
   * page is read actor by actor (counted up to that many in the entity's index, a millisecond at most).
   */
  constructor(
    private readonly db: SqlRunner,
    private readonly byteOrder: string,
    public manyMentions = 1000,
  ) {}

  /** Whether the entity has `manyMentions` mentions or more (any review status). */
  private async hasMany(entity: string): Promise<boolean> {
    const [row] = await this.db.all<{ n: unknown }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM mentions WHERE entity_id = ? LIMIT ?) t',
      [entity, this.manyMentions],
    );
    return Number(row?.n ?? 0) >= this.manyMentions;
  }

  async page(entity: string, limit: number, after: MentionCursor | null): Promise<MentionPage> {
    const params: unknown[] = [entity];
    let keyset = '';
    if (after) {
      // The first condition repeats the second's bound in a form an index on the actor id can start from.
      keyset = ` AND a.id${this.byteOrder} >= ? AND (a.id${this.byteOrder} > ? OR (a.id = ? AND m.position > ?))`;
      params.push(after.actor, after.actor, after.actor, after.position);
    }
    params.push(limit + 1);
    // Many mentions: the actors in id order drive the join (SQLite keeps the order of a CROSS JOIN), no sort of all.
    const from = (await this.hasMany(entity))
      ? 'actors a CROSS JOIN mentions m'
      : 'mentions m JOIN actors a ON a.latest_document_id = m.document_id';
    const rows = await this.db.all<MentionJoinRow & SlicedRow & { position: unknown }>(
      `SELECT a.id AS actor, a.name AS actor_name, a.kind, m.position,
         m.document_id, m.span_start, m.span_end, m.text, m.type,
         s.text AS sentence_text, s.span_start AS sentence_start, s.span_end AS sentence_end
       FROM ${from}
              LEFT JOIN sentence_spans s ON s.document_id = m.document_id AND s.span_end >= m.span_end
         AND ${sentenceSeek('m')}
       WHERE m.document_id = a.latest_document_id AND m.entity_id = ? AND m.review_status <> 'rejected'${keyset}
       ORDER BY a.id${this.byteOrder}, m.position
       LIMIT ?`,
      params,
    );
    const shown = await fillSlices(this.db, rows.slice(0, limit));
    const last = shown[shown.length - 1];
    return {
      mentions: shown.map((row) =>
        mentionRefFromRow({
          ...row,
          version: Number(row.version),
          span_start: Number(row.span_start),
          span_end: Number(row.span_end),
          sentence_start: row.sentence_start === null ? null : Number(row.sentence_start),
          sentence_end: row.sentence_end === null ? null : Number(row.sentence_end),
        }),
      ),
      next: rows.length > limit && last ? { actor: last.actor, position: Number(last.position) } : null,
    };
  }
}
