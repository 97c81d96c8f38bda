// Network page: actors, entities (projects among them) and relations as a graph drawn with sigma.js
// on WebGL (loaded only here, see network-canvas.ts), filtered by entity type and theme, grouped by
// type or theme, or narrowed to the ego view of one node (`?focus=&depth=`); the strongest `?limit=`
// nodes only (default 300; "showing 300 of 41,220" and a control to show more); all of it kept in
// the URL. A click on a node opens its entity or actor. The same nodes are listed as links, each with
// a "Focus" link, for keyboard and screen-reader users. The graph comes from GET /api/screens/network
// (/api/graph without the links' actor lists and extra evidence: a tenth of the bytes); the phrase
// table and the drawing code load while it is on its way; the first frame is painted on a 2D canvas
// and sigma takes over a frame later (network-canvas.ts); the lists below the canvas are written
// once sigma has started.
import { ApiError, describeApiError, getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { edgeEvidence } from '../edge-evidence.js';
import { networkLimits, networkQuery, networkRequests } from '../first-requests.js';
import { downloadMenu, formatsNamed } from '../download-menu.js';
import type { GraphNode, MentionType, NetworkScreen, Theme } from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { loadPhrases, relationLabel, relationVerb } from '../phrases.js';
import { allThemes, allTypes, pageHeader, plural, themeLabel, typeBadge, typeLabel } from '../ui.js';
import { clusterSelect, focusForm, limitControl, networkLegend, zoomButtons } from '../network-controls.js';
import { clusterChoices, nodeHref, typeColours, type ClusterBy } from '../network-style.js';
import type * as NetworkCanvasCode from '../network-canvas.js';
import type { DrawnNetwork } from '../network-canvas.js';

/** The control to give the keyboard focus back to once the page is drawn again (set before navigating). */
let refocus: string | null = null;

/** The view as the URL gives it: filters, grouping, focus depth and node limit. */
interface NetworkState {
  types: MentionType[];
  theme: Theme | null;
  showAll: boolean;
  withSources: boolean;
  clusterBy: ClusterBy;
  depth: 1 | 2;
  limit: number;
}

/** A change to the view (what is not named stays as it is). */
type Next = {
  types?: MentionType[];
  theme?: Theme | null;
  all?: boolean;
  sources?: boolean;
  cluster?: ClusterBy;
  focus?: string | null;
  depth?: 1 | 2;
  limit?: number;
};

function networkState(query: URLSearchParams): NetworkState {
  const clusterBy: ClusterBy = (clusterChoices as string[]).includes(query.get('cluster') ?? '')
    ? (query.get('cluster') as ClusterBy)
    : 'none';
  return { ...networkQuery(query), showAll: query.get('all') === '1', clusterBy };
}

/** The whole network for the filters and, with `?focus=`, the ego view (null for a stale focus). */
async function loadGraphs(query: URLSearchParams, signal: AbortSignal): Promise<[NetworkScreen, NetworkScreen | null]> {
  const { whole, ego } = networkRequests(query);
  return Promise.all([
    getJson<NetworkScreen>(whole, signal),
    ego
      ? getJson<NetworkScreen>(ego, signal).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null; // a stale link: show the whole network
          throw error;
        })
      : Promise.resolve(null),
  ]);
}

/** The link to the view with `next` applied. */
function networkHref(state: NetworkState, focus: string | null, next: Next): string {
  const { types, theme, showAll, withSources, clusterBy, depth, limit } = state;
  const nextFocus = next.focus === undefined ? focus : next.focus;
  return withQuery('/network', {
    type: (next.types ?? types).join(','),
    theme: next.theme === undefined ? theme : next.theme,
    all: (next.all ?? showAll) ? '1' : null,
    sources: (next.sources ?? withSources) ? null : '0',
    cluster: (next.cluster ?? clusterBy) === 'none' ? null : (next.cluster ?? clusterBy),
    focus: nextFocus,
    depth: nextFocus ? (next.depth ?? depth) : null,
    limit: (next.limit ?? limit) === networkLimits[0] ? null : String(next.limit ?? limit),
  });
}

/**
 * The graph to draw. By default keep the entities that link profiles: mentioned by two actors or
 * more, or in a relation. The ego view keeps every node of the neighbourhood.
 */
