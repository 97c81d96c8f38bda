// The record exports of docs/ARCHITECTURE.md "Adding an item kind", exercised: a toy kind declared
// once (type, plural, schema, csv columns, toRecord, its stored columns), its store kind made from
// that declaration alone, appears in the json, ndjson and csv exports — its own table, its records
// with the shared item columns and their review status — with no other change to the exports; the
// store's own kinds are exported as before, and the store's registry gives exactly the model's list
// of exported kinds.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportTablesOf,
  itemRecordKinds,
  reviewedItemKind,
  spanColumns,
  type ActorDetail,
  type Extraction,
  type ExportFilter,
} from '../../model/index.js';
import { documentItemKinds, itemKindOf, type ItemKind } from '../../store/item-kinds.js';
import type { Store } from '../../store/index.js';
import { Dossier } from '../dossier.js';
import { exportedItemKinds, exportRecords } from './export-records.js';
import type { ExportContext, Exporter } from './exporter.js';
import { csvExporter } from './formats/csv.js';
import { jsonExporter } from './formats/json.js';
import { ndjsonExporter } from './formats/ndjson.js';

const ToySchema = z.object({
  label: z.string(),
  weight: z.number(),
  flagged: z.boolean(),
  start: z.number().int(),
  end: z.number().int(),
});
type Toy = z.infer<typeof ToySchema>;

/** The toy kind, declared once (in the application: a file of src/model/item-kinds/, a line in its list). */
const toyDeclaration = reviewedItemKind({
  type: 'toy',
  plural: 'toys',
  field: 'toys',
  about: 'labelled, weighted spans',
  item: ToySchema,
  table: 'toys',
  columns: [
    { name: 'label', type: 'text' },
    { name: 'weight', type: 'float' },
    { name: 'flagged', type: 'bool' },
    ...spanColumns(),
  ],
  record: {
    shape: { label: z.string(), weight: z.number(), flagged: z.boolean() },
    columns: [
      ['label', 'the label'],
      ['weight', 'the weight'],
      ['flagged', 'whether it is flagged'],
    ],
    toRecord: (toy) => ({ label: toy.label, weight: toy.weight, flagged: toy.flagged }),
  },
  review: { payload: z.object({ label: z.string() }) },
});
/** Its model part in the exports, and the store's kind made from the declaration alone (which links it). */
const toyRecords = toyDeclaration.record;
const toyKind: ItemKind = itemKindOf(toyDeclaration);

const toys: Toy[] = [
  { label: 'first', weight: 0.5, flagged: true, start: 0, end: 10 },
  { label: 'second; with a separator', weight: 2, flagged: false, start: 12, end: 20 },
];

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let folder: string;
let dossier: Dossier;
/** The dossier as a store of the toy registry serves it: every version's extraction carries the toys. */
let toyDossier: Dossier;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-toy-export-'));
  dossier = await Dossier.open(path.join(folder, 'toys.db'));
  expect((await dossier.ingestFiles([path.join(root, 'examples', 'qatar.md')])).refused).toBe(0);
  const withToys = (detail: ActorDetail): ActorDetail => ({
    ...detail,
    extraction: { ...detail.extraction, toys } as Extraction,
  });
  const store = new Proxy(dossier.store, {
    get(target, name) {
      if (name === 'getActors')
        return async (refs: Parameters<Store['getActors']>[0]) => (await target.getActors(refs)).map(withToys);
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  toyDossier = { store } as unknown as Dossier;
}, 120_000);
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

const filter: ExportFilter = { status: 'accepted' };
const registry = [...documentItemKinds, toyKind];

/** An export of the toy registry: the tables follow from the registry, nothing else is told of the toys. */
function contextOf(kinds: readonly ItemKind[]): ExportContext {
  const tables = exportTablesOf(exportedItemKinds(kinds));
  return {
    dossier: toyDossier,
    filter,
    exportedAt: '2026-01-01T00:00:00.000Z',
    records: () => exportRecords(toyDossier, filter, tables),
    tables,
  };
}

async function bytesOf(exporter: Exporter, context: ExportContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exporter.write(context)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Every entry of a zip, read by yauzl. */
async function unzip(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

const expected = toys.map(({ start, end, label, weight, flagged }) => ({
  type: 'toy',
  actor: 'qatar',
  version: 1,
  start,
  end,
  status: 'machine',
  label,
  weight,
  flagged,
}));

describe('an item kind in the record exports (a toy kind in a temporary registry)', () => {
  it('the store registry gives the model list of exported kinds, then the toy', () => {
    expect(exportedItemKinds(documentItemKinds)).toEqual([...itemRecordKinds]);
    expect(exportedItemKinds(registry)).toEqual([...itemRecordKinds, toyRecords]);
  });

  it('appears in the json export as a table of its own, after the store kinds', async () => {
    const json = JSON.parse((await bytesOf(jsonExporter, contextOf(registry))).toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(json).slice(-2)).toEqual(['postures', 'toys']);
    expect(json.toys).toEqual(expected);
    const without = JSON.parse((await bytesOf(jsonExporter, contextOf(documentItemKinds))).toString('utf8'));
    expect({ ...json, toys: undefined }).toEqual({ ...without, toys: undefined });
    for (const record of json.toys as unknown[]) expect(toyRecords.schema.parse(record)).toEqual(record);
  });

  it('appears in the ndjson export after each document’s other records', async () => {
    const lines = (await bytesOf(ndjsonExporter, contextOf(registry))).toString('utf8').trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { type: string });
    expect(records.filter((record) => record.type === 'toy')).toEqual(expected);
    expect(records.slice(-2)).toEqual(expected);
  });

  it('appears in the csv export as toys.csv with the shared item columns and its own', async () => {
    const entries = await unzip(await bytesOf(csvExporter, contextOf(registry)));
    expect([...entries.keys()].slice(-3)).toEqual(['postures.csv', 'toys.csv', 'compare.csv']);
    expect(entries.get('toys.csv')).toBe(
      'actor,version,start,end,status,label,weight,flagged\r\n' +
        'qatar,1,0,10,machine,first,0.5,true\r\n' +
        'qatar,1,12,20,machine,second; with a separator,2,false\r\n',
    );
    expect(entries.get('README.txt')).toContain('toys (2 rows): labelled, weighted spans');
    expect(entries.get('README.txt')).toContain('  weight: the weight');
  });
});
