// Reads that put sources next to profiles, written once over SQL for both backends (`?`
// placeholders; PostgreSQL numbers them): the source sentences (latest versions) that mention an
// actor — its own entities, or anything of its country (a capital, a ministry, a demonym) — newest
// source first, and the sources whose subjects name the actor.
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

/** Newest first, undated last, on both backends (they order NULLs differently). */
const newestFirst = '(d.published IS NULL), d.published DESC, d.id DESC';

export class SourceReader {
  constructor(private readonly db: SqlRunner) {}

  async sourceEvidence(query: SourceEvidenceQuery): Promise<SourceEvidence> {
    const entities = [...new Set(query.entities)].filter((id) => id.length > 0);
    if (entities.length === 0 && !query.country) return { sentences: [], more: false, concerning: [] };
    // From the mentions (by their entity index, and by their country index) to the sentences that
    // hold them: the cost follows the matching mentions, not the number of sources.
    const holding = (condition: string) => `SELECT s2.id FROM mentions m
         JOIN actors a ON a.latest_document_id = m.document_id AND a.kind = 'source'
         JOIN sentences s2 ON s2.document_id = m.document_id AND s2.span_start <= m.span_start AND s2.span_end >=
           m.span_end
         WHERE m.review_status <> 'rejected' AND ${condition}`;
    const who = [
      entities.length > 0 ? holding(`m.entity_id IN (${sqlPlaceholders(entities.length)})`) : null,
      query.country ? holding('m.country = ?') : null,
    ].filter(Boolean);
    const params: unknown[] = [...entities, ...(query.country ? [query.country] : [])];
    const rows = await this.db.all<SentenceRow & { document_id: unknown; position: unknown }>(
      `SELECT d.id AS document_id, s.position, d.actor_id AS series, d.actor_name AS title, d.version, d.publisher,
        d.published,
              s.text, s.themes, s.span_start, s.span_end
       FROM sentences s
       JOIN documents d ON d.id = s.document_id
       WHERE s.review_status <> 'rejected' AND s.id IN (${who.join(' UNION ')})
       ORDER BY ${newestFirst}, s.position
       LIMIT ?`,
      [...params, query.limit + 1],
    );
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
