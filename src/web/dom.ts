// DOM helpers: elements are built with createElement and text goes in as text nodes, so no
// user-provided string is ever parsed as HTML. `markedText` turns an API snippet (escaped text
// with <mark> tags) into nodes by splitting on the tags alone.
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

function apply(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else
      parent.appendChild(
        typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
      );
  }
}

/** An HTML element with attributes (on… keys are listeners) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const svgNs = 'http://www.w3.org/2000/svg';

/** An SVG element, as `h`. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const entityMap: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  '#x27': "'",
  '#34': '"',
};

/** Decodes the few character references an escaped snippet contains. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => {
    if (name in entityMap) return entityMap[name]!;
    const numeric = /^#(x?)([0-9a-f]+)$/i.exec(name);
    if (numeric) return String.fromCodePoint(parseInt(numeric[2]!, numeric[1] ? 16 : 10));
    return whole;
  });
}

/** Nodes of an HTML-escaped snippet whose only markup is <mark>…</mark>. */
export function markedText(snippet: string): Node[] {
  const nodes: Node[] = [];
  const parts = snippet.split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const part of parts) {
    if (part === '<mark>') inMark = true;
    else if (part === '</mark>') inMark = false;
    else if (part)
      nodes.push(inMark ? h('mark', null, decodeEntities(part)) : document.createTextNode(decodeEntities(part)));
  }
  return nodes;
}

/** Text with the given [start, end) ranges (relative to the text) wrapped in <mark>. */
export function highlightRanges(text: string, ranges: { start: number; end: number; className?: string }[]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < at || range.end > text.length || range.end <= range.start) continue;
    if (range.start > at) nodes.push(document.createTextNode(text.slice(at, range.start)));
    nodes.push(h('mark', { class: range.className }, text.slice(range.start, range.end)));
    at = range.end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

export const visuallyHidden = (text: string) => h('span', { class: 'visually-hidden' }, text);
