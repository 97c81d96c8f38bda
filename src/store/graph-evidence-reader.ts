// The evidence of one edge of the network, a page at a time (written once for both backends): every
// sentence of a latest document that gives the edge a fact — for a mention edge `m:<node>><entity>`
// the sentences of the node's actors naming the entity, for a relation edge `r:…` the sentences
// stating the relation — rejected facts left out, one item per sentence, in the order of the actor's
// id (bytewise) then the sentence's place in the text, cut with a keyset cursor. The documents come
// from the maintained tables (graph_documents by node, graph_relations by edge), so a page costs
// index reads of the edge's documents only, however large the collection.
import type { SqlRunner } from './sql-dialect.js';
import type { GraphEvidence } from './graph-reader.js';

/** Where a page of an edge's evidence ended: the actor and the start of its sentence. */
export interface EdgeEvidenceCursor {
  actor: string;
  start: number;
}

export interface EdgeEvidenceQuery {
  /** The id of the edge, as GET /api/graph gives it. */
  edge: string;
  limit: number;
  after: EdgeEvidenceCursor | null;
  /** false: the sources' documents are left out (default: included). */
  sources?: boolean;
}

export interface EdgeEvidencePage {
  evidence: GraphEvidence[];
  /** The cursor of the following page, or null on the last. */
  next: EdgeEvidenceCursor | null;
}

interface EvidenceRow {
  actor: string;
  version: unknown;
  ev_start: unknown;
  ev_end: unknown;
  text: string | null;
}

/** The facts of an edge: `from` (its tables, the fact as `f`, the actor's row of graph_documents as `gd`) and `where`
 * (`%only%` stands for the sources switch), with their parameters in that order. */
interface FactSql {
  from: string;
  where: string;
  params: unknown[];
}

/** The sentence covering the fact `f` (its start found by a seek on sentences_by_span), as `s`. */
const coveringSentence = (f: string) => `LEFT JOIN sentences s ON s.document_id = ${f}.document_id
  AND s.span_end > ${f}.span_start AND s.span_start = (SELECT max(s2.span_start) FROM sentences s2
    WHERE s2.document_id = ${f}.document_id AND s2.span_start <= ${f}.span_start)`;

export class GraphEvidenceReader {
  /** `byteOrder`: the SQL that orders text bytewise on this backend. */
  constructor(
    private readonly db: SqlRunner,
    private readonly byteOrder: string,
  ) {}

  /** A page of the edge's evidence; null when no latest document gives the edge a fact (no such edge). */
  async page(query: EdgeEvidenceQuery): Promise<EdgeEvidencePage | null> {
    const from = query.edge.startsWith('m:')
      ? await this.mentionFacts(query.edge.slice(2))
      : query.edge.startsWith('r:')
        ? this.relationFacts(query.edge)
        : null;
    if (!from) return null;
    const onlyProfiles = query.sources === false ? ` AND gd.kind = 'profile'` : '';
    const params: unknown[] = [...from.params];
    let keyset = '';
    if (query.after) {
      keyset = ` WHERE x.actor${this.byteOrder} > ? OR (x.actor = ? AND x.ev_start > ?)`;
      params.push(query.after.actor, query.after.actor, query.after.start);
    }
    params.push(query.limit + 1);
    // The page's spans first (grouped, cut), then their text: a slice of the document (as the network's evidence).
    const rows = await this.db.all<EvidenceRow>(
      `SELECT y.actor, y.version, y.ev_start, y.ev_end, substr(d.text, y.ev_start + 1, y.ev_end - y.ev_start) AS text
       FROM (
         SELECT x.actor, x.document_id, x.version, x.ev_start, x.ev_end FROM (
           SELECT gd.actor_id AS actor, f.document_id, d.version, COALESCE(s.span_start, f.span_start) AS ev_start,
             COALESCE(s.span_end, f.span_end) AS ev_end
           ${from.from.replace('%only%', onlyProfiles)}
           JOIN documents d ON d.id = f.document_id
           ${coveringSentence('f')}
           WHERE ${from.where.replace('%only%', onlyProfiles)}
         ) x${keyset}
         GROUP BY x.actor, x.document_id, x.version, x.ev_start, x.ev_end
         ORDER BY x.actor${this.byteOrder}, x.ev_start
         LIMIT ?
       ) y JOIN documents d ON d.id = y.document_id
       ORDER BY y.actor${this.byteOrder}, y.ev_start`,
      params,
    );
    if (rows.length === 0 && !query.after && !(await this.exists(query, from))) return null;
    const shown = rows.slice(0, query.limit).map((row): GraphEvidence => ({
      actor: row.actor,
      version: Number(row.version),
      start: Number(row.ev_start),
      end: Number(row.ev_end),
      text: row.text ?? '',
    }));
    const last = shown.at(-1);
    return {
      evidence: shown,
      next: rows.length > query.limit && last ? { actor: last.actor, start: last.start } : null,
    };
  }

  /** Whether the edge has facts at all (with the sources) — an edge of the sources only is empty, not unknown. */
  private async exists(query: EdgeEvidenceQuery, from: FactSql): Promise<boolean> {
    if (query.sources !== false) return false;
    const all = (sql: string) => sql.replace('%only%', '');
    const rows = await this.db.all(`SELECT 1 AS found ${all(from.from)} WHERE ${all(from.where)} LIMIT 1`, from.params);
    return rows.length > 0;
  }

  /**
   * The mentions giving the edge `<node>><entity>` its facts, as `f` joined to `gd`: the node is found among the
   * actor nodes (an id may hold a `>`: each split is tried against graph_documents).
   */
  private async mentionFacts(rest: string): Promise<FactSql | null> {
    const splits: Array<[string, string]> = [];
    for (let at = rest.indexOf('>'); at > 0; at = rest.indexOf('>', at + 1))
      if (at < rest.length - 1) splits.push([rest.slice(0, at), rest.slice(at + 1)]);
    if (splits.length === 0) return null;
    const rows = await this.db.all<{ node: string }>(
      `SELECT DISTINCT node FROM graph_documents WHERE node IN (${splits.map(() => '?').join(', ')})`,
      splits.map(([node]) => node),
    );
    const nodes = new Set(rows.map((row) => row.node));
    const split = splits.find(([node, entity]) => nodes.has(node) && entity !== node);
    if (!split) return null;
    return {
      from: `FROM graph_documents gd JOIN mentions f ON f.document_id = gd.document_id AND f.entity_id = ?
         AND f.review_status <> 'rejected'`,
      where: `gd.node = ?%only%`,
      params: [split[1], split[0]],
    };
  }

  /** The relations giving the relation edge its facts, as `f` joined to `gd` (graph_relations by edge). */
  private relationFacts(edge: string): FactSql {
    return {
      from: `FROM graph_relations gr
         JOIN graph_documents gd ON gd.document_id = gr.document_id%only%
         JOIN relations f ON f.document_id = gr.document_id AND f.subject = gr.subject AND f.object = gr.object
           AND f.predicate = gr.predicate AND f.negated = gr.negated AND f.review_status <> 'rejected'`,
      where: 'gr.edge = ?',
      params: [edge],
    };
  }
}
