// PDF reader: the text layer of a PDF → the block events every parser emits (headings,
// paragraphs), in reading order, each with the page it starts on. Reads the text items of each
// page with pdf.js (unpdf's serverless build: no worker, no network, no eval, no font loading,
// no scripts), groups them into lines by baseline and reads a two-column page left column first;
// drops running headers, footers and page numbers; rejoins words hyphenated across lines; makes
// headings of lines set clearly larger than the body text (depth by size). Refuses, with a clear
// DossierError, a PDF without text (a scan: no OCR here), one that needs a password, a damaged or
// truncated file, and one over the page or text limits.
import { getResolvedPDFJS } from 'unpdf';
import { DossierError } from '../model/index.js';
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';
import { knownSectionKind, parseInterestMarker } from './profile-headings.js';
import type { ProfileEvent } from './profile-layout.js';
import type { SourcePosition } from './source-position.js';

type PdfJs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/**
 * A piece of text pdf.js found on a page: baseline origin, advance width and font size, in PDF units (y grows upwards).
 */
interface TextRun {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  rtl: boolean;
}

/** A line of text in reading order. `group` tells columns apart: lines of one page and group flow into each other. */
interface PdfLine {
  text: string;
  page: number;
  group: number;
  x: number;
  right: number;
  /** Baseline. */
  y: number;
  /** The font size of most of its characters. */
  size: number;
  /** Left and right edges of the text of its group (column) on its page. */
  groupLeft: number;
  groupRight: number;
}

interface PageText {
  number: number;
  /** The page box: bottom and top y, for the header and footer bands. */
  bottom: number;
  top: number;
  lines: PdfLine[];
}

/** Options that keep pdf.js to parsing: no worker, no fetching of fonts, CMaps or wasm, no eval, no XFA, no scripts. */
const pdfjsOptions = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  useWasm: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  enableXfa: false,
  stopAtErrors: false,
  disableRange: true,
  disableStream: true,
  disableAutoFetch: true,
  fontExtraProperties: false,
  /** Errors only: pdf.js warns on the console about fonts it does not need for text. */
  verbosity: 0,
} as const;

const firstBlock: SourcePosition = { line: 1, column: 1 };
const expectedPdf = 'a PDF with a text layer (text that can be selected and copied)';

