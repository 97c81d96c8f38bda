// What the facets of a search count, read for the matched sentences only (written once over SQL for
// both backends): each hit's document kind, publisher and publication date, the sentence's own
// themes and those of the interest holding it, the types of the mentions inside it and the values
// of its times (rejected facts left out, as in an actor's extraction). Read from the indexes of the
// hits' documents, so the cost follows the hits (search caps them), not the collection. The hits are a
// VALUES list CROSS JOINed first (SQLite then reads each hit's document from its index).
import type { DocumentKind, MentionType, Theme } from '../model/index.js';
import { sqlPlaceholders, type SqlRunner } from './editorial.js';
import { fromJson } from './rows.js';

/** A matched sentence: the actor, its version and where the sentence starts. */
export interface FacetHitRef {
  actor: string;
  version: number;
  start: number;
}

/** What the facets count of one matched sentence (null: no such document). */
export interface SentenceFacets {
  documentKind: DocumentKind;
  publisher: string | null;
  published: string | null;
  /** The sentence's own themes, then those of the interest holding it. */
  themes: Theme[];
  /** The types of the mentions inside the sentence, in text order. */
  types: MentionType[];
  /** The values (EDTF) of the times inside the sentence, in text order. */
  times: string[];
}

/** Hits (or actors) read per query: their values are parameters. */
const chunk = 250;

/** A VALUES list of `rows` rows of `columns` integers (column1, column2, … on both backends). */
const values = (rows: number, columns: number): string =>
  'VALUES ' +
  Array.from(
    { length: rows },
    () => `(${Array.from({ length: columns }, () => 'CAST(? AS INTEGER)').join(', ')})`,
  ).join(', ');

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** A hit whose document was found: its index among the hits, the document's id, where it starts. */
interface LocatedHit {
  n: number;
  document: number;
  start: number;
}

interface HitDocument {
  id: number;
  kind: DocumentKind;
  publisher: string | null;
  published: string | null;
}

/** What was read of the hits, by hit index. */
interface HitsRead {
  sentences: Map<number, { start: number; end: number; themes: unknown }>;
  interests: Map<number, unknown>;
  types: Map<number, Array<{ at: number; value: string }>>;
  times: Map<number, Array<{ at: number; value: string }>>;
}

const inTextOrder = (list: Array<{ at: number; value: string }> | undefined) =>
  [...(list ?? [])].sort((a, b) => a.at - b.at).map((item) => item.value);

/** The facets of hit `n` from its document and what was read of it. */
function facetsOf(n: number, document: HitDocument | null | undefined, read: HitsRead): SentenceFacets | null {
  if (!document) return null;
  const sentence = read.sentences.get(n);
  if (!sentence) {
    // Outside every sentence (as the in-memory index reads it): nothing to count but the document.
    const { kind: documentKind, publisher, published } = document;
    return { documentKind, publisher, published, themes: [], types: [], times: [] };
  }
  const sentenceThemes = sentence.themes;
  const interestThemes = read.interests.get(n);
  return {
    documentKind: document.kind,
    publisher: document.publisher,
    published: document.published,
    themes: unique([
      ...(sentenceThemes ? fromJson<Theme[]>(sentenceThemes) : []),
      ...(interestThemes ? fromJson<Theme[]>(interestThemes) : []),
    ]),
    types: unique(inTextOrder(read.types.get(n)) as MentionType[]),
    times: inTextOrder(read.times.get(n)),
  };
}

export class FacetReader {
  constructor(private readonly db: SqlRunner) {}

