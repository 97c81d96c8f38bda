// Cross-profile views the web UI and the API serve: the actors × themes comparison matrix, the
// entity/relation graph, the timeline of events and dated statements, faceted search and the
// entities related to one entity. All are computed from the Dossier facade (listActors,
// listSources and getActor of each latest version), so they work on every store backend; results
// are cached until a latest version changes. The comparison is of profiles; the graph, timeline,
// search and related entities include the sources, marked as such. Where the source offers the
// store's own readings (a page of the compare matrix, the map's summary of a theme, an entity's
// neighbours), those views read only what they show instead of every actor.
import {
  edtfBounds,
  ComparePageRequestSchema,
  DossierError,
  themes as allThemes,
  type ActorDetail,
  type ActorSummary,
  type CompareCell,
  type CompareMap,
  type ComparePageRequest,
  type CompareRow,
  type CompareView,
  type DocumentKind,
  type Entity,
  type EvidenceSentence,
  type Extraction,
  type FacetedHit,
  type FacetedSearch,
  type FacetValue,
  type GraphEdge,
  type GraphNode,
  type GraphView,
  type GraphEdgeEvidencePage,
  type MentionType,
  type RelatedEntity,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Theme,
  type TimelineItem,
  type TimelineItemType,
  type TimelinePageView,
  type TimelineYearsView,
} from '../model/index.js';
import type {
  CompareActorRows,
  CompareMapRows,
  ComparePageQuery,
  ComparePageRows,
  EntityNeighbours,
  FacetHitRef,
  SentenceFacets,
  EdgeEvidencePage,
  EdgeEvidenceQuery,
  GraphEgoQuery,
  GraphSlice,
  GraphTopQuery,
  NeighbourEntity,
  TimelineCursor,
  TimelinePage,
  TimelineQuery,
  TimelineYears,
} from '../store/index.js';
import {
  decodeEdgeEvidenceCursor,
  edgeEvidencePage,
  encodeEdgeEvidenceCursor,
  graphEvidencePage,
  noSuchEdge,
  type GraphEdgeEvidenceRequest,
  type GraphEvidenceIndex,
} from './graph-evidence.js';

// The schemas of these views live in src/model/views.ts; re-exported for the routes and export formats that name them
// through the core.
export * from '../model/views.js';

/** What the views need of the Dossier facade (Dossier satisfies it; tests pass fixtures). */
export interface CollectionSource {
  listActors(): Promise<ActorSummary[]>;
  /** The sources (documents that are not profiles); absent: a collection of profiles only. */
  listSources?(): Promise<ActorSummary[]>;
  getActor(id: string, version?: number): Promise<ActorDetail>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** The store's reading of an entity's neighbours from its own indexes; absent: computed from every actor. */
  entityNeighbours?(id: string): Promise<EntityNeighbours>;
  /** The store's reading of what the search facets count of each matched sentence; absent: read from every actor. */
  sentenceFacets?(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>>;
  /** The store's page of the timeline, read from its indexes of time bounds; absent: computed from every actor. */
  listTimeline?(query: TimelineQuery): Promise<TimelinePage>;
  /** The store's count of the timeline's items per year; absent: counted from every actor. */
  timelineYears?(query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>): Promise<TimelineYears>;
  /** The store's strongest nodes of the network and the edges among them; absent: built from every actor. */
  graphTop?(query: GraphTopQuery): Promise<GraphSlice>;
  /** The store's ego network of one node, read from its indexes (null: no such node). */
  graphEgo?(query: GraphEgoQuery): Promise<GraphSlice | null>;
  /** The store's page of one edge's evidence, read from that edge's documents (null: no such edge). */
  graphEdgeEvidence?(query: EdgeEvidenceQuery): Promise<EdgeEvidencePage | null>;
  /** The store's rows of a page of the compare matrix, read for that page only; absent: computed from every actor. */
  comparePage?(query: ComparePageQuery): Promise<ComparePageRows>;
  /** The store's per-country summary of a theme for the map; absent: computed from every actor. */
  compareMap?(theme: Theme): Promise<CompareMapRows>;
}

export interface GraphFilter {
  types?: MentionType[];
  theme?: Theme;
  /** false: leave the sources and what only they link out (default: included). */
  sources?: boolean;
  /** Ego view: this node (a node id of the full graph) and its neighbours within `depth` links. */
  focus?: string;
  /** How many links away from `focus` a node may be (default 1). */
  depth?: 1 | 2;
  /**
   * At most this many nodes: the strongest (mentions + mentions made + relations), or for the ego
   * view the focus and its strongest neighbours; and at most twice as many edges (the strongest).
   * Absent: the whole network (the store then answers at most graphLimits.max nodes).
   */
  limit?: number;
  /** At most this many evidence sentences per edge (the first; default 5). */
  evidence?: number;
  /** At most this many actors per edge (the first; `actorCount` then tells how many in all); default all. */
  actors?: number;
}

/** Bounds of the network's `limit`: the API's default and maximum. */
export const graphLimits = { default: 300, max: 2000 } as const;
/** Edges kept per node of the limit (the strongest). */
const graphEdgesPerNode = 2;

/** A node's weight: its mentions, the mentions it makes (actors, sources) and the relations it takes part in. */
function graphWeights(view: GraphView): Map<string, number> {
  const weight = new Map(view.nodes.map((n) => [n.id, n.mentions]));
  const add = (id: string, n: number) => weight.set(id, (weight.get(id) ?? 0) + n);
  for (const edge of view.edges) {
    add(edge.source, edge.weight);
    if (edge.kind === 'relation') add(edge.target, edge.weight);
  }
  return weight;
}

/**
 * The strongest `limit` nodes of `view` (by the weights of `full`), the strongest edges among them, and `view`'s size.
 */
function cappedGraph(full: GraphView, view: GraphView, limit: number, keep?: string): GraphView {
  const weight = graphWeights(full);
  const byStrength = (a: GraphNode, b: GraphNode) =>
    (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const chosen = new Set(
    [...view.nodes]
      .sort((a, b) => (a.id === keep ? -1 : b.id === keep ? 1 : byStrength(a, b)))
      .slice(0, limit)
      .map((n) => n.id),
  );
  const edges = view.edges
    .filter((e) => chosen.has(e.source) && chosen.has(e.target))
    .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit * graphEdgesPerNode);
  return {
    nodes: view.nodes.filter((n) => chosen.has(n.id)),
    edges,
    total: { nodes: view.nodes.length, edges: view.edges.length },
  };
}

const noSuchNode = (focus: string) =>
  new DossierError('NOT_FOUND', `no node ${JSON.stringify(focus.slice(0, 200))} in the network`, {
    expected: 'the id of a node of GET /api/graph',
  });

/**
 * The ego network of `focus` in `view`: the nodes within `depth` links of it (edges followed in
 * both directions) and every edge of `view` between them. The focus node is kept even when the
 * other filters left it out of `view` (it is then alone). An id unknown to `full` is a NOT_FOUND.
 */
export function egoGraph(full: GraphView, view: GraphView, focus: string, depth: 1 | 2 = 1): GraphView {
  const focusNode = full.nodes.find((n) => n.id === focus);
  if (!focusNode) throw noSuchNode(focus);
  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  };
  for (const edge of view.edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  const reached = new Set([focus]);
  let frontier = [focus];
  for (let step = 0; step < depth; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (reached.has(other)) continue;
        reached.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  const nodes = view.nodes.filter((n) => reached.has(n.id));
  if (!nodes.some((n) => n.id === focus)) nodes.unshift(focusNode);
  return { nodes, edges: view.edges.filter((e) => reached.has(e.source) && reached.has(e.target)) };
}

export interface TimelineFilter {
  actor?: string;
  /** Only items from profiles, or only from sources. */
  documentKind?: DocumentKind;
  type?: TimelineItemType;
  /** ISO date or year prefix: items ending before it are left out. */
  from?: string;
  /** ISO date or year prefix: items starting after it are left out. */
  to?: string;
}

/**
 * A page of the timeline: at most `limit` items (default 200, at most 1000) after `cursor` (the `next` of the previous
 * page).
 */
export interface TimelinePageRequest extends TimelineFilter {
  limit?: number;
  cursor?: string;
}

export const defaultTimelineLimit = 200;
export const maxTimelineLimit = 1000;

/** The ISO bounds of a from/to filter ("2021" → 2021-01-01 … 2021-12-31). */
function timelineRange(filter: TimelineFilter): { from: string | null; to: string | null } {
  return {
    from: filter.from ? (edtfBounds(filter.from.slice(0, 10)).earliest ?? filter.from) : null,
    to: filter.to ? (edtfBounds(filter.to.slice(0, 10)).latest ?? filter.to) : null,
  };
}

const badTimelineCursor = (): DossierError =>
  new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this timeline', {
    expected: 'the `next` value of the previous page',
  });

