// One linear pre-scan of Markdown source before it is parsed: refuses (LIMIT_EXCEEDED with line and
// column) the shapes whose parsing cost grows faster than the text — deep container nesting (`>`,
// list markers, indentation), deeply nested or unclosed link brackets, masses of link reference
// definitions, masses of blocks or headings, oversized paragraphs, code-span backtick runs and hard
// line breaks — and oversized, key-heavy or deeply nested YAML front matter. The limits are in
// ingest-limits.ts; the parser (micromark) and yaml only ever see documents within them.
import { ingestLimits, refuseOverLimit, type IngestLimit } from './ingest-limits.js';

const isBlank = (code: number): boolean => code === 32 || code === 9;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Checks the whole Markdown source (line ends already LF). Throws DossierError LIMIT_EXCEEDED. */
export function checkMarkdownLimits(source: string, file: string): void {
  const scan = new MarkdownScan(source, file);
  scan.skipFrontMatter(checkFrontMatterLimits(source, file));
  while (scan.lineStart <= source.length) scan.scanLine();
}

/** The scan of a Markdown source line by line, with the counts the limits are checked against. */
class MarkdownScan {
  line = 0;
  lineStart = 0;
  bracketDepth = 0;
  brackets = 0;
  emphasisRuns = 0;
  setextHeadings = 0;
  previousBlank = true;
  unclosedLinks = 0;
  definitions = 0;
  inFence = false;
  headings = 0;
  blocks = 0;
  // The current paragraph (non-blank lines outside code fences, up to a blank line, heading or list item).
  paragraphLength = 0;
  paragraphLine = 0;
  paragraphColumn = 1;
  backtickRuns = 0;
  hardBreaks = 0;

  constructor(
    readonly source: string,
    readonly file: string,
  ) {}

  /** Refuses the document at an offset of the current line. */
  private refuse(limit: IngestLimit, offset: number, found?: number): never {
    return refuseOverLimit(limit, this.file, { line: this.line, column: offset - this.lineStart + 1 }, found);
  }

  /** Skips the front matter (ending at `frontMatterEnd`, 0 when there is none): its lines are YAML, not Markdown. */
  skipFrontMatter(frontMatterEnd: number): void {
    if (frontMatterEnd <= 0) return;
    for (let i = 0; i < frontMatterEnd; i++) if (this.source.charCodeAt(i) === 10) this.line++;
    this.lineStart = frontMatterEnd;
  }

  /** Checks the line at `lineStart` and moves on to the next. */
  scanLine(): void {
    const { source, lineStart } = this;
    this.line++;
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    // Indentation, in columns (tab stops of 4).
    let i = lineStart;
    let columns = 0;
    for (; i < lineEnd && isBlank(source.charCodeAt(i)); i++)
      columns = source.charCodeAt(i) === 9 ? columns + 4 - (columns % 4) : columns + 1;
    if (i === lineEnd) {
      this.endParagraph();
      this.lineStart = lineEnd + 1;
      return;
    }
    if (columns > ingestLimits.markdownIndentColumns.max) this.refuse(ingestLimits.markdownIndentColumns, i, columns);
    const { content, listMarkers } = this.containers(i, lineEnd);
    const fencedLine = this.inFence;
    this.checkBlock(content, lineEnd, listMarkers, fencedLine);
    this.checkSetextUnderline(content, lineEnd, columns);
    this.previousBlank = false;
    if (source.startsWith('```', content) || source.startsWith('~~~', content)) this.inFence = !this.inFence;
    if (
      !this.inFence &&
      source.charCodeAt(content) === 91 &&
      columns <= 3 &&
      source.indexOf(']:', content) > 0 &&
      source.indexOf(']:', content) < lineEnd
    ) {
      if (++this.definitions > ingestLimits.markdownLinkDefinitions.max)
        this.refuse(ingestLimits.markdownLinkDefinitions, content);
    }
    this.checkInline(content, lineEnd, fencedLine);
    this.lineStart = lineEnd + 1;
  }

