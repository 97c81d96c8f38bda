// The network the `gexf`, `graphml` and `kumu` exports write: the graph view of the collection
// (CollectionViews.graph(), what GET /api/graph serves) as a graphology multigraph,
// its nodes and edges keyed by the view's ids, enriched with what the view leaves out: each node's
// Wikidata QID, each edge's themes (of every sentence giving evidence for it, with the themes of
// the interest holding the sentence) and how many of its facts a person confirmed or rejected.
// The export status narrows it: `accepted` is the view itself, `confirmed` keeps only edges with a
// confirmed or edited fact (weights and mention counts then count those facts only), `all` adds the
// rejected mentions and relations (edge attribute `rejected`). With an actor, the export is that
// actor's ego network: its node, the nodes it is linked to, and every edge among them.
import { MultiDirectedGraph } from 'graphology';
import {
  DossierError,
  factPayloadSchemas,
  relationLabel,
  relationPredicates,
  themes as allThemes,
  type ActorDetail,
  type Fact,
  type Relation,
  type ReviewStatus,
  type Theme,
} from '../../../model/index.js';
import { CollectionViews, type EvidenceSentence, type GraphNode } from '../../collection-views.js';
import type { ExportContext } from '../exporter.js';

export interface NetworkNodeAttributes {
  label: string;
  kind: GraphNode['kind'];
  /** Entity type (`country` for an actor that is a state); null for sources and unknown entities. */
  type: string | null;
  /** Actor (series) id of actor and source nodes. */
  actor: string | null;
  /** Entity id when the node is a known entity. */
  entity: string | null;
  /** ISO 3166-1 alpha-3. */
  country: string | null;
  /** Wikidata QID (`Q232`). */
  wikidata: string | null;
  mentions: number;
  themes: Theme[];
}

export interface NetworkEdgeAttributes {
  /** The relation's predicate, or `mention`. */
  relation: string;
  negated: boolean;
  /** How many facts give evidence for the edge (mentions or relation statements). */
  weight: number;
  /** How many of them a person confirmed or edited. */
  confirmed: number;
  /** How many a person rejected (counted with status `all` only; otherwise 0). */
  rejected: number;
  themes: Theme[];
  /** The actors and sources whose sentences give the evidence. */
  actors: string[];
  /** Up to five evidence sentences (as the graph view keeps them). */
  evidence: EvidenceSentence[];
}

export interface NetworkGraphAttributes {
  title: string;
  exportedAt: string;
  status: string;
  /** The actor whose ego network this is, or null for the whole collection. */
  ego: string | null;
}

export type NetworkGraph = MultiDirectedGraph<NetworkNodeAttributes, NetworkEdgeAttributes, NetworkGraphAttributes>;

/** Separator of list values (themes, actor ids) in formats whose attributes are scalars (GEXF, GraphML). */
export const listSeparator = '|';

const themeOrder = (a: Theme, b: Theme): number => allThemes.indexOf(a) - allThemes.indexOf(b);

/**
 * Review status of the reviewed (not `machine`) facts of one actor's latest version, keyed `kind:start:end`; and the
 * rejected facts.
 */
async function reviewedFacts(
  context: ExportContext,
  actor: string,
): Promise<{ status: Map<string, ReviewStatus>; rejected: Fact[] }> {
  const status = new Map<string, ReviewStatus>();
  const rejected: Fact[] = [];
  const page = 500;
  for (const wanted of ['confirmed', 'edited', 'rejected'] as const) {
    for (let offset = 0; ; offset += page) {
      const facts = (await context.dossier.store.listFacts({ actor, status: wanted, limit: page, offset })).facts;
      for (const fact of facts) {
        if (fact.kind !== 'mention' && fact.kind !== 'relation') continue;
        status.set(`${fact.kind}:${fact.start}:${fact.end}`, fact.status);
        if (fact.status === 'rejected') rejected.push(fact);
      }
      if (facts.length < page) break;
    }
  }
  return { status, rejected };
}

