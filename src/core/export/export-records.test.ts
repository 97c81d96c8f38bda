// The export records and the json/ndjson formats over a real collection (the examples, their
// sources and the seed): records validate against their schemas, ids join, spans hold their text,
// the json export validates against its published JSON Schema (ajv), the review status filters
// (accepted leaves out rejected facts, confirmed keeps only what a person confirmed, all marks the
// rejected ones), the filters narrow to one actor and version, and nothing of accounts leaks.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportRecordSchema, type ExportFilter, type ExportRecord, type Fact } from '../../model/index.js';
import { Dossier } from '../dossier.js';
import { expandProfilePaths } from '../path-expander.js';
import { reviewRules } from '../review-rules.js';
import { exporterNamed, jsonExportSchema, startExport } from './index.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let folder: string;
let dossier: Dossier;
let token: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-export-'));
  dossier = await Dossier.open(path.join(folder, 'export.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  const report = await dossier.ingestFiles(files);
  expect(report.refused).toBe(0);
  await dossier.accounts.addUser('editor1', 'editor', 'correct horse battery staple');
  token = (await dossier.accounts.createToken('editor1', 'exports')).token;
}, 120_000);
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

async function collect(format: string, filter: Partial<ExportFilter> = {}): Promise<string> {
  const { stream } = await startExport(dossier, format, filter);
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
}
const records = async (filter: Partial<ExportFilter> = {}): Promise<ExportRecord[]> =>
  (await collect('ndjson', filter))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ExportRecord);

