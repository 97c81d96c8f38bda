// The compare matrix read a page at a time, written once over SQL for both backends: a page of the
// profiles in id order (keyset on the id), or by the rank a theme has among their interests (keyset
// on rank and id), with the non-rejected interests, the posture and the themed sentences of only
// those profiles' latest documents; and, for the map, the best rank of a theme per country (an
// aggregate over the interests of the latest profile documents, one row per country). Core turns
// the rows into cells (collection-views.ts), the same way for a fixture read from every actor.
//
// A theme is matched in the JSON array of themes as its quoted name (`"trade"`) in the column's
// text: the themes are lowercase words, stored by JSON.stringify (SQLite text) or as jsonb
// (PostgreSQL, whose text form also quotes each element), so one LIKE serves both backends.
import type { CompareMap, PostureLabel, Theme } from '../model/index.js';
import { fromJson } from './rows.js';
import { sqlPlaceholders, type SqlRunner } from './editorial.js';

/** The sort key of a profile that no interest ranks the theme for: after every rank. */
const unranked = 2147483647;

export interface ComparePageQuery {
  /** Profiles to return at most. */
  limit: number;
  /** Sort by the best rank of this theme among each profile's interests (unranked last), then by id; absent: by id. */
  theme?: Theme | undefined;
  /** The last row of the previous page: its id, and with `theme` its rank (null: unranked). */
  after?: { id: string; rank: number | null } | undefined;
}

export interface CompareInterestRow {
  rank: number;
  title: string;
  themes: Theme[];
  start: number;
  end: number;
  /** The first line of the interest's text (its heading as written). */
  titleLine: string;
}

export interface CompareSentenceRow {
  start: number;
  end: number;
  text: string;
  /** The sentence's own themes. */
  themes: Theme[];
}

/** What the compare row of one profile is made of (its latest version). */
export interface CompareActorRows {
  id: string;
  name: string;
  country: string | null;
  version: number;
  posture: PostureLabel | null;
  /** In stored order (rejected ones left out). */
  interests: CompareInterestRow[];
  /** Sorted by start. */
  sentences: CompareSentenceRow[];
}

export interface ComparePageRows {
  /** The focus countries of the profiles' latest versions, sorted, with their entity names. */
  focus: Array<{ country: string; name: string }>;
  actors: CompareActorRows[];
  /** The key to pass as `after` for the next page; null on the last page. */
  next: { id: string; rank: number | null } | null;
}

export interface CompareMapRows {
  /** As in a page: the focus countries of the profiles, with their names. */
  focus: Array<{ country: string; name: string }>;
  /** One per country with a profile, by country code. */
  countries: CompareMapCountry[];
}

/** One country with a profile, for the map: how the theme ranks among its profiles' interests (the API's shape). */
export type CompareMapCountry = CompareMap['countries'][number];

/** The theme as it appears in a JSON array's text, for LIKE (theme names hold no wildcard). */
const themePattern = (theme: Theme): string => `%"${theme}"%`;

interface DocumentRow {
  id: unknown;
  actor_id: string;
  version: unknown;
  actor_name: string;
  actor_country: string | null;
  text: string;
}

export class CompareReader {
  /** `byteOrder`: the SQL that orders ids bytewise on this backend (PostgreSQL's default collation would not). */
  constructor(
    private readonly db: SqlRunner,
    private readonly byteOrder: string,
  ) {}

  async page(query: ComparePageQuery): Promise<ComparePageRows> {
    const keys = query.theme ? await this.keysByTheme(query.theme, query) : await this.keysById(query);
    const more = keys.length > query.limit;
    const page = keys.slice(0, query.limit);
    const [focus, actors] = await Promise.all([this.focus(), this.actorRows(page.map((key) => key.documentId))]);
    const last = page[page.length - 1];
    return {
      focus,
      actors: page.map((key) => actors.get(key.documentId)).filter((row): row is CompareActorRows => row !== undefined),
      next: more && last ? { id: last.id, rank: query.theme ? last.rank : null } : null,
    };
  }