/** Finds the sentence holding an offset (sentences sorted by start). */
function sentenceIndexAt(starts: number[], ends: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! > offset) high = mid - 1;
    else if (ends[mid]! <= offset) low = mid + 1;
    else return mid;
  }
  return -1;
}

interface EdgeTally {
  source: string;
  target: string;
  relation: string;
  negated: boolean;
  themes: Set<Theme>;
  confirmed: number;
  confirmedActors: Set<string>;
  rejected: number;
  rejectedActors: Set<string>;
  rejectedEvidence: EvidenceSentence[];
}

/** What the pass over the documents gathers: per edge tallies, QIDs and names of entities, mention counts. */
class NetworkTallies {
  readonly edges = new Map<string, EdgeTally>();
  readonly wikidata = new Map<string, string>();
  readonly entityNames = new Map<string, { name: string; type: string; country: string | null }>();
  readonly confirmedMentions = new Map<string, number>();
  readonly rejectedMentions = new Map<string, number>();

  tally(id: string, ends: Pick<EdgeTally, 'source' | 'target' | 'relation' | 'negated'>): EdgeTally {
    let found = this.edges.get(id);
    if (!found) {
      found = {
        ...ends,
        themes: new Set(),
        confirmed: 0,
        confirmedActors: new Set(),
        rejected: 0,
        rejectedActors: new Set(),
        rejectedEvidence: [],
      };
      this.edges.set(id, found);
    }
    return found;
  }

  // The edge ids of the graph view: `m:FROM>ENTITY` for mentions, `r:SUBJECT>PREDICATE[!]>OBJECT` for relations.
  mentionEdge(from: string, entity: string): EdgeTally | null {
    return entity === from
      ? null
      : this.tally(`m:${from}>${entity}`, { source: from, target: entity, relation: 'mention', negated: false });
  }

  relationEdge(r: { subject: string; predicate: string; object: string; negated: boolean }): EdgeTally {
    return this.tally(`r:${r.subject}>${r.predicate}${r.negated ? '!' : ''}>${r.object}`, {
      source: r.subject,
      target: r.object,
      relation: r.predicate,
      negated: r.negated,
    });
  }
}

/** The graph view of a view of its own, with the documents it read. */
async function graphViewWithDetails(
  dossier: ExportContext['dossier'],
): Promise<{ view: Awaited<ReturnType<CollectionViews['graph']>>; details: Map<string, ActorDetail> }> {
  // A view of its own, not the shared cached one: that one refreshes when a latest version changes,
  // not when a fact is reviewed. It also hands over the documents it reads, for the pass below.
  const details = new Map<string, ActorDetail>();
  const view = await new CollectionViews({
    listActors: () => dossier.listActors(),
    listSources: () => dossier.listSources(),
    getActor: async (id, version) => {
      const detail = await dossier.getActor(id, version);
      details.set(detail.id, detail);
      return detail;
    },
    search: (query) => dossier.search(query),
  }).graph();
  return { view, details };
}

/**
 * The network of the export: the graph view (with the export's status and, for an actor, its ego
 * network). Reads each actor's latest version once (for themes, QIDs and review statuses).
 */
