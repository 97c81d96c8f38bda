// The network (actors, sources and entities as nodes; mentions and relations as edges) read over
// SQL, written once for both backends, in two shapes: the strongest `limit` nodes of the whole
// collection with the edges among them, and the ego network of one node. Nodes and edges have the
// shape of the in-memory graph of the core (CollectionViews.graph): a profile's node is its country
// code when it has one (profiles of one country share it), else `actor:<id>`; a source's is
// `source:<id>`; mention edges actor → entity weighted by mentions, relation edges with predicate and
// negation, each with up to five evidence sentences. Latest versions only, rejected facts left out.
// Both shapes read the figures maintained at every write (graph-totals.ts): the top-N is a range of
// graph_nodes by weight, each node's mentions and themes a row of the sums, and the ego network the
// pairs of the focus (graph_pairs by document or by node) and its relations; nothing reads the
// collection. Each kept edge's actors are counted and only its first ones (query.actors, in the graph's order:
// profiles, then sources, by name, then id) and their evidence are kept; the edge's weight is the maintained sum.
// Statements have fixed texts (lists filled up with NULL to 8, 64 or a part's size) so they are prepared once. The
// answers, and each edge's actors and evidence, are kept for the store revision they were read at (any write
// retires them).
import {
  themes as allThemes,
  type EvidenceSentence,
  type GraphEdge,
  type GraphNode,
  type MentionType,
  type RelationPredicate,
  type Theme,
} from '../model/index.js';
import { sqlPlaceholders, type SqlRunner } from './editorial.js';
import { edgeActorFloor, graphActorOrder, storedFirstActors } from './graph-edge-actors.js';
import { strengthFloors, strengthIndexCondition } from './graph-edge-strength.js';

/** The nodes, edges and evidence of the network have the shapes the API serves (GraphView of the model). */
export type GraphEvidence = EvidenceSentence;
export type StoredGraphNode = GraphNode;
export type StoredGraphEdge = GraphEdge;

export interface GraphSlice {
  nodes: StoredGraphNode[];
  edges: StoredGraphEdge[];
  /**
   * Top-N: the nodes and edges of the whole network (for the sources switch, before the type
   * filter). Ego view: the nodes within `depth` links of the focus and the edges found reaching them.
   */
  total: { nodes: number; edges: number };
}

export interface GraphTopQuery {
  /** How many nodes at most (the strongest: mentions + mentions made + relations). */
  limit: number;
  /** Entity types to keep (actor and source nodes are always candidates); absent or empty: all. */
  types?: readonly MentionType[];
  /** false: the sources' documents are left out entirely (default: included). */
  sources?: boolean;
  /** Evidence sentences per edge at most (default 5). */
  evidence?: number;
  /** Actors per edge at most (the first in the graph's order; `actorCount` then tells how many); default all. */
  actors?: number;
}

export interface GraphEgoQuery {
  focus: string;
  depth: 1 | 2;
  /** How many nodes at most: the focus, then its strongest neighbours, then theirs. */
  limit: number;
  sources?: boolean;
  /** Evidence sentences per edge at most (default 5). */
  evidence?: number;
  /** Actors per edge at most (the first in the graph's order; `actorCount` then tells how many); default all. */
  actors?: number;
}

/** Edges kept per node of the limit (the strongest), so that the answer stays small. */
export const graphEdgesPerNode = 2;
const defaultEvidencePerEdge = 5;
/** Parameters per `IN (…)` list (SQLite allows 32,766 in all). */
const chunkSize = 500;

interface ActorRow {
  id: string;
  name: string;
  country: string | null;
  kind: string;
  document: number;
}

interface RelationGroup {
  subject: string;
  predicate: RelationPredicate;
  negated: boolean;
  object: string;
  n: number;
}

/** What one pass over the collection gives, for one store revision and sources switch. */
interface CollectionCounts {
  /** Actors in the order of the in-memory graph: profiles by name, then sources by name. */
  actors: ActorRow[];
  /** Node id of each actor; actors of each actor node (in order); the actor whose data the node shows. */
  nodeOf: Map<string, string>;
  actorsOf: Map<string, ActorRow[]>;
  shownActor: Map<string, ActorRow>;
  /** Mentions of each entity id; the themes of the sentences holding them (filled as nodes are read). */
  mentions: Map<string, number>;
  themes: Map<string, Set<Theme>>;
  /** Mentions each actor node makes (not of itself). */
  made: Map<string, number>;
  relations: RelationGroup[];
  weight: Map<string, number>;
  mentionEdges: number;
  withSources: boolean;
  /** Evidence sentences per edge at most. */
  evidence: number;
  /** Actors per edge at most (Infinity: all). */
  actorCap: number;
}

/** An actors row as read (the document id as the driver gives it). */
interface ActorQueryRow {
  id: string;
  name: string;
  country: string | null;
  kind: string;
  document: unknown;
}

/** Counts of the nodes an ego network reaches, filled as they are read (what was read, to read it once). */
interface EgoCounts extends CollectionCounts {
  actorRows: Map<string, ActorQueryRow>;
  actorsRead: Set<string>;
  mentionsRead: Set<string>;
  relationsRead: Set<string>;
}

/** The scope of the maintained sums (graph-totals.ts) a query reads: with the sources or without. */
const scopeOf = (counts: { withSources: boolean }): string => (counts.withSources ? 'all' : 'profiles');
const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';
const jsonValue = <T>(value: unknown): T | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const themeOrder = (a: Theme, b: Theme): number => allThemes.indexOf(a) - allThemes.indexOf(b);
const relationEdgeId = (g: { subject: string; predicate: string; negated: boolean; object: string }) =>
  `r:${g.subject}>${g.predicate}${g.negated ? '!' : ''}>${g.object}`;

/** The node of an actor: a source's own, else its country's (or its own when it has none). */
const actorNodeId = (actor: { id: string; country: string | null; kind: string }): string =>
  actor.kind === 'source' ? `source:${actor.id}` : (actor.country ?? `actor:${actor.id}`);

/** A count of relations by subject, predicate, negation and object, as the relation queries read it. */
interface RelationCountRow {
  subject: string;
  predicate: string;
  negated: unknown;
  object: string;
  n: unknown;
}

const relationGroup = (row: RelationCountRow): RelationGroup => ({
  subject: row.subject,
  predicate: row.predicate as RelationPredicate,
  negated: truthy(row.negated),
  object: row.object,
  n: Number(row.n),
});

