// PostgreSQL's write of a save batch: one statement per table for all the batch's documents (unnest arrays),
// not one per document and table. Every round trip costs a parse, a plan and two context switches on a busy
// machine, so this is where PostgreSQL's ingest spends less (about 26 round trips a document before, a handful
// after). The outcome is what writing the documents one after another makes: versions numbered in order, the
// last document of an actor names it and is its latest, a text met twice is 'unchanged' the second time, and the
// editorial work after each save (audit entry, carried and rule decisions) runs per document, in order, once
// every row of the batch is in.
import type { IngestOutcome } from '../../model/index.js';
import type { CreatedSave, Editorial } from '../editorial.js';
import type { ItemKind } from '../item-kinds.js';
import { entityValues, nowIso, type BatchItem } from '../rows.js';
import type { DocumentDialect, SqlColumn, SqlRunner } from '../sql-dialect.js';
import { actorColumns, documentColumns, documentValues, entityColumns, itemColumns, itemRows } from '../sql-store.js';
import { hasNul, unnestSelect } from './postgres-dialect.js';
import { entityUpserts, refreshEntityLevels, storedEntities, type EntityChange } from '../fact-levels.js';

export interface BatchWriteContext {
  dialect: DocumentDialect;
  editorial: Editorial;
  itemKinds: readonly ItemKind[];
  /** The test-only fault hook's points (called as often, and with the same names, as a one-by-one write). */
  step: (name: string) => void;
}

interface Planned {
  item: BatchItem;
  outcome: IngestOutcome;
  /** A new version to write (else the actor has this text already). */
  write: boolean;
}

/**
 * The version each item gets, or 'unchanged' with the version that holds its text already (stored, or written
 * earlier in the batch), from one query for the whole batch: the batch's actors are locked, so nothing moves.
 */
async function planVersions(db: SqlRunner, items: BatchItem[]): Promise<Planned[]> {
  const rows = await db.all<{ position: number; known: number | null; max: number }>(
    `SELECT u.position::int AS position,
       (SELECT d.version FROM documents d WHERE d.actor_id = u.actor_id AND d.hash = u.hash ORDER BY d.version
         LIMIT 1) AS known,
       (SELECT coalesce(max(d.version), 0)::int FROM documents d WHERE d.actor_id = u.actor_id) AS max
     FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(actor_id, hash, position)`,
    [items.map((item) => item.prepared.actorId), items.map((item) => item.prepared.document.source.hash)],
    { reuse: true },
  );
  const byPosition = new Map(rows.map((row) => [Number(row.position), row]));
  const latestVersion = new Map<string, number>();
  const writtenText = new Map<string, number>();
  return items.map((item, index) => {
    const { actorId, document } = item.prepared;
    const row = byPosition.get(index + 1);
    const text = `${actorId}\u0000${document.source.hash}`;
    const known = row?.known ?? writtenText.get(text);
    const actorName = document.actor.name;
    if (known !== undefined && known !== null)
      return { item, write: false, outcome: { status: 'unchanged', actorId, actorName, version: Number(known) } };
    const version = (latestVersion.get(actorId) ?? Number(row?.max ?? 0)) + 1;
    latestVersion.set(actorId, version);
    writtenText.set(text, version);
    return {
      item,
      write: true,
      outcome: { status: version === 1 ? 'created' : 'new-version', actorId, actorName, version },
    };
  });
}

/** Inserts the documents' rows (one statement) and answers each one's id, in the order given. */
async function insertDocuments(db: SqlRunner, written: Planned[]): Promise<unknown[]> {
  const { sql, params } = unnestSelect(
    documentColumns,
    written.map(({ item, outcome }) => documentValues(item.prepared, outcome.version)),
  );
  const rows = await db.all<{ id: unknown; actor_id: string; version: number }>(
    `INSERT INTO documents (${documentColumns.map((column) => column.name).join(', ')}) ${sql}
     RETURNING id, actor_id, version`,
    params,
    { reuse: true },
  );
  const ids = new Map(rows.map((row) => [`${row.actor_id}\u0000${Number(row.version)}`, row.id]));
  return written.map(({ outcome }) => ids.get(`${outcome.actorId}\u0000${outcome.version}`));
}