  async sentenceFacets(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>> {
    const documents = await this.documentsOf(hits);
    const found = hits.map((hit) => documents.get(`${hit.actor}\u0000${hit.version}`) ?? null);
    const located = hits
      .map((hit, n) => ({ n, document: found[n]?.id ?? null, start: hit.start }))
      .filter((hit): hit is LocatedHit => hit.document !== null);
    const read: HitsRead = { sentences: new Map(), interests: new Map(), types: new Map(), times: new Map() };
    const parts: LocatedHit[][] = [];
    for (let i = 0; i < located.length; i += chunk) parts.push(located.slice(i, i + chunk));
    // The parts fill distinct hits: PostgreSQL reads them at once, a connection each (SQLite one after the other).
    await Promise.all(parts.map((part) => this.readPart(part, read)));
    return hits.map((_, n) => facetsOf(n, found[n], read));
  }

  /** Reads into `read` the sentence holding each hit of `part`, its interest, mentions' types and times. */
  private async readPart(part: LocatedHit[], read: HitsRead): Promise<void> {
    const { sentences, interests, types, times } = read;
    const at = values(part.length, 3);
    const atParams = part.flatMap((hit) => [hit.n, hit.document, hit.start]);
    for (const row of await this.db.all<{ hit: unknown; span_start: unknown; span_end: unknown; themes: unknown }>(
      `SELECT h.column1 AS hit, s.span_start, s.span_end, s.themes FROM (${at}) h
       CROSS JOIN sentences s
       WHERE s.document_id = h.column2 AND s.span_start <= h.column3 AND s.span_end > h.column3`,
      atParams,
    )) {
      if (!sentences.has(Number(row.hit)))
        sentences.set(Number(row.hit), {
          start: Number(row.span_start),
          end: Number(row.span_end),
          themes: row.themes,
        });
    }
    const spans = part.map((hit) => {
      const sentence = sentences.get(hit.n);
      return [hit.n, hit.document, sentence?.start ?? hit.start, sentence?.end ?? hit.start];
    });
    const within = values(part.length, 4);
    const spanParams = spans.flat();
    // The three reads need only the spans: PostgreSQL runs them at once, a connection each.
    const [interestRows, typeRows, timeRows] = await Promise.all([
      this.db.all<{ hit: unknown; themes: unknown }>(
        `SELECT h.column1 AS hit, i.themes FROM (${within}) h
         CROSS JOIN interests i
         WHERE i.document_id = h.column2 AND i.span_start <= h.column3 AND i.span_end > h.column3
           AND i.review_status <> 'rejected'
         ORDER BY i.position`,
        spanParams,
      ),
      ...(['type', 'value'] as const).map((column) =>
        this.db.all<{ hit: unknown; span_start: unknown; value: string }>(
          `SELECT h.column1 AS hit, x.span_start, x.${column} AS value FROM (${within}) h
           CROSS JOIN ${column === 'type' ? 'mentions' : 'times'} x
           WHERE x.document_id = h.column2 AND x.span_start >= h.column3 AND x.span_end <= h.column4
             AND x.review_status <> 'rejected'`,
          spanParams,
        ),
      ),
    ]);
    for (const row of interestRows) if (!interests.has(Number(row.hit))) interests.set(Number(row.hit), row.themes);
    for (const [rows, into] of [
      [typeRows, types],
      [timeRows, times],
    ] as const)
      for (const row of rows as Array<{ hit: unknown; span_start: unknown; value: string }>) {
        const list = into.get(Number(row.hit)) ?? [];
        list.push({ at: Number(row.span_start), value: row.value });
        into.set(Number(row.hit), list);
      }
  }

  /** The documents of the hits' versions, by `actor\0version`. */
  private async documentsOf(hits: readonly FacetHitRef[]) {
    const actors = [...new Set(hits.map((hit) => hit.actor))];
    const wanted = new Set(hits.map((hit) => `${hit.actor}\u0000${hit.version}`));
    const found = new Map<string, HitDocument>();
    const parts: string[][] = [];
    for (let i = 0; i < actors.length; i += chunk) parts.push(actors.slice(i, i + chunk));
    const read = await Promise.all(
      parts.map((part) =>
        this.db.all<{
          id: unknown;
          actor_id: string;
          version: unknown;
          kind: string;
          publisher: string | null;
          published: string | null;
        }>(
          `SELECT id, actor_id, version, kind, publisher, published FROM documents
           WHERE actor_id IN (${sqlPlaceholders(part.length)})`,
          part,
        ),
      ),
    );
    for (const row of read.flat()) {
      const key = `${row.actor_id}\u0000${Number(row.version)}`;
      if (!wanted.has(key)) continue;
      found.set(key, {
        id: Number(row.id),
        kind: row.kind === 'source' ? 'source' : 'profile',
        publisher: row.publisher,
        published: row.published,
      });
    }
    return found;
  }
}
