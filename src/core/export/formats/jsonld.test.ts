// The `jsonld` export over a real collection (the examples, their sources, the seed and a source
// of our own with characters outside the Basic Multilingual Plane), read back by the `jsonld`
// package offline: expanded with the bundled context loader (which throws on any other URL), the
// expanded IRIs of a known entity (KAZ → wikidata Q232) and of the annotations are checked, and
// every annotation's TextQuoteSelector.exact equals the document text at its TextPositionSelector
// counted in Unicode code points (the W3C unit), and at its UTF-16 offsets.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFilter } from '../../../model/index.js';
import { Dossier } from '../../dossier.js';
import { expandProfilePaths } from '../../path-expander.js';
import { exportRecords, storeExportTables } from '../export-records.js';
import { bundledContextLoader, CodePointOffsets, jsonldBase, jsonldExporter } from './jsonld.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const schema = 'http://schema.org/';
const oa = 'http://www.w3.org/ns/oa#';
let folder: string;
let dossier: Dossier;

// Emoji and a mathematical letter (two UTF-16 units, one code point each) before the names.
const astralSource = [
  'Dushanbe keeps a wary eye on the Panj crossings 🌊',
  '',
  'Published: 9 April 2024',
  '',
  'Border guards in 🇹🇯 Tajikistan reported new crossings near Khorog; 𝐍otably, officials in Dushanbe said ' +
    'Afghanistan must secure the river.',
  '',
  'Tajikistan and 🇺🇿 Uzbekistan agreed on 12 March 2024 to share patrol data 🚓.',
  '',
].join('\n');

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-jsonld-'));
  dossier = await Dossier.open(path.join(folder, 'jsonld.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  expect((await dossier.ingestFiles(files)).refused).toBe(0);
  await dossier.ingestBytes(Buffer.from(astralSource), 'panj-crossings.txt');
}, 120_000);
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

async function exportJsonld(filter: Partial<ExportFilter> = {}): Promise<string> {
  const full: ExportFilter = { status: 'accepted', ...filter };
  let text = '';
  for await (const chunk of jsonldExporter.write({
    dossier,
    filter: full,
    records: () => exportRecords(dossier, full),
    tables: storeExportTables,
    exportedAt: '2026-01-02T03:04:05.000Z',
  })) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  }
  return text;
}

/** A loader that serves the bundled contexts and fails the test on any network URL. */
const refusedUrls: string[] = [];
const offlineLoader = async (url: string) => {
  try {
    return await bundledContextLoader(url);
  } catch (error) {
    refusedUrls.push(url);
    throw error;
  }
};

type Expanded = Record<string, unknown>;
const values = (node: Expanded, property: string): Array<Record<string, unknown>> =>
  (node[property] as Array<Record<string, unknown>> | undefined) ?? [];
const first = (node: Expanded, property: string): unknown => {
  const value = values(node, property)[0];
  return value?.['@value'] ?? value?.['@id'];
};

async function expandAll(text: string): Promise<Expanded[]> {
  const expanded = (await jsonld.expand(JSON.parse(text) as object, {
    documentLoader: offlineLoader as never,
  })) as Expanded[];
  expect(refusedUrls).toEqual([]);
  // A top-level object that holds only @graph expands to the graph's nodes.
  return expanded.length === 1 && expanded[0]!['@graph'] ? values(expanded[0]!, '@graph') : expanded;
}

