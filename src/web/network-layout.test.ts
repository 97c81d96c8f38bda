// Tests of the network page's drawing logic that needs no browser: the layout (deterministic,
// clusters kept apart, the ego view's focus in the middle, bounded work), the label layer (never
// two overlapping labels, biggest nodes first) and the "Focus on" field's name resolution.
import { describe, expect, it } from 'vitest';
import type { GraphView } from '../model/index.js';
import { clusterCentres, layoutIterations, layoutNetwork } from './network-layout.js';
import { LabelLayer } from './network-labels.js';
import { focusNames, resolveFocus } from './network-controls.js';
import { clusterAssigner } from './network-style.js';

/** Three actors, each mentioning its own ring of places and organisations, two of which they share. */
function smallView(): GraphView {
  const nodes: GraphView['nodes'] = [];
  const edges: GraphView['edges'] = [];
  const evidence = [{ actor: 'a0', version: 1, start: 0, end: 1, text: 'x' }];
  for (let a = 0; a < 3; a++)
    nodes.push({
      id: `A${a}`,
      label: `Actor ${a}`,
      kind: 'actor',
      type: 'country',
      actor: `a${a}`,
      entity: null,
      country: null,
      themes: ['security'],
      mentions: 0,
    });
  for (let e = 0; e < 30; e++) {
    nodes.push({
      id: `e${e}`,
      label: `Entity ${e}`,
      kind: 'entity',
      type: e % 2 ? 'place' : 'organization',
      actor: null,
      entity: `e${e}`,
      country: null,
      themes: e % 3 ? ['security', 'trade'] : ['security'],
      mentions: 1,
    });
    edges.push({
      id: `m:A${e % 3}>e${e}`,
      source: `A${e % 3}`,
      target: `e${e}`,
      kind: 'mention',
      predicate: null,
      negated: false,
      weight: 1,
      actors: ['a0'],
      evidence,
    });
  }
  edges.push({
    id: 'm:A0>e1',
    source: 'A0',
    target: 'e1',
    kind: 'mention',
    predicate: null,
    negated: false,
    weight: 1,
    actors: ['a0'],
    evidence,
  });
  edges.push({
    id: 'r:e0>borders>e2',
    source: 'e0',
    target: 'e2',
    kind: 'relation',
    predicate: 'borders',
    negated: false,
    weight: 1,
    actors: ['a0'],
    evidence,
  });
  return { nodes, edges };
}

describe('layoutNetwork', () => {
  it('places every node at a finite position, the same way every time', () => {
    const first = layoutNetwork(smallView(), { clusterBy: 'none' });
    const second = layoutNetwork(smallView(), { clusterBy: 'none' });
    expect(first.order).toBe(33);
    expect(first.size).toBe(32);
    first.forEachNode((id, a) => {
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
      expect(second.getNodeAttributes(id)).toMatchObject({ x: a.x, y: a.y });
    });
    // Relations are arrows with their label; mentions plain lines.
    expect(first.getEdgeAttributes('r:e0>borders>e2')).toMatchObject({ type: 'arrow', kind: 'relation' });
    expect(first.getEdgeAttributes('m:A0>e1')).toMatchObject({ type: 'line', kind: 'mention' });
  });

  it('brings a small component that drifted off back to the rim of the rest (the frame fits the whole graph)', () => {
    const view = smallView();
    const stray = (id: string) => ({ ...view.nodes.find((n) => n.id === 'e0')!, id, entity: id, label: id });
    view.nodes.push(stray('p0'), stray('p1'));
    view.edges.push({ ...view.edges.find((e) => e.kind === 'relation')!, id: 'r:p0>p1', source: 'p0', target: 'p1' });
    const graph = layoutNetwork(view, { clusterBy: 'none' });
    const distances = graph.mapNodes((_, a) => Math.hypot(a.x, a.y)).sort((a, b) => a - b);
    // The rest spans the frame (95% of the nodes within this distance of the centre); the pair at its rim at most.
    const typical = distances[Math.floor(0.95 * (distances.length - 1))]!;
    for (const id of ['p0', 'p1']) {
      const { x, y } = graph.getNodeAttributes(id);
      expect(Math.hypot(x, y), id).toBeLessThanOrEqual(1.16 * typical);
    }
  });

  it('sizes nodes by degree, actors bigger', () => {
    const graph = layoutNetwork(smallView(), { clusterBy: 'none' });
    expect(graph.getNodeAttribute('A0', 'size')).toBeGreaterThan(graph.getNodeAttribute('e0', 'size'));
    // two links, not one
    expect(graph.getNodeAttribute('e1', 'size')).toBeGreaterThan(graph.getNodeAttribute('e3', 'size'));
  });

  it('keeps each cluster together: every node is nearer its own cluster centre than any other', () => {
    for (const clusterBy of ['type', 'theme'] as const) {
      const graph = layoutNetwork(smallView(), { clusterBy });
      const centres = clusterCentres(graph);
      expect(centres.size).toBeGreaterThan(1);
      graph.forEachNode((id, a) => {
        const own = centres.get(a.cluster)!;
        const ownDistance = Math.hypot(a.x - own.x, a.y - own.y);
        for (const [key, c] of centres)
          if (key !== a.cluster)
            expect(Math.hypot(a.x - c.x, a.y - c.y), `${id} in ${a.cluster} vs ${key}`).toBeGreaterThan(ownDistance);
      });
    }
  });

  it('groups by each node’s most specific theme and colours by it', () => {
    const view = smallView();
    const clusterOf = clusterAssigner(view.nodes, 'theme');
    expect(clusterOf(view.nodes.find((n) => n.id === 'e1')!)).toBe('trade'); // security is everywhere
    expect(clusterOf(view.nodes.find((n) => n.id === 'e0')!)).toBe('security');
    const graph = layoutNetwork(view, { clusterBy: 'theme' });
    expect(graph.getNodeAttribute('e1', 'color')).not.toBe(graph.getNodeAttribute('e0', 'color'));
  });

  it('keeps the ego view’s focus in the middle, big and always labelled', () => {
    const graph = layoutNetwork(smallView(), { clusterBy: 'none', focus: 'A1' });
    const focus = graph.getNodeAttributes('A1');
    expect(focus).toMatchObject({ forceLabel: true, highlighted: true });
    expect(focus.x).toBeCloseTo(0);
    expect(focus.y).toBeCloseTo(0);
    graph.forEachNode((id, a) => {
      if (id !== 'A1') expect(a.size).toBeLessThan(focus.size);
    });
  });

  it('pushes apart discs that would overlap on a canvas of the given size', () => {
    // A small canvas, where the discs of this view overlap without the pass (2 pairs).
    const viewport = 160;
    const graph = layoutNetwork(smallView(), { clusterBy: 'type', viewport });
    const xs = graph.mapNodes((_, a) => a.x);
    const ys = graph.mapNodes((_, a) => a.y);
    const pxPerUnit = (viewport - 48) / Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    const nodes = graph.mapNodes((id, a) => ({ id, ...a }));
    let overlaps = 0;
    for (const a of nodes)
      for (const b of nodes)
        if (a.id < b.id && a.cluster === b.cluster && Math.hypot(a.x - b.x, a.y - b.y) * pxPerUnit < a.size + b.size)
          overlaps++;
    expect(overlaps).toBe(0);
  });

  it('bounds the ForceAtlas2 work by the size of the graph', () => {
    expect(layoutIterations(50)).toBe(150);
    // Every pair compared up to 1,000 nodes: the pairs are bounded too (the network's first screen draws ~200 nodes).
    expect(layoutIterations(200)).toBe(50);
    expect(layoutIterations(1000)).toBe(20);
    expect(layoutIterations(5000)).toBe(8);
    expect(layoutIterations(100_000)).toBe(4);
  });
});