const isInt32 = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2147483647;

/** A store cursor as an opaque string (`s:` + JSON of its key) and back. */
const encodeStoreCursor = (cursor: TimelineCursor): string =>
  Buffer.from(
    `s:${JSON.stringify([cursor.earliest, cursor.document, cursor.table, cursor.position])}`,
    'utf8',
  ).toString('base64url');
function decodeStoreCursor(text: string): TimelineCursor {
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  if (!raw.startsWith('s:')) throw badTimelineCursor();
  let key: unknown;
  try {
    key = JSON.parse(raw.slice(2));
  } catch {
    throw badTimelineCursor();
  }
  if (!Array.isArray(key) || key.length !== 4) throw badTimelineCursor();
  const [earliest, document, table, position] = key as unknown[];
  if (
    !(earliest === null || (typeof earliest === 'string' && /^-?\d{4,}-\d{2}-\d{2}$/.test(earliest))) ||
    !isInt32(document) ||
    (table !== 0 && table !== 1) ||
    !isInt32(position)
  ) {
    throw badTimelineCursor();
  }
  return { earliest: earliest as string | null, document: document as number, table, position: position as number };
}
/** An in-memory cursor: the offset of the next item. */
const encodeOffsetCursor = (offset: number): string => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
function decodeOffsetCursor(text: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw badTimelineCursor();
  return Number(match[1]);
}

export interface FacetedSearchQuery {
  q?: string;
  actor?: string;
  theme?: Theme;
  type?: MentionType;
  year?: string;
  /** Profiles or sources only. */
  kind?: DocumentKind;
  publisher?: string;
  /** The year a source was published. */
  published?: string;
  limit?: number;
  offset?: number;
}

// ---------------------------------------------------------------------------------------------
// Per-actor index: sentences with their themes, mentions and times.

interface IndexedSentence {
  start: number;
  end: number;
  text: string;
  /** Themes of the sentence itself. */
  ownThemes: Theme[];
  /** Own themes plus those of the interest holding the sentence. */
  themes: Theme[];
  interestRank: number | null;
  entities: string[];
  types: MentionType[];
  years: string[];
  times: Extraction['times'];
}

interface ActorIndex {
  detail: ActorDetail;
  sentences: IndexedSentence[];
}

/** The facets count the best matches, two pages from the store's ranked window of the newest matches. */
const maxFacetHits = 400;
const searchPage = 200;

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The year a source was published (from its EDTF date), or null. */
const publishedYear = (hit: { published: string | null }): string | null =>
  hit.published && /^\d{4}/.test(hit.published) ? hit.published.slice(0, 4) : null;

