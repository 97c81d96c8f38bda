// The review queue's levels (table fact_levels, migration 23): for each document, fact kind, review status,
// reviewer and confidence, how many facts it holds, and whether the document is its actor's latest version. The
// confidence is the SQL form of the kind's rule (confidence-rule.ts, as the queue's order computes it), so the
// queue ordered by confidence reads a range of this table's key to find the few documents a page draws from and
// sorts only their facts (fact-page-sql.ts), and its total is a sum over the same range: no request computes
// every fact's confidence. Kept by every write: a save (the document, and the older version leaving `latest`),
// a review decision, an added fact, an entity edit or merge (the mentions of the documents that name it), a
// restore and the migration (rebuilt whole). A change to a confidence rule needs a migration that rebuilds it.
import { factKinds, reviewStatuses, type FactKind } from '../model/index.js';
import { confidenceJoin, entityColumnsRead } from './confidence-rule.js';
import { confidenceSqlOf, reviewedKindOf } from './fact-page-sql.js';
import type { FactFilter } from './store.js';
import { storedReviewer } from './rule-reviewers.js';
import { sqlPlaceholders, type SqlRunner } from './sql-dialect.js';

type Backend = 'sqlite' | 'postgres';

/** The backend's test that the JSON aliases of the entity `e` list `text`. */
export const aliasOfFor =
  (backend: Backend) =>
  (text: string): string =>
    backend === 'postgres'
      ? `EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(e.aliases, '[]'::jsonb)) j(value)
            WHERE j.value = ${text})`
      : `EXISTS (SELECT 1 FROM json_each(e.aliases) j WHERE j.value = ${text})`;

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The rows of one kind's levels for the documents `where` (over `x`, the fact) selects, grouped. */
function insertLevels(kind: FactKind, backend: Backend, where: Statement | null): Statement {
  const item = reviewedKindOf(kind);
  const confidence = confidenceSqlOf(kind, aliasOfFor(backend));
  return {
    sql: `INSERT INTO fact_levels (latest, review_status, confidence, actor_id, version, document_id, kind_order,
        reviewed_by, n)
      SELECT CASE WHEN a.latest_document_id = d.id THEN 1 ELSE 0 END, x.review_status, ${confidence}, d.actor_id,
        d.version, d.id, ${factKinds.indexOf(kind)}, coalesce(x.reviewed_by, ''), count(*)
      FROM ${item.table} x JOIN documents d ON d.id = x.document_id JOIN actors a ON a.id = d.actor_id${confidenceJoin(
        item.review.confidence,
      )}
      ${where ? `WHERE ${where.sql}` : ''}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    params: where?.params ?? [],
  };
}

/** Every level computed again from the fact tables (the migration, a restore), and the totals from them. */
export const rebuildLevelsSql = (backend: Backend): Statement[] => [
  { sql: 'DELETE FROM fact_levels', params: [] },
  ...factKinds.map((kind) => insertLevels(kind, backend, null)),
  { sql: 'DELETE FROM fact_totals', params: [] },
  {
    sql: `INSERT INTO fact_totals (latest, review_status, kind_order, reviewed_by, n)
      SELECT latest, review_status, kind_order, reviewed_by, sum(n) FROM fact_levels GROUP BY 1, 2, 3, 4`,
    params: [],
  },
];

/**
 * fact_totals (the levels summed by latest, status, kind and reviewer: the queue's total in a few rows) moved by
 * the levels `where` selects: subtracted before they are deleted or changed (sign -1), added after (sign 1).
 */
async function adjustTotals(db: SqlRunner, where: Statement, sign: 1 | -1): Promise<void> {
  await db.run(
    `INSERT INTO fact_totals (latest, review_status, kind_order, reviewed_by, n)
     SELECT latest, review_status, kind_order, reviewed_by, ${sign} * sum(n) FROM fact_levels WHERE ${where.sql}
     GROUP BY latest, review_status, kind_order, reviewed_by
     ON CONFLICT (latest, review_status, kind_order, reviewed_by) DO UPDATE SET n = fact_totals.n + excluded.n`,
    where.params,
  );
}

/** The most documents one statement names. */
const chunk = 500;

/**
 * Computes the levels of some documents again (of the kinds given, else every kind): after a save, a review
 * decision, an added fact, an entity edit or merge.
 */
export async function refreshLevels(
  db: SqlRunner,
  backend: Backend,
  documentIds: Iterable<number>,
  kinds: readonly FactKind[] = factKinds,
): Promise<void> {
  const ids = [...new Set(documentIds)];
  // A kind of another registry (a test's toy) has no levels: the queue lists the model's fact kinds.
  kinds = kinds.filter((kind) => (factKinds as readonly string[]).includes(kind));
  if (kinds.length === 0) return;
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const list = sqlPlaceholders(part.length);
    const kindList = kinds.map((kind) => factKinds.indexOf(kind)).join(', ');
    const scope = { sql: `document_id IN (${list}) AND kind_order IN (${kindList})`, params: part };
    await adjustTotals(db, scope, -1);
    await db.run(`DELETE FROM fact_levels WHERE ${scope.sql}`, part);
    for (const kind of kinds) {
      const insert = insertLevels(kind, backend, { sql: `x.document_id IN (${list})`, params: part });
      await db.run(insert.sql, insert.params);
    }
    await adjustTotals(db, scope, 1);
  }
}

/** After a new version of an actor is saved: its older versions' levels are no longer the latest. */
export async function retireOlderLevels(db: SqlRunner, actorId: string, latestDocumentId: number): Promise<void> {
  // The older versions still counted as the latest (the previous latest one): by the documents' index, not a scan.
  const older = await db.all<{ id: unknown }>(
    `SELECT d.id FROM documents d WHERE d.actor_id = ? AND d.id <> ?
       AND EXISTS (SELECT 1 FROM fact_levels l WHERE l.document_id = d.id AND l.latest = 1)`,
    [actorId, latestDocumentId],
  );
  const ids = older.map((row) => Number(row.id));
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const scope = { sql: `document_id IN (${sqlPlaceholders(part.length)}) AND latest = 1`, params: part };
    await adjustTotals(db, scope, -1);
    await db.run(`UPDATE fact_levels SET latest = 0 WHERE ${scope.sql}`, part);
    await adjustTotals(db, { sql: `document_id IN (${sqlPlaceholders(part.length)}) AND latest = 0`, params: part }, 1);
  }
}

/** The filters of a listing as a WHERE over fact_levels (its actor filter excepted: that listing reads one actor). */
function levelWhere(filter: FactFilter, status: string | null, latest: number | null): Statement {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (latest !== null) add('latest = ?', latest);
  if (status !== null) add('review_status = ?', status);
  if (filter.kind !== undefined) add('kind_order = ?', factKinds.indexOf(filter.kind));
  if (filter.version !== undefined) add('version = ?', filter.version);
  if (filter.reviewedBy !== undefined) add('reviewed_by = ?', storedReviewer(filter.reviewedBy) ?? '');
  return { sql: where.join(' AND '), params };
}

/**
 * The number of facts a listing without an actor filter holds: a sum over a few rows of fact_totals (of the levels
 * for a version).
 */
export function levelCountSql(filter: FactFilter): Statement {
  const where = levelWhere(filter, filter.status === 'any' ? null : filter.status, filter.version ? null : 1);
  const table = filter.version === undefined ? 'fact_totals' : 'fact_levels';
  return { sql: `SELECT sum(n) AS n FROM ${table} WHERE ${where.sql || '1 = 1'}`, params: where.params };
}

/** One row of fact_levels in the queue's order. */
export interface LevelRow {
  confidence: number;
  actor: string;
  version: number;
  documentId: number;
  kind: number;
  reviewer: string;
  n: number;
}

/** Where a group of the queue's order starts: a confidence, an actor and a version. */
export interface LevelKey {
  confidence: number;
  actor: string;
  version: number;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** The order of fact_levels' key (actor ids bytewise, as both backends order them). */
export function compareLevels(a: LevelRow, b: LevelRow): number {
  return (
    a.confidence - b.confidence ||
    Buffer.compare(bytes(a.actor), bytes(b.actor)) ||
    a.version - b.version ||
    a.documentId - b.documentId ||
    a.kind - b.kind ||
    Buffer.compare(bytes(a.reviewer), bytes(b.reviewer))
  );
}

export const sameGroup = (a: LevelKey, b: LevelKey): boolean =>
  a.confidence === b.confidence && a.actor === b.actor && a.version === b.version;

/**
 * The rows of fact_levels of one status and latest flag in key order, from the group `from` on, read `batch` rows
 * at a time.
 */
export async function* levelRows(
  db: SqlRunner,
  filter: FactFilter,
  status: string,
  latest: number,
  from: LevelKey | null,
  batch: number,
): AsyncGenerator<LevelRow> {
  let after: unknown[] | null = from ? [from.confidence, from.actor, from.version, -1, -1, ''] : null;
  for (;;) {
    const where = levelWhere(filter, status, latest);
    const keyset = after
      ? ' AND (confidence, actor_id, version, document_id, kind_order, reviewed_by) > (?, ?, ?, ?, ?, ?)'
      : '';
    const rows = await db.all<Record<string, unknown>>(
      `SELECT confidence, actor_id, version, document_id, kind_order, reviewed_by, n FROM fact_levels
       WHERE ${where.sql}${keyset}
       ORDER BY confidence, actor_id, version, document_id, kind_order, reviewed_by LIMIT ?`,
      [...where.params, ...(after ?? []), batch],
    );
    for (const row of rows) {
      yield {
        confidence: Number(row.confidence),
        actor: String(row.actor_id),
        version: Number(row.version),
        documentId: Number(row.document_id),
        kind: Number(row.kind_order),
        reviewer: String(row.reviewed_by),
        n: Number(row.n),
      };
    }
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = [last.confidence, last.actor_id, last.version, last.document_id, last.kind_order, last.reviewed_by];
  }
}

/** The rows of several ordered streams in one order. */
async function* merged(streams: Array<AsyncGenerator<LevelRow>>): AsyncGenerator<LevelRow> {
  const heads = await Promise.all(streams.map((stream) => stream.next()));
  for (;;) {
    let best = -1;
    heads.forEach((head, k) => {
      if (!head.done && (best < 0 || compareLevels(head.value, heads[best]!.value as LevelRow) < 0)) best = k;
    });
    if (best < 0) return;
    yield heads[best]!.value as LevelRow;
    heads[best] = await streams[best]!.next();
  }
}

/**
 * Where a page of the queue draws from: the documents of the groups (confidence, actor, version) from the cursor's
 * group (or the start) until `limit + 1` facts after the cursor (or after `offset`) are covered, whole groups; `from`,
 * the first group that holds any of them, and `skip`, how many facts before them that group and those after it
 * hold (the offset left within the documents).
 */
export async function pageSources(
  db: SqlRunner,
  filter: FactFilter,
  after: LevelKey | null,
): Promise<{ documents: number[]; from: LevelKey | null; skip: number }> {
  const statuses = filter.status === 'any' ? [...reviewStatuses] : [filter.status];
  const latests = filter.version === undefined ? [1] : [0, 1];
  const batch = Math.min(filter.limit + 1, 500);
  const streams = statuses.flatMap((status) =>
    latests.map((latest) => levelRows(db, filter, status, latest, after, batch)),
  );
  let skip = after ? 0 : filter.offset;
  let counted = 0;
  let from: LevelKey | null = null;
  const documents = new Set<number>();
  /** Takes one whole group; true once the page is covered. */
  const take = (group: { key: LevelKey; n: number; documents: number[] }): boolean => {
    if (after && sameGroup(after, group.key)) {
      // The cursor's own group: its facts after the cursor are read, none counted.
      group.documents.forEach((id) => documents.add(id));
      return false;
    }
    if (!from && skip >= group.n) {
      skip -= group.n;
      return false;
    }
    from ??= group.key;
    counted += group.n;
    group.documents.forEach((id) => documents.add(id));
    return counted - skip >= filter.limit + 1;
  };
  let group: { key: LevelKey; n: number; documents: number[] } | null = null;
  let covered = false;
  for await (const row of merged(streams)) {
    if (group && sameGroup(group.key, row)) {
      group.n += row.n;
      group.documents.push(row.documentId);
      continue;
    }
    if (group && take(group)) {
      covered = true;
      break;
    }
    group = { key: row, n: row.n, documents: [row.documentId] };
  }
  if (group && !covered) take(group);
  return { documents: [...documents], from: after ?? from, skip };
}

/** The mentions' levels of the documents that name these entities, computed again (an entity's data changed). */
export async function refreshEntityLevels(
  db: SqlRunner,
  backend: Backend,
  entityIds: readonly string[],
): Promise<void> {
  for (let start = 0; start < entityIds.length; start += chunk) {
    const part = entityIds.slice(start, start + chunk);
    const documents = await db.all<{ document_id: unknown }>(
      `SELECT DISTINCT document_id FROM document_entities WHERE entity_id IN (${sqlPlaceholders(part.length)})`,
      part,
    );
    await refreshLevels(
      db,
      backend,
      documents.map((row) => Number(row.document_id)),
      ['mention'],
    );
  }
}

const aliasesText = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The entity columns a mention's confidence reads (its rule's namesEntity and entitySet tests: name, aliases and
 * Wikidata id today): an entity stored again with other values in only these moves its mentions' levels. Another
 * country, type or attributes (which documents that name an entity often disagree on) moves none.
 */
export const levelEntityColumns: ReadonlyArray<'name' | 'aliases' | 'wikidata' | 'country'> = entityColumnsRead(
  reviewedKindOf('mention').review.confidence,
);

/** Positions of the entity row's values (entityValues: id, type, name, country, wikidata, aliases, …). */
const entityValueAt = { name: 2, country: 3, wikidata: 4, aliases: 5 } as const;

/**
 * Of entity rows about to be upserted (entityValues), the ids of those stored with other values in a column a
 * mention's confidence reads (levelEntityColumns).
 */
export async function changedEntities(db: SqlRunner, rows: ReadonlyArray<readonly unknown[]>): Promise<string[]> {
  const changed: string[] = [];
  if (levelEntityColumns.length === 0) return changed;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const stored = await db.all<Record<string, unknown>>(
      `SELECT id, ${levelEntityColumns.join(', ')} FROM entities WHERE id IN (${sqlPlaceholders(part.length)})`,
      part.map((row) => row[0]),
    );
    const byId = new Map(stored.map((row) => [String(row.id), row]));
    for (const row of part) {
      const old = byId.get(String(row[0]));
      if (!old) continue;
      const same = levelEntityColumns.every((column) =>
        column === 'aliases'
          ? aliasesText(old.aliases) === aliasesText(row[entityValueAt.aliases])
          : (old[column] ?? null) === (row[entityValueAt[column]] ?? null),
      );
      if (!same) changed.push(String(row[0]));
    }
  }
  return changed;
}
