// The `ftm` export over a real collection (the examples, their sources and the seed), read back
// line by line and checked against @alephdata/followthemoney's model: every entity has a known,
// concrete schema, only properties of that schema, the required properties of the schema and its
// parents, values of the property's type (FtM dates, lowercase alpha-2 country codes that the
// model knows, Wikidata ids, URLs, entity references that resolve to an entity of the property's
// range), and the model's own entity class reads it back unchanged. Every entity is traceable to
// its document and span; the review status and the actor filter narrow it; ids are deterministic.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultModel, Entity, Model, type Schema } from '@alephdata/followthemoney';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFilter } from '../../../model/index.js';
import { Dossier } from '../../dossier.js';
import { expandProfilePaths } from '../../path-expander.js';
import { exportRecords, storeExportTables } from '../export-records.js';
import { ftmCountry, ftmDate, ftmExporter, ftmId, type FtmEntity } from './ftm.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const model = new Model(defaultModel);
let folder: string;
let dossier: Dossier;

// A source of our own, in other words than the examples: a Kyrgyz ministry (an organ of a state),
// a person with a role, a city and a date that the text states.
const ownSource = [
  'Bishkek weighs a new customs post on the Irkeshtam road',
  '',
  'Published: 3 September 2024',
  '',
  'Kyrgyzstan and China opened talks in Osh on 2 September 2024 about a second customs post.',
  '',
  'Kyrgyzstan Foreign Minister Jeenbek Kulubaev said Bishkek would not recognize the Taliban before the United ' +
    'Nations does.',
  '',
].join('\n');

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-ftm-'));
  dossier = await Dossier.open(path.join(folder, 'ftm.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  expect((await dossier.ingestFiles(files)).refused).toBe(0);
  await dossier.ingestBytes(Buffer.from(ownSource), 'irkeshtam-customs.txt');
}, 120_000);
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

async function exportFtm(filter: Partial<ExportFilter> = {}): Promise<string> {
  const full: ExportFilter = { status: 'accepted', ...filter };
  let text = '';
  for await (const chunk of ftmExporter.write({
    dossier,
    filter: full,
    records: () => exportRecords(dossier, full),
    tables: storeExportTables,
    exportedAt: new Date().toISOString(),
  })) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  }
  return text;
}
const parse = (text: string): FtmEntity[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FtmEntity);

/** The schema and all it extends. */
const lineage = (schema: Schema): Schema[] => [schema, ...schema.getParents()];

const ftmDatePattern = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/;

