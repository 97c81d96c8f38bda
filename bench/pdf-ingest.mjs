// What reading a PDF adds to ingest: a 100-page text PDF (the example profiles' paragraphs under
// one title, typeset with pdfkit with a running header and page numbers) against the same text as
// plain text, in CPU time on one core. Prints the ratio for parsing alone (ingestDocument against
// ingestProfile) and for the whole ingest of a document (parse + extraction), whose target is 3×.
// Usage: npm run build && node bench/pdf-ingest.mjs [--pages 100] [--runs 3]
//    or (from sources): DOSSIER_BENCH_SRC=1 node --import tsx bench/pdf-ingest.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { argument, median, root } from './bench-support.mjs';

const fromSources = process.env.DOSSIER_BENCH_SRC === '1';
const layer = (name) => (fromSources ? join(root, 'src', name, 'index.ts') : join(root, 'dist', name, 'index.js'));
const { ingestDocument, ingestProfile } = await import(layer('ingest'));
const { extractProfile, loadReferenceData, defaultDataDir } = await import(layer('extract'));

const pages = Number(argument('pages', '100'));
const runs = Number(argument('runs', '3'));

// The paragraphs of the example profiles (their Markdown bodies, read by the ingest itself).
const examples = join(root, 'examples');
const paragraphs = [];
for (const file of readdirSync(examples)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()) {
  const document = ingestProfile({ bytes: readFileSync(join(examples, file)), name: file });
  const headings = new Set([
    ...document.sections.map((section) => section.start),
    ...document.interests.map((interest) => interest.start),
    document.titleSpan.start,
  ]);
  let offset = 0;
  for (const line of document.text.split('\n')) {
    if (line && !headings.has(offset))
      paragraphs.push(line.replace(/[ğış]/g, (c) => ({ ğ: 'g', ı: 'i', ş: 's' })[c]).replace(/İ/g, 'I'));
    offset += line.length + 1;
  }
}

/** A PDF of the title, a "Profile" heading and `body` paragraphs, with header and footer; and its page count. */
async function typeset(body) {
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, bufferPages: true });
  const chunks = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.font('Helvetica-Bold').fontSize(24).text('Kazakhstan');
  doc.moveDown(0.5).fontSize(16).text('Profile');
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of body) doc.text(paragraph, { paragraphGap: 7 });
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    doc.font('Helvetica').fontSize(8).text('Kazakhstan — Dossier benchmark', 72, 36, { lineBreak: false });
    doc.text(`Page ${index + 1} of ${range.count}`, 280, 750, { lineBreak: false });
  }
  doc.end();
  await ended;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), pages: range.count };
}

// About 4 pages per 12 example bodies: grow the body until the PDF has the pages asked for.
let body = [];
let pdf = { bytes: new Uint8Array(), pages: 0 };
while (pdf.pages < pages) {
  const perPage = body.length > 0 ? body.length / pdf.pages : 6;
  const wanted = Math.max(body.length + 1, Math.ceil(perPage * pages));
  body = Array.from({ length: wanted }, (_, index) => paragraphs[index % paragraphs.length]);
  pdf = await typeset(body);
}
const text = new TextEncoder().encode(['Kazakhstan', '', 'Profile', ...body].join('\n'));

const cpuMs = async (run) => {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const reference = loadReferenceData(defaultDataDir());
const measure = async (run) => {
  await run();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await cpuMs(run));
  return median(times);
};

const pdfDocument = await ingestDocument({ bytes: pdf.bytes, name: 'bench.pdf' });
const textDocument = ingestProfile({ bytes: text, name: 'bench.txt' });
const same =
  JSON.stringify(pdfDocument.sentences.map((s) => pdfDocument.text.slice(s.start, s.end))) ===
  JSON.stringify(textDocument.sentences.map((s) => textDocument.text.slice(s.start, s.end)));

const parseText = await measure(() => ingestProfile({ bytes: text, name: 'bench.txt' }));
const parsePdf = await measure(() => ingestDocument({ bytes: pdf.bytes, name: 'bench.pdf' }));
const wholeText = await measure(() => extractProfile(ingestProfile({ bytes: text, name: 'bench.txt' }), reference));
const wholePdf = await measure(async () =>
  extractProfile(await ingestDocument({ bytes: pdf.bytes, name: 'bench.pdf' }), reference),
);

const fixed = (value, digits = 1) => value.toFixed(digits);
console.log(
  `PDF: ${pdf.pages} pages, ${(pdf.bytes.length / 1024).toFixed(0)} KiB; text: ` +
    `${(text.length / 1024).toFixed(0)} KiB, ${textDocument.sentences.length} sentences; same sentences: ${same}`,
);
console.log(
  `parse only     text ${fixed(parseText)} ms   pdf ${fixed(parsePdf)} ms   ratio ` +
    `${fixed(parsePdf / parseText)}×  (${fixed(parsePdf / pdf.pages, 2)} ms a page)`,
);
console.log(
  `parse+extract  text ${fixed(wholeText)} ms   pdf ${fixed(wholePdf)} ms   ratio ` +
    `${fixed(wholePdf / wholeText, 2)}×  (target ≤ 3×)`,
);
