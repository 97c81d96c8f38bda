// Layout of the network page, computed once per view (no animation): the nodes and links shown as
// a graphology graph, each node sized by its degree and coloured by type or theme, placed from
// deterministic seeds (the best-linked nodes on a sunflower spiral, the others around their
// best-linked neighbour) and then a bounded number of ForceAtlas2 iterations. Grouped by type or theme, each cluster is
// laid out on its own and
// the clusters sit on a circle; in an ego view without grouping the focus stays at the centre.
// No DOM here, so the layout is tested in Node.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { GraphNode, NetworkScreen, NetworkScreenEdge } from '../model/index.js';
import { clusterAssigner, clusterColour, clusterOrder, nodeHref, type ClusterBy } from './network-style.js';

export interface NetworkNodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  href: string;
  kind: GraphNode['kind'];
  cluster: string;
  degree: number;
  forceLabel?: boolean;
  highlighted?: boolean;
  zIndex: number;
}

export interface NetworkEdgeAttributes {
  size: number;
  color: string;
  type: 'line' | 'arrow';
  label?: string;
  kind: NetworkScreenEdge['kind'];
  zIndex: number;
}

export type NetworkGraph = Graph<NetworkNodeAttributes, NetworkEdgeAttributes>;

export interface LayoutOptions {
  clusterBy: ClusterBy;
  /** The ego view's centre, if any (drawn bigger, labelled always, kept in the middle). */
  focus?: string | null;
  /** A relation's label (from the phrase table); mentions carry none. */
  edgeLabel?: (edge: NetworkScreenEdge) => string;
  /** The canvas's smaller side (px): discs that would overlap there at the overview are pushed apart. */
  viewport?: number;
}

/** Groups up to this many nodes get the overlap pass (it compares every pair). */
const overlapPassLimit = 600;

/**
 * Pushes apart the discs of one group that overlap when the whole graph is drawn `pxPerUnit`
 * pixels a unit (a few rounds; `fixed` stays put).
 */
