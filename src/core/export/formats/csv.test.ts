// The `csv` export read back by independent readers: the zip by yauzl (written with yazl), every
// CSV by csv-parse. Checks the tables and their headers, that every cell equals the record it
// came from, the joins (entities, documents, sentence and mention spans), the compare matrix
// against the Compare view, the status filter, quoting and UTF-8, and that temp files go away.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportRecordTypes,
  exportTableNames,
  themes,
  type ExportFilter,
  type ExportRecord,
} from '../../../model/index.js';
import { collectionViewsFor } from '../../collection-views.js';
import { Dossier } from '../../dossier.js';
import { exportRecords, storeExportTables } from '../export-records.js';
import type { ExportContext, Exporter } from '../exporter.js';
import { csvExporter, csvField, csvRecord } from './csv.js';
import { xlsxExporter } from './xlsx.js';
import { recordRow, tabularTables, type CellValue } from './tabular-columns.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const exportedAt = '2025-01-31T12:00:00.000Z';
let folder: string;
let spoolRoot: string;
let dossier: Dossier;
const previousTmp = process.env.TMPDIR;

/** A source with Cyrillic, Arabic and accented text, commas, quotes and line breaks in its title and body. */
const trickySource = [
  '---',
  'title: "Сделка, «газ» и \\"квоты\\" — Ташкент"',
  'published: 2024-06-03',
  'publisher: "Ведомости, Almaty"',
  'actors: [Uzbekistan]',
  '---',
  '',
  'Uzbekistan and Kazakhstan signed a deal, "the biggest yet", in Tashkent; the minister said «это прорыв».',
  '',
  'Café owners in Nukus welcomed it. قال الوزير إن الاتفاق تاريخي, and Ömer Çelik of Türkiye agreed.',
  '',
].join('\n');

/** Reads every entry of a zip with yauzl (an independent reader: the export writes with yazl). */
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

const contextFor = (filter: ExportFilter): ExportContext => ({
  dossier,
  filter,
  exportedAt,
  records: () => exportRecords(dossier, filter),
  tables: storeExportTables,
});

/** Every CSV of a zip parsed by csv-parse, as arrays of strings (header first). */
async function csvTables(bytes: Buffer): Promise<{ entries: Map<string, Buffer>; tables: Map<string, string[][]> }> {
  const entries = await unzip(bytes);
  const tables = new Map<string, string[][]>();
  for (const [name, content] of entries)
    if (name.endsWith('.csv'))
      tables.set(name.slice(0, -4), parse(content, { relax_quotes: false, record_delimiter: '\r\n' }) as string[][]);
  return { entries, tables };
}

/** Rows of a parsed table as objects keyed by the header. */
const objects = (rows: string[][]): Array<Record<string, string>> =>
  rows.slice(1).map((row) => Object.fromEntries(rows[0]!.map((name, i) => [name, row[i]!])));
const asCsvText = (cell: CellValue): string => (cell === null ? '' : String(cell));