/** Years an EDTF value covers, when it names a period of at most ten years. */
export function edtfYears(value: string): string[] {
  const { earliest, latest } = edtfBounds(value);
  const first = Number((earliest ?? latest)?.slice(0, 4));
  const last = Number((latest ?? earliest)?.slice(0, 4));
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first || last - first > 10) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function indexActor(detail: ActorDetail): ActorIndex {
  const x = detail.extraction;
  const sorted = <T extends { start: number }>(items: T[]) => [...items].sort((a, b) => a.start - b.start);
  const mentions = sorted(x.mentions);
  const times = sorted(x.times);
  const sentences = sorted(x.sentences).map((s): IndexedSentence => {
    const interest = x.interests.find((i) => s.start >= i.start && s.start < i.end) ?? null;
    const ownThemes = unique(s.themes ?? []);
    const inside = mentions.filter((m) => m.start >= s.start && m.end <= s.end);
    const sentenceTimes = times.filter((t) => t.start >= s.start && t.end <= s.end);
    return {
      start: s.start,
      end: s.end,
      text: x.text.slice(s.start, s.end),
      ownThemes,
      themes: unique([...ownThemes, ...(interest?.themes ?? [])]),
      interestRank: interest?.rank ?? null,
      entities: unique(inside.map((m) => m.entity)),
      types: unique(inside.map((m) => m.type)),
      years: unique(sentenceTimes.flatMap((t) => edtfYears(t.value))).sort(),
      times: sentenceTimes,
    };
  });
  return { detail, sentences };
}

/**
 * The facet counts of faceted hits: each facet counts the hits that match every other filter; the hits of the page
 * are those that match every filter. `names` labels the actors.
 */
function countFacets(
  faceted: FacetedHit[],
  query: FacetedSearchQuery,
  names: Map<string, string>,
  truncated: boolean,
): FacetedSearch {
  const tests = {
    actor: (h: FacetedHit) => !query.actor || h.actor === query.actor,
    theme: (h: FacetedHit) => !query.theme || h.themes.includes(query.theme),
    type: (h: FacetedHit) => !query.type || h.types.includes(query.type),
    year: (h: FacetedHit) => !query.year || h.years.includes(query.year),
    kind: (h: FacetedHit) => !query.kind || h.documentKind === query.kind,
    publisher: (h: FacetedHit) => !query.publisher || h.publisher === query.publisher,
    published: (h: FacetedHit) => !query.published || publishedYear(h) === query.published,
  };
  const dims = Object.keys(tests) as (keyof typeof tests)[];
  const matchingExcept = (skip: keyof typeof tests | null) =>
    faceted.filter((h) => dims.every((d) => d === skip || tests[d](h)));
  const count = (values: string[][], label: (v: string) => string, order: 'count' | 'value'): FacetValue[] => {
    const counts = new Map<string, number>();
    for (const list of values) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts]
      .map(([value, n]) => ({ value, label: label(value), count: n }))
      .sort((a, b) =>
        order === 'value' ? a.value.localeCompare(b.value) : b.count - a.count || a.label.localeCompare(b.label),
      );
  };
  const matching = matchingExcept(null);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 20;
  return {
    total: matching.length,
    hits: matching.slice(offset, offset + limit),
    facets: {
      actor: count(
        matchingExcept('actor').map((h) => [h.actor]),
        (v) => names.get(v) ?? v,
        'count',
      ),
      theme: count(
        matchingExcept('theme').map((h) => h.themes),
        (v) => v,
        'count',
      ),
      type: count(
        matchingExcept('type').map((h) => h.types),
        (v) => v,
        'count',
      ),
      year: count(
        matchingExcept('year').map((h) => h.years),
        (v) => v,
        'value',
      ),
      kind: count(
        matchingExcept('kind').map((h) => [h.documentKind]),
        (v) => (v === 'source' ? 'Sources' : 'Profiles'),
        'count',
      ),
      publisher: count(
        matchingExcept('publisher').map((h) => (h.publisher ? [h.publisher] : [])),
        (v) => v,
        'count',
      ),
      published: count(
        matchingExcept('published').map((h) => {
          const year = publishedYear(h);
          return year ? [year] : [];
        }),
        (v) => v,
        'value',
      ),
    },
    truncated,
    capped: truncated,
  };
}

const sentenceAt = (index: ActorIndex, offset: number): IndexedSentence | undefined =>
  index.sentences.find((s) => offset >= s.start && offset < s.end);

function evidenceOf(index: ActorIndex, span: { start: number; end: number }): EvidenceSentence {
  const sentence = sentenceAt(index, span.start);
  const { start, end } = sentence ?? span;
  return {
    actor: index.detail.id,
    version: index.detail.version.version,
    start,
    end,
    text: index.detail.extraction.text.slice(start, end),
  };
}

// ---------------------------------------------------------------------------------------------
// The compare matrix: one row per profile, from its interests and themed sentences (read by the
// store for a page, or taken from a profile's full detail).

/** Ids and country codes in byte order (the stores' keyset order). */
const bytewise = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rank of the best interest of a row carrying `theme`, or null. */
const themeRank = (row: CompareRow, theme: Theme): number | null => {
  const cell = row.cells[theme];
  return cell?.kind === 'interest' ? cell.rank : null;
};

/** The keyset order of compare pages: by rank (unranked last) when sorted by a theme, then by id. */
const compareKeyOrder = (a: { id: string; rank: number | null }, b: { id: string; rank: number | null }): number =>
  (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || bytewise(a.id, b.id);

/** A page's `next` cursor, opaque to clients: the last row's id (and its rank and the theme when sorted by one). */
function encodeCompareCursor(key: { id: string; rank: number | null }, theme: Theme | undefined): string {
  return Buffer.from(JSON.stringify(theme ? ['theme', theme, key.rank, key.id] : ['id', key.id]), 'utf8').toString(
    'base64url',
  );
}

function decodeCompareCursor(cursor: string, theme: Theme | undefined): { id: string; rank: number | null } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  const id = list[list.length - 1];
  const valid = theme
    ? list.length === 4 &&
      list[0] === 'theme' &&
      list[1] === theme &&
      (list[2] === null || (Number.isInteger(list[2]) && (list[2] as number) > 0))
    : list.length === 2 && list[0] === 'id';
  if (!valid || typeof id !== 'string' || id.length === 0) {
    throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this listing', {
      expected: 'the `next` value of the previous page, with the same theme',
    });
  }
  return { id, rank: theme ? (list[2] as number | null) : null };
}

