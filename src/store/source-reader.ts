// Reads that put sources next to profiles, written once over SQL for both backends (`?`
// placeholders; PostgreSQL numbers them): the source sentences (latest versions) that mention an
// actor — its own entities, or anything of its country (a capital, a ministry, a demonym) — newest
// source first (for a much-mentioned actor, read from the newest sources that mention it, so the cost
// follows the page), and the sources whose subjects name the actor.
import type { SourceRef, SourceSentence, SubjectReason, Theme } from '../model/index.js';
import { fromJson } from './rows.js';
import { sqlPlaceholders, type SqlRunner } from './editorial.js';

export interface SourceEvidenceQuery {
  /** Entity ids that stand for the actor (its country code, its series id). */
  entities: string[];
  /** The actor's ISO alpha-3: mentions carrying this country count too. */
  country: string | null;
  /** Sentences to return at most. */
  limit: number;
}

export interface SourceEvidence {
  sentences: SourceSentence[];
  more: boolean;
  concerning: Array<SourceRef & { how: SubjectReason }>;
}

interface SentenceRow {
  series: string;
  title: string;
  version: number | string;
  publisher: string | null;
  published: string | null;
  text: string;
  themes: unknown;
  span_start: number | string;
  span_end: number | string;
}

/** Newest first, undated last, on both backends (they order NULLs differently); migration 24 indexes it. */
const newestFirst = '(d.published IS NULL), d.published DESC, d.id DESC';

/** Above this many mentions a subject's sources are walked newest first (see sourceEvidence). */
const popularMentions = 4000;

/** What the sentences must mention: one of the entities, or anything of the country. */
interface Subjects {
  entities: string[];
  country: string | null;
}

/** A condition on mentions `m` naming the subjects, with its parameters. */
function mentionCondition(who: Subjects): { condition: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (who.entities.length > 0) {
    conditions.push(`m.entity_id IN (${sqlPlaceholders(who.entities.length)})`);
    params.push(...who.entities);
  }
  if (who.country) {
    conditions.push('m.country = ?');
    params.push(who.country);
  }
  return { condition: `(${conditions.join(' OR ')})`, params };
}

/**
 * `m.country = ?` as two conditions (each with the one parameter, the country) read from an index: the mentions of the
 * country itself (its entity: entity_id = country) by mentions_by_entity, the others (a place, a person of it) by
 * mentions_by_country, which holds only those (migration 26: a country's own mentions were half of its entries).
 */
const countryConditions = ['m.entity_id = ? AND m.country = m.entity_id', 'm.country = ? AND m.country <> m.entity_id'];

export class SourceReader {
  /** `popular`: the mentions above which a subject's sources are walked newest first (tests lower it). */
  constructor(
    private readonly db: SqlRunner,
    private readonly popular = popularMentions,
  ) {}

  async sourceEvidence(query: SourceEvidenceQuery): Promise<SourceEvidence> {
    const entities = [...new Set(query.entities)].filter((id) => id.length > 0);
    if (entities.length === 0 && !query.country) return { sentences: [], more: false, concerning: [] };
    const who = { entities, country: query.country };
    // A subject of few mentions: its sentences found from its mentions. One of many (a large country): the newest
    // sources that mention it are walked from the index of sources by date until they hold a page, so the cost
    // follows the page, not the number of mentions (which grows with the collection).
    let rows: Array<SentenceRow & { document_id: unknown; position: unknown }> | null = null;
    if ((await this.mentionCount(who, this.popular)) > this.popular) {
      const newest = await this.newestSourcesMentioning(who, query.limit + 1);
      const found = await this.sentencesMentioning(who, query.limit + 1, newest);
      // Sources whose only mentions are outside every sentence gave none: then the page is read in full.
      if (found.length > query.limit || newest.length <= query.limit) rows = found;
    }
    rows ??= await this.sentencesMentioning(who, query.limit + 1, null);
    const sentences = rows.slice(0, query.limit).map((row): SourceSentence => ({
      source: refOf(row),
      start: Number(row.span_start),
      end: Number(row.span_end),
      text: row.text,
      themes: row.themes === null || row.themes === undefined ? [] : fromJson<Theme[]>(row.themes),
    }));

    const subjects = [...entities, ...(query.country ? [query.country] : [])];
    const concerning: SourceEvidence['concerning'] = [];
    if (subjects.length > 0) {
      const subjectRows = await this.db.all<SentenceRow & { how: string }>(
        `SELECT d.actor_id AS series, d.actor_name AS title, d.version, d.publisher, d.published, ds.how
         FROM document_subjects ds
         JOIN actors a ON a.latest_document_id = ds.document_id AND a.kind = 'source'
         JOIN documents d ON d.id = ds.document_id
         WHERE ds.subject IN (${sqlPlaceholders(new Set(subjects).size)})
         ORDER BY ${newestFirst}, ds.position
         LIMIT ?`,
        [...new Set(subjects), query.limit],
      );
      const seen = new Set<string>();
      for (const row of subjectRows) {
        if (seen.has(row.series)) continue;
        seen.add(row.series);
        concerning.push({ ...refOf(row), how: row.how as SubjectReason });
      }
    }
    return { sentences, more: rows.length > query.limit, concerning };
  }