export async function buildNetworkGraph(context: ExportContext): Promise<NetworkGraph> {
  const { dossier, filter } = context;
  await checkNetworkFilter(context);
  const { view, details } = await graphViewWithDetails(dossier);
  const graph: NetworkGraph = new MultiDirectedGraph<
    NetworkNodeAttributes,
    NetworkEdgeAttributes,
    NetworkGraphAttributes
  >();
  graph.replaceAttributes({
    title: 'Dossier network',
    exportedAt: context.exportedAt,
    status: filter.status,
    ego: filter.actor ?? null,
  });

  const actorNode = new Map<string, string>();
  for (const node of view.nodes) if (node.actor && node.kind !== 'entity') actorNode.set(node.actor, node.id);

  // One pass over each document: sentence themes per edge, QIDs, review statuses.
  const tallies = new NetworkTallies();
  for (const [actor, from] of actorNode) {
    const detail = details.get(actor) ?? (await dossier.store.getActor(actor));
    if (!detail) continue;
    await tallyDocument(context, tallies, { actor, from }, detail);
  }

  const addNode = (id: string, node?: GraphNode) => addNetworkNode(graph, tallies, filter.status, id, node);
  for (const node of view.nodes) {
    // With `confirmed`, entities only the unconfirmed facts link are left out (below, once edges are known).
    addNode(node.id, node);
  }
  addViewEdges(graph, view.edges, tallies, filter.status);
  if (filter.status === 'all') {
    // Edges only rejected facts stand for: mentions `m:FROM>TO`, relations `r:S>P[!]>O`.
    for (const [id, extra] of tallies.edges) {
      if (extra.rejected === 0 || graph.hasEdge(id)) continue;
      addNode(extra.source);
      addNode(extra.target);
      graph.addDirectedEdgeWithKey(id, extra.source, extra.target, {
        relation: extra.relation,
        negated: extra.negated,
        weight: extra.rejected,
        confirmed: 0,
        rejected: extra.rejected,
        themes: [...extra.themes].sort(themeOrder),
        actors: [...extra.rejectedActors],
        evidence: extra.rejectedEvidence,
      });
    }
  }
  if (filter.status === 'confirmed') {
    for (const node of graph.filterNodes((_, attributes) => attributes.kind === 'entity'))
      if (graph.degree(node) === 0) graph.dropNode(node);
  }
  return filter.actor ? egoNetwork(graph, filter.actor) : graph;
}

/** The themes of the sentence holding an offset, and the sentence holding a span as evidence, of one document. */
function documentSentences(
  actor: string,
  detail: ActorDetail,
): {
  themesAt(offset: number): Theme[];
  evidenceAt(span: { start: number; end: number }): EvidenceSentence;
} {
  const x = detail.extraction;
  const sentences = [...x.sentences].sort((a, b) => a.start - b.start);
  const starts = sentences.map((s) => s.start);
  const ends = sentences.map((s) => s.end);
  const sentenceThemes = sentences.map((s) => {
    const interest = x.interests.find((i) => s.start >= i.start && s.start < i.end);
    return [...(s.themes ?? []), ...(interest?.themes ?? [])];
  });
  return {
    themesAt: (offset) => sentenceThemes[sentenceIndexAt(starts, ends, offset)] ?? [],
    evidenceAt: (span) => {
      const index = sentenceIndexAt(starts, ends, span.start);
      const { start, end } = index >= 0 ? sentences[index]! : span;
      return { actor, version: detail.version.version, start, end, text: x.text.slice(start, end) };
    },
  };
}

/** One document's part of the tallies: its entities, the themes and review statuses of its mentions and relations. */
async function tallyDocument(
  context: ExportContext,
  tallies: NetworkTallies,
  { actor, from }: { actor: string; from: string },
  detail: ActorDetail,
): Promise<void> {
  const x = detail.extraction;
  for (const entity of x.entities) {
    if (entity.wikidata && !tallies.wikidata.has(entity.id)) tallies.wikidata.set(entity.id, entity.wikidata);
    if (!tallies.entityNames.has(entity.id))
      tallies.entityNames.set(entity.id, { name: entity.name, type: entity.type, country: entity.country });
  }
  const sentences = documentSentences(actor, detail);
  const review = await reviewedFacts(context, actor);
  const isConfirmed = (kind: string, span: { start: number; end: number }) => {
    const status = review.status.get(`${kind}:${span.start}:${span.end}`);
    return status === 'confirmed' || status === 'edited';
  };
  const confirm = (edge: EdgeTally) => {
    edge.confirmed++;
    edge.confirmedActors.add(actor);
  };
  for (const mention of x.mentions) {
    const confirmed = isConfirmed('mention', mention);
    if (confirmed)
      tallies.confirmedMentions.set(mention.entity, (tallies.confirmedMentions.get(mention.entity) ?? 0) + 1);
    const edge = tallies.mentionEdge(from, mention.entity);
    if (!edge) continue;
    for (const theme of sentences.themesAt(mention.start)) edge.themes.add(theme);
    if (confirmed) confirm(edge);
  }
  for (const relation of x.relations) {
    const edge = tallies.relationEdge(relation);
    for (const theme of sentences.themesAt(relation.evidence.start)) edge.themes.add(theme);
    if (isConfirmed('relation', relation.evidence)) confirm(edge);
  }
  if (context.filter.status === 'all') tallyRejected(tallies, from, actor, review.rejected, sentences);
}