/** What a compare row is made of, from a profile's full detail (what the store reads for a page). */
function compareRowsOf(index: ActorIndex): CompareActorRows {
  const { detail } = index;
  const x = detail.extraction;
  return {
    id: detail.id,
    name: detail.actor.name,
    country: detail.actor.country,
    version: detail.version.version,
    posture: x.posture?.label ?? null,
    interests: x.interests.map((i) => ({
      rank: i.rank,
      title: i.title,
      themes: i.themes,
      start: i.start,
      end: i.end,
      titleLine: x.text.slice(i.start, i.end).split('\n')[0] ?? i.title,
    })),
    sentences: index.sentences.map((s) => ({ start: s.start, end: s.end, text: s.text, themes: s.ownThemes })),
  };
}

/**
 * A profile's compare row: per theme the best-ranked interest carrying it (title line, then its sentences carrying the
 * theme or its first three), else the sentences carrying it.
 */
function compareRow(actor: CompareActorRows): CompareRow {
  const sentences = actor.sentences.map((s) => ({ ...s, ownThemes: unique(s.themes) }));
  const toEvidence = (s: { start: number; end: number; text: string }): EvidenceSentence => ({
    actor: actor.id,
    version: actor.version,
    start: s.start,
    end: s.end,
    text: s.text,
  });
  const cells: Record<string, CompareCell> = {};
  for (const theme of allThemes) {
    const best = actor.interests.filter((i) => i.themes.includes(theme)).sort((a, b) => a.rank - b.rank)[0];
    if (best) {
      const inInterest = sentences.filter((s) => s.start >= best.start && s.start < best.end);
      const carrying = inInterest.filter((s) => s.ownThemes.includes(theme));
      const title = {
        actor: actor.id,
        version: actor.version,
        start: best.start,
        end: best.start + best.titleLine.length,
        text: best.titleLine,
      };
      cells[theme] = {
        kind: 'interest',
        rank: best.rank,
        interest: best.title,
        primary: best.themes[0] === theme,
        evidence: [title, ...(carrying.length > 0 ? carrying : inInterest.slice(0, 3)).map(toEvidence)],
      };
    } else {
      const carrying = sentences.filter((s) => s.ownThemes.includes(theme));
      if (carrying.length > 0)
        cells[theme] = {
          kind: 'narrative',
          rank: null,
          interest: null,
          primary: false,
          evidence: carrying.map(toEvidence),
        };
    }
  }
  return {
    actor: actor.id,
    name: actor.name,
    country: actor.country,
    version: actor.version,
    posture: actor.posture,
    cells,
  };
}

// ---------------------------------------------------------------------------------------------

interface Snapshot {
  signature: string;
  /** The profiles (compare and checks are about them). */
  indexes: ActorIndex[];
  /** Profiles and sources (graph, timeline, search and related entities read both). */
  all: ActorIndex[];
  entities: Map<string, Entity>;
  derived: Map<string, unknown>;
}

export class CollectionViews {
  private snapshot: Promise<Snapshot> | undefined;
  private signature = '';
  private readonly details = new Map<string, ActorDetail>();

  constructor(private readonly source: CollectionSource) {}

  /** The latest version of every actor, refreshed when any actor's latest version changes. */
  private async current(): Promise<Snapshot> {
    const [profiles, sources] = await Promise.all([this.source.listActors(), this.source.listSources?.() ?? []]);
    const actors = [...profiles, ...sources];
    const signature = actors
      .map((a) => `${a.id}@${a.latestVersion}`)
      .sort()
      .join(',');
    if (!this.snapshot || signature !== this.signature) {
      this.signature = signature;
      this.snapshot = this.load(actors, signature);
      this.snapshot.catch(() => {
        this.signature = '';
      });
    }
    return this.snapshot;
  }

  private async load(actors: ActorSummary[], signature: string): Promise<Snapshot> {
    const indexes: ActorIndex[] = [];
    for (const actor of [...actors].sort((a, b) => a.name.localeCompare(b.name))) {
      const key = `${actor.id}@${actor.latestVersion}`;
      let detail = this.details.get(key);
      if (!detail) {
        detail = await this.source.getActor(actor.id, actor.latestVersion);
        this.details.set(key, detail);
      }
      indexes.push(indexActor(detail));
    }
    const all = indexes;
    const live = new Set(all.map((i) => `${i.detail.id}@${i.detail.version.version}`));
    for (const key of this.details.keys()) if (!live.has(key)) this.details.delete(key);
    const entities = new Map<string, Entity>();
    for (const index of all)
      for (const entity of index.detail.extraction.entities)
        if (!entities.has(entity.id)) entities.set(entity.id, entity);
    // Profiles first (by name), then sources (by name): views list profiles before sources.
    const profiles = all.filter((index) => index.detail.extraction.kind !== 'source');
    return {
      signature,
      indexes: profiles,
      all: [...profiles, ...all.filter((index) => index.detail.extraction.kind === 'source')],
      entities,
      derived: new Map(),
    };
  }

  private async derive<T>(key: string, compute: (snapshot: Snapshot) => T): Promise<T> {
    const snapshot = await this.current();
    if (!snapshot.derived.has(key)) snapshot.derived.set(key, compute(snapshot));
    return snapshot.derived.get(key) as T;
  }

  /**
   * Actors × themes: for each theme the best-ranked interest carrying it, or `narrative`. Without a
   * request: every profile, by name. With one: a page of profiles by id (or by the rank of
   * `theme`, unranked last, then id) after `cursor`, read by the store for that page only when the
   * source offers it, else cut from every actor in the same order.
   */
  async compare(request?: ComparePageRequest): Promise<CompareView> {
    if (request === undefined) return this.compareAll();
    const { limit, cursor, theme } = ComparePageRequestSchema.parse(request);
    const after = cursor === undefined ? undefined : decodeCompareCursor(cursor, theme);
    if (this.source.comparePage) {
      const page = await this.source.comparePage({ limit, theme, after });
      return {
        themes: [...allThemes],
        focus: page.focus,
        rows: page.actors.map(compareRow),
        next: page.next ? encodeCompareCursor(page.next, theme) : null,
      };
    }
    const all = await this.compareAll();
    const keyed = all.rows
      .map((row) => ({ row, id: row.actor, rank: theme ? themeRank(row, theme) : null }))
      .sort(compareKeyOrder);
    const following = after === undefined ? keyed : keyed.filter((key) => compareKeyOrder(key, after) > 0);
    const page = following.slice(0, limit);
    const last = page[page.length - 1];
    return {
      ...all,
      rows: page.map((key) => key.row),
      next: following.length > limit && last ? encodeCompareCursor(last, theme) : null,
    };
  }