/** A canvas context that measures 6 px a character and records what is painted. */
function fakeContext() {
  const painted: { text: string; x: number; y: number }[] = [];
  const context = {
    font: '',
    lineWidth: 1,
    lineJoin: 'miter',
    textAlign: 'start',
    strokeStyle: '',
    fillStyle: '',
    measureText: (text: string) => ({ width: text.length * 6 }),
    strokeText: () => undefined,
    fillText: (text: string, x: number, y: number) => painted.push({ text, x, y }),
    save: () => undefined,
    restore: () => undefined,
    translate: () => undefined,
    rotate: () => undefined,
  };
  return { context: context as unknown as CanvasRenderingContext2D, painted };
}

describe('LabelLayer', () => {
  it('paints the biggest nodes first and never two labels whose boxes overlap', () => {
    const layer = new LabelLayer({ family: 'sans-serif', size: 12, edgeSize: 11 });
    layer.begin();
    // A small node first in sigma's order, then a big one whose label would cover it.
    layer.addNode({ label: 'Small node', x: 100, y: 100, size: 3, first: false, bold: false });
    layer.addNode({ label: 'Big node', x: 95, y: 102, size: 12, first: false, bold: true });
    layer.addNode({ label: 'Far away', x: 400, y: 300, size: 2, first: false, bold: false });
    layer.addNode({ label: 'The focus', x: 96, y: 98, size: 1, first: true, bold: true });
    layer.addEdge({ label: 'borders', x1: 0, y1: 400, x2: 300, y2: 400, r1: 5, r2: 5, color: '#334155' });
    layer.addEdge({ label: 'too long for this link', x1: 0, y1: 500, x2: 40, y2: 500, r1: 5, r2: 5, color: '#334155' });
    const nodes = fakeContext();
    const edges = fakeContext();
    layer.paint(nodes.context, edges.context);
    expect(nodes.painted.map((p) => p.text)).toEqual(['The focus', 'Far away']);
    expect(edges.painted.map((p) => p.text)).toEqual(['borders']);
    expect(layer.painted).toBe(3);
    // A new frame starts afresh.
    layer.begin();
    layer.addNode({ label: 'Big node', x: 95, y: 102, size: 12, first: false, bold: true });
    const again = fakeContext();
    layer.paint(again.context, fakeContext().context);
    expect(again.painted.map((p) => p.text)).toEqual(['Big node']);
  });
});

describe('focus field', () => {
  const nodes = smallView().nodes.concat([
    {
      id: 'source:x',
      label: 'Actor 1',
      kind: 'source',
      type: null,
      actor: 'x',
      entity: null,
      country: null,
      themes: [],
      mentions: 0,
    },
  ]);
  const names = focusNames(nodes);

  it('gives nodes that share a label distinct names', () => {
    expect(names.get('Actor 1 (actor)')).toBe('A1');
    expect(names.get('Actor 1 (source)')).toBe('source:x');
    expect(names.get('Entity 4')).toBe('e4');
  });

  it('resolves a typed name: exact, any case, an id, or the only name so begun', () => {
    expect(resolveFocus('Entity 4', names)).toBe('e4');
    expect(resolveFocus('  entity 4 ', names)).toBe('e4');
    expect(resolveFocus('e12', names)).toBe('e12');
    expect(resolveFocus('Entity 2', names)).toBe('e2'); // exact beats "Entity 2x"
    expect(resolveFocus('Actor 0', names)).toBe('A0');
    expect(resolveFocus('Actor 1', names)).toBeNull(); // two nodes begin so
    expect(resolveFocus('Nowhere', names)).toBeNull();
    expect(resolveFocus('', names)).toBeNull();
  });
});
