// Hostile PDF and HTML documents built in memory for the battery (battery/hostile-binary-documents.ts)
// and src/ingest/hostile-binary.test.ts: a hand-written PDF writer (page trees whose /Count and
// /Kids may lie, thousands of pages in a few hundred KiB), a small typeset profile PDF to cut at
// many points, and HTML nested deep or with very many siblings. Nothing big is kept in git.
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** What ingest must do with a hostile document: refuse it with this code, read it (sanely), or either. */
export type HostileExpectation =
  { refused: 'INVALID_DOCUMENT' | 'LIMIT_EXCEEDED' | 'EMPTY_DOCUMENT' } | { read: true } | { either: true };

/** A hostile document: a name for reports, how to build it, and what ingest must do with it. */
export interface HostileCase {
  kind: string;
  expect: HostileExpectation;
  make(): Uint8Array | Promise<Uint8Array>;
}

/**
 * Whether an outcome (the refusal's code, or null when the document was read) is what `expect` asks; else what was
 * wrong.
 */
export function unexpectedOutcome(expect: HostileExpectation, refusedWith: string | null): string | null {
  if ('either' in expect) return null;
  if ('read' in expect) return refusedWith === null ? null : `refused (${refusedWith}) although it should read`;
  if (refusedWith === null) return `read although it should be refused (${expect.refused})`;
  return refusedWith === expect.refused ? null : `refused with ${refusedWith} instead of ${expect.refused}`;
}

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const places = [
  'Herat',
  'Kandahar',
  'Termez',
  'Kunduz',
  'Mazar-i-Sharif',
  'Jalalabad',
  'Faizabad',
  'Ghazni',
  'Bamyan',
  'Khost',
];
const goods = ['sulphur', 'diesel', 'cement', 'flour', 'cotton', 'steel rods', 'fertiliser', 'rice', 'sugar', 'timber'];
const carriers = [
  'Turkmenbashi',
  'Ashgabat',
  'the state railway',
  'a private haulier',
  'the gas ministry',
  'Mary province',
];

/** `perPage` varied sentences for page `index` (no two pages alike but for a few words: not running lines). */
export const proseLines =
  (perPage: number) =>
  (index: number): string[] =>
    Array.from({ length: perPage }, (_, line) => {
      const n = index * perPage + line;
      return (
        `In ${1995 + (n % 28)} ${carriers[n % carriers.length]} sent ${(n % 90) + 10} wagons of ` +
        `${goods[(n >> 1) % goods.length]} to ${places[(n >> 2) % places.length]}.`
      );
    });

/** A PDF literal string. */
const pdfString = (text: string): string => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

export interface HandWrittenPdfOptions {
  /** Pages written (each a page object and its content stream). */
  pages: number;
  /** Text lines of page `index` (0-based); default: one numbered sentence. */
  linesOf?: (index: number) => string[];
  /** The page tree's /Count (default: `pages`). */
  declaredCount?: number;
  /** Extra /Kids references to objects that do not exist (missing pages). */
  missingKids?: number;
  /** Kids per node of the page tree (default: one flat node). */
  fanout?: number;
  /** Compress the content streams (FlateDecode), as real writers do: more text per byte of file. */
  compress?: boolean;
}

/**
 * A PDF written by hand: catalog, page tree, one standard font, and per page a page object with
 * its own content stream (uncompressed text in Helvetica), with a correct cross-reference table.
 */
