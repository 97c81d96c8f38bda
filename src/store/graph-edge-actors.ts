// Migration 28: each edge of the network's maintained sums (graph_edges, graph-totals.ts) also keeps how many actors
// give it (`actors`: latest documents with a mention of the target by the source node, or stating the relation) and
// its first actors in the graph's order (`first_actors`: ids, profiles before sources, by name, then id; up to
// `edgeActorCap`); each actor node keeps the actor it shows (graph_nodes.shown: its last actor in that order, whose
// name, country and document the node carries); graph_counts keeps the number of nodes and edges of each scope
// (triggers on graph_nodes and graph_edges); the relation edges are indexed by either end (partial indexes). The
// network's reads then take an edge's actors and a node's data from their rows instead of reading every document
// giving the edge or every profile of a country, the totals from one row and the relations of a node from the sums.
// `actors` is summed by graph-totals.ts's statements; `first_actors` and `shown` are moved here at every sync (the
// synced actors taken out, their new contributions merged in; an edge's documents or a node's actors read again
// only when its kept ones are synced away), filled whole by the migration and by restores: SQLite through aggregate
// functions of the connection (the JavaScript order), PostgreSQL in SQL with its ICU root collation (the order of
// localeCompare).
import type Database from 'better-sqlite3';
import type { MigrationDdl } from './migration-ddl.js';
import type { SqlRunner } from './sql-dialect.js';

/** First actors stored per edge at most. */
export const edgeActorCap = 8;
/** An edge keeps at least this many first actors (or all of them when it has fewer): a read may cap at this. */
export const edgeActorFloor = 5;

/** The node prefix of a source's own node: its mention edges have that one actor, whose id follows the prefix. */
export const sourceNodePrefix = 'source:';

/** An actor as the order of an edge's actors needs it. */
export interface OrderedActor {
  id: string;
  name: string;
  kind: string;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The graph's order of actors: profiles before sources, then by name, then by id (the in-memory graph's order). */
export const graphActorOrder = (a: OrderedActor, b: OrderedActor): number =>
  (a.kind === 'source' ? 1 : 0) - (b.kind === 'source' ? 1 : 0) ||
  a.name.localeCompare(b.name) ||
  byCodeUnits(a.id, b.id);

/** The scopes a document of kind `gd.kind` counts in (as graph-totals.ts). */
const scopes = `JOIN (SELECT 'all' AS scope UNION ALL SELECT 'profiles' AS scope) s ON (s.scope = 'all' OR
  gd.kind = 'profile')`;
const relationLink = `r.predicate || CASE WHEN r.negated THEN '!' ELSE '' END`;

/** Each (scope, edge, actor) the documents in graph_documents that `where` selects give (parameters twice). */
export const contributionsSql = (where: string): string => `
  SELECT s.scope, gd.node AS source, p.node AS target, 'm' AS link, gd.actor_id, a.name, a.kind
  FROM graph_documents gd JOIN graph_pairs p ON p.document_id = gd.document_id ${scopes}
  JOIN actors a ON a.id = gd.actor_id
  WHERE ${where} AND p.mentions > 0 AND p.node <> gd.node
  UNION ALL
  SELECT s.scope, r.subject AS source, r.object AS target, ${relationLink} AS link, gd.actor_id, a.name, a.kind
  FROM graph_documents gd JOIN graph_relations r ON r.document_id = gd.document_id ${scopes}
  JOIN actors a ON a.id = gd.actor_id
  WHERE ${where}`;

/** The migration's tables and columns (both backends); the fill is `edgeActorsFill`. */
export const edgeActorsSchema = (d: MigrationDdl): string => `
ALTER TABLE graph_edges ADD COLUMN actors BIGINT NOT NULL DEFAULT 0;
ALTER TABLE graph_edges ADD COLUMN first_actors ${d.json};
ALTER TABLE graph_nodes ADD COLUMN shown ${d.text};
CREATE TABLE graph_counts (
  scope ${d.text} PRIMARY KEY,
  nodes BIGINT NOT NULL,
  edges BIGINT NOT NULL
);
INSERT INTO graph_counts (scope, nodes, edges)
  SELECT s.scope, (SELECT count(*) FROM graph_nodes g WHERE g.scope = s.scope),
    (SELECT count(*) FROM graph_edges e WHERE e.scope = s.scope)
  FROM (SELECT 'all' AS scope UNION ALL SELECT 'profiles' AS scope) s;
CREATE INDEX graph_edges_relations_by_source ON graph_edges (scope, source, target) WHERE link <> 'm';
CREATE INDEX graph_edges_relations_by_target ON graph_edges (scope, target, source) WHERE link <> 'm';
${d.per({ sqlite: sqliteCountTriggers, postgres: postgresCountTriggers })}`;