function separate(graph: NetworkGraph, ids: string[], pxPerUnit: number, fixed: string | null): void {
  if (ids.length < 2 || ids.length > overlapPassLimit) return;
  const at = ids.map((id) => graph.getNodeAttributes(id));
  const radius = at.map((a) => (a.size + 1.5) / pxPerUnit);
  for (let round = 0; round < 12; round++) {
    let moved = false;
    for (let i = 0; i < at.length; i++) {
      for (let j = i + 1; j < at.length; j++) {
        const a = at[i]!;
        const b = at[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        const overlap = radius[i]! + radius[j]! - d;
        if (overlap <= 0) continue;
        if (d === 0) [dx, dy, d] = [Math.cos(i + j), Math.sin(i + j), 1];
        const aFixed = ids[i] === fixed;
        const bFixed = ids[j] === fixed;
        const share = aFixed || bFixed ? 1 : 0.5;
        if (!aFixed) {
          a.x -= (dx / d) * overlap * share;
          a.y -= (dy / d) * overlap * share;
        }
        if (!bFixed) {
          b.x += (dx / d) * overlap * share;
          b.y += (dy / d) * overlap * share;
        }
        moved = true;
      }
    }
    if (!moved) break;
  }
}

const goldenAngle = Math.PI * (3 - Math.sqrt(5));

/** Graphs of more nodes than this are laid out with the Barnes–Hut approximation (else every pair is compared). */
const barnesHutAbove = 1000;

/**
 * ForceAtlas2 iterations for a view of `order` nodes: about 40,000 node-iterations in all, at least 4 and at most
 * 150: a big graph gets a few, a small one many. Up to `barnesHutAbove` nodes an iteration compares every pair, so
 * there the pairs are bounded too (about 2 million in all, at least 20 iterations): the 200 nodes of the network's
 * first screen get 50 iterations (some 40 ms), not 150 (a third of a second on a loaded machine); the seeds are placed
 * so that few suffice.
 */
export function layoutIterations(order: number): number {
  const n = Math.max(1, order);
  const byNodes = Math.round(40_000 / n);
  const byPairs = n > barnesHutAbove ? Infinity : Math.max(20, Math.round(2_000_000 / (n * n)));
  return Math.max(4, Math.min(150, byNodes, byPairs));
}

/**
 * Deterministic seeds around (0, 0): the best-linked nodes (the first √n of `ids`, which come
 * biggest first) on a sunflower spiral, and every other node on a small spiral around its
 * best-linked neighbour already placed (or further out on the big spiral when it has none), so
 * that a few ForceAtlas2 iterations suffice.
 */
function seedPositions(
  ids: string[],
  neighbours: (id: string) => string[],
  degreeOf: (id: string) => number,
): Map<string, { x: number; y: number }> {
  const at = new Map<string, { x: number; y: number }>();
  const hubs = Math.max(1, Math.round(Math.sqrt(ids.length)));
  const spacing = Math.sqrt(ids.length / hubs);
  const children = new Map<string, number>();
  let outer = hubs;
  const spiral = (i: number, scale: number) => ({
    x: scale * Math.sqrt(i + 0.5) * Math.cos(i * goldenAngle),
    y: scale * Math.sqrt(i + 0.5) * Math.sin(i * goldenAngle),
  });
  ids.forEach((id, i) => {
    if (i < hubs) {
      at.set(id, spiral(i, spacing));
      return;
    }
    let parent: string | null = null;
    for (const other of neighbours(id))
      if (at.has(other) && (parent === null || degreeOf(other) > degreeOf(parent))) parent = other;
    if (parent === null) {
      at.set(id, spiral(outer++, spacing));
      return;
    }
    const c = children.get(parent) ?? 0;
    children.set(parent, c + 1);
    const p = at.get(parent)!;
    const offset = spiral(c + 1, 0.8);
    at.set(id, { x: p.x + offset.x, y: p.y + offset.y });
  });
  return at;
}

/** Runs a bounded ForceAtlas2 on `graph` (positions already seeded), then centres it and scales it to `radius`. */
function relax(graph: Graph, fixed: string | null, iterations: number, radius: number): void {
  if (graph.order > 1 && graph.size > 0) {
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > barnesHutAbove };
    forceAtlas2.assign(graph, { iterations, settings, getEdgeWeight: null });
  }
  let cx = 0;
  let cy = 0;
  if (fixed && graph.hasNode(fixed)) ({ x: cx, y: cy } = graph.getNodeAttributes(fixed) as { x: number; y: number });
  else {
    graph.forEachNode((_, a) => {
      cx += a.x as number;
      cy += a.y as number;
    });
    cx /= graph.order;
    cy /= graph.order;
  }
  // The 95th percentile of the distances to the centre: a few stray nodes do not shrink the rest.
  const distances: number[] = [];
  graph.forEachNode((_, a) => distances.push(Math.hypot((a.x as number) - cx, (a.y as number) - cy)));
  distances.sort((a, b) => a - b);
  const spread = distances[Math.floor(0.95 * (distances.length - 1))] || 1;
  const scale = radius / spread;
  // A stray (a small component ForceAtlas2 pushed far away) is brought back to the rim: the view is framed on the
  // whole graph, so one far pair would otherwise leave the rest a small patch in a corner of the canvas.
  const rim = 1.15 * radius;
  graph.updateEachNodeAttributes((_, a) => {
    const [x, y] = [((a.x as number) - cx) * scale, ((a.y as number) - cy) * scale];
    const pull = Math.min(1, rim / (Math.hypot(x, y) || 1));
    return { ...a, x: x * pull, y: y * pull };
  });
}

/** Breadth-first distances from `focus` over the links, both ways. */
function distancesFrom(view: NetworkScreen, focus: string): Map<string, number> {
  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  };
  for (const e of view.edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const distance = new Map([[focus, 0]]);
  const queue = [focus];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const other of neighbours.get(id) ?? []) {
      if (distance.has(other)) continue;
      distance.set(other, distance.get(id)! + 1);
      queue.push(other);
    }
  }
  return distance;
}

