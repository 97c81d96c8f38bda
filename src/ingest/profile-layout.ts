// The line-level layout every parser produces: which lines of the normalised text are the
// title, section headings, ranked interests and paragraphs, with offsets into the text and
// the position in the source file. Markdown and HTML parsers emit a stream of block events
// that `layoutFromEvents` classifies and renders into the seed's plain-text layout.
import type { SourcePosition } from './source-position.js';
import { knownSectionKind, parseInterestMarker, sectionKindOf, type SectionKind } from './profile-headings.js';

export interface LayoutLine {
  kind: 'title' | 'heading' | 'interest' | 'paragraph';
  /** Span of the whole line (paragraph: all its lines) in the text. */
  start: number;
  end: number;
  /** Title text, heading text or interest title (without the rank marker). */
  contentStart: number;
  contentEnd: number;
  rank?: number;
  sectionKind?: SectionKind;
  /** Where the line starts in the source file. */
  source: SourcePosition;
  /** PDF: the page (1-based) the line starts on. */
  page?: number;
  /** PDF: later pages that begin inside the line (a paragraph across a page break), at text offsets. */
  pageBreaks?: Array<{ offset: number; page: number }>;
}

export interface ProfileLayout {
  text: string;
  lines: LayoutLine[];
}

/** Block-level content found by a Markdown or HTML parser, in document order. */
export type ProfileEvent =
  | { type: 'heading'; depth: number; text: string; source: SourcePosition }
  | {
      type: 'paragraph';
      lines: string[];
      source: SourcePosition;
      /** PDF: the page each entry of `lines` starts on (a paragraph that runs across a page break). */
      pages?: number[];
    }
  | { type: 'item'; rank: number; source: SourcePosition }
  | { type: 'item-end' };

interface RenderBlock {
  kind: LayoutLine['kind'];
  text: string;
  rank?: number;
  sectionKind?: SectionKind;
  source: SourcePosition;
  /** Pages that begin inside the block's text, at offsets into it. */
  pageBreaks?: Array<{ offset: number; page: number }>;
}

/** Collapses runs of whitespace to one space and trims. */
export function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Classifies block events (title, sections, interests, paragraphs) and renders them as the
 * seed's plain-text layout: title line, blank line, then one line per heading, interest and
 * paragraph. `fallbackTitle` (front matter `actor`) stands in when the document has no title.
 */