/** The rejected mentions and relations of one document (export status `all`). */
function tallyRejected(
  tallies: NetworkTallies,
  from: string,
  actor: string,
  rejected: Fact[],
  sentences: ReturnType<typeof documentSentences>,
): void {
  for (const fact of rejected) {
    let edge: EdgeTally | null;
    if (fact.kind === 'mention') {
      const payload = factPayloadSchemas.mention.safeParse(fact.payload);
      if (!payload.success) continue;
      const { entity } = payload.data;
      tallies.rejectedMentions.set(entity, (tallies.rejectedMentions.get(entity) ?? 0) + 1);
      edge = tallies.mentionEdge(from, entity);
    } else {
      const payload = factPayloadSchemas.relation.safeParse(fact.payload);
      if (!payload.success) continue;
      edge = tallies.relationEdge(payload.data);
    }
    if (!edge) continue;
    edge.rejected++;
    edge.rejectedActors.add(actor);
    if (edge.rejectedEvidence.length < 5) edge.rejectedEvidence.push(sentences.evidenceAt(fact));
    for (const theme of sentences.themesAt(fact.start)) edge.themes.add(theme);
  }
}

/** Adds a node (of the view, or an entity only rejected facts link) unless the graph has it. */
function addNetworkNode(
  graph: NetworkGraph,
  tallies: NetworkTallies,
  status: ExportContext['filter']['status'],
  id: string,
  node?: GraphNode,
): void {
  if (graph.hasNode(id)) return;
  const known = tallies.entityNames.get(id);
  const entityId = node ? node.entity : known ? id : null;
  const mentions =
    status === 'confirmed'
      ? (tallies.confirmedMentions.get(id) ?? 0)
      : (node?.mentions ?? 0) + (status === 'all' ? (tallies.rejectedMentions.get(id) ?? 0) : 0);
  graph.addNode(id, {
    label: node?.label ?? known?.name ?? id,
    kind: node?.kind ?? 'entity',
    type: node ? node.type : (known?.type ?? null),
    actor: node?.actor ?? null,
    entity: entityId,
    country: node ? node.country : (known?.country ?? null),
    wikidata: entityId ? (tallies.wikidata.get(entityId) ?? null) : null,
    mentions,
    themes: node?.themes ?? [],
  });
}

/** The view's edges, with the tallies' themes and review counts (with `confirmed`, only confirmed edges). */
function addViewEdges(
  graph: NetworkGraph,
  edges: Awaited<ReturnType<CollectionViews['graph']>>['edges'],
  tallies: NetworkTallies,
  status: ExportContext['filter']['status'],
): void {
  for (const edge of edges) {
    const extra = tallies.edges.get(edge.id);
    const confirmed = extra?.confirmed ?? 0;
    if (status === 'confirmed' && confirmed === 0) continue;
    const rejected = extra?.rejected ?? 0;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relation: edge.predicate ?? 'mention',
      negated: edge.negated,
      weight: status === 'confirmed' ? confirmed : edge.weight + rejected,
      confirmed,
      rejected,
      themes: [...(extra?.themes ?? [])].sort(themeOrder),
      actors:
        status === 'confirmed'
          ? edge.actors.filter((a) => extra?.confirmedActors.has(a))
          : [...new Set([...edge.actors, ...(extra?.rejectedActors ?? [])])],
      evidence:
        status === 'confirmed' ? edge.evidence.filter((e) => extra?.confirmedActors.has(e.actor)) : edge.evidence,
    });
  }
}

