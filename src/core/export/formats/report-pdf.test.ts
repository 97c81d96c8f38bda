// The `pdf` dossier report read back by an independent reader (pdftotext of poppler-utils): the
// seed's report holds every footnoted evidence quote of its Markdown report, Arabic and Cyrillic
// text survive, the collection report has a table of contents with the pages the sections start
// on, and every page is numbered. Under CI=true a missing pdftotext fails the tests.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FootnoteDefinition } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownReportExporter } from './report-markdown.js';
import { pdfReportExporter } from './report-pdf.js';
import {
  arabicName,
  cyrillicName,
  exportBytes,
  hasTool,
  openReportFixture,
  parseReport,
  quoteOf,
  type ReportFixture,
} from './test-support/report-fixture.js';

const havePdftotext = hasTool('pdftotext');
let fixture: ReportFixture;
let folder: string;
beforeAll(async () => {
  fixture = await openReportFixture();
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-report-pdf-'));
}, 180_000);
afterAll(async () => {
  await fixture?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The PDF's text as pdftotext reads it, page by page (form feeds split pages). */
async function pdfText(pdf: Buffer, name: string): Promise<string[]> {
  const file = path.join(folder, `${name}.pdf`);
  await writeFile(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f');
}

/** Without whitespace and bidi marks (line breaks and the order marks pdftotext puts around RTL text). */
const squeeze = (text: string): string => text.replace(/[\s\u200e\u200f\u202a-\u202e]+/g, '');

describe.skipIf(!havePdftotext)('pdf report', () => {
  it('of the seed holds every footnoted evidence quote of the Markdown report', async () => {
    const [markdown, pdf] = await Promise.all([
      exportBytes(markdownReportExporter, fixture.dossier, { actor: 'kazakhstan' }),
      exportBytes(pdfReportExporter, fixture.dossier, { actor: 'kazakhstan' }),
    ]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const quotes = (
      parseReport(markdown.toString('utf8')).children.filter(
        (node) => node.type === 'footnoteDefinition',
      ) as FootnoteDefinition[]
    ).map(quoteOf);
    expect(quotes.length).toBeGreaterThan(10);
    const text = squeeze((await pdfText(pdf, 'kazakhstan')).join('\n'));
    const missing = quotes.filter((quote) => !text.includes(squeeze(quote)));
    expect(missing).toEqual([]);
    expect(text).toContain(squeeze('Grain convoys cross the Amu Darya (source), version 1, p. 2'));
  });

  it('keeps Arabic (shaped, in logical order for a reader) and Cyrillic text', async () => {
    const pages = await pdfText(await exportBytes(pdfReportExporter, fixture.dossier, { actor: 'bahrain' }), 'bahrain');
    const text = pages.join('\n');
    expect(text).toContain(cyrillicName);
    expect(squeeze(text)).toContain(squeeze(arabicName));
    // The Arabic words are not laid out left to right.
    expect(squeeze(text)).not.toContain(squeeze(arabicName.split(' ').reverse().join(' ')));
  });

  it('of the collection: a table of contents with the page each profile starts on, and page numbers', async () => {
    const pages = await pdfText(await exportBytes(pdfReportExporter, fixture.dossier), 'collection');
    if (pages.at(-1)?.trim() === '') pages.pop();
    const total = pages.length;
    pages.forEach((page, index) => expect(page).toContain(`${index + 1} / ${total}`));
    const profiles = await fixture.dossier.listActors();
    const contents = pages[0]!;
    for (const profile of profiles) {
      const row = contents.split('\n').findIndex((line) => line.trim() === profile.name);
      expect(row, profile.name).toBeGreaterThan(-1);
    }
    // Each profile's section starts on the page the contents give: its name heads that page.
    const numbers = [...contents.matchAll(/^(\d+)$/gm)].map((m) => Number(m[1])).filter((n) => n > 1 && n <= total);
    expect(numbers.length).toBeGreaterThanOrEqual(profiles.length);
    for (const profile of profiles) {
      const starts = pages.findIndex((page) => page.trimStart().startsWith(`${profile.name}\n`));
      expect(starts, profile.name).toBeGreaterThan(0);
      expect(numbers).toContain(starts + 1);
    }
  });
});
