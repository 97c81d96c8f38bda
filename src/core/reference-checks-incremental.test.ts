// The whole collection's findings kept up to date after writes by computing again only the actors a
// write can change the findings of (the store's checkChanges and checkPartners): after each write of
// a sequence — a profile and a source contradicting others, a new version dropping a claim other
// findings quote, reviews, a login, an entity renamed — they equal a computation from scratch, and
// (but for the rename, which changes the words of every finding) the collection is not read whole.
// On SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';
import {
  describeOn,
  openTestDossier,
  testBackends,
  testPgUrl,
  type TestDossier,
} from './test-support/test-backends.js';
import { processDocument } from './profile-pipeline.js';
import { ReferenceChecks, type CheckSource } from './reference-checks.js';
import { collectionReads } from './test-support/collection-reads.js';

const root = path.resolve(import.meta.dirname, '..', '..');

const profileLines = (name: string, body: string[]) =>
  [name, '', 'Profile', ...body, 'Key Interests & Priorities', '1. Security', `${name} wants a stable neighbour.`, '']
    .join('\n')
    .concat('\n');

async function ingest(dossier: Dossier, text: string, name: string) {
  const { document, extraction } = await processDocument(Buffer.from(text), name);
  return dossier.store.saveDocument({ document, extraction });
}

/** A profile whose line gives a visit of Kazakhstan and Afghanistan to Kabul on `date`. */
async function ingestVisit(dossier: Dossier, name: string, line: string, date: string) {
  const { document, extraction } = await processDocument(Buffer.from(profileLines(name, [line])), `${name}.txt`);
  const start = extraction.text.indexOf(line);
  const evidence = { start, end: start + line.length };
  extraction.events.push({
    type: 'visit',
    date,
    actors: ['KAZ', 'AFG'],
    place: 'kabul',
    evidence,
    valid: null,
    current: true,
  });
  return dossier.store.saveDocument({ document, extraction });
}

