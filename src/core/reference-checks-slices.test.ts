// The whole-collection checks computed in the background must not hold back the requests served meanwhile: every
// step of the compute phase is bounded by one claim (not a whole group of claims sharing a relation key, which in a
// large collection is thousands), the computation stops between slices once the Dossier closes, and on both backends
// the collection is listed a page at a time (the store's listActorPage) with the same findings as from the whole list.
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorDetail, ActorSummary, CountryRecord, Extraction } from '../model/index.js';
import type { Dossier } from './dossier.js';
import { ForegroundActivity } from './foreground-activity.js';
import { expandProfilePaths } from './path-expander.js';
import { checkCollectionInSlices, ReferenceChecks, type CheckedProfile, type CheckSource } from './reference-checks.js';
import { collectionReads } from './test-support/collection-reads.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const countries: CountryRecord[] = [];

/**
 * A profile of one sentence that says the Taliban supplied Afghanistan in 1990 (or, `negated`, did not in 2020: no
 * contradiction), and dates a visit to Kabul by both in 2021: in a collection of them every claim shares one relation
 * key and every event one event key, so that a check of a key compares every claim with every other.
 */
function profile(index: number, negated: boolean): CheckedProfile {
  const text = `Profile ${index} says the Taliban ${negated ? 'do not supply' : 'supply'} Afghanistan.`;
  const span = { start: 0, end: text.length };
  const extraction: Extraction = {
    kind: 'profile',
    text,
    actor: { name: `Actor ${index}`, country: null },
    sections: [],
    interests: [],
    sentences: [span],
    mentions: [],
    entities: [{ id: 'taliban', type: 'organization', name: 'Taliban', country: null, wikidata: null }],
    times: [],
    quantities: [],
    events: [
      {
        type: 'visit',
        date: '2021',
        actors: ['taliban', 'AFG'],
        place: 'kabul',
        evidence: span,
        valid: null,
        current: true,
      },
    ],
    relations: [
      {
        subject: 'taliban',
        predicate: 'supplies',
        object: 'AFG',
        negated,
        evidence: span,
        valid: negated ? '2020' : '1990',
        current: true,
      },
    ],
    posture: null,
  };
  const id = `actor-${String(index).padStart(5, '0')}`;
  return { actor: id, actorName: `Actor ${index}`, version: 1, extraction, date: null };
}

const collection = (size: number): CheckedProfile[] => Array.from({ length: size }, (_, i) => profile(i, i % 2 === 1));

/** CPU milliseconds this process has used. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `work` while a chain of setImmediate turns measures the longest time the event loop did not turn; both that and
 * `total` in CPU time (on a loaded machine the time the process waits for a core would count otherwise).
 */
