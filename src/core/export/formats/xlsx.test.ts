// The `xlsx` export read back by an independent reader (read-excel-file; the export writes with
// exceljs): the same sheets, row counts and cell values as the tables of the `csv` export (read
// with yauzl and csv-parse), Excel's limits (cut cells with a marker, tables continued on further
// sheets), XML-unsafe characters replaced one for one, and text that stays text (no formulas).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFilter, ExportRecord } from '../../../model/index.js';
import { Dossier } from '../../dossier.js';
import { exportRecords, storeExportTables } from '../export-records.js';
import type { ExportContext, Exporter } from '../exporter.js';
import { csvExporter } from './csv.js';
import { tabularTables } from './tabular-columns.js';
import { createXlsxExporter, xlsxCell, xlsxExporter } from './xlsx.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const exportedAt = '2025-02-14T08:30:00.000Z';
let folder: string;
let dossier: Dossier;

async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

async function bytesOf(exporter: Exporter, context: ExportContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exporter.write(context))
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The sheets of a workbook as read by read-excel-file, every cell as text ('' for an empty cell). */
async function sheetsOf(bytes: Buffer): Promise<Map<string, string[][]>> {
  const sheets = await readXlsxFile(bytes, { trim: false });
  return new Map(
    sheets.map(({ sheet, data }) => [
      sheet,
      data.map((row) =>
        row.map((cell) =>
          cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell),
        ),
      ),
    ]),
  );
}

async function csvTablesOf(bytes: Buffer): Promise<Map<string, string[][]>> {
  const tables = new Map<string, string[][]>();
  for (const [name, content] of await unzip(bytes))
    if (name.endsWith('.csv'))
      tables.set(name.slice(0, -4), parse(content, { record_delimiter: '\r\n' }) as string[][]);
  return tables;
}

const contextFor = (filter: ExportFilter): ExportContext => ({
  dossier,
  filter,
  exportedAt,
  records: () => exportRecords(dossier, filter),
  tables: storeExportTables,
});

/** A context over hand-made records (the exporters read only records, filter and exportedAt). */
const syntheticContext = (records: ExportRecord[]): ExportContext => ({
  dossier: undefined as unknown as Dossier,
  filter: { status: 'accepted' },
  exportedAt,
  async *records() {
    yield* records;
  },
  tables: storeExportTables,
});

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-xlsx-export-'));
  dossier = await Dossier.open(path.join(folder, 'xlsx.db'));
  const examples = (await readdir(path.join(root, 'examples')))
    .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
    .map((file) => path.join(root, 'examples', file));
  const sources = (await readdir(path.join(root, 'examples', 'sources'))).map((file) =>
    path.join(root, 'examples', 'sources', file),
  );
  const tricky = path.join(folder, 'tehran-note.txt');
  await writeFile(
    tricky,
    'Гуманитарный коридор, "Герат" и Тегеран\n\nPublished: 9 April 2024\n\nIran and Afghanistan reopened the ' +
      'Dogharoun crossing, officials said: «шаг вперёд».\n\nوزارت خارجه ایران گفت, and Zoë Ménard of the ICRC ' +
      'welcomed it.\n',
  );
  const report = await dossier.ingestFiles(
    [...examples, ...sources, path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), tricky],
    { jobs: 0 },
  );
  expect(
    report.refused,
    report.results
      .map((r) => r.error?.describe())
      .filter(Boolean)
      .join('\n'),
  ).toBe(0);
}, 120_000);

afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('xlsx export of the collection', () => {
  it('has a README sheet and one sheet per table with the same rows and cell values as the CSV files', async () => {
    const filter: ExportFilter = { status: 'accepted' };
    const [workbook, csv] = await Promise.all([
      bytesOf(xlsxExporter, contextFor(filter)).then(sheetsOf),
      bytesOf(csvExporter, contextFor(filter)).then(csvTablesOf),
    ]);
    expect([...workbook.keys()]).toEqual(['README', ...tabularTables.map((table) => table.name)]);
    expect(workbook.get('README')!.flat().join('\n')).toContain('mentions.entity');
    for (const table of tabularTables) {
      const sheet = workbook.get(table.name)!;
      const rows = csv.get(table.name)!;
      expect(sheet.length, table.name).toBe(rows.length);
      expect(sheet, table.name).toEqual(rows);
    }
    expect(workbook.get('sentences')!.length).toBeGreaterThan(200);
    const documents = workbook.get('documents')!;
    const text = documents[0]!.indexOf('text');
    const tehran = documents.find((row) => row.includes('Гуманитарный коридор, "Герат" и Тегеран'));
    expect(tehran?.[text]).toContain('وزارت خارجه ایران گفت, and Zoë Ménard of the ICRC welcomed it.');
  }, 60_000);

  it('is narrowed by the actor filter like the CSV files', async () => {
    const workbook = await sheetsOf(await bytesOf(xlsxExporter, contextFor({ actor: 'iran', status: 'accepted' })));
    const documents = workbook.get('documents')!;
    expect(documents.slice(1).map((row) => row[0])).toEqual(['iran']);
    expect(
      workbook
        .get('compare')!
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['iran']);
  });
});