for (const backend of testBackends) {
  describeOn(backend)(`the whole collection's findings after writes on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;
    let schema: string | null = null;
    /** Times the incremental checks read the actor list (a computation from scratch). */
    let listed = 0;
    let incremental: ReferenceChecks;

    const reads = (): CheckSource => collectionReads(dossier);
    /** Checks kept up to date (in memory, and in the store when `stored`), counting their whole-collection reads. */
    const keptChecks = (stored: boolean) =>
      new ReferenceChecks({
        ...reads(),
        listActors: () => {
          listed++;
          return dossier.listActors();
        },
        checkNeighbourhood: (actor) => dossier.store.checkNeighbourhood(actor),
        checkChanges: (since) => dossier.store.checkChanges(since),
        checkPartners: (actor) => dossier.store.checkPartners(actor),
        snapshots: stored ? dossier.store.checkSnapshots : undefined,
      });
    /** The findings computed from scratch, and those kept up to date, at the store's current revision. */
    const both = async () => {
      const scratch = await new ReferenceChecks(reads()).report();
      const kept = await incremental.report();
      return { scratch, kept };
    };

    beforeAll(async () => {
      test = await openTestDossier(backend, 'checks_incremental');
      ({ dossier, schema } = test);
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      ]);
      expect((await dossier.ingestFiles(files)).refused).toBe(0);
      await ingestVisit(dossier, 'Nepal', 'The Kazakh and Afghan leaders met in Kabul in March 2021.', '2021-03');
      await ingest(
        dossier,
        profileLines('Mongolia', ['Mongolia watches from afar. Kazakhstan borders Afghanistan, and traders cross it.']),
        'mongolia.txt',
      );
      await ingest(
        dossier,
        profileLines('Turkmenistan', ['Ashgabat trades. Turkmenistan supplies electricity to Afghanistan.']),
        'turkmenistan.txt',
      );
      incremental = keptChecks(false);
    }, 180_000);

    afterAll(() => test?.close());

    it('equals a computation from scratch after each write, computing again only what a write changes', async () => {
      const first = await both();
      expect(first.kept).toEqual(first.scratch);
      expect(listed).toBe(1);
      const steps: Array<[string, () => Promise<unknown>]> = [
        [
          'a profile contradicting another and dating their meeting otherwise',
          async () => {
            await ingestVisit(
              dossier,
              'Bhutan',
              'The Kazakh and Afghan leaders met in Kabul in October 2021.',
              '2021-10',
            );
            await ingest(
              dossier,
              profileLines('Tibet', ['Lhasa is high. Kazakhstan does not border Afghanistan.']),
              'tibet.txt',
            );
          },
        ],
        [
          'a source contradicting a profile',
          () =>
            ingest(
              dossier,
              '# Power cuts in Kabul\n\nKabul was dark. ' +
                'Turkmenistan does not supply electricity to Afghanistan, officials said.\n',
              'power-cuts.md',
            ),
        ],
        [
          'a new version dropping the claim other findings quote',
          () => ingest(dossier, profileLines('Mongolia', ['Mongolia watches from afar and trades.']), 'mongolia.txt'),
        ],
        [
          'a relation rejected by a reviewer',
          async () => {
            const facts = await dossier.review.listFacts({
              actor: 'turkmenistan',
              type: 'relation',
              status: 'machine',
            });
            await dossier.review.reject(facts.facts.find((f) => f.payload.predicate === 'supplies')!.id, 'editor');
          },
        ],
        [
          'a fact confirmed, then its sentence edited away',
          async () => {
            const facts = await dossier.review.listFacts({ actor: 'tibet', type: 'relation', status: 'machine' });
            await dossier.review.confirm(facts.facts[0]!.id, 'editor');
            await ingest(dossier, profileLines('Tibet', ['Lhasa is high. Kazakhstan borders China.']), 'tibet.txt');
          },
        ],
        [
          'a claim denied in the next version',
          () =>
            ingest(dossier, profileLines('Tibet', ['Lhasa is high. Kazakhstan does not border China.']), 'tibet.txt'),
        ],
      ];
      const kinds = new Set<string>();
      for (const [write, run] of steps) {
        await run();
        const { scratch, kept } = await both();
        expect(kept, write).toEqual(scratch);
        expect(listed, `${write}: the collection read whole`).toBe(1);
        for (const finding of kept.findings) kinds.add(finding.kind);
      }
      for (const kind of ['contradicts-profile', 'conflicting-dates', 'evidence-removed', 'changed-between-versions'])
        expect(kinds).toContain(kind);
    });

    it('does not move the data revision on a login, and computes from scratch after an entity is renamed', async () => {
      await incremental.report();
      const revision = await dossier.store.revision();
      const user = await dossier.accounts.addUser('ada', 'editor', 'a long enough password');
      await dossier.accounts.endSession((await dossier.accounts.startSession(user)).id);
      expect(await dossier.store.revision()).toBe(revision);
      const before = listed;
      await dossier.review.updateEntity('kabul', { name: 'Kabul City' }, 'ada');
      const { scratch, kept } = await both();
      expect(kept).toEqual(scratch);
      expect(JSON.stringify(kept.findings)).toContain('in Kabul City by');
      expect(listed).toBe(before + 1);
    });

    it('goes on after a restart from the computation kept in the store, incrementally', async () => {
      if (schema) {
        // PostgreSQL: a computation from scratch starts before the last minute's audit entries (a transaction with a
        // lower id may commit late); here they are all committed, so they are made older.
        const client = new pg.Client({ connectionString: testPgUrl });
        await client.connect();
        await client.query(`UPDATE ${schema}.audit_log SET at = at - interval '1 hour'`);
        await client.end();
      }
      const first = keptChecks(true);
      await first.report();
      await first.settledComputation();
      await ingest(dossier, profileLines('Tibet', ['Lhasa is high. Kazakhstan borders Afghanistan.']), 'tibet.txt');
      const before = listed;
      const restarted = keptChecks(true);
      const kept = await restarted.report();
      expect(kept).toEqual(await new ReferenceChecks(reads()).report());
      expect(listed).toBe(before);
      await restarted.settledComputation();
      const page = await keptChecks(true).page({ limit: 500 });
      expect(page.stale).toBeUndefined();
      expect(page.findings).toEqual(kept.findings);
      expect(page.checked).toEqual(kept.checked);
    });
  });
}
