// The review queue over the bundled collection (examples/ and the seed): confidence from how a fact
// was found, the facts the review rules confirm (exact country names, exact unambiguous gazetteer
// names, dates written in full) listed and counted per rule, the queue under a quarter of all facts,
// nothing lost, everything undoable.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factConfidence, type ConfidenceInput } from '../store/editorial.js';
import { Dossier, expandProfilePaths } from './index.js';
import { reviewRules } from './review-rules.js';
import type { ScoredFact } from '../store/store.js';

describe('factConfidence', () => {
  const mention = (
    evidence: string,
    entity: ConfidenceInput['entity'],
    extra: Partial<ConfidenceInput> = {},
  ): ConfidenceInput => ({
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
    const detected = mention(
      'Erdene Batbold',
      { name: 'Erdene Batbold', aliases: [], wikidata: null },
      { payload: { text: 'Erdene Batbold', type: 'person', entity: 'e', country: null } },
    );
    expect(factConfidence(detected)).toBeLessThan(0.9);
    expect(
      factConfidence({ kind: 'relation', origin: 'machine', payload: { negated: true }, evidence: 'does not border' }),
    ).toBeLessThan(
      factConfidence({ kind: 'relation', origin: 'machine', payload: { negated: false }, evidence: 'borders' }),
    );
    expect(factConfidence({ kind: 'event', origin: 'machine', payload: {}, evidence: 'held talks' })).toBeLessThan(
      factConfidence(detected),
    );
  });

  it('trusts a time written in full more than one completed from the document date, and a person fully', () => {
    expect(
      factConfidence({ kind: 'time', origin: 'machine', payload: { value: '2019' }, evidence: '2019' }),
    ).toBeGreaterThan(
      factConfidence({
        kind: 'time',
        origin: 'machine',
        payload: { value: '2019-03' },
        evidence: 'in March',
        resolved: 'document-date',
      }),
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
    const { files } = await expandProfilePaths([
      path.join(root, 'examples'),
      path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
    ]);
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

  const rules = Object.values(reviewRules);

  it(
    'hides the facts the rules confirmed (under a quarter of all facts stay in the queue), lists and counts them ' +
      'per rule, and loses nothing',
    async () => {
      const all = await everything({ status: 'any' });
      const queue = await everything({ status: 'machine', order: 'uncertainty' });
      const byRule = new Map<string, ScoredFact[]>();
      for (const rule of rules) byRule.set(rule, await everything({ status: 'confirmed', reviewedBy: rule }));
      const confirmedByRule = [...byRule.values()].flat();
      const others = all.filter((fact) => fact.status !== 'machine' && !(fact.reviewedBy ?? '').startsWith('rule:'));
      // A fresh collection: nobody reviewed anything, so every fact is in the queue or in exactly one rule's list.
      expect(others).toHaveLength(0);
      expect(confirmedByRule.length + queue.length + others.length).toBe(all.length);
      expect(new Set([...queue, ...confirmedByRule].map((fact) => fact.id))).toEqual(
        new Set(all.map((fact) => fact.id)),
      );
      expect(queue.length / all.length).toBeLessThan(0.25);
      for (const rule of rules) {
        expect(byRule.get(rule)!.length, rule).toBeGreaterThan(0);
        expect((await dossier.review.listFacts({ status: 'confirmed', reviewedBy: rule, limit: 1 })).total).toBe(
          byRule.get(rule)!.length,
        );
      }
      expect(
        byRule
          .get(reviewRules.exactCountry)!
          .every((fact) => fact.kind === 'mention' && fact.payload.type === 'country' && fact.confidence === 0.99),
      ).toBe(true);
      expect(
        byRule
          .get(reviewRules.exactGazetteer)!
          .every((fact) => fact.kind === 'mention' && fact.payload.type !== 'country' && fact.confidence >= 0.7),
      ).toBe(true);
      expect(
        byRule
          .get(reviewRules.explicitDate)!
          .every(
            (fact) => fact.kind === 'time' && /^\d{4}(?:-\d{2}(?:-\d{2})?)?$|^\d{3}X$/.test(String(fact.payload.value)),
          ),
      ).toBe(true);
      expect(
        confirmedByRule.some((fact) => ['quantity', 'event', 'relation', 'posture', 'interest'].includes(fact.kind)),
      ).toBe(false);
      const counts = await dossier.review.ruleCounts();
      expect(counts.map((count) => [count.rule, count.confirmed])).toEqual(
        rules.map((rule) => [rule, byRule.get(rule)!.length]),
      );
      const confidences = queue.map((fact) => fact.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
      expect(queue[0]!.confidence).toBeLessThan(0.6);
      console.info(
        `review queue: ${queue.length} of ${all.length} facts (${((100 * queue.length) / all.length).toFixed(1)}%); ` +
          rules.map((rule) => `${rule} ${byRule.get(rule)!.length}`).join(', '),
      );
    },
  );

  it('undoes every rule decision with bulk reviews, each audited, and the queue holds every fact again', async () => {
    const all = await everything({ status: 'any' });
    let undone = 0;
    for (const rule of rules) {
      const byRule = await everything({ status: 'confirmed', reviewedBy: rule });
      for (let start = 0; start < byRule.length; start += 1000) {
        const ids = byRule.slice(start, start + 1000).map((fact) => fact.id);
        expect((await dossier.review.bulkReview({ ids, status: 'machine' }, 'ed')).reviewed).toBe(ids.length);
      }
      undone += byRule.length;
      expect((await dossier.review.listFacts({ status: 'confirmed', reviewedBy: rule, limit: 1 })).total).toBe(0);
    }
    expect((await dossier.review.queue({ limit: 1 })).total).toBe(all.length);
    expect((await dossier.review.listAudit({ user: 'ed', limit: 1, offset: 0 })).total).toBe(undone);
  });

  it('refuses a bulk review of no facts or of an unknown status', async () => {
    await expect(dossier.review.bulkReview({ ids: [], status: 'confirmed' }, 'ed')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      dossier.review.bulkReview({ ids: ['x'], status: 'edited' as 'confirmed' }, 'ed'),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
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
