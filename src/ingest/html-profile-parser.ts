// Reads a document published as an HTML page: takes the main content (html-main-content.ts:
// the article body without cookie banners, menus, sidebars, share bars, comments, footers and
// encyclopedia furniture) and turns headings h1–h6, paragraphs and ordered lists into block
// events for the shared layout; the page's own metadata (site name, publication date, author)
// comes with it.
// Elements nest at most ingestLimits.htmlNestingDepth deep: the parser refuses deeper nesting while
// it reads (before htmlparser2's stack work grows), so no tree walk or library recursion sees more.
// The DOM → events walk is shared with the DOCX reader, which reads Word files through HTML.
import type { AnyNode, Element } from 'domhandler';
import { DomHandler, isTag, isText } from 'domhandler';
import { Parser } from 'htmlparser2';
import { DossierError } from '../model/index.js';
import { isChrome, mainContentNodes, pageMetadata, type PageMetadata } from './html-main-content.js';
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';
import { layoutFromEvents, type ProfileEvent, type ProfileLayout } from './profile-layout.js';
import { LineIndex, type SourcePosition } from './source-position.js';

/** Never content, wherever they are. */
export const alwaysSkipped: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'form',
  'aside',
  'svg',
  'iframe',
  'button',
  'select',
  'textarea',
  'head',
  'title',
  'object',
  'canvas',
  'dialog',
]);
const headingDepth: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const blockTags = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'ol',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
]);

/** Inline text of an element; `<br>` becomes `\n`, other whitespace a space. Iterative. */
function inlineText(root: AnyNode, skipped: ReadonlySet<string>, skip?: (element: Element) => boolean): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) parts.push(node.data.replace(/\s/g, ' '));
    else if (isTag(node)) {
      if (node.name === 'br') parts.push('\n');
      else if (!skipped.has(node.name) && !(node !== root && skip?.(node)))
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    }
  }
  return parts.join('');
}

/** A DOM builder that refuses elements nested deeper than the limit, as soon as one opens. */
class DepthLimitedHandler extends DomHandler {
  constructor(private readonly refuse: (element: Element) => never) {
    super(undefined, { withStartIndices: true });
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the document root and the open elements.
    if (this.tagStack.length - 1 > ingestLimits.htmlNestingDepth.max)
      this.refuse(this.tagStack[this.tagStack.length - 1] as Element);
  }
}

type WalkEntry = { node: AnyNode } | { flush: true } | { itemEnd: true } | { item: number; source: SourcePosition };

/**
 * Parses HTML into DOM nodes (with start indices), refusing elements nested deeper than
 * ingestLimits.htmlNestingDepth at `positionAt(offset of the element)`.
 */
export function parseHtmlNodes(
  source: string,
  file: string,
  positionAt: (offset: number) => SourcePosition,
): AnyNode[] {
  try {
    const handler = new DepthLimitedHandler((element) =>
      refuseOverLimit(ingestLimits.htmlNestingDepth, file, positionAt(element.startIndex ?? 0)),
    );
    new Parser(handler).end(source);
    return handler.root.children;
  } catch (cause) {
    if (cause instanceof DossierError) throw cause;
    throw new DossierError('INVALID_DOCUMENT', `${file} cannot be parsed as HTML`, {
      file,
      line: 1,
      column: 1,
      expected: 'an HTML document',
      cause,
    });
  }
}

/** Inside the content: footers (tags, share lines) are not text; a header may hold the headline and byline. */
const contentSkipped: ReadonlySet<string> = new Set([...alwaysSkipped, 'footer', 'figcaption']);
/** Reading the whole body: its header and footer are the site's. Photo captions are never prose. */
const bodySkipped: ReadonlySet<string> = new Set([...alwaysSkipped, 'header', 'footer', 'figcaption']);

/**
 * A kicker above the headline (a section label such as "Economy" or "Russia · Afghanistan", a
 * breadcrumb): short paragraphs before the first top-level heading, dropped so that the headline is the title.
 */
function withoutKicker(events: ProfileEvent[]): ProfileEvent[] {
  const headline = events.findIndex((event) => event.type === 'heading' && event.depth === 1);
  if (headline <= 0 || headline > 6) return events;
  const before = events.slice(0, headline);
  const short = before.every((event) => event.type === 'paragraph' && event.lines.join(' ').trim().length <= 80);
  return short ? events.slice(headline) : events;
}

