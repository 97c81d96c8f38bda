// The compare matrix read a page at a time by the store (CompareReader) answers what the
// whole-collection computation answers, on the bundled collection and on SQLite and PostgreSQL:
// the same rows, cells and evidence on one page covering all, the same rows when walked page by
// page (by id, and by a theme's rank), the same map summary per country; and the routes
// (GET /api/compare with its cursor and Link header, GET /api/compare/map) answer them.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themes, type Role, type Theme } from '../../model/index.js';
import {
  CollectionViews,
  expandProfilePaths,
  type CompareMap,
  type CompareView,
  type Dossier,
} from '../../core/index.js';
import { buildServer } from '../server.js';
import { backends, populate, root, type Person } from '../test-support/security-fixture.js';

for (const backend of await backends()) {
  describe(`compare pages on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let people: Record<Role, Person>;
    let app: FastifyInstance;
    /** The store's reading (Dossier offers comparePage and compareMap). */
    let fromStore: CollectionViews;
    /** The same views computed from every actor's full detail. */
    let fromEveryActor: CollectionViews;
    let profiles: number;

    beforeAll(async () => {
      ({ dossier, dispose } = await backend.open());
      people = await populate(dossier);
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      const report = await dossier.ingestFiles(files);
      expect(report.refused).toBe(0);
      // A rejected interest and a rejected posture leave the matrix.
      const interest = (
        await dossier.store.listFacts({ actor: 'kazakhstan', kind: 'interest', status: 'any', limit: 1, offset: 0 })
      ).facts[0]!;
      await dossier.store.reviewFact(interest.id, { status: 'rejected' }, people.editor.name);
      const posture = (
        await dossier.store.listFacts({ actor: 'tajikistan', kind: 'posture', status: 'any', limit: 1, offset: 0 })
      ).facts[0];
      if (posture) await dossier.store.reviewFact(posture.id, { status: 'rejected' }, people.editor.name);
      app = await buildServer(dossier, { webRoot: null });
      fromStore = new CollectionViews(dossier);
      fromEveryActor = new CollectionViews({
        listActors: () => dossier.listActors(),
        listSources: () => dossier.listSources(),
        getActor: (id, version) => dossier.getActor(id, version),
        search: (query) => dossier.search(query),
      });
      profiles = (await dossier.listActors()).length;
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ url, headers: { authorization: `Bearer ${people.reader.token}`, ...headers } });

    /** Every row of the matrix, walking pages of `limit` from `views`. */
    async function walk(
      views: CollectionViews,
      limit: number,
      theme?: Theme,
    ): Promise<{ rows: CompareView['rows']; pages: number }> {
      const rows: CompareView['rows'] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await views.compare({ limit, cursor, theme });
        expect(page.rows.length).toBeLessThanOrEqual(limit);
        rows.push(...page.rows);
        cursor = page.next ?? undefined;
        pages += 1;
      } while (cursor);
      return { rows, pages };
    }

    it('reads the same rows, cells and evidence as the computation from every actor', async () => {
      const stored = await fromStore.compare({ limit: 200 });
      const computed = await fromEveryActor.compare({ limit: 200 });
      expect(stored.rows.length).toBe(profiles);
      expect(stored.rows.length).toBeGreaterThan(10);
      expect(stored.next).toBeNull();
      expect(stored).toEqual(computed);
      // The bundled collection exercises every kind of cell, and the review decisions count.
      // Kazakhstan's first interest (security, rank 1) was rejected: its sentences still carry the theme.
      const kaz = stored.rows.find((row) => row.actor === 'kazakhstan')!;
      expect(kaz.cells.security).toMatchObject({ kind: 'narrative', rank: null });
      expect(kaz.cells.trade).toMatchObject({ kind: 'interest', rank: 3, interest: 'Economic Opportunities' });
      expect(stored.rows.some((row) => Object.values(row.cells).some((cell) => cell.kind === 'narrative'))).toBe(true);
      expect(stored.rows.some((row) => row.posture !== null)).toBe(true);
      expect(stored.rows.find((row) => row.actor === 'tajikistan')!.posture).toBeNull();
      expect(stored.focus).toEqual([{ country: 'AFG', name: 'Afghanistan' }]);
      // In id order, as the cursor walks.
      const ids = stored.rows.map((row) => row.actor);
      expect(ids).toEqual([...ids].sort());
      // Without a request: the whole matrix by name, as before.
      expect(await fromStore.compare()).toEqual(await fromEveryActor.compare());
    });

    it('walks the same rows page by page, by id and by the rank of a theme (unranked last)', async () => {
      const all = (await fromEveryActor.compare({ limit: 200 })).rows;
      const byId = await walk(fromStore, 4);
      expect(byId.pages).toBe(Math.ceil(profiles / 4));
      expect(byId.rows).toEqual(all);
      for (const theme of ['security', 'trade', 'water', 'migration'] as const) {
        const walked = await walk(fromStore, 3, theme);
        const whole = await fromEveryActor.compare({ limit: 200, theme });
        expect(walked.rows, theme).toEqual(whole.rows);
        expect(walked.rows.map((row) => row.actor).sort(), theme).toEqual(all.map((row) => row.actor).sort());
        const ranks = walked.rows.map((row) =>
          row.cells[theme]?.kind === 'interest' ? row.cells[theme]!.rank! : Infinity,
        );
        expect(ranks, theme).toEqual([...ranks].sort((a, b) => a - b));
        // Among equal ranks, by id.
        for (let i = 1; i < walked.rows.length; i++)
          if (ranks[i] === ranks[i - 1]) expect(walked.rows[i - 1]!.actor < walked.rows[i]!.actor).toBe(true);
      }
    });

    it('summarises a theme per country for the map as the full computation does', async () => {
      for (const theme of themes) {
        const stored = await fromStore.compareMap(theme);
        expect(stored, theme).toEqual(await fromEveryActor.compareMap(theme));
      }
      const security = await fromStore.compareMap('security');
      expect(security.countries.find((entry) => entry.country === 'KAZ')).toMatchObject({
        kind: 'narrative',
        rank: null,
        actor: 'kazakhstan',
        name: 'Kazakhstan',
        actors: 1,
      });
      expect((await fromStore.compareMap('trade')).countries.find((entry) => entry.country === 'KAZ')).toMatchObject({
        kind: 'interest',
        rank: 3,
        actor: 'kazakhstan',
      });
      expect(security.countries.length).toBe(
        new Set((await fromEveryActor.compare()).rows.map((row) => row.country).filter(Boolean)).size,
      );
      const kinds = new Set(
        (
          await Promise.all(themes.map(async (t) => (await fromStore.compareMap(t)).countries.map((c) => c.kind)))
        ).flat(),
      );
      expect(kinds).toEqual(new Set(['interest', 'narrative', null]));
    });

    it('serves pages with a cursor, a Link header and ETags, and refuses a bad cursor or limit', async () => {
      const first = await get('/api/compare?limit=5');
      expect(first.statusCode).toBe(200);
      const page = first.json() as CompareView;
      expect(page.rows).toHaveLength(5);
      expect(page.themes).toEqual([...themes]);
      expect(page.next).toEqual(expect.any(String));
      expect(first.headers.link).toBe(`</api/compare?limit=5&cursor=${page.next}>; rel="next"`);
      expect((await get('/api/compare?limit=5', { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
      const second = (await get(`/api/compare?limit=5&cursor=${page.next}`)).json() as CompareView;
      expect(second.rows[0]!.actor > page.rows[4]!.actor).toBe(true);
      expect((await get('/api/compare')).json<CompareView>().rows.length).toBe(Math.min(50, profiles));

      const sorted = (await get('/api/compare?limit=2&theme=security')).json() as CompareView;
      expect(sorted.rows[0]!.cells.security).toMatchObject({ kind: 'interest', rank: 1 });
      // A cursor belongs to its listing: another sort, or none, is refused.
      for (const url of [
        `/api/compare?limit=2&cursor=${sorted.next}`,
        `/api/compare?limit=2&theme=trade&cursor=${sorted.next}`,
        `/api/compare?theme=security&cursor=${page.next}`,
        '/api/compare?cursor=bm90LWEtY3Vyc29y',
        '/api/compare?limit=201',
        '/api/compare?limit=0',
        '/api/compare?theme=weather',
      ]) {
        const refused = await get(url);
        expect(refused.statusCode, url).toBe(400);
        expect(refused.json(), url).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      }
    });

    it('serves the map summary of a theme', async () => {
      const response = await get('/api/compare/map?theme=trade');
      expect(response.statusCode).toBe(200);
      const map = response.json() as CompareMap;
      expect(map.theme).toBe('trade');
      expect(map).toEqual(JSON.parse(JSON.stringify(await fromEveryActor.compareMap('trade'))));
      expect(((await get('/api/compare/map')).json() as CompareMap).theme).toBe('security');
      expect((await get('/api/compare/map?theme=weather')).statusCode).toBe(400);
    });
  });
}