  /** A blank line ends a paragraph. */
  private endParagraph(): void {
    this.bracketDepth = 0;
    this.brackets = 0;
    this.emphasisRuns = 0;
    this.previousBlank = true;
    this.unclosedLinks = 0;
    this.paragraphLength = 0;
    this.backtickRuns = 0;
    this.hardBreaks = 0;
  }

  /** Containers: block quote markers and list markers, with blanks between them; where the content starts. */
  private containers(from: number, lineEnd: number): { content: number; listMarkers: number } {
    const { source } = this;
    let i = from;
    let depth = 0;
    let listMarkers = 0;
    for (;;) {
      while (i < lineEnd && isBlank(source.charCodeAt(i))) i++;
      const code = source.charCodeAt(i);
      let next = -1;
      if (code === 62)
        next = i + 1; // >
      else if ((code === 45 || code === 42 || code === 43) && (i + 1 === lineEnd || isBlank(source.charCodeAt(i + 1))))
        next = i + 1; // - * +
      else if (isDigit(code)) {
        let j = i;
        while (j < lineEnd && j - i < 10 && isDigit(source.charCodeAt(j))) j++;
        const marker = source.charCodeAt(j);
        if ((marker === 46 || marker === 41) && (j + 1 === lineEnd || isBlank(source.charCodeAt(j + 1)))) next = j + 1;
      }
      if (next < 0 || i >= lineEnd) break;
      if (code !== 62) listMarkers++;
      if (++depth > ingestLimits.markdownContainerDepth.max) this.refuse(ingestLimits.markdownContainerDepth, i);
      i = next;
    }
    return { content: i, listMarkers };
  }

  /** Headings, blocks, the paragraph's length and its hard line breaks. */
  private checkBlock(content: number, lineEnd: number, listMarkers: number, fencedLine: boolean): void {
    const { source } = this;
    // An ATX heading: 1–6 `#` then a blank or the line end.
    let hashes = 0;
    while (hashes < 7 && source.charCodeAt(content + hashes) === 35) hashes++;
    const heading =
      !fencedLine &&
      hashes >= 1 &&
      hashes <= 6 &&
      (content + hashes === lineEnd || isBlank(source.charCodeAt(content + hashes)));
    if (heading && ++this.headings > ingestLimits.markdownHeadings.max)
      this.refuse(ingestLimits.markdownHeadings, content);
    if (fencedLine) return;
    this.blocks += (this.previousBlank || heading ? 1 : 0) + listMarkers;
    if (this.blocks > ingestLimits.markdownBlocks.max) this.refuse(ingestLimits.markdownBlocks, content);
    if (heading || listMarkers > 0) {
      this.paragraphLength = 0;
      this.backtickRuns = 0;
      this.hardBreaks = 0;
    }
    if (this.paragraphLength === 0) {
      this.paragraphLine = this.line;
      this.paragraphColumn = content - this.lineStart + 1;
    }
    this.paragraphLength += lineEnd - content + 1;
    if (this.paragraphLength > ingestLimits.markdownParagraphLength.max) {
      refuseOverLimit(ingestLimits.markdownParagraphLength, this.file, {
        line: this.paragraphLine,
        column: this.paragraphColumn,
      });
    }
    // A hard line break: a backslash or two blanks before the line end.
    const last = source.charCodeAt(lineEnd - 1);
    if (
      (last === 92 || (last === 32 && source.charCodeAt(lineEnd - 2) === 32)) &&
      ++this.hardBreaks > ingestLimits.markdownHardBreaks.max
    ) {
      this.refuse(ingestLimits.markdownHardBreaks, lineEnd - 1);
    }
  }

  /** A setext underline: only `=` or only `-` (and trailing blanks) under a line of text. */
  private checkSetextUnderline(content: number, lineEnd: number, columns: number): void {
    const { source } = this;
    const underline = source.charCodeAt(content);
    if (this.previousBlank || columns > 3 || (underline !== 61 && underline !== 45)) return;
    let u = content;
    while (u < lineEnd && source.charCodeAt(u) === underline) u++;
    while (u < lineEnd && isBlank(source.charCodeAt(u))) u++;
    if (u === lineEnd && ++this.setextHeadings > ingestLimits.markdownSetextHeadings.max)
      this.refuse(ingestLimits.markdownSetextHeadings, content);
  }

