// The SQL of a page of facts (the review queue and an actor's facts), written once for both
// backends: every fact table's keys and sort columns in one UNION ALL, the confidence of
// factConfidence computed in SQL from the stored row by the kind's rule (confidence-rule.ts, so the
// queue's order, lowest confidence first, is sorted and cut by the database), and a keyset cursor
// over the sort columns.
import { factKinds, type FactKind } from '../model/index.js';
import type { FactFilter } from './store.js';
import { documentItemKinds, reviewedItemKinds, slicedColumnSql } from './item-kinds.js';
import { confidenceJoin, confidenceSql } from './confidence-rule.js';
import { storedReviewer } from './rule-reviewers.js';

/** Where a page ended: the sort columns of its last fact. */
export interface FactCursor {
  confidence: number;
  actor: string;
  version: number;
  start: number;
  kind: number;
  position: number;
}

/** The reviewed item kinds by fact kind: their tables, and whether rows have a position (item-kinds.ts). */
const reviewedKinds = new Map(reviewedItemKinds(documentItemKinds).map((kind) => [kind.review.kind, kind]));
const tableOf = (kind: FactKind): string => reviewedKinds.get(kind)!.table;
/** The item kind a fact kind is stored as. */
export const reviewedKindOf = (kind: FactKind) => reviewedKinds.get(kind)!;

/**
 * The confidence of a stored row `x` (and its linked entity `e`) in SQL, made from the kind's rule
 * (confidence-rule.ts) as factConfidence is. `aliasOf(text)` is the backend's test that an entity's JSON aliases
 * list `text`.
 */
export function confidenceSqlOf(kind: FactKind, aliasOf: (text: string) => string): string {
  const item = reviewedKinds.get(kind)!;
  const types = new Map(item.columns.map((column) => [column.name, column.type]));
  return confidenceSql(item.review.confidence, {
    typeOf: (column) => types.get(column) ?? 'text',
    aliasOf,
    columnSql: (column) => slicedColumnSql(item.sliced, column),
  });
}

/**
 * Where a page of the queue draws from (fact-levels.ts): these documents only, from the group `from` (a confidence,
 * an actor and a version) on.
 */
export interface PageScope {
  documents: number[];
  from: { confidence: number; actor: string; version: number } | null;
}

/** The filters of a fact listing as a WHERE over `x` (the fact), `d` (its document) and `a` (its actor). */
function whereOf(filter: FactFilter, scope?: PageScope): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope) {
    where.push(`x.document_id IN (${scope.documents.map(() => '?').join(', ')})`);
    params.push(...scope.documents);
  }
  if (filter.actor !== undefined) {
    where.push('d.actor_id = ?');
    params.push(filter.actor);
  }
  if (filter.version !== undefined) {
    where.push('d.version = ?');
    params.push(filter.version);
  } else where.push('a.latest_document_id = d.id');
  if (filter.status !== 'any') {
    where.push('x.review_status = ?');
    params.push(filter.status);
  }
  if (filter.reviewedBy !== undefined) {
    where.push('x.reviewed_by = ?');
    params.push(storedReviewer(filter.reviewedBy));
  }
  return { where: where.join(' AND '), params };
}

/** One fact table's keys and sort columns, filtered. */
function armOf(kind: FactKind, filter: FactFilter, aliasOf: (text: string) => string, scope?: PageScope) {
  const positioned = reviewedKinds.get(kind)!.positioned;
  const { where, params } = whereOf(filter, scope);
  const confidence = filter.order === 'uncertainty' ? confidenceSqlOf(kind, aliasOf) : '0';
  const join = filter.order === 'uncertainty' ? confidenceJoin(reviewedKinds.get(kind)!.review.confidence) : '';
  return {
    sql: `SELECT ${confidence} AS confidence, d.actor_id AS actor_id, d.version AS version,
        x.span_start AS span_start, ${factKinds.indexOf(kind)} AS kind_order,
        ${positioned ? 'x.position' : '0'} AS position, x.document_id AS document_id
      FROM ${tableOf(kind)} x JOIN documents d ON d.id = x.document_id JOIN actors a ON a.id = d.actor_id${join}
      WHERE ${where}`,
    params,
  };
}

