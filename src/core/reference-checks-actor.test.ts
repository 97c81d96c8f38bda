// The checks of one actor read from the documents around it (the store's checkNeighbourhood: the
// relation and event indexes) find exactly what the whole-collection computation finds about that
// actor, on the bundled collection and the test fixtures, plus profiles and sources that
// contradict each other, a new version and a fact confirmed on a sentence edited away; and the
// pages of the whole collection's findings, followed by their cursors, give the whole list. On
// SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ActorSummary, Relation } from '../model/index.js';
import type { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';
import { processDocument } from './profile-pipeline.js';
import { ReferenceChecks, referenceChecksFor, type CheckFinding } from './reference-checks.js';
import { collectionReads } from './test-support/collection-reads.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const profileLines = (name: string, body: string[]) =>
  [name, '', 'Profile', ...body, 'Key Interests & Priorities', '1. Security', `${name} wants a stable neighbour.`, '']
    .join('\n')
    .concat('\n');

/** Ingests a text through the pipeline, giving relations whose sentence holds `within` the time given. */
async function ingestTimed(
  dossier: Dossier,
  text: string,
  name: string,
  times: Array<[within: string, time: Pick<Relation, 'valid' | 'current'>]> = [],
) {
  const { document, extraction } = await processDocument(Buffer.from(text), name);
  for (const relation of extraction.relations) {
    const sentence = extraction.text.slice(relation.evidence.start, relation.evidence.end);
    const time = times.find(([within]) => sentence.includes(within))?.[1];
    if (time) Object.assign(relation, time);
  }
  return dossier.store.saveDocument({ document, extraction });
}

/** Ingests a profile whose sentence holding `within` gives a visit of Kazakhstan and Afghanistan to Kabul on `date`. */
async function ingestVisit(dossier: Dossier, name: string, line: string, date: string) {
  const { document, extraction } = await processDocument(Buffer.from(profileLines(name, [line])), `${name}.txt`);
  const start = extraction.text.indexOf(line);
  const evidence = { start, end: start + line.length };
  const actors = ['KAZ', 'AFG'];
  extraction.events.push({ type: 'visit', date, actors, place: 'kabul', evidence, valid: null, current: true });
  return dossier.store.saveDocument({ document, extraction });
}

/** Profiles and sources that disagree, a second version and a confirmed fact edited away. */
async function ingestDisagreements(dossier: Dossier): Promise<void> {
  await ingestVisit(dossier, 'Nepal', 'The Kazakh and Afghan leaders met in Kabul in March 2021.', '2021-03');
  await ingestVisit(dossier, 'Bhutan', 'The Kazakh and Afghan leaders met in Kabul in October 2021.', '2021-10');
  await ingestTimed(
    dossier,
    profileLines('Mongolia', ['Mongolia watches from afar. Kazakhstan borders Afghanistan, and traders cross it.']),
    'mongolia.txt',
  );
  await ingestTimed(
    dossier,
    profileLines('Qatar', ['Doha mediates. Qatar recognizes the Taliban. Qatar does not recognize the Taliban.']),
    'qatar.txt',
  );
  await ingestTimed(
    dossier,
    profileLines('Saudi Arabia', ['Riyadh watches. Saudi Arabia recognized the Taliban in the 1990s.']),
    'saudi.txt',
    [['in the 1990s', { valid: '199X', current: false }]],
  );
  await ingestTimed(
    dossier,
    profileLines('Turkmenistan', ['Ashgabat trades. Turkmenistan supplies electricity to Afghanistan.']),
    'turkmenistan.txt',
  );
  await ingestTimed(
    dossier,
    '# Power cuts in Kabul\n\nKabul was dark. ' +
      'Turkmenistan does not supply electricity to Afghanistan, officials said.\n',
    'power-cuts.md',
  );
  const v1 = await ingestTimed(
    dossier,
    profileLines('Oman', ['Oman is far. Oman recognizes the Taliban.']),
    'oman.txt',
  );
  const facts = await dossier.review.listFacts({ actor: v1.actorId, type: 'relation', status: 'machine' });
  await dossier.review.confirm(facts.facts.find((f) => f.payload.predicate === 'recognizes')!.id, 'editor');
  await ingestTimed(dossier, profileLines('Oman', ['Oman is far. Oman does not recognize the Taliban.']), 'oman.txt');
}

for (const backend of testBackends) {
  describeOn(backend)(`the checks of one actor on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;
    let whole: ReferenceChecks;

    beforeAll(async () => {
      test = await openTestDossier(backend, 'checks-actor');
      dossier = test.dossier;
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
        path.join(root, 'test-fixtures', 'time-coref-blind'),
        path.join(root, 'test-fixtures', 'articles-blind'),
      ]);
      const report = await dossier.ingestFiles(files);
      expect(report.refused).toBe(0);
      await ingestDisagreements(dossier);
      // The whole-collection computation: the same reads without the store's neighbourhood.
      whole = new ReferenceChecks(collectionReads(dossier));
    }, 180_000);

    afterAll(async () => {
      await test?.close();
    });

    it('finds for every actor what the whole collection finds about it', async () => {
      const all = (await whole.report()).findings;
      const kinds = new Set(all.map((f) => f.kind));
      for (const kind of ['contradicts-profile', 'contradicts-source', 'contradicts-itself'] as const)
        expect(kinds).toContain(kind);
      for (const kind of [
        'changed-between-versions',
        'evidence-removed',
        'confirmed-by-reference',
        'conflicting-dates',
      ] as const)
        expect(kinds).toContain(kind);
      const actors = await dossier.listActors();
      expect(actors.length).toBeGreaterThan(10);
      const checks = referenceChecksFor(dossier);
      let compared = 0;
      for (const actor of actors) {
        const fromWhole = all.filter((f) => f.actor === actor.id);
        const fromNeighbourhood = await checks.report(actor.id);
        expect(fromNeighbourhood.findings, actor.id).toEqual(fromWhole);
        expect(fromNeighbourhood.next).toBeNull();
        // It read the actor's documents and those around it, not the whole collection.
        expect(fromNeighbourhood.checked.profiles).toBeLessThanOrEqual(actors.length);
        compared += fromWhole.length;
      }
      expect(compared).toBeGreaterThan(10);
    });

    it('answers an unknown actor, or a source, as not found', async () => {
      const checks = referenceChecksFor(dossier);
      await expect(checks.report('atlantis')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const [source] = await dossier.listSources();
      await expect(checks.report(source!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('gives the whole list a page at a time, with the counts of all findings on every page', async () => {
      const checks = referenceChecksFor(dossier);
      const all = await whole.report();
      const pages: CheckFinding[] = [];
      let cursor: string | undefined;
      let count = 0;
      do {
        // The first page waits for the computation (else a collection nobody asked of answers its progress).
        const page = await checks.page({ limit: 3, cursor, fresh: cursor === undefined });
        expect(page.findings.length).toBeLessThanOrEqual(3);
        expect(page.counts).toEqual(all.counts);
        expect(page.summary).toEqual(all.summary);
        pages.push(...page.findings);
        cursor = page.next ?? undefined;
        count++;
      } while (cursor !== undefined && count < 1000);
      expect(pages).toEqual(all.findings);
      const ofKind = await checks.page({ kind: 'contradicts-profile', limit: 500 });
      expect(ofKind.findings).toEqual(all.findings.filter((f) => f.kind === 'contradicts-profile'));
      await expect(checks.page({ cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('answers a collection nobody asked of at once, with the documents read, then its findings', async () => {
      const all = await whole.report();
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let reads = 0;
      let firstPart = 0;
      // The store's reads, held after the first part (sized by the pace of reading: one document) until released.
      const checks = new ReferenceChecks({
        ...collectionReads(dossier),
        getActors: async (refs) => {
          if (++reads > 1) await gate;
          else firstPart = refs.length;
          return dossier.store.getActors(refs);
        },
      });
      const [actors, sources] = await Promise.all([dossier.listActors(), dossier.listSources()]);
      const of = actors.reduce((n, a) => n + Math.min(a.latestVersion, 21), 0) + sources.length;
      const first = await checks.page({ limit: 500 });
      expect(first).toMatchObject({ findings: [], next: null, computing: { of } });
      expect(first.counts).toEqual(Object.fromEntries(Object.keys(all.counts).map((k) => [k, 0])));
      expect(first.stale).toBeUndefined();
      let during = first;
      for (let i = 0; i < 200 && (firstPart === 0 || during.computing?.checked !== firstPart); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        during = await checks.page({ limit: 500 });
      }
      expect(firstPart).toBe(1);
      expect(during.computing).toEqual({ checked: firstPart, of });
      release();
      await checks.settledComputation();
      const done = await checks.page({ limit: 500 });
      expect(done.computing).toBeUndefined();
      expect(done).toEqual({ ...all, next: done.next });
      expect(done.findings).toEqual(all.findings.slice(0, 500));
    });

    it('computes when prepared (a server starting), unless the store keeps the current findings', async () => {
      let reads = 0;
      const prepared = (snapshots?: typeof dossier.store.checkSnapshots) =>
        new ReferenceChecks({
          ...collectionReads(dossier),
          listActors: () => {
            reads++;
            return dossier.listActors();
          },
          snapshots,
        });
      const bare = prepared();
      await bare.prepare();
      await bare.settledComputation();
      expect(reads).toBe(1);
      expect((await bare.page({ limit: 500 })).findings).toEqual(
        (await whole.page({ limit: 500, fresh: true })).findings,
      );
      expect(reads).toBe(1);
      await referenceChecksFor(dossier).page({ limit: 1, fresh: true });
      await referenceChecksFor(dossier).settledComputation();
      const kept = prepared(dossier.store.checkSnapshots);
      await kept.prepare();
      await kept.settledComputation();
      expect(reads).toBe(1);
    });

    it('keeps the findings in the store: after a restart the pages are read from it, stale after a write', async () => {
      await referenceChecksFor(dossier).page({ limit: 1 });
      await referenceChecksFor(dossier).settledComputation();
      const stored = await dossier.store.checkSnapshots.current();
      expect(stored?.signature).toContain(`revision ${await dossier.store.revision()}`);
      const all = await whole.page({ limit: 500 });
      // A restart: nothing in memory, and the collection is not read (listActors would throw).
      const restarted = (listActors: () => Promise<ActorSummary[]>) =>
        new ReferenceChecks({
          ...collectionReads(dossier),
          listActors,
          snapshots: dossier.store.checkSnapshots,
        });
      const cold = restarted(() => Promise.reject(new Error('the whole collection was read')));
      const pages: CheckFinding[] = [];
      let cursor: string | undefined;
      do {
        const page = await cold.page({ limit: 4, cursor });
        expect(page).toMatchObject({ counts: all.counts, summary: all.summary, checked: all.checked });
        expect(page.stale).toBeUndefined();
        pages.push(...page.findings);
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      expect(pages).toEqual(all.findings);
      const kind = 'confirmed-by-reference' as const;
      expect(await cold.page({ kind, limit: 2 })).toEqual(await whole.page({ kind, limit: 2 }));
      // A cursor naming a finding that is not there starts after its place in the order.
      const gone = Buffer.from(`c:${JSON.stringify(['info', pages[5]!.actorName, 1, 0, 'zz:gone'])}`).toString(
        'base64url',
      );
      expect(await cold.page({ cursor: gone, limit: 3 })).toEqual(await whole.page({ cursor: gone, limit: 3 }));
      // After a write the stored findings are answered stale while the current ones are computed and stored.
      const [first] = await dossier.listActors();
      await dossier.review.confirm(
        (await dossier.review.listFacts({ actor: first!.id, status: 'machine', limit: 1 })).facts[0]!.id,
        'editor',
      );
      const warm = restarted(() => dossier.listActors());
      const stale = await warm.page({ limit: 4 });
      expect(stale.stale).toBe(true);
      expect(stale.findings).toEqual(all.findings.slice(0, 4));
      await warm.settledComputation();
      expect((await dossier.store.checkSnapshots.current())?.signature).toContain(
        `revision ${await dossier.store.revision()}`,
      );
      expect((await warm.page({ limit: 500 })).stale).toBeUndefined();
    });
  });
}
