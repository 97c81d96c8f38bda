// The checks of one profile find the claims that contradict its own at overlapping times through the time stored
// with each relation (migration 29, store/claim-bounds.ts), reading no more of them than a finding lists: a claim
// denied by many documents lists the first relatedClaimLimit (by actor id) and says so, denials of
// other years or of the past are never read, and one actor's findings are those of the whole-collection
// computation. The stored time follows a person's edit of a relation's time, an added relation and an entity merge.
// On SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { relatedClaimLimit, type Relation } from '../model/index.js';
import type { Dossier } from './dossier.js';
import { processDocument } from './profile-pipeline.js';
import { ReferenceChecks, referenceChecksFor, type CheckFinding } from './reference-checks.js';
import { collectionReads } from './test-support/collection-reads.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const claimLine = 'Pakistan does not recognize the Taliban.';

const profileText = (name: string) =>
  [name, '', 'Profile', `${name} watches Kabul. ${claimLine}`, 'Key Interests & Priorities', '1. Security', '']
    .join('\n')
    .concat('\n');

interface Claim {
  negated: boolean;
  valid?: string | null;
  current?: boolean;
  object?: string;
}

/**
 * A profile (or a source) dated `date` whose only relation is "Pakistan recognizes the Taliban" (or what `claim`
 * makes of it) on the words of its one claim sentence.
 */