/**
 * The page of a fact listing: the keys of `limit + 1` facts (one more tells whether a page follows) after `after`
 * (else from `offset`), in the listing's order. `byteOrder` orders ids bytewise on this backend. `scope`: the
 * documents the page draws from (fact-levels.ts), `offset` then counted from the group `scope.from`.
 */
export function factPageSql(
  filter: FactFilter,
  after: FactCursor | null,
  aliasOf: (text: string) => string,
  byteOrder: string,
  scope?: PageScope,
): { sql: string; params: unknown[] } {
  const kinds = filter.kind ? [filter.kind] : [...factKinds];
  const arms = kinds.map((kind) => armOf(kind, filter, aliasOf, scope));
  const params = arms.flatMap((arm) => arm.params);
  let keyset = '';
  if (after) {
    keyset = `WHERE (q.confidence, q.actor_id${byteOrder}, q.version, q.span_start, q.kind_order, q.position)
      > (?, ?, ?, ?, ?, ?)`;
    params.push(after.confidence, after.actor, after.version, after.start, after.kind, after.position);
  } else if (scope?.from) {
    keyset = `WHERE (q.confidence, q.actor_id${byteOrder}, q.version) >= (?, ?, ?)`;
    params.push(scope.from.confidence, scope.from.actor, scope.from.version);
  }
  params.push(filter.limit + 1, after ? 0 : filter.offset);
  return {
    sql: `SELECT q.* FROM (${arms.map((arm) => arm.sql).join(' UNION ALL ')}) q ${keyset}
      ORDER BY q.confidence, q.actor_id${byteOrder}, q.version, q.span_start, q.kind_order, q.position
      LIMIT ? OFFSET ?`,
    params,
  };
}

/**
 * The latest documents a page of the queue in text order (no actor, no version) draws from: `count + 1` of them (one
 * more tells whether others follow), in actor order from the cursor's actor on. The page's facts sort by actor first
 * and each actor has one latest document, so the facts of these documents come before any other's: when they hold
 * the page, it is the page of the whole collection, read without reading every fact.
 */
export function positionSourcesSql(after: FactCursor | null, count: number, byteOrder: string) {
  return {
    sql: `SELECT a.latest_document_id AS id FROM actors a
      WHERE a.latest_document_id IS NOT NULL${after ? ` AND a.id${byteOrder} >= ?` : ''}
      ORDER BY a.id${byteOrder} LIMIT ?`,
    params: [...(after ? [after.actor] : []), count + 1],
  };
}

/** How many facts the listing holds (every page). */
export function factCountSql(filter: FactFilter): { sql: string; params: unknown[] } {
  const kinds = filter.kind ? [filter.kind] : [...factKinds];
  const arms = kinds.map((kind) => {
    const { where, params } = whereOf(filter);
    return {
      sql: `SELECT count(*) AS n FROM ${tableOf(kind)} x JOIN documents d ON d.id = x.document_id
        JOIN actors a ON a.id = d.actor_id WHERE ${where}`,
      params,
    };
  });
  return { sql: arms.map((arm) => arm.sql).join(' UNION ALL '), params: arms.flatMap((arm) => arm.params) };
}

/** A cursor as the opaque `next` of an answer, and back (null: not a cursor of this listing). */
export const encodeFactCursor = (cursor: FactCursor): string =>
  Buffer.from(
    JSON.stringify([cursor.confidence, cursor.actor, cursor.version, cursor.start, cursor.kind, cursor.position]),
  ).toString('base64url');

export function decodeFactCursor(text: string): FactCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 6) return null;
    const [confidence, actor, version, start, kind, position] = value as unknown[];
    if (typeof actor !== 'string' || ![confidence, version, start, kind, position].every(Number.isFinite)) return null;
    return {
      confidence: Number(confidence),
      actor,
      version: Number(version),
      start: Number(start),
      kind: Number(kind),
      position: Number(position),
    };
  } catch {
    return null;
  }
}