export function layoutFromEvents(events: ProfileEvent[], fallbackTitle: string | null): ProfileLayout {
  const blocks: RenderBlock[] = [];
  let titleDone = false;
  let sectionKind: SectionKind | null = null;
  let sectionDepth = 0;
  let pendingItem: { rank: number } | null = null;
  let interestCount = 0;
  let paragraph: string[] = [];
  let paragraphSource: SourcePosition | null = null;
  let paragraphPage: number | undefined;
  let paragraphBreaks: Array<{ offset: number; page: number }> = [];
  let paragraphLength = 0;

  const flush = (): void => {
    if (paragraph.length > 0 && paragraphSource) {
      const block: RenderBlock = { kind: 'paragraph', text: paragraph.join(' '), source: paragraphSource };
      if (paragraphBreaks.length > 0) block.pageBreaks = paragraphBreaks;
      blocks.push(block);
    }
    paragraph = [];
    paragraphSource = null;
    paragraphPage = undefined;
    paragraphBreaks = [];
    paragraphLength = 0;
  };
  const ensureTitle = (source: SourcePosition): void => {
    if (!titleDone && fallbackTitle) {
      blocks.push({ kind: 'title', text: fallbackTitle, source });
      titleDone = true;
    }
  };
  const heading = (text: string, depth: number, source: SourcePosition): void => {
    flush();
    const kind = sectionKindOf(text);
    blocks.push({ kind: 'heading', text: text.replace(/\s*:$/, '') || text, sectionKind: kind, source });
    sectionKind = kind;
    sectionDepth = depth;
    pendingItem = null;
  };
  const interest = (rank: number, title: string, source: SourcePosition): void => {
    flush();
    blocks.push({ kind: 'interest', text: title, rank, source });
    interestCount = rank;
    pendingItem = null;
  };
  /** A line of running text: title, a heading known by name, an interest marker, or prose. */
  const textLine = (line: string, source: SourcePosition): void => {
    if (!titleDone) {
      if (knownSectionKind(line)) ensureTitle(source);
      if (!titleDone && !knownSectionKind(line)) {
        blocks.push({ kind: 'title', text: line, source });
        titleDone = true;
        return;
      }
    }
    if (pendingItem && sectionKind === 'interests') {
      const marker = parseInterestMarker(line);
      interest(pendingItem.rank, marker ? line.slice(marker.titleStart, marker.titleEnd) : line, source);
      return;
    }
    if (line.length <= 60 && knownSectionKind(line)) {
      heading(line, sectionDepth || 2, source);
      return;
    }
    if (sectionKind === 'interests') {
      const marker = parseInterestMarker(line);
      if (marker) {
        interest(marker.rank, line.slice(marker.titleStart, marker.titleEnd), source);
        return;
      }
    }
    if (paragraph.length === 0) {
      paragraphSource = source;
      paragraphPage = source.page;
    } else {
      paragraphLength += 1;
      if (source.page !== undefined && source.page !== paragraphPage) {
        paragraphBreaks.push({ offset: paragraphLength, page: source.page });
        paragraphPage = source.page;
      }
    }
    paragraph.push(line);
    paragraphLength += line.length;
  };

  for (const event of events) {
    if (event.type === 'item') {
      flush();
      if (sectionKind === 'interests') pendingItem = { rank: event.rank };
    } else if (event.type === 'item-end') {
      flush();
      pendingItem = null;
    } else if (event.type === 'heading') {
      const text = collapseWhitespace(event.text);
      if (!text) continue;
      if (!titleDone) {
        if (event.depth > 1 && knownSectionKind(text)) ensureTitle(event.source);
        if (!titleDone && (event.depth === 1 || !knownSectionKind(text))) {
          flush();
          blocks.push({ kind: 'title', text, source: event.source });
          titleDone = true;
          continue;
        }
      }
      const marker = parseInterestMarker(text);
      if (pendingItem && sectionKind === 'interests')
        interest(pendingItem.rank, marker ? text.slice(marker.titleStart, marker.titleEnd) : text, event.source);
      else if (sectionKind === 'interests' && marker)
        interest(marker.rank, text.slice(marker.titleStart, marker.titleEnd), event.source);
      else if (sectionKind === 'interests' && event.depth > sectionDepth)
        interest(interestCount + 1, text, event.source);
      else heading(text, event.depth, event.source);
    } else {
      event.lines.forEach((raw, index) => {
        const line = collapseWhitespace(raw);
        const page = event.pages?.[index];
        if (line) textLine(line, page === undefined ? event.source : { ...event.source, page });
      });
      // A Markdown/HTML paragraph ends here even if the next one continues the same section.
      flush();
    }
  }
  flush();
  if (!titleDone && fallbackTitle && blocks.length === 0)
    blocks.push({ kind: 'title', text: fallbackTitle, source: { line: 1, column: 1 } });
  return renderBlocks(blocks);
}

/** Renders blocks into the seed's layout, recording each line's offsets. Linear in the output. */
function renderBlocks(blocks: RenderBlock[]): ProfileLayout {
  const parts: string[] = [];
  const lines: LayoutLine[] = [];
  let offset = 0;
  for (const block of blocks) {
    if (parts.length > 0) {
      const separator = lines.length === 1 && lines[0]?.kind === 'title' ? '\n\n' : '\n';
      parts.push(separator);
      offset += separator.length;
    }
    const prefix = block.kind === 'interest' ? `${block.rank}. ` : '';
    const rendered = prefix + block.text;
    const line: LayoutLine = {
      kind: block.kind,
      start: offset,
      end: offset + rendered.length,
      contentStart: offset + prefix.length,
      contentEnd: offset + rendered.length,
      source: block.source,
    };
    if (block.source.page !== undefined) line.page = block.source.page;
    if (block.pageBreaks)
      line.pageBreaks = block.pageBreaks.map(({ offset, page }) => ({ offset: line.contentStart + offset, page }));
    if (block.rank !== undefined) line.rank = block.rank;
    if (block.sectionKind !== undefined) line.sectionKind = block.sectionKind;
    lines.push(line);
    parts.push(rendered);
    offset += rendered.length;
  }
  return { text: parts.join(''), lines };
}