  /** For each country with a profile, the best rank of `theme` among its profiles' interests (or narrative). */
  async map(theme: Theme): Promise<CompareMapRows> {
    const b = this.byteOrder;
    const [focus, countries, ranked] = await Promise.all([
      this.focus(),
      this.db.all<{ country: string; actors: unknown; first: string }>(
        `SELECT a.country, count(*) AS actors, min(a.id${b}) AS first FROM actors a
         WHERE a.kind = 'profile' AND a.country IS NOT NULL AND a.latest_document_id IS NOT NULL
         GROUP BY a.country`,
      ),
      this.db.all<{ country: string; actor: string; name: string; rank: unknown }>(
        `SELECT country, actor, name, rank FROM (
           SELECT a.country, a.id AS actor, a.name, i.rank,
                  ROW_NUMBER() OVER (PARTITION BY a.country ORDER BY i.rank, a.id${b}) AS n
           FROM actors a JOIN interests i ON i.document_id = a.latest_document_id
           WHERE a.kind = 'profile' AND a.country IS NOT NULL AND i.review_status <> 'rejected' AND CAST(i.themes AS
             TEXT) LIKE ?
         ) best WHERE n = 1`,
        [themePattern(theme)],
      ),
    ]);
    const best = new Map(ranked.map((row) => [row.country, row]));
    const unrankedCountries = countries.filter((row) => !best.has(row.country)).map((row) => row.country);
    const narrative = new Map<string, string>();
    if (unrankedCountries.length > 0) {
      for (const row of await this.db.all<{ country: string; actor: string }>(
        `SELECT a.country, min(a.id${b}) AS actor FROM actors a
         WHERE a.kind = 'profile' AND a.country IN (${sqlPlaceholders(unrankedCountries.length)})
           AND EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = a.latest_document_id AND CAST(s.themes AS TEXT)
             LIKE ?)
         GROUP BY a.country`,
        [...unrankedCountries, themePattern(theme)],
      )) {
        narrative.set(row.country, row.actor);
      }
    }
    const unnamed = countries
      .filter((row) => !best.has(row.country))
      .map((row) => narrative.get(row.country) ?? row.first);
    const names = new Map<string, string>();
    if (unnamed.length > 0) {
      for (const row of await this.db.all<{ id: string; name: string }>(
        `SELECT id, name FROM actors WHERE id IN (${sqlPlaceholders(unnamed.length)})`,
        unnamed,
      )) {
        names.set(row.id, row.name);
      }
    }
    const entries = countries
      .map((row): CompareMapCountry => {
        const top = best.get(row.country);
        const actors = Number(row.actors);
        if (top)
          return {
            country: row.country,
            kind: 'interest',
            rank: Number(top.rank),
            actor: top.actor,
            name: top.name,
            actors,
          };
        const carrying = narrative.get(row.country);
        const actor = carrying ?? row.first;
        return {
          country: row.country,
          kind: carrying ? 'narrative' : null,
          rank: null,
          actor,
          name: names.get(actor) ?? actor,
          actors,
        };
      })
      .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
    return { focus, countries: entries };
  }

  /**
   * The page's profiles in id order: id and latest document (one more than the limit, to know whether a page follows).
   */
  private async keysById(query: ComparePageQuery): Promise<Array<{ id: string; documentId: number; rank: null }>> {
    const b = this.byteOrder;
    const after = query.after === undefined ? '' : `AND a.id${b} > ?`;
    const rows = await this.db.all<{ id: string; document_id: unknown }>(
      `SELECT a.id, a.latest_document_id AS document_id FROM actors a
       WHERE a.kind = 'profile' AND a.latest_document_id IS NOT NULL ${after}
       ORDER BY a.id${b} LIMIT ?`,
      [...(query.after === undefined ? [] : [query.after.id]), query.limit + 1],
    );
    return rows.map((row) => ({ id: row.id, documentId: Number(row.document_id), rank: null }));
  }

  /** The page's profiles by the best rank of `theme` among their interests (unranked last), then id. */
  private async keysByTheme(
    theme: Theme,
    query: ComparePageQuery,
  ): Promise<Array<{ id: string; documentId: number; rank: number | null }>> {
    const b = this.byteOrder;
    const sortRank = `coalesce(r.rank, ${unranked})`;
    const afterRank = query.after === undefined ? null : (query.after.rank ?? unranked);
    const after = query.after === undefined ? '' : `AND (${sortRank} > ? OR (${sortRank} = ? AND a.id${b} > ?))`;
    const rows = await this.db.all<{ id: string; document_id: unknown; sort_rank: unknown }>(
      `SELECT a.id, a.latest_document_id AS document_id, ${sortRank} AS sort_rank
       FROM actors a
       LEFT JOIN (
         SELECT i.document_id, min(i.rank) AS rank
         FROM actors ra JOIN interests i ON i.document_id = ra.latest_document_id
         WHERE ra.kind = 'profile' AND i.review_status <> 'rejected' AND CAST(i.themes AS TEXT) LIKE ?
         GROUP BY i.document_id
       ) r ON r.document_id = a.latest_document_id
       WHERE a.kind = 'profile' AND a.latest_document_id IS NOT NULL ${after}
       ORDER BY ${sortRank}, a.id${b} LIMIT ?`,
      [
        themePattern(theme),
        ...(query.after === undefined ? [] : [afterRank, afterRank, query.after.id]),
        query.limit + 1,
      ],
    );
    return rows.map((row) => {
      const rank = Number(row.sort_rank);
      return { id: row.id, documentId: Number(row.document_id), rank: rank === unranked ? null : rank };
    });
  }