  /**
   * Every profile's compare row, by name: read page by page from the store when it offers pages, else from every actor.
   */
  private async compareAll(): Promise<CompareView> {
    if (this.source.comparePage) {
      const rows: CompareRow[] = [];
      let page = await this.source.comparePage({ limit: 200 });
      rows.push(...page.actors.map(compareRow));
      while (page.next) {
        page = await this.source.comparePage({ limit: 200, after: page.next });
        rows.push(...page.actors.map(compareRow));
      }
      return {
        themes: [...allThemes],
        focus: page.focus,
        rows: rows.sort((a, b) => a.name.localeCompare(b.name)),
        next: null,
      };
    }
    return this.derive('compare', ({ indexes, entities }) => {
      const focus = unique(indexes.map((i) => i.detail.metadata.focus)).sort();
      return {
        themes: [...allThemes],
        focus: focus.map((country) => ({ country, name: entities.get(country)?.name ?? country })),
        rows: indexes.map((index) => compareRow(compareRowsOf(index))),
        next: null,
      };
    });
  }

  /**
   * For the map: each country with a profile, the best rank of `theme` among its profiles'
   * interests (or narrative when only sentences carry it), with the profile to open. Read by the
   * store in one aggregate when the source offers it, else from every actor.
   */
  async compareMap(theme: Theme): Promise<CompareMap> {
    if (this.source.compareMap) {
      const { focus, countries } = await this.source.compareMap(theme);
      return { theme, focus, countries };
    }
    const { focus, rows } = await this.compareAll();
    const byCountry = new Map<string, CompareRow[]>();
    for (const row of rows) if (row.country) byCountry.set(row.country, [...(byCountry.get(row.country) ?? []), row]);
    const countries = [...byCountry]
      .map(([country, members]): CompareMap['countries'][number] => {
        const sorted = [...members].sort((a, b) => bytewise(a.actor, b.actor));
        const ranked = sorted
          .filter((row) => row.cells[theme]?.kind === 'interest')
          .sort((a, b) => themeRank(a, theme)! - themeRank(b, theme)!)[0];
        const narrative = sorted.find((row) => row.cells[theme]?.kind === 'narrative');
        const chosen = ranked ?? narrative ?? sorted[0]!;
        return {
          country,
          kind: ranked ? 'interest' : narrative ? 'narrative' : null,
          rank: ranked ? themeRank(ranked, theme) : null,
          actor: chosen.actor,
          name: chosen.name,
          actors: members.length,
        };
      })
      .sort((a, b) => bytewise(a.country, b.country));
    return { theme, focus, countries };
  }

  /**
   * Actors and entities linked by mentions and by extracted relations. With a store that reads the
   * network itself (graphTop, graphEgo): its strongest `limit` nodes, or the ego network read from
   * the focus's indexes; the type filter is applied in the store before the cut (entity nodes of
   * other types are not candidates), the sources switch in the store (the sources' documents are
   * left out of every count), the theme filter on the capped answer. Otherwise built from every
   * actor (fixtures, exports), capped only when `limit` is given.
   */
  async graph(filter: GraphFilter = {}): Promise<GraphView> {
    const depth = filter.depth ?? 1;
    if (this.source.graphTop && this.source.graphEgo) {
      const limit = filter.limit ?? graphLimits.max;
      const sources = filter.sources !== false;
      const { evidence, actors } = filter;
      if (filter.focus !== undefined) {
        const around = await this.source.graphEgo({ focus: filter.focus, depth, limit, sources, evidence, actors });
        if (!around) throw noSuchNode(filter.focus);
        return { ...egoGraph(around, filteredGraph(around, filter), filter.focus, depth), total: around.total };
      }
      const top = await this.source.graphTop({ limit, types: filter.types, sources, evidence, actors });
      return { ...filteredGraph(top, filter), total: top.total };
    }
    const full = await this.derive('graph', (snapshot) => buildGraph(snapshot));
    const view = filteredGraph(full, filter);
    const ego = filter.focus === undefined ? view : egoGraph(full, view, filter.focus, depth);
    const answer =
      filter.evidence === undefined && filter.actors === undefined
        ? ego
        : { ...ego, edges: ego.edges.map((e) => cutEdge(e, filter)) };
    if (filter.limit === undefined) return answer;
    const { total } = cappedGraph(full, filteredGraph(full, { sources: filter.sources }), Number.MAX_SAFE_INTEGER);
    return {
      ...cappedGraph(full, answer, filter.limit, filter.focus),
      total: filter.focus === undefined ? total : { nodes: answer.nodes.length, edges: answer.edges.length },
    };
  }

  /**
   * A page of one edge's evidence: every sentence of a latest document giving the edge a fact, by actor id (bytewise)
   * then place in the text, `limit` (default 50, at most 500) after `cursor`. Read by the store from the edge's
   * documents when it can, else from every actor. An edge no document gives a fact is a NOT_FOUND.
   */
  async graphEdgeEvidence(request: GraphEdgeEvidenceRequest): Promise<GraphEdgeEvidencePage> {
    const limit = request.limit ?? graphEvidencePage.default;
    const after = request.cursor === undefined ? null : decodeEdgeEvidenceCursor(request.cursor);
    const query = { edge: request.edge, limit, after, sources: request.sources !== false };
    const page = this.source.graphEdgeEvidence
      ? await this.source.graphEdgeEvidence(query)
      : edgeEvidencePage(await this.derive('graph-evidence', graphEvidenceOf), query);
    if (!page) throw noSuchEdge(request.edge);
    return {
      edge: request.edge,
      evidence: page.evidence,
      next: page.next ? encodeEdgeEvidenceCursor(page.next) : null,
    };
  }