async function recordsOf(filter: ExportFilter): Promise<ExportRecord[]> {
  const records: ExportRecord[] = [];
  for await (const record of exportRecords(dossier, filter)) records.push(record);
  return records;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-csv-export-'));
  // The exporter's temporary files go here, so the test can see that they are removed.
  spoolRoot = path.join(folder, 'tmp');
  await mkdir(spoolRoot);
  process.env.TMPDIR = spoolRoot;
  dossier = await Dossier.open(path.join(folder, 'csv.db'));
  const examples = (await readdir(path.join(root, 'examples')))
    .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
    .map((file) => path.join(root, 'examples', file));
  const sources = (await readdir(path.join(root, 'examples', 'sources'))).map((file) =>
    path.join(root, 'examples', 'sources', file),
  );
  const tricky = path.join(folder, 'uzbek-deal.md');
  await writeFile(tricky, trickySource);
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
  process.env.TMPDIR = previousTmp;
  if (previousTmp === undefined) delete process.env.TMPDIR;
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('csv export of the collection', () => {
  let entries: Map<string, Buffer>;
  let tables: Map<string, string[][]>;
  let records: ExportRecord[];

  beforeAll(async () => {
    ({ entries, tables } = await csvTables(await bytesOf(csvExporter, contextFor({ status: 'accepted' }))));
    records = await recordsOf({ status: 'accepted' });
  }, 60_000);

  it('holds a README and one CSV per table, each with its header, and removes its temporary files', async () => {
    expect([...entries.keys()]).toEqual(['README.txt', ...tabularTables.map((table) => `${table.name}.csv`)]);
    for (const table of tabularTables)
      expect(tables.get(table.name)![0], table.name).toEqual(table.columns.map((column) => column.name));
    const readme = entries.get('README.txt')!.toString('utf8');
    expect(readme).toContain('mentions.entity');
    expect(readme).toMatch(/sentences \(\d+ rows\)/);
    expect(await readdir(spoolRoot)).toEqual([]);
  });

  it('has every record as one row whose cells equal its fields (no byte order mark; UTF-8 round trips)', () => {
    for (const content of entries.values())
      expect(content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const expected = new Map<string, string[][]>();
    for (const record of records) {
      const { table, cells } = recordRow(record);
      if (!expected.has(table)) expected.set(table, []);
      expected.get(table)!.push(cells.map(asCsvText));
    }
    for (const type of exportRecordTypes) {
      const name = exportTableNames[type];
      expect(tables.get(name)!.slice(1), name).toEqual(expected.get(name) ?? []);
    }
    expect(tables.get('mentions')!.length).toBeGreaterThan(100);
  });

  it('keeps Cyrillic, Arabic and accented text, commas, quotes and line breaks intact', () => {
    const documents = objects(tables.get('documents')!);
    const deal = documents.find((d) => d.title?.startsWith('Сделка'));
    expect(deal?.title).toBe('Сделка, «газ» и "квоты" — Ташкент');
    expect(deal?.publisher).toBe('Ведомости, Almaty');
    expect(deal?.text).toContain('«это прорыв»');
    expect(deal?.text).toContain('قال الوزير إن الاتفاق تاريخي, and Ömer Çelik of Türkiye agreed.');
    expect(deal?.text).toContain('\n\n');
    const sentences = objects(tables.get('sentences')!).filter((s) => s.actor === deal!.actor);
    expect(sentences.map((s) => s.text)).toContain('Café owners in Nukus welcomed it.');
  });

  it('has ids that join: entities, documents, and spans that slice documents.text', () => {
    const entityIds = new Set(objects(tables.get('entities')!).map((e) => e.id));
    expect(entityIds.size).toBe(tables.get('entities')!.length - 1);
    const documents = new Map(objects(tables.get('documents')!).map((d) => [`${d.actor}@${d.version}`, d]));
    const actorIds = new Set(objects(tables.get('actors')!).map((a) => a.id));
    for (const document of documents.values()) expect(actorIds.has(document.actor)).toBe(true);

    for (const mention of objects(tables.get('mentions')!))
      expect(entityIds.has(mention.entity), mention.entity).toBe(true);
    for (const subject of objects(tables.get('subjects')!))
      expect(entityIds.has(subject.entity), subject.entity).toBe(true);
    const events = objects(tables.get('events')!);
    expect(events.some((event) => event.actors?.includes(';'))).toBe(true);
    for (const event of events) {
      for (const actor of event.actors ? event.actors.split(';') : []) expect(entityIds.has(actor), actor).toBe(true);
      if (event.place) expect(entityIds.has(event.place), event.place).toBe(true);
    }

    for (const name of [
      'subjects',
      'sections',
      'interests',
      'sentences',
      'mentions',
      'times',
      'quantities',
      'events',
      'relations',
      'postures',
      'compare',
    ]) {
      for (const row of objects(tables.get(name)!))
        expect(documents.has(`${row.actor}@${row.version}`), `${name}: ${row.actor}@${row.version}`).toBe(true);
    }
    const slice = (row: Record<string, string>) =>
      documents.get(`${row.actor}@${row.version}`)!.text!.slice(Number(row.start), Number(row.end));
    const sentences = objects(tables.get('sentences')!);
    expect(sentences.length).toBeGreaterThan(200);
    for (const sentence of sentences) expect(slice(sentence)).toBe(sentence.text);
    for (const mention of objects(tables.get('mentions')!)) expect(slice(mention)).toBe(mention.text);
  });

  it('has the compare matrix of the Compare view: a rank or "narrative" per theme', async () => {
    const view = await collectionViewsFor(dossier).compare();
    const compare = objects(tables.get('compare')!);
    expect(compare.map((row) => row.actor).sort()).toEqual(view.rows.map((row) => row.actor).sort());
    for (const row of view.rows) {
      const exported = compare.find((candidate) => candidate.actor === row.actor)!;
      expect(exported.version).toBe(String(row.version));
      expect(exported.posture).toBe(row.posture ?? '');
      for (const theme of themes) {
        const cell = row.cells[theme];
        expect(exported[theme], `${row.actor} ${theme}`).toBe(
          cell ? (cell.kind === 'interest' ? String(cell.rank) : 'narrative') : '',
        );
      }
    }
    expect(compare.some((row) => themes.some((theme) => row[theme] === 'narrative'))).toBe(true);
    expect(compare.some((row) => themes.some((theme) => /^\d+$/.test(row[theme]!)))).toBe(true);
  });
});

describe('csv export narrowed', () => {
  it('to one actor: only its document, its entities and its compare row', async () => {
    const { tables } = await csvTables(
      await bytesOf(csvExporter, contextFor({ actor: 'tajikistan', status: 'accepted' })),
    );
    const documents = objects(tables.get('documents')!);
    expect(documents.map((d) => d.actor)).toEqual(['tajikistan']);
    expect(objects(tables.get('compare')!).map((row) => row.actor)).toEqual(['tajikistan']);
    expect(new Set(objects(tables.get('mentions')!).map((m) => m.actor))).toEqual(new Set(['tajikistan']));
    const entityIds = new Set(objects(tables.get('entities')!).map((e) => e.id));
    for (const mention of objects(tables.get('mentions')!)) expect(entityIds.has(mention.entity)).toBe(true);
  });

  it(
    'by review status: rejected interests leave the tables and the compare matrix; confirmed keeps only reviewed ' +
      'ones',
    async () => {
      const interests = (
        await dossier.review.listFacts({ actor: 'pakistan', type: 'interest', status: 'any', limit: 50, offset: 0 })
      ).facts;
      expect(interests.length).toBeGreaterThan(1);
      const byRank = (fact: (typeof interests)[number]) => (fact.payload as { rank: number }).rank;
      const [first, second] = [...interests].sort((a, b) => byRank(a) - byRank(b));
      await dossier.review.reject(first!.id, 'csv-test');
      await dossier.review.confirm(second!.id, 'csv-test');
      const rejectedThemes = (first!.payload as { themes: string[] }).themes;

      const accepted = await csvTables(
        await bytesOf(csvExporter, contextFor({ actor: 'pakistan', status: 'accepted' })),
      );
      const acceptedRanks = objects(accepted.tables.get('interests')!).map((i) => i.rank);
      expect(acceptedRanks).not.toContain(String(byRank(first!)));
      const acceptedRow = objects(accepted.tables.get('compare')!)[0]!;
      for (const theme of rejectedThemes) expect(acceptedRow[theme]).not.toBe(String(byRank(first!)));

      const confirmed = await csvTables(
        await bytesOf(csvExporter, contextFor({ actor: 'pakistan', status: 'confirmed' })),
      );
      const confirmedInterests = objects(confirmed.tables.get('interests')!);
      expect(confirmedInterests.map((i) => [i.rank, i.status])).toEqual([[String(byRank(second!)), 'confirmed']]);
      const confirmedRow = objects(confirmed.tables.get('compare')!)[0]!;
      const ranks = themes.map((theme) => confirmedRow[theme]).filter((cell) => /^\d+$/.test(cell!));
      expect(new Set(ranks)).toEqual(new Set([String(byRank(second!))]));

      const all = await csvTables(await bytesOf(csvExporter, contextFor({ actor: 'pakistan', status: 'all' })));
      expect(
        objects(all.tables.get('interests')!)
          .filter((i) => i.status === 'rejected')
          .map((i) => i.rank),
      ).toEqual([String(byRank(first!))]);
      expect(objects(all.tables.get('compare')!)[0]).toEqual(acceptedRow);
    },
  );
});

describe('temporary files', () => {
  it.each([csvExporter, xlsxExporter])('an abandoned $name download leaves none behind', async (exporter) => {
    let chunks = 0;
    for await (const chunk of exporter.write(contextFor({ status: 'accepted' }))) {
      expect(chunk.length).toBeGreaterThan(0);
      chunks += 1;
      break;
    }
    expect(chunks).toBe(1);
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});

describe('csv fields (RFC 4180)', () => {
  const awkward: CellValue[] = [
    'plain',
    'a, b',
    'say "hi"',
    'line\nbreak',
    'crlf\r\nline',
    '  padded  ',
    '',
    null,
    0,
    -1.5,
    true,
    false,
    '=SUM(A1)',
    'Ўзбекистон; دوشنبه; Müller 🌍',
  ];

  it('quotes only fields with a comma, a quote or a line break, and csv-parse reads them back', () => {
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('  padded  ')).toBe('  padded  ');
    expect(csvField(null)).toBe('');
    const line = csvRecord(awkward);
    expect(line.endsWith('\r\n')).toBe(true);
    const [parsed] = parse(Buffer.from(line + line, 'utf8'), { record_delimiter: '\r\n' }) as string[][];
    expect(parsed).toEqual(awkward.map(asCsvText));
  });
});