const sqliteCountTriggers = (['nodes', 'edges'] as const)
  .flatMap((column) => [
    `CREATE TRIGGER graph_counts_${column}_added AFTER INSERT ON graph_${column} BEGIN
  UPDATE graph_counts SET ${column} = ${column} + 1 WHERE scope = NEW.scope;
END;`,
    `CREATE TRIGGER graph_counts_${column}_removed AFTER DELETE ON graph_${column} BEGIN
  UPDATE graph_counts SET ${column} = ${column} - 1 WHERE scope = OLD.scope;
END;`,
  ])
  .join('\n');

/** PostgreSQL: statement triggers over the transition tables (one UPDATE per statement, not per row). */
const postgresCountTriggers = (['nodes', 'edges'] as const)
  .map(
    (column) => `
CREATE OR REPLACE FUNCTION graph_counts_${column}_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE graph_counts c SET ${column} = c.${column} + x.n
      FROM (SELECT scope, count(*) AS n FROM moved_rows GROUP BY scope) x WHERE c.scope = x.scope;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE graph_counts c SET ${column} = c.${column} - x.n
      FROM (SELECT scope, count(*) AS n FROM moved_rows GROUP BY scope) x WHERE c.scope = x.scope;
  ELSE
    UPDATE graph_counts SET ${column} = 0;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER graph_counts_${column}_added AFTER INSERT ON graph_${column} REFERENCING NEW TABLE AS moved_rows
  FOR EACH STATEMENT EXECUTE FUNCTION graph_counts_${column}_moved();
CREATE TRIGGER graph_counts_${column}_removed AFTER DELETE ON graph_${column} REFERENCING OLD TABLE AS moved_rows
  FOR EACH STATEMENT EXECUTE FUNCTION graph_counts_${column}_moved();
CREATE TRIGGER graph_counts_${column}_truncated AFTER TRUNCATE ON graph_${column}
  FOR EACH STATEMENT EXECUTE FUNCTION graph_counts_${column}_moved();`,
  )
  .join('\n');

/** The first `cap` of `actors` in the graph's order. */
const firstOf = (actors: OrderedActor[], cap = edgeActorCap): OrderedActor[] =>
  [...actors].sort(graphActorOrder).slice(0, cap);

/** The SQLite aggregate giving an edge's first actors (JSON ids) from its (id, name, kind) rows. */
export function registerFirstActors(db: Database.Database): void {
  registerLastActor(db);
  db.aggregate('dossier_first_actors', {
    varargs: true,
    start: () => [] as OrderedActor[],
    step: (list: OrderedActor[], ...[id, name, kind]: unknown[]) => {
      list.push({ id: String(id), name: String(name), kind: String(kind) });
      if (list.length > 4 * edgeActorCap) list.splice(0, list.length, ...firstOf(list));
      return list;
    },
    result: (list: OrderedActor[]) => JSON.stringify(firstOf(list).map((actor) => actor.id)),
  });
}

/** The SQLite aggregate giving the last actor of a node (its shown actor) from its (id, name, kind) rows. */
function registerLastActor(db: Database.Database): void {
  db.aggregate('dossier_last_actor', {
    varargs: true,
    start: () => null as OrderedActor | null,
    step: (last: OrderedActor | null, ...[id, name, kind]: unknown[]) => {
      const actor = { id: String(id), name: String(name), kind: String(kind) };
      return last === null || graphActorOrder(actor, last) > 0 ? actor : last;
    },
    result: (last: OrderedActor | null) => last?.id ?? null,
  });
}