describe('xlsx within Excel limits', () => {
  const longText = `${'Кыргызстан, «Бишкек» — '.repeat(20)}\u0007bell\u000cfeed\u0000nul end 👋🏽`;
  const records: ExportRecord[] = [
    { type: 'actor', id: 'kyrgyzstan', name: 'Kyrgyzstan', country: 'KGZ', kind: 'profile', version: 2, versions: 2 },
    {
      type: 'document',
      actor: 'kyrgyzstan',
      version: 2,
      kind: 'profile',
      title: '=HYPERLINK("http://x.invalid","click")',
      sourceName: 'kyrgyzstan.md',
      format: 'md',
      hash: 'ab12',
      ingestedAt: exportedAt,
      asOf: '2024-05',
      published: null,
      publisher: null,
      author: '  Aigerim Sadykova, Ph.D.  ',
      sourceUrl: null,
      text: longText,
    },
    ...Array.from({ length: 7 }, (_, index): ExportRecord => ({
      type: 'sentence',
      actor: 'kyrgyzstan',
      version: 2,
      index,
      start: index,
      end: index + 1,
      text: longText.slice(index, index + 1),
      themes: index % 2 ? ['water', 'energy'] : [],
      page: null,
    })),
    {
      type: 'entity',
      id: 'UZB',
      entityType: 'country',
      name: 'Oʻzbekiston',
      country: 'UZB',
      wikidata: 'Q265',
      aliases: ['Uzbekistan', 'Özbekistan'],
      attributes: { capital: 'Tashkent' },
    },
    {
      type: 'relation',
      actor: 'kyrgyzstan',
      version: 2,
      start: 0,
      end: 10,
      status: 'machine',
      subject: 'KGZ',
      predicate: 'borders',
      object: 'UZB',
      negated: true,
      valid: null,
      current: true,
    },
  ];

  it('cuts long cells with a marker, continues long tables on further sheets, and keeps text as text', async () => {
    const limits = { maxRows: 4, maxCellLength: 150 };
    const bytes = await bytesOf(createXlsxExporter(limits), syntheticContext(records));
    const workbook = await sheetsOf(bytes);
    expect([...workbook.keys()]).toContain('sentences (3)');
    expect([...workbook.keys()]).not.toContain('sentences (4)');
    const sentenceSheets = ['sentences', 'sentences (2)', 'sentences (3)'].map((name) => workbook.get(name)!);
    for (const sheet of sentenceSheets)
      expect(sheet[0]).toEqual(tabularTables.find((t) => t.name === 'sentences')!.columns.map((c) => c.name));
    expect(sentenceSheets.map((sheet) => sheet.length - 1)).toEqual([3, 3, 1]);
    expect(sentenceSheets.flatMap((sheet) => sheet.slice(1).map((row) => row[2]))).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);

    const documents = workbook.get('documents')!;
    const text = documents[1]![documents[0]!.indexOf('text')]!;
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text).toMatch(new RegExp(`\\[…cut: ${longText.length} characters in all; the csv export has them all\\]$`));
    expect(longText.startsWith(text.slice(0, 60))).toBe(true);
    expect(documents[1]![documents[0]!.indexOf('title')]).toBe('=HYPERLINK("http://x.invalid","click")');
    expect(documents[1]![documents[0]!.indexOf('author')]).toBe('  Aigerim Sadykova, Ph.D.  ');
    expect(workbook.get('relations')![1]).toContain('true');
    expect(workbook.get('entities')![1]).toEqual([
      'UZB',
      'country',
      'Oʻzbekiston',
      'UZB',
      'Q265',
      'Uzbekistan;Özbekistan',
      '{"capital":"Tashkent"}',
    ]);

    const sheetXml = [...(await unzip(bytes)).entries()]
      .filter(([name]) => name.includes('worksheets/'))
      .map(([, xml]) => xml.toString('utf8'));
    expect(sheetXml.length).toBeGreaterThan(tabularTables.length);
    for (const xml of sheetXml) expect(xml).not.toContain('<f>');
  });

  it('replaces characters a workbook cannot hold one for one, so offsets still slice the text', async () => {
    const limits = { maxRows: 100, maxCellLength: 10_000 };
    const workbook = await sheetsOf(await bytesOf(createXlsxExporter(limits), syntheticContext(records)));
    const documents = workbook.get('documents')!;
    const text = documents[1]![documents[0]!.indexOf('text')]!;
    expect(text.length).toBe(longText.length);
    expect(text).toContain('\uFFFDbell\uFFFDfeed\uFFFDnul end 👋🏽');
    expect(text.startsWith('Кыргызстан, «Бишкек» — ')).toBe(true);
  });

  it('never splits a surrogate pair when it cuts', () => {
    const emoji = '🌍'.repeat(100);
    for (let limit = 60; limit < 70; limit++) {
      const cut = xlsxCell(emoji, limit) as string;
      expect(cut.length).toBeLessThanOrEqual(limit);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(xlsxCell('a\r\nb', 10)).toBe('a\n\nb');
    expect(xlsxCell(42, 1)).toBe(42);
    expect(xlsxCell(null, 1)).toBeNull();
  });
});
