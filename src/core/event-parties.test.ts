// The checks of one profile find the events that conflict with its own (same type, place and parties as a set,
// dates that do not overlap) through the party set stored with each event (migration 27, store/event-parties.ts):
// kept in step when a person edits an event's parties, when two entities are merged, and for every order and
// repetition of the parties; an event of other parties, or of one party, is never a candidate. On SQLite and on
// PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dossier } from './dossier.js';
import { processDocument } from './profile-pipeline.js';
import { referenceChecksFor } from './reference-checks.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const profileText = (name: string, line: string) =>
  [name, '', 'Profile', line, 'Key Interests & Priorities', '1. Security', `${name} wants a stable neighbour.`, '']
    .join('\n')
    .concat('\n');

/** A profile whose only event is a visit to Kabul by `actors` on `date`, on the words of `line`. */
async function ingestVisit(dossier: Dossier, name: string, line: string, date: string, actors: string[]) {
  const { document, extraction } = await processDocument(Buffer.from(profileText(name, line)), `${name}.txt`);
  const start = extraction.text.indexOf(line);
  extraction.events.length = 0;
  const evidence = { start, end: start + line.length };
  extraction.events.push({ type: 'visit', date, actors, place: 'kabul', evidence, valid: null, current: true });
  await dossier.store.saveDocument({ document, extraction });
}

/** The actors whose events the conflicting-dates findings of `actor` name. */
async function conflictsOf(dossier: Dossier, actor: string): Promise<string[]> {
  const report = await referenceChecksFor(dossier).report(actor);
  const related = report.findings
    .filter((finding) => finding.kind === 'conflicting-dates')
    .flatMap((finding) => finding.related.map((item) => item.actor));
  return [...new Set(related)].sort();
}

for (const backend of testBackends) {
  describeOn(backend)(`events conflicting by their party set on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;

    beforeAll(async () => {
      test = await openTestDossier(backend, 'event-parties');
      dossier = test.dossier;
      const line = (who: string) => `${who} leaders met in Kabul, Uzbekistan and Afghanistan watching.`;
      await ingestVisit(dossier, 'Nepal', line('The Kazakh and Afghan'), '2021-03', ['KAZ', 'AFG']);
      // The same set in another order, repeated: it conflicts.
      await ingestVisit(dossier, 'Bhutan', line('The Afghan and Kazakh'), '2021-10', ['AFG', 'KAZ', 'AFG']);
      // A third party, one party alone, the same dates: none conflicts.
      await ingestVisit(dossier, 'Tonga', line('Three'), '2021-12', ['KAZ', 'AFG', 'UZB']);
      await ingestVisit(dossier, 'Fiji', line('The Kazakh'), '2022-01', ['KAZ']);
      await ingestVisit(dossier, 'Samoa', line('The Kazakh and Afghan'), '2021-03', ['AFG', 'KAZ']);
      await ingestVisit(dossier, 'Palau', line('The Kazakh and Uzbek'), '2022-05', ['KAZ', 'UZB']);
    }, 180_000);

    afterAll(async () => {
      await test?.close();
    });

    it('finds the events of the same parties as a set at other dates, and no other', async () => {
      expect(await conflictsOf(dossier, 'nepal')).toEqual(['bhutan']);
      expect(await conflictsOf(dossier, 'bhutan')).toEqual(['nepal', 'samoa']);
      expect(await conflictsOf(dossier, 'tonga')).toEqual([]);
      expect(await conflictsOf(dossier, 'fiji')).toEqual([]);
    });

    // SQLite: the stored keys and the plan of the checks' candidate read, from the file itself.
    if (backend === 'sqlite')
      it("stores each event's party set, sorted and distinct, and seeks it in events_by_parties", () => {
        const db = new Database(test.file!, { readonly: true });
        try {
          const keys = db.prepare('SELECT parties FROM events ORDER BY document_id').pluck().all();
          expect(keys).toEqual(['AFG,KAZ', 'AFG,KAZ', 'AFG,KAZ,UZB', null, 'AFG,KAZ', 'KAZ,UZB']);
          const plan = db
            .prepare(
              `EXPLAIN QUERY PLAN SELECT e.document_id, e.position FROM events e
             WHERE e.place = ? AND e.type = ? AND e.parties = ? AND (e.latest < ? OR e.earliest > ?)`,
            )
            .all('kabul', 'visit', 'AFG,KAZ', '2021-03-01', '2021-03-31') as Array<{ detail: string }>;
          expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING (COVERING )?INDEX events_by_parties/);
        } finally {
          db.close();
        }
      });

    it("follows a person's edit of an event's parties", async () => {
      const { facts } = await dossier.review.listFacts({ actor: 'tonga', type: 'event', status: 'any', limit: 10 });
      expect(facts).toHaveLength(1);
      const payload = { ...(facts[0]!.payload as Record<string, unknown>), actors: ['AFG', 'KAZ'] };
      await dossier.store.reviewFact(facts[0]!.id, { status: 'edited', payload }, 'ada');
      expect(await conflictsOf(dossier, 'tonga')).toEqual(['bhutan', 'nepal', 'samoa']);
      expect(await conflictsOf(dossier, 'nepal')).toEqual(['bhutan', 'tonga']);
    });

    it('follows a merge of two entities into one (two parties may become the same set)', async () => {
      expect(await conflictsOf(dossier, 'palau')).toEqual([]);
      await dossier.store.mergeEntities('UZB', 'AFG', 'ada');
      expect(await conflictsOf(dossier, 'palau')).toEqual(['bhutan', 'nepal', 'samoa', 'tonga']);
      expect(await conflictsOf(dossier, 'nepal')).toEqual(['bhutan', 'palau', 'tonga']);
    });
  });
}
