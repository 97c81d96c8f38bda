// The network's maintained figures (migration 22), written once for both backends: for each actor's latest
// document, what it gives the network (graph_documents: its node and kind; graph_pairs: per node the mentions it
// makes of it, the weight it adds and the bits of the themes of those mentions; graph_relations: its relation
// groups), and the sums over every latest document, per scope ('all', or 'profiles' without the sources):
// graph_nodes (weight, mentions, actors), graph_node_themes (documents per theme) and graph_edges (weight of each
// mention edge, link 'm', and relation group, link its predicate). `sync` recomputes the rows of some actors inside
// a write transaction (their old contribution subtracted, the new one added), so the network's top-N and ego reads
// are index range reads.
// Every write that changes what a latest document says calls it: saves, review decisions, added facts, merges.
import { themes as allThemes } from '../model/index.js';
import type { SqlRunner } from './sql-dialect.js';
import { moveFirstActors, moveShownActors, readContributions, readNodeActors } from './graph-edge-actors.js';

/** Parameters per `IN (…)` list. */
const chunkSize = 400;

/** The table expression giving `t.value` for each element of the JSON array `column`. */
const arrayValues = (kind: 'sqlite' | 'postgres', column: string): string =>
  kind === 'sqlite' ? `json_each(${column}) AS t` : `jsonb_array_elements_text(${column}) AS t(value)`;

/** The node of an actor `a`: a source's own, else its country's (or its own when it has none). */
const actorNode = `CASE WHEN a.kind = 'source' THEN 'source:' || a.id ELSE coalesce(a.country, 'actor:' || a.id) END`;

/** The scopes a document of kind `gd.kind` counts in. */
const scopes = `JOIN (SELECT 'all' AS scope UNION ALL SELECT 'profiles' AS scope) s ON (s.scope = 'all' OR
  gd.kind = 'profile')`;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The migration's tables (both backends). */
export const graphTotalsSchema = (d: { text: string; int: string; bool: string; sqlite(text: string): string }) => {
  const compact = d.sqlite(' WITHOUT ROWID');
  return `
CREATE TABLE graph_documents (
  actor_id ${d.text} PRIMARY KEY,
  document_id ${d.int} NOT NULL,
  node ${d.text} NOT NULL,
  kind ${d.text} NOT NULL
);
CREATE INDEX graph_documents_by_document ON graph_documents (document_id, node, kind);
CREATE INDEX graph_documents_by_node ON graph_documents (node, document_id);
CREATE TABLE graph_pairs (
  document_id ${d.int} NOT NULL,
  node ${d.text} NOT NULL,
  mentions ${d.int} NOT NULL,
  weight ${d.int} NOT NULL,
  themes ${d.int} NOT NULL,
  PRIMARY KEY (document_id, node)
)${compact};
CREATE INDEX graph_pairs_by_node ON graph_pairs (node, document_id, mentions);
CREATE TABLE graph_relations (
  document_id ${d.int} NOT NULL,
  edge ${d.text} NOT NULL,
  subject ${d.text} NOT NULL,
  predicate ${d.text} NOT NULL,
  negated ${d.bool} NOT NULL,
  object ${d.text} NOT NULL,
  n ${d.int} NOT NULL,
  PRIMARY KEY (document_id, edge)
);
CREATE INDEX graph_relations_by_edge ON graph_relations (edge, document_id);
CREATE TABLE graph_nodes (
  scope ${d.text} NOT NULL,
  node ${d.text} NOT NULL,
  weight BIGINT NOT NULL,
  mentions BIGINT NOT NULL,
  actors BIGINT NOT NULL,
  PRIMARY KEY (scope, node)
);
CREATE INDEX graph_nodes_by_weight ON graph_nodes (scope, weight);
CREATE TABLE graph_node_themes (
  scope ${d.text} NOT NULL,
  node ${d.text} NOT NULL,
  theme ${d.text} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (scope, node, theme)
);
CREATE TABLE graph_edges (
  scope ${d.text} NOT NULL,
  source ${d.text} NOT NULL,
  target ${d.text} NOT NULL,
  link ${d.text} NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (scope, source, target, link)
)${compact};
`;
};

/** The tables of the network's figures, children first. */
export const graphTotalsTables = [
  'graph_node_themes',
  'graph_nodes',
  'graph_edges',
  'graph_pairs',
  'graph_relations',
  'graph_documents',
] as const;

/** A statement and its parameters. */
interface Statement {
  sql: string;
  params: unknown[];
}

