// What the facets of a search count, read for the matched sentences only (written once over SQL for
// both backends): each hit's document kind, publisher and publication date, the sentence's own
// themes and those of the interest holding it, the types of the mentions inside it and the values
// of its times (rejected facts left out, as in an actor's extraction). Read from the indexes of the
// hits' documents, so the cost follows the hits (search caps them), not the collection.
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

interface Span {
  document_id: unknown;
  span_start: unknown;
  span_end: unknown;
}

/** Documents read per query (their ids are parameters). */
const chunk = 400;

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export class FacetReader {
  constructor(private readonly db: SqlRunner) {}

  async sentenceFacets(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>> {
    const documents = await this.documentsOf(hits);
    const ids = [...new Set([...documents.values()].map((d) => d.id))];
    const [sentences, interests, mentions, times] = [
      new Map<number, Array<Span & { themes: string | null }>>(),
      new Map<number, Array<Span & { themes: string }>>(),
      new Map<number, Array<Span & { type: string }>>(),
      new Map<number, Array<Span & { value: string }>>(),
    ];
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      const where = `document_id IN (${sqlPlaceholders(part.length)})`;
      const notRejected = `${where} AND review_status <> 'rejected'`;
      group(
        sentences,
        await this.db.all(`SELECT document_id, span_start, span_end, themes FROM sentences WHERE ${where}`, part),
      );
      group(
        interests,
        await this.db.all(
          `SELECT document_id, span_start, span_end, themes FROM interests WHERE ${notRejected} ORDER BY position`,
          part,
        ),
      );
      group(
        mentions,
        await this.db.all(`SELECT document_id, span_start, span_end, type FROM mentions WHERE ${notRejected}`, part),
      );
      group(
        times,
        await this.db.all(`SELECT document_id, span_start, span_end, value FROM times WHERE ${notRejected}`, part),
      );
    }
    return hits.map((hit) => {
      const document = documents.get(`${hit.actor}\u0000${hit.version}`);
      if (!document) return null;
      const id = document.id;
      const sentence = (sentences.get(id) ?? []).find(
        (s) => hit.start >= Number(s.span_start) && hit.start < Number(s.span_end),
      );
      const start = Number(sentence?.span_start ?? hit.start);
      const end = Number(sentence?.span_end ?? hit.start);
      const inside = <T extends Span>(rows: T[] | undefined) =>
        (rows ?? [])
          .filter((row) => Number(row.span_start) >= start && Number(row.span_end) <= end)
          .sort((a, b) => Number(a.span_start) - Number(b.span_start));
      const interest = (interests.get(id) ?? []).find(
        (row) => start >= Number(row.span_start) && start < Number(row.span_end),
      );
      return {
        documentKind: document.kind,
        publisher: document.publisher,
        published: document.published,
        themes: unique([
          ...(sentence?.themes ? fromJson<Theme[]>(sentence.themes) : []),
          ...(interest ? fromJson<Theme[]>(interest.themes) : []),
        ]),
        types: unique(inside(mentions.get(id)).map((m) => m.type as MentionType)),
        times: inside(times.get(id)).map((t) => t.value),
      };
    });
  }

  /** The documents of the hits' versions, by `actor\0version`. */
  private async documentsOf(hits: readonly FacetHitRef[]) {
    const actors = [...new Set(hits.map((hit) => hit.actor))];
    const wanted = new Set(hits.map((hit) => `${hit.actor}\u0000${hit.version}`));
    const found = new Map<
      string,
      { id: number; kind: DocumentKind; publisher: string | null; published: string | null }
    >();
    for (let i = 0; i < actors.length; i += chunk) {
      const part = actors.slice(i, i + chunk);
      const rows = await this.db.all<{
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
      );
      for (const row of rows) {
        const key = `${row.actor_id}\u0000${Number(row.version)}`;
        if (!wanted.has(key)) continue;
        found.set(key, {
          id: Number(row.id),
          kind: row.kind === 'source' ? 'source' : 'profile',
          publisher: row.publisher,
          published: row.published,
        });
      }
    }
    return found;
  }
}

function group<T extends Span>(into: Map<number, T[]>, rows: T[]): void {
  for (const row of rows) {
    const id = Number(row.document_id);
    const list = into.get(id);
    if (list) list.push(row);
    else into.set(id, [row]);
  }
}
