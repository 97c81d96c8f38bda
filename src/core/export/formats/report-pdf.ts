// `pdf`: the dossier report (report-model.ts) typeset with pdfkit (pure JS, no browser), with the
// DejaVu Sans fonts of the `dejavu-fonts-ttf` package embedded (subset): they cover Latin, Cyrillic
// and Arabic, and fontkit shapes Arabic with their tables. Lines holding right-to-left text are laid
// out here word by word in the visual order of the Unicode bidi algorithm (bidi-js), since pdfkit
// lays out left to right. A title page with the table of contents (its pages reserved first, filled
// in with page numbers once every section is placed), one section per actor with its footnotes
// (each quote kept whole on one page) at its end, and page numbers on every page.
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import type { Exporter } from '../exporter.js';
import { actorReports, citationSource, reportOutline, type ActorReport } from './report-model.js';

const require = createRequire(import.meta.url);
const fonts = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

let bidiLayout: Bidi | undefined;
/** The bidi algorithm, loaded with the first PDF that needs it (not at every start of the server). */
function bidi(): Bidi {
  // bidi-js is CommonJS with an ESM-style default in its types: Node hands over the factory itself.
  const bidiExport = require('bidi-js') as (() => Bidi) | { default: () => Bidi };
  bidiLayout ??= typeof bidiExport === 'function' ? bidiExport() : bidiExport.default();
  return bidiLayout;
}
/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms). */
const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

const margin = 56;
const tocRowHeight = 16;
const colors = { text: '#111111', muted: '#555555', rule: '#bbbbbb', accent: '#1f3a60' };

type Doc = PDFKit.PDFDocument;

interface Block {
  font: 'regular' | 'bold';
  size: number;
  color?: string;
  indent?: number;
  /** Space after the block, in points. */
  after?: number;
  /** Start a new page when the block does not fit whole on this one. */
  keepTogether?: boolean;
  destination?: string;
}

const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** A paragraph; text with right-to-left letters goes through the bidi layout. */
function paragraph(doc: Doc, text: string, block: Block): void {
  doc
    .font(block.font)
    .fontSize(block.size)
    .fillColor(block.color ?? colors.text);
  const x = margin + (block.indent ?? 0);
  const width = doc.page.width - margin - x;
  if (rightToLeft.test(text)) {
    bidiParagraph(doc, text, x, width, block);
  } else {
    if (block.keepTogether && doc.y + doc.heightOfString(text, { width }) > bottomOf(doc)) doc.addPage();
    doc.text(text, x, doc.y, { width, destination: block.destination });
  }
  doc.x = margin;
  if (block.after) doc.y += block.after;
}

/**
 * Lines broken at spaces, each drawn word by word in visual order: the words' embedding levels from
 * the bidi algorithm, runs of level ≥ k reversed from the highest level down (rule L2). fontkit
 * shapes each word and puts an Arabic word's glyphs right to left.
 */