  /** Brackets, link destinations, code-span backtick runs and emphasis runs inside the paragraph. */
  private checkInline(content: number, lineEnd: number, fencedLine: boolean): void {
    const { source } = this;
    for (let k = content; k < lineEnd; k++) {
      const code = source.charCodeAt(k);
      if (code === 92)
        k++; // backslash escape
      else if (code === 91) {
        if (++this.brackets > ingestLimits.markdownBracketsPerParagraph.max)
          this.refuse(ingestLimits.markdownBracketsPerParagraph, k);
        if (++this.bracketDepth > ingestLimits.markdownBracketDepth.max)
          this.refuse(ingestLimits.markdownBracketDepth, k);
      } else if (code === 93) {
        if (this.bracketDepth > 0) this.bracketDepth--;
        if (source.charCodeAt(k + 1) === 40 && ++this.unclosedLinks > ingestLimits.markdownUnclosedLinks.max)
          this.refuse(ingestLimits.markdownUnclosedLinks, k);
      } else if (code === 41 && this.unclosedLinks > 0) this.unclosedLinks--;
      else if (code === 96 && !fencedLine && source.charCodeAt(k - 1) !== 96) {
        if (++this.backtickRuns > ingestLimits.markdownBacktickRuns.max)
          this.refuse(ingestLimits.markdownBacktickRuns, k);
      } else if ((code === 42 || code === 95) && source.charCodeAt(k - 1) !== code) {
        if (++this.emphasisRuns > ingestLimits.markdownEmphasisRuns.max)
          this.refuse(ingestLimits.markdownEmphasisRuns, k);
      }
    }
  }
}

/**
 * Checks the YAML front matter (`---` fences at the start) for size, top-level keys and nesting.
 * Returns the offset just after the closing fence line, or 0 when there is no front matter.
 */
function checkFrontMatterLimits(source: string, file: string): number {
  if (!source.startsWith('---\n')) return 0;
  let line = 1;
  let lineStart = 4;
  let keys = 0;
  let flowDepth = 0;
  const indents: number[] = [];
  while (lineStart < source.length) {
    line++;
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    if (lineEnd - lineStart === 3 && source.startsWith('---', lineStart)) return lineEnd + 1;
    if (lineEnd - 4 > ingestLimits.frontMatterSize.max)
      refuseOverLimit(ingestLimits.frontMatterSize, file, { line, column: 1 });
    let i = lineStart;
    while (i < lineEnd && isBlank(source.charCodeAt(i))) i++;
    const indent = i - lineStart;
    const first = source.charCodeAt(i);
    if (i < lineEnd && first !== 35) {
      if (
        indent === 0 &&
        flowDepth === 0 &&
        first !== 45 &&
        source.indexOf(':', i) > 0 &&
        source.indexOf(':', i) < lineEnd
      ) {
        if (++keys > ingestLimits.frontMatterKeys.max)
          refuseOverLimit(ingestLimits.frontMatterKeys, file, { line, column: 1 });
      }
      if (flowDepth === 0) {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > ingestLimits.frontMatterNestingDepth.max)
          refuseOverLimit(ingestLimits.frontMatterNestingDepth, file, { line, column: i - lineStart + 1 });
      }
      let quote = 0;
      for (let k = i; k < lineEnd; k++) {
        const code = source.charCodeAt(k);
        if (quote !== 0) {
          if (code === quote) quote = 0;
        } else if (code === 34 || code === 39) quote = code;
        else if (code === 35 && k > i && isBlank(source.charCodeAt(k - 1)))
          break; // comment
        else if (code === 91 || code === 123) {
          if (++flowDepth > ingestLimits.frontMatterNestingDepth.max)
            refuseOverLimit(ingestLimits.frontMatterNestingDepth, file, { line, column: k - lineStart + 1 });
        } else if ((code === 93 || code === 125) && flowDepth > 0) flowDepth--;
      }
    }
    lineStart = lineEnd + 1;
  }
  return 0;
}
