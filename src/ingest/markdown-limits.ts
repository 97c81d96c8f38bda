// One linear pre-scan of Markdown source before it is parsed: refuses (LIMIT_EXCEEDED with line and
// column) the shapes whose parsing cost grows faster than the text — deep container nesting (`>`,
// list markers, indentation), deeply nested or unclosed link brackets, masses of link reference
// definitions, masses of blocks or headings, oversized paragraphs, code-span backtick runs and hard
// line breaks — and oversized, key-heavy or deeply nested YAML front matter. The limits are in
// ingest-limits.ts; the parser (micromark) and yaml only ever see documents within them.
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';

const isBlank = (code: number): boolean => code === 32 || code === 9;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Checks the whole Markdown source (line ends already LF). Throws DossierError LIMIT_EXCEEDED. */
export function checkMarkdownLimits(source: string, file: string): void {
  const frontMatterEnd = checkFrontMatterLimits(source, file);
  let line = 0;
  let lineStart = 0;
  let bracketDepth = 0;
  let brackets = 0;
  let emphasisRuns = 0;
  let setextHeadings = 0;
  let previousBlank = true;
  let unclosedLinks = 0;
  let definitions = 0;
  let inFence = false;
  let headings = 0;
  let blocks = 0;
  // The current paragraph (non-blank lines outside code fences, up to a blank line, heading or list item).
  let paragraphLength = 0;
  let paragraphLine = 0;
  let paragraphColumn = 1;
  let backtickRuns = 0;
  let hardBreaks = 0;
  // Skip the front matter: its lines are YAML, not Markdown.
  if (frontMatterEnd > 0) {
    for (let i = 0; i < frontMatterEnd; i++) if (source.charCodeAt(i) === 10) line++;
    lineStart = frontMatterEnd;
  }
  while (lineStart <= source.length) {
    line++;
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    // Indentation, in columns (tab stops of 4).
    let i = lineStart;
    let columns = 0;
    for (; i < lineEnd && isBlank(source.charCodeAt(i)); i++)
      columns = source.charCodeAt(i) === 9 ? columns + 4 - (columns % 4) : columns + 1;
    if (i === lineEnd) {
      // A blank line ends a paragraph.
      bracketDepth = 0;
      brackets = 0;
      emphasisRuns = 0;
      previousBlank = true;
      unclosedLinks = 0;
      paragraphLength = 0;
      backtickRuns = 0;
      hardBreaks = 0;
      lineStart = lineEnd + 1;
      continue;
    }
    if (columns > ingestLimits.markdownIndentColumns.max)
      refuseOverLimit(ingestLimits.markdownIndentColumns, file, { line, column: i - lineStart + 1 }, columns);
    // Containers: block quote markers and list markers, with blanks between them.
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
      if (++depth > ingestLimits.markdownContainerDepth.max)
        refuseOverLimit(ingestLimits.markdownContainerDepth, file, { line, column: i - lineStart + 1 });
      i = next;
    }
    const content = i;
    const fencedLine = inFence;
    // An ATX heading: 1–6 `#` then a blank or the line end.
    let hashes = 0;
    while (hashes < 7 && source.charCodeAt(content + hashes) === 35) hashes++;
    const heading =
      !fencedLine &&
      hashes >= 1 &&
      hashes <= 6 &&
      (content + hashes === lineEnd || isBlank(source.charCodeAt(content + hashes)));
    if (heading && ++headings > ingestLimits.markdownHeadings.max)
      refuseOverLimit(ingestLimits.markdownHeadings, file, { line, column: content - lineStart + 1 });
    if (!fencedLine) {
      blocks += (previousBlank || heading ? 1 : 0) + listMarkers;
      if (blocks > ingestLimits.markdownBlocks.max)
        refuseOverLimit(ingestLimits.markdownBlocks, file, { line, column: content - lineStart + 1 });
      if (heading || listMarkers > 0) {
        paragraphLength = 0;
        backtickRuns = 0;
        hardBreaks = 0;
      }
      if (paragraphLength === 0) {
        paragraphLine = line;
        paragraphColumn = content - lineStart + 1;
      }
      paragraphLength += lineEnd - content + 1;
      if (paragraphLength > ingestLimits.markdownParagraphLength.max) {
        refuseOverLimit(ingestLimits.markdownParagraphLength, file, { line: paragraphLine, column: paragraphColumn });
      }
      // A hard line break: a backslash or two blanks before the line end.
      const last = source.charCodeAt(lineEnd - 1);
      if (
        (last === 92 || (last === 32 && source.charCodeAt(lineEnd - 2) === 32)) &&
        ++hardBreaks > ingestLimits.markdownHardBreaks.max
      ) {
        refuseOverLimit(ingestLimits.markdownHardBreaks, file, { line, column: lineEnd - lineStart });
      }
    }
    // A setext underline: only `=` or only `-` (and trailing blanks) under a line of text.
    const underline = source.charCodeAt(content);
    if (!previousBlank && columns <= 3 && (underline === 61 || underline === 45)) {
      let u = content;
      while (u < lineEnd && source.charCodeAt(u) === underline) u++;
      while (u < lineEnd && isBlank(source.charCodeAt(u))) u++;
      if (u === lineEnd && ++setextHeadings > ingestLimits.markdownSetextHeadings.max)
        refuseOverLimit(ingestLimits.markdownSetextHeadings, file, { line, column: content - lineStart + 1 });
    }
    previousBlank = false;
    if (source.startsWith('```', content) || source.startsWith('~~~', content)) inFence = !inFence;
    if (
      !inFence &&
      source.charCodeAt(content) === 91 &&
      columns <= 3 &&
      source.indexOf(']:', content) > 0 &&
      source.indexOf(']:', content) < lineEnd
    ) {
      if (++definitions > ingestLimits.markdownLinkDefinitions.max)
        refuseOverLimit(ingestLimits.markdownLinkDefinitions, file, { line, column: content - lineStart + 1 });
    }
    // Brackets and link destinations inside the paragraph.
    for (let k = content; k < lineEnd; k++) {
      const code = source.charCodeAt(k);
      if (code === 92)
        k++; // backslash escape
      else if (code === 91) {
        if (++brackets > ingestLimits.markdownBracketsPerParagraph.max)
          refuseOverLimit(ingestLimits.markdownBracketsPerParagraph, file, { line, column: k - lineStart + 1 });
        if (++bracketDepth > ingestLimits.markdownBracketDepth.max)
          refuseOverLimit(ingestLimits.markdownBracketDepth, file, { line, column: k - lineStart + 1 });
      } else if (code === 93) {
        if (bracketDepth > 0) bracketDepth--;
        if (source.charCodeAt(k + 1) === 40 && ++unclosedLinks > ingestLimits.markdownUnclosedLinks.max)
          refuseOverLimit(ingestLimits.markdownUnclosedLinks, file, { line, column: k - lineStart + 1 });
      } else if (code === 41 && unclosedLinks > 0) unclosedLinks--;
      else if (code === 96 && !fencedLine && source.charCodeAt(k - 1) !== 96) {
        if (++backtickRuns > ingestLimits.markdownBacktickRuns.max)
          refuseOverLimit(ingestLimits.markdownBacktickRuns, file, { line, column: k - lineStart + 1 });
      } else if ((code === 42 || code === 95) && source.charCodeAt(k - 1) !== code) {
        if (++emphasisRuns > ingestLimits.markdownEmphasisRuns.max)
          refuseOverLimit(ingestLimits.markdownEmphasisRuns, file, { line, column: k - lineStart + 1 });
      }
    }
    lineStart = lineEnd + 1;
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