function visibleGraph(full: NetworkScreen, ego: NetworkScreen | null, showAll: boolean): NetworkScreen {
  const actorLinks = new Map<string, number>();
  const inRelation = new Set<string>();
  for (const e of full.edges) {
    if (e.kind === 'mention') actorLinks.set(e.target, (actorLinks.get(e.target) ?? 0) + 1);
    else inRelation.add(e.source).add(e.target);
  }
  const keep = (n: GraphNode) =>
    showAll || n.kind !== 'entity' || (actorLinks.get(n.id) ?? 0) >= 2 || inRelation.has(n.id);
  const shown = ego ?? full;
  const nodes = ego ? ego.nodes : full.nodes.filter(keep);
  const kept = new Set(nodes.map((n) => n.id));
  return { nodes, edges: shown.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
}

/** The entity-type checkboxes. */
function typeFilter(types: MentionType[], go: (next: Next) => void): HTMLElement {
  return h(
    'fieldset',
    { class: 'type-filter' },
    h('legend', null, 'Entity types'),
    allTypes.map((t) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          checked: types.length === 0 || types.includes(t),
          onchange: (e) => {
            const current = types.length ? types : allTypes;
            const next = (e.target as HTMLInputElement).checked ? [...current, t] : current.filter((x) => x !== t);
            go({ types: next.length === allTypes.length ? [] : [...new Set(next)] });
          },
        }),
        h('span', { class: 'swatch', style: `background:${typeColours[t]}`, 'aria-hidden': 'true' }),
        typeLabel(t),
      ),
    ),
  );
}

/** The filters: entity types, theme, grouping, the entities only one profile mentions, the sources. */
function networkFilters(
  state: NetworkState,
  counts: { ego: boolean; hidden: number },
  go: (next: Next, control?: string | null) => void,
): HTMLElement {
  const { theme, showAll, withSources, clusterBy } = state;
  return h(
    'form',
    { class: 'toolbar filters', 'aria-label': 'Filter the network', onsubmit: (e) => e.preventDefault() },
    typeFilter(state.types, go),
    h(
      'label',
      { class: 'field' },
      h('span', null, 'Theme'),
      h(
        'select',
        { onchange: (e) => go({ theme: ((e.target as HTMLSelectElement).value || null) as Theme | null }) },
        h('option', { value: '' }, 'All themes'),
        allThemes.map((t) => h('option', { value: t, selected: t === theme }, themeLabel(t))),
      ),
    ),
    clusterSelect(clusterBy, (cluster) => go({ cluster }, 'network-cluster')),
    h(
      'label',
      { class: 'check check-wide' },
      h('input', {
        type: 'checkbox',
        checked: showAll,
        disabled: counts.ego,
        onchange: (e) => go({ all: (e.target as HTMLInputElement).checked }),
      }),
      counts.ego
        ? 'Every node near the focus is shown'
        : `Also show the entities only one profile mentions${showAll ? '' : ` (${counts.hidden} hidden)`}`,
    ),
    h(
      'label',
      { class: 'check check-wide' },
      h('input', {
        type: 'checkbox',
        checked: withSources,
        onchange: (e) => go({ sources: (e.target as HTMLInputElement).checked }),
      }),
      'Include the sources (articles, briefs, pages)',
    ),
  );
}

/** What the ego view shows, or a notice that the focus asked for is not in the network. */
function egoSummary(
  focusNode: GraphNode | null,
  asked: string | null,
  depth: 1 | 2,
  graph: NetworkScreen,
): HTMLElement | null {
  return focusNode
    ? h(
        'p',
        { class: 'ego-summary' },
        h('strong', null, focusNode.label),
        ` and the nodes up to ${plural(depth, 'link')} away: ${plural(graph.nodes.length, 'node')}, ` +
          `${plural(graph.edges.length, 'link')}.`,
      )
    : asked
      ? h(
          'p',
          { class: 'notice', role: 'status' },
          `No node “${asked}” in the network for these filters: showing the whole network.`,
        )
      : null;
}