function refuse(file: string, message: string, expected = expectedPdf, cause?: unknown): never {
  throw new DossierError('INVALID_DOCUMENT', `${file} ${message}`, {
    file,
    line: 1,
    column: 1,
    expected,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The DossierError for a failure while reading the file: a refusal passes; a password, or else a damaged file. */
function readFailure(file: string, cause: unknown): never {
  if (cause instanceof DossierError) throw cause;
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'PasswordException') {
    refuse(
      file,
      'is encrypted: it needs a password to open, and Dossier does not read password-protected PDFs',
      'a PDF without a password (save an unprotected copy)',
      cause,
    );
  }
  const reason = cause instanceof Error && cause.message ? `: ${cause.message.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  refuse(file, `cannot be read as a PDF (damaged or truncated${reason})`, expectedPdf, cause);
}

/**
 * A complete PDF ends with `%%EOF` (after its last revision's cross-reference). pdf.js repairs a
 * file cut short and reads what is left, which would silently lose the rest of the text: a file
 * without `%%EOF` near its end is refused as truncated.
 */
function endsLikePdf(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(
    Math.max(0, bytes.byteLength - 2048),
  );
  return tail.includes('%%EOF', 0, 'latin1');
}

/** Reads a PDF file into block events in reading order; throws DossierError only. */
export async function readPdf(bytes: Uint8Array, name: string): Promise<ProfileEvent[]> {
  if (!endsLikePdf(bytes)) refuse(name, 'is truncated or damaged: it does not end with %%EOF');
  const pdfjs = await getResolvedPDFJS();
  // pdf.js may take over (detach) the buffer it is given, and wants a plain Uint8Array (not a Buffer): it gets a copy.
  let task: ReturnType<PdfJs['getDocument']> | null = null;
  try {
    task = pdfjs.getDocument({ ...pdfjsOptions, data: new Uint8Array(bytes) });
    const document: PdfDocument = await task.promise;
    if (document.numPages > ingestLimits.pdfPages.max)
      refuseOverLimit(ingestLimits.pdfPages, name, firstBlock, document.numPages);
    // pdf.js takes the page tree's /Count as the page count (and corrects it only from the last page on): 0 or less
    // reads nothing.
    if (document.numPages < 1) refuse(name, `is damaged: its page tree declares ${document.numPages} pages`);
    const pages: PageText[] = [];
    const budget = { left: ingestLimits.pdfTextLength.max };
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [, y0 = 0, , y1 = 0] = page.view;
      const runs = await textRunsOf(page, budget, () => refuseOverLimit(ingestLimits.pdfTextLength, name, firstBlock));
      page.cleanup();
      pages.push({ number, bottom: Math.min(y0, y1), top: Math.max(y0, y1), lines: linesOfPage(runs, number) });
    }
    removeRunningLines(pages);
    const lines = pages.flatMap((page) => page.lines);
    // No text at all, or only page numbers and running lines (a scan stamped with its page numbers).
    if (lines.length === 0) {
      refuse(
        name,
        'has no text layer (a scanned PDF?); Dossier does not do OCR — export it with its text or run OCR first',
      );
    }
    return eventsOfLines(lines);
  } catch (cause) {
    // Only clear refusals leave the reader: anything else a strange file caused is a damaged PDF.
    return readFailure(name, cause);
  } finally {
    await task?.destroy().catch(() => undefined);
  }
}

/**
 * The horizontal text runs of a page, streamed so that a page over the text budget stops early. Rotated text
 * (watermarks, margin notes) is left out.
 */
async function textRunsOf(page: PdfPage, budget: { left: number }, overBudget: () => never): Promise<TextRun[]> {
  const runs: TextRun[] = [];
  const reader = page.streamTextContent().getReader() as ReadableStreamDefaultReader<{ items: unknown[] }>;
  // The stream is always read to its end: cancelling it makes pdf.js enqueue into a closed
  // controller later, a rejection nobody can handle. Past the budget, items are only counted.
  let over = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (over) continue;
    for (const item of value.items) {
      if (typeof item !== 'object' || item === null || !('str' in item)) continue;
      const { str, transform, width, dir } = item as { str: string; transform: number[]; width: number; dir: string };
      budget.left -= Math.max(1, str.length);
      if (budget.left < 0) {
        over = true;
        break;
      }
      if (str.trim() === '' || dir === 'ttb') continue;
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = transform;
      if (![a, b, c, d, e, f, width].every(Number.isFinite)) continue;
      if (Math.abs(b) > Math.abs(a) * 0.05 || Math.abs(c) > Math.abs(d) * 0.05 || a === 0 || d === 0) continue;
      const size = Math.abs(d);
      const x = Math.min(e, e + width);
      runs.push({ text: str.replace(/\s+/g, ' '), x, right: x + Math.abs(width), y: f, size, rtl: dir === 'rtl' });
    }
  }
  if (over) overBudget();
  return runs;
}

/** Smallest and largest of `pick` over the items, without spreading them into arguments (pages may hold very many). */
function extent<T>(items: T[], pick: (item: T) => [number, number]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const item of items) {
    const [from, to] = pick(item);
    if (from < low) low = from;
    if (to > high) high = to;
  }
  return [low, high];
}

/**
 * Groups runs on one baseline (within half a font size: superscripts stay on their line), top to bottom, each sorted by
 * x.
 */
function rowsOf<T extends { x: number; y: number; size: number }>(items: T[]): T[][] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: T[][] = [];
  let row: T[] = [];
  let rowY = 0;
  let rowSize = 0;
  for (const item of sorted) {
    if (row.length > 0 && Math.abs(rowY - item.y) <= 0.5 * Math.max(rowSize, item.size)) {
      row.push(item);
      rowSize = Math.max(rowSize, item.size);
      continue;
    }
    if (row.length > 0) rows.push(row);
    row = [item];
    rowY = item.y;
    rowSize = item.size;
  }
  if (row.length > 0) rows.push(row);
  for (const each of rows) each.sort((p, q) => p.x - q.x);
  return rows;
}

/**
 * Joins the runs of one line: a space where the gap between two runs is wider than a thin space and neither brings its
 * own.
 */
function joinRuns(runs: TextRun[]): string {
  let text = '';
  let previous: TextRun | null = null;
  const rtl = runs.filter((run) => run.rtl).length > runs.length / 2;
  const ordered = rtl ? [...runs].reverse() : runs;
  for (const run of ordered) {
    if (previous) {
      const gap = rtl ? previous.x - run.right : run.x - previous.right;
      if (gap > 0.15 * Math.max(run.size, previous.size) && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
    }
    text += run.text;
    previous = run;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The font size of most characters of the runs. */
function dominantSize(runs: TextRun[]): number {
  const bySize = new Map<number, number>();
  for (const run of runs) bySize.set(run.size, (bySize.get(run.size) ?? 0) + run.text.length);
  let best = runs[0]?.size ?? 0;
  let bestCount = -1;
  for (const [size, count] of bySize) {
    if (count > bestCount) {
      best = size;
      bestCount = count;
    }
  }
  return best;
}

/** A stretch of a row without a gap wider than 1.5 font sizes: a line of one column, a table cell. */
interface Fragment {
  runs: TextRun[];
  x: number;
  right: number;
  y: number;
  size: number;
  chars: number;
}

function fragmentsOfRow(row: TextRun[]): Fragment[] {
  const fragments: Fragment[] = [];
  let current: TextRun[] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const size = dominantSize(current);
    const main = current.find((run) => run.size === size) ?? (current[0] as TextRun);
    const [x, right] = extent(current, (run) => [run.x, run.right]);
    fragments.push({
      runs: current,
      x,
      right,
      y: main.y,
      size,
      chars: current.reduce((sum, run) => sum + run.text.length, 0),
    });
    current = [];
  };
  for (const run of row) {
    const last = current[current.length - 1];
    if (last && run.x - last.right > 1.5 * Math.max(run.size, last.size)) close();
    current.push(run);
  }
  close();
  return fragments;
}

/** Number of sorted values below `limit` (binary search). */
function countBelow(sorted: number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The x of the gutter of a two-column page, or null for one column: a vertical line in the middle
 * of the text that (almost) no fragment crosses, with substantial text on both sides, set as
 * columns (wide fragments), not as a form of short labels and values.
 */
function columnGutter(fragments: Fragment[]): number | null {
  if (fragments.length < 8) return null;
  const [left, right] = extent(fragments, (fragment) => [fragment.x, fragment.right]);
  const width = right - left;
  if (width <= 0) return null;
  // Most lines more than half the text width: one column (the common case, decided without a scan).
  let wide = 0;
  for (const fragment of fragments) if (fragment.right - fragment.x > width * 0.55) wide++;
  if (wide > fragments.length / 2) return null;
  const starts = fragments.map((fragment) => fragment.x).sort((p, q) => p - q);
  const ends = fragments.map((fragment) => fragment.right).sort((p, q) => p - q);
  let best: { at: number; crossing: number } | null = null;
  for (let step = 0; step <= 200; step++) {
    const at = left + width * (0.3 + (0.4 * step) / 200);
    // Fragments that start left of the line and end right of it.
    const crossing = countBelow(starts, at) - countBelow(ends, at + 1e-9);
    if (!best || crossing < best.crossing) best = { at, crossing };
  }
  if (!best || best.crossing > fragments.length * 0.1) return null;
  const gutter = best.at;
  const sides = [
    fragments.filter((fragment) => fragment.right <= gutter),
    fragments.filter((fragment) => fragment.x >= gutter),
  ];
  const total = fragments.reduce((sum, fragment) => sum + fragment.chars, 0);
  for (const side of sides) {
    if (side.length < 4) return null;
    if (side.reduce((sum, fragment) => sum + fragment.chars, 0) < total * 0.25) return null;
    const widths = side.map((fragment) => fragment.right - fragment.x).sort((p, q) => p - q);
    if ((widths[widths.length >> 1] ?? 0) < width * 0.3) return null;
  }
  return gutter;
}

/**
 * The lines of a page in reading order: top to bottom; on a two-column page, between full-width lines, the left column
 * and then the right one.
 */
function linesOfPage(runs: TextRun[], page: number): PdfLine[] {
  const fragments = rowsOf(runs).flatMap(fragmentsOfRow);
  const gutter = columnGutter(fragments);
  const groups: Fragment[][] = [];
  if (gutter === null) groups.push(fragments);
  else {
    // Full-width fragments cut the page into bands; each band is read left column, then right column.
    let leftColumn: Fragment[] = [];
    let rightColumn: Fragment[] = [];
    const closeBand = (): void => {
      if (leftColumn.length > 0) groups.push(leftColumn);
      if (rightColumn.length > 0) groups.push(rightColumn);
      leftColumn = [];
      rightColumn = [];
    };
    for (const fragment of [...fragments].sort((p, q) => q.y - p.y || p.x - q.x)) {
      if (fragment.right <= gutter) leftColumn.push(fragment);
      else if (fragment.x >= gutter) rightColumn.push(fragment);
      else {
        closeBand();
        groups.push([fragment]);
      }
    }
    closeBand();
  }
  const lines: PdfLine[] = [];
  groups.forEach((group, index) => {
    const [groupLeft, groupRight] = extent(group, (fragment) => [fragment.x, fragment.right]);
    for (const row of rowsOf(group)) {
      const rowRuns = row.flatMap((fragment) => fragment.runs);
      const text = joinRuns(rowRuns);
      if (!text) continue;
      const size = dominantSize(rowRuns);
      const main = row.find((fragment) => fragment.size === size) ?? (row[0] as Fragment);
      const [x, right] = extent(row, (fragment) => [fragment.x, fragment.right]);
      lines.push({
        text,
        page,
        group: index,
        x,
        right,
        y: main.y,
        size,
        groupLeft,
        groupRight,
      });
    }
  });
  return lines;
}

/** "3", "- 3 -", "Page 3", "Page 3 of 10", "3 / 10", "p. 3", "iv": a page number alone on its line. */
const pageNumberLine =
  /^(?:(?:page|p\.|pg\.?)\s*)?[-–—([]?\s*(?:\d{1,5}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,5})?$/i;

/**
 * Removes running headers and footers: lines among the two highest or two lowest of a page, in
 * the top or bottom 12% of it, that are a page number, or whose text (digits aside) comes back at
 * the same height on at least 40% of the pages with text (and on two pages at least).
 */
function removeRunningLines(pages: PageText[]): void {
  const candidates: Array<{ page: PageText; line: PdfLine; key: string; bucket: number }> = [];
  for (const page of pages) {
    if (page.lines.length === 0) continue;
    const height = page.top - page.bottom;
    const heights = [...new Set(page.lines.map((line) => line.y))].sort((p, q) => q - p);
    const highest = heights[Math.min(1, heights.length - 1)] as number;
    const lowest = heights[Math.max(heights.length - 2, 0)] as number;
    for (const line of page.lines) {
      const inTop = line.y >= highest && line.y >= page.top - height * 0.12;
      const inBottom = line.y <= lowest && line.y <= page.bottom + height * 0.12;
      if (!inTop && !inBottom) continue;
      const key = `${inTop ? 'top' : 'bottom'}:${line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')}`;
      candidates.push({ page, line, key, bucket: Math.round(line.y / 4) });
    }
  }
  const pagesWithText = pages.filter((page) => page.lines.length > 0).length;
  const needed = Math.max(2, Math.ceil(pagesWithText * 0.4));
  const pagesAt = new Map<string, Set<number>>();
  for (const { page, key, bucket } of candidates) {
    const at = `${key}@${bucket}`;
    const set = pagesAt.get(at) ?? new Set<number>();
    set.add(page.number);
    pagesAt.set(at, set);
  }
  const removed = new Set<PdfLine>();
  for (const { line, key, bucket } of candidates) {
    if (pageNumberLine.test(line.text)) {
      removed.add(line);
      continue;
    }
    const repeated = new Set<number>();
    for (const near of [bucket - 1, bucket, bucket + 1])
      for (const number of pagesAt.get(`${key}@${near}`) ?? []) repeated.add(number);
    if (repeated.size >= needed) removed.add(line);
  }
  if (removed.size === 0) return;
  for (const page of pages) page.lines = page.lines.filter((line) => !removed.has(line));
}

/** The most frequent of the values (rounded to half points), weighted. */
function modeOf(values: Array<{ value: number; weight: number }>): number | null {
  const counts = new Map<number, number>();
  for (const { value, weight } of values) {
    const key = Math.round(value * 2) / 2;
    counts.set(key, (counts.get(key) ?? 0) + weight);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

const roundSize = (size: number): number => Math.round(size * 2) / 2;
/** A sentence's end, with any closing quotes or brackets after it. */
const terminalPunctuation = /[.!?:;]["'”’)\]]*$/;

/**
 * Heading depths by font size: sizes at least 1.15 times the body size (the size of most
 * characters), largest first = depth 1, at most 6 levels.
 */
function headingDepths(lines: PdfLine[], bodySize: number): Map<number, number> {
  const sizes = [...new Set(lines.map((line) => roundSize(line.size)).filter((size) => size >= bodySize * 1.15))].sort(
    (p, q) => q - p,
  );
  return new Map(sizes.map((size, index) => [size, Math.min(index + 1, 6)]));
}

interface Block {
  depth: number | null;
  lines: PdfLine[];
}

/** Cuts the lines into headings and paragraphs, then renders each as an event. */
function eventsOfLines(lines: PdfLine[]): ProfileEvent[] {
  const bodySize = modeOf(lines.map((line) => ({ value: line.size, weight: line.text.length }))) ?? 0;
  const depths = headingDepths(lines, bodySize);
  const depthOf = (line: PdfLine): number | null => depths.get(roundSize(line.size)) ?? null;
  const spacings: Array<{ value: number; weight: number }> = [];
  for (let i = 1; i < lines.length; i++) {
    const [previous, line] = [lines[i - 1] as PdfLine, lines[i] as PdfLine];
    const gap = previous.y - line.y;
    if (
      previous.page === line.page &&
      previous.group === line.group &&
      depthOf(line) === null &&
      depthOf(previous) === null &&
      gap > 0 &&
      gap < 3 * line.size
    ) {
      spacings.push({ value: gap, weight: 1 });
    }
  }
  const lineSpacing = modeOf(spacings) ?? bodySize * 1.2;

  const blocks: Block[] = [];
  let block: Block | null = null;
  for (const line of lines) {
    const depth = depthOf(line);
    const previous: PdfLine | undefined = block?.lines[block.lines.length - 1];
    let continues = false;
    if (block && previous && block.depth === depth) {
      // Further down the same page (same column, or from full-width lines into columns): the gap decides.
      const below = previous.page === line.page && previous.y > line.y;
      const gap = previous.y - line.y;
      if (depth !== null) continues = below && previous.group === line.group && gap <= line.size * 1.6;
      else if (below) continues = gap <= lineSpacing * 1.35 && !paragraphEnds(previous, line);
      // A page break or the top of the next column: the paragraph goes on unless its last line ended it.
      else continues = !paragraphEnds(previous, line);
    }
    if (block && continues) block.lines.push(line);
    else {
      block = { depth, lines: [line] };
      blocks.push(block);
    }
  }

  const events: ProfileEvent[] = [];
  blocks.forEach((each, index) => {
    const first = each.lines[0] as PdfLine;
    const source: SourcePosition = { line: index + 1, column: 1, page: first.page };
    const parts = joinLines(each.lines, lines);
    const text = parts.map((part) => part.text).join(' ');
    // A "heading" of several sentences is large print (a lead or pull quote), not a heading.
    if (each.depth !== null && text.length <= 200) events.push({ type: 'heading', depth: each.depth, text, source });
    else {
      const safe = mergeUnsafeParts(parts);
      const event: ProfileEvent = { type: 'paragraph', lines: safe.map((part) => part.text), source };
      if (safe.length > 1) event.pages = safe.map((part) => part.page);
      events.push(event);
    }
  });
  return events;
}

/**
 * A paragraph ends at `previous` when it stops well short of its column's right edge (by more
 * than a quarter of the column and ten font sizes: more than any word that did not fit; so a
 * short heading-like line such as "1. Trade" in body print stands alone too), or when it closes
 * a sentence and `line` is indented.
 */
function paragraphEnds(previous: PdfLine, line: PdfLine): boolean {
  const width = previous.groupRight - previous.groupLeft;
  if (previous.right < previous.groupRight - Math.max(width * 0.25, previous.size * 10)) return true;
  return terminalPunctuation.test(previous.text) && line.x > line.groupLeft + line.size * 0.8;
}

/** The text of a block on each page it runs over. */
interface PagePart {
  text: string;
  page: number;
}

/**
 * Joins the lines of a block: a word hyphenated at a line end is made whole again, a line ending
 * in a dash or slash attached to a word joins without a space, other lines with one space.
 */
function joinLines(blockLines: PdfLine[], allLines: PdfLine[]): PagePart[] {
  const parts: PagePart[] = [];
  let current: PagePart | null = null;
  let pendingPage: number | null = null;
  for (const line of blockLines) {
    if (!current) {
      current = { text: line.text, page: line.page };
      parts.push(current);
      continue;
    }
    const joint = lineJoint(current.text, line.text, allLines);
    current.text = joint.before;
    const newPage: number | null = pendingPage ?? (line.page !== current.page ? line.page : null);
    if (joint.separator === ' ' && newPage !== null) {
      current = { text: line.text, page: newPage };
      parts.push(current);
      pendingPage = null;
    } else if (newPage !== null) {
      // The page turns inside a word: the new page starts after it.
      const space = line.text.indexOf(' ');
      if (space > 0) {
        current.text += joint.separator + line.text.slice(0, space);
        current = { text: line.text.slice(space + 1), page: newPage };
        parts.push(current);
        pendingPage = null;
      } else {
        current.text += joint.separator + line.text;
        pendingPage = newPage;
      }
    } else current.text += joint.separator + line.text;
  }
  return parts;
}

/**
 * Page parts after the first are read by the layout as lines of their own, which may make a
 * heading or an interest of a line that begins with "2. " or reads "Overview": such a part is
 * merged into the part before it (the page change is then known a little later).
 */
function mergeUnsafeParts(parts: PagePart[]): PagePart[] {
  const safe: PagePart[] = [];
  for (const part of parts) {
    const last = safe[safe.length - 1];
    if (
      last &&
      (parseInterestMarker(part.text) !== null || (part.text.length <= 60 && knownSectionKind(part.text) !== null))
    )
      last.text += ` ${part.text}`;
    else safe.push({ ...part });
  }
  return safe;
}

/**
 * Second parts of compounds that writers hyphenate ("Taliban-led", "state-owned", "cross-border"):
 * a line break after the hyphen before one of them keeps the hyphen. Words that also end common
 * closed words after a prefix are left out ("standing": under-standing, "ended": susp-ended, "born":
 * stub-born, "keeping": peace-keeping), and a closed-word prefix before them does not count.
 */
const compoundSeconds = new Set([
  'led',
  'run',
  'based',
  'owned',
  'backed',
  'held',
  'linked',
  'related',
  'funded',
  'sponsored',
  'brokered',
  'mediated',
  'hosted',
  'appointed',
  'controlled',
  'dominated',
  'occupied',
  'ruled',
  'administered',
  'allied',
  'aligned',
  'affiliated',
  'inspired',
  'sanctioned',
  'oriented',
  'focused',
  'driven',
  'made',
  'built',
  'friendly',
  'speaking',
  'affected',
  'stricken',
  'torn',
  'hit',
  'ridden',
  'producing',
  'exporting',
  'importing',
  'building',
  'making',
  'sharing',
  'trafficking',
  'term',
  'level',
  'scale',
  'range',
  'long',
  'wide',
  'year',
  'years',
  'month',
  'months',
  'week',
  'weeks',
  'party',
  'sided',
  'track',
  'tier',
  'grade',
  'border',
  'country',
  'terrorism',
  'terrorist',
  'narcotics',
  'insurgency',
  'state',
  'rich',
  'poor',
  'intensive',
  'specific',
  'minded',
  'ranking',
  'profile',
  'income',
  'free',
]);

/**
 * Second parts that also end short closed words ("cam|era", "chim|era"): a compound only after a longer first part
 * ("republic-era").
 */
const longHeadSeconds = new Set(['era']);

/** Short words inside hyphenated chains ("state-of-the-art", "day-to-day"). */
const chainWords = new Set(['the', 'and', 'for', 'per', 'via', 'off', 'out']);

/**
 * Prefixes of closed words ("under|standing", "dis|appointed", "re|built"): after them a known second part is no
 * compound.
 */
const closedPrefixes = new Set([
  'under',
  'over',
  'inter',
  'out',
  'up',
  'down',
  're',
  'de',
  'dis',
  'un',
  'in',
  'pre',
  'pro',
  'con',
  'com',
  'mis',
  'trans',
  'sub',
  'super',
  'co',
  'multi',
  'post',
  'fore',
  'with',
  'be',
]);

/** First parts of compounds that writers hyphenate ("self-reliance", "non-state", "first-phase", "fibre-optic"). */
const compoundFirsts = new Set([
  'self',
  'non',
  'anti',
  'half',
  'semi',
  'quasi',
  'vice',
  'all',
  'long',
  'short',
  'well',
  'ill',
  'cross',
  'first',
  'second',
  'third',
  'fibre',
  'fiber',
]);

/** Number words: before a unit of time or count they make a compound ("ten-year", "three-day", "two-party"). */
const numberWords = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'fifteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'hundred',
  'multi',
]);
const countedUnits = new Set([
  'year',
  'years',
  'month',
  'months',
  'week',
  'weeks',
  'day',
  'days',
  'hour',
  'hours',
  'point',
  'party',
  'way',
  'fold',
  'member',
  'nation',
  'stage',
  'phase',
  'tier',
  'track',
]);

/**
 * Word endings that are no word of their own: a line that starts with one goes on with the word hyphenated before it.
 */
const suffixes = new Set([
  'ing',
  'ings',
  'er',
  'ers',
  'est',
  'ed',
  'en',
  'es',
  'ly',
  'al',
  'ic',
  'an',
  'ry',
  'ty',
  'cy',
  'ness',
  'ment',
  'ments',
  'ity',
  'ities',
  'tion',
  'tions',
  'sion',
  'sions',
  'ation',
  'ations',
  'ism',
  'isms',
  'ist',
  'ists',
  'ise',
  'ize',
  'ised',
  'ized',
  'ous',
  'ive',
  'ives',
  'ally',
  'able',
  'ible',
  'ful',
  'less',
  'ship',
  'ships',
  'ance',
  'ence',
  'ant',
  'ants',
  'ent',
  'ents',
  'ture',
  'tures',
  'ial',
  'ian',
  'ians',
  'ics',
  'ical',
  'ish',
  'age',
  'ages',
  'ary',
  'ery',
  'ory',
]);

/**
 * Whether a lower-case `tail` that starts the next line after `head` and a hyphen is the rest of
 * a hyphenated word (true: drop the hyphen) rather than the second part of a compound (false).
 * Word endings are hyphenations; a tail of one or two letters, a hyphenated chain ("day-to-|day",
 * "Mazar-|i-Sharif") and a known compound are compounds; anything else is taken for a hyphenation.
 */
function isHyphenation(head: string, tail: string): boolean {
  if (suffixes.has(tail)) return true;
  if (tail.length < 3 || tail.includes('-')) return false;
  // In a chain, the last part decides; a short or function-word part is a chain such as "day-to-|day".
  const part = head.slice(head.lastIndexOf('-') + 1);
  if (part !== head && (part.length < 3 || chainWords.has(part))) return false;
  if (compoundFirsts.has(part)) return false;
  if (numberWords.has(part) && countedUnits.has(tail)) return false;
  if (compoundSeconds.has(tail) && part.length >= 3 && !closedPrefixes.has(part)) return false;
  if (longHeadSeconds.has(tail) && part.length >= 5) return false;
  return true;
}

/** Words of the document (lower case, hyphens kept), built on first need. */
const vocabularies = new WeakMap<PdfLine[], Set<string>>();
function vocabularyOf(lines: PdfLine[]): Set<string> {
  let words = vocabularies.get(lines);
  if (!words) {
    words = new Set<string>();
    // One pass over all the text; a hyphen at a line end is no part of a word.
    const text = lines
      .map((line) => line.text)
      .join('\n')
      .toLowerCase()
      .replace(/-\n/g, '\n');
    for (const word of text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) words.add(word);
    vocabularies.set(lines, words);
  }
  return words;
}

/**
 * How `next` joins the text before it: `before` is the text so far (without a hyphen that only
 * split a word), `separator` what goes between. A hyphen at the end of a line after a lower-case
 * letter, with the next line going on in lower case, is a hyphenation (dropped) when the document
 * writes the word whole elsewhere, or, when it writes it nowhere, by `isHyphenation`; a capital or
 * digit after it ("Kazakh-|Afghan", "mid-|2021") keeps it. Either way the word joins without a space.
 */
function lineJoint(before: string, next: string, allLines: PdfLine[]): { before: string; separator: string } {
  if (before.endsWith('\u00ad')) return { before: before.slice(0, -1), separator: '' };
  const last = before.slice(-1);
  const attached = before.length >= 2 && !/\s/.test(before.slice(-2, -1));
  const startsLower = /^\p{Ll}/u.test(next) && /\p{Ll}$/u.test(before.slice(0, -1));
  if ((last === '-' || last === '\u2010') && attached && startsLower) {
    const head = (/([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)[-\u2010]$/u.exec(before)?.[1] ?? '').toLowerCase();
    const tail = (/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/u.exec(next)?.[0] ?? '').toLowerCase();
    const headPart = head.slice(head.lastIndexOf('-') + 1);
    // The document's own spelling elsewhere decides first: "regional" written whole, "fibre-optic" with its hyphen.
    const words = vocabularyOf(allLines);
    const chain = headPart !== head && (headPart.length < 3 || chainWords.has(headPart));
    if (!chain && !tail.includes('-') && words.has(headPart + tail))
      return { before: before.slice(0, -1), separator: '' };
    if (words.has(`${head}-${tail}`)) return { before, separator: '' };
    return isHyphenation(head, tail) ? { before: before.slice(0, -1), separator: '' } : { before, separator: '' };
  }
  // A dash or slash attached to a word or number ("China–|Pakistan", "and/|or", "25-|year") joins without a space.
  if (
    (last === '-' || last === '\u2010' || last === '\u2013' || last === '\u2014' || last === '/') &&
    attached &&
    /^[\p{L}\p{N}]/u.test(next)
  )
    return { before, separator: '' };
  return { before, separator: ' ' };
}