/** The edges between nodes of the graph (a relation as an arrow, a co-mention as a line weighted by its count). */
function addEdges(graph: NetworkGraph, view: NetworkScreen, options: LayoutOptions): void {
  for (const e of view.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || e.source === e.target || graph.hasEdge(e.id)) continue;
    const relation = e.kind === 'relation';
    graph.addDirectedEdgeWithKey(e.id, e.source, e.target, {
      kind: e.kind,
      size: relation ? 1.6 : Math.min(0.6 + e.weight / 4, 2),
      color: relation ? (e.negated ? '#b91c1c' : '#334155') : '#cbd5e1',
      type: relation ? 'arrow' : 'line',
      zIndex: relation ? 1 : 0,
      ...(relation && options.edgeLabel ? { label: options.edgeLabel(e) } : {}),
    });
  }
}

/** Each cluster laid out on its own, with the extent it needs. */
type PlacedCluster = { ids: string[]; positions: Map<string, { x: number; y: number }>; radius: number };

/** Moves every node to its cluster's centre plus its place in the cluster. */
function placeOnCircle(graph: NetworkGraph, placed: PlacedCluster[]): void {
  // Cluster centres on a circle, each cluster given an arc as wide as its diameter plus a gap.
  const gap = 30;
  const circumference = placed.reduce((sum, p) => sum + 2 * p.radius + gap, 0);
  const circle =
    placed.length > 1 ? Math.max(circumference / (2 * Math.PI), Math.max(...placed.map((p) => p.radius)) + gap) : 0;
  let arc = 0;
  for (const p of placed) {
    const angle = ((arc + p.radius + gap / 2) / circumference) * 2 * Math.PI - Math.PI / 2;
    arc += 2 * p.radius + gap;
    const cx = circle * Math.cos(angle);
    const cy = circle * Math.sin(angle);
    for (const id of p.ids) {
      const at = p.positions.get(id)!;
      graph.mergeNodeAttributes(id, { x: cx + at.x, y: cy + at.y });
    }
  }
}

/** Pushes overlapping discs apart at the pixel scale sigma will draw the overview at. */
function separateClusters(graph: NetworkGraph, placed: PlacedCluster[], viewport: number, focus: string | null): void {
  // sigma fits the graph's extent to the canvas: estimate the pixels per unit at the overview.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  graph.forEachNode((_, a) => {
    [minX, maxX, minY, maxY] = [Math.min(minX, a.x), Math.max(maxX, a.x), Math.min(minY, a.y), Math.max(maxY, a.y)];
  });
  const pxPerUnit = Math.max(1, viewport - 48) / Math.max(1e-9, maxX - minX, maxY - minY);
  for (const p of placed) separate(graph, p.ids, pxPerUnit, focus);
}

