// The network drawn with sigma.js (WebGL), loaded only by the network page: the graph laid out
// once (network-layout.ts), then rendered only when the camera moves. Labels are culled by zoom:
// sigma's label grid offers the biggest nodes of each cell and none drawn smaller than a
// threshold, and network-labels.ts paints them biggest first without overlaps, so zooming in
// shows more. A click on a node opens its page. The first frame is painted on a plain 2D canvas
// (the same layout, colours, sizes and labels: a few milliseconds), so the page shows its graph at
// once; sigma's WebGL contexts, slow to start with software WebGL, replace it a frame later. sigma's
// code (two thirds of the network's) is a chunk of its own, asked for once the first frame is drawn:
// the first frame neither waits for it to arrive nor for the browser to parse it.
import type Sigma from 'sigma';
import type { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
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
  /** sigma has replaced the first frame: the graph can be panned, zoomed and clicked. */
  onReady?: () => void;
  /** The browser has no WebGL: sigma cannot start (the page hides the canvas and says so). */
  onNoWebGl?: () => void;
  /** sigma's code could not be loaded (a network error): the first frame stays, still. */
  onFailed?: (error: unknown) => void;
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

/** sigma's renderer and the cheap programs of a big graph, loaded after the first frame. */
interface SigmaCode {
  Sigma: typeof Sigma;
  EdgeLineProgram: typeof EdgeLineProgram;
  NodePointProgram: typeof NodePointProgram;
}

let sigmaCode: Promise<SigmaCode> | null = null;
/** sigma's code, asked for once (a failed load is asked again next time). */
function loadSigma(): Promise<SigmaCode> {
  sigmaCode ??= Promise.all([import('sigma'), import('sigma/rendering')]).then(
    ([{ default: Sigma }, { EdgeLineProgram, NodePointProgram }]) => ({ Sigma, EdgeLineProgram, NodePointProgram }),
    (error: unknown) => {
      sigmaCode = null;
      throw error;
    },
  );
  return sigmaCode;
}

/** The sigma renderer: its labels go to the label layer; a big graph gets the cheap programs. */
function createRenderer(
  { Sigma, EdgeLineProgram, NodePointProgram }: SigmaCode,
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

/** Where sigma puts a node at rest (camera at its start): its normalisation, then the fit of the stage. */
function restingViewport(
  graph: LaidOutGraph,
  width: number,
  height: number,
): (x: number, y: number) => [number, number] {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  graph.forEachNode((_node, { x, y }) => {
    [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
  });
  const [dx, dy] = [maxX - minX, maxY - minY];
  const extent = Math.max(dx, dy) || 1;
  // As sigma's matrixFromCamera and getCorrectionRatio: the smaller side of the stage, less its padding.
  const stageRatio = height / width;
  const graphRatio = dy / (dx || 1);
  const correction =
    (stageRatio < 1 && graphRatio > 1) || (stageRatio > 1 && graphRatio < 1)
      ? 1
      : Math.min(Math.max(graphRatio, 1 / graphRatio), Math.max(1 / stageRatio, stageRatio));
  const scale = ((Math.min(width, height) - 2 * stagePadding) * correction) / extent;
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  return (x, y) => [width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale];
}

const stagePadding = 24;

/**
 * The first frame on a 2D canvas over the container: links, then nodes (actors over entities), then the labels of
 * the biggest node of each 70-pixel cell (sigma's label grid at rest) painted by the label layer, without overlaps.
 */
function paintFirstFrame(graph: LaidOutGraph, container: HTMLElement, labels: LabelLayer, big: boolean): HTMLElement {
  const [width, height] = [container.clientWidth, container.clientHeight];
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.className = 'graph-first-frame';
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, { position: 'absolute', inset: '0', width: `${width}px`, height: `${height}px` });
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  container.append(canvas);
  if (!context) return canvas;
  context.scale(ratio, ratio);
  const place = restingViewport(graph, width, height);
  const at = new Map<string, [number, number]>();
  graph.forEachNode((node, { x, y }) => void at.set(node, place(x, y)));
  const edges = graph.mapEdges((_edge, attributes, source, target) => ({ attributes, source, target }));
  edges.sort((a, b) => a.attributes.zIndex - b.attributes.zIndex);
  for (const { attributes, source, target } of edges) {
    const [[x1, y1], [x2, y2]] = [at.get(source)!, at.get(target)!];
    context.strokeStyle = attributes.color;
    context.lineWidth = big ? 1 : attributes.size;
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  }
  const nodes = graph.mapNodes((node, attributes) => ({ node, attributes }));
  nodes.sort((a, b) => a.attributes.zIndex - b.attributes.zIndex || a.attributes.size - b.attributes.size);
  const cells = new Map<string, { node: string; size: number }>();
  for (const { node, attributes } of nodes) {
    const [x, y] = at.get(node)!;
    context.fillStyle = attributes.color;
    context.beginPath();
    context.arc(x, y, attributes.size, 0, 2 * Math.PI);
    context.fill();
    const cell = `${Math.floor(x / 70)},${Math.floor(y / 70)}`;
    if (attributes.label && attributes.size >= 7 && (cells.get(cell)?.size ?? -1) < attributes.size)
      cells.set(cell, { node, size: attributes.size });
  }
  labels.begin();
  for (const { node, size } of cells.values()) {
    const [x, y] = at.get(node)!;
    const { label, kind } = graph.getNodeAttributes(node);
    labels.addNode({ label, x, y, size, first: false, bold: kind === 'actor' });
  }
  labels.paint(context, context);
  return canvas;
}

/** sigma over the first frame, the label layer painting its labels; null (and said) without WebGL. */
function startSigma(
  code: SigmaCode,
  graph: LaidOutGraph,
  container: HTMLElement,
  labels: LabelLayer,
  options: DrawOptions,
  big: boolean,
): NetworkRenderer | null {
  // Asked here, not before the first frame: the probe starts a WebGL context (slow with software WebGL).
  if (!hasWebGl()) {
    options.onNoWebGl?.();
    return null;
  }
  const sigma = createRenderer(code, graph, container, labels, options, big);
  sigma.on('beforeRender', () => labels.begin());
  if (big) container.dataset.onMove = 'links hidden';
  paintAndAdapt(sigma, container, labels);
  sigma.on('clickNode', ({ node }) => options.open(graph.getNodeAttribute(node, 'href')));
  sigma.on('enterNode', () => container.classList.add('is-over-node'));
  sigma.on('leaveNode', () => container.classList.remove('is-over-node'));
  sigma.refresh();
  return sigma;
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
  const firstFrame = paintFirstFrame(graph, container, labels, big);
  container.dataset.firstFrame = 'drawn';
  container.dataset.nodes = String(graph.order);
  container.dataset.layoutMs = String(layoutMs);
  let renderer: NetworkRenderer | null = null;
  let killed = false;
  // sigma starts once the first frame is on screen (the next frame, then a task): its code is asked for then.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (killed) return;
      loadSigma().then(
        (code) => {
          if (killed) return;
          renderer = startSigma(code, graph, container, labels, options, big);
          if (!renderer) return;
          firstFrame.remove();
          container.dataset.state = 'ready';
          options.onReady?.();
        },
        (error: unknown) => {
          if (!killed) options.onFailed?.(error);
        },
      );
    }, 0),
  );
  const camera = () => renderer?.getCamera();
  return {
    zoomIn: () => void camera()?.animatedZoom({ duration: 250 }),
    zoomOut: () => void camera()?.animatedUnzoom({ duration: 250 }),
    fit: () => void camera()?.animatedReset({ duration: 250 }),
    kill: () => {
      killed = true;
      renderer?.kill();
    },
    layoutMs,
  };
}