async function ingestClaim(dossier: Dossier, name: string, date: string, claim: Claim, kind = 'profile') {
  const text = kind === 'source' ? `# ${name}\n\nKabul was quiet. ${claimLine}\n` : profileText(name);
  const file = kind === 'source' ? `${name}.md` : `${name}.txt`;
  const { document, extraction } = await processDocument(Buffer.from(text), file);
  expect(document.kind).toBe(kind);
  if (kind === 'source') document.metadata.published = date;
  else document.metadata.asOf = date;
  const start = extraction.text.indexOf(claimLine);
  const relation: Relation = {
    subject: 'PAK',
    predicate: 'recognizes',
    object: claim.object ?? 'taliban',
    negated: claim.negated,
    evidence: { start, end: start + claimLine.length },
    valid: claim.valid ?? null,
    current: claim.current ?? true,
  };
  extraction.relations.length = 0;
  extraction.relations.push(relation);
  return dossier.store.saveDocument({ document, extraction });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The related actors of `actor`'s findings of `kind`. */
async function relatedOf(dossier: Dossier, actor: string, kind: CheckFinding['kind']): Promise<string[][]> {
  const report = await referenceChecksFor(dossier).report(actor);
  return report.findings.filter((f) => f.kind === kind).map((f) => f.related.map((r) => r.actor));
}

for (const backend of testBackends) {
  describeOn(backend)(`claims contradicted at overlapping times on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;
    let whole: ReferenceChecks;

    /**
     * Every actor's findings equal those the whole-collection computation finds about it, and so do the whole
     * collection's kept up to date after each write (computed again for the actors a write can change).
     */
    async function expectSameAsWhole(): Promise<CheckFinding[]> {
      const all = (await whole.report()).findings;
      const checks = referenceChecksFor(dossier);
      for (const actor of await dossier.listActors())
        expect((await checks.report(actor.id)).findings, actor.id).toEqual(all.filter((f) => f.actor === actor.id));
      expect((await checks.page({ fresh: true, limit: 500 })).findings).toEqual(all);
      return all;
    }

    beforeAll(async () => {
      test = await openTestDossier(backend, 'claim-bounds');
      dossier = test.dossier;
      // Recognized in the 1990s (a past claim), and recognized now (2022, no time of its own).
      await ingestClaim(dossier, 'Pakistan', '2022-06-01', { negated: false, valid: '199X', current: false });
      await ingestClaim(dossier, 'Qatar', '2022-06-01', { negated: false });
      // Denied now by more profiles of 2022 than a finding lists, in 2021 by others, and in 1995 by two.
      for (let n = relatedClaimLimit + 4; n >= 1; n--)
        await ingestClaim(dossier, `Denier ${pad(n)}`, `2022-0${1 + (n % 9)}-15`, { negated: true });
      for (let n = 1; n <= 6; n++) await ingestClaim(dossier, `Earlier ${pad(n)}`, '2021-03-01', { negated: true });
      for (const name of ['Nineties A', 'Nineties B'])
        await ingestClaim(dossier, name, '2021-03-01', { negated: true, valid: '1995' });
      // A source of 2022 and one of 2020.
      await ingestClaim(dossier, 'Kabul report', '2022-02-02', { negated: true }, 'source');
      await ingestClaim(dossier, 'Old report', '2020-02-02', { negated: true }, 'source');
      // The same claim about another entity, merged into the Taliban below.
      await ingestClaim(dossier, 'Zanzibar', '2022-06-01', { negated: true, object: 'kabul' });
      // A claim nobody denies (a person adds a denial to it below).
      await ingestClaim(dossier, 'Anchor', '2021-03-01', { negated: false, object: 'AFG' });
      whole = new ReferenceChecks(collectionReads(dossier));
    }, 180_000);

    afterAll(async () => {
      await test?.close();
    });

    it('lists the first denials of the same year by actor id, says so, and reads no more', async () => {
      const [listed] = await relatedOf(dossier, 'qatar', 'contradicts-profile');
      const firstDeniers = Array.from({ length: relatedClaimLimit }, (_, i) => `denier-${pad(i + 1)}`);
      expect(listed).toEqual(firstDeniers);
      const report = await referenceChecksFor(dossier).report('qatar');
      const finding = report.findings.find((f) => f.kind === 'contradicts-profile')!;
      expect(finding.message).toContain(`At most ${relatedClaimLimit} are listed`);
      expect(await relatedOf(dossier, 'qatar', 'contradicts-source')).toEqual([['source-kabul-report']]);
      // Read: the denials listed and the 2022 source; not the other 2022 denials, nor those of 2021, 1995 or 2020.
      const around = await dossier.store.checkNeighbourhood('qatar');
      expect(around!.relations.map((r) => r.actor).sort()).toEqual([...firstDeniers, 'source-kabul-report'].sort());
      await expectSameAsWhole();
    });

    it('never compares a past claim with current ones without a time, only with those of its time', async () => {
      expect(await relatedOf(dossier, 'pakistan', 'contradicts-profile')).toEqual([['nineties-a', 'nineties-b']]);
      expect(await relatedOf(dossier, 'pakistan', 'contradicts-source')).toEqual([]);
      const around = await dossier.store.checkNeighbourhood('pakistan');
      expect(around!.relations.map((r) => r.actor).sort()).toEqual(['nineties-a', 'nineties-b']);
      // A denial of 2021 contradicts no claim of 2022, and the past claim of Pakistan only in 1995.
      expect(await relatedOf(dossier, 'earlier-01', 'contradicts-profile')).toEqual([]);
      expect(await relatedOf(dossier, 'nineties-a', 'contradicts-profile')).toEqual([['pakistan']]);
    });

    // SQLite: the stored times and the plan of the checks' read, from the file itself.
    if (backend === 'sqlite')
      it('stores when each claim holds and seeks it in relations_by_claim', () => {
        const db = new Database(test.file!, { readonly: true });
        try {
          const stored = (actor: string) =>
            db
              .prepare(
                `SELECT r.earliest, r.latest, r.tense FROM relations r
                 JOIN actors a ON a.latest_document_id = r.document_id WHERE a.id = ?`,
              )
              .get(actor);
          expect(stored('pakistan')).toEqual({ earliest: '1990-01-01', latest: '1999-12-31', tense: 2 });
          expect(stored('qatar')).toEqual({ earliest: '2022-01-01', latest: '2022-12-31', tense: 0 });
          expect(stored('nineties-a')).toEqual({ earliest: '1995-01-01', latest: '2021-12-31', tense: 1 });
          const plan = db
            .prepare(
              `EXPLAIN QUERY PLAN SELECT x.document_id FROM relations x
               WHERE x.subject = ? AND x.predicate = ? AND x.object = ? AND x.negated = 1 AND x.tense IN (0, 1)
                 AND x.latest >= ? AND x.earliest <= ?`,
            )
            .all('PAK', 'recognizes', 'taliban', '2022-01-01', '2022-12-31') as Array<{ detail: string }>;
          expect(plan.map((step) => step.detail).join('\n')).toMatch(
            /USING (COVERING )?INDEX relations_by_claim \(.*tense=\? AND latest>\?/,
          );
        } finally {
          db.close();
        }
      });

    it("follows a person's edit of a claim's time", async () => {
      const factOf = async (actor: string) => {
        const { facts } = await dossier.review.listFacts({ actor, type: 'relation', status: 'any', limit: 10 });
        expect(facts).toHaveLength(1);
        return facts[0]!;
      };
      // Nineties B's denial loses its time: current, without one, it no longer meets Pakistan's past claim.
      const nineties = await factOf('nineties-b');
      const untimed = { ...(nineties.payload as Record<string, unknown>), valid: null, current: true };
      await dossier.store.reviewFact(nineties.id, { status: 'edited', payload: untimed }, 'ada');
      expect(await relatedOf(dossier, 'pakistan', 'contradicts-profile')).toEqual([['nineties-a']]);
      // Pakistan's claim becomes current (2022): it now meets the denials of 2022, not the 1995 one.
      const pakistan = await factOf('pakistan');
      const current = { ...(pakistan.payload as Record<string, unknown>), valid: null, current: true };
      await dossier.store.reviewFact(pakistan.id, { status: 'edited', payload: current }, 'ada');
      const [listed] = await relatedOf(dossier, 'pakistan', 'contradicts-profile');
      expect(listed).toHaveLength(relatedClaimLimit);
      expect(listed).not.toContain('nineties-a');
      expect(await relatedOf(dossier, 'pakistan', 'contradicts-source')).toEqual([['source-kabul-report']]);
      await expectSameAsWhole();
    });

    it('follows an added claim and a merge of two entities', async () => {
      // A denial of 2022 a person adds to a profile of 2021 whose id comes first: listed first by Qatar.
      await dossier.store.addFact(
        {
          actorId: 'anchor',
          kind: 'relation',
          start: 0,
          end: 5,
          payload: { subject: 'PAK', predicate: 'recognizes', object: 'taliban', negated: true, valid: '2022' },
        },
        'ada',
      );
      const [listed] = await relatedOf(dossier, 'qatar', 'contradicts-profile');
      expect(listed).toEqual([
        'anchor',
        ...Array.from({ length: relatedClaimLimit - 1 }, (_, i) => `denier-${pad(i + 1)}`),
      ]);
      expect(await relatedOf(dossier, 'anchor', 'contradicts-profile')).toEqual([['pakistan', 'qatar']]);
      // Zanzibar denies that Pakistan recognizes Kabul; once Kabul is merged into the Taliban its claim is the
      // opposite of Qatar's and Pakistan's (its time unchanged).
      expect(await relatedOf(dossier, 'zanzibar', 'contradicts-profile')).toEqual([]);
      await dossier.store.mergeEntities('kabul', 'taliban', 'ada');
      expect(await relatedOf(dossier, 'zanzibar', 'contradicts-profile')).toEqual([['pakistan', 'qatar']]);
      await expectSameAsWhole();
    });
  });
}