/** The graph to draw: attributes for sigma and positions, computed synchronously. */
export function layoutNetwork(view: NetworkScreen, options: LayoutOptions): NetworkGraph {
  const { clusterBy } = options;
  const focus = options.focus && view.nodes.some((n) => n.id === options.focus) ? options.focus : null;
  const graph: NetworkGraph = new Graph({ type: 'directed', multi: true, allowSelfLoops: false });
  const degree = new Map<string, number>();
  for (const e of view.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const maxDegree = Math.max(1, ...degree.values());
  const colouring: ClusterBy = clusterBy === 'theme' ? 'theme' : 'type';
  const clusterOf = clusterAssigner(view.nodes, colouring);
  // Thousands of nodes are drawn smaller (less overlap at the overview, less to paint a frame), and
  // so are the nodes on a phone-sized canvas.
  const sizeScale = (view.nodes.length > 2000 ? 0.6 : 1) * Math.min(1, Math.max(0.6, (options.viewport ?? 600) / 600));
  // Biggest first: the middle of each spiral, and the first claim on a label.
  const ordered = [...view.nodes].sort(
    (a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || b.mentions - a.mentions || (a.id < b.id ? -1 : 1),
  );
  for (const node of ordered) {
    const share = Math.sqrt((degree.get(node.id) ?? 0) / maxDegree);
    const size = node.id === focus ? 16 : (node.kind === 'actor' ? 7 + 8 * share : 2.5 + 9 * share) * sizeScale;
    graph.addNode(node.id, {
      x: 0,
      y: 0,
      size,
      color: clusterColour(clusterOf(node), colouring),
      label: node.label,
      href: nodeHref(node),
      kind: node.kind,
      cluster: clusterOf(node),
      degree: degree.get(node.id) ?? 0,
      zIndex: node.id === focus ? 2 : node.kind === 'actor' ? 1 : 0,
      ...(node.id === focus ? { forceLabel: true, highlighted: true } : {}),
    });
  }
  addEdges(graph, view, options);

  const groups = new Map<string, string[]>();
  for (const id of graph.nodes()) {
    const key = clusterBy === 'none' ? 'all' : graph.getNodeAttribute(id, 'cluster');
    const members = groups.get(key);
    if (members) members.push(id);
    else groups.set(key, [id]);
  }
  const order = clusterBy === 'none' ? ['all'] : clusterOrder(clusterBy).filter((k) => groups.has(k));
  const iterations = layoutIterations(graph.order);
  const degreeOf = (id: string) => graph.getNodeAttribute(id, 'degree');
  // In an ego view without groups, the spiral starts from the focus, then its neighbours, then theirs.
  const rings = clusterBy === 'none' && focus ? distancesFrom(view, focus) : null;
  const placed: PlacedCluster[] = [];
  for (const key of order) {
    const ids = groups.get(key)!;
    if (rings) ids.sort((a, b) => (rings.get(a) ?? 9) - (rings.get(b) ?? 9));
    const member = new Set(ids);
    const part = new Graph({ type: 'directed', multi: true });
    const seeds = seedPositions(ids, (id) => graph.neighbors(id).filter((other) => member.has(other)), degreeOf);
    for (const id of ids)
      part.addNode(id, {
        ...seeds.get(id)!,
        size: graph.getNodeAttribute(id, 'size'),
        ...(id === focus ? { fixed: true } : {}),
      });
    graph.forEachEdge((edge, _a, source, target) => {
      if (member.has(source) && member.has(target) && !part.hasEdge(edge))
        part.addDirectedEdgeWithKey(edge, source, target);
    });
    // Room for the discs: about twice their area (sizes are pixels; so are these units at the overview of a small
    // graph).
    const radius = Math.max(
      12,
      1.2 * Math.sqrt(ids.reduce((sum, id) => sum + (graph.getNodeAttribute(id, 'size') + 3) ** 2, 0)),
    );
    relax(part, focus && member.has(focus) ? focus : null, iterations, radius);
    const positions = new Map<string, { x: number; y: number }>();
    part.forEachNode((id, a) => positions.set(id, { x: a.x as number, y: a.y as number }));
    placed.push({ ids, positions, radius });
  }

  placeOnCircle(graph, placed);
  if (options.viewport) separateClusters(graph, placed, options.viewport, focus);
  return graph;
}

/** Where each cluster sits: the mean position of its nodes (for tests and for the cluster labels). */
export function clusterCentres(graph: NetworkGraph): Map<string, { x: number; y: number; count: number }> {
  const centres = new Map<string, { x: number; y: number; count: number }>();
  graph.forEachNode((_, a) => {
    const c = centres.get(a.cluster) ?? { x: 0, y: 0, count: 0 };
    centres.set(a.cluster, { x: c.x + a.x, y: c.y + a.y, count: c.count + 1 });
  });
  for (const [key, c] of centres) centres.set(key, { x: c.x / c.count, y: c.y / c.count, count: c.count });
  return centres;
}