/** Each theme and its bit in graph_pairs.themes (the order of the model's list). */
const themeBits = allThemes.map((theme, n) => ({ theme, bit: 2 ** n }));
/** The bit of the theme named by `value` (NULL for a name not in the list). */
const themeBit = (value: string) =>
  `CASE ${value} ${themeBits.map(({ theme, bit }) => `WHEN '${theme}' THEN ${bit}`).join(' ')} END`;
/** Each theme with its bit, as a table `th`. */
const themeTable = `(${themeBits
  .map(({ theme, bit }) => `SELECT '${theme}' AS theme, ${bit} AS bit`)
  .join(' UNION ALL ')}) th`;

/**
 * The statements writing the per-document rows of the documents in graph_documents that `where` (over `gd`, with
 * `params`) selects: per node, the mentions of it, the weight it gets (mentions of it, mentions the actor's node
 * makes, relations it is an end of) and the bits of the themes of the sentences (and their interests) naming it.
 */
function fillStatements(kind: 'sqlite' | 'postgres', where: string, params: unknown[]): Statement[] {
  const live = `m.review_status <> 'rejected' AND m.entity_id IS NOT NULL`;
  const relations = (end: 'subject' | 'object') =>
    `SELECT r.document_id, r.${end} AS node, 0 AS mentions, count(*) AS weight, 0 AS bit
       FROM graph_documents gd JOIN relations r ON r.document_id = gd.document_id
       WHERE ${where} AND r.review_status <> 'rejected' GROUP BY r.document_id, r.${end}`;
  const covering = (themes: string, join: string) =>
    `SELECT m.document_id, m.entity_id AS node, ${themeBit('t.value')} AS bit
       FROM graph_documents gd JOIN mentions m ON m.document_id = gd.document_id
       JOIN sentences s ON s.document_id = m.document_id AND s.span_end > m.span_start AND s.span_start = (
         SELECT max(s2.span_start) FROM sentences s2 WHERE s2.document_id = m.document_id AND
           s2.span_start <= m.span_start)${join}
       CROSS JOIN ${arrayValues(kind, themes)}
       WHERE ${where} AND ${live}`;
  // The sentence that covers a mention: the last one starting at or before it, found by an index seek. A range join
  // (start <= m.start AND end > m.start) read every earlier sentence for each mention, quadratic in a document's
  // length (20 s for a 1.4 MB document of 26,400 mentions).
  // The interest that covers the sentence likewise (interests do not overlap), by interests_by_span.
  const interests = ` JOIN interests i ON i.document_id = m.document_id AND i.span_end > s.span_start AND
         i.review_status <> 'rejected' AND i.span_start = (SELECT max(i2.span_start) FROM interests i2
           WHERE i2.document_id = m.document_id AND i2.span_start <= s.span_start)`;
  return [
    {
      // The theme rows are distinct bits of a pair (UNION), so their sum is the pair's bits.
      sql: `INSERT INTO graph_pairs (document_id, node, mentions, weight, themes)
       SELECT x.document_id, x.node, sum(x.mentions), sum(x.weight), sum(x.bit) FROM (
         SELECT m.document_id, m.entity_id AS node, count(*) AS mentions, count(*) AS weight, 0 AS bit
         FROM graph_documents gd JOIN mentions m ON m.document_id = gd.document_id
         WHERE ${where} AND ${live} GROUP BY m.document_id, m.entity_id
         UNION ALL
         SELECT gd.document_id, gd.node, 0 AS mentions, count(m.entity_id) AS weight, 0 AS bit
         FROM graph_documents gd LEFT JOIN mentions m ON m.document_id = gd.document_id AND ${live} AND
           m.entity_id <> gd.node
         WHERE ${where} GROUP BY gd.document_id, gd.node
         UNION ALL ${relations('subject')}
         UNION ALL ${relations('object')}
         UNION ALL SELECT b.document_id, b.node, 0 AS mentions, 0 AS weight, b.bit FROM (
           ${covering('s.themes', '')}
           UNION
           ${covering('i.themes', interests)}
         ) b WHERE b.bit IS NOT NULL
       ) x GROUP BY x.document_id, x.node`,
      params: [...params, ...params, ...params, ...params, ...params, ...params],
    },
    {
      sql: `INSERT INTO graph_relations (document_id, edge, subject, predicate, negated, object, n)
       SELECT r.document_id, 'r:' || r.subject || '>' || r.predicate || CASE WHEN r.negated THEN '!' ELSE '' END ||
         '>' || r.object, r.subject, r.predicate, r.negated, r.object, count(*)
       FROM graph_documents gd JOIN relations r ON r.document_id = gd.document_id
       WHERE ${where} AND r.review_status <> 'rejected'
       GROUP BY r.document_id, r.subject, r.predicate, r.negated, r.object`,
      params,
    },
  ];
}

