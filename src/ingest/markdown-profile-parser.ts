// Reads a Markdown profile: YAML front matter, `#` title, `##` sections, interests as an ordered
// list or numbered headings (`### 1. Title`), inline markup reduced to its plain text. Parsed
// with mdast-util-from-markdown (with positions) into block events for the shared layout.
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { DossierError } from '../model/index.js';
import { emptyFrontMatter, parseFrontMatter, type FrontMatter } from './front-matter.js';
import { checkMarkdownLimits } from './markdown-limits.js';
import { layoutFromEvents, type ProfileEvent, type ProfileLayout } from './profile-layout.js';
import type { SourcePosition } from './source-position.js';

export interface MarkdownProfile extends ProfileLayout {
  frontMatter: FrontMatter;
}

/** Maps a line of the parsed (blank-run-collapsed) source back to the file's line. */
type LineMap = (line: number) => number;

function positionOf(node: Nodes, originalLine: LineMap): SourcePosition {
  return { line: originalLine(node.position?.start.line ?? 1), column: node.position?.start.column ?? 1 };
}

const isBlankLine = (source: string, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const code = source.charCodeAt(i);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
};

/**
 * Runs of blank lines mean nothing in a profile but cost the Markdown parser far more than their
 * weight (a megabyte of line breaks is seconds of CPU): a run longer than two is cut to two before
 * parsing, front matter excepted. `originalLine` maps a line of the result to the file's line.
 */
export function collapseBlankRuns(source: string): { text: string; originalLine: LineMap } {
  // Front matter keeps its lines (YAML block scalars may hold blank lines).
  let from = 0;
  if (/^---[ \t]*\n/.test(source)) {
    const close = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source.slice(3));
    if (close) from = 3 + close.index + close[0].length;
  }
  const head = source.slice(0, from);
  const headLines = head === '' ? 0 : head.split('\n').length - 1;
  /** The kept lines after the front matter. */
  const kept: string[] = [];
  /** [first line of a kept stretch in the result, its line in the file], ascending. */
  const stretches: Array<[number, number]> = [[1, 1]];
  let fileLine = headLines + 1;
  let blanks = 0;
  let skipped = false;
  for (let start = from; ;) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 ? source.length : newline;
    blanks = isBlankLine(source, start, end) ? blanks + 1 : 0;
    if (blanks > 2) {
      skipped = true;
    } else {
      if (skipped) stretches.push([headLines + kept.length + 1, fileLine]);
      skipped = false;
      kept.push(source.slice(start, end));
    }
    fileLine++;
    if (newline === -1) break;
    start = newline + 1;
  }
  if (stretches.length === 1 && !skipped) return { text: source, originalLine: (line) => line };
  const text = head + kept.join('\n');
  const originalLine: LineMap = (line) => {
    let low = 0;
    let high = stretches.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (stretches[middle]![0] <= line) low = middle;
      else high = middle - 1;
    }
    const [resultStart, fileStart] = stretches[low]!;
    return fileStart + (line - resultStart);
  };
  return { text, originalLine };
}

/** Plain text of inline content; soft and hard line breaks become `\n`. Iterative (no recursion). */
function inlineText(node: Nodes): string {
  const parts: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as Nodes;
    switch (current.type) {
      case 'text':
      case 'inlineCode':
        parts.push(current.value);
        break;
      case 'break':
        parts.push('\n');
        break;
      case 'image':
      case 'imageReference':
        parts.push(current.alt ?? '');
        break;
      case 'html':
      case 'footnoteReference':
        break;
      default:
        if ('children' in current) {
          const children = (current as Parents).children as Nodes[];
          for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Nodes);
        }
    }
  }
  return parts.join('');
}

type WalkEntry = { node: RootContent } | { itemEnd: true } | { item: number; source: SourcePosition };

/** Block events of the Markdown tree in document order. */
function eventsOf(root: Root, originalLine: LineMap): ProfileEvent[] {
  const events: ProfileEvent[] = [];
  const stack: WalkEntry[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push({ node: root.children[i] as RootContent });
  while (stack.length > 0) {
    const entry = stack.pop() as WalkEntry;
    if ('itemEnd' in entry) {
      events.push({ type: 'item-end' });
      continue;
    }
    if ('item' in entry) {
      events.push({ type: 'item', rank: entry.item, source: entry.source });
      continue;
    }
    const node = entry.node;
    switch (node.type) {
      case 'heading':
        events.push({
          type: 'heading',
          depth: node.depth,
          text: inlineText(node),
          source: positionOf(node, originalLine),
        });
        break;
      case 'paragraph':
        events.push({ type: 'paragraph', lines: inlineText(node).split('\n'), source: positionOf(node, originalLine) });
        break;
      case 'list': {
        const first = node.start ?? 1;
        for (let i = node.children.length - 1; i >= 0; i--) {
          const item = node.children[i];
          if (!item) continue;
          if (node.ordered) stack.push({ itemEnd: true });
          for (let k = item.children.length - 1; k >= 0; k--) stack.push({ node: item.children[k] as RootContent });
          if (node.ordered) stack.push({ item: first + i, source: positionOf(item, originalLine) });
        }
        break;
      }
      case 'blockquote':
        for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as RootContent });
        break;
      default:
        // Code, raw HTML, tables, rules and definitions carry no profile prose.
        break;
    }
  }
  return events;
}

/** Parses Markdown source into the normalised layout plus its front matter. */
export function parseMarkdownProfile(source: string, file: string): MarkdownProfile {
  // Refuses, before parsing, the shapes that would make the parser's work grow faster than the text.
  checkMarkdownLimits(source, file);
  const { text: parsed, originalLine } = collapseBlankRuns(source);
  let root: Root;
  try {
    root = fromMarkdown(parsed, {
      extensions: [frontmatter(['yaml'])],
      mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
    });
  } catch (cause) {
    throw new DossierError('INVALID_DOCUMENT', `${file} cannot be parsed as Markdown`, {
      file,
      line: 1,
      column: 1,
      expected: 'a Markdown document',
      cause,
    });
  }
  let frontMatter: FrontMatter = emptyFrontMatter();
  const first = root.children[0];
  if (first && first.type === 'yaml') {
    frontMatter = parseFrontMatter(first.value, file, first.position?.start.line ?? 1);
  }
  const events = eventsOf(root, originalLine);
  // A front-matter `title` (the Jekyll/Hugo convention) opens the text as its title line unless the
  // text opens with a headline of its own: the title is then evidence like any other line.
  const opening = events[0];
  if (frontMatter.title && !(opening?.type === 'heading' && opening.depth === 1)) {
    events.unshift({
      type: 'heading',
      depth: 1,
      text: frontMatter.title,
      source: { line: first?.position?.start.line ?? 1, column: 1 },
    });
  }
  const layout = layoutFromEvents(events, frontMatter.actor);
  return { ...layout, frontMatter };
}
