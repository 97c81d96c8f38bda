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
  const builder = new LayoutBuilder(fallbackTitle);
  for (const event of events) {
    if (event.type === 'item') builder.item(event.rank);
    else if (event.type === 'item-end') builder.itemEnd();
    else if (event.type === 'heading') builder.headingEvent(event);
    else builder.paragraphEvent(event);
  }
  return renderBlocks(builder.finish());
}

/** The blocks of a layout as the events come: where the title, sections, interests and paragraphs are. */
class LayoutBuilder {
  private readonly blocks: RenderBlock[] = [];
  private titleDone = false;
  private sectionKind: SectionKind | null = null;
  private sectionDepth = 0;
  private pendingItem: { rank: number } | null = null;
  private interestCount = 0;
  private paragraph: string[] = [];
  private paragraphSource: SourcePosition | null = null;
  private paragraphPage: number | undefined;
  private paragraphBreaks: Array<{ offset: number; page: number }> = [];
  private paragraphLength = 0;

  constructor(private readonly fallbackTitle: string | null) {}

  /** A list item begins: in the interests section, it is the next interest. */
  item(rank: number): void {
    this.flush();
    if (this.sectionKind === 'interests') this.pendingItem = { rank };
  }

  itemEnd(): void {
    this.flush();
    this.pendingItem = null;
  }

  headingEvent(event: Extract<ProfileEvent, { type: 'heading' }>): void {
    const text = collapseWhitespace(event.text);
    if (!text) return;
    if (!this.titleDone) {
      if (event.depth > 1 && knownSectionKind(text)) this.ensureTitle(event.source);
      if (!this.titleDone && (event.depth === 1 || !knownSectionKind(text))) {
        this.flush();
        this.blocks.push({ kind: 'title', text, source: event.source });
        this.titleDone = true;
        return;
      }
    }
    const marker = parseInterestMarker(text);
    if (this.pendingItem && this.sectionKind === 'interests')
      this.interest(
        this.pendingItem.rank,
        marker ? text.slice(marker.titleStart, marker.titleEnd) : text,
        event.source,
      );
    else if (this.sectionKind === 'interests' && marker)
      this.interest(marker.rank, text.slice(marker.titleStart, marker.titleEnd), event.source);
    else if (this.sectionKind === 'interests' && event.depth > this.sectionDepth)
      this.interest(this.interestCount + 1, text, event.source);
    else this.heading(text, event.depth, event.source);
  }

  paragraphEvent(event: Extract<ProfileEvent, { type: 'paragraph' }>): void {
    event.lines.forEach((raw, index) => {
      const line = collapseWhitespace(raw);
      const page = event.pages?.[index];
      if (line) this.textLine(line, page === undefined ? event.source : { ...event.source, page });
    });
    // A Markdown/HTML paragraph ends here even if the next one continues the same section.
    this.flush();
  }

  /** The blocks, once every event is in. */
  finish(): RenderBlock[] {
    this.flush();
    if (!this.titleDone && this.fallbackTitle && this.blocks.length === 0)
      this.blocks.push({ kind: 'title', text: this.fallbackTitle, source: { line: 1, column: 1 } });
    return this.blocks;
  }

  private flush(): void {
    if (this.paragraph.length > 0 && this.paragraphSource) {
      const block: RenderBlock = { kind: 'paragraph', text: this.paragraph.join(' '), source: this.paragraphSource };
      if (this.paragraphBreaks.length > 0) block.pageBreaks = this.paragraphBreaks;
      this.blocks.push(block);
    }
    this.paragraph = [];
    this.paragraphSource = null;
    this.paragraphPage = undefined;
    this.paragraphBreaks = [];
    this.paragraphLength = 0;
  }

  private ensureTitle(source: SourcePosition): void {
    if (!this.titleDone && this.fallbackTitle) {
      this.blocks.push({ kind: 'title', text: this.fallbackTitle, source });
      this.titleDone = true;
    }
  }

  private heading(text: string, depth: number, source: SourcePosition): void {
    this.flush();
    const kind = sectionKindOf(text);
    this.blocks.push({ kind: 'heading', text: text.replace(/\s*:$/, '') || text, sectionKind: kind, source });
    this.sectionKind = kind;
    this.sectionDepth = depth;
    this.pendingItem = null;
  }

  private interest(rank: number, title: string, source: SourcePosition): void {
    this.flush();
    this.blocks.push({ kind: 'interest', text: title, rank, source });
    this.interestCount = rank;
    this.pendingItem = null;
  }

  /** A line of running text: title, a heading known by name, an interest marker, or prose. */
  private textLine(line: string, source: SourcePosition): void {
    if (!this.titleDone) {
      if (knownSectionKind(line)) this.ensureTitle(source);
      if (!this.titleDone && !knownSectionKind(line)) {
        this.blocks.push({ kind: 'title', text: line, source });
        this.titleDone = true;
        return;
      }
    }
    if (this.pendingItem && this.sectionKind === 'interests') {
      const marker = parseInterestMarker(line);
      this.interest(this.pendingItem.rank, marker ? line.slice(marker.titleStart, marker.titleEnd) : line, source);
      return;
    }
    if (line.length <= 60 && knownSectionKind(line)) {
      this.heading(line, this.sectionDepth || 2, source);
      return;
    }
    if (this.sectionKind === 'interests') {
      const marker = parseInterestMarker(line);
      if (marker) {
        this.interest(marker.rank, line.slice(marker.titleStart, marker.titleEnd), source);
        return;
      }
    }
    this.appendToParagraph(line, source);
  }

  /** Prose: a line of the paragraph under way, noting where a new page begins in it. */
  private appendToParagraph(line: string, source: SourcePosition): void {
    if (this.paragraph.length === 0) {
      this.paragraphSource = source;
      this.paragraphPage = source.page;
    } else {
      this.paragraphLength += 1;
      if (source.page !== undefined && source.page !== this.paragraphPage) {
        this.paragraphBreaks.push({ offset: this.paragraphLength, page: source.page });
        this.paragraphPage = source.page;
      }
    }
    this.paragraph.push(line);
    this.paragraphLength += line.length;
  }
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