describe('ndjson', () => {
  it('gives typed records that validate, join and point at their words', async () => {
    const all = await records();
    for (const record of all)
      expect(ExportRecordSchema.safeParse(record).success, JSON.stringify(record).slice(0, 200)).toBe(true);
    const documents = new Map(all.filter((r) => r.type === 'document').map((d) => [`${d.actor}@${d.version}`, d]));
    const entities = new Set(all.filter((r) => r.type === 'entity').map((e) => e.id));
    expect(documents.size).toBe((await dossier.listActors()).length + (await dossier.listSources()).length);
    for (const record of all) {
      if (record.type === 'actor' || record.type === 'entity') continue;
      const document = documents.get(`${record.actor}@${record.version}`);
      expect(document, `${record.type} of ${record.actor}`).toBeDefined();
      if (record.type === 'sentence') expect(document!.text.slice(record.start, record.end)).toBe(record.text);
      if (record.type === 'mention') {
        expect(document!.text.slice(record.start, record.end)).toBe(record.text);
        expect(entities.has(record.entity), record.entity).toBe(true);
      }
      if (record.type === 'time' || record.type === 'quantity')
        expect(document!.text.slice(record.start, record.end)).toBe(record.text);
    }
    // Each entity once, sources included and marked.
    expect(all.filter((r) => r.type === 'entity').length).toBe(entities.size);
    expect(all.some((r) => r.type === 'document' && r.kind === 'source' && r.publisher !== null)).toBe(true);
  });

  it('narrows to one actor and version, and refuses unknown ones before writing', async () => {
    const kazakhstan = await records({ actor: 'kazakhstan' });
    expect(
      new Set(kazakhstan.filter((r) => r.type !== 'entity').map((r) => (r.type === 'actor' ? r.id : r.actor))),
    ).toEqual(new Set(['kazakhstan']));
    await expect(startExport(dossier, 'ndjson', { actor: 'atlantis' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(startExport(dossier, 'ndjson', { actor: 'kazakhstan', version: 9 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(startExport(dossier, 'ndjson', { version: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(startExport(dossier, 'docx', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(() => exporterNamed('json')).not.toThrow();
  });
});

describe('review status', () => {
  it('accepted leaves out rejected facts, confirmed keeps only confirmed ones, all marks the rejected', async () => {
    // The review rules confirmed mentions and times at save: a confirmed export leaves them out (a rule is not a
    // person)…
    const rules = Object.values(reviewRules);
    const byRule = async () => {
      const facts: Fact[] = [];
      for (const rule of rules)
        facts.push(
          ...(
            await dossier.review.listFacts({
              actor: 'kazakhstan',
              status: 'confirmed',
              reviewedBy: rule,
              limit: 500,
              offset: 0,
            })
          ).facts,
        );
      return facts;
    };
    const confirmedByRule = await byRule();
    expect(confirmedByRule.filter((fact) => fact.reviewedBy === reviewRules.exactCountry).length).toBeGreaterThan(0);
    const confirmedBeforeReview = await records({ actor: 'kazakhstan', status: 'confirmed' });
    expect(confirmedBeforeReview.filter((r) => r.type === 'mention')).toEqual([]);
    expect(
      (await records({ actor: 'kazakhstan' })).filter((r) => r.type === 'mention' && r.status === 'confirmed').length,
    ).toBe(confirmedByRule.filter((fact) => fact.kind === 'mention').length);
    // …then send them back to the queue so that only this test's decisions are confirmed.
    for (let facts = confirmedByRule; facts.length > 0; facts = await byRule()) {
      await dossier.review.bulkReview(
        { ids: facts.slice(0, 1000).map((fact) => fact.id), status: 'machine' },
        'editor1',
      );
    }
    const page = await dossier.review.listFacts({
      actor: 'kazakhstan',
      type: 'mention',
      status: 'machine',
      limit: 5,
      offset: 0,
    });
    const [toReject, toConfirm] = page.facts;
    await dossier.review.reject(toReject!.id, 'editor1');
    await dossier.review.confirm(toConfirm!.id, 'editor1');
    const at = (list: ExportRecord[], fact: { start: number; end: number }) =>
      list.filter((r) => r.type === 'mention' && r.start === fact.start && r.end === fact.end) as Array<
        Extract<ExportRecord, { type: 'mention' }>
      >;
    const accepted = await records({ actor: 'kazakhstan' });
    expect(at(accepted, toReject!)).toEqual([]);
    expect(at(accepted, toConfirm!).map((r) => r.status)).toEqual(['confirmed']);
    const confirmed = await records({ actor: 'kazakhstan', status: 'confirmed' });
    expect(
      confirmed
        .filter((r) => r.type === 'mention')
        .map((r) => [r.type === 'mention' && r.start, r.type === 'mention' && r.status]),
    ).toEqual([[toConfirm!.start, 'confirmed']]);
    // Sentences and the document are not facts: they stay.
    expect(confirmed.filter((r) => r.type === 'sentence').length).toBe(
      accepted.filter((r) => r.type === 'sentence').length,
    );
    const everything = await records({ actor: 'kazakhstan', status: 'all' });
    expect(at(everything, toReject!).map((r) => r.status)).toEqual(['rejected']);
    expect(everything.filter((r) => r.type === 'mention').length).toBe(
      accepted.filter((r) => r.type === 'mention').length + 1,
    );
  });
});

describe('json', () => {
  it('validates against its published JSON Schema and holds the same records as ndjson', async () => {
    const exported = JSON.parse(await collect('json')) as Record<string, unknown>;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonExportSchema());
    expect(validate(exported), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const lines = await records();
    expect((exported.mentions as unknown[]).length).toBe(lines.filter((r) => r.type === 'mention').length);
    expect((exported.dossier as { format: string }).format).toBe('dossier-export');
    // A broken export does not validate: the schema checks something.
    expect(validate({ ...exported, mentions: [{ type: 'mention', actor: 'x' }] })).toBe(false);
  });
});

describe('accounts never leak', () => {
  it('no user name, password hash or token in any export', async () => {
    const credentials = await dossier.store.getUserCredentials('editor1');
    for (const format of ['json', 'ndjson']) {
      const text = await collect(format, { status: 'all' });
      expect(text).not.toContain(credentials!.passwordHash);
      expect(text).not.toContain(token);
      expect(text).not.toContain('$argon2');
    }
  });
});
