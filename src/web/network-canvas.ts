// The network drawn with sigma.js (WebGL), loaded only by the network page: the graph laid out
// once (network-layout.ts), then rendered only when the camera moves. Labels are culled by zoom:
// sigma's label grid offers the biggest nodes of each cell and none drawn smaller than a
// threshold, and network-labels.ts paints them biggest first without overlaps, so zooming in
// shows more. A click on a node opens its page.
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import type { NetworkScreen, NetworkScreenEdge } from '../model/index.js';
import { layoutNetwork, type NetworkEdgeAttributes, type NetworkNodeAttributes } from './network-layout.js';
import { LabelLayer } from './network-labels.js';
import type { ClusterBy } from './network-style.js';

export interface DrawOptions {
  clusterBy: ClusterBy;
  focus: string | null;
  edgeLabel: (edge: NetworkScreenEdge) => string;
  /** A node was clicked: open the page at this address. */
  open: (href: string) => void;
}

export interface DrawnNetwork {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  kill(): void;
  /** Milliseconds the layout took. */
  layoutMs: number;
}

/** Whether this browser can give sigma a WebGL context (asked on a throwaway canvas, without a console message). */
export function hasWebGl(): boolean {
  try {
    const probe = document.createElement('canvas');
    const context = probe.getContext('webgl2') ?? probe.getContext('webgl');
    if (!context) return false;
    context.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  } catch {
    return false;
  }
}

const labelFont = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const labelSize = 12;
/** Nodes + links above which the cheap programs are used. */
const bigGraph = 4000;
/** Frame interval (ms) above which, while the camera moves, the links are hidden until it stops. */
const slowFrame = 40;

type LaidOutGraph = ReturnType<typeof layoutNetwork>;
type NetworkRenderer = Sigma<NetworkNodeAttributes, NetworkEdgeAttributes>;

/** The sigma renderer: its labels go to the label layer; a big graph gets the cheap programs. */
function createRenderer(
  graph: LaidOutGraph,
  container: HTMLElement,
  labels: LabelLayer,
  options: DrawOptions,
  big: boolean,
): NetworkRenderer {
  return new Sigma<NetworkNodeAttributes, NetworkEdgeAttributes>(graph, container, {
    labelFont,
    labelSize,
    labelWeight: '400',
    labelDensity: 1,
    labelGridCellSize: 70,
    labelRenderedSizeThreshold: 7,
    // sigma offers the candidates; the label layer paints them at the end of the frame.
    defaultDrawNodeLabel: (_context, data) => {
      if (!data.label) return;
      const key = (data as { key?: string }).key;
      const bold = key !== undefined && (key === options.focus || graph.getNodeAttribute(key, 'kind') === 'actor');
      labels.addNode({ label: data.label, x: data.x, y: data.y, size: data.size, first: key === options.focus, bold });
    },
    // Relation labels on the links between labelled nodes; a big graph leaves them to the lists below.
    renderEdgeLabels: !big,
    defaultDrawEdgeLabel: (_context, edge, source, target) => {
      if (edge.label)
        labels.addEdge({
          label: edge.label,
          x1: source.x,
          y1: source.y,
          x2: target.x,
          y2: target.y,
          r1: source.size,
          r2: target.size,
          color: edge.color,
        });
    },
    zIndex: true,
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    stagePadding: 24,
    // A big graph is drawn with the cheapest programs (points, one-pixel lines: with software
    // WebGL the instanced discs and thick lines cost several times as much per item),
    // and its links are left out while the camera moves (they cost most: with software WebGL,
    // 8,000 links take some 40 ms a frame, 5,000 nodes 10), and drawn again as soon as it stops.
    ...(big
      ? {
          nodeProgramClasses: { circle: NodePointProgram },
          edgeProgramClasses: { line: EdgeLineProgram, arrow: EdgeLineProgram },
          hideEdgesOnMove: true,
        }
      : {}),
  });
}

/**
 * After each frame: paint the labels, count the frame (for the end-to-end tests) and adapt the detail.
 * Adaptive detail: when frames come slower than 25 a second while the camera moves (software
 * WebGL, a weak GPU), the links are hidden during moves from then on, and drawn again at rest;
 * if that is still too slow, the labels too.
 */
function paintAndAdapt(renderer: NetworkRenderer, container: HTMLElement, labels: LabelLayer): void {
  const canvases = renderer.getCanvases();
  const labelContext = canvases.labels!.getContext('2d')!;
  const edgeLabelContext = canvases.edgeLabels!.getContext('2d')!;
  let renders = 0;
  const intervals: number[] = [];
  let lastRender = 0;
  renderer.on('afterRender', () => {
    labels.paint(labelContext, edgeLabelContext);
    renders++;
    const now = performance.now();
    if (lastRender && now - lastRender < 250) {
      intervals.push(now - lastRender);
      if (intervals.length > 8) intervals.shift();
      if (
        intervals.length === 8 &&
        [...intervals].sort((a, b) => a - b)[4]! > slowFrame &&
        !renderer.getSetting('hideLabelsOnMove')
      ) {
        const stage = renderer.getSetting('hideEdgesOnMove') ? 'hideLabelsOnMove' : 'hideEdgesOnMove';
        renderer.setSetting(stage, true);
        container.dataset.onMove = stage === 'hideEdgesOnMove' ? 'links hidden' : 'links and labels hidden';
        intervals.length = 0;
      }
    }
    lastRender = now;
    // Read by the end-to-end tests: how many frames were drawn, and how many labels the last one showed.
    container.dataset.renders = String(renders);
    container.dataset.labels = String(labels.painted);
  });
}

export function drawNetwork(container: HTMLElement, view: NetworkScreen, options: DrawOptions): DrawnNetwork {
  const started = performance.now();
  const viewport = Math.min(container.clientWidth, container.clientHeight);
  const graph = layoutNetwork(view, {
    clusterBy: options.clusterBy,
    focus: options.focus,
    edgeLabel: options.edgeLabel,
    viewport,
  });
  const layoutMs = Math.round(performance.now() - started);
  const big = graph.order + graph.size > bigGraph;
  const labels = new LabelLayer({ family: labelFont, size: labelSize, edgeSize: 11 });
  const renderer = createRenderer(graph, container, labels, options, big);
  renderer.on('beforeRender', () => labels.begin());
  if (big) container.dataset.onMove = 'links hidden';
  paintAndAdapt(renderer, container, labels);
  renderer.on('clickNode', ({ node }) => options.open(graph.getNodeAttribute(node, 'href')));
  renderer.on('enterNode', () => container.classList.add('is-over-node'));
  renderer.on('leaveNode', () => container.classList.remove('is-over-node'));
  renderer.refresh();
  container.dataset.state = 'ready';
  container.dataset.nodes = String(graph.order);
  container.dataset.layoutMs = String(layoutMs);
  const camera = renderer.getCamera();
  return {
    zoomIn: () => void camera.animatedZoom({ duration: 250 }),
    zoomOut: () => void camera.animatedUnzoom({ duration: 250 }),
    fit: () => void camera.animatedReset({ duration: 250 }),
    kill: () => renderer.kill(),
    layoutMs,
  };
}