  /**
   * The focus countries of the latest profile documents, with the names of those that are entities
   * of a latest version: the distinct values stepped through the (kind, focus) index (a handful of
   * lookups, not a read of every document), each kept when a latest profile has it.
   */
  private async focus(): Promise<Array<{ country: string; name: string }>> {
    const codes = (
      await this.db.all<{ focus: string }>(
        `WITH RECURSIVE candidates (focus) AS (
           SELECT min(focus) FROM documents WHERE kind = 'profile'
           UNION ALL
           SELECT (SELECT min(d.focus) FROM documents d WHERE d.kind = 'profile' AND d.focus > c.focus) FROM candidates
             c WHERE c.focus IS NOT NULL
         )
         SELECT c.focus FROM candidates c
         WHERE c.focus IS NOT NULL
           AND EXISTS (SELECT 1 FROM documents d JOIN actors a ON a.latest_document_id = d.id WHERE d.kind = 'profile'
             AND d.focus = c.focus AND a.kind = 'profile')`,
      )
    )
      .map((row) => row.focus)
      .sort();
    if (codes.length === 0) return [];
    const names = new Map(
      (
        await this.db.all<{ id: string; name: string }>(
          `SELECT e.id, e.name FROM entities e
           WHERE e.id IN (${sqlPlaceholders(codes.length)})
             AND EXISTS (SELECT 1 FROM document_entities de JOIN actors a ON a.latest_document_id = de.document_id WHERE
               de.entity_id = e.id)`,
          codes,
        )
      ).map((row) => [row.id, row.name]),
    );
    return codes.map((country) => ({ country, name: names.get(country) ?? country }));
  }

  /** The compare rows of these latest documents, by document id. */
  private async actorRows(documentIds: number[]): Promise<Map<number, CompareActorRows>> {
    const found = new Map<number, CompareActorRows>();
    if (documentIds.length === 0) return found;
    const inIds = `document_id IN (${sqlPlaceholders(documentIds.length)})`;
    const [documents, postures, interests, sentences] = await Promise.all([
      this.db.all<DocumentRow>(
        `SELECT id, actor_id, version, actor_name, actor_country, text FROM documents WHERE id IN ` +
          `(${sqlPlaceholders(documentIds.length)})`,
        documentIds,
      ),
      this.db.all<{ document_id: unknown; label: string }>(
        `SELECT document_id, label FROM postures WHERE ${inIds} AND review_status <> 'rejected'`,
        documentIds,
      ),
      this.db.all<{
        document_id: unknown;
        rank: unknown;
        title: string;
        themes: unknown;
        span_start: unknown;
        span_end: unknown;
      }>(
        `SELECT document_id, rank, title, themes, span_start, span_end FROM interests WHERE ${inIds} AND ` +
          `review_status <> 'rejected' ORDER BY document_id, position`,
        documentIds,
      ),
      this.db.all<{ document_id: unknown; text: string; themes: unknown; span_start: unknown; span_end: unknown }>(
        `SELECT document_id, text, themes, span_start, span_end FROM sentences WHERE ${inIds} ORDER BY ` +
          `document_id, position`,
        documentIds,
      ),
    ]);
    const texts = new Map<number, string>();
    for (const doc of documents) {
      const id = Number(doc.id);
      texts.set(id, doc.text);
      found.set(id, {
        id: doc.actor_id,
        name: doc.actor_name,
        country: doc.actor_country,
        version: Number(doc.version),
        posture: null,
        interests: [],
        sentences: [],
      });
    }
    for (const row of postures) {
      const actor = found.get(Number(row.document_id));
      if (actor) actor.posture = row.label as PostureLabel;
    }
    for (const row of interests) {
      const id = Number(row.document_id);
      const actor = found.get(id);
      if (!actor) continue;
      const start = Number(row.span_start);
      const end = Number(row.span_end);
      const titleLine = (texts.get(id) ?? '').slice(start, end).split('\n')[0] ?? row.title;
      actor.interests.push({
        rank: Number(row.rank),
        title: row.title,
        themes: fromJson<Theme[]>(row.themes),
        start,
        end,
        titleLine,
      });
    }
    for (const row of sentences) {
      const actor = found.get(Number(row.document_id));
      if (!actor) continue;
      const themes = row.themes === null || row.themes === undefined ? [] : fromJson<Theme[]>(row.themes);
      actor.sentences.push({ start: Number(row.span_start), end: Number(row.span_end), text: row.text, themes });
    }
    for (const actor of found.values()) actor.sentences.sort((a, b) => a.start - b.start);
    return found;
  }
}