/** The nodes as links (actors, sources, entities by mentions), each with a "Focus" link. */
function nodeListing(graph: NetworkScreen, focus: string | null, focusHref: (id: string) => string): HTMLElement {
  const focusLink = (n: GraphNode) =>
    n.id === focus
      ? null
      : [
          ' ',
          h(
            'a',
            { class: 'focus-link small', href: focusHref(n.id), 'aria-label': `Focus the network on ${n.label}` },
            'Focus',
          ),
        ];
  const item = (n: GraphNode, ...rest: (Node | string | null)[]) =>
    h(
      'li',
      { class: n.id === focus ? 'is-focus' : null },
      h('a', { href: nodeHref(n) }, n.label),
      ...rest,
      focusLink(n),
    );
  const column = (title: string, items: HTMLElement[]) =>
    h('div', null, h('h3', null, title), h('ul', { class: 'plain-list node-list' }, items));
  const actors = graph.nodes.filter((n) => n.kind === 'actor');
  const sourceNodes = graph.nodes.filter((n) => n.kind === 'source');
  const others = graph.nodes
    .filter((n) => n.kind === 'entity')
    .sort((a, b) => b.mentions - a.mentions || a.label.localeCompare(b.label));
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'nodes-h' },
    h('h2', { id: 'nodes-h' }, `Nodes (${graph.nodes.length})`),
    h(
      'div',
      { class: 'node-columns' },
      column(
        'Actors',
        actors.map((n) => item(n)),
      ),
      sourceNodes.length
        ? column(
            'Sources',
            sourceNodes.map((n) => item(n, ' ', h('span', { class: 'kind-badge' }, 'Source'))),
          )
        : null,
      column(
        'Entities',
        others.map((n) =>
          item(n, ' ', typeBadge(n.type), h('span', { class: 'muted small' }, ` · ${plural(n.mentions, 'mention')}`)),
        ),
      ),
    ),
  );
}

/** The relations as a list: subject, predicate, object and their evidence (fetched when opened). */
function relationList(graph: NetworkScreen, withSources: boolean): HTMLElement | null {
  const relations = graph.edges.filter((e) => e.kind === 'relation');
  const shownById = new Map(graph.nodes.map((n) => [n.id, n]));
  return relations.length
    ? h(
        'section',
        { class: 'section', 'aria-labelledby': 'rel-h' },
        h('h2', { id: 'rel-h' }, 'Relations'),
        h(
          'ul',
          { class: 'plain-list' },
          relations.map((e) =>
            h(
              'li',
              null,
              h('a', { href: nodeHref(shownById.get(e.source)!) }, shownById.get(e.source)?.label ?? e.source),
              ' ',
              h(
                'span',
                { class: e.negated ? 'predicate is-negated' : 'predicate' },
                e.predicate ? relationVerb({ ...e, predicate: e.predicate }) : '',
              ),
              ' ',
              h('a', { href: nodeHref(shownById.get(e.target)!) }, shownById.get(e.target)?.label ?? e.target),
              ' ',
              edgeEvidence(e.id, withSources),
            ),
          ),
        ),
      )
    : null;
}

/** The canvas, its status line and zoom buttons; `draw` loads sigma.js and draws the graph into it. */
function networkCanvas(
  graph: NetworkScreen,
  options: {
    clusterBy: ClusterBy;
    focus: string | null;
    signal: AbortSignal;
    onCleanup: (fn: () => void) => void;
    /** The drawing code (sigma.js), asked for when the page opened. */
    code: Promise<typeof NetworkCanvasCode>;
    /** The drawing is done (sigma drawing, or nothing to draw, no WebGL, a failure): write what is below it. */
    settled: () => void;
  },
): { canvas: HTMLElement; footer: HTMLElement; draw: () => Promise<void> } {
  const { clusterBy, focus, signal, onCleanup } = options;
  const canvas = h('div', {
    class: 'graph-canvas',
    id: 'network-canvas',
    role: 'img',
    'aria-label':
      `Network of ${plural(graph.nodes.length, 'node')} and ${plural(graph.edges.length, 'link')}; the same nodes ` +
      `are listed below.`,
  });
  const status = h('p', { class: 'muted small graph-status', role: 'status' }, 'Drawing the network…');
  let drawn: DrawnNetwork | null = null;
  const zoom = zoomButtons({ zoomIn: () => drawn?.zoomIn(), zoomOut: () => drawn?.zoomOut(), fit: () => drawn?.fit() });
  zoom.hidden = true;
  const draw = async () => {
    if (graph.nodes.length === 0) {
      status.textContent = 'Nothing to draw for these filters.';
      options.settled();
      return;
    }
    const { drawNetwork } = await options.code.catch((error: unknown) => {
      options.settled();
      throw error;
    });
    if (signal.aborted) return;
    // The first frame is painted at once; the zoom buttons and the status follow when sigma has taken over.
    drawn = drawNetwork(canvas, graph, {
      clusterBy,
      focus,
      edgeLabel: (e) => (e.predicate ? relationLabel({ ...e, predicate: e.predicate }) : ''),
      open: (target) => navigate(target),
      onNoWebGl: () => {
        canvas.hidden = true;
        status.textContent = 'This browser cannot draw the network (WebGL is unavailable); the nodes are listed below.';
        options.settled();
      },
      onFailed: (error) => {
        status.textContent = `The network could not be made interactive: ${describeApiError(error)}.`;
        options.settled();
      },
      onReady: () => {
        zoom.hidden = false;
        status.textContent =
          `${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'link')}. Drag to pan, scroll to ` +
          `zoom; more labels appear as you zoom in.`;
        options.settled();
      },
    });
    onCleanup(() => drawn?.kill());
  };
  return { canvas, footer: h('div', { class: 'graph-footer' }, status, zoom), draw };
}