/** The actors of the actor nodes of the documents `where` selects, by scope (parameters once). */
const nodeActorsSql = (where: string) => `SELECT s.scope, gd.node, gd.actor_id AS id, a.name, a.kind
  FROM graph_documents gd ${scopes} JOIN actors a ON a.id = gd.actor_id WHERE ${where}`;

/**
 * Every edge's `actors` and `first_actors` and every actor node's shown actor, from scratch (SQLite:
 * `registerFirstActors` on the connection first).
 */
export const edgeActorsFill = (kind: 'sqlite' | 'postgres'): string => {
  const first =
    kind === 'sqlite'
      ? 'dossier_first_actors(x.actor_id, x.name, x.kind)'
      : `to_jsonb((array_agg(x.actor_id ORDER BY (x.kind = 'source'), x.name COLLATE "und-x-icu",
           x.actor_id COLLATE "C"))[1:${edgeActorCap}])`;
  const last =
    kind === 'sqlite'
      ? 'dossier_last_actor(x.id, x.name, x.kind)'
      : `(array_agg(x.id ORDER BY (x.kind = 'source') DESC, x.name COLLATE "und-x-icu" DESC,
           x.id COLLATE "C" DESC))[1]`;
  return `UPDATE graph_edges SET actors = f.n, first_actors = f.first FROM (
    SELECT x.scope, x.source, x.target, x.link, count(*) AS n, ${first} AS first
    FROM (${contributionsSql('1 = 1')}) x GROUP BY x.scope, x.source, x.target, x.link
  ) f WHERE graph_edges.scope = f.scope AND graph_edges.source = f.source AND graph_edges.target = f.target
    AND graph_edges.link = f.link;
  UPDATE graph_nodes SET shown = f.shown FROM (
    SELECT x.scope, x.node, ${last} AS shown FROM (${nodeActorsSql('1 = 1')}) x GROUP BY x.scope, x.node
  ) f WHERE graph_nodes.scope = f.scope AND graph_nodes.node = f.node;\n`;
};

/**
 * Forgets the first actors of a source node's mention edges (migration 31): the edge's one actor is the source the
 * node names (storedFirstActors).
 */
export const forgetSourceEdgeListsSql = `UPDATE graph_edges SET first_actors = NULL
  WHERE link = 'm' AND substr(source, 1, 7) = '${sourceNodePrefix}' AND first_actors IS NOT NULL;\n`;

/**
 * Every edge's actors and first actors and every actor node's shown actor, from scratch, as today's schema keeps
 * them (`edgeActorsFill` is migration 28's, released: a source node's edges listed too).
 */
export const currentEdgeActorsFill = (kind: 'sqlite' | 'postgres'): string =>
  edgeActorsFill(kind) + forgetSourceEdgeListsSql;

/** A contribution row: one actor giving one edge of one scope. */
interface ContributionRow extends OrderedActor {
  scope: string;
  source: string;
  target: string;
  link: string;
}
interface ContributionQueryRow {
  scope: string;
  source: string;
  target: string;
  link: string;
  actor_id: string;
  name: string;
  kind: string;
}

const keyOf = (row: { scope: string; source: string; target: string; link: string }) =>
  `${row.scope}\0${row.source}\0${row.target}\0${row.link}`;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** What the synced documents give (scope, edge, actor), read before and after a sync. */
export async function readContributions(db: SqlRunner, where: string, params: unknown[]): Promise<ContributionRow[]> {
  const rows = await db.all<ContributionQueryRow>(contributionsSql(where), [...params, ...params]);
  return rows.map((row) => ({
    scope: row.scope,
    source: row.source,
    target: row.target,
    link: row.link,
    id: row.actor_id,
    name: row.name,
    kind: row.kind,
  }));
}

interface EdgeRow {
  scope: string;
  source: string;
  target: string;
  link: string;
  actors: unknown;
  first_actors: unknown;
}

const idsOf = (value: unknown): string[] =>
  value === null || value === undefined ? [] : typeof value === 'string' ? JSON.parse(value) : (value as string[]);

/**
 * The first actors of an edge as stored: a source node's edges (one actor, named by the node) keep none, since
 * migration 31 (a third of the edges, each id some 80 characters); others their list.
 */
