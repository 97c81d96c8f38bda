// A page of one edge's evidence computed from every actor (the path of collections without a store that reads it),
// and the opaque cursor of those pages: the same order and cut as the store's (src/store/graph-evidence-reader.ts),
// by actor id bytewise, then the sentence's start.
import { DossierError, type EvidenceSentence } from '../model/index.js';
import type { EdgeEvidenceCursor, EdgeEvidencePage, EdgeEvidenceQuery } from '../store/index.js';

/** Each edge's evidence sentences, each with whether a source (not a profile) gives it. */
export type GraphEvidenceIndex = Map<string, Array<{ evidence: EvidenceSentence; source: boolean }>>;

export interface GraphEdgeEvidenceRequest {
  edge: string;
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
  /** false: the sources' documents are left out (default: included). */
  sources?: boolean;
}

/** Bounds of a page of an edge's evidence: the API's default and maximum. */
export const graphEvidencePage = { default: 50, max: 500 } as const;

/** Bytewise order of UTF-8 (the stores' keyset order): code points, not UTF-16 code units. */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export const noSuchEdge = (edge: string) =>
  new DossierError('NOT_FOUND', `no edge ${JSON.stringify(edge.slice(0, 300))} in the network`, {
    expected: 'the id of an edge of GET /api/graph',
  });

/** The page of `query` from every edge's evidence (null: no such edge). */
export function edgeEvidencePage(index: GraphEvidenceIndex, query: EdgeEvidenceQuery): EdgeEvidencePage | null {
  const all = index.get(query.edge);
  if (!all) return null;
  const after = query.after;
  const rows = all
    .filter((e) => query.sources !== false || !e.source)
    .map((e) => e.evidence)
    .sort((a, b) => byBytes(a.actor, b.actor) || a.start - b.start)
    .filter((e) => !after || byBytes(e.actor, after.actor) > 0 || (e.actor === after.actor && e.start > after.start));
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return { evidence: shown, next: rows.length > query.limit && last ? { actor: last.actor, start: last.start } : null };
}

/** A page's `next` as an opaque string (`g:` + JSON of its key) and back (BAD_REQUEST when it is not one). */
export const encodeEdgeEvidenceCursor = (cursor: EdgeEvidenceCursor): string =>
  Buffer.from(`g:${JSON.stringify([cursor.actor, cursor.start])}`, 'utf8').toString('base64url');

export function decodeEdgeEvidenceCursor(text: string): EdgeEvidenceCursor {
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  try {
    const key: unknown = raw.startsWith('g:') ? JSON.parse(raw.slice(2)) : null;
    if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && Number.isInteger(key[1]))
      return { actor: key[0], start: Number(key[1]) };
  } catch {
    // answered below
  }
  throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this evidence', {
    expected: 'the `next` value of the previous page',
  });
}