  /**
   * How many mentions (any review status) name the subjects, counted up to `cap` + 1 from the indexes: those of the
   * entities and of the country itself (mentions_by_entity alone), then, while below the cap, the country's others.
   * Only its comparison with the cap matters (which way a page is read), not the exact figure.
   */
  private async mentionCount(who: Subjects, cap: number): Promise<number> {
    const entities = [...new Set([...who.entities, ...(who.country ? [who.country] : [])])];
    const capped = async (condition: string, params: unknown[]) => {
      const [row] = await this.db.all<{ n: unknown }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM mentions m WHERE ${condition} LIMIT ?) capped`,
        [...params, cap + 1],
      );
      return Number(row?.n ?? 0);
    };
    let total = await capped(`m.entity_id IN (${sqlPlaceholders(entities.length)})`, entities);
    if (who.country && total <= cap) total += await capped(countryConditions[1]!, [who.country]);
    return total;
  }

  /** The newest `limit` latest sources with a (non-rejected) mention of the subjects: walked from the index by date. */
  private async newestSourcesMentioning(who: Subjects, limit: number): Promise<number[]> {
    const { condition, params } = mentionCondition(who);
    const rows = await this.db.all<{ id: unknown }>(
      `SELECT d.id FROM documents d
       JOIN actors a ON a.latest_document_id = d.id AND a.kind = 'source'
       WHERE d.kind = 'source'
         AND EXISTS (
           SELECT 1 FROM mentions m WHERE m.document_id = d.id AND m.review_status <> 'rejected' AND ${condition}
         )
       ORDER BY ${newestFirst}
       LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => Number(row.id));
  }

  /**
   * The first `limit` source sentences (latest versions, newest source first) holding a non-rejected mention of the
   * subjects; `documents`: only in these.
   */
  private async sentencesMentioning(
    who: Subjects,
    limit: number,
    documents: number[] | null,
  ): Promise<Array<SentenceRow & { document_id: unknown; position: unknown }>> {
    if (documents !== null && documents.length === 0) return [];
    const within = documents === null ? '' : ` AND m.document_id IN (${sqlPlaceholders(documents.length)})`;
    // From the mentions (by their entity index, and by their country index) to the sentences that hold them.
    const holding = (condition: string) => `SELECT s2.id FROM mentions m
         JOIN actors a ON a.latest_document_id = m.document_id AND a.kind = 'source'
         JOIN sentences s2 ON s2.document_id = m.document_id
           AND s2.span_start <= m.span_start AND s2.span_end >= m.span_end
         WHERE m.review_status <> 'rejected' AND ${condition}${within}`;
    const parts: string[] = [];
    const params: unknown[] = [];
    if (who.entities.length > 0) {
      parts.push(holding(`m.entity_id IN (${sqlPlaceholders(who.entities.length)})`));
      params.push(...who.entities, ...(documents ?? []));
    }
    for (const condition of who.country ? countryConditions : []) {
      parts.push(holding(condition));
      params.push(who.country, ...(documents ?? []));
    }
    return this.db.all<SentenceRow & { document_id: unknown; position: unknown }>(
      `SELECT d.id AS document_id, s.position, d.actor_id AS series, d.actor_name AS title, d.version, d.publisher,
              d.published, s.text, s.themes, s.span_start, s.span_end
       FROM sentences s
       JOIN documents d ON d.id = s.document_id
       WHERE s.review_status <> 'rejected' AND s.id IN (${parts.join(' UNION ')})
       ORDER BY ${newestFirst}, s.position
       LIMIT ?`,
      [...params, limit],
    );
  }
}

function refOf(row: Pick<SentenceRow, 'series' | 'title' | 'version' | 'publisher' | 'published'>): SourceRef {
  return {
    series: row.series,
    version: Number(row.version),
    title: row.title,
    publisher: row.publisher,
    published: row.published,
  };
}
