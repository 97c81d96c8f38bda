// Test support for the dossier report (markdown and pdf): a Dossier on a temp SQLite file with the
// examples (12 profiles, 4 sources), the Kazakhstan seed, a profile with an Arabic and a Cyrillic
// name (Bahrain), and a two-page PDF source, so that footnotes cite PDF pages; plus a runner that
// collects an exporter's bytes, and the rule for when a missing command-line tool may skip a test.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FootnoteDefinition, Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import PDFDocument from 'pdfkit';
import type { ExportFilter } from '../../../../model/index.js';
import { Dossier } from '../../../dossier.js';
import { exportRecords, storeExportTables } from '../../export-records.js';
import type { Exporter } from '../../exporter.js';

const root = path.resolve(import.meta.dirname, '../../../../..');
export const inCi = process.env.CI === 'true';

/** Whether a command-line tool (pdftotext) is on the PATH. Under CI=true a missing tool is a failure, not a skip. */
export function hasTool(command: string): boolean {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (inCi) throw new Error(`${command} is needed under CI=true (install poppler-utils)`);
    return false;
  }
}

export const arabicName = 'عبد اللطيف الزياني';
export const cyrillicName = 'Алихан Смаилов';

const bahrainProfile = [
  '---',
  'actor: Bahrain',
  'country: BHR',
  'as_of: 2024-05-01',
  '---',
  '# Bahrain',
  '',
  '## Profile',
  '',
  `Bahrain keeps a small embassy in Kabul. Foreign Minister ${arabicName} met the Kazakh envoy ${cyrillicName} ` +
    `in Manama to discuss humanitarian aid to Afghanistan.`,
  '',
  '## Key Interests & Priorities',
  '',
  '1. Humanitarian Relief',
  '',
  'Bahrain provides humanitarian aid to Afghanistan through the Red Crescent.',
  '',
].join('\n');

/** A two-page article typeset with pdfkit: the Kazakh sentence is on page 2. */
async function twoPageSource(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', margin: 50 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.fontSize(16).text('Grain convoys cross the Amu Darya');
  doc.fontSize(11).text('Published: 3 March 2024').moveDown();
  doc.text('Traders in Termez counted more wagons this winter than last.');
  doc.addPage();
  doc.text('Kazakhstan shipped another forty thousand tonnes of flour to Afghanistan through Hairatan in February.');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export interface ReportFixture {
  dossier: Dossier;
  close(): Promise<void>;
}

export async function openReportFixture(): Promise<ReportFixture> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-report-'));
  const dossier = await Dossier.open(path.join(folder, 'report.db'));
  const examples = (await readdir(path.join(root, 'examples')))
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => path.join(root, 'examples', name));
  const sources = (await readdir(path.join(root, 'examples', 'sources'))).map((name) =>
    path.join(root, 'examples', 'sources', name),
  );
  await writeFile(path.join(folder, 'bahrain.md'), bahrainProfile);
  await writeFile(path.join(folder, 'grain-convoys.pdf'), await twoPageSource());
  await dossier.ingestFiles([
    ...examples,
    ...sources,
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
    path.join(folder, 'bahrain.md'),
    path.join(folder, 'grain-convoys.pdf'),
  ]);
  return {
    dossier,
    close: async () => {
      await dossier.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** An exporter's whole output. */
export async function exportBytes(
  exporter: Exporter,
  dossier: Dossier,
  filter: Partial<ExportFilter> = {},
): Promise<Buffer> {
  const full: ExportFilter = { status: 'accepted', ...filter };
  const chunks: Buffer[] = [];
  for await (const chunk of exporter.write({
    dossier,
    filter: full,
    records: () => exportRecords(dossier, full),
    tables: storeExportTables,
    exportedAt: '2025-01-02T03:04:05.000Z',
  }))
    chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The Markdown report as mdast, with GitHub footnotes. */
export const parseReport = (markdown: string): Root =>
  fromMarkdown(markdown, { extensions: [gfmFootnote()], mdastExtensions: [gfmFootnoteFromMarkdown()] });

/** The quote of a footnote definition: between the opening “ and the last ” — . */
export const quoteOf = (definition: FootnoteDefinition): string => {
  const text = toString(definition);
  return text.slice(text.indexOf('“') + 1, text.lastIndexOf('” — '));
};
