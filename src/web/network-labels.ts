// Labels of the network canvas without overlaps. sigma picks the candidates (its label grid keeps
// the biggest nodes of each cell, more of them as the camera zooms in, and none drawn smaller than
// the size threshold); instead of drawing them in sigma's cell order, this layer collects them
// during a frame and paints them at its end, biggest node first, skipping any label whose box
// would overlap one already painted. Relation labels along the links come after the node labels,
// under the same rule.

/** Axis-aligned boxes painted in one frame; a new label may not overlap any of them. */
export class LabelBoxes {
  private boxes: number[] = [];
  clear(): void {
    this.boxes = [];
  }
  get count(): number {
    return this.boxes.length / 4;
  }
  /** Claims the box if it overlaps none claimed before (true), else leaves it (false). */
  claim(x1: number, y1: number, x2: number, y2: number): boolean {
    const b = this.boxes;
    for (let i = 0; i < b.length; i += 4)
      if (x1 < b[i + 2]! && x2 > b[i]! && y1 < b[i + 3]! && y2 > b[i + 1]!) return false;
    b.push(x1, y1, x2, y2);
    return true;
  }
}

export interface NodeLabelCandidate {
  label: string;
  x: number;
  y: number;
  /** The node's drawn radius (px). */
  size: number;
  /** Painted first (the ego view's focus), then by size. */
  first: boolean;
  bold: boolean;
}

export interface EdgeLabelCandidate {
  label: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The drawn radii of the two ends, so the label stays off the discs. */
  r1: number;
  r2: number;
  color: string;
}

export class LabelLayer {
  readonly boxes = new LabelBoxes();
  private nodes: NodeLabelCandidate[] = [];
  private edges: EdgeLabelCandidate[] = [];
  private readonly widths = new Map<string, number>();
  /** Labels painted in the last frame (node and relation labels). */
  painted = 0;

  constructor(private readonly font: { family: string; size: number; edgeSize: number }) {}

  begin(): void {
    this.nodes = [];
    this.edges = [];
  }
  addNode(candidate: NodeLabelCandidate): void {
    this.nodes.push(candidate);
  }
  addEdge(candidate: EdgeLabelCandidate): void {
    this.edges.push(candidate);
  }

  private width(context: CanvasRenderingContext2D, font: string, text: string): number {
    const key = `${font}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = context.measureText(text).width;
      this.widths.set(key, width);
    }
    return width;
  }

  /** Paints the frame's labels (node labels on `nodeContext`, relation labels on `edgeContext`). */
  paint(nodeContext: CanvasRenderingContext2D, edgeContext: CanvasRenderingContext2D): void {
    this.boxes.clear();
    const { family, size, edgeSize } = this.font;
    this.nodes.sort((a, b) => Number(b.first) - Number(a.first) || b.size - a.size || (a.label < b.label ? -1 : 1));
    nodeContext.lineJoin = 'round';
    for (const n of this.nodes) {
      const font = `${n.bold ? '600' : '400'} ${size}px ${family}`;
      nodeContext.font = font;
      const width = this.width(nodeContext, font, n.label);
      const x = n.x + n.size + 3;
      const baseline = n.y + size / 3;
      if (!this.boxes.claim(x - 2, baseline - size, x + width + 2, baseline + 4)) continue;
      nodeContext.lineWidth = 3;
      nodeContext.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      nodeContext.strokeText(n.label, x, baseline);
      nodeContext.fillStyle = '#1f2933';
      nodeContext.fillText(n.label, x, baseline);
    }
    const edgeFont = `400 ${edgeSize}px ${family}`;
    edgeContext.font = edgeFont;
    edgeContext.textAlign = 'center';
    edgeContext.lineJoin = 'round';
    for (const e of this.edges) {
      const dx = e.x2 - e.x1;
      const dy = e.y2 - e.y1;
      const length = Math.hypot(dx, dy);
      const width = this.width(edgeContext, edgeFont, e.label);
      // Only where the label fits between the two discs.
      if (length - e.r1 - e.r2 < width + 8) continue;
      let angle = Math.atan2(dy, dx);
      if (angle > Math.PI / 2 || angle < -Math.PI / 2) angle += Math.PI; // never upside down
      const mx = e.x1 + (dx * (e.r1 + (length - e.r1 - e.r2) / 2)) / length;
      const my = e.y1 + (dy * (e.r1 + (length - e.r1 - e.r2) / 2)) / length;
      // The box around the rotated label.
      const halfW = (Math.abs(Math.cos(angle)) * width + Math.abs(Math.sin(angle)) * edgeSize) / 2 + 1;
      const halfH = (Math.abs(Math.sin(angle)) * width + Math.abs(Math.cos(angle)) * edgeSize) / 2 + 1;
      if (!this.boxes.claim(mx - halfW, my - halfH, mx + halfW, my + halfH)) continue;
      edgeContext.save();
      edgeContext.translate(mx, my);
      edgeContext.rotate(angle);
      edgeContext.lineWidth = 3;
      edgeContext.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      edgeContext.strokeText(e.label, 0, edgeSize / 3);
      edgeContext.fillStyle = e.color;
      edgeContext.fillText(e.label, 0, edgeSize / 3);
      edgeContext.restore();
    }
    this.painted = this.boxes.count;
  }
}
