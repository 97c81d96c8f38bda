// Reads a Markdown profile: YAML front matter, `#` title, `##` sections, interests as an ordered
// list or numbered headings (`### 1. Title`), inline markup reduced to its plain text. Parsed
// with mdast-util-from-markdown (with positions) into block events for the shared layout.
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { DossierError } from '../model/index.js';
import { emptyMetadata, parseFrontMatter, type FrontMatter } from './front-matter.js';
import { checkMarkdownLimits } from './markdown-limits.js';
import { layoutFromEvents, type ProfileEvent, type ProfileLayout } from './profile-layout.js';
import type { SourcePosition } from './source-position.js';

export interface MarkdownProfile extends ProfileLayout {
  frontMatter: FrontMatter;
}

function positionOf(node: Nodes): SourcePosition {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
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
function eventsOf(root: Root): ProfileEvent[] {
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
        events.push({ type: 'heading', depth: node.depth, text: inlineText(node), source: positionOf(node) });
        break;
      case 'paragraph':
        events.push({ type: 'paragraph', lines: inlineText(node).split('\n'), source: positionOf(node) });
        break;
      case 'list': {
        const first = node.start ?? 1;
        for (let i = node.children.length - 1; i >= 0; i--) {
          const item = node.children[i];
          if (!item) continue;
          if (node.ordered) stack.push({ itemEnd: true });
          for (let k = item.children.length - 1; k >= 0; k--) stack.push({ node: item.children[k] as RootContent });
          if (node.ordered) stack.push({ item: first + i, source: positionOf(item) });
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
  let root: Root;
  try {
    root = fromMarkdown(source, { extensions: [frontmatter(['yaml'])], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] });
  } catch (cause) {
    throw new DossierError('INVALID_DOCUMENT', `${file} cannot be parsed as Markdown`, { file, line: 1, column: 1, expected: 'a Markdown document', cause });
  }
  let frontMatter: FrontMatter = { actor: null, country: null, metadata: emptyMetadata() };
  const first = root.children[0];
  if (first && first.type === 'yaml') {
    frontMatter = parseFrontMatter(first.value, file, first.position?.start.line ?? 1);
  }
  const layout = layoutFromEvents(eventsOf(root), frontMatter.actor);
  return { ...layout, frontMatter };
}