function bidiParagraph(doc: Doc, text: string, x: number, width: number, block: Block): void {
  const words = text.split(' ').filter((word) => word.length > 0);
  const space = doc.widthOfString(' ');
  const widths = words.map((word) => doc.widthOfString(word));
  const lines: number[][] = [];
  let line: number[] = [];
  let used = 0;
  for (const [index, wordWidth] of widths.entries()) {
    if (line.length > 0 && used + space + wordWidth > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    used += (line.length ? space : 0) + wordWidth;
    line.push(index);
  }
  if (line.length) lines.push(line);
  const lineHeight = doc.currentLineHeight(true);
  if (block.keepTogether && doc.y + lines.length * lineHeight > bottomOf(doc)) doc.addPage();
  if (block.destination) doc.addNamedDestination(block.destination, 'XYZ', x, doc.page.height - doc.y, null);
  for (const indexes of lines) {
    if (doc.y + lineHeight > bottomOf(doc)) doc.addPage();
    const lineText = indexes.map((i) => words[i]).join(' ');
    const levels = bidi().getEmbeddingLevels(lineText, 'ltr').levels;
    let offset = 0;
    const wordLevels = indexes.map((i) => {
      const word = words[i]!;
      let level = 0;
      for (let c = 0; c < word.length; c++) level = Math.max(level, levels[offset + c] ?? 0);
      offset += word.length + 1;
      return level;
    });
    const order = indexes.map((_, position) => position);
    for (let level = Math.max(0, ...wordLevels); level >= 1; level--) {
      for (let start = 0; start < order.length;) {
        if (wordLevels[order[start]!]! < level) {
          start++;
          continue;
        }
        let end = start;
        while (end < order.length && wordLevels[order[end]!]! >= level) end++;
        order.splice(start, end - start, ...order.slice(start, end).reverse());
        start = end;
      }
    }
    const y = doc.y;
    let cursor = x;
    for (const position of order) {
      const index = indexes[position]!;
      doc.text(words[index]!, cursor, y, { lineBreak: false });
      cursor += widths[index]! + space;
    }
    doc.x = margin;
    doc.y = y + lineHeight;
  }
}

/** Typesets one actor's section from a new page; returns that page's number (1-based). */
function actorSection(doc: Doc, report: ActorReport): number {
  doc.addPage();
  const firstPage = doc.bufferedPageRange().start + doc.bufferedPageRange().count;
  paragraph(doc, report.name, { font: 'bold', size: 20, color: colors.accent, destination: report.anchor, after: 2 });
  const about = [report.country, report.kind, `version ${report.version}`].filter(Boolean).join(' · ');
  paragraph(doc, about, { font: 'regular', size: 9, color: colors.muted, after: 10 });
  for (const part of report.parts) {
    if (doc.y + 60 > bottomOf(doc)) doc.addPage();
    paragraph(doc, part.title, { font: 'bold', size: 12, color: colors.accent, after: 4 });
    for (const statement of part.statements) {
      paragraph(doc, `•  ${statement.text} [${statement.notes.join(', ')}]`, {
        font: 'regular',
        size: 10,
        indent: 6,
        after: 2,
      });
    }
    if (part.remark)
      paragraph(doc, part.remark, { font: 'regular', size: 9, color: colors.muted, indent: 6, after: 2 });
    doc.y += 8;
  }
  if (report.citations.length === 0) return firstPage;
  if (doc.y + 80 > bottomOf(doc)) doc.addPage();
  doc
    .moveTo(margin, doc.y)
    .lineTo(doc.page.width - margin, doc.y)
    .strokeColor(colors.rule)
    .lineWidth(0.5)
    .stroke();
  doc.y += 6;
  paragraph(doc, `Notes: ${report.name}`, { font: 'bold', size: 11, color: colors.accent, after: 4 });
  for (const citation of report.citations) {
    paragraph(doc, `[${citation.number}]  “${citation.quote}” — ${citationSource(citation)}`, {
      font: 'regular',
      size: 8.5,
      after: 3,
      keepTogether: true,
    });
  }
  return firstPage;
}

/** The table of contents on the reserved pages: name, dotted leader, page number, and a link. */
function tableOfContents(
  doc: Doc,
  entries: Array<{ name: string; anchor: string; page: number }>,
  firstPage: number,
  top: number,
): void {
  let pageIndex = firstPage;
  let y = top;
  doc.switchToPage(pageIndex);
  doc.font('regular').fontSize(10).fillColor(colors.text);
  const right = doc.page.width - margin;
  for (const entry of entries) {
    if (y + tocRowHeight > bottomOf(doc)) {
      pageIndex++;
      doc.switchToPage(pageIndex);
      y = margin;
    }
    const number = String(entry.page);
    const numberWidth = doc.widthOfString(number);
    doc.text(number, right - numberWidth, y, { lineBreak: false });
    doc.x = margin;
    doc.y = y;
    paragraph(doc, entry.name.length > 80 ? `${entry.name.slice(0, 79)}…` : entry.name, { font: 'regular', size: 10 });
    doc.goTo(margin, y, right - margin, tocRowHeight - 2, entry.anchor);
    y += tocRowHeight;
  }
}

/** How many TOC rows fit from `top` on the first page and on each further page. */
function reservedTocPages(doc: Doc, rows: number, top: number): number {
  const firstRows = Math.floor((bottomOf(doc) - top) / tocRowHeight);
  const pageRows = Math.floor((bottomOf(doc) - margin) / tocRowHeight);
  return rows <= firstRows ? 1 : 1 + Math.ceil((rows - firstRows) / pageRows);
}

export const pdfReportExporter: Exporter = {
  name: 'pdf',
  description:
    'the dossier report as PDF (embedded fonts for Latin, Cyrillic and Arabic; contents, page numbers, footnotes ' +
    'quoting the evidence)',
  mediaType: 'application/pdf',
  extension: 'pdf',
  scoped: true,
  async *write(context) {
    const outline = await reportOutline(context);
    // pdfkit (with fontkit and its tables) loaded on the first PDF export, not at every start of the server.
    const { default: PDFDocument } = await import('pdfkit');
    const doc: Doc = new PDFDocument({
      size: 'A4',
      margin,
      bufferPages: true,
      info: { Title: outline.title, Creator: 'Dossier', CreationDate: new Date(outline.exportedAt) },
      lang: 'en',
      displayTitle: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    doc.registerFont('regular', fonts.regular);
    doc.registerFont('bold', fonts.bold);

    paragraph(doc, outline.title, { font: 'bold', size: 22, color: colors.accent, after: 4 });
    paragraph(
      doc,
      `Exported ${outline.exportedAt} (facts: ${outline.filter.status}). Every statement cites, in brackets, the ` +
        `notes that quote the sentence it rests on.`,
      {
        font: 'regular',
        size: 9,
        color: colors.muted,
        after: 14,
      },
    );
    paragraph(doc, 'Contents', { font: 'bold', size: 13, color: colors.accent, after: 6 });
    const tocTop = doc.y;
    const tocPages = reservedTocPages(doc, outline.entries.length, tocTop);
    for (let page = 1; page < tocPages; page++) doc.addPage();

    const placed: Array<{ name: string; anchor: string; page: number }> = [];
    for await (const report of actorReports(context)) {
      const page = actorSection(doc, report);
      placed.push({ name: report.name, anchor: report.anchor, page });
      doc.outline.addItem(report.name);
    }
    tableOfContents(doc, placed, 0, tocTop);

    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      doc.switchToPage(index);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('regular').fontSize(8).fillColor(colors.muted);
      doc.text(`${index + 1} / ${range.count}`, margin, doc.page.height - margin / 2 - 4, {
        width: doc.page.width - 2 * margin,
        align: 'center',
        lineBreak: false,
      });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    await ended;
    for (const chunk of chunks) yield chunk;
  },
};