/** What is wrong with one entity by the FtM model (empty: nothing). */
function problemsOf(entity: FtmEntity, byId: Map<string, FtmEntity>): string[] {
  const problems: string[] = [];
  let schema: Schema;
  try {
    schema = model.getSchema(entity.schema);
  } catch {
    return [`unknown schema ${entity.schema}`];
  }
  if (schema.abstract) problems.push(`abstract schema ${schema.name}`);
  if (!/^dossier-[0-9a-f]{40}$/.test(entity.id)) problems.push(`id ${entity.id}`);
  for (const required of new Set(lineage(schema).flatMap((s) => s.required))) {
    if (!entity.properties[required]?.length) problems.push(`${schema.name} lacks required ${required}`);
  }
  for (const [name, values] of Object.entries(entity.properties)) {
    if (!schema.hasProperty(name)) {
      problems.push(`${schema.name} has no property ${name}`);
      continue;
    }
    const property = schema.getProperty(name);
    if (!Array.isArray(values) || values.length === 0) problems.push(`${name} is not a list of values`);
    for (const value of values) {
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${name}: empty or not a string`);
      else if (property.type.maxLength && value.length > property.type.maxLength && property.type.name !== 'text')
        problems.push(`${name}: longer than ${property.type.maxLength}`);
      switch (property.type.name) {
        case 'date':
          if (!ftmDatePattern.test(value)) problems.push(`${name}: not an FtM date: ${value}`);
          break;
        case 'country':
          if (!property.type.values.has(value)) problems.push(`${name}: not an FtM country code: ${value}`);
          break;
        case 'url':
          if (!URL.canParse(value)) problems.push(`${name}: not a URL: ${value}`);
          break;
        case 'entity': {
          const target = byId.get(value);
          if (!target) problems.push(`${name}: no entity ${value}`);
          else if (!model.getSchema(target.schema).isA(property.getRange()))
            problems.push(`${name}: ${target.schema} is not a ${property.getRange().name}`);
          break;
        }
        case 'identifier':
          if (name === 'wikidataId' && !/^Q\d+$/.test(value)) problems.push(`wikidataId ${value}`);
          break;
      }
    }
  }
  // The model's own reader takes it as it is.
  try {
    const read = Entity.fromJSON(model, entity).toJSON();
    const again = Object.fromEntries(
      Object.entries(read.properties ?? {}).map(([name, values]) => [name, values.map(String)]),
    );
    if (JSON.stringify(again) !== JSON.stringify(entity.properties)) problems.push('the FtM reader changes it');
  } catch (error) {
    problems.push(`the FtM reader refuses it: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

describe('ftm', () => {
  it('writes entities that the FollowTheMoney model validates, each id once', async () => {
    const entities = parse(await exportFtm());
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    expect(byId.size).toBe(entities.length);
    const problems = entities.flatMap((entity) =>
      problemsOf(entity, byId).map(
        (problem) => `${entity.schema} ${entity.properties.name?.[0] ?? entity.id}: ${problem}`,
      ),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    const schemata = new Set(entities.map((entity) => entity.schema));
    for (const expected of [
      'PublicBody',
      'Organization',
      'Person',
      'Project',
      'Address',
      'PlainText',
      'Event',
      'Mention',
      'Note',
      'Documentation',
      'UnknownLink',
    ]) {
      expect(schemata, expected).toContain(expected);
    }
    expect(schemata).not.toContain('Country');
  });

  it('makes a state a PublicBody with its alpha-2 code, Wikidata id and profile', async () => {
    const entities = parse(await exportFtm());
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    const uzbekistan = entities.find(
      (entity) => entity.schema === 'PublicBody' && entity.properties.name?.[0] === 'Uzbekistan',
    );
    expect(uzbekistan?.properties).toMatchObject({ country: ['uz'], jurisdiction: ['uz'], wikidataId: ['Q265'] });
    expect(uzbekistan?.id).toBe(ftmId('entity', 'UZB'));
    const profile = entities.find(
      (entity) =>
        entity.schema === 'Documentation' &&
        entity.properties.entity?.[0] === uzbekistan!.id &&
        entity.properties.role?.[0] === 'profile',
    );
    const text = byId.get(profile!.properties.document![0]!);
    expect(text?.schema).toBe('PlainText');
    expect(text?.properties.title).toEqual(['Uzbekistan']);
    expect(text?.properties.bodyText?.[0]).toBe((await dossier.getActor('uzbekistan')).extraction.text);
    // An organ of a state is a PublicBody of that state; a movement is an Organization without one.
    const ministry = entities.find(
      (entity) =>
        entity.schema === 'PublicBody' &&
        /Ministry/.test(entity.properties.name?.[0] ?? '') &&
        entity.properties.country,
    );
    expect(ministry?.properties.jurisdiction).toEqual(ministry?.properties.country);
    const taliban = entities.find((entity) => entity.properties.name?.[0] === 'Taliban');
    expect(taliban?.schema).toBe('Organization');
    expect(taliban?.properties.country).toBeUndefined();
  });

  it('traces every entity to its document and span', async () => {
    const entities = parse(await exportFtm());
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    const texts = new Map(
      entities
        .filter((entity) => entity.schema === 'PlainText')
        .map((entity) => [entity.id, entity.properties.bodyText![0]!]),
    );
    const spanPattern = /^(\S+) v(\d+) \[(\d+)–(\d+)\]/;
    const noted = new Set<string>();
    for (const entity of entities) {
      const schema = model.getSchema(entity.schema);
      if (entity.schema === 'Note') {
        const [, , , start, end] = spanPattern.exec(entity.properties.description![0]!) ?? [];
        const text = texts.get(entity.properties.proof![0]!);
        expect(text, 'a Note proves from a PlainText').toBeDefined();
        const quoted = text!.slice(Number(start), Number(end));
        // Mention notes are named by their words; interest and posture notes quote them in the summary.
        if (!/^(Interest \d+|Posture): /.test(entity.properties.name![0]!))
          expect(quoted).toBe(entity.properties.name![0]);
        noted.add(entity.properties.entity![0]!);
      } else if (entity.schema === 'Mention' || entity.schema === 'Documentation') {
        expect(texts.has(entity.properties.document![0]!)).toBe(true);
      } else if (entity.schema === 'Event' || entity.schema === 'UnknownLink' || entity.schema === 'Membership') {
        const [, actor, version, start, end] = spanPattern.exec(entity.properties.description![0]!) ?? [];
        const quoted = (await dossier.getActor(actor!, Number(version))).extraction.text.slice(
          Number(start),
          Number(end),
        );
        expect(quoted).toBe(entity.properties.summary![0]);
        if (entity.schema === 'Event') expect(texts.has(entity.properties.proof![0]!)).toBe(true);
      } else if (schema.isThing() && entity.schema !== 'PlainText') {
        expect(
          texts.has(entity.properties.proof?.[0] ?? ''),
          `${entity.schema} ${entity.properties.name?.[0]} has a proof`,
        ).toBe(true);
      }
    }
    // Every named entity has a Note on a span of it, except a party made only from its profile.
    for (const entity of entities) {
      if (['PublicBody', 'Organization', 'Person', 'Project', 'Address', 'Document'].includes(entity.schema)) {
        expect(
          noted.has(entity.id) || byId.get(entity.id)!.properties.proof !== undefined,
          entity.properties.name?.[0],
        ).toBe(true);
      }
    }
    expect([...noted].filter((id) => byId.get(id)?.schema === 'Address').length).toBeGreaterThan(5);
  });

  it('maps a source of its own: a dated event in a city, a person with a role, a denied recognition', async () => {
    const source = (await dossier.listSources()).find((s) => s.name.startsWith('Bishkek weighs'));
    const entities = parse(await exportFtm({ actor: source!.id }));
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    const text = entities.find((entity) => entity.schema === 'PlainText');
    expect(text?.properties).toMatchObject({ publishedAt: ['2024-09-03'], fileName: ['irkeshtam-customs.txt'] });
    expect(text?.properties.detectedCountry).toEqual(expect.arrayContaining(['kg', 'cn']));
    const subject = entities.find(
      (entity) => entity.schema === 'Documentation' && entity.properties.role?.[0]?.startsWith('subject'),
    );
    expect(byId.get(subject!.properties.entity![0]!)?.properties.country).toEqual(['kg']);
    const event = entities.find((entity) => entity.schema === 'Event');
    expect(event?.properties.date).toEqual(['2024-09-02']);
    expect(event?.properties.location).toEqual(['Osh']);
    expect(event?.properties.country).toEqual(['kg']);
    expect(event?.properties.involved?.map((id) => byId.get(id)?.properties.name?.[0])).toEqual(
      expect.arrayContaining(['Kyrgyzstan', 'China']),
    );
    const person = entities.find((entity) => entity.schema === 'Person');
    expect(person?.properties).toMatchObject({ name: ['Jeenbek Kulubaev'], country: ['kg'] });
    expect(person?.properties.position?.[0]).toMatch(/Foreign Minister/);
    const osh = entities.find((entity) => entity.schema === 'Address' && entity.properties.name?.[0] === 'Osh');
    expect(osh?.properties.country).toEqual(['kg']);
    // A mention of a place is a Mention without `resolved` (an Address is no LegalEntity); of a state, resolved to it.
    const mentions = entities.filter((entity) => entity.schema === 'Mention');
    expect(
      mentions.find((mention) => mention.properties.detectedSchema?.[0] === 'Address')?.properties.resolved,
    ).toBeUndefined();
    expect(mentions.find((mention) => mention.properties.name?.includes('Kyrgyzstan'))?.properties.resolved).toEqual([
      ftmId('entity', 'KGZ'),
    ]);
    const denied = entities.find(
      (entity) => entity.schema === 'UnknownLink' && entity.properties.status?.[0] === 'negated',
    );
    expect(denied?.properties.role).toEqual(['does not recognise']);
  });

  it('follows the review status, narrows to one actor and writes the same ids each time', async () => {
    // The rule of exact country names confirmed mentions at save: send them back to the queue so that only this test's
    // decisions are confirmed.
    for (
      let page = await dossier.review.listFacts({
        actor: 'turkmenistan',
        status: 'confirmed',
        reviewedBy: 'rule:exact-country',
        limit: 500,
        offset: 0,
      });
      page.total > 0;
      page = await dossier.review.listFacts({
        actor: 'turkmenistan',
        status: 'confirmed',
        reviewedBy: 'rule:exact-country',
        limit: 500,
        offset: 0,
      })
    ) {
      await dossier.review.bulkReview({ ids: page.facts.map((fact) => fact.id), status: 'machine' }, 'ftm-test');
    }
    const page = await dossier.review.listFacts({
      actor: 'turkmenistan',
      type: 'mention',
      status: 'machine',
      limit: 1,
      offset: 0,
    });
    const fact = page.facts[0]!;
    await dossier.review.reject(fact.id, 'ftm-test');
    const span = `turkmenistan v1 [${fact.start}–${fact.end}]`;
    const notesAt = (entities: FtmEntity[]) =>
      entities.filter((entity) => entity.schema === 'Note' && entity.properties.description?.[0]?.startsWith(span));
    const accepted = parse(await exportFtm({ actor: 'turkmenistan' }));
    expect(notesAt(accepted)).toEqual([]);
    expect(
      notesAt(parse(await exportFtm({ actor: 'turkmenistan', status: 'all' })))[0]?.properties.description?.[0],
    ).toBe(`${span} (rejected)`);
    const confirmed = parse(await exportFtm({ actor: 'turkmenistan', status: 'confirmed' }));
    expect(
      confirmed.filter(
        (entity) => entity.schema === 'Note' || entity.schema === 'Mention' || entity.schema === 'Event',
      ),
    ).toEqual([]);
    expect(
      new Set(accepted.filter((entity) => entity.schema === 'PlainText').map((entity) => entity.properties.title?.[0])),
    ).toEqual(new Set(['Turkmenistan']));
    expect(await exportFtm({ actor: 'turkmenistan' })).toBe(await exportFtm({ actor: 'turkmenistan' }));
  });
});

describe('the FtM check itself', () => {
  it('refuses an unknown schema, unknown properties, missing required ones and values of the wrong type', () => {
    const text: FtmEntity = {
      id: ftmId('t', 'text'),
      schema: 'PlainText',
      properties: { name: ['a'], fileName: ['a.txt'] },
    };
    const byId = new Map([[text.id, text]]);
    expect(problemsOf({ id: ftmId('t', 'c'), schema: 'Country', properties: { name: ['Oman'] } }, byId)).toEqual([
      'unknown schema Country',
    ]);
    const person: FtmEntity = {
      id: ftmId('t', 'p'),
      schema: 'Person',
      properties: { name: ['Ayşe Demir'], country: ['TUR'], birthDate: ['198X'], colour: ['red'] },
    };
    expect(problemsOf(person, byId)).toEqual(
      expect.arrayContaining([
        'country: not an FtM country code: TUR',
        'birthDate: not an FtM date: 198X',
        'Person has no property colour',
        'the FtM reader refuses it: Property does not exist: colour',
      ]),
    );
    expect(problemsOf({ id: ftmId('t', 'm'), schema: 'Mention', properties: { name: ['Muscat'] } }, byId)).toEqual([
      'Mention lacks required document',
    ]);
    expect(
      problemsOf({ id: ftmId('t', 'e'), schema: 'Event', properties: { name: ['visit'], involved: [text.id] } }, byId),
    ).toEqual(['involved: PlainText is not a LegalEntity']);
  });
});

describe('FtM values', () => {
  it('writes countries as the lowercase alpha-2 codes FtM knows', () => {
    expect([ftmCountry('KAZ'), ftmCountry('TUR'), ftmCountry('AFG'), ftmCountry('ZZZ'), ftmCountry(null)]).toEqual([
      'kz',
      'tr',
      'af',
      null,
      null,
    ]);
    const countries = model.getType('country').values;
    for (const alpha3 of [
      'KAZ',
      'UZB',
      'TJK',
      'TKM',
      'KGZ',
      'AFG',
      'PAK',
      'IRN',
      'CHN',
      'IND',
      'RUS',
      'USA',
      'QAT',
      'TUR',
    ])
      expect(countries.has(ftmCountry(alpha3)!), alpha3).toBe(true);
  });

  it('turns EDTF values and timestamps into FtM dates', () => {
    expect(
      ['2021', '2021-10', '2021-10-15', '2021-10~', '2021-10-15?', '2019/2021', '2021-1X', '199X', 'spring'].map(
        ftmDate,
      ),
    ).toEqual(['2021', '2021-10', '2021-10-15', '2021-10', '2021-10-15', '2019', '2021', null, null]);
    expect(ftmDate('2026-03-01T23:30:00.000+05:00')).toBe('2026-03-01T18:30:00');
    expect(ftmDate('2026-03-01T08:15:00.250Z')).toBe('2026-03-01T08:15:00');
    for (const value of ['2021', '2021-10', '2026-03-01T18:30:00']) expect(ftmDatePattern.test(value)).toBe(true);
  });
});