  /** Events and dated statements, earliest first; undated events last (every page of timelinePage). */
  async timeline(filter: TimelineFilter = {}): Promise<TimelineItem[]> {
    if (!this.source.listTimeline) return this.timelineInMemory(filter);
    const items: TimelineItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.timelinePage({
        ...filter,
        limit: maxTimelineLimit,
        ...(cursor === undefined ? {} : { cursor }),
      });
      items.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  /**
   * One page of the timeline: read from the store's indexes of time bounds when the source offers
   * it (earliest first, ties in store order; the cost is that of the page), else cut from the
   * whole-collection computation.
   */
  async timelinePage(request: TimelinePageRequest = {}): Promise<TimelinePageView> {
    const limit = Math.min(Math.max(1, Math.trunc(request.limit ?? defaultTimelineLimit)), maxTimelineLimit);
    if (this.source.listTimeline) {
      const { from, to } = timelineRange(request);
      const page = await this.source.listTimeline({
        limit,
        after: request.cursor === undefined ? undefined : decodeStoreCursor(request.cursor),
        actor: request.actor,
        documentKind: request.documentKind,
        type: request.type,
        from: from ?? undefined,
        to: to ?? undefined,
      });
      return { items: page.items, next: page.next === null ? null : encodeStoreCursor(page.next) };
    }
    const all = await this.timelineInMemory(request);
    const offset = request.cursor === undefined ? 0 : decodeOffsetCursor(request.cursor);
    return {
      items: all.slice(offset, offset + limit),
      next: offset + limit < all.length ? encodeOffsetCursor(offset + limit) : null,
    };
  }

  /** The timeline's items per year of their start (the filters but the date range), and the undated ones. */
  async timelineYears(filter: Omit<TimelineFilter, 'from' | 'to'> = {}): Promise<TimelineYearsView> {
    const query = { actor: filter.actor, documentKind: filter.documentKind, type: filter.type };
    if (this.source.timelineYears) return this.source.timelineYears(query);
    const counts = new Map<number, number>();
    let undated = 0;
    for (const item of await this.timelineInMemory(query)) {
      const year = item.earliest ? Number(item.earliest.slice(0, 4)) : NaN;
      if (Number.isInteger(year)) counts.set(year, (counts.get(year) ?? 0) + 1);
      else undated++;
    }
    return { years: [...counts].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year), undated };
  }

  private async timelineInMemory(filter: TimelineFilter): Promise<TimelineItem[]> {
    const all = await this.derive('timeline', (snapshot) => buildTimeline(snapshot));
    const { from, to } = timelineRange(filter);
    return all.filter(
      (item) =>
        (!filter.actor || item.actor === filter.actor) &&
        (!filter.documentKind || item.documentKind === filter.documentKind) &&
        (!filter.type || item.type === filter.type) &&
        (!from || (item.latest !== null && item.latest >= from)) &&
        (!to || (item.earliest !== null && item.earliest <= to)),
    );
  }

  /**
   * Full-text search with filters and facet counts (actor, theme, entity type, year). Each facet
   * counts the hits that match every other filter. An empty query with a filter browses sentences.
   */
  async search(query: FacetedSearchQuery): Promise<FacetedSearch> {
    const q = (query.q ?? '').trim();
    if (q && this.source.sentenceFacets) {
      const { hits, truncated } = await this.topHits(q);
      const facets = await this.source.sentenceFacets(hits);
      const faceted = hits.map((hit, n): FacetedHit => {
        const found = facets[n];
        return {
          ...hit,
          themes: found?.themes ?? [],
          types: found?.types ?? [],
          years: unique(found?.times.flatMap(edtfYears) ?? []).sort(),
          documentKind: found?.documentKind ?? 'profile',
          publisher: found?.publisher ?? null,
          published: found?.published ?? null,
        };
      });
      const names = new Map(hits.map((hit) => [hit.actor, hit.actorName]));
      return countFacets(faceted, query, names, truncated);
    }
    const snapshot = await this.current();
    const byActor = new Map(snapshot.all.map((i) => [i.detail.id, i]));
    let hits: SearchHit[] = [];
    let truncated = false;
    if (q) {
      ({ hits, truncated } = await this.topHits(q));
    } else if (
      query.actor ||
      query.theme ||
      query.type ||
      query.year ||
      query.kind ||
      query.publisher ||
      query.published
    ) {
      hits = snapshot.all.flatMap((index) =>
        index.sentences.map((s) => ({
          actor: index.detail.id,
          actorName: index.detail.actor.name,
          version: index.detail.version.version,
          text: s.text,
          snippet: escapeHtml(s.text),
          start: s.start,
          end: s.end,
          score: 0,
        })),
      );
    }
    const faceted: FacetedHit[] = hits.map((hit) => {
      const index = byActor.get(hit.actor);
      const sentence = index ? sentenceAt(index, hit.start) : undefined;
      const detail = index?.detail;
      return {
        ...hit,
        themes: sentence?.themes ?? [],
        types: sentence?.types ?? [],
        years: sentence?.years ?? [],
        documentKind: detail?.extraction.kind ?? 'profile',
        publisher: detail?.metadata.publisher ?? null,
        published: detail?.metadata.published ?? null,
      };
    });
    const names = new Map(snapshot.all.map((i) => [i.detail.id, i.detail.actor.name]));
    return countFacets(faceted, query, names, truncated);
  }

  /** The best matches of a query, at most maxFacetHits (the facets' sample), and whether more matched. */
  private async topHits(q: string): Promise<{ hits: SearchHit[]; truncated: boolean }> {
    const hits: SearchHit[] = [];
    let total = 0;
    let exact = true;
    for (let offset = 0; offset < maxFacetHits; offset += searchPage) {
      const page = await this.source.search({ q, limit: searchPage, offset });
      total = page.total;
      exact = page.totalExact;
      hits.push(...page.hits);
      if (page.hits.length < searchPage || hits.length >= page.total) break;
    }
    return { hits, truncated: total > hits.length || !exact };
  }

