// One profile's checks asked by a request are never held back by the background work's yielding: the background
// computation waits for a moment without requests in flight (ForegroundActivity), and a request's own reads must not
// wait for that moment, since the request itself is in flight. The facts of a profile's earlier versions were read
// with the background's turn: a request for the checks of a profile with an earlier version waited for its own end
// until the longest wait (1 s per version; at 100,000 documents p99 of /api/checks?actor= was 1,020 ms).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dossier } from './dossier.js';
import { ForegroundActivity } from './foreground-activity.js';
import { referenceChecksFor, type CheckedDossier } from './reference-checks.js';
import { describeOn, openTestDossier, type TestDossier } from './test-support/test-backends.js';

const example = path.resolve(import.meta.dirname, '..', '..', 'examples', 'uzbekistan.md');

describeOn('sqlite')('the checks of one profile asked while the request is in flight', () => {
  let test: TestDossier;
  let dossier: Dossier;
  let folder: string;

  beforeAll(async () => {
    test = await openTestDossier('sqlite', 'checks-request');
    dossier = test.dossier;
    folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-checks-request-'));
    const text = await readFile(example, 'utf8');
    const files = [path.join(folder, 'v1.md'), path.join(folder, 'v2.md'), path.join(folder, 'v3.md')];
    await writeFile(files[0]!, text);
    await writeFile(files[1]!, `${text}\nUzbekistan also signed a new transit agreement in 2024.\n`);
    await writeFile(files[2]!, `${text}\nUzbekistan later opened a trade office in Kabul in 2025.\n`);
    const report = await dossier.ingestFiles(files, { relativeTo: folder });
    expect(report.results.map((result) => result.outcome?.status)).toEqual(['created', 'new-version', 'new-version']);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("answers at once, its earlier versions' facts read without waiting for a quiet moment", async () => {
    // Background work that would wait two minutes for a moment without requests, and a request in flight.
    const activity = new ForegroundActivity({ maxWaitMs: 120_000 });
    const slowFacts: CheckedDossier['review'] = {
      // Each page of facts takes longer than a slice of work: the reader then yields between pages.
      listFacts: async (query) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return dossier.review.listFacts(query);
      },
    };
    const checked: CheckedDossier = {
      listActors: () => dossier.listActors(),
      getActor: (id, version) => dossier.getActor(id, version),
      listSources: () => dossier.listSources(),
      revision: () => dossier.store.revision(),
      store: dossier.store,
      review: slowFacts,
      foreground: activity,
    };
    const end = activity.begin();
    try {
      const timeout = new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 30_000));
      const report = await Promise.race([referenceChecksFor(checked).report('uzbekistan'), timeout]);
      expect(report).not.toBe('waiting');
      expect(report).toMatchObject({ checked: { versions: 3 } });
    } finally {
      end();
    }
  }, 60_000);
});