export function storedFirstActors(edge: {
  source: string;
  link: string;
  actors: unknown;
  first_actors: unknown;
}): string[] {
  if (edge.link === 'm' && edge.source.startsWith(sourceNodePrefix))
    return Number(edge.actors) > 0 ? [edge.source.slice(sourceNodePrefix.length)] : [];
  return idsOf(edge.first_actors);
}

/**
 * Moves the first actors of the edges the synced actors (`synced`) gave before (`before`) or give now (`after`); the
 * rows' `actors` are summed already.
 */
export async function moveFirstActors(
  db: SqlRunner,
  synced: ReadonlySet<string>,
  before: ContributionRow[],
  after: ContributionRow[],
): Promise<void> {
  const added = new Map<string, OrderedActor[]>();
  const touched = new Map<string, ContributionRow>();
  for (const row of before) touched.set(keyOf(row), row);
  for (const row of after) {
    touched.set(keyOf(row), row);
    const list = added.get(keyOf(row)) ?? [];
    added.set(keyOf(row), list);
    list.push(row);
  }
  const rows: EdgeRow[] = [];
  const keys = [...touched.values()];
  for (let i = 0; i < keys.length; i += 100) {
    const part = keys.slice(i, i + 100);
    rows.push(
      ...(await db.all<EdgeRow>(
        part
          .map(
            () => `SELECT scope, source, target, link, actors, first_actors FROM graph_edges
              WHERE scope = ? AND source = ? AND target = ? AND link = ?`,
          )
          .join(' UNION ALL '),
        part.flatMap((key) => [key.scope, key.source, key.target, key.link]),
      )),
    );
  }
  // The names of the actors kept in the lists (the synced ones come with their contributions).
  const kept = new Set(rows.flatMap((row) => storedFirstActors(row)).filter((id) => !synced.has(id)));
  const known = new Map<string, OrderedActor>();
  for (const row of after) known.set(row.id, row);
  const wanted = [...kept];
  for (let i = 0; i < wanted.length; i += 400) {
    const part = wanted.slice(i, i + 400);
    const found = await db.all<OrderedActor>(
      `SELECT id, name, kind FROM actors WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const actor of found) known.set(actor.id, actor);
  }
  const changed: Array<EdgeRow & { first: string }> = [];
  for (const row of rows) {
    const count = Number(row.actors);
    const fresh = (added.get(keyOf(row)) ?? []).sort(graphActorOrder);
    // A source node's edge is its one actor's: nothing to keep (storedFirstActors names it).
    if (row.link === 'm' && row.source.startsWith(sourceNodePrefix)) continue;
    const stored = idsOf(row.first_actors);
    const left = stored.filter((id) => !synced.has(id) && known.has(id)).map((id) => known.get(id)!);
    // The actors of the edge that are not synced: `left` is a prefix of them in the graph's order.
    const unchanged = count - fresh.length;
    let merged = [...left, ...fresh].sort(graphActorOrder);
    if (left.length < unchanged) {
      const last = left.at(-1);
      merged = last ? merged.filter((actor) => graphActorOrder(actor, last) <= 0) : [];
    }
    merged = merged.slice(0, edgeActorCap);
    if (merged.length < Math.min(count, edgeActorFloor)) merged = firstOf(await edgeActors(db, row));
    const ids = merged.map((actor) => actor.id);
    if (JSON.stringify(ids) !== JSON.stringify(stored)) changed.push({ ...row, first: JSON.stringify(ids) });
  }
  // Written 100 rows a statement (an upsert of rows that exist: only the list is set; no row is inserted).
  for (let i = 0; i < changed.length; i += 100) {
    const part = changed.slice(i, i + 100);
    await db.run(
      `INSERT INTO graph_edges (scope, source, target, link, n, first_actors) VALUES
       ${part.map(() => '(?, ?, ?, ?, 0, ?)').join(', ')}
       ON CONFLICT (scope, source, target, link) DO UPDATE SET first_actors = excluded.first_actors`,
      part.flatMap((row) => [row.scope, row.source, row.target, row.link, row.first]),
    );
  }
}

/** Every actor giving one edge (read again when too few of its first actors are known). */
async function edgeActors(db: SqlRunner, edge: EdgeRow): Promise<OrderedActor[]> {
  const only = edge.scope === 'all' ? '' : ` AND gd.kind = 'profile'`;
  if (edge.link === 'm')
    return db.all<OrderedActor>(
      `SELECT a.id, a.name, a.kind FROM graph_documents gd
       JOIN graph_pairs p ON p.document_id = gd.document_id AND p.node = ? JOIN actors a ON a.id = gd.actor_id
       WHERE gd.node = ? AND p.mentions > 0${only}`,
      [edge.target, edge.source],
    );
  return db.all<OrderedActor>(
    `SELECT a.id, a.name, a.kind FROM graph_relations r JOIN graph_documents gd ON gd.document_id = r.document_id
     JOIN actors a ON a.id = gd.actor_id WHERE r.edge = ?${only}`,
    [`r:${edge.source}>${edge.link}>${edge.target}`],
  );
}

/** Takes migration 28 back (test support: a database rewound to an older schema and migrated again). */
export const edgeActorsDropSql = (backend: 'sqlite' | 'postgres'): string => {
  const triggers =
    backend === 'sqlite'
      ? ['nodes', 'edges'].flatMap((c) => [
          `DROP TRIGGER IF EXISTS graph_counts_${c}_added;`,
          `DROP TRIGGER IF EXISTS graph_counts_${c}_removed;`,
        ])
      : ['nodes', 'edges'].map((c) => `DROP FUNCTION IF EXISTS graph_counts_${c}_moved() CASCADE;`);
  return `${triggers.join('\n')}
DROP INDEX IF EXISTS graph_edges_relations_by_source;
DROP INDEX IF EXISTS graph_edges_relations_by_target;
DROP TABLE IF EXISTS graph_counts;
ALTER TABLE graph_edges DROP COLUMN actors;
ALTER TABLE graph_edges DROP COLUMN first_actors;
ALTER TABLE graph_nodes DROP COLUMN shown;
`;
};

/** A node's actor as read before and after a sync. */
interface NodeActorRow extends OrderedActor {
  scope: string;
  node: string;
}

/** The actor nodes (and their actors) of the documents `where` selects, read before and after a sync. */
export const readNodeActors = (db: SqlRunner, where: string, params: unknown[]): Promise<NodeActorRow[]> =>
  db.all<NodeActorRow>(nodeActorsSql(where), params);

/**
 * Moves the shown actor (the last in the graph's order) of the actor nodes the synced actors were (`before`) or are
 * (`after`) on: the stored one unless it is synced, else every actor of the node read again.
 */
export async function moveShownActors(
  db: SqlRunner,
  synced: ReadonlySet<string>,
  before: NodeActorRow[],
  after: NodeActorRow[],
): Promise<void> {
  const touched = new Map<string, { scope: string; node: string; added: OrderedActor[] }>();
  for (const row of [...before, ...after]) {
    const key = `${row.scope}\0${row.node}`;
    if (!touched.has(key)) touched.set(key, { scope: row.scope, node: row.node, added: [] });
  }
  for (const row of after) touched.get(`${row.scope}\0${row.node}`)!.added.push(row);
  for (const { scope, node, added } of touched.values()) {
    const [stored] = await db.all<{ actors: unknown; shown: string | null }>(
      'SELECT actors, shown FROM graph_nodes WHERE scope = ? AND node = ?',
      [scope, node],
    );
    if (!stored) continue;
    let shown: string | null = null;
    if (Number(stored.actors) > 0) {
      const only = scope === 'all' ? '' : ` AND gd.kind = 'profile'`;
      const candidates =
        stored.shown !== null && !synced.has(stored.shown)
          ? [
              ...added,
              ...(await db.all<OrderedActor>('SELECT id, name, kind FROM actors WHERE id = ?', [stored.shown])),
            ]
          : await db.all<OrderedActor>(
              `SELECT a.id, a.name, a.kind FROM graph_documents gd JOIN actors a ON a.id = gd.actor_id
               WHERE gd.node = ?${only}`,
              [node],
            );
      shown =
        candidates.reduce<OrderedActor | null>(
          (last, actor) => (last === null || graphActorOrder(actor, last) > 0 ? actor : last),
          null,
        )?.id ?? null;
    }
    if (shown !== stored.shown)
      await db.run('UPDATE graph_nodes SET shown = ? WHERE scope = ? AND node = ?', [shown, scope, node]);
  }
}