/** A relation edge of the maintained sums: its ends, its link (the predicate, '!' when negated) and its count. */
interface RelationEdgeRow {
  source: string;
  target: string;
  link: string;
  n: unknown;
}

const relationOfEdge = (row: RelationEdgeRow): RelationGroup => ({
  subject: row.source,
  predicate: row.link.replace(/!$/, '') as RelationPredicate,
  negated: row.link.endsWith('!'),
  object: row.target,
  n: Number(row.n),
});

/** Whether `id` is a node of the network: an actor node, a mentioned entity or the end of a relation. */
const isNode = (counts: CollectionCounts, id: string): boolean =>
  counts.shownActor.has(id) ||
  (counts.mentions.get(id) ?? 0) > 0 ||
  counts.relations.some((group) => group.subject === id || group.object === id);

function chunks<T>(items: readonly T[], size = chunkSize): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The strongest first, then by id: the order of the top-N (the core's in-memory path uses the same). */
export const strongestFirst = (weight: (id: string) => number) => (a: string, b: string) =>
  weight(b) - weight(a) || byCodeUnits(a, b);

type EntityData = { name: string; type: MentionType; country: string | null };
/** An edge without what its rows add up to (weight, actors, evidence). */
type EdgeHead = Omit<StoredGraphEdge, 'weight' | 'actors' | 'evidence'>;
/** What an edge carries beside its head and weight: its first actors (and how many), its first evidence sentences. */
type EdgeBody = Pick<StoredGraphEdge, 'actors' | 'actorCount' | 'evidence'>;
/** An evidence sentence with the position of the first fact it holds (for ordering) and its document (its text is
 * read last, for the evidence kept only). */
type OrderedEvidence = GraphEvidence & { first: number; document: number };

/** A fact's evidence span as the evidence queries read it. */
interface EvidenceSpanRow {
  document_id: unknown;
  version: unknown;
  first: unknown;
  ev_start: unknown;
  ev_end: unknown;
}

const evidenceFromRow = (row: EvidenceSpanRow, actor: string): OrderedEvidence => ({
  actor,
  version: Number(row.version),
  start: Number(row.ev_start),
  end: Number(row.ev_end),
  text: '',
  first: Number(row.first),
  document: Number(row.document_id),
});

/**
 * The sentence covering the fact `f` as `s`: the last one starting at or before it, found by a seek on
 * sentences_by_span (a range join read every earlier sentence of the document for each fact).
 */
const coveringSentence = (f: string) => `LEFT JOIN sentences s ON s.document_id = ${f}.document_id
  AND s.span_end > ${f}.span_start AND s.span_start = (SELECT max(s2.span_start) FROM sentences s2
    WHERE s2.document_id = ${f}.document_id AND s2.span_start <= ${f}.span_start)`;

/** One node of the slice: a source, an actor (with its interests' themes) or an entity. */
function graphNode(
  counts: CollectionCounts,
  id: string,
  entities: Map<string, EntityData>,
  interestThemes: Map<number, Theme[]>,
): StoredGraphNode {
  const themes = new Set<Theme>(counts.themes.get(id) ?? []);
  const shown = counts.shownActor.get(id);
  const mentions = counts.mentions.get(id) ?? 0;
  if (shown?.kind === 'source')
    return {
      id,
      label: shown.name,
      kind: 'source',
      type: null,
      actor: shown.id,
      entity: null,
      country: null,
      themes: [],
      mentions,
    };
  if (shown) {
    for (const theme of interestThemes.get(shown.document) ?? []) themes.add(theme);
    return {
      id,
      label: shown.name,
      kind: 'actor',
      type: shown.country ? 'country' : null,
      actor: shown.id,
      entity: shown.country && entities.has(shown.country) ? shown.country : null,
      country: shown.country,
      themes: [...themes].sort(themeOrder),
      mentions,
    };
  }
  const entity = entities.get(id);
  return {
    id,
    label: entity?.name ?? id,
    kind: 'entity',
    type: entity?.type ?? null,
    actor: null,
    entity: entity ? id : null,
    country: entity?.country ?? null,
    themes: [...themes].sort(themeOrder),
    mentions,
  };
}

/** One actor of an edge: its id, name and kind (for the graph's order) and its document. */
interface EdgeActor {
  id: string;
  name: string;
  kind: string;
  document: number;
}

/** An edge's actors: how many, and the first of them in the graph's order (as many as the caps need). */
interface RankedActors {
  count: number;
  first: EdgeActor[];
}

/** The first `k` of `items` by `order` (sorted), kept while walking them once: a few comparisons per item. */
function firstOf<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  if (k >= items.length) return [...items].sort(order);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && order(item, top[k - 1]!) >= 0) continue;
    let i = top.length;
    top.push(item);
    while (i > 0 && order(top[i - 1]!, item) > 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = item;
    if (top.length > k) top.pop();
  }
  return top;
}

/**
 * `items` in parts of at most `size`, each filled up with `fill` to 8, 64 or `size` items: the statements of a
 * part have one of three texts, so that their prepared statements are reused from request to request.
 */
function fixedParts<T, F>(items: readonly T[], size: number, fill: F): Array<Array<T | F>> {
  return chunks(items, size).map((part) => {
    const width = part.length <= 8 ? 8 : part.length <= 64 ? Math.min(64, size) : size;
    return [...part, ...new Array<F>(width - part.length).fill(fill)];
  });
}

/** The actors in the graph's order (profiles by name, then sources by name) and the actor node of each. */
function actorNodes(
  actorRows: Array<{ id: string; name: string; country: string | null; kind: string; document: unknown }>,
): Pick<CollectionCounts, 'actors' | 'nodeOf' | 'actorsOf' | 'shownActor'> {
  const byName = (a: ActorRow, b: ActorRow) => a.name.localeCompare(b.name);
  const all = actorRows.map((row): ActorRow => ({
    id: row.id,
    name: row.name,
    country: row.country ?? null,
    kind: row.kind,
    document: Number(row.document),
  }));
  const actors = [
    ...all.filter((a) => a.kind !== 'source').sort(byName),
    ...all.filter((a) => a.kind === 'source').sort(byName),
  ];
  const nodeOf = new Map<string, string>();
  const actorsOf = new Map<string, ActorRow[]>();
  const shownActor = new Map<string, ActorRow>();
  for (const actor of actors) {
    const id = actorNodeId(actor);
    nodeOf.set(actor.id, id);
    const list = actorsOf.get(id);
    if (list) list.push(actor);
    else actorsOf.set(id, [actor]);
    shownActor.set(id, actor);
  }
  return { actors, nodeOf, actorsOf, shownActor };
}

