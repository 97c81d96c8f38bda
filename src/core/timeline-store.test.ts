// The timeline read by the store a page at a time (from its indexes of time bounds) answers what the
// whole-collection computation answers, on the bundled collection (profiles and sources): the same
// items with the same ids, participants, places, dating words and evidence, in time order, undated
// last, under every filter; pages of any size join up to the whole; the counts per year agree.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionViews, type TimelineFilter, type TimelineItem } from './collection-views.js';
import { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dossier: Dossier;
let workDir: string;
let fromStore: CollectionViews;
let fromEveryActor: CollectionViews;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-timeline-'));
  dossier = await Dossier.open(path.join(workDir, 'timeline.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'examples'),
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
  ]);
  const report = await dossier.ingestFiles(files);
  expect(report.refused).toBe(0);
  fromStore = new CollectionViews(dossier);
  fromEveryActor = new CollectionViews({
    listActors: () => dossier.listActors(),
    listSources: () => dossier.listSources(),
    getActor: (id, version) => dossier.getActor(id, version),
    search: (query) => dossier.search(query),
  });
}, 120_000);

afterAll(async () => {
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Items by id (the two readings order ties differently). */
const byId = (items: TimelineItem[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
/** Earliest first, undated last: the order both readings share. */
const timeKeys = (items: TimelineItem[]) => items.map((item) => item.earliest ?? '~');

describe('the timeline read from the store', () => {
  it('answers what every actor answers, under every filter', async () => {
    const filters: TimelineFilter[] = [
      {},
      { actor: 'kazakhstan' },
      { documentKind: 'source' },
      { documentKind: 'profile' },
      { type: 'statement' },
      { type: 'visit' },
      { from: '2021' },
      { to: '2020-06' },
      { from: '2019-03-04', to: '2022' },
      { actor: 'kazakhstan', type: 'statement', from: '2015' },
      { actor: 'nobody-at-all' },
    ];
    for (const filter of filters) {
      const stored = await fromStore.timeline(filter);
      const computed = await fromEveryActor.timeline(filter);
      const label = JSON.stringify(filter);
      expect(byId(stored), label).toEqual(byId(computed));
      expect(new Set(stored.map((item) => item.id)).size, label).toBe(stored.length);
      expect(timeKeys(stored), label).toEqual([...timeKeys(stored)].sort());
      if (filter.actor !== 'nobody-at-all') expect(stored.length, label).toBeGreaterThan(0);
    }
    const all = await fromStore.timeline();
    expect(all.some((item) => item.kind === 'event' && item.dateText !== null)).toBe(true);
    expect(all.some((item) => item.kind === 'statement' && item.participants.length > 0)).toBe(true);
    expect(all.some((item) => item.documentKind === 'source')).toBe(true);
    expect(all.at(-1)?.earliest).toBeNull();
  });

  it('joins pages of any size into the whole timeline, and refuses a cursor it did not give', async () => {
    const whole = await fromStore.timeline();
    for (const limit of [1, 7, 200]) {
      const walked: TimelineItem[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await fromStore.timelinePage({ limit, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        walked.push(...page.items);
        cursor = page.next ?? undefined;
        pages += 1;
      } while (cursor !== undefined && pages < 2000);
      expect(
        walked.map((item) => item.id),
        `limit ${limit}`,
      ).toEqual(whole.map((item) => item.id));
    }
    const inMemory = await fromEveryActor.timelinePage({ limit: 5 });
    expect(inMemory.next).not.toBeNull();
    await expect(fromStore.timelinePage({ cursor: inMemory.next! })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(fromStore.timelinePage({ cursor: 'nonsense' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('counts the items per year of their start as every actor does', async () => {
    for (const filter of [
      {},
      { actor: 'kazakhstan' },
      { type: 'statement' as const },
      { documentKind: 'source' as const },
    ]) {
      expect(await fromStore.timelineYears(filter)).toEqual(await fromEveryActor.timelineYears(filter));
    }
    const { years, undated } = await fromStore.timelineYears();
    expect(years.reduce((sum, year) => sum + year.count, 0) + undated).toBe((await fromStore.timeline()).length);
  });
});