/** Parses HTML source into the normalised layout, with what the page says about itself. */
export function parseHtmlProfile(source: string, file: string): ProfileLayout & { page: PageMetadata } {
  const index = new LineIndex(source);
  const roots = parseHtmlNodes(source, file, (offset) => index.positionAt(offset));
  const { nodes, wholeBody } = mainContentNodes(roots);
  const events = withoutKicker(
    htmlEvents(nodes, {
      skipped: wholeBody ? bodySkipped : contentSkipped,
      skip: isChrome,
      positionOf: (node) => index.positionAt(node.startIndex ?? 0),
    }),
  );
  return { ...layoutFromEvents(events, null), page: pageMetadata(roots) };
}

export interface HtmlEventOptions {
  /** Elements whose content is never text (scripts, navigation…). */
  skipped: ReadonlySet<string>;
  /** Further elements to leave out, by their attributes (page chrome). */
  skip?: (element: Element) => boolean;
  /** Where a node starts in the source (a heading, paragraph, list item or run of loose text). */
  positionOf: (node: AnyNode) => SourcePosition;
}

/** The `li` children of an `ol` with their ranks (its `start` and their `value` honoured). */
function rankedItems(list: Element): Array<{ item: Element; rank: number }> {
  const startAttribute = Number.parseInt(list.attribs.start ?? '1', 10);
  let rank = Number.isFinite(startAttribute) && startAttribute > 0 ? startAttribute : 1;
  const items: Array<{ item: Element; rank: number }> = [];
  for (const child of list.children) {
    if (isTag(child) && child.name === 'li') {
      const value = Number.parseInt(child.attribs.value ?? '', 10);
      if (Number.isFinite(value) && value > 0) rank = value;
      items.push({ item: child, rank });
      rank++;
    }
  }
  return items;
}

/**
 * Block events of DOM content in document order: h1–h6 headings, paragraphs (p, and loose text
 * between block elements), ordered-list items with their rank (`start`/`value` honoured).
 * Iterative: the walk's stack is on the heap, whatever the nesting.
 */
export function htmlEvents(container: readonly AnyNode[], options: HtmlEventOptions): ProfileEvent[] {
  const { skipped, skip, positionOf } = options;
  const events: ProfileEvent[] = [];
  let loose: string[] = [];
  let looseHasText = false;
  let looseSource: SourcePosition = { line: 1, column: 1 };
  const flush = (): void => {
    if (looseHasText) events.push({ type: 'paragraph', lines: loose.join('').split('\n'), source: looseSource });
    loose = [];
    looseHasText = false;
  };

  const stack: WalkEntry[] = [];
  for (let i = container.length - 1; i >= 0; i--) stack.push({ node: container[i] as AnyNode });
  while (stack.length > 0) {
    const entry = stack.pop() as WalkEntry;
    if ('flush' in entry) {
      flush();
      continue;
    }
    if ('itemEnd' in entry) {
      flush();
      events.push({ type: 'item-end' });
      continue;
    }
    if ('item' in entry) {
      flush();
      events.push({ type: 'item', rank: entry.item, source: entry.source });
      continue;
    }
    const node = entry.node;
    if (isText(node)) {
      if (!looseHasText && node.data.trim()) {
        looseSource = positionOf(node);
        looseHasText = true;
      }
      loose.push(node.data.replace(/\s/g, ' '));
      continue;
    }
    if (!isTag(node) || skipped.has(node.name) || skip?.(node)) continue;
    const element: Element = node;
    const depth = headingDepth[element.name];
    if (depth !== undefined) {
      flush();
      events.push({ type: 'heading', depth, text: inlineText(element, skipped, skip), source: positionOf(element) });
    } else if (element.name === 'p') {
      flush();
      events.push({
        type: 'paragraph',
        lines: inlineText(element, skipped, skip).split('\n'),
        source: positionOf(element),
      });
    } else if (element.name === 'br') {
      loose.push('\n');
    } else if (element.name === 'ol') {
      flush();
      const items = rankedItems(element);
      for (let i = items.length - 1; i >= 0; i--) {
        const { item, rank: itemRank } = items[i] as { item: Element; rank: number };
        stack.push({ itemEnd: true });
        for (let k = item.children.length - 1; k >= 0; k--) stack.push({ node: item.children[k] as AnyNode });
        stack.push({ item: itemRank, source: positionOf(item) });
      }
    } else if (blockTags.has(element.name)) {
      flush();
      stack.push({ flush: true });
      for (let i = element.children.length - 1; i >= 0; i--) stack.push({ node: element.children[i] as AnyNode });
    } else {
      for (let i = element.children.length - 1; i >= 0; i--) stack.push({ node: element.children[i] as AnyNode });
    }
  }
  flush();
  return events;
}