  /**
   * Entities mentioned in the same sentences as `id`, or linked to it by a relation: read from the
   * store's indexes of that entity when the source offers it (the cost follows its mentions), else
   * computed from every actor.
   */
  async related(id: string): Promise<RelatedEntity[]> {
    if (this.source.entityNeighbours) {
      const { cooccurrences, relations } = await this.source.entityNeighbours(id);
      const found = new Map<string, RelatedEntity>();
      const entry = (other: NeighbourEntity): RelatedEntity => {
        let item = found.get(other.id);
        if (!item)
          found.set(
            other.id,
            (item = {
              id: other.id,
              name: other.name,
              type: other.type,
              country: other.country,
              cooccurrences: 0,
              relations: [],
            }),
          );
        return item;
      };
      for (const other of cooccurrences) entry(other).cooccurrences = other.sentences;
      for (const { other, ...relation } of relations) entry(other).relations.push(relation);
      return [...found.values()].sort(relatedOrder);
    }
    const snapshot = await this.current();
    const found = new Map<string, RelatedEntity>();
    const entry = (other: string): RelatedEntity => {
      let item = found.get(other);
      if (!item) {
        const entity = snapshot.entities.get(other);
        item = {
          id: other,
          name: entity?.name ?? other,
          type: entity?.type ?? null,
          country: entity?.country ?? null,
          cooccurrences: 0,
          relations: [],
        };
        found.set(other, item);
      }
      return item;
    };
    for (const index of snapshot.all) {
      for (const sentence of index.sentences) {
        if (!sentence.entities.includes(id)) continue;
        for (const other of sentence.entities) if (other !== id) entry(other).cooccurrences++;
      }
      for (const relation of index.detail.extraction.relations) {
        if (relation.subject !== id && relation.object !== id) continue;
        const out = relation.subject === id;
        const other = out ? relation.object : relation.subject;
        if (other === id) continue;
        entry(other).relations.push({
          predicate: relation.predicate,
          negated: relation.negated,
          direction: out ? 'out' : 'in',
          evidence: evidenceOf(index, relation.evidence),
          valid: relation.valid ?? null,
          current: relation.current ?? true,
        });
      }
    }
    return [...found.values()].sort(relatedOrder);
  }
}

/** Related entities: most relations first, then most shared sentences, then by name. */
const relatedOrder = (a: RelatedEntity, b: RelatedEntity): number =>
  b.relations.length - a.relations.length || b.cooccurrences - a.cooccurrences || a.name.localeCompare(b.name);

/** An edge with its first `filter.evidence` sentences and first `filter.actors` actors (then counted). */
function cutEdge(edge: GraphEdge, filter: GraphFilter): GraphEdge {
  const { evidence, actors } = filter;
  return {
    ...edge,
    evidence: evidence === undefined ? edge.evidence : edge.evidence.slice(0, evidence),
    ...(actors === undefined || edge.actors.length <= actors
      ? {}
      : { actors: edge.actors.slice(0, actors), actorCount: edge.actors.length }),
  };
}

/** The full graph narrowed by entity type, theme and the sources switch. */
function filteredGraph(full: GraphView, filter: GraphFilter): GraphView {
  if (!filter.types?.length && !filter.theme && filter.sources !== false) return full;
  let base = full;
  if (filter.sources === false) {
    // Without the sources: their nodes, and the edges only they give evidence for.
    const sourceIds = new Set(full.nodes.filter((n) => n.kind === 'source').map((n) => n.actor));
    const edges = full.edges.filter((e) => e.actors.some((actor) => !sourceIds.has(actor)));
    const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
    base = { nodes: full.nodes.filter((n) => n.kind === 'actor' || (n.kind === 'entity' && linked.has(n.id))), edges };
    if (!filter.types?.length && !filter.theme) return base;
  }
  const keep = new Set(
    base.nodes
      .filter((n) => n.kind !== 'entity' || !filter.types?.length || (n.type !== null && filter.types.includes(n.type)))
      .filter((n) => !filter.theme || n.themes.includes(filter.theme))
      .map((n) => n.id),
  );
  const edges = base.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { nodes: base.nodes.filter((n) => keep.has(n.id) && (n.kind === 'actor' || linked.has(n.id))), edges };
}

/** The node of a document: a source is a node of its own, a profile its country's (or its own when it has none). */
function documentNode(detail: Snapshot['all'][number]['detail'], entities: Snapshot['entities']): GraphNode {
  if (detail.extraction.kind === 'source') {
    // A source is a node of its own (never merged with the country its title may name).
    const id = `source:${detail.id}`;
    return {
      id,
      label: detail.actor.name,
      kind: 'source',
      type: null,
      actor: detail.id,
      entity: null,
      country: null,
      themes: [],
      mentions: 0,
    };
  }
  const id = detail.actor.country ?? `actor:${detail.id}`;
  return {
    id,
    label: detail.actor.name,
    kind: 'actor',
    type: detail.actor.country ? 'country' : null,
    actor: detail.id,
    entity: detail.actor.country && entities.has(detail.actor.country) ? detail.actor.country : null,
    country: detail.actor.country,
    themes: unique(detail.extraction.interests.flatMap((i) => i.themes)),
    mentions: 0,
  };
}

/** Adds a fact's evidence to an edge: a new edge, or one more to its weight, actors and (up to five) sentences. */
function addGraphEdge(
  edges: Map<string, GraphEdge>,
  edge: Omit<GraphEdge, 'weight' | 'actors' | 'evidence'>,
  actor: string,
  evidence: EvidenceSentence,
): void {
  const existing = edges.get(edge.id);
  if (existing) {
    existing.weight++;
    if (!existing.actors.includes(actor)) existing.actors.push(actor);
    if (
      existing.evidence.length < 5 &&
      !existing.evidence.some((e) => e.actor === evidence.actor && e.start === evidence.start)
    )
      existing.evidence.push(evidence);
  } else {
    edges.set(edge.id, { ...edge, weight: 1, actors: [actor], evidence: [evidence] });
  }
}

