// The review queue's levels (table fact_levels, migration 23): for each document, fact kind, review status,
// reviewer and confidence, how many facts it holds, and whether the document is its actor's latest version. The
// confidence is the SQL form of the kind's rule (confidence-rule.ts, as the queue's order computes it), so the
// queue ordered by confidence reads a range of this table's key to find the few documents a page draws from and
// sorts only their facts (fact-page-sql.ts), and its total is a sum over the same range: no request computes
// every fact's confidence. Kept by every write: a save (the document, and the older version leaving `latest`),
// a review decision, an added fact, an entity edit or merge (the mentions of the documents that name it), a
// restore and the migration (rebuilt whole). A change to a confidence rule needs a migration that rebuilds it.
import { factKinds, reviewStatuses, type FactKind } from '../model/index.js';
import { confidenceJoin, readsEntity } from './confidence-rule.js';
import { documentItemKinds, reviewedItemKinds, slicedColumnSql } from './item-kinds.js';
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

/** The SELECT of one kind's level rows for the documents `where` (over `x`, the fact) selects, grouped. */
function selectLevels(kind: FactKind, backend: Backend, where: Statement | null): Statement {
  const item = reviewedKindOf(kind);
  const confidence = confidenceSqlOf(kind, aliasOfFor(backend));
  return {
    sql: `SELECT CASE WHEN a.latest_document_id = d.id THEN 1 ELSE 0 END, x.review_status, ${confidence}, d.actor_id,
        d.version, d.id, ${factKinds.indexOf(kind)}, coalesce(x.reviewed_by, ''), count(*)
      FROM ${item.table} x JOIN documents d ON d.id = x.document_id JOIN actors a ON a.id = d.actor_id${confidenceJoin(
        item.review.confidence,
      )}
      ${where ? `WHERE ${where.sql}` : ''}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    params: where?.params ?? [],
  };
}

/**
 * The level rows of several kinds in one statement (the kinds' SELECTs joined by UNION ALL: one round trip, where a
 * statement per kind made a save of PostgreSQL wait on the server six more times).
 */
function insertLevels(kinds: readonly FactKind[], backend: Backend, where: Statement | null): Statement {
  const parts = kinds.map((kind) => selectLevels(kind, backend, where));
  return {
    sql: `INSERT INTO fact_levels (latest, review_status, confidence, actor_id, version, document_id, kind_order,
        reviewed_by, n)
      ${parts.map((part) => part.sql).join('\n      UNION ALL ')}`,
    params: parts.flatMap((part) => part.params),
  };
}

/** Every level computed again from the fact tables (the migration, a restore), and the totals from them. */
export const rebuildLevelsSql = (backend: Backend): Statement[] => [
  { sql: 'DELETE FROM fact_levels', params: [] },
  ...factKinds.map((kind) => insertLevels([kind], backend, null)),
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
    const insert = insertLevels(kinds, backend, { sql: `x.document_id IN (${list})`, params: part });
    await db.run(insert.sql, insert.params);
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
    // `+latest`: the documents' index, not the key's first column (with a bound list SQLite took the key, and read
    // every level of the collection's latest or older versions: 64 ms a new version at 100,000 documents).
    const scope = { sql: `document_id IN (${sqlPlaceholders(part.length)}) AND +latest = 1`, params: part };
    await adjustTotals(db, scope, -1);
    await db.run(`UPDATE fact_levels SET latest = 0 WHERE ${scope.sql}`, part);
    await adjustTotals(
      db,
      { sql: `document_id IN (${sqlPlaceholders(part.length)}) AND +latest = 0`, params: part },
      1,
    );
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

/**
 * How an entity's stored data changed, as far as the confidence rules read it: the names (its name and aliases) it
 * gained or lost, and whether a field a rule tests for emptiness (`entitySet`) changed. A string: anything may have
 * changed (an editor's edit, a merge).
 */
export type EntityChange = string | { id: string; names: string[]; whole: boolean };

/** The positions of the entity columns the rules read in an upserted row (entityValues). */
const entityColumn = { name: 2, country: 3, wikidata: 4, aliases: 5 } as const;

/** A reviewed kind whose confidence rule reads the linked entity: where its facts name one, and by which words. */
interface EntityReader {
  kind: FactKind;
  table: string;
  entityColumn: string;
  words: string;
  namesEntity: boolean;
  entitySet: Array<keyof typeof entityColumn>;
}

const entityReaders: EntityReader[] = reviewedItemKinds(documentItemKinds)
  .filter((item) => readsEntity(item.review.confidence))
  .map((item) => {
    const rule = item.review.confidence!;
    const tests = rule.cases.flatMap((c) => c.when);
    return {
      kind: item.review.kind,
      table: item.table,
      entityColumn: rule.entity ?? 'entity_id',
      words: slicedColumnSql(item.sliced, rule.words ?? 'text'),
      namesEntity: tests.some((test) => 'namesEntity' in test),
      entitySet: [...new Set(tests.flatMap((test) => ('entitySet' in test ? [test.entitySet] : [])))],
    };
  });

/**
 * The levels of the facts whose confidence an entity's change can move, computed again: of every fact linked to it
 * where a tested field changed (or anything may have), else only of those whose words are a name it gained or lost.
 * Documents that merely name the entity elsewhere are not read: a saved document that gives a shared entity another
 * country or alias costs the documents those words occur in, not every document naming it.
 */
export async function refreshEntityLevels(
  db: SqlRunner,
  backend: Backend,
  changes: readonly EntityChange[],
): Promise<void> {
  const whole = changes.flatMap((change) => (typeof change === 'string' ? [change] : change.whole ? [change.id] : []));
  const named = changes.filter(
    (change): change is Exclude<EntityChange, string> =>
      typeof change !== 'string' && !change.whole && change.names.length > 0,
  );
  for (const reader of entityReaders) {
    const documents = new Set<number>();
    const collect = async (sql: string, params: unknown[]) => {
      for (const row of await db.all<{ document_id: unknown }>(sql, params)) documents.add(Number(row.document_id));
    };
    const base = `SELECT DISTINCT x.document_id FROM ${reader.table} x WHERE x.${reader.entityColumn}`;
    for (let start = 0; start < whole.length; start += chunk) {
      const part = whole.slice(start, start + chunk);
      await collect(`${base} IN (${sqlPlaceholders(part.length)})`, part);
    }
    if (reader.namesEntity) {
      for (const change of named) {
        for (let start = 0; start < change.names.length; start += chunk) {
          const part = change.names.slice(start, start + chunk);
          await collect(`${base} = ? AND ${reader.words} IN (${sqlPlaceholders(part.length)})`, [change.id, ...part]);
        }
      }
    }
    if (documents.size > 0) await refreshLevels(db, backend, documents, [reader.kind]);
  }
}

const aliasesOf = (value: unknown): string[] => {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? list.map(String) : [];
};
const filled = (value: unknown): boolean => value !== null && value !== undefined && value !== '';

/**
 * What an upsert of an entity row (entityValues: id, type, name, country, wikidata, aliases, …) changes of what the
 * confidence rules read of the stored row `old`; null: nothing they read.
 */
export function entityChangeOf(old: Record<string, unknown>, row: readonly unknown[]): EntityChange | null {
  const id = String(row[0]);
  const whole = entityReaders.some((reader) =>
    reader.entitySet.some((field) => filled(old[field]) !== filled(row[entityColumn[field]])),
  );
  if (whole) return { id, names: [], whole };
  if (!entityReaders.some((reader) => reader.namesEntity)) return null;
  const before = new Set([String(old.name), ...aliasesOf(old.aliases)]);
  const after = new Set([String(row[entityColumn.name]), ...aliasesOf(row[entityColumn.aliases])]);
  const names = [...[...before].filter((name) => !after.has(name)), ...[...after].filter((name) => !before.has(name))];
  return names.length > 0 ? { id, names: names.sort(), whole: false } : null;
}

/** The stored rows of some entities (what entityChangeOf compares), locked for the upsert with `lock` (PostgreSQL). */
export async function storedEntities(
  db: SqlRunner,
  ids: readonly unknown[],
  lock = '',
): Promise<Map<string, Record<string, unknown>>> {
  const stored = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const rows = await db.all<Record<string, unknown>>(
      `SELECT id, name, country, wikidata, aliases FROM entities WHERE id IN (${sqlPlaceholders(part.length)})
       ORDER BY id${lock}`,
      part,
    );
    for (const row of rows) stored.set(String(row.id), row);
  }
  return stored;
}

/**
 * An entity row about to be upserted, with what is stored of it kept: its earlier names stay among its aliases. An
 * entity's aliases are then the names every document gave it, not those of the last one saved, and a shared entity
 * that documents name differently does not change at every save (each change computes again the confidence of the
 * facts naming it in other documents).
 */
export function withStoredNames(row: readonly unknown[], old: Record<string, unknown> | undefined): unknown[] {
  if (!old) return [...row];
  const name = String(row[entityColumn.name]);
  const own = aliasesOf(row[entityColumn.aliases]);
  const kept = [...aliasesOf(old.aliases), String(old.name)].filter((alias) => alias !== name && !own.includes(alias));
  if (kept.length === 0) return [...row];
  const merged = [...row];
  merged[entityColumn.aliases] = JSON.stringify([...new Set([...own, ...kept])]);
  return merged;
}

/**
 * Entity rows about to be upserted, with their stored names kept (withStoredNames), and what the upsert changes of
 * what the confidence rules read of those already stored.
 */
export function entityUpserts(
  stored: ReadonlyMap<string, Record<string, unknown>>,
  rows: ReadonlyArray<readonly unknown[]>,
): { rows: unknown[][]; changes: EntityChange[] } {
  const merged = rows.map((row) => withStoredNames(row, stored.get(String(row[0]))));
  const changes = merged.flatMap((row) => {
    const old = stored.get(String(row[0]));
    const change = old && entityChangeOf(old, row);
    return change ? [change] : [];
  });
  return { rows: merged, changes };
}
