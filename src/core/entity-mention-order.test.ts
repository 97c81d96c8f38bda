// An entity's mention pages read actor by actor (the store's plan for an entity of many mentions: the actors in id
// order drive the join instead of every mention of the entity being sorted) are the same pages as those read from the
// entity's mentions: on SQLite and on PostgreSQL, first pages and keyset pages walked to the end, equal to the whole
// listing of getEntity.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The store's mention page reader, whose threshold of "many mentions" the test moves. */
const readerOf = (dossier: Dossier): { manyMentions: number } =>
  (dossier.store as unknown as { mentionPages: { manyMentions: number } }).mentionPages;

for (const backend of testBackends) {
  describeOn(backend)(`an entity's mention pages read actor by actor (${backend})`, () => {
    let test: TestDossier;
    let dossier: Dossier;

    beforeAll(async () => {
      test = await openTestDossier(backend, 'mention_order');
      dossier = test.dossier;
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      expect((await dossier.ingestFiles(files)).refused).toBe(0);
    }, 180_000);

    afterAll(() => test?.close());

    /** Every mention of `id`, walked a keyset page of `limit` at a time. */
    const walk = async (id: string, limit: number) => {
      const pages: string[][] = [];
      for (let cursor: string | undefined; ;) {
        const page = await dossier.entityMentionPage(id, { limit, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.mentions.map((m) => `${m.actor}@${m.version}:${m.start}-${m.end}|${m.sentence?.text ?? ''}`));
        if (page.next === null) return pages;
        cursor = page.next;
      }
    };

    it('gives the pages of the mentions index, for entities of many and of few mentions', async () => {
      const entities = ['AFG', 'taliban', 'kabul', 'KAZ'];
      const reader = readerOf(dossier);
      const threshold = reader.manyMentions;
      expect(threshold).toBeGreaterThan(1);
      for (const id of entities) {
        const whole = (await dossier.getEntity(id)).mentions;
        expect(whole.length, id).toBeGreaterThan(3);
        reader.manyMentions = threshold;
        const byMentions = await walk(id, 3);
        reader.manyMentions = 1;
        const byActors = await walk(id, 3);
        const [first] = await walk(id, 500);
        reader.manyMentions = threshold;
        expect(byActors, id).toEqual(byMentions);
        expect(byActors.flat().length, id).toBe(whole.length);
        expect(first, id).toEqual(byMentions.flat());
      }
    }, 120_000);
  });
}