/** The actor's node, its neighbours and every edge among them (networkx's `ego_graph` of radius 1, both directions). */
function egoNetwork(graph: NetworkGraph, actor: string): NetworkGraph {
  const ego = graph.findNode((_, attributes) => attributes.actor === actor && attributes.kind !== 'entity');
  if (!ego) throw new DossierError('NOT_FOUND', `no actor "${actor}" in the network`);
  const keep = new Set([ego, ...graph.neighbors(ego)]);
  const result: NetworkGraph = new MultiDirectedGraph<
    NetworkNodeAttributes,
    NetworkEdgeAttributes,
    NetworkGraphAttributes
  >();
  result.replaceAttributes({ ...graph.getAttributes(), ego: actor });
  graph.forEachNode((node, attributes) => {
    if (keep.has(node)) result.addNode(node, attributes);
  });
  graph.forEachEdge((edge, attributes, source, target) => {
    if (keep.has(source) && keep.has(target)) result.addDirectedEdgeWithKey(edge, source, target, attributes);
  });
  return result;
}

/**
 * Checks the filter of a network export: the network is of the latest versions, so a version is
 * only accepted when it is the actor's latest.
 */
async function checkNetworkFilter(context: ExportContext): Promise<void> {
  const { actor, version } = context.filter;
  if (!actor || version === undefined) return;
  const latest = await context.dossier.store.getActor(actor);
  if (latest && latest.version.version !== version) {
    throw new DossierError(
      'BAD_REQUEST',
      `the network is of the latest versions: version ${version} of "${actor}" is not its latest ` +
        `(${latest.version.version})`,
      {
        expected: `no version, or version=${latest.version.version}`,
      },
    );
  }
}

const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text without the characters XML 1.0 cannot carry (control characters, lone surrogates). */
export const xmlSafe = (text: string): string => text.replace(notXmlChar, '');

/** The node attributes as scalars (lists joined with `|`, nulls and empty lists left out), for GEXF and GraphML. */
export function scalarNodeAttributes(node: NetworkNodeAttributes): Record<string, string | number> {
  const out: Record<string, string | number> = { kind: node.kind, mentions: node.mentions };
  if (node.type) out.type = node.type;
  if (node.actor) out.actor = node.actor;
  if (node.entity) out.entity = node.entity;
  if (node.country) out.country = node.country;
  if (node.wikidata) out.wikidata = node.wikidata;
  if (node.themes.length) out.themes = node.themes.join(listSeparator);
  return out;
}

/** The edge attributes as scalars (weight apart: both formats have a place of their own for it). */
export function scalarEdgeAttributes(edge: NetworkEdgeAttributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {
    relation: edge.relation,
    negated: edge.negated,
    confirmed: edge.confirmed,
    rejected: edge.rejected,
  };
  if (edge.themes.length) out.themes = edge.themes.join(listSeparator);
  if (edge.actors.length) out.actors = edge.actors.join(listSeparator);
  const first = edge.evidence[0];
  if (first) out.evidence = xmlSafe(first.text);
  return out;
}

/** A short label for an edge: `mention`, or the relation in English (`borders`, `does not border`). */
export const edgeLabel = (edge: NetworkEdgeAttributes): string =>
  (relationPredicates as readonly string[]).includes(edge.relation)
    ? relationLabel({ predicate: edge.relation as Relation['predicate'], negated: edge.negated })
    : edge.relation;
