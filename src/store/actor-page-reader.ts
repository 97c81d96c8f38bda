// One page of the collection's actors (or sources), written once over SQL for both backends: keyset
// pagination on the actor id (a slug of the name, so the order is alphabetical by the transliterated
// name and the same in both backends), filtered by country and by words of the name or id; the
// ranked interests read for the page's documents only. Cost is that of one page, whatever the size
// of the collection.
import { slugify, type ActorSummary, type DocumentKind } from '../model/index.js';
import { fromJson } from './rows.js';
import { sqlPlaceholders, type SqlRunner } from './editorial.js';

export interface ActorPageQuery {
  kind: DocumentKind;
  /** Actors to return at most (1..500). */
  limit: number;
  /** The id of the last actor of the previous page. */
  after?: string | undefined;
  /** ISO alpha-3 of the actor's country. */
  country?: string | undefined;
  /** Words of the name or id (case-insensitive, as a substring). */
  q?: string | undefined;
}

export interface ActorPage {
  actors: ActorSummary[];
  /** The id to pass as `after` for the next page; null on the last page. */
  next: string | null;
}

interface ActorRow {
  id: string;
  name: string;
  country: string | null;
  document_id: unknown;
  version: unknown;
  as_of: string | null;
  versions: unknown;
  sentence_count: unknown;
}

/** `%` and `_` are LIKE wildcards: written as themselves with the escape character. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class ActorPageReader {
  /** `byteOrder`: the SQL that orders ids bytewise on this backend (PostgreSQL's default collation would not). */
  constructor(
    private readonly db: SqlRunner,
    private readonly byteOrder: string,
  ) {}

  async page(query: ActorPageQuery): Promise<ActorPage> {
    // The kind as a literal: a page of sources then reads actors_sources_by_id (a partial index, migration 32).
    const where = [query.kind === 'source' ? "a.kind = 'source'" : "a.kind = 'profile'"];
    const params: unknown[] = [];
    if (query.after !== undefined) {
      where.push(`a.id${this.byteOrder} > ?`);
      params.push(query.after);
    }
    if (query.country) {
      where.push('a.country = ?');
      params.push(query.country);
    }
    const words = (query.q ?? '').trim().toLowerCase();
    if (words) {
      // Ids are made by slugify: the words as an id would write them find transliterated names.
      const slug = slugify(words);
      where.push(`(lower(a.name) LIKE ? ESCAPE '\\' ${slug ? `OR a.id LIKE ? ESCAPE '\\'` : ''})`);
      params.push(`%${likeLiteral(words)}%`, ...(slug ? [`%${likeLiteral(slug)}%`] : []));
    }
    const rows = await this.db.all<ActorRow>(
      `SELECT a.id, a.name, a.country, d.id AS document_id, d.version, d.as_of, d.sentence_count,
         (SELECT count(*) FROM documents v WHERE v.actor_id = a.id) AS versions
       FROM actors a JOIN documents d ON d.id = a.latest_document_id
       WHERE ${where.join(' AND ')}
       ORDER BY a.id${this.byteOrder} LIMIT ?`,
      [...params, query.limit + 1],
    );
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const interests = new Map<number, ActorSummary['interests']>();
    if (page.length > 0) {
      const ids = page.map((row) => Number(row.document_id));
      for (const row of await this.db.all<{ document_id: unknown; rank: unknown; title: string; themes: unknown }>(
        `SELECT document_id, rank, title, themes FROM interests WHERE document_id IN ` +
          `(${sqlPlaceholders(ids.length)}) ORDER BY document_id, position`,
        ids,
      )) {
        const list = interests.get(Number(row.document_id)) ?? [];
        list.push({ rank: Number(row.rank), title: row.title, themes: fromJson(row.themes) });
        interests.set(Number(row.document_id), list);
      }
    }
    return {
      actors: page.map((row) => ({
        id: row.id,
        name: row.name,
        country: row.country,
        latestVersion: Number(row.version),
        versions: Number(row.versions),
        asOf: row.as_of,
        interests: interests.get(Number(row.document_id)) ?? [],
        sentenceCount: Number(row.sentence_count),
      })),
      next: more ? (page[page.length - 1]?.id ?? null) : null,
    };
  }
}
