// The review queue over the bundled collection (examples/ and the seed): confidence from how a fact
// was found, exact country names confirmed by rule and counted, nothing lost, everything undoable.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactCountryRule, factConfidence, type ConfidenceInput } from '../store/editorial.js';
import { Dossier, expandProfilePaths } from './index.js';
import type { ScoredFact } from '../store/store.js';

describe('factConfidence', () => {
  const mention = (evidence: string, entity: ConfidenceInput['entity'], extra: Partial<ConfidenceInput> = {}): ConfidenceInput => ({
    kind: 'mention',
    origin: 'machine',
    payload: { text: evidence, type: 'country', entity: 'x', country: 'x' },
    evidence,
    entity,
    ...extra,
  });
  const mongolia = { name: 'Mongolia', aliases: ['Mongol Uls'], wikidata: 'Q711' };

  it('is near-certain for a country named exactly as in the gazetteer (name or alias)', () => {
    expect(factConfidence(mention('Mongolia', mongolia))).toBe(0.99);
    expect(factConfidence(mention('Mongol Uls', mongolia))).toBe(0.99);
  });

  it('is lower for other words, a coreference, a detected name, a relation or an event', () => {
    const exact = factConfidence(mention('Mongolia', mongolia));
    expect(factConfidence(mention('Mongolian', mongolia))).toBeLessThan(exact);
    expect(factConfidence(mention('mongolia', mongolia))).toBeLessThan(exact);
    expect(factConfidence(mention('the country', mongolia, { via: 'coreference' }))).toBe(0.5);
    const detected = mention('Erdene Batbold', { name: 'Erdene Batbold', aliases: [], wikidata: null }, { payload: { text: 'Erdene Batbold', type: 'person', entity: 'e', country: null } });
    expect(factConfidence(detected)).toBeLessThan(0.9);
    expect(factConfidence({ kind: 'relation', origin: 'machine', payload: { negated: true }, evidence: 'does not border' })).toBeLessThan(
      factConfidence({ kind: 'relation', origin: 'machine', payload: { negated: false }, evidence: 'borders' }),
    );
    expect(factConfidence({ kind: 'event', origin: 'machine', payload: {}, evidence: 'held talks' })).toBeLessThan(factConfidence(detected));
  });

  it('trusts a time written in full more than one completed from the document date, and a person fully', () => {
    expect(factConfidence({ kind: 'time', origin: 'machine', payload: { value: '2019' }, evidence: '2019' })).toBeGreaterThan(
      factConfidence({ kind: 'time', origin: 'machine', payload: { value: '2019-03' }, evidence: 'in March', resolved: 'document-date' }),
    );
    expect(factConfidence({ kind: 'relation', origin: 'human', payload: { negated: false }, evidence: 'x' })).toBe(1);
  });
});

describe('the review queue over the bundled collection', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  let dossier: Dossier;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-review-queue-'));
    dossier = await Dossier.open(path.join(workDir, 'queue.db'));
    const { files } = await expandProfilePaths([path.join(root, 'examples'), path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')]);
    const report = await dossier.ingestFiles(files);
    expect(report.refused).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await dossier?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  const everything = async (query: Parameters<Dossier['review']['listFacts']>[0]): Promise<ScoredFact[]> => {
    const facts: ScoredFact[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await dossier.review.listFacts({ ...query, limit: 500, offset });
      facts.push(...page.facts);
      if (offset + 500 >= page.total) return facts;
    }
  };

  it('hides the facts confirmed by rule, counts and lists them, sorts the rest by uncertainty, and loses nothing', async () => {
    const all = await everything({ status: 'any' });
    const queue = await everything({ status: 'machine', order: 'uncertainty' });
    const byRule = await everything({ status: 'confirmed', reviewedBy: exactCountryRule });
    // Before the rule every fact of a fresh collection waited in the queue: now each is in exactly one list.
    expect(queue.length + byRule.length).toBe(all.length);
    expect(new Set([...queue, ...byRule].map((fact) => fact.id))).toEqual(new Set(all.map((fact) => fact.id)));
    expect(byRule.length / all.length).toBeGreaterThan(0.25);
    expect(byRule.every((fact) => fact.kind === 'mention' && fact.payload.type === 'country' && fact.confidence === 0.99)).toBe(true);
    const confidences = queue.map((fact) => fact.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    expect(queue[0]!.confidence).toBeLessThan(0.6);
  });

  it('undoes every rule decision with bulk reviews, each audited, and the queue holds every fact again', async () => {
    const all = await everything({ status: 'any' });
    const byRule = await everything({ status: 'confirmed', reviewedBy: exactCountryRule });
    for (let start = 0; start < byRule.length; start += 1000) {
      const ids = byRule.slice(start, start + 1000).map((fact) => fact.id);
      expect((await dossier.review.bulkReview({ ids, status: 'machine' }, 'ed')).reviewed).toBe(ids.length);
    }
    expect((await dossier.review.listFacts({ status: 'confirmed', reviewedBy: exactCountryRule, limit: 1 })).total).toBe(0);
    expect((await dossier.review.queue({ limit: 1 })).total).toBe(all.length);
    expect((await dossier.review.listAudit({ user: 'ed', limit: 1, offset: 0 })).total).toBe(byRule.length);
  });

  it('refuses a bulk review of no facts or of an unknown status', async () => {
    await expect(dossier.review.bulkReview({ ids: [], status: 'confirmed' }, 'ed')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dossier.review.bulkReview({ ids: ['x'], status: 'edited' as 'confirmed' }, 'ed')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lists entities for the picker, filtered and paged with an opaque cursor', async () => {
    const first = await dossier.review.listEntities({ type: 'country', limit: 3 });
    expect(first.entities).toHaveLength(3);
    expect(first.next).toEqual(expect.any(String));
    const second = await dossier.review.listEntities({ type: 'country', limit: 3, after: first.next! });
    expect(second.entities.map((entity) => entity.name).every((name) => name >= first.entities[2]!.name)).toBe(true);
    expect(second.entities.map((entity) => entity.id)).not.toContain(first.entities[0]!.id);
    await expect(dossier.review.listEntities({ after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