/** The link of a relation edge in graph_edges (a mention edge's is 'm'): its predicate, '!' when negated. */
const relationLink = `r.predicate || CASE WHEN r.negated THEN '!' ELSE '' END`;

/** `INSERT … ON CONFLICT (key) DO UPDATE` adding each of `columns` to the stored value. */
const adding = (table: string, key: string, columns: string[]) =>
  ` ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;

/**
 * The statements adding (sign 1) or subtracting (sign -1) the rows of the selected documents to the sums; `actors`:
 * graph_edges.actors too (migration 28; migration 22's fill has no such column).
 */
function applyStatements(where: string, params: unknown[], sign: 1 | -1, actors = false): Statement[] {
  return [
    {
      sql: `INSERT INTO graph_nodes (scope, node, weight, mentions, actors)
       SELECT x.scope, x.node, ${sign} * sum(x.weight), ${sign} * sum(x.mentions), ${sign} * sum(x.actors) FROM (
         SELECT s.scope, p.node, p.weight, p.mentions, 0 AS actors
         FROM graph_documents gd JOIN graph_pairs p ON p.document_id = gd.document_id ${scopes} WHERE ${where}
         UNION ALL
         SELECT s.scope, gd.node, 0 AS weight, 0 AS mentions, 1 AS actors FROM graph_documents gd ${scopes}
         WHERE ${where}
       ) x GROUP BY x.scope, x.node ORDER BY x.scope, x.node${adding('graph_nodes', 'scope, node', [
         'weight',
         'mentions',
         'actors',
       ])}`,
      params: [...params, ...params],
    },
    {
      sql: `INSERT INTO graph_node_themes (scope, node, theme, n)
       SELECT s.scope, p.node, th.theme, ${sign} * count(*)
       FROM graph_documents gd JOIN graph_pairs p ON p.document_id = gd.document_id ${scopes}
       JOIN ${themeTable} ON (p.themes & th.bit) <> 0
       WHERE ${where} AND p.themes <> 0 GROUP BY s.scope, p.node, th.theme
       ORDER BY s.scope, p.node, th.theme${adding('graph_node_themes', 'scope, node, theme', ['n'])}`,
      params,
    },
    {
      sql: `INSERT INTO graph_edges (scope, source, target, link, n${actors ? ', actors' : ''})
       SELECT x.scope, x.source, x.target, x.link, ${sign} * sum(x.n)${actors ? `, ${sign} * sum(x.a)` : ''} FROM (
         SELECT s.scope, gd.node AS source, p.node AS target, 'm' AS link, p.mentions AS n${actors ? ', 1 AS a' : ''}
         FROM graph_documents gd JOIN graph_pairs p ON p.document_id = gd.document_id ${scopes}
         WHERE ${where} AND p.mentions > 0 AND p.node <> gd.node
         UNION ALL
         SELECT s.scope, r.subject, r.object, ${relationLink}, r.n${actors ? ', 1' : ''}
         FROM graph_documents gd JOIN graph_relations r ON r.document_id = gd.document_id ${scopes} WHERE ${where}
       ) x GROUP BY x.scope, x.source, x.target, x.link
       ORDER BY x.scope, x.source, x.target, x.link${adding('graph_edges', 'scope, source, target, link', [
         'n',
         ...(actors ? ['actors'] : []),
       ])}`,
      params: [...params, ...params],
    },
  ];
}

/**
 * The statements dropping the sums the selected documents touch that are left at zero (after a subtraction). Each
 * names the scopes, so that its nodes are sought in the table's key (scope, node, …): without them SQLite read the
 * whole table at every save (0.6 ms a document at 100,000 documents, 0.07 at 10,000).
 */
function zeroStatements(where: string, params: unknown[]): Statement[] {
  const ofDocs = `SELECT gd.document_id FROM graph_documents gd WHERE ${where}`;
  return [
    {
      sql: `DELETE FROM graph_nodes WHERE scope IN ('all', 'profiles') AND node IN (SELECT p.node FROM graph_pairs p
         WHERE p.document_id IN (${ofDocs}) UNION SELECT gd.node FROM graph_documents gd WHERE ${where})
         AND weight = 0 AND actors = 0`,
      params: [...params, ...params],
    },
    {
      sql: `DELETE FROM graph_node_themes WHERE scope IN ('all', 'profiles') AND node IN (SELECT p.node
         FROM graph_pairs p WHERE p.document_id IN (${ofDocs}) AND p.themes <> 0) AND n = 0`,
      params,
    },
    {
      sql: `DELETE FROM graph_edges WHERE n = 0 AND scope IN ('all', 'profiles') AND source IN (SELECT gd.node
         FROM graph_documents gd WHERE ${where} UNION SELECT r.subject FROM graph_relations r
         WHERE r.document_id IN (${ofDocs}))`,
      params: [...params, ...params],
    },
  ];
}

/** The migration's fill: every actor's latest document and the sums (SQL without parameters). */
export const graphTotalsFill = (kind: 'sqlite' | 'postgres'): string =>
  [
    `INSERT INTO graph_documents (actor_id, document_id, node, kind)
       SELECT a.id, a.latest_document_id, ${actorNode}, a.kind FROM actors a WHERE a.latest_document_id IS NOT NULL`,
    ...fillStatements(kind, '1 = 1', []).map((s) => s.sql),
    ...applyStatements('1 = 1', [], 1).map((s) => s.sql),
  ]
    .map((sql) => `${sql};\n`)
    .join('');

export class GraphTotals {
  constructor(private readonly kind: 'sqlite' | 'postgres') {}

  /** Recomputes the figures of the given actors (their latest documents now) and the sums they enter. */
  async sync(db: SqlRunner, actorIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(actorIds)].sort();
    for (let i = 0; i < ids.length; i += chunkSize) await this.syncChunk(db, ids.slice(i, i + chunkSize));
  }

  /** Recomputes the figures of the actors whose latest document is one of `documentIds`. */
  async syncDocuments(db: SqlRunner, documentIds: Iterable<unknown>): Promise<void> {
    const ids = [...new Set([...documentIds].map(Number))];
    const actors: string[] = [];
    for (let i = 0; i < ids.length; i += chunkSize) {
      const part = ids.slice(i, i + chunkSize);
      const rows = await db.all<{ id: string }>(
        `SELECT id FROM actors WHERE latest_document_id IN (${placeholders(part.length)})`,
        part,
      );
      actors.push(...rows.map((row) => row.id));
    }
    await this.sync(db, actors);
  }

  /** Every figure from scratch (a restore, the tests' reference). */
  async rebuild(db: SqlRunner): Promise<void> {
    for (const table of graphTotalsTables) await db.run(`DELETE FROM ${table}`);
    const rows = await db.all<{ id: string }>('SELECT id FROM actors WHERE latest_document_id IS NOT NULL');
    await this.sync(
      db,
      rows.map((row) => row.id),
    );
  }

  private async syncChunk(db: SqlRunner, ids: string[]): Promise<void> {
    const where = `gd.actor_id IN (${placeholders(ids.length)})`;
    const run = async (statements: Statement[]) => {
      for (const { sql, params } of statements) await db.run(sql, params);
    };
    const before = await readContributions(db, where, ids);
    const nodesBefore = await readNodeActors(db, where, ids);
    await run(applyStatements(where, ids, -1, true));
    await run(zeroStatements(where, ids));
    const ofOld = `SELECT gd.document_id FROM graph_documents gd WHERE ${where}`;
    for (const table of ['graph_pairs', 'graph_relations'])
      await db.run(`DELETE FROM ${table} WHERE document_id IN (${ofOld})`, ids);
    await db.run(`DELETE FROM graph_documents WHERE actor_id IN (${placeholders(ids.length)})`, ids);
    await db.run(
      `INSERT INTO graph_documents (actor_id, document_id, node, kind)
       SELECT a.id, a.latest_document_id, ${actorNode}, a.kind FROM actors a
       WHERE a.latest_document_id IS NOT NULL AND a.id IN (${placeholders(ids.length)})`,
      ids,
    );
    await run(fillStatements(this.kind, where, ids));
    await run(applyStatements(where, ids, 1, true));
    await moveFirstActors(db, new Set(ids), before, await readContributions(db, where, ids));
    await moveShownActors(db, new Set(ids), nodesBefore, await readNodeActors(db, where, ids));
  }
}