function buildGraph({ all: indexes, entities }: Snapshot): GraphView {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const actorNode = new Map<string, string>();
  for (const { detail } of indexes) {
    const node = documentNode(detail, entities);
    actorNode.set(detail.id, node.id);
    nodes.set(node.id, node);
  }
  const entityNode = (entityId: string): GraphNode => {
    let node = nodes.get(entityId);
    if (!node) {
      const entity = entities.get(entityId);
      node = {
        id: entityId,
        label: entity?.name ?? entityId,
        kind: 'entity',
        type: entity?.type ?? null,
        actor: null,
        entity: entity ? entityId : null,
        country: entity?.country ?? null,
        themes: [],
        mentions: 0,
      };
      nodes.set(entityId, node);
    }
    return node;
  };
  const addEdge = (
    edge: Omit<GraphEdge, 'weight' | 'actors' | 'evidence'>,
    actor: string,
    evidence: EvidenceSentence,
  ) => addGraphEdge(edges, edge, actor, evidence);
  for (const index of indexes) {
    const { detail } = index;
    const from = actorNode.get(detail.id)!;
    for (const mention of detail.extraction.mentions) {
      const node = entityNode(mention.entity);
      node.mentions++;
      const sentence = sentenceAt(index, mention.start);
      if (sentence) node.themes = unique([...node.themes, ...sentence.themes]);
      if (node.id === from) continue;
      addEdge(
        { id: `m:${from}>${node.id}`, source: from, target: node.id, kind: 'mention', predicate: null, negated: false },
        detail.id,
        evidenceOf(index, mention),
      );
    }
    for (const relation of detail.extraction.relations) {
      const source = entityNode(relation.subject).id;
      const target = entityNode(relation.object).id;
      const id = `r:${source}>${relation.predicate}${relation.negated ? '!' : ''}>${target}`;
      addEdge(
        { id, source, target, kind: 'relation', predicate: relation.predicate, negated: relation.negated },
        detail.id,
        evidenceOf(index, relation.evidence),
      );
    }
  }
  for (const node of nodes.values()) node.themes.sort((a, b) => allThemes.indexOf(a) - allThemes.indexOf(b));
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Every edge's evidence sentences (all of them, with the source switch's flag), from every actor. */
function graphEvidenceOf({ all: indexes }: Snapshot): GraphEvidenceIndex {
  const byEdge: GraphEvidenceIndex = new Map();
  const add = (edge: string, index: ActorIndex, span: { start: number; end: number }) => {
    const evidence = evidenceOf(index, span);
    const list = byEdge.get(edge) ?? [];
    byEdge.set(edge, list);
    if (!list.some((e) => e.evidence.actor === evidence.actor && e.evidence.start === evidence.start))
      list.push({ evidence, source: index.detail.extraction.kind === 'source' });
  };
  for (const index of indexes) {
    const { detail } = index;
    const from =
      detail.extraction.kind === 'source' ? `source:${detail.id}` : (detail.actor.country ?? `actor:${detail.id}`);
    for (const mention of detail.extraction.mentions)
      if (mention.entity !== from) add(`m:${from}>${mention.entity}`, index, mention);
    for (const r of detail.extraction.relations)
      add(`r:${r.subject}>${r.predicate}${r.negated ? '!' : ''}>${r.object}`, index, r.evidence);
  }
  return byEdge;
}

function buildTimeline({ all: indexes, entities }: Snapshot): TimelineItem[] {
  const items: TimelineItem[] = [];
  const named = (id: string) => ({ id, name: entities.get(id)?.name ?? id });
  for (const index of indexes) {
    const { detail } = index;
    const base = { actor: detail.id, actorName: detail.actor.name, version: detail.version.version };
    const provenance = { documentKind: detail.extraction.kind, publisher: detail.metadata.publisher ?? null };
    const eventSentences = new Set<number>();
    detail.extraction.events.forEach((event, n) => {
      const evidence = evidenceOf(index, event.evidence);
      eventSentences.add(evidence.start);
      // Its date, else the time the text gives it (an interval), as the stores index it.
      const when = event.date ?? event.valid;
      const bounds = when ? edtfBounds(when) : { earliest: null, latest: null };
      const sentence = sentenceAt(index, event.evidence.start);
      const dateTime = event.date ? sentence?.times.find((t) => t.value === event.date) : undefined;
      items.push({
        ...base,
        ...provenance,
        id: `${detail.id}:e${n}`,
        kind: 'event',
        type: event.type,
        date: event.date,
        ...bounds,
        participants: event.actors.map(named),
        place: event.place ? named(event.place) : null,
        dateText: dateTime?.text ?? null,
        evidence,
      });
    });
    for (const sentence of index.sentences) {
      if (eventSentences.has(sentence.start)) continue;
      sentence.times.forEach((time, n) => {
        items.push({
          ...base,
          ...provenance,
          id: `${detail.id}:s${sentence.start}.${n}`,
          kind: 'statement',
          type: 'statement',
          date: time.value,
          ...edtfBounds(time.value),
          participants: unique(sentence.entities).map(named),
          place: null,
          dateText: time.text,
          evidence: { ...base, start: sentence.start, end: sentence.end, text: sentence.text },
        });
      });
    }
  }
  const key = (item: TimelineItem) => item.earliest ?? item.latest ?? '\uffff';
  return items.sort(
    (a, b) =>
      key(a).localeCompare(key(b)) || a.actorName.localeCompare(b.actorName) || a.evidence.start - b.evidence.start,
  );
}

const viewsBySource = new WeakMap<CollectionSource, CollectionViews>();

/** The one CollectionViews (and cache) of a Dossier, shared by the API routes. */
export function collectionViewsFor(source: CollectionSource): CollectionViews {
  let views = viewsBySource.get(source);
  if (!views) {
    views = new CollectionViews(source);
    viewsBySource.set(source, views);
  }
  return views;
}