describe('jsonld', () => {
  it('expands offline, with schema.org entities that are sameAs their Wikidata items', async () => {
    const graph = await expandAll(await exportJsonld());
    const byId = new Map(graph.map((node) => [node['@id'] as string, node]));
    const kaz = byId.get(`${jsonldBase}api/entities/KAZ`);
    expect(kaz?.['@type']).toEqual([`${schema}Country`]);
    expect(values(kaz!, `${schema}sameAs`)).toEqual([{ '@id': 'http://www.wikidata.org/entity/Q232' }]);
    expect(first(kaz!, `${schema}name`)).toBe('Kazakhstan');
    // The profile is a Country that is the same as the entity; its document a CreativeWork about it.
    const actor = byId.get(`${jsonldBase}api/actors/kazakhstan`);
    expect(values(actor!, `${schema}sameAs`).map((value) => value['@id'])).toEqual([
      `${jsonldBase}api/entities/KAZ`,
      'http://www.wikidata.org/entity/Q232',
    ]);
    const profile = byId.get(`${jsonldBase}api/actors/kazakhstan?version=1`);
    expect(profile?.['@type']).toEqual([`${schema}CreativeWork`]);
    expect(first(profile!, `${schema}about`)).toBe(`${jsonldBase}api/actors/kazakhstan`);
    expect(first(profile!, `${schema}text`)).toBe((await dossier.getActor('kazakhstan')).extraction.text);
    // An organ of a state, a person with a role, a city in its country.
    const types = new Set(graph.flatMap((node) => (node['@type'] as string[] | undefined) ?? []));
    for (const type of [
      'Country',
      'Place',
      'Organization',
      'GovernmentOrganization',
      'Person',
      'Project',
      'CreativeWork',
      'Event',
    ])
      expect(types, type).toContain(`${schema}${type}`);
    const herat = [...byId.values()].find((node) => first(node, `${schema}name`) === 'Herat');
    expect(first(herat!, `${schema}containedInPlace`)).toBe(`${jsonldBase}api/entities/AFG`);
    const withRole = graph.find(
      (node) =>
        (node['@type'] as string[] | undefined)?.includes(`${schema}Person`) &&
        values(node, `${schema}jobTitle`).length > 0,
    );
    expect(withRole).toBeDefined();
  });

  it('annotates every piece of evidence with a position and a quote that agree, in code points', async () => {
    const text = await exportJsonld();
    const graph = await expandAll(text);
    const documents = new Map(
      graph
        .filter(
          (node) =>
            (node['@type'] as string[] | undefined)?.includes(`${schema}CreativeWork`) &&
            values(node, `${schema}text`).length,
        )
        .map((node) => [node['@id'] as string, first(node, `${schema}text`) as string]),
    );
    const annotations = graph.filter((node) => (node['@type'] as string[] | undefined)?.includes(`${oa}Annotation`));
    const records: Record<string, number> = {};
    for await (const record of exportRecords(dossier, { status: 'accepted' }))
      records[record.type] = (records[record.type] ?? 0) + 1;
    const evidence = ['mention', 'time', 'quantity', 'event', 'relation', 'interest', 'posture'].reduce(
      (sum, type) => sum + (records[type] ?? 0),
      0,
    );
    expect(annotations.length).toBe(evidence);
    let astral = 0;
    for (const annotation of annotations) {
      const target = values(annotation, `${oa}hasTarget`)[0]!;
      const source = first(target as Expanded, `${oa}hasSource`) as string;
      const documentText = documents.get(source);
      expect(documentText, source).toBeDefined();
      const selectors = values(target as Expanded, `${oa}hasSelector`) as Expanded[];
      const position = selectors.find((selector) =>
        (selector['@type'] as string[]).includes(`${oa}TextPositionSelector`),
      )!;
      const quote = selectors.find((selector) => (selector['@type'] as string[]).includes(`${oa}TextQuoteSelector`))!;
      const start = Number(first(position, `${oa}start`));
      const end = Number(first(position, `${oa}end`));
      const exact = first(quote, `${oa}exact`) as string;
      const codePoints = Array.from(documentText!);
      expect(codePoints.slice(start, end).join('')).toBe(exact);
      expect(
        codePoints.slice(Math.max(0, start - [...(first(quote, `${oa}prefix`) as string)].length), start).join(''),
      ).toBe(first(quote, `${oa}prefix`));
      expect(codePoints.slice(end, end + [...(first(quote, `${oa}suffix`) as string)].length).join('')).toBe(
        first(quote, `${oa}suffix`),
      );
      const utf16Start = Number(first(position, 'https://dossier.invalid/vocab#utf16Start'));
      expect(documentText!.slice(utf16Start, Number(first(position, 'https://dossier.invalid/vocab#utf16End')))).toBe(
        exact,
      );
      if (utf16Start !== start) astral++;
      expect(values(annotation, `${oa}hasBody`).length).toBeGreaterThan(0);
    }
    // The source of our own puts astral characters before its mentions: there the units differ.
    expect(astral).toBeGreaterThan(3);
  });

  it('gives evidence its body (the entity, the EDTF value, the event) and a source its subject', async () => {
    const source = (await dossier.listSources()).find((s) => s.name.startsWith('Dushanbe keeps'));
    const graph = await expandAll(await exportJsonld({ actor: source!.id }));
    const annotations = graph.filter((node) => (node['@type'] as string[] | undefined)?.includes(`${oa}Annotation`));
    const ofType = (type: string) =>
      annotations.filter((annotation) => first(annotation, 'https://dossier.invalid/vocab#factType') === type);
    const tajikistan = ofType('mention').find(
      (annotation) => first(annotation, `${oa}hasBody`) === `${jsonldBase}api/entities/TJK`,
    );
    expect(values(tajikistan!, `${oa}motivatedBy`)).toEqual([{ '@id': `${oa}identifying` }]);
    const time = ofType('time').find(
      (annotation) =>
        first(values(annotation, `${oa}hasBody`)[0] as Expanded, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value') ===
        '2024-03-12',
    );
    expect(first(values(time!, `${oa}hasBody`)[0] as Expanded, 'http://purl.org/dc/terms/conformsTo')).toBe(
      'http://id.loc.gov/datatypes/edtf/EDTF',
    );
    const event = ofType('event')[0];
    const eventNode = graph.find((node) => node['@id'] === first(event!, `${oa}hasBody`));
    expect(eventNode?.['@type']).toEqual([`${schema}Event`]);
    // "officials in Dushanbe said": a statement of Tajikistan about Afghanistan, in Dushanbe, undated.
    expect(values(eventNode!, `${schema}attendee`).map((value) => value['@id'])).toEqual([
      `${jsonldBase}api/entities/TJK`,
      `${jsonldBase}api/entities/AFG`,
    ]);
    expect(first(eventNode!, `${schema}location`)).toBe(`${jsonldBase}api/entities/dushanbe`);
    expect(eventNode![`${schema}startDate`]).toBeUndefined();
    // The source's subject is what it is about.
    const document = graph.find((node) => (node['@type'] as string[] | undefined)?.includes(`${schema}CreativeWork`));
    expect(values(document!, `${schema}about`).map((value) => value['@id'])).toContain(`${jsonldBase}api/entities/TJK`);
    expect(first(document!, `${schema}datePublished`)).toBe('2024-04-09');
  });

  it('has a loader that serves only the bundled contexts', async () => {
    expect(
      ((await bundledContextLoader('https://schema.org/')).document as { '@context': Record<string, unknown> })[
        '@context'
      ]['Country'],
    ).toEqual({ '@id': 'schema:Country' });
    expect(
      (
        (await bundledContextLoader('http://www.w3.org/ns/anno.jsonld')).document as {
          '@context': Record<string, unknown>;
        }
      )['@context']['TextQuoteSelector'],
    ).toBe('oa:TextQuoteSelector');
    await expect(bundledContextLoader('https://example.org/context.jsonld')).rejects.toThrow(/refused/);
  });
});

describe('code points', () => {
  it('converts UTF-16 offsets to code points after surrogate pairs only', () => {
    const text = 'a𝐀b🇰🇿c';
    const offsets = new CodePointOffsets(text);
    // a=0, 𝐀=1..2, b=3, 🇰=4..5, 🇿=6..7, c=8
    expect([0, 1, 3, 4, 6, 8, 9].map((offset) => offsets.of(offset))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new CodePointOffsets('Алматы – شمال').of(13)).toBe(13);
  });
});