/** The entities of every written document, each upserted once with its last document's values, in id order. */
function entityRows(written: Planned[]): unknown[][] {
  const now = nowIso();
  const rows = new Map<string, unknown[]>();
  for (const { item } of written) {
    for (const e of item.prepared.entityUpserts) {
      rows.set(e.id, entityValues(e, now));
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

const linkColumns: SqlColumn[] = [
  { name: 'document_id', type: 'int' },
  { name: 'position', type: 'int' },
  { name: 'entity_id', type: 'text' },
];

/**
 * The rows whose upsert would change the stored entity (or add it), from an unlocked read. Most entities of a batch
 * are stored as it names them (a country, a minister), and the upsert locks every row it meets until the transaction
 * ends, changed or not: another writer naming one of them waited for the whole of this one (two ingest workers wrote
 * one after the other). A row skipped here that a concurrent writer is changing ends as if this batch had written
 * first: it added no name, so the other's row keeps them all.
 */
async function changingEntities(db: SqlRunner, rows: unknown[][]): Promise<unknown[][]> {
  if (rows.length === 0) return [];
  const merged = entityUpserts(
    await storedEntities(
      db,
      rows.map((row) => row[0]),
    ),
    rows,
  ).rows;
  const compared = entityColumns.filter((column) => column.name !== 'updated_at');
  const { sql, params } = unnestSelect(
    compared,
    merged.map((row) => row.slice(0, compared.length)),
  );
  const names = compared.filter((column) => column.name !== 'id').map((column) => column.name);
  const changing = await db.all<{ id: string }>(
    `SELECT n.id FROM (${sql}) n LEFT JOIN entities e ON e.id = n.id
     WHERE e.id IS NULL OR (${names.map((name) => `e.${name}`).join(', ')})
       IS DISTINCT FROM (${names.map((name) => `n.${name}`).join(', ')})`,
    params,
    { reuse: true },
  );
  const ids = new Set(changing.map((row) => row.id));
  return rows.filter((row) => ids.has(String(row[0])));
}

/**
 * Upserts entity rows (an existing one only where its data differs) and answers what it changed of what the
 * confidence rules read. The stored rows are read under a row lock, in id order as the upsert takes them: a
 * concurrent batch cannot change them between the read and the upsert. An existing row the read did not see (a
 * concurrent batch inserted it since) counts as changed in whole.
 */
export async function upsertEntities(db: SqlRunner, rows: unknown[][]): Promise<EntityChange[]> {
  rows = await changingEntities(db, rows);
  if (rows.length === 0) return [];
  const stored = await storedEntities(
    db,
    rows.map((row) => row[0]),
    ' FOR UPDATE',
  );
  const upserts = entityUpserts(stored, rows);
  const { sql, params } = unnestSelect(entityColumns, upserts.rows);
  const updated = entityColumns.filter((column) => column.name !== 'id').map((column) => column.name);
  const compared = updated.filter((name) => name !== 'updated_at');
  const changed = await db.all<{ id: string; updated: unknown }>(
    `INSERT INTO entities (${entityColumns.map((column) => column.name).join(', ')})
     ${sql} ORDER BY u.id
     ON CONFLICT (id) DO UPDATE SET ${updated.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}
     WHERE (${compared.map((name) => `entities.${name}`).join(', ')})
       IS DISTINCT FROM (${compared.map((name) => `EXCLUDED.${name}`).join(', ')})
     RETURNING id, xmax::text <> '0' AS updated`,
    params,
    { reuse: true },
  );
  // An existing row the locked read did not see was inserted by a concurrent batch since: changed in whole.
  const unseen = changed.filter((row) => row.updated === true && !stored.has(row.id)).map((row) => row.id);
  return [...upserts.changes, ...unseen];
}

/** Writes the rows of the new versions: actors, documents, entities and links, every item kind, latest pointers. */
async function writeRows(db: SqlRunner, written: Planned[], context: BatchWriteContext): Promise<unknown[]> {
  const { dialect, itemKinds } = context;
  const step = (name: string) => written.forEach(() => context.step(name));
  const actors = new Map<string, unknown[]>();
  for (const { item } of written) {
    const { actorId, document } = item.prepared;
    actors.set(actorId, [actorId, document.actor.name, document.actor.country, document.kind]);
  }
  await dialect.upsertRows(db, 'actors', ['id'], actorColumns, [...actors.values()]);
  step('actor');
  const ids = await insertDocuments(db, written);
  step('document');
  const entities = entityRows(written);
  // Entities stored with other data: the confidence of their mentions in other documents changes (fact-levels.ts).
  const changed = await upsertEntities(db, entities);
  if (changed.length > 0) await refreshEntityLevels(db, 'postgres', changed);
  step('entities');
  const links = written.flatMap(({ item }, k) =>
    item.prepared.entityLinks.map((id, position) => [ids[k], position, id]),
  );
  if (links.length > 0) await dialect.insertRows(db, 'document_entities', linkColumns, links);
  step('document_entities');
  for (const kind of itemKinds) {
    const rows = written.flatMap(({ item }, k) => itemRows(kind, item.prepared, ids[k]));
    if (rows.length > 0) await dialect.insertRows(db, kind.table, itemColumns(kind), rows);
    step(kind.table);
  }
  // Sentences need no indexing step: a trigger fills their tsvector (postgresDialect.indexSentences does nothing).
  const latest = new Map(written.map(({ outcome }, k) => [outcome.actorId, ids[k]]));
  await db.run(
    `UPDATE actors SET latest_document_id = u.document_id
     FROM unnest(?::text[], ?::int[]) AS u(id, document_id) WHERE actors.id = u.id`,
    [[...latest.keys()], [...latest.values()]],
    { reuse: true },
  );
  step('latest-pointer');
  return ids;
}

/**
 * Writes the batch's items inside the current write transaction (the caller holds their actors' locks and knows
 * that no entity merge or edit adjusts them) and answers one outcome per item, in order.
 */
export async function writePostgresBatch(
  db: SqlRunner,
  items: BatchItem[],
  context: BatchWriteContext,
): Promise<IngestOutcome[]> {
  const planned = await planVersions(db, items);
  planned.forEach(() => context.step('lookup'));
  const written = planned.filter((entry) => entry.write);
  const ids = written.length > 0 ? await writeRows(db, written, context) : [];
  const idOf = new Map(written.map((entry, k) => [entry, ids[k]]));
  // Created documents have nothing to carry: their editorial work runs together, in runs between new versions.
  let created: CreatedSave[] = [];
  const flush = async () => {
    await context.editorial.afterCreates(db, created);
    created.forEach(() => context.step('audit'));
    created = [];
  };
  for (const entry of planned) {
    const { prepared, savedBy } = entry.item;
    const { source } = prepared.document;
    // The text as stored: PostgreSQL text cannot hold NUL, which the runner replaces (postgres-dialect.ts).
    const text = hasNul(prepared.document.text)
      ? prepared.document.text.replaceAll('\u0000', '\uFFFD')
      : prepared.document.text;
    const stored = { id: idOf.get(entry), text };
    if (entry.write && entry.outcome.status === 'created') {
      created.push({ outcome: entry.outcome, savedBy, source, ruleDecisions: prepared.ruleDecisions, written: stored });
      continue;
    }
    await flush();
    const { outcome } = entry;
    await context.editorial.afterSave(
      db,
      outcome,
      savedBy,
      source,
      prepared.ruleDecisions,
      entry.write ? stored : undefined,
    );
    context.step('audit');
  }
  await flush();
  return planned.map((entry) => entry.outcome);
}