export function handWrittenPdf(options: HandWrittenPdfOptions): Uint8Array {
  const linesOf = options.linesOf ?? proseLines(1);
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree root, written once its kids are known
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pageRefs: number[] = [];
  for (let index = 0; index < options.pages; index++) {
    const lines = linesOf(index);
    // Body text in the middle of the page (the header and footer bands hold running lines).
    const text = `BT /F1 11 Tf 14 TL 72 600 Td ${lines.map((line) => `${pdfString(line)} Tj T*`).join(' ')} ET`;
    const content = options.compress ? deflateSync(Buffer.from(text, 'latin1')).toString('latin1') : text;
    const contentRef = add(
      `<< /Length ${content.length}${options.compress ? ' /Filter /FlateDecode' : ''} ` +
        `>>\nstream\n${content}\nendstream`,
    );
    pageRefs.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ` +
          `${contentRef} 0 R >>`,
      ),
    );
  }
  // Intermediate nodes when a fanout is asked for; their /Parent is fixed below.
  let level = pageRefs;
  const fanout = options.fanout ?? Number.POSITIVE_INFINITY;
  const parentOf = new Map<number, number>();
  while (level.length > fanout) {
    const next: number[] = [];
    for (let at = 0; at < level.length; at += fanout) {
      const kids = level.slice(at, at + fanout);
      const ref = add('');
      next.push(ref);
      for (const kid of kids) parentOf.set(kid, ref);
      objects[ref - 1] =
        `<< /Type /Pages /Parent 2 0 R /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${kids.length} >>`;
    }
    level = next;
  }
  for (const [kid, parent] of parentOf)
    objects[kid - 1] = (objects[kid - 1] as string).replace('/Parent 2 0 R', `/Parent ${parent} 0 R`);
  const missing = Array.from({ length: options.missingKids ?? 0 }, (_, i) => `${objects.length + 1 + i} 0 R`);
  objects[1] =
    `<< /Type /Pages /Kids [${[...level.map((kid) => `${kid} 0 R`), ...missing].join(' ')}] /Count ` +
    `${options.declaredCount ?? options.pages} >>`;

  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}

/**
 * A few pages of profile typeset with pdfkit (compressed streams, its own cross-reference table): the base that is cut
 * short.
 */
export function typesetProfilePdf(): Promise<Uint8Array> {
  const document = new PDFDocument({ size: 'A5', margin: 50, compress: true });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) =>
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  document.font('Helvetica-Bold').fontSize(22).text('Turkmenistan').moveDown(0.5);
  document.fontSize(15).text('Profile').moveDown(0.3);
  document.font('Helvetica').fontSize(10);
  for (let i = 0; i < 40; i++) {
    document
      .text(
        `Ashgabat reopened the Serhetabat crossing in ${2001 + (i % 20)} and sent ${i + 2} convoys of fuel ` +
          `toward Herat. The TAPI pipeline stalled again.`,
      )
      .moveDown(0.4);
  }
  document.font('Helvetica-Bold').fontSize(15).text('Key Interests & Priorities').moveDown(0.3);
  document.fontSize(12.5).text('1. Gas Exports');
  document.font('Helvetica').fontSize(10).text('Turkmenistan wants buyers south of the Kopet Dag.');
  document.end();
  return done;
}

/**
 * `bytes` cut short at `count` points spread over the file, plus the edges (1 byte, the header, all but the last byte
 * or 20).
 */
export function cutPoints(length: number, count: number): number[] {
  const points = new Set<number>([1, 8, Math.max(1, length - 20), length - 1]);
  for (let i = 1; i <= count; i++) points.add(Math.round((length * i) / (count + 1)));
  return [...points].filter((cut) => cut > 0 && cut < length).sort((a, b) => a - b);
}

/**
 * The PDF family: page counts far over the limit, page trees that lie, truncation. `base` is a typeset PDF
 * (typesetProfilePdf).
 */
export function pdfCases(base: Uint8Array, options: { cuts: number; pageLimit: number }): HostileCase[] {
  const sentences = proseLines(2);
  const cases: HostileCase[] = [
    {
      kind: 'pages-10000',
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => handWrittenPdf({ pages: 10_000, linesOf: sentences }),
    },
    {
      kind: 'pages-10000-tree-fanout-10',
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => handWrittenPdf({ pages: 10_000, fanout: 10, linesOf: sentences }),
    },
    {
      kind: `pages-at-the-limit-${options.pageLimit}`,
      expect: { read: true },
      make: () => handWrittenPdf({ pages: options.pageLimit, linesOf: sentences }),
    },
    // Full pages (24 lines each: 48,000 sentences, just under the sentence limit), compressed as real writers do.
    {
      kind: `pages-at-the-limit-${options.pageLimit}-full-text`,
      expect: { read: true },
      make: () => handWrittenPdf({ pages: options.pageLimit, linesOf: proseLines(24), compress: true }),
    },
    // More text than any document may hold (80,000 sentences): refused by the sentence limit, not the budget.
    {
      kind: `pages-at-the-limit-${options.pageLimit}-over-full`,
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => handWrittenPdf({ pages: options.pageLimit, linesOf: proseLines(40), compress: true }),
    },
    // The page tree claims far more pages than it holds.
    // pdf.js checks the last page the count promises and, when it is missing, counts the pages there are.
    {
      kind: 'declares-1000000-pages-holds-3',
      expect: { read: true },
      make: () => handWrittenPdf({ pages: 3, declaredCount: 1_000_000, linesOf: sentences }),
    },
    {
      kind: `declares-${options.pageLimit}-pages-holds-3`,
      expect: { read: true },
      make: () => handWrittenPdf({ pages: 3, declaredCount: options.pageLimit, linesOf: sentences }),
    },
    {
      kind: `declares-${options.pageLimit}-pages-lists-missing-objects`,
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () =>
        handWrittenPdf({
          pages: 3,
          declaredCount: options.pageLimit,
          missingKids: options.pageLimit - 3,
          linesOf: sentences,
        }),
    },
    {
      kind: 'declares-0-pages-holds-5',
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => handWrittenPdf({ pages: 5, declaredCount: 0, linesOf: sentences }),
    },
    {
      kind: 'declares-negative-pages',
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => handWrittenPdf({ pages: 5, declaredCount: -7, linesOf: sentences }),
    },
  ];
  // Cut anywhere before its end marker, a PDF is refused as truncated; cut only after it (a line end lost), it reads.
  const endMarker = Buffer.from(base).lastIndexOf('%%EOF', undefined, 'latin1') + 5;
  for (const cut of cutPoints(base.length, options.cuts)) {
    cases.push({
      kind: `truncated-at-${cut}-of-${base.length}`,
      expect: cut >= endMarker ? { read: true } : { refused: 'INVALID_DOCUMENT' },
      make: () => base.slice(0, cut),
    });
  }
  // Cut short, with an end marker written after the cut (the xref and trailer are gone): repaired or refused, never
  // half read silently past 10 s.
  for (const cut of cutPoints(base.length, Math.max(2, options.cuts >> 2)).filter((cut) => cut > 64)) {
    cases.push({
      kind: `truncated-at-${cut}-then-eof-marker`,
      // pdf.js rebuilds a lost cross-reference table: what it recovers is read, a damaged rest is refused.
      expect: { either: true },
      make: () => new Uint8Array(Buffer.concat([base.slice(0, cut), Buffer.from('\n%%EOF\n', 'latin1')])),
    });
  }
  return cases;
}

/** A profile page around `body` (raw HTML). */
const htmlPage = (body: string): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kyrgyzstan</title></head><body><nav><a ` +
  `href="/">Home</a></nav><main><h1>Kyrgyzstan</h1><h2>Profile</h2><p>Bishkek sells hydropower to Kabul over the ` +
  `CASA-1000 line.</p>${body}<h2>Key Interests &amp; Priorities</h2><ol><li>Energy ` +
  `Exports</li></ol><p>Kyrgyzstan wants buyers for its summer power.</p></main><footer>© ` +
  `Example</footer></body></html>`;

/**
 * A page without <main> or <article>: `levels` nested divs, each opening with its share of
 * `paragraphs` (so the main-content scoring looks at every level, each holding the ones below).
 */
export function nestedParagraphsPage(levels: number, paragraphs: number): Uint8Array {
  const perLevel = Math.max(1, Math.round(paragraphs / levels));
  const parts = ['<!DOCTYPE html><html><head><title>Talas</title></head><body>'];
  for (let level = 0; level < levels; level++)
    parts.push(
      '<div>',
      `<p>At level ${level}, Osh, Naryn and Talas sent wool, hides and apricots to Kunduz.</p>`.repeat(perLevel),
    );
  parts.push('</body></html>');
  return utf8(parts.join(''));
}

/** The HTML family: nesting just under and far over the limit, and 100,000 siblings of several kinds. */
export function htmlCases(options: { siblings: number; nestingLimit: number }): HostileCase[] {
  const nested = (depth: number, open: string, close: string, inner = '<p>Deep inside, Osh trades with Kunduz.</p>') =>
    open.repeat(depth) + inner + close.repeat(depth);
  const siblings = options.siblings;
  return [
    { kind: 'div-nested-200', expect: { read: true }, make: () => utf8(htmlPage(nested(200, '<div>', '</div>'))) },
    {
      kind: 'section-nested-200-unclosed',
      expect: { read: true },
      make: () => utf8(htmlPage(nested(200, '<section>', ''))),
    },
    {
      kind: 'div-nested-5000',
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => utf8(htmlPage(nested(5000, '<div>', '</div>'))),
    },
    {
      kind: 'span-nested-5000-unclosed',
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => utf8(htmlPage(nested(5000, '<span>', ''))),
    },
    {
      kind: `blockquote-nested-${options.nestingLimit + 1}`,
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => utf8(htmlPage(nested(options.nestingLimit + 1, '<blockquote>', '</blockquote>'))),
    },
    {
      kind: `paragraph-siblings-${siblings}`,
      expect: { either: true },
      make: () =>
        utf8(htmlPage(Array.from({ length: siblings }, (_, i) => `<p>Item ${i} went to Balkh.</p>`).join(''))),
    },
    {
      kind: `empty-div-siblings-${siblings}`,
      expect: { read: true },
      make: () => utf8(htmlPage('<div></div>'.repeat(siblings))),
    },
    {
      kind: `span-siblings-in-one-paragraph-${siblings}`,
      expect: { either: true },
      make: () => utf8(htmlPage(`<p>${'<span>Osh </span>'.repeat(siblings)}trades.</p>`)),
    },
    {
      kind: `br-siblings-${siblings}`,
      expect: { either: true },
      make: () => utf8(htmlPage(`<p>${'Naryn<br>'.repeat(siblings)}</p>`)),
    },
    {
      kind: `list-item-siblings-${siblings}`,
      expect: { either: true },
      make: () =>
        utf8(htmlPage(`<ul>${Array.from({ length: siblings }, (_, i) => `<li>Point ${i}</li>`).join('')}</ul>`)),
    },
    {
      kind: `nav-link-siblings-${siblings}`,
      expect: { read: true },
      make: () => utf8(htmlPage(`<nav>${'<a href="/x">Kyrgyzstan</a>'.repeat(siblings)}</nav>`)),
    },
    {
      kind: `heading-siblings-${siblings}`,
      expect: { read: true },
      make: () => utf8(htmlPage(Array.from({ length: siblings }, (_, i) => `<h3>Topic ${i}</h3>`).join(''))),
    },
    // Byline-like blocks between the headline and an article without one: each is looked at once, not against all the
    // others.
    {
      kind: `byline-siblings-${siblings}`,
      expect: { either: true },
      make: () =>
        utf8(
          '<!DOCTYPE html><html><body><h1>Naryn water talks</h1>' +
            '<div class="byline">By Aibek Osmonov</div>'.repeat(siblings) +
            '<article>' +
            '<p>Naryn and Osh agreed, again, to share the river water with Kunduz in 2023.</p>'.repeat(20) +
            '</article></body></html>',
        ),
    },
    {
      kind: 'paragraphs-at-every-level-of-250-nested-divs',
      expect: { either: true },
      make: () => nestedParagraphsPage(250, Math.min(siblings, 40_000)),
    },
    {
      kind: `table-cell-siblings-${siblings}`,
      expect: { either: true },
      make: () => utf8(htmlPage(`<table><tr>${'<td>Osh</td>'.repeat(siblings)}</tr></table>`)),
    },
  ];
}
