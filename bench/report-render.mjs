// The dossier report of the Kazakhstan seed (with the examples' profiles and sources in the same
// collection, as the report's checks, compare row and "In the sources" read them): the PDF report
// against the Markdown report, in wall time. The first run of each is cold (the PDF one parses its
// fonts; both fill the views' caches); then the medians of --runs alternate runs. Target:
// PDF < 2 × Markdown + 300 ms.
// Usage: npm run build && node bench/report-render.mjs [--runs 7]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argument, median, root } from './bench-support.mjs';

const dist = (name) => path.join(root, 'dist', name);
const { Dossier } = await import(dist('core/dossier.js'));
const { exportRecords } = await import(dist('core/export/export-records.js'));
const { markdownReportExporter } = await import(dist('core/export/formats/report-markdown.js'));
const { pdfReportExporter } = await import(dist('core/export/formats/report-pdf.js'));

const runs = Number(argument('runs', '7'));
const folder = mkdtempSync(path.join(os.tmpdir(), 'dossier-report-bench-'));
const dossier = await Dossier.open(path.join(folder, 'bench.db'));
const examples = path.join(root, 'examples');
await dossier.ingestFiles([
  ...readdirSync(examples)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => path.join(examples, name)),
  ...readdirSync(path.join(examples, 'sources')).map((name) => path.join(examples, 'sources', name)),
  path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
]);

const filter = { actor: 'kazakhstan', status: 'accepted' };
async function render(exporter) {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of exporter.write({
    dossier,
    filter,
    records: () => exportRecords(dossier, filter),
    exportedAt: new Date().toISOString(),
  }))
    bytes += chunk.length;
  return { ms: performance.now() - started, bytes };
}

const coldMarkdown = await render(markdownReportExporter);
const coldPdf = await render(pdfReportExporter);
const markdown = [];
const pdf = [];
for (let run = 0; run < runs; run++) {
  markdown.push((await render(markdownReportExporter)).ms);
  pdf.push((await render(pdfReportExporter)).ms);
}
const markdownMs = median(markdown);
const pdfMs = median(pdf);
const budget = 2 * markdownMs + 300;
console.log(
  `cold: markdown ${coldMarkdown.ms.toFixed(0)} ms (${coldMarkdown.bytes} bytes), pdf ${coldPdf.ms.toFixed(0)} ` +
    `ms (${coldPdf.bytes} bytes)`,
);
console.log(
  `median of ${runs}: markdown ${markdownMs.toFixed(1)} ms, pdf ${pdfMs.toFixed(1)} ms; target pdf < 2 × ` +
    `markdown + 300 ms = ${budget.toFixed(0)} ms: ${pdfMs < budget ? 'met' : 'NOT met'}`,
);
await dossier.close();
rmSync(folder, { recursive: true, force: true });
if (pdfMs >= budget) process.exitCode = 1;