export class GraphReader {
  /** Answers already read, for the revision of `answersAt` (a write retires them all). */
  private answers = new Map<string, Promise<GraphSlice | null>>();
  private answersAt = '';
  /** The themes of the entities the ego networks read, for one revision and sources switch. */
  private egoThemes: { key: string; themes: Map<string, Set<Theme>> } | null = null;
  /** The names and kinds of the actors of relation edges read so far, for the store revision `at`. */
  private names: { at: string; of: Map<string, { name: string; kind: string }> } = { at: '', of: new Map() };
  /** The bodies of the edges read at the revision `answersAt`, by scope, caps and edge id (null: no actor). */
  private edgesRead = new Map<string, EdgeBody | null>();

  /** `kind`: SQLite is told the partial index of the relation edges (its planner, takes the key otherwise). */
  constructor(
    private readonly db: SqlRunner,
    private readonly kind: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  /** graph_edges read by the partial index of its relation edges by `end` (migration 28). */
  private relationEdges(end: 'source' | 'target'): string {
    return `graph_edges${this.kind === 'sqlite' ? ` INDEXED BY graph_edges_relations_by_${end}` : ''}`;
  }

  /** The strongest `limit` nodes (after the type filter) and the strongest edges among them. */
  top(query: GraphTopQuery): Promise<GraphSlice> {
    const key = `top\0${query.limit}\0${[...(query.types ?? [])].sort().join(',')}\0${query.sources !== false}\0${
      query.evidence ?? defaultEvidencePerEdge
    }\0${query.actors ?? ''}`;
    return this.remembered(key, () => this.readTop(query)) as Promise<GraphSlice>;
  }

  /** The ego network of `focus` (null when no node has that id): breadth first, the strongest neighbours kept. */
  ego(query: GraphEgoQuery): Promise<GraphSlice | null> {
    const key = `ego\0${query.focus}\0${query.depth}\0${query.limit}\0${query.sources !== false}\0${
      query.evidence ?? defaultEvidencePerEdge
    }\0${query.actors ?? ''}`;
    return this.remembered(key, () => this.readEgo(query));
  }

  private async remembered(key: string, read: () => Promise<GraphSlice | null>): Promise<GraphSlice | null> {
    const revision = await this.revision();
    if (revision !== this.answersAt) {
      this.answers.clear();
      this.edgesRead.clear();
      this.answersAt = revision;
    }
    let answer = this.answers.get(key);
    if (!answer) {
      answer = read();
      if (this.answers.size >= 200) this.answers.delete(this.answers.keys().next().value as string);
      this.answers.set(key, answer);
      answer.catch(() => this.answers.delete(key));
    }
    return answer;
  }

  private async revision(): Promise<string> {
    const rows = await this.db.all<{ revision: unknown }>('SELECT revision FROM store_revision WHERE id = 1');
    return String(rows[0]?.revision ?? 0);
  }

  private async readTop(query: GraphTopQuery): Promise<GraphSlice> {
    const counts = await this.egoCounts(query.sources !== false, query.evidence, query.actors);
    const scope = scopeOf(counts);
    const types = query.types?.length ? [...new Set<string>(query.types)] : null;
    const candidates = (extra: string, params: unknown[]) =>
      this.db.all<{ node: string; weight: unknown }>(
        `SELECT g.node, g.weight FROM graph_nodes g${types ? ' LEFT JOIN entities e ON e.id = g.node' : ''}
         WHERE g.scope = ?${types ? ` AND (g.actors > 0 OR e.type IN (${sqlPlaceholders(types.length)}))` : ''}
           ${extra}`,
        [scope, ...(types ?? []), ...params],
      );
    // The strongest `limit` by the index on weight, and every node tied with the last of them.
    const strongest = await candidates('ORDER BY g.weight DESC LIMIT ?', [query.limit]);
    const last = strongest.at(-1);
    const tied =
      last && strongest.length === query.limit ? await candidates('AND g.weight = ?', [Number(last.weight)]) : [];
    const weight = new Map([...strongest, ...tied].map((row) => [row.node, Number(row.weight)]));
    const chosen = [...weight.keys()].sort(strongestFirst((id) => weight.get(id) ?? 0)).slice(0, query.limit);
    await this.loadShownActors(counts, chosen);
    await this.loadMentionCounts(counts, chosen);
    await this.loadRelationsAmong(counts, chosen);
    const slice = await this.materialise(counts, chosen, query.limit * graphEdgesPerNode);
    // The numbers of nodes and edges, kept by triggers (migration 28).
    const [total] = await this.db.all<{ nodes: unknown; edges: unknown }>(
      'SELECT nodes, edges FROM graph_counts WHERE scope = ?',
      [scope],
    );
    return { ...slice, total: { nodes: Number(total?.nodes ?? 0), edges: Number(total?.edges ?? 0) } };
  }

  private async readEgo(query: GraphEgoQuery): Promise<GraphSlice | null> {
    const counts = await this.egoCounts(query.sources !== false, query.evidence, query.actors);
    const reached = new Set([query.focus]);
    const order = [query.focus];
    let frontier = [query.focus];
    let found = 0;
    let seen = 1;
    for (let step = 0; step < query.depth && frontier.length > 0; step++) {
      const links = await this.neighbours(counts, frontier);
      if (step === 0 && !isNode(counts, query.focus)) return null;
      found += links.edges;
      const strength = new Map<string, number>();
      for (const [id, weight] of links.strength) if (!reached.has(id)) strength.set(id, weight);
      seen += strength.size;
      const next = [...strength.keys()]
        .sort(strongestFirst((id) => strength.get(id) ?? 0))
        .slice(0, Math.max(0, query.limit - order.length));
      for (const id of next) {
        reached.add(id);
        order.push(id);
      }
      frontier = next;
    }
    await this.loadShownActors(counts, order);
    await this.loadMentionCounts(counts, order);
    await this.loadRelationsAmong(counts, order);
    const slice = await this.materialise(counts, order, query.limit * graphEdgesPerNode);
    return { ...slice, total: { nodes: seen, edges: Math.max(found, slice.edges.length) } };
  }

  // ---- the ego network: counts of the nodes it reaches only, read from their indexes -----------

  /** Empty counts, filled as the ego network's nodes are read; the themes are shared for the revision. */
  private async egoCounts(
    withSources: boolean,
    evidence = defaultEvidencePerEdge,
    actorCap = Number.POSITIVE_INFINITY,
  ): Promise<EgoCounts> {
    const key = `${await this.revision()}\0${withSources}`;
    if (this.egoThemes?.key !== key) this.egoThemes = { key, themes: new Map() };
    return {
      actors: [],
      nodeOf: new Map(),
      actorsOf: new Map(),
      shownActor: new Map(),
      mentions: new Map(),
      themes: this.egoThemes.themes,
      made: new Map(),
      relations: [],
      weight: new Map(),
      mentionEdges: 0,
      withSources,
      evidence,
      actorCap,
      actorRows: new Map(),
      actorsRead: new Set(),
      mentionsRead: new Set(),
      relationsRead: new Set(),
    };
  }

  /** The actors of the actor nodes among `ids` (a country's profiles, `actor:<id>`, `source:<id>`). */
  private async loadActorNodes(counts: EgoCounts, ids: string[]): Promise<void> {
    const wanted = ids.filter((id) => !counts.actorsRead.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) counts.actorsRead.add(id);
    const only = counts.withSources ? '' : ` AND kind = 'profile'`;
    for (const part of fixedParts(wanted, Math.floor(chunkSize / 3), null)) {
      // The ids of the `actor:` and `source:` nodes, each list filled up to the part's size (one statement text).
      const own = (prefix: string) => {
        const found = part.flatMap((id) => (id?.startsWith(prefix) ? [id.slice(prefix.length)] : []));
        return [...found, ...new Array<null>(part.length - found.length).fill(null)];
      };
      const rows = await this.db.all<ActorQueryRow>(
        `SELECT id, name, country, kind, latest_document_id AS document FROM actors
         WHERE latest_document_id IS NOT NULL${only} AND ((kind = 'profile' AND country IN
           (${sqlPlaceholders(part.length)})) OR (kind = 'profile' AND country IS NULL AND id IN
           (${sqlPlaceholders(part.length)})) OR (kind = 'source' AND id IN (${sqlPlaceholders(part.length)})))`,
        [...part, ...own('actor:'), ...own('source:')],
      );
      for (const row of rows) counts.actorRows.set(row.id, row);
    }
    const rows = [...counts.actorRows.values()].sort((a, b) => byCodeUnits(a.id, b.id));
    const shownBefore = counts.shownActor;
    Object.assign(counts, actorNodes(rows));
    for (const [id, actor] of shownBefore) if (!counts.shownActor.has(id)) counts.shownActor.set(id, actor);
  }

  /**
   * The actor each actor node among `ids` shows (its last actor in the graph's order, kept in graph_nodes.shown by
   * migration 28): the nodes' data without reading every profile of a country.
   */
  private async loadShownActors(counts: EgoCounts, ids: string[]): Promise<void> {
    const wanted = ids.filter((id) => !counts.actorsRead.has(id) && !counts.shownActor.has(id));
    for (const part of fixedParts(wanted, chunkSize, null)) {
      const rows = await this.db.all<ActorQueryRow & { node: string }>(
        `SELECT g.node, a.id, a.name, a.country, a.kind, gd.document_id AS document FROM graph_nodes g
         JOIN actors a ON a.id = g.shown JOIN graph_documents gd ON gd.actor_id = g.shown
         WHERE g.scope = ? AND g.node IN (${sqlPlaceholders(part.length)}) AND g.actors > 0`,
        [scopeOf(counts), ...part],
      );
      for (const row of rows)
        counts.shownActor.set(row.node, {
          id: row.id,
          name: row.name,
          country: row.country ?? null,
          kind: row.kind,
          document: Number(row.document),
        });
    }
  }

  /** How often the latest documents mention each of `ids` (entities only get an entry), from the maintained sums. */
  private async loadMentionCounts(counts: EgoCounts, ids: string[]): Promise<void> {
    const wanted = ids.filter((id) => !counts.mentionsRead.has(id));
    for (const part of fixedParts(wanted, chunkSize, null)) {
      const rows = await this.db.all<{ node: string; mentions: unknown }>(
        `SELECT node, mentions FROM graph_nodes WHERE scope = ? AND node IN (${sqlPlaceholders(part.length)})`,
        [scopeOf(counts), ...part],
      );
      for (const row of rows) if (Number(row.mentions) > 0) counts.mentions.set(row.node, Number(row.mentions));
    }
    for (const id of wanted) counts.mentionsRead.add(id);
  }

  /**
   * The relation groups (latest versions, not rejected) whose subject or object is one of `ids`: the relation edges
   * of the maintained sums (graph_edges, by the partial indexes of migration 28).
   */
  private async loadRelations(counts: EgoCounts, ids: string[]): Promise<RelationGroup[]> {
    const found = new Map<string, RelationGroup>();
    for (const end of ['source', 'target'] as const)
      for (const part of fixedParts(ids, chunkSize, null)) {
        const rows = await this.db.all<RelationEdgeRow>(
          `SELECT source, target, link, n FROM ${this.relationEdges(end)}
           WHERE scope = ? AND ${end} IN (${sqlPlaceholders(part.length)}) AND link <> 'm'`,
          [scopeOf(counts), ...part],
        );
        for (const row of rows) {
          const group = relationOfEdge(row);
          found.set(relationEdgeId(group), group);
        }
      }
    for (const [id, group] of found)
      if (!counts.relationsRead.has(id)) {
        counts.relationsRead.add(id);
        counts.relations.push(group);
      }
    return [...found.values()];
  }

  /** The relation groups between two of `ids` (the edges among an ego network's nodes), from graph_edges. */
  private async loadRelationsAmong(counts: EgoCounts, ids: string[]): Promise<void> {
    const among = new Set(ids);
    for (const subjects of fixedParts(ids, chunkSize, null)) {
      const rows = await this.db.all<RelationEdgeRow>(
        `SELECT source, target, link, n FROM ${this.relationEdges('source')}
         WHERE scope = ? AND source IN (${sqlPlaceholders(subjects.length)}) AND link <> 'm'`,
        [scopeOf(counts), ...subjects],
      );
      for (const row of rows) {
        const group = relationOfEdge(row);
        if (!among.has(group.object) || counts.relationsRead.has(relationEdgeId(group))) continue;
        counts.relationsRead.add(relationEdgeId(group));
        counts.relations.push(group);
      }
    }
  }

  // ---- neighbours of a set of nodes (the indexes of each) -------------------------------------

  private async neighbours(
    counts: EgoCounts,
    ids: string[],
  ): Promise<{ strength: Map<string, number>; edges: number }> {
    const strength = new Map<string, number>();
    let edges = 0;
    const add = (id: string, weight: number, found = 1) => {
      strength.set(id, (strength.get(id) ?? 0) + weight);
      edges += found;
    };
    await this.loadShownActors(counts, ids);
    // What the actor nodes' documents mention: their mention edges (the maintained sums), each found once a document.
    const actorNodeIds = ids.filter((id) => counts.shownActor.has(id));
    for (const part of fixedParts(actorNodeIds, chunkSize, null)) {
      const rows = await this.db.all<{ target: string; n: unknown; actors: unknown }>(
        `SELECT target, n, actors FROM graph_edges
         WHERE scope = ? AND source IN (${sqlPlaceholders(part.length)}) AND link = 'm'`,
        [scopeOf(counts), ...part],
      );
      for (const row of rows) add(row.target, Number(row.n), Number(row.actors));
    }
    // The actor nodes whose documents mention the entity nodes (the pairs by node); their counts kept.
    const sourcesClause = counts.withSources ? '' : ` AND gd.kind = 'profile'`;
    const unread = ids.filter((id) => !counts.mentionsRead.has(id));
    for (const part of fixedParts(ids, chunkSize, null)) {
      const rows = await this.db.all<{ node: string; actor_node: string; n: unknown; c: unknown }>(
        `SELECT p.node, gd.node AS actor_node, sum(p.mentions) AS n, count(*) AS c FROM graph_pairs p
         JOIN graph_documents gd ON gd.document_id = p.document_id${sourcesClause}
         WHERE p.node IN (${sqlPlaceholders(part.length)}) AND p.mentions > 0
         GROUP BY p.node, gd.node`,
        part,
      );
      for (const row of rows) {
        const n = Number(row.n);
        if (!counts.mentionsRead.has(row.node)) counts.mentions.set(row.node, (counts.mentions.get(row.node) ?? 0) + n);
        if (row.actor_node !== row.node) add(row.actor_node, n, Number(row.c));
      }
    }
    for (const id of unread) counts.mentionsRead.add(id);
    // Relation partners.
    const wanted = new Set(ids);
    for (const group of await this.loadRelations(counts, ids)) {
      if (wanted.has(group.subject)) add(group.object, group.n);
      if (wanted.has(group.object)) add(group.subject, group.n);
    }
    return { strength, edges };
  }

  // ---- nodes and the edges among them ----------------------------------------------------------

  private async materialise(counts: EgoCounts, ids: string[], maxEdges: number): Promise<Omit<GraphSlice, 'total'>> {
    const chosen = new Set(ids);
    const nodes = await this.readNodes(counts, ids);

    // The weights of the edges among the chosen nodes (the maintained sums), no actor or evidence yet.
    const edgeHead = new Map<string, EdgeHead>();
    const weightOf = new Map<string, number>();
    await this.mentionEdgeWeights(counts, ids, maxEdges, edgeHead, weightOf);
    for (const group of counts.relations)
      if (chosen.has(group.subject) && chosen.has(group.object)) {
        const id = relationEdgeId(group);
        weightOf.set(id, group.n);
        edgeHead.set(id, {
          id,
          source: group.subject,
          target: group.object,
          kind: 'relation',
          predicate: group.predicate,
          negated: group.negated,
        });
      }
    // The strongest edges only, strongest first; their actors counted, the first of them and their evidence read.
    const kept = [...weightOf.keys()]
      .sort((a, b) => weightOf.get(b)! - weightOf.get(a)! || byCodeUnits(a, b))
      .slice(0, maxEdges);
    // An edge's actors and evidence depend on the edge, the sources switch and the caps only: read once a revision.
    const at = this.answersAt;
    const keyOf = (id: string) => `${scopeOf(counts)}\0${counts.actorCap}\0${counts.evidence}\0${id}`;
    const unread = kept.filter((id) => !this.edgesRead.has(keyOf(id)));
    const need = Math.max(counts.actorCap, counts.evidence);
    const ranked = new Map<string, RankedActors>();
    const rest = await this.storedEdgeActors(counts, unread, edgeHead, need, ranked);
    await this.mentionEdgeActors(counts, rest, edgeHead, need, ranked);
    await this.relationEdgeActors(counts, rest, need, ranked);
    const evidence = await this.edgeEvidence(ranked, edgeHead, counts.evidence);
    const read = unread.map((id): EdgeBody | null => {
      const found = ranked.get(id);
      if (!found || found.count === 0) return null;
      return {
        actors: found.first.slice(0, counts.actorCap).map((actor) => actor.id),
        evidence: evidence.get(id) ?? [],
        ...(found.count > counts.actorCap ? { actorCount: found.count } : {}),
      };
    });
    const withText = await this.withTexts(read.filter((body): body is EdgeBody => body !== null));
    const bodies = new Map(unread.map((id, n) => [keyOf(id), read[n] ? withText.shift()! : null]));
    if (this.answersAt === at)
      for (const [key, body] of bodies) {
        if (this.edgesRead.size >= 20_000) this.edgesRead.delete(this.edgesRead.keys().next().value as string);
        this.edgesRead.set(key, body);
      }
    const edges: StoredGraphEdge[] = [];
    for (const id of kept) {
      const body = bodies.get(keyOf(id)) ?? this.edgesRead.get(keyOf(id));
      if (body) edges.push({ ...edgeHead.get(id)!, weight: weightOf.get(id)!, ...body });
    }
    return { nodes, edges };
  }

  /** The chosen nodes with their entity data and themes (the themes of their mentions read first if not yet). */
  private async readNodes(counts: CollectionCounts, ids: string[]): Promise<StoredGraphNode[]> {
    // Entity data for the entity nodes, and whether a country actor node's country is a known entity.
    const entityIds = ids.filter((id) => {
      const shown = counts.shownActor.get(id);
      return !shown || (shown.kind === 'profile' && shown.country !== null);
    });
    const [entities, interestThemes] = await Promise.all([
      this.entities(entityIds),
      this.interestThemes(
        ids.map((id) => counts.shownActor.get(id)).filter((a): a is ActorRow => !!a && a.kind === 'profile'),
      ),
    ]);
    await this.mentionThemes(
      counts,
      ids.filter((id) => counts.mentions.has(id) && !counts.themes.has(id)),
    );
    return ids.map((id) => graphNode(counts, id, entities, interestThemes));
  }

  /**
   * The weights of the mention edges among the chosen nodes (the maintained sums); records their heads: the strongest
   * `maxEdges` and every one tied with the last of them (no other can be among the kept edges). A source's node has a
   * few dozen edges, read whole by the key; the other actor nodes' edges (a country's: hundreds to thousands) are
   * read strongest first from their index (migration 31), band after band of falling strength, until the bands read
   * hold `maxEdges` edges between chosen nodes. Every edge at least as strong as the last band's floor has then been
   * read, and the `maxEdges`-th strongest is among them. Asking the key for every source × target pair probed it
   * sources × targets times instead (80 ms an ego view at 10,000 documents); reading the country nodes' edges whole,
   * 56,000 rows.
   */
  private async mentionEdgeWeights(
    counts: CollectionCounts,
    ids: string[],
    maxEdges: number,
    edgeHead: Map<string, EdgeHead>,
    weightOf: Map<string, number>,
  ): Promise<void> {
    const sources = ids.filter((id) => counts.shownActor.has(id));
    const targets = new Set(ids.filter((id) => counts.mentions.has(id)));
    if (targets.size === 0 || sources.length === 0 || maxEdges <= 0) return;
    const found: Array<{ source: string; target: string; n: number }> = [];
    const keep = (rows: Array<{ source: string; target: string; n: unknown }>) => {
      for (const row of rows)
        if (targets.has(row.target)) found.push({ source: row.source, target: row.target, n: Number(row.n) });
    };
    const scope = scopeOf(counts);
    const sourceNodes = sources.filter((id) => id.startsWith('source:'));
    for (const part of fixedParts(sourceNodes, chunkSize, null))
      keep(
        await this.db.all(
          `SELECT source, target, n FROM graph_edges
           WHERE scope = ? AND source IN (${sqlPlaceholders(part.length)}) AND link = 'm' AND n > 0`,
          [scope, ...part],
        ),
      );
    const others = sources.filter((id) => !id.startsWith('source:'));
    const byStrength = `graph_edges${this.kind === 'sqlite' ? ' INDEXED BY graph_edges_mentions_by_strength' : ''}`;
    let ceiling: number | null = null;
    for (const floor of strengthFloors) {
      for (const part of fixedParts(others, chunkSize, null))
        keep(
          await this.db.all(
            `SELECT source, target, n FROM ${byStrength}
             WHERE scope = ? AND source IN (${sqlPlaceholders(part.length)}) AND ${strengthIndexCondition}
               AND n >= ?${ceiling === null ? '' : ' AND n < ?'}`,
            [scope, ...part, floor, ...(ceiling === null ? [] : [ceiling])],
          ),
        );
      if (found.filter((edge) => edge.n >= floor).length >= maxEdges) break;
      ceiling = floor;
    }
    found.sort((a, b) => b.n - a.n);
    const last = found.length > maxEdges ? found[maxEdges - 1]!.n : 0;
    for (const row of found) {
      if (row.n < last) break;
      const edge = `m:${row.source}>${row.target}`;
      edgeHead.set(edge, {
        id: edge,
        source: row.source,
        target: row.target,
        kind: 'mention',
        predicate: null,
        negated: false,
      });
      weightOf.set(edge, row.n);
    }
  }

  /**
   * The actors of the kept edges from their rows of graph_edges (migration 28: how many, the first in the graph's
   * order), when the row keeps enough of them for `need`; answers the edges left to read from their documents.
   */
  private async storedEdgeActors(
    counts: CollectionCounts,
    kept: string[],
    edgeHead: Map<string, EdgeHead>,
    need: number,
    ranked: Map<string, RankedActors>,
  ): Promise<string[]> {
    if (need > edgeActorFloor) return kept;
    const linkOf = (head: EdgeHead) => (head.kind === 'mention' ? 'm' : `${head.predicate}${head.negated ? '!' : ''}`);
    const one = `SELECT source, target, link, actors, first_actors FROM graph_edges
      WHERE scope = ? AND source = ? AND target = ? AND link = ?`;
    const found = new Map<string, { count: number; ids: string[] }>();
    for (const part of fixedParts(kept, 64, null)) {
      const rows = await this.db.all<{
        source: string;
        target: string;
        link: string;
        actors: unknown;
        first_actors: unknown;
      }>(
        part.map(() => one).join(' UNION ALL '),
        part.flatMap((id) => {
          const head = id === null ? undefined : edgeHead.get(id);
          return head ? [scopeOf(counts), head.source, head.target, linkOf(head)] : [null, null, null, null];
        }),
      );
      for (const row of rows) {
        const id = row.link === 'm' ? `m:${row.source}>${row.target}` : `r:${row.source}>${row.link}>${row.target}`;
        const ids = storedFirstActors(row);
        const count = Number(row.actors);
        if (count > 0 && ids.length >= Math.min(count, need)) found.set(id, { count, ids: ids.slice(0, need) });
      }
    }
    const actors = new Map<string, EdgeActor>();
    for (const part of fixedParts([...new Set([...found.values()].flatMap((edge) => edge.ids))], 256, null)) {
      const rows = await this.db.all<{ id: string; name: string; kind: string; document_id: unknown }>(
        `SELECT a.id, a.name, a.kind, gd.document_id FROM graph_documents gd JOIN actors a ON a.id = gd.actor_id
         WHERE gd.actor_id IN (${sqlPlaceholders(part.length)})`,
        part,
      );
      for (const row of rows)
        actors.set(row.id, { id: row.id, name: row.name, kind: row.kind, document: Number(row.document_id) });
    }
    const rest: string[] = [];
    for (const id of kept) {
      const edge = found.get(id);
      const first = edge?.ids.map((actor) => actors.get(actor));
      if (edge && first?.every((actor) => actor !== undefined))
        ranked.set(id, { count: edge.count, first: first as EdgeActor[] });
      else rest.push(id);
    }
    return rest;
  }

  /**
   * The actors of the kept mention edges: the documents of each edge's actor node naming its target (by the
   * node's documents, then the pair's key), counted; the node's actors are in the graph's order already.
   */
  private async mentionEdgeActors(
    counts: EgoCounts,
    kept: string[],
    edgeHead: Map<string, EdgeHead>,
    need: number,
    ranked: Map<string, RankedActors>,
  ): Promise<void> {
    const heads = kept.map((id) => edgeHead.get(id)!).filter((head) => head.kind === 'mention');
    if (heads.length > 0) await this.loadActorNodes(counts, [...new Set(heads.map((head) => head.source))]);
    const only = counts.withSources ? '' : ` AND gd.kind = 'profile'`;
    const one = `SELECT gd.node AS source, p.node AS target, p.document_id FROM graph_documents gd
      JOIN graph_pairs p ON p.document_id = gd.document_id AND p.node = ? WHERE gd.node = ? AND p.mentions > 0${only}`;
    const documents = new Map<string, Set<number>>();
    for (const part of fixedParts(heads, 32, null)) {
      const rows = await this.db.all<{ source: string; target: string; document_id: unknown }>(
        part.map(() => one).join(' UNION ALL '),
        part.flatMap((head) => [head?.target ?? null, head?.source ?? null]),
      );
      for (const row of rows) {
        const edge = `m:${row.source}>${row.target}`;
        const found = documents.get(edge) ?? new Set<number>();
        documents.set(edge, found);
        found.add(Number(row.document_id));
      }
    }
    for (const head of heads) {
      const found = documents.get(head.id);
      if (!found) continue;
      const actors = (counts.actorsOf.get(head.source) ?? []).filter((actor) => found.has(actor.document));
      ranked.set(head.id, { count: actors.length, first: actors.slice(0, need) });
    }
  }

  /**
   * The actors of the kept relation edges: the documents stating each (graph_relations by edge) and their actors,
   * counted, the first `need` in the graph's order picked (the names read once per revision).
   */
  private async relationEdgeActors(
    counts: CollectionCounts,
    kept: string[],
    need: number,
    ranked: Map<string, RankedActors>,
  ): Promise<void> {
    const edges = kept.filter((id) => id.startsWith('r:'));
    const only = counts.withSources ? '' : ` AND gd.kind = 'profile'`;
    const found = new Map<string, Array<{ actor: string; document: number }>>();
    for (const part of fixedParts(edges, 128, null)) {
      const rows = await this.db.all<{ edge: string; actor_id: string; document_id: unknown }>(
        `SELECT r.edge, gd.actor_id, r.document_id FROM graph_relations r
         JOIN graph_documents gd ON gd.document_id = r.document_id${only}
         WHERE r.edge IN (${sqlPlaceholders(part.length)})`,
        part,
      );
      for (const row of rows) {
        const list = found.get(row.edge) ?? [];
        found.set(row.edge, list);
        list.push({ actor: row.actor_id, document: Number(row.document_id) });
      }
    }
    const names = await this.actorNames(counts, [...new Set([...found.values()].flat().map((a) => a.actor))]);
    for (const [edge, list] of found) {
      const actors = list.map(({ actor, document }): EdgeActor => ({ id: actor, document, ...names.get(actor)! }));
      ranked.set(edge, { count: actors.length, first: firstOf(actors, need, graphActorOrder) });
    }
  }

  /** The name and kind of each of `ids`: the actors read already, the others read (kept for the store revision). */
  private async actorNames(
    counts: CollectionCounts,
    ids: string[],
  ): Promise<Map<string, { name: string; kind: string }>> {
    const revision = await this.revision();
    if (this.names.at !== revision) this.names = { at: revision, of: new Map() };
    const known = this.names.of;
    for (const actor of counts.actors) known.set(actor.id, { name: actor.name, kind: actor.kind });
    for (const part of fixedParts(
      ids.filter((id) => !known.has(id)),
      256,
      null,
    )) {
      const rows = await this.db.all<{ id: string; name: string; kind: string }>(
        `SELECT id, name, kind FROM actors WHERE id IN (${sqlPlaceholders(part.length)})`,
        part,
      );
      for (const row of rows) known.set(row.id, { name: row.name, kind: row.kind });
    }
    return known;
  }

  /**
   * The first evidence sentences of each edge (spans; their text read later), from its first actors in the graph's
   * order: each actor's sentences in the order of its first fact there, until the edge has `perEdge`.
   */
  private async edgeEvidence(
    ranked: Map<string, RankedActors>,
    edgeHead: Map<string, EdgeHead>,
    perEdge: number,
  ): Promise<Map<string, OrderedEvidence[]>> {
    const evidence = new Map<string, OrderedEvidence[]>();
    const add = (edge: string, found: OrderedEvidence[]) => {
      const list = evidence.get(edge) ?? [];
      evidence.set(edge, list);
      for (const e of found.sort((a, b) => a.first - b.first)) if (list.length < perEdge) list.push(e);
    };
    // Mention edges: each document gives one sentence at least, so an edge's next actor is read only while the
    // ones before gave fewer than `perEdge`.
    const mentions = [...ranked].filter(([edge]) => edge.startsWith('m:'));
    for (let round = 0; round < perEdge; round++) {
      const batch: Array<{ edge: string; actor: EdgeActor; entity: string }> = [];
      for (const [edge, { first }] of mentions) {
        const actor = first[round];
        if (actor && (evidence.get(edge)?.length ?? 0) < perEdge)
          batch.push({ edge, actor, entity: edgeHead.get(edge)!.target });
      }
      if (batch.length === 0) break;
      const read = await this.mentionEvidence(batch);
      for (const pair of batch) add(pair.edge, read.get(`${pair.actor.document}\0${pair.entity}`) ?? []);
    }
    // Relation edges: the relations of their first actors' documents.
    const wanted = new Map<string, EdgeActor>();
    for (const [edge, { first }] of ranked)
      if (edge.startsWith('r:'))
        for (const actor of first.slice(0, perEdge)) wanted.set(`${edge}\0${actor.document}`, actor);
    const found = await this.relationEvidence(wanted);
    for (const [edge, { first }] of ranked)
      if (edge.startsWith('r:'))
        for (const actor of first.slice(0, perEdge)) add(edge, found.get(`${edge}\0${actor.document}`) ?? []);
    return evidence;
  }

  /**
   * The evidence sentences (spans, their text read later) of the given (document, entity) pairs, keyed
   * `document\0entity`: the sentence covering each mention found by a seek on its start.
   */
  private async mentionEvidence(
    pairs: Array<{ actor: EdgeActor; entity: string }>,
  ): Promise<Map<string, OrderedEvidence[]>> {
    const actorOf = new Map(pairs.map((pair) => [`${pair.actor.document}\0${pair.entity}`, pair.actor.id]));
    const evidenceOf = new Map<string, OrderedEvidence[]>();
    for (const part of fixedParts(pairs, 128, null)) {
      const rows = await this.db.all<EvidenceSpanRow & { entity_id: string }>(
        `SELECT m.document_id, m.entity_id, d.version, min(m.position) AS first,
           COALESCE(s.span_start, m.span_start) AS ev_start, COALESCE(s.span_end, m.span_end) AS ev_end
         FROM mentions m
         JOIN documents d ON d.id = m.document_id
         ${coveringSentence('m')}
         WHERE (${part.map(() => '(m.document_id = ? AND m.entity_id = ?)').join(' OR ')})
           AND m.review_status <> 'rejected'
         GROUP BY m.document_id, m.entity_id, d.version, COALESCE(s.span_start, m.span_start),
           COALESCE(s.span_end, m.span_end)`,
        part.flatMap((pair) => [pair?.actor.document ?? null, pair?.entity ?? null]),
      );
      for (const row of rows) {
        const key = `${Number(row.document_id)}\0${row.entity_id}`;
        const actor = actorOf.get(key);
        if (actor) evidenceOf.set(key, [...(evidenceOf.get(key) ?? []), evidenceFromRow(row, actor)]);
      }
    }
    return evidenceOf;
  }

  /**
   * The evidence sentences of the wanted (relation edge, document) pairs, keyed `edge\0document`: the relations of
   * those documents (their primary key), the wanted edges kept.
   */
  private async relationEvidence(wanted: Map<string, EdgeActor>): Promise<Map<string, OrderedEvidence[]>> {
    const documents = [...new Set([...wanted.values()].map((actor) => actor.document))];
    const found = new Map<string, OrderedEvidence[]>();
    for (const part of fixedParts(documents, 256, null)) {
      const rows = await this.db.all<EvidenceSpanRow & Omit<RelationCountRow, 'n'>>(
        `SELECT r.document_id, r.subject, r.predicate, r.object, r.negated, d.version, min(r.position) AS first,
           COALESCE(s.span_start, r.span_start) AS ev_start, COALESCE(s.span_end, r.span_end) AS ev_end
         FROM relations r
         JOIN documents d ON d.id = r.document_id
         ${coveringSentence('r')}
         WHERE r.document_id IN (${sqlPlaceholders(part.length)}) AND r.review_status <> 'rejected'
         GROUP BY r.document_id, r.subject, r.predicate, r.object, r.negated, d.version,
           COALESCE(s.span_start, r.span_start), COALESCE(s.span_end, r.span_end)`,
        part,
      );
      for (const row of rows) {
        const key = `${relationEdgeId(relationGroup({ ...row, n: 0 }))}\0${Number(row.document_id)}`;
        const actor = wanted.get(key);
        if (actor) found.set(key, [...(found.get(key) ?? []), evidenceFromRow(row, actor.id)]);
      }
    }
    return found;
  }
  /** The edges with their evidence's text (a slice of its document), read for the evidence they keep only. */
  private async withTexts<T extends { evidence: GraphEvidence[] }>(edges: T[]): Promise<T[]> {
    const pending = edges.flatMap((edge) => edge.evidence as OrderedEvidence[]);
    const texts: string[] = [];
    for (const part of fixedParts(pending, 100, null)) {
      const rows = await this.db.all<{ k: unknown; text: string | null }>(
        part
          .map((_, n) => `SELECT ${n} AS k, substr(text, ?, ?) AS text FROM documents WHERE id = ?`)
          .join(' UNION ALL '),
        part.flatMap((e) => (e ? [e.start + 1, e.end - e.start, e.document] : [null, null, null])),
      );
      const byKey = new Map(rows.map((row) => [Number(row.k), row.text ?? '']));
      part.forEach((e, n) => e && texts.push(byKey.get(n) ?? ''));
    }
    let n = 0;
    return edges.map((edge) => ({
      ...edge,
      evidence: edge.evidence.map((e) => {
        const { first: _first, document: _document, ...evidence } = e as OrderedEvidence;
        return { ...evidence, text: texts[n++]! };
      }),
    }));
  }

  /** The themes of the sentences (and their interests) mentioning each entity, from the maintained sums. */
  private async mentionThemes(counts: CollectionCounts, ids: string[]): Promise<void> {
    for (const part of fixedParts(ids, chunkSize, null)) {
      const rows = await this.db.all<{ node: string; theme: Theme }>(
        `SELECT node, theme FROM graph_node_themes WHERE scope = ? AND node IN (${sqlPlaceholders(part.length)})
           AND n > 0`,
        [scopeOf(counts), ...part],
      );
      for (const id of part) if (id !== null) counts.themes.set(id, new Set());
      for (const row of rows) counts.themes.get(row.node)!.add(row.theme);
    }
  }

  /**
   * The entity data of `ids` named by a latest document. The test is a subquery with LIMIT 1, run per entity from its
   * index: as an EXISTS, PostgreSQL joined every document's entities to every actor first (356 ms at 20,000
   * documents for an ego view's 300 nodes; 27 ms so).
   */
  private async entities(
    ids: string[],
  ): Promise<Map<string, { name: string; type: MentionType; country: string | null }>> {
    const found = new Map<string, { name: string; type: MentionType; country: string | null }>();
    for (const part of fixedParts(ids, chunkSize, null)) {
      const rows = await this.db.all<{ id: string; name: string; type: string; country: string | null }>(
        `SELECT e.id, e.name, e.type, e.country FROM entities e
         WHERE e.id IN (${sqlPlaceholders(part.length)})
           AND (SELECT 1 FROM document_entities de JOIN actors a ON a.latest_document_id = de.document_id
             WHERE de.entity_id = e.id LIMIT 1) IS NOT NULL`,
        part,
      );
      for (const row of rows)
        found.set(row.id, { name: row.name, type: row.type as MentionType, country: row.country ?? null });
    }
    return found;
  }

  private async interestThemes(actors: ActorRow[]): Promise<Map<number, Theme[]>> {
    const found = new Map<number, Theme[]>();
    for (const part of fixedParts(
      actors.map((actor) => actor.document),
      chunkSize,
      null,
    )) {
      const rows = await this.db.all<{ document_id: unknown; themes: unknown }>(
        `SELECT document_id, themes FROM interests WHERE document_id IN (${sqlPlaceholders(part.length)}) AND ` +
          `review_status <> 'rejected'`,
        part,
      );
      for (const row of rows)
        found.set(Number(row.document_id), [
          ...(found.get(Number(row.document_id)) ?? []),
          ...(jsonValue<Theme[]>(row.themes) ?? []),
        ]);
    }
    return found;
  }
}