async function longestStretch<T>(work: () => Promise<T>): Promise<{ value: T; longest: number; total: number }> {
  let longest = 0;
  let running = true;
  let last = cpuMs();
  const tick = () => {
    const now = cpuMs();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const began = cpuMs();
  const value = await work();
  const total = cpuMs() - began;
  running = false;
  return { value, longest, total };
}

describe('the whole-collection computation in slices', () => {
  it('never holds the event loop for more than a small part of the computation', async () => {
    // 4,000 claims and events of one key: checking a key in one step (as before) took half the computation's CPU time.
    const profiles = collection(4000);
    const { value, longest, total } = await longestStretch(() => checkCollectionInSlices(profiles, { countries }));
    expect(value.checked).toMatchObject({ profiles: 4000, relations: 4000, events: 4000 });
    expect(value.findings).toEqual([]);
    expect(total).toBeGreaterThan(200);
    expect(longest).toBeLessThan(total / 10);
  }, 60_000);

  it('stops between slices once asked, with a CONFLICT', async () => {
    let stop = false;
    const began = performance.now();
    const computing = checkCollectionInSlices(collection(2000), { countries }, {}, () => stop);
    setTimeout(() => (stop = true), 30);
    await expect(computing).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(performance.now() - began).toBeLessThan(500);
  }, 60_000);
});

/** ReferenceChecks over `profiles` held in memory (revision '1'), with `extra` reads; `read` hears of each batch. */
function inMemoryChecks(
  profiles: CheckedProfile[],
  extra: Partial<CheckSource> = {},
  read = () => {},
): ReferenceChecks {
  const summaries: ActorSummary[] = profiles.map((p) => ({
    id: p.actor,
    name: p.actorName,
    country: null,
    latestVersion: 1,
    versions: 1,
    asOf: null,
    interests: [],
    sentenceCount: 1,
  }));
  const details = new Map<string, ActorDetail>(
    profiles.map((p) => [
      p.actor,
      {
        id: p.actor,
        actor: p.extraction.actor,
        version: { version: 1, hash: 'h', sourceName: 'x.txt', format: 'text', ingestedAt: '2024-01-01', asOf: null },
        versions: [],
        metadata: {} as ActorDetail['metadata'],
        extraction: p.extraction,
      },
    ]),
  );
  return new ReferenceChecks(
    {
      listActors: async () => summaries,
      getActor: async (id) => details.get(id)!,
      getActors: async (refs) => {
        read();
        return refs.map((ref) => details.get(ref.id)!);
      },
      revision: async () => '1',
      ...extra,
    },
    () => ({ countries }),
  );
}

describe('ReferenceChecks.stop during the compute phase', () => {
  it('returns promptly, without waiting for the checks of the whole collection', async () => {
    const checks = inMemoryChecks(collection(4000));
    const first = await checks.page();
    expect(first.computing?.of).toBe(4000);
    // Every document read: the compute phase has begun (the reads take a few turns).
    for (let page = first; page.computing && page.computing.checked < page.computing.of;)
      page = await new Promise((resolve) => setTimeout(() => resolve(checks.page()), 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const began = performance.now();
    await checks.stop();
    const stopping = performance.now() - began;
    // Checking the 4,000 documents takes seconds; stopping waits for one slice only (it waited for all before).
    expect(stopping).toBeLessThan(300);
    await expect(checks.page({ fresh: true })).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 60_000);
});

describe('the computation in the background and the requests served meanwhile', () => {
  it('pauses while requests are in flight and goes on once they end', async () => {
    const activity = new ForegroundActivity({ maxWaitMs: 60_000 });
    let reads = 0;
    const checks = inMemoryChecks(collection(4000), { turn: (urgent) => activity.turn(urgent) }, () => reads++);
    const request = activity.begin();
    await checks.prepare();
    // A request in flight for 300 ms: not one document is read meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(0);
    request();
    const deadline = performance.now() + 10_000;
    while (reads === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reads).toBeGreaterThan(0);
    await checks.settledComputation();
    expect((await checks.page()).checked).toMatchObject({ profiles: 4000 });
  }, 60_000);

  it('never holds the event loop long: its longest synchronous stretch is bounded', async () => {
    const activity = new ForegroundActivity();
    const checks = inMemoryChecks(collection(4000), { turn: (urgent) => activity.turn(urgent) });
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    // Not awaited through settledComputation (which would make the work urgent): polled as a page would be.
    const { longest, total } = await longestStretch(async () => {
      await checks.prepare();
      for (let page = await checks.page(); page.computing; page = await checks.page())
        await new Promise((resolve) => setTimeout(resolve, 20));
    });
    delay.disable();
    expect((await checks.page()).checked).toMatchObject({ profiles: 4000 });
    expect(total).toBeGreaterThan(200);
    // In CPU time (robust to a loaded machine): slices of a few milliseconds, garbage collection included.
    expect(longest).toBeLessThan(60);
    // On the wall clock, generous: 99% of the loop's turns were late by less than 100 ms on a loaded 2-core machine.
    expect(delay.percentile(99) / 1e6).toBeLessThan(100);
  }, 120_000);
});

for (const backend of testBackends) {
  describeOn(backend)(`the collection listed a page at a time (${backend})`, () => {
    let test: TestDossier;
    let dossier: Dossier;

    beforeAll(async () => {
      test = await openTestDossier(backend, 'checks_paged_lists');
      dossier = test.dossier;
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      expect((await dossier.ingestFiles(files)).refused).toBe(0);
    }, 180_000);

    afterAll(() => test?.close());

    it('gives the findings of the whole list, without reading the whole list', async () => {
      const reads = collectionReads(dossier);
      const whole = await new ReferenceChecks(reads).report();
      let pages = 0;
      const paged = await new ReferenceChecks({
        ...reads,
        listActors: () => Promise.reject(new Error('the whole list was read')),
        listActorPage: (query) => {
          pages++;
          return dossier.store.listActorPage({ ...query, limit: 2 });
        },
      }).report();
      expect(whole.findings.length).toBeGreaterThan(0);
      expect(paged).toEqual(whole);
      expect(pages).toBeGreaterThan(5);
    }, 120_000);
  });
}