export const networkPage: Page = async ({ query, signal, onCleanup }) => {
  const state = networkState(query);
  const { clusterBy, depth, limit } = state;
  // The drawing code loads while the graph is on its way (not after it: a round trip less).
  const code = import('../network-canvas.js');
  code.catch(() => undefined);
  // Relation labels come from the phrase table (fetched once per session), asked for beside the graph.
  const [[full, ego]] = await Promise.all([loadGraphs(query, signal), loadPhrases()]);
  const focus = ego ? query.get('focus') : null;
  const go = (next: Next, control: string | null = null) => {
    refocus = control;
    navigate(networkHref(state, focus, next), { replace: true });
  };

  const shown = ego ?? full;
  const graph = visibleGraph(full, ego, state.showAll);
  const byId = new Map(full.nodes.map((n) => [n.id, n]));
  const focusNode = focus ? (byId.get(focus) ?? ego?.nodes.find((n) => n.id === focus) ?? null) : null;

  const filters = networkFilters(state, { ego: !!ego, hidden: full.nodes.length - graph.nodes.length }, go);
  const focusControls = focusForm({
    nodes: full.nodes,
    state: { focus, depth },
    focusLabel: focusNode?.label ?? null,
    onFocus: (id, d) => go({ focus: id, depth: d }, 'network-focus'),
    onDepth: (d) => (focus ? go({ depth: d }, 'network-depth') : undefined),
    onReset: () => go({ focus: null }, 'network-focus'),
  });
  const sizeControl = limitControl({
    shown: shown.nodes.length,
    total: shown.total?.nodes ?? null,
    limit,
    limits: networkLimits,
    ego: !!ego,
    onLimit: (next) => go({ limit: next }, 'network-limit'),
  });
  // The relations and the nodes as lists are below the canvas: written once the drawing is done (sigma started, in
  // the same task: not while the first frame waits for it, nor later while the graph is being panned).
  const lists = h('div', { class: 'network-lists' });
  let listed = false;
  const writeLists = () => {
    if (listed || signal.aborted) return;
    listed = true;
    const relations = relationList(graph, state.withSources);
    lists.replaceWith(
      ...(relations ? [relations] : []),
      nodeListing(graph, focus, (id) => networkHref(state, focus, { focus: id })),
    );
  };
  const drawing = networkCanvas(graph, { clusterBy, focus, signal, onCleanup, code, settled: writeLists });

  const node = h(
    'div',
    { class: 'page network-page' },
    pageHeader(
      'Network',
      downloadMenu({ include: formatsNamed('gexf', 'graphml', 'kumu', 'json') }),
      h(
        'p',
        { class: 'lede' },
        'Actors and the entities their profiles mention, with the relations extracted between them. Select a ' +
          'node to open it; focus on one to see its neighbours.',
      ),
    ),
    filters,
    focusControls,
    sizeControl,
    egoSummary(focusNode, query.get('focus'), depth, graph),
    networkLegend(graph.nodes, clusterBy),
    drawing.canvas,
    drawing.footer,
    lists,
  );

  const mounted = async () => {
    const control = refocus;
    refocus = null;
    try {
      await drawing.draw();
    } catch (error) {
      writeLists();
      throw error;
    } finally {
      // After the router has focused the heading: give the focus back to the control the user was on.
      if (control && !signal.aborted) setTimeout(() => document.getElementById(control)?.focus(), 0);
    }
  };
  return { title: focusNode ? `Network around ${focusNode.label}` : 'Network', node, mounted };
};
