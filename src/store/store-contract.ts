// The one contract suite every Store backend must pass (run by the SQLite and PostgreSQL test
// files): versions and idempotence, exact round trips, atomicity, entities, search, concurrency,
// integrity under faults, batch saves.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DossierError, type IngestOutcome } from '../model/index.js';
import { isFaultInjectable, type BatchSaveResult, type SaveDocumentInput, type Store } from './store.js';
import {
  buildProfile,
  kazakhstanProfile,
  kazakhstanSpec,
  uzbekistanProfile,
  uzbekistanSpec,
  withDanglingMention,
  withInvertedRelationEvidence,
} from './test-support/profile-fixtures.js';

const emptyStats = { actors: 0, versions: 0, sentences: 0, mentions: 0, entities: 0 };

/** Queries that must never raise: FTS5/tsquery syntax, SQL fragments, odd unicode, huge input. */
export const hostileQueries: string[] = [
  '"',
  '"unbalanced railway',
  'railway"',
  '""',
  '"""',
  '" "',
  'trans-Afghan',
  '-railway',
  'railway-',
  'NEAR(',
  'NEAR(railway Kabul, 2)',
  'NEAR/3',
  'AND',
  'railway AND',
  'OR OR',
  'NOT railway',
  'railway NOT',
  'AND OR NOT NEAR',
  '*',
  '**',
  'rail*',
  '*rail',
  '"rail"*',
  'title:x',
  'text:railway',
  'sentences_fts:railway',
  '{text}: railway',
  '(railway',
  'railway)',
  '()',
  '(((',
  '[x]',
  '^railway',
  '+railway -Kabul',
  "'; DROP TABLE sentences; --",
  "o'neil",
  '\\',
  '\\"',
  '\u0000',
  'Kabul\u0000railway',
  '\uD800',
  '\uDC00railway',
  '日本語のテキスト',
  'Ташкент',
  '👍🏽 railway',
  'e\u0301',
  '\u0301',
  'ÅSTANA',
  'ǅ',
  '   ',
  '',
  '\t\n\r',
  'a'.repeat(5000),
  'railway '.repeat(300),
  '!@#$%^&*()',
  ':',
  '-',
  '--',
  '/* */',
  '%',
  '_',
  '?',
  '$1',
  '&',
  '|',
  '<->',
  '<2>',
  '!',
  ':*',
  'a:*',
  'a & b | !c',
  "'quoted'",
  '0',
  '-1',
  '1e308',
];

const queryFragments = [
  '"',
  '(',
  ')',
  '*',
  ':',
  '-',
  '^',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(',
  ',',
  "'",
  '\\',
  '&',
  '|',
  '!',
  '<->',
  ' ',
  'railway',
  'Kabul',
  'trans-Afghan',
  '\u0000',
  'é',
  '日本',
];

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store?.close();
    });

    describe('versions', () => {
      it('starts empty', async () => {
        expect(await store.listActors()).toEqual([]);
        expect(await store.stats()).toEqual(emptyStats);
        expect(await store.getActor('uzbekistan')).toBeNull();
        expect(await store.getDocument('uzbekistan')).toBeNull();
        expect(await store.listVersions('uzbekistan')).toEqual([]);
      });

      it('creates the first version of an actor', async () => {
        const input = uzbekistanProfile();
        expect(await store.saveDocument(input)).toEqual({
          status: 'created',
          actorId: 'uzbekistan',
          actorName: 'Uzbekistan',
          version: 1,
        });
        const stats = await store.stats();
        expect(stats).toEqual({
          actors: 1,
          versions: 1,
          sentences: input.extraction.sentences.length,
          mentions: input.extraction.mentions.length,
          entities: input.extraction.entities.length,
        });
      });

      it('keeps the maintained collection counts equal to the counted rows through saves and batches', async () => {
        const counted = async () => {
          const { actors, versions, sentences } = await store.stats();
          return { actors, versions, sentences };
        };
        expect(await store.collectionCounts()).toEqual({ actors: 0, versions: 0, sentences: 0 });
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        expect(await store.collectionCounts()).toEqual(await counted());
        await store.saveDocuments([kazakhstanProfile(), uzbekistanProfile({ revision: 2 }), kazakhstanProfile()]);
        const after = await store.collectionCounts();
        expect(after).toEqual(await counted());
        expect(after).toMatchObject({ actors: 2, versions: 4 });
        expect(after.sentences).toBeGreaterThan(0);
      });

      it('treats the same content as unchanged and writes nothing', async () => {
        await store.saveDocument(uzbekistanProfile());
        const before = await store.stats();
        const versionsBefore = await store.listVersions('uzbekistan');
        const again = await store.saveDocument(uzbekistanProfile());
        expect(again).toEqual({ status: 'unchanged', actorId: 'uzbekistan', actorName: 'Uzbekistan', version: 1 });
        expect(await store.stats()).toEqual(before);
        expect(await store.listVersions('uzbekistan')).toEqual(versionsBefore);
      });

      it('moves the store revision on every committed write and not on reads', async () => {
        const initial = await store.revision();
        await store.listActors();
        await store.search({ q: 'railway' });
        expect(await store.revision()).toBe(initial);
        await store.saveDocument(uzbekistanProfile());
        const afterSave = await store.revision();
        expect(afterSave).not.toBe(initial);
        await store.getActor('uzbekistan');
        expect(await store.revision()).toBe(afterSave);
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        expect(await store.revision()).not.toBe(afterSave);
      });

      it('stores changed text as a new version and keeps the old one readable in full', async () => {
        const first = uzbekistanProfile();
        const second = uzbekistanProfile({ revision: 1 });
        await store.saveDocument(first);
        expect(await store.saveDocument(second)).toEqual({
          status: 'new-version',
          actorId: 'uzbekistan',
          actorName: 'Uzbekistan',
          version: 2,
        });

        const latest = await store.getActor('uzbekistan');
        expect(latest?.version.version).toBe(2);
        expect(latest?.extraction).toStrictEqual(second.extraction);
        const old = await store.getActor('uzbekistan', 1);
        expect(old?.version.version).toBe(1);
        expect(old?.version.hash).toBe(first.document.source.hash);
        expect(old?.extraction).toStrictEqual(first.extraction);
        expect(await store.getDocument('uzbekistan', 1)).toStrictEqual(first.document);
        expect(await store.getActor('uzbekistan', 3)).toBeNull();

        const versions = await store.listVersions('uzbekistan');
        expect(versions.map((v) => [v.version, v.hash])).toEqual([
          [1, first.document.source.hash],
          [2, second.document.source.hash],
        ]);
        expect(latest?.versions).toEqual(versions);
        // Going back to the first text stores nothing: that text is version 1, and the latest stays 2.
        expect(await store.saveDocument(first)).toEqual({
          status: 'unchanged',
          actorId: 'uzbekistan',
          actorName: 'Uzbekistan',
          version: 1,
        });
        expect((await store.getActor('uzbekistan'))?.version.version).toBe(2);
        expect(await store.listVersions('uzbekistan')).toEqual(versions);
      });
    });

    describe('round trip', () => {
      it('rebuilds every extracted item exactly, in order', async () => {
        const input = kazakhstanProfile();
        await store.saveDocument(input);
        const detail = await store.getActor('kazakhstan');
        expect(detail).not.toBeNull();
        expect(detail!.extraction).toStrictEqual(input.extraction);
        expect(detail!.id).toBe('kazakhstan');
        expect(detail!.actor).toStrictEqual(input.document.actor);
        expect(detail!.metadata).toStrictEqual(input.document.metadata);
        expect(detail!.version).toMatchObject({
          version: 1,
          hash: input.document.source.hash,
          sourceName: 'kazakhstan.txt',
          format: 'text',
          asOf: '2022-03',
        });
        expect(Number.isNaN(Date.parse(detail!.version.ingestedAt))).toBe(false);
        expect(await store.getDocument('kazakhstan')).toStrictEqual(input.document);
        // Spot checks that the fixture exercises what it should.
        expect(detail!.extraction.relations.find((r) => r.predicate === 'borders')?.negated).toBe(true);
        expect(detail!.extraction.entities.find((e) => e.id === 'bakhyt-sultanov')?.attributes).toEqual({
          role: 'Trade and Integration Minister',
        });
        expect(detail!.extraction.sentences.some((s) => s.themes === undefined)).toBe(true);
        expect(detail!.extraction.sentences.some((s) => s.themes !== undefined)).toBe(true);
      });

      it('keeps each actor to its own extraction when entities are shared', async () => {
        const uzb = uzbekistanProfile();
        const kaz = kazakhstanProfile();
        await store.saveDocument(uzb);
        await store.saveDocument(kaz);
        expect((await store.getActor('uzbekistan'))!.extraction).toStrictEqual(uzb.extraction);
        expect((await store.getActor('kazakhstan'))!.extraction).toStrictEqual(kaz.extraction);
      });
    });

    describe('atomicity', () => {
      const expectStoreError = async (promise: Promise<unknown>) => {
        const error = await promise.then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(DossierError);
        expect((error as DossierError).code).toBe('STORE_ERROR');
        expect((error as DossierError).message).not.toMatch(
          /\b(INSERT|SELECT|UPDATE|FOREIGN KEY|CONSTRAINT|violates|sentences_fts)\b/i,
        );
      };

      it('stores nothing of a document whose mention points at an unlisted entity', async () => {
        await expectStoreError(store.saveDocument(withDanglingMention(uzbekistanProfile())));
        expect(await store.stats()).toEqual(emptyStats);
        expect(await store.listActors()).toEqual([]);
        expect(await store.getEntity('UZB')).toBeNull();
        expect((await store.search({ q: 'railway' })).total).toBe(0);
      });

      it(
        'stores nothing of a document that fails on its last ' + 'items, and keeps the previous version intact',
        async () => {
          const first = uzbekistanProfile();
          await store.saveDocument(first);
          const before = await store.stats();
          const searchBefore = await store.search({ q: 'Tashkent' });
          await expectStoreError(store.saveDocument(withInvertedRelationEvidence(uzbekistanProfile({ revision: 1 }))));
          await expectStoreError(store.saveDocument(withInvertedRelationEvidence(kazakhstanProfile())));
          expect(await store.stats()).toEqual(before);
          expect((await store.listVersions('uzbekistan')).map((v) => v.version)).toEqual([1]);
          expect((await store.getActor('uzbekistan'))!.extraction).toStrictEqual(first.extraction);
          expect(await store.getActor('kazakhstan')).toBeNull();
          expect(await store.search({ q: 'Tashkent' })).toEqual(searchBefore);
          // The store is still usable after the failures.
          expect((await store.saveDocument(uzbekistanProfile({ revision: 1 }))).version).toBe(2);
        },
      );

      it('refuses an extraction made from another text', async () => {
        const input = uzbekistanProfile();
        const other = uzbekistanProfile({ revision: 9 });
        const error = await store
          .saveDocument({ document: input.document, extraction: other.extraction })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(DossierError);
        expect(await store.stats()).toEqual(emptyStats);
      });
    });

    describe('sources', () => {
      /** The Kazakhstan fixture read as a source, with a byline and a dateline. */
      const asSource = (input: SaveDocumentInput): SaveDocumentInput => ({
        ...input,
        document: {
          ...input.document,
          kind: 'source',
          metadata: {
            ...input.document.metadata,
            author: 'Jane Doe',
            published: '2022-02-22',
            publisher: 'Reuters',
            spans: { author: { start: 0, end: 3 }, published: { start: 4, end: 8 } },
          },
        },
        extraction: { ...input.extraction, kind: 'source' },
      });

      it(
        'keeps a source in its own series, out of the actor ' + 'list, with its kind and publication metadata',
        async () => {
          await store.saveDocument(kazakhstanProfile());
          const source = asSource(kazakhstanProfile());
          expect(await store.saveDocument(source)).toMatchObject({
            status: 'created',
            actorId: 'source-kazakhstan',
            version: 1,
          });
          expect((await store.listActors()).map((actor) => actor.id)).toEqual(['kazakhstan']);
          expect((await store.listActors('source')).map((actor) => actor.id)).toEqual(['source-kazakhstan']);
          const detail = await store.getActor('source-kazakhstan');
          expect(detail?.extraction.kind).toBe('source');
          expect(detail?.metadata).toMatchObject({
            author: 'Jane Doe',
            published: '2022-02-22',
            publisher: 'Reuters',
            spans: { author: { start: 0, end: 3 }, published: { start: 4, end: 8 } },
          });
          const document = await store.getDocument('source-kazakhstan');
          expect([document?.kind, document?.metadata.publisher]).toEqual(['source', 'Reuters']);
          expect((await store.getActor('kazakhstan'))?.extraction.kind).toBe('profile');
          expect((await store.getDocument('kazakhstan'))?.metadata).toMatchObject({
            published: null,
            publisher: null,
            spans: {},
          });
          // The same text as a source again: unchanged, in its own series.
          expect(await store.saveDocument(source)).toMatchObject({ status: 'unchanged', actorId: 'source-kazakhstan' });
        },
      );

      it(
        "keeps a source's subjects and how each time was completed, and finds its sentences about an actor, newest " +
          'first',
        async () => {
          await store.saveDocument(kazakhstanProfile());
          const base = asSource(kazakhstanProfile());
          const [firstTime] = base.extraction.times;
          const source: SaveDocumentInput = {
            ...base,
            extraction: {
              ...base.extraction,
              subjects: [
                { entity: 'KAZ', how: 'title' },
                { entity: 'uzbekistan', how: 'title' },
              ],
              times: base.extraction.times.map((time) =>
                time === firstTime ? { ...time, resolved: 'document-date' as const } : time,
              ),
            },
          };
          await store.saveDocument(source);
          const detail = await store.getActor('source-kazakhstan');
          expect(detail?.extraction.subjects).toEqual([
            { entity: 'KAZ', how: 'title' },
            { entity: 'uzbekistan', how: 'title' },
          ]);
          expect(detail?.extraction.times[0]?.resolved).toBe('document-date');
          expect(detail?.extraction.times.slice(1).every((time) => time.resolved === undefined)).toBe(true);
          // A profile has no subjects.
          expect((await store.getActor('kazakhstan'))?.extraction.subjects).toBeUndefined();

          const evidence = await store.sourceEvidence({ entities: ['KAZ', 'kazakhstan'], country: 'KAZ', limit: 500 });
          const x = source.extraction;
          const expected = x.sentences.filter((sentence) =>
            x.mentions.some(
              (m) => m.start >= sentence.start && m.end <= sentence.end && (m.entity === 'KAZ' || m.country === 'KAZ'),
            ),
          );
          expect(expected.length).toBeGreaterThan(0);
          expect(evidence.sentences.map((s) => [s.start, s.end])).toEqual(expected.map((s) => [s.start, s.end]));
          for (const sentence of evidence.sentences) {
            expect(sentence.text).toBe(x.text.slice(sentence.start, sentence.end));
            expect(sentence.source).toEqual({
              series: 'source-kazakhstan',
              version: 1,
              title: source.document.actor.name,
              publisher: 'Reuters',
              published: '2022-02-22',
            });
          }
          expect(evidence.more).toBe(false);
          expect(evidence.concerning).toEqual([
            {
              series: 'source-kazakhstan',
              version: 1,
              title: source.document.actor.name,
              publisher: 'Reuters',
              published: '2022-02-22',
              how: 'title',
            },
          ]);
          // The profile's own sentences are not "in the sources".
          expect(evidence.sentences.every((s) => s.source.series.startsWith('source-'))).toBe(true);
          const one = await store.sourceEvidence({ entities: ['KAZ'], country: null, limit: 1 });
          expect([one.sentences.length, one.more]).toEqual([1, true]);
          expect(await store.sourceEvidence({ entities: ['atlantis'], country: null, limit: 10 })).toEqual({
            sentences: [],
            more: false,
            concerning: [],
          });
        },
      );
    });

    describe('many versions at once', () => {
      it(
        'getActors answers what getActor answers for each version ' + 'asked, in order, leaving out unknown ones',
        async () => {
          await store.saveDocument(uzbekistanProfile());
          await store.saveDocument(uzbekistanProfile({ revision: 1 }));
          await store.saveDocument(kazakhstanProfile());
          const refs = [
            { id: 'kazakhstan' },
            { id: 'uzbekistan', version: 1 },
            { id: 'atlantis' },
            { id: 'uzbekistan' },
            { id: 'kazakhstan', version: 9 },
          ];
          const batch = await store.getActors(refs);
          const one = await Promise.all([
            store.getActor('kazakhstan'),
            store.getActor('uzbekistan', 1),
            store.getActor('uzbekistan'),
          ]);
          expect(batch).toEqual(one);
          expect(batch.map((detail) => `${detail.id}@${detail.version.version}`)).toEqual([
            'kazakhstan@1',
            'uzbekistan@1',
            'uzbekistan@2',
          ]);
          expect(await store.getActors([])).toEqual([]);
        },
      );
    });

    describe('actors and entities', () => {
      it('lists the latest version of each actor by name with interests and sentence counts', async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        await store.saveDocument(kazakhstanProfile());
        const actors = await store.listActors();
        expect(actors.map((a) => a.id)).toEqual(['kazakhstan', 'uzbekistan']);
        const [kaz, uzb] = actors;
        expect(kaz).toEqual({
          id: 'kazakhstan',
          name: 'Kazakhstan',
          country: 'KAZ',
          latestVersion: 1,
          versions: 1,
          asOf: '2022-03',
          interests: [{ rank: 1, title: 'Economic Opportunities', themes: ['trade', 'transport'] }],
          sentenceCount: kazakhstanProfile().extraction.sentences.length,
        });
        expect(uzb).toMatchObject({ id: 'uzbekistan', latestVersion: 2, versions: 2 });
        expect(uzb!.sentenceCount).toBe(uzbekistanProfile({ revision: 1 }).extraction.sentences.length);
        expect(uzb!.interests).toEqual([
          { rank: 1, title: 'Border Security', themes: ['security', 'extremism'] },
          { rank: 2, title: 'Transit and Trade', themes: ['transport', 'trade', 'energy'] },
        ]);
      });

      it('follows an entity across the latest versions of all actors', async () => {
        const uzb = uzbekistanProfile();
        const kaz = kazakhstanProfile();
        await store.saveDocument(uzb);
        await store.saveDocument(kaz);
        const kabul = await store.getEntity('kabul');
        expect(kabul?.entity).toStrictEqual({
          id: 'kabul',
          type: 'place',
          name: 'Kabul',
          country: 'AFG',
          wikidata: 'Q5838',
        });
        expect(kabul!.mentions.map((m) => [m.actor, m.version])).toEqual([
          ['kazakhstan', 1],
          ['kazakhstan', 1],
          ['uzbekistan', 1],
        ]);
        for (const mention of kabul!.mentions) {
          const text = mention.actor === 'kazakhstan' ? kaz.document.text : uzb.document.text;
          expect(mention.actorName).toBe(mention.actor === 'kazakhstan' ? 'Kazakhstan' : 'Uzbekistan');
          expect(mention.text).toBe('Kabul');
          expect(mention.type).toBe('place');
          expect(text.slice(mention.start, mention.end)).toBe('Kabul');
          expect(mention.sentence).not.toBeNull();
          expect(text.slice(mention.sentence!.start, mention.sentence!.end)).toBe(mention.sentence!.text);
          expect(mention.sentence!.start <= mention.start && mention.end <= mention.sentence!.end).toBe(true);
        }
        // The title line is outside every sentence.
        const uzbEntity = await store.getEntity('UZB');
        expect(uzbEntity!.mentions[0]).toMatchObject({ actor: 'uzbekistan', start: 0, end: 10, sentence: null });
        expect(uzbEntity!.entity.aliases).toEqual(['Uzbek', 'Uzbeks']);
        // Listed without a mention: known, with no mentions.
        expect(await store.getEntity('PAK')).toEqual({
          entity: { id: 'PAK', type: 'country', name: 'Pakistan', country: 'PAK', wikidata: 'Q843' },
          mentions: [],
        });
        expect(await store.getEntity('no-such-entity')).toBeNull();
      });

      it("pages an entity's mentions with a keyset cursor in the order of the full listing", async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(kazakhstanProfile());
        for (const id of ['kabul', 'UZB', 'tashkent']) {
          const full = (await store.getEntity(id))!;
          const seen: typeof full.mentions = [];
          let after: { actor: string; position: number } | null = null;
          let pages = 0;
          do {
            const page = await store.entityMentionPage(id, 2, after);
            expect(page.mentions.length).toBeLessThanOrEqual(2);
            seen.push(...page.mentions);
            after = page.next;
            pages += 1;
          } while (after && pages < 100);
          expect(seen).toEqual(full.mentions);
        }
        expect(await store.entityMentionPage('no-such-entity', 5, null)).toEqual({ mentions: [], next: null });
      });

      it('reads what the search facets count of each matched sentence, and null for an unknown document', async () => {
        const uzb = uzbekistanProfile();
        await store.saveDocument(uzb);
        const detail = (await store.getActor('uzbekistan'))!;
        const x = detail.extraction;
        const hits = x.sentences.map((s) => ({ actor: 'uzbekistan', version: 1, start: s.start }));
        const facets = await store.sentenceFacets([...hits, { actor: 'nobody', version: 1, start: 0 }]);
        expect(facets).toHaveLength(hits.length + 1);
        expect(facets[hits.length]).toBeNull();
        x.sentences.forEach((s, n) => {
          const inside = <T extends { start: number; end: number }>(items: T[]) =>
            items.filter((i) => i.start >= s.start && i.end <= s.end).sort((a, b) => a.start - b.start);
          const interest = x.interests.find((i) => s.start >= i.start && s.start < i.end);
          expect(facets[n]).toEqual({
            documentKind: 'profile',
            publisher: null,
            published: null,
            themes: [...new Set([...(s.themes ?? []), ...(interest?.themes ?? [])])],
            types: [...new Set(inside(x.mentions).map((m) => m.type))],
            times: inside(x.times).map((t) => t.value),
          });
        });
        expect(facets.some((f) => (f?.types.length ?? 0) > 0 && (f?.themes.length ?? 0) > 0)).toBe(true);
      });

      it('shows only the latest version of each actor for an entity', async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        const tashkent = await store.getEntity('tashkent');
        expect(tashkent!.mentions.every((m) => m.version === 2)).toBe(true);
        expect(tashkent!.mentions).toHaveLength(4);
      });

      it('answers unknown or odd ids with null, not an error', async () => {
        await store.saveDocument(uzbekistanProfile());
        for (const id of ["'; DROP TABLE actors; --", '\u0000', '', 'x'.repeat(10_000), '%', '_']) {
          expect(await store.getActor(id)).toBeNull();
          expect(await store.getEntity(id)).toBeNull();
          expect(await store.listVersions(id)).toEqual([]);
        }
        expect(await store.getActor('uzbekistan', 0)).toBeNull();
        expect(await store.getActor('uzbekistan', 2 ** 40)).toBeNull();
      });
    });

    describe('pages of actors', () => {
      const names: Array<[string, string | null]> = [
        ['Kazakhstan', 'KAZ'],
        ['Uzbekistan', 'UZB'],
        ['Türkiye', 'TUR'],
        ['Qatar', 'QAT'],
        ['Iran', 'IRN'],
        ['India', 'IND'],
        ['Pakistan', 'PAK'],
        ['China', 'CHN'],
        ['Russia', 'RUS'],
        ['Japan', 'JPN'],
        ['Kyrgyzstan', 'KGZ'],
        ['European Union', null],
      ];
      beforeEach(async () => {
        for (const [name, country] of names)
          await store.saveDocument(
            buildProfile({ ...kazakhstanSpec({ revision: name.length }), actor: { name, country } }),
          );
      });

      it('walks the whole list in id order, page by page, with a next cursor until the end', async () => {
        const all = (await store.listActors()).map((actor) => actor.id).sort();
        const seen: string[] = [];
        let after: string | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await store.listActorPage({ kind: 'profile', limit: 5, after });
          seen.push(...page.actors.map((actor) => actor.id));
          if (!page.next) break;
          expect(page.actors).toHaveLength(5);
          after = page.next;
        }
        expect(seen).toEqual(all);
        expect(seen).toHaveLength(12);
        const first = (await store.listActorPage({ kind: 'profile', limit: 1 })).actors[0]!;
        expect(first).toEqual((await store.listActors()).find((actor) => actor.id === first.id));
      });

      it('filters by country and by words of the name, accents and case aside, and keeps sources apart', async () => {
        expect(
          (await store.listActorPage({ kind: 'profile', limit: 50, country: 'QAT' })).actors.map((a) => a.name),
        ).toEqual(['Qatar']);
        expect((await store.listActorPage({ kind: 'profile', limit: 50, q: 'STAN' })).actors.map((a) => a.id)).toEqual([
          'kazakhstan',
          'kyrgyzstan',
          'pakistan',
          'uzbekistan',
        ]);
        expect(
          (await store.listActorPage({ kind: 'profile', limit: 50, q: 'turk' })).actors.map((a) => a.name),
        ).toEqual(['Türkiye']);
        expect(
          (await store.listActorPage({ kind: 'profile', limit: 50, q: 'Türk' })).actors.map((a) => a.name),
        ).toEqual(['Türkiye']);
        expect((await store.listActorPage({ kind: 'profile', limit: 50, q: '%' })).actors).toEqual([]);
        expect(
          (await store.listActorPage({ kind: 'profile', limit: 2, q: 'an', after: 'iran' })).actors.map((a) => a.id),
        ).toEqual(['japan', 'kazakhstan']);
        expect(await store.listActorPage({ kind: 'source', limit: 50 })).toEqual({ actors: [], next: null });
      });
    });

    describe('timeline', () => {
      /**
       * Kazakhstan with dated statements in sentences of their own (the profile's own time shares the event's
       * sentence).
       */
      const withStatements = (
        name: string,
        country: string | null,
        dated: Array<[surface: string, value: string]>,
        revision?: number,
      ) => {
        const base = kazakhstanSpec(revision === undefined ? {} : { revision });
        return buildProfile({
          ...base,
          actor: { name, country },
          profile: [
            ...base.profile,
            ...dated.map(([surface], n) => `Envoys of ${name} met ${surface} for round ${n + 1}.`),
          ],
          times: [...base.times, ...dated],
        });
      };
      const walk = async (query: Omit<Parameters<Store['listTimeline']>[0], 'after'>) => {
        const items: Awaited<ReturnType<Store['listTimeline']>>['items'] = [];
        let after: Parameters<Store['listTimeline']>[0]['after'];
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.listTimeline({ ...query, after });
          expect(page.items.length).toBeLessThanOrEqual(query.limit);
          items.push(...page.items);
          if (!page.next) break;
          after = page.next;
        }
        return items;
      };

      beforeEach(async () => {
        await store.saveDocument(
          withStatements('Kazakhstan', 'KAZ', [
            ['in 1996', '1996'],
            ['in spring 2022', '2022-21'],
            ['in the 2010s', '201X'],
            ['on 3 March 2022', '2022-03-03'],
          ]),
        );
        await store.saveDocument(
          withStatements('Uzbekistan', 'UZB', [
            ['in 2019', '2019'],
            ['since 2020', '2020/..'],
          ]),
        );
      });

      it(
        'stores the time bounds at save and reads them earliest ' + 'first, undated last, with evidence and names',
        async () => {
          const items = await walk({ limit: 100 });
          expect(items.map((i) => [i.actor, i.type, i.date, i.earliest, i.latest])).toEqual([
            ['kazakhstan', 'statement', '1996', '1996-01-01', '1996-12-31'],
            ['kazakhstan', 'statement', '201X', '2010-01-01', '2019-12-31'],
            ['uzbekistan', 'statement', '2019', '2019-01-01', '2019-12-31'],
            ['uzbekistan', 'statement', '2020/..', '2020-01-01', null],
            ['kazakhstan', 'delegation', '2021-10', '2021-10-01', '2021-10-31'],
            ['uzbekistan', 'delegation', '2021-10', '2021-10-01', '2021-10-31'],
            ['kazakhstan', 'statement', '2022-21', '2022-01-01', '2022-12-31'],
            ['kazakhstan', 'statement', '2022-03-03', '2022-03-03', '2022-03-03'],
            ['kazakhstan', 'visit', null, null, null],
            ['uzbekistan', 'visit', null, null, null],
          ]);
          const delegation = items.find((i) => i.actor === 'kazakhstan' && i.type === 'delegation')!;
          expect(delegation).toMatchObject({
            id: 'kazakhstan:e0',
            kind: 'event',
            actorName: 'Kazakhstan',
            documentKind: 'profile',
            publisher: null,
            version: 1,
            participants: [{ id: 'KAZ', name: 'Kazakhstan' }],
            place: { id: 'kabul', name: 'Kabul' },
            dateText: 'mid-October 2021',
          });
          expect(delegation.evidence.text).toBe(
            "Astana sent a working group to Kabul in mid-October 2021 and keeps the Taliban at arm's length.",
          );
          const statement = items.find((i) => i.date === '1996')!;
          expect(statement).toMatchObject({
            kind: 'statement',
            dateText: 'in 1996',
            place: null,
            participants: [{ id: 'KAZ', name: 'Kazakhstan' }],
          });
          expect(statement.id).toMatch(/^kazakhstan:s\d+\.0$/);
          expect(statement.evidence).toMatchObject({
            actor: 'kazakhstan',
            actorName: 'Kazakhstan',
            version: 1,
            text: 'Envoys of Kazakhstan met in 1996 for round 1.',
          });
          expect(items.at(-2)).toMatchObject({
            type: 'visit',
            id: 'kazakhstan:e1',
            participants: [
              { id: 'KAZ', name: 'Kazakhstan' },
              { id: 'bakhyt-sultanov', name: 'Bakhyt Sultanov' },
            ],
          });
        },
      );

      it('walks the same items a page at a time, whatever the page size', async () => {
        const whole = await walk({ limit: 1000 });
        expect(whole).toHaveLength(10);
        for (const limit of [1, 2, 4]) expect((await walk({ limit })).map((i) => i.id)).toEqual(whole.map((i) => i.id));
        const first = await store.listTimeline({ limit: 3 });
        expect(first.items).toEqual(whole.slice(0, 3));
        expect(first.next).not.toBeNull();
        expect((await store.listTimeline({ limit: 9 })).next).not.toBeNull();
        expect((await store.listTimeline({ limit: 10 })).next).toBeNull();
      });

      it('filters by actor, type, kind and an overlapping date range', async () => {
        expect((await walk({ limit: 3, actor: 'uzbekistan' })).map((i) => i.date)).toEqual([
          '2019',
          '2020/..',
          '2021-10',
          null,
        ]);
        expect((await walk({ limit: 3, type: 'delegation' })).map((i) => i.actor)).toEqual([
          'kazakhstan',
          'uzbekistan',
        ]);
        expect((await walk({ limit: 3, type: 'statement' })).every((i) => i.kind === 'statement')).toBe(true);
        expect(await walk({ limit: 3, documentKind: 'source' })).toEqual([]);
        expect(await walk({ limit: 3, actor: 'nobody' })).toEqual([]);
        // Overlap: ending on or after `from`, starting on or before `to`; open ends and undated items fall outside.
        expect((await walk({ limit: 2, from: '2019-06-01', to: '2021-12-31' })).map((i) => i.date)).toEqual([
          '201X',
          '2019',
          '2021-10',
          '2021-10',
        ]);
        expect((await walk({ limit: 2, from: '2022-02-01' })).map((i) => i.date)).toEqual(['2022-21', '2022-03-03']);
        expect((await walk({ limit: 2, to: '2010-01-01' })).map((i) => i.date)).toEqual(['1996', '201X']);
      });

      it('reads the latest version only, leaves rejected facts out and follows an edited date', async () => {
        await store.saveDocument(withStatements('Uzbekistan', 'UZB', [['in 2005', '2005']], 2));
        expect((await walk({ limit: 10, actor: 'uzbekistan' })).map((i) => [i.date, i.version])).toEqual([
          ['2005', 2],
          ['2021-10', 2],
          [null, 2],
        ]);
        const [event] = (
          await store.listFacts({ actor: 'uzbekistan', kind: 'event', status: 'any', limit: 10, offset: 0 })
        ).facts;
        await store.reviewFact(event!.id, { status: 'edited', payload: { ...event!.payload, date: '1999-12' } }, 'ada');
        expect(
          (await walk({ limit: 10, actor: 'uzbekistan', from: '1999-01-01', to: '1999-12-31' })).map((i) => [
            i.type,
            i.date,
            i.earliest,
            i.latest,
          ]),
        ).toEqual([['delegation', '1999-12', '1999-12-01', '1999-12-31']]);
        const time = (
          await store.listFacts({ actor: 'uzbekistan', kind: 'time', status: 'any', limit: 10, offset: 0 })
        ).facts.find((f) => f.payload.value === '2005')!;
        await store.reviewFact(time.id, { status: 'rejected' }, 'ada');
        expect((await walk({ limit: 10, actor: 'uzbekistan' })).map((i) => i.date)).toEqual(['1999-12', null]);
      });

      it('counts the items per year of their start, with the undated apart', async () => {
        expect(await store.timelineYears({})).toEqual({
          years: [
            { year: 1996, count: 1 },
            { year: 2010, count: 1 },
            { year: 2019, count: 1 },
            { year: 2020, count: 1 },
            { year: 2021, count: 2 },
            { year: 2022, count: 2 },
          ],
          undated: 2,
        });
        expect(await store.timelineYears({ actor: 'uzbekistan', type: 'statement' })).toEqual({
          years: [
            { year: 2019, count: 1 },
            { year: 2020, count: 1 },
          ],
          undated: 0,
        });
      });
    });

    describe('search', () => {
      beforeEach(async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(kazakhstanProfile());
      });

      it('ranks the sentence that repeats the term first and highlights the matches', async () => {
        const result = await store.search({ q: 'railway' });
        expect(result.total).toBe(3);
        expect(result.hits[0]!.text).toBe('The railway, the trans-Afghan railway, is the railway Tashkent wants most.');
        expect(result.hits[0]!.snippet).toBe(
          'The <mark>railway</mark>, the trans-Afghan <mark>railway</mark>, is the <mark>railway</mark> Tashkent ' +
            'wants most.',
        );
        const scores = result.hits.map((hit) => hit.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
        expect(scores[0]!).toBeGreaterThan(scores[2]!);
        const texts = { uzbekistan: uzbekistanProfile().document.text, kazakhstan: kazakhstanProfile().document.text };
        for (const hit of result.hits) {
          expect(texts[hit.actor as keyof typeof texts].slice(hit.start, hit.end)).toBe(hit.text);
          expect(hit.actorName).toBe(hit.actor === 'uzbekistan' ? 'Uzbekistan' : 'Kazakhstan');
          expect(hit.version).toBe(1);
        }
      });

      it('matches plural and singular forms and highlights them', async () => {
        const plural = await store.search({ q: 'railways' });
        expect(plural.total).toBe(3);
        expect(plural.hits[0]!.snippet).toContain('<mark>railway</mark>');
        const kazakhs = await store.search({ q: 'Kazakhs' });
        expect(kazakhs.total).toBe(2);
        expect(kazakhs.hits.every((hit) => hit.snippet.includes('<mark>Kazakh</mark>'))).toBe(true);
      });

      it('HTML-escapes the snippet around the marks', async () => {
        const result = await store.search({ q: 'trust' });
        expect(result.total).toBe(1);
        expect(result.hits[0]!.snippet).toBe(
          'Kazakh diplomats describe their approach as &quot;<mark>trust</mark> &amp; verify&quot; &lt;in private&gt;.',
        );
      });

      it('filters by actor', async () => {
        expect((await store.search({ q: 'Kabul' })).total).toBe(3);
        const kaz = await store.search({ q: 'Kabul', actor: 'kazakhstan' });
        expect(kaz.total).toBe(2);
        expect(kaz.hits.every((hit) => hit.actor === 'kazakhstan')).toBe(true);
        expect(await store.search({ q: 'Kabul', actor: 'nobody' })).toEqual({ total: 0, totalExact: true, hits: [] });
      });

      it('paginates with limit and offset over a stable order', async () => {
        const all = await store.search({ q: 'Kabul', limit: 10 });
        const pages = [];
        for (let offset = 0; offset < 3; offset++) {
          const page = await store.search({ q: 'Kabul', limit: 1, offset });
          expect(page.total).toBe(3);
          expect(page.hits).toHaveLength(1);
          pages.push(page.hits[0]);
        }
        expect(pages).toEqual(all.hits);
        expect(await store.search({ q: 'Kabul', limit: 1, offset: 3 })).toEqual({
          total: 3,
          totalExact: true,
          hits: [],
        });
        expect((await store.search({ q: 'Kabul', limit: 2 })).hits).toEqual(all.hits.slice(0, 2));
      });

      it('supports phrases, hyphenated words and prefixes', async () => {
        expect((await store.search({ q: '"trans-Afghan railway"' })).total).toBe(3);
        expect((await store.search({ q: 'trans-Afghan' })).total).toBe(3);
        expect((await store.search({ q: '"railway Tashkent"' })).total).toBe(1);
        expect((await store.search({ q: '"Tashkent railway"' })).total).toBe(0);
        const prefix = await store.search({ q: 'Tash*' });
        expect(prefix.total).toBe(3);
        expect(prefix.hits.every((hit) => hit.snippet.includes('<mark>Tashkent</mark>'))).toBe(true);
        // Implicit AND.
        expect((await store.search({ q: 'Kabul delegation' })).total).toBe(2);
      });

      it('searches the latest version only', async () => {
        expect((await store.search({ q: 'revision' })).total).toBe(0);
        await store.saveDocument(uzbekistanProfile({ revision: 7 }));
        const revised = await store.search({ q: 'revision' });
        expect(revised.total).toBe(1);
        expect(revised.hits[0]).toMatchObject({ actor: 'uzbekistan', version: 2 });
        expect(
          (await store.search({ q: 'railway' })).hits
            .filter((hit) => hit.actor === 'uzbekistan')
            .every((hit) => hit.version === 2),
        ).toBe(true);
        // The first text again is a known version: nothing changes, the revised text stays the latest.
        expect((await store.saveDocument(uzbekistanProfile())).status).toBe('unchanged');
        expect((await store.search({ q: 'revision' })).total).toBe(1);
        await store.saveDocument(uzbekistanProfile({ revision: 8 }));
        expect(
          (await store.search({ q: 'revision' })).hits.map((hit) => [hit.version, hit.text.startsWith('Revision 8')]),
        ).toEqual([[3, true]]);
      });

      it('counts up to 10,000 matches unless asked, and ranks a page among the newest matches beyond', async () => {
        const many = Array.from({ length: 10_050 }, (_, i) =>
          i % 1000 === 999 ? `Wheat wheat wheat convoy ${i}.` : `Wheat convoy ${i}.`,
        );
        await store.saveDocument(
          buildProfile({
            ...kazakhstanSpec(),
            actor: { name: 'Granary', country: null },
            profile: many,
            interests: [],
            mentions: [],
            times: [],
            quantities: [],
            events: [],
            relations: [],
            posture: null,
          }),
        );
        const capped = await store.search({ q: 'wheat', limit: 5 });
        expect(capped).toMatchObject({ total: 10_000, totalExact: false });
        expect(capped.hits).toHaveLength(5);
        // The sentences that repeat the word rank first among the newest 10,000 (9,999 is among them).
        expect(capped.hits[0]!.text).toMatch(/^Wheat wheat wheat convoy \d+\.$/);
        expect(capped.hits.every((hit) => hit.actor === 'granary' && hit.snippet.includes('<mark>Wheat</mark>'))).toBe(
          true,
        );
        const exact = await store.search({ q: 'wheat', count: 'exact', limit: 1 });
        expect(exact.totalExact).toBe(true);
        expect(exact.total).toBeGreaterThanOrEqual(10_050);
        // One actor's search stays exact and within that actor.
        const kaz = await store.search({ q: 'wheat', actor: 'kazakhstan' });
        expect(kaz.totalExact).toBe(true);
        expect(kaz.hits.every((hit) => hit.actor === 'kazakhstan')).toBe(true);
        expect((await store.search({ q: 'convoy', actor: 'granary', limit: 3, offset: 10_047 })).hits).toHaveLength(0);
      }, 120_000);

      it('gives both backends the same totals, order and scores for every query class', async () => {
        // Literal expectations: the SQLite and PostgreSQL suites both check them, so the backends agree.
        const summary: Record<string, unknown> = {};
        for (const q of ['railway', 'Kabul', 'Tash*', 'Kaz*', '"trans-Afghan railway"', 'Kabul delegation', 'trust']) {
          const result = await store.search({ q });
          summary[q] = [result.total, ...result.hits.map((hit) => `${hit.actor}@${hit.start} ${hit.score}`)];
        }
        expect(summary).toEqual({
          railway: [3, 'uzbekistan@586 1.76', 'kazakhstan@345 1.135484', 'uzbekistan@168 0.967033'],
          Kabul: [3, 'uzbekistan@85 1.205479', 'kazakhstan@345 1.135484', 'kazakhstan@70 1.093168'],
          'Tash*': [3, 'uzbekistan@445 1.408', 'uzbekistan@586 1.257143', 'uzbekistan@85 1.205479'],
          'Kaz*': [
            4,
            'kazakhstan@20 1.375',
            'kazakhstan@166 1.375',
            'kazakhstan@217 1.313433',
            'kazakhstan@455 1.284672',
          ],
          '"trans-Afghan railway"': [
            3,
            'uzbekistan@586 1.257143',
            'kazakhstan@345 1.135484',
            'uzbekistan@168 0.967033',
          ],
          'Kabul delegation': [2, 'uzbekistan@85 2.410959', 'kazakhstan@345 2.270968'],
          trust: [1, 'kazakhstan@217 1.313433'],
        });
      });

      it('returns nothing for empty or wordless queries', async () => {
        for (const q of ['', '   ', '\t\n', '""', '***', '()', ':']) {
          expect(await store.search({ q })).toEqual({ total: 0, totalExact: true, hits: [] });
        }
      });

      it('answers every hostile query normally', async () => {
        for (const q of hostileQueries) {
          const result = await store.search({ q });
          expect(result.total, q).toBeGreaterThanOrEqual(0);
          expect(result.hits.length).toBeLessThanOrEqual(Math.min(result.total, 20));
          for (const hit of result.hits) expect(hit.snippet).not.toMatch(/<(?!\/?mark>)/);
        }
        for (const q of hostileQueries.slice(0, 20)) {
          const result = await store.search({ q, actor: q, limit: 500, offset: -5 });
          expect(result.total).toBeGreaterThanOrEqual(0);
        }
      });

      it('answers random queries normally (fuzz)', async () => {
        const fragments = fc
          .array(fc.constantFrom(...queryFragments), { maxLength: 12 })
          .map((parts) => parts.join(''));
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.string({ unit: 'binary', maxLength: 60 }),
              fc.string({ unit: 'grapheme', maxLength: 60 }),
              fragments,
            ),
            async (q) => {
              const result = await store.search({ q });
              expect(result.total).toBeGreaterThanOrEqual(0);
              expect(result.hits.length).toBeLessThanOrEqual(result.total);
            },
          ),
          { numRuns: 150 },
        );
      });
    });

    describe('concurrency', () => {
      it('gives 10 parallel new versions of one actor the versions 1..10', async () => {
        const inputs = Array.from({ length: 10 }, (_, index) => uzbekistanProfile({ revision: index + 1 }));
        const outcomes = await Promise.all(inputs.map((input) => store.saveDocument(input)));
        expect(outcomes.map((o) => o.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(outcomes.filter((o) => o.status === 'created')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'new-version')).toHaveLength(9);
        const versions = await store.listVersions('uzbekistan');
        expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        outcomes.forEach((outcome, index) => {
          expect(versions[outcome.version - 1]!.hash).toBe(inputs[index]!.document.source.hash);
        });
        const latest = outcomes.find((o) => o.version === 10)!;
        const latestInput = inputs[outcomes.indexOf(latest)]!;
        expect((await store.getActor('uzbekistan'))!.extraction).toStrictEqual(latestInput.extraction);
        expect((await store.search({ q: 'revision' })).total).toBe(1);
      });

      it('stores one version when the same content is saved 10 times at once', async () => {
        const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.saveDocument(kazakhstanProfile())));
        expect(outcomes.filter((o) => o.status === 'created')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'unchanged')).toHaveLength(9);
        expect((await store.stats()).versions).toBe(1);
      });

      it('saves different actors in parallel', async () => {
        const outcomes = await Promise.all([
          store.saveDocument(uzbekistanProfile()),
          store.saveDocument(kazakhstanProfile()),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['created', 'created']);
        expect((await store.listActors()).map((a) => a.id)).toEqual(['kazakhstan', 'uzbekistan']);
      });
    });

    describe('integrity', () => {
      /** A folder of profiles: three actors, two files (texts) for Uzbekistan. */
      const folder = (): Record<string, SaveDocumentInput> => ({
        'uzbekistan.txt': uzbekistanProfile(),
        'kazakhstan.txt': kazakhstanProfile(),
        'turkmenistan.txt': buildProfile({
          ...kazakhstanSpec({ revision: 3 }),
          actor: { name: 'Turkmenistan', country: 'TKM' },
        }),
        'uzbekistan-update.txt': uzbekistanProfile({ revision: 1 }),
      });
      const actorIds = ['kazakhstan', 'turkmenistan', 'uzbekistan'];
      const ingest = async (target: Store, order: string[]) => {
        const files = folder();
        const outcomes = [];
        for (const name of order) outcomes.push(await target.saveDocument(files[name]!));
        return outcomes;
      };
      /** Everything a reader can see, plus the digest of every table. */
      const snapshot = async (target: Store) => ({
        versions: await Promise.all(
          actorIds.map(async (id) => (await target.listVersions(id)).map((v) => [v.version, v.hash])),
        ),
        latest: await Promise.all(
          actorIds.map(async (id) => {
            const detail = await target.getActor(id);
            return detail ? [detail.version.version, detail.version.hash, detail.extraction.sentences.length] : null;
          }),
        ),
        stats: await target.stats(),
        renewed: (await target.search({ q: 'renewed' })).hits.map((hit) => [hit.actor, hit.version]),
        revision: await target.revision(),
        digest: await target.contentDigest(),
      });
      const hashOf = (name: string) => folder()[name]!.document.source.hash;

      it('keeps versions and latest through re-ingests of a folder in any order', async () => {
        const first = await ingest(store, [
          'uzbekistan.txt',
          'kazakhstan.txt',
          'turkmenistan.txt',
          'uzbekistan-update.txt',
        ]);
        expect(first.map((o) => [o.actorId, o.status, o.version])).toEqual([
          ['uzbekistan', 'created', 1],
          ['kazakhstan', 'created', 1],
          ['turkmenistan', 'created', 1],
          ['uzbekistan', 'new-version', 2],
        ]);
        const reference = await snapshot(store);
        expect(reference.versions[2]).toEqual([
          [1, hashOf('uzbekistan.txt')],
          [2, hashOf('uzbekistan-update.txt')],
        ]);
        expect(reference.latest[2]?.slice(0, 2)).toEqual([2, hashOf('uzbekistan-update.txt')]);
        for (const order of [
          ['uzbekistan-update.txt', 'turkmenistan.txt', 'kazakhstan.txt', 'uzbekistan.txt'],
          ['kazakhstan.txt', 'uzbekistan.txt', 'uzbekistan-update.txt', 'turkmenistan.txt'],
          ['uzbekistan.txt', 'uzbekistan-update.txt', 'uzbekistan.txt', 'kazakhstan.txt'],
        ]) {
          const again = await ingest(store, order);
          expect(
            again.every((o) => o.status === 'unchanged'),
            JSON.stringify(again),
          ).toBe(true);
          // 'unchanged' names the version that holds that text.
          again.forEach((outcome, index) =>
            expect(outcome.version).toBe(order[index] === 'uzbekistan-update.txt' ? 2 : 1),
          );
          expect(await snapshot(store)).toEqual(reference);
        }
      });

      it('stores nothing of a save aborted at any step, and the next save succeeds', async () => {
        if (!isFaultInjectable(store)) throw new Error(`${name} offers no fault injection`);
        const injectable = store;
        await store.saveDocument(uzbekistanProfile());
        for (const scenario of [
          { input: () => uzbekistanProfile({ revision: 1 }), expected: { status: 'new-version', version: 2 } },
          { input: () => kazakhstanProfile({ revision: 5 }), expected: { status: 'created', version: 1 } },
        ]) {
          let steps: number;
          for (let k = 0; ; k++) {
            const before = await snapshot(store);
            let calls = 0;
            injectable.setWriteFaultHook((step) => {
              if (calls++ === k) throw new Error(`fault injected at step ${k} (${step})`);
            });
            const result = await store.saveDocument(scenario.input()).then(
              (outcome) => ({ outcome }),
              (error: unknown) => ({ error }),
            );
            injectable.setWriteFaultHook(undefined);
            if ('outcome' in result) {
              // No fault left to inject: the save went through whole.
              expect(result.outcome).toMatchObject(scenario.expected);
              const latest = await store.getActor(result.outcome.actorId);
              expect(latest?.version.version).toBe(scenario.expected.version);
              expect(latest?.extraction).toStrictEqual(scenario.input().extraction);
              steps = k;
              break;
            }
            expect(result.error, `step ${k}`).toBeInstanceOf(DossierError);
            expect(await snapshot(store), `after a fault at step ${k}`).toEqual(before);
          }
          // The hook is wired through the whole transaction (row groups, search index, pointer, commit).
          expect(steps).toBeGreaterThanOrEqual(12);
        }
      }, 120_000);

      it('ends at the same versions and latest after a run interrupted at any step and two re-runs', async () => {
        if (!isFaultInjectable(store)) throw new Error(`${name} offers no fault injection`);
        const injectable = store;
        // Each kill point gets its own actors (a name suffix), so one store serves every attempt.
        const taggedFolder = (tag: number): Array<[file: string, input: SaveDocumentInput]> => [
          [
            'uzbekistan.txt',
            buildProfile({ ...uzbekistanSpec(), actor: { name: `Uzbekistan ${tag}`, country: 'UZB' } }),
          ],
          [
            'kazakhstan.txt',
            buildProfile({ ...kazakhstanSpec(), actor: { name: `Kazakhstan ${tag}`, country: 'KAZ' } }),
          ],
          [
            'uzbekistan-update.txt',
            buildProfile({ ...uzbekistanSpec({ revision: 1 }), actor: { name: `Uzbekistan ${tag}`, country: 'UZB' } }),
          ],
          [
            'turkmenistan.txt',
            buildProfile({
              ...kazakhstanSpec({ revision: 3 }),
              actor: { name: `Turkmenistan ${tag}`, country: 'TKM' },
            }),
          ],
        ];
        const taggedState = async (tag: number) => {
          const ids = [`kazakhstan-${tag}`, `turkmenistan-${tag}`, `uzbekistan-${tag}`];
          return Promise.all(
            ids.map(async (id) => ({
              versions: (await store.listVersions(id)).map((v) => [v.version, v.hash]),
              latest: (await store.getActor(id))?.version.hash ?? null,
              hits: (await store.search({ q: 'Kabul', actor: id })).hits.map((hit) => hit.version),
            })),
          );
        };
        let tag = 0;
        let killPoints = 0;
        // Every step of saving the second Uzbekistan text, and every fifth step of the others.
        for (let killedDocument = 0; killedDocument < 4; killedDocument++) {
          for (let killedStep = 0; ; killedStep += killedDocument === 2 ? 1 : 5) {
            const files = taggedFolder(++tag);
            let current = -1;
            let stepInDocument = 0;
            let fired = false;
            injectable.setWriteFaultHook(() => {
              if (current === killedDocument && stepInDocument++ === killedStep) {
                fired = true;
                throw new Error(`killed at step ${killedStep} of document ${killedDocument}`);
              }
            });
            // The first run stops at its first failure, like a killed process.
            for (const [index, [, input]] of files.entries()) {
              current = index;
              stepInDocument = 0;
              if (
                !(await store.saveDocument(input).then(
                  () => true,
                  () => false,
                ))
              )
                break;
            }
            injectable.setWriteFaultHook(undefined);
            if (!fired) break;
            killPoints++;
            for (const index of [3, 2, 1, 0]) await store.saveDocument(files[index]![1]);
            const settled = await taggedState(tag);
            for (const index of [2, 0, 3, 1, 0])
              expect((await store.saveDocument(files[index]![1])).status).toBe('unchanged');
            expect(
              await taggedState(tag),
              `third run after a kill at step ${killedStep} of document ${killedDocument}`,
            ).toEqual(settled);
            const [kazakhstan, turkmenistan, uzbekistan] = settled;
            expect(kazakhstan!.versions.map(([version]) => version)).toEqual([1]);
            expect(turkmenistan!.versions.map(([version]) => version)).toEqual([1]);
            expect(uzbekistan!.versions.map(([version]) => version)).toEqual([1, 2]);
            const hashes = [files[0]![1].document.source.hash, files[2]![1].document.source.hash];
            expect(new Set(uzbekistan!.versions.map(([, hash]) => hash))).toEqual(new Set(hashes));
            // Latest is version 2, the text first stored last: the update, unless the kill hit the very
            // first file, so that the reversed re-run stored the update first and the original after it.
            expect(uzbekistan!.latest).toBe(uzbekistan!.versions[1]![1]);
            expect(uzbekistan!.latest).toBe(killedDocument === 0 ? hashes[0] : hashes[1]);
            expect(new Set(uzbekistan!.hits)).toEqual(new Set([2]));
          }
        }
        expect(killPoints).toBeGreaterThanOrEqual(18);
        expect((await store.diagnose()).problems).toEqual([]);
      }, 120_000);

      it(
        'gives concurrent saves of the same and different texts of ' + 'one actor versions 1..n and a coherent latest',
        async () => {
          const texts = [uzbekistanProfile(), ...[1, 2, 3, 4].map((revision) => uzbekistanProfile({ revision }))];
          const inputs = [...texts, ...texts, kazakhstanProfile(), ...texts.slice(0, 3), kazakhstanProfile()];
          const outcomes = await Promise.all(inputs.map((input) => store.saveDocument(input)));
          const versions = await store.listVersions('uzbekistan');
          expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
          expect(new Set(versions.map((v) => v.hash)).size).toBe(5);
          outcomes.forEach((outcome, index) => {
            if (outcome.actorId !== 'uzbekistan') return;
            expect(versions[outcome.version - 1]!.hash).toBe(inputs[index]!.document.source.hash);
          });
          expect(outcomes.filter((o) => o.actorId === 'uzbekistan' && o.status !== 'unchanged')).toHaveLength(5);
          expect((await store.listVersions('kazakhstan')).map((v) => v.version)).toEqual([1]);
          const latest = await store.getActor('uzbekistan');
          expect(latest?.version.version).toBe(5);
          expect(latest?.version.hash).toBe(versions[4]!.hash);
          const latestInput = inputs.find((input) => input.document.source.hash === versions[4]!.hash)!;
          expect(latest?.extraction).toStrictEqual(latestInput.extraction);
          const hits = (await store.search({ q: 'Tashkent', limit: 200 })).hits.filter(
            (hit) => hit.actor === 'uzbekistan',
          );
          expect(hits.length).toBe(
            latestInput.extraction.sentences.filter((s) =>
              latestInput.document.text.slice(s.start, s.end).includes('Tashkent'),
            ).length,
          );
          expect(hits.every((hit) => hit.version === 5)).toBe(true);
          expect((await store.diagnose()).problems).toEqual([]);
        },
      );

      it('diagnoses the database: schema version, writability, counts, no problems', async () => {
        await ingest(store, ['uzbekistan.txt', 'kazakhstan.txt', 'uzbekistan-update.txt']);
        const diagnosis = await store.diagnose();
        const stats = await store.stats();
        expect(diagnosis).toMatchObject({
          backend: store.kind,
          schemaVersion: diagnosis.expectedSchemaVersion,
          pendingMigrations: [],
          writable: true,
          counts: {
            actors: stats.actors,
            documents: stats.versions,
            sentences: stats.sentences,
            entities: stats.entities,
          },
          problems: [],
        });
        expect(diagnosis.expectedSchemaVersion).toBeGreaterThanOrEqual(5);
        expect(diagnosis.sizeBytes).toBeGreaterThan(0);
        expect(diagnosis.location).not.toMatch(/:[^/@]*@/);
      });
    });

    describe('batch saves', () => {
      const turkmenistanProfile = (): SaveDocumentInput =>
        buildProfile({ ...kazakhstanSpec({ revision: 3 }), actor: { name: 'Turkmenistan', country: 'TKM' } });
      const outcome = (status: IngestOutcome['status'], actorId: string, version: number): IngestOutcome => ({
        status,
        actorId,
        actorName: actorId.charAt(0).toUpperCase() + actorId.slice(1),
        version,
      });
      /** Stored before every batch of these tests. */
      const storedBefore = (): SaveDocumentInput[] => [uzbekistanProfile()];
      /**
       * Every case of a batch: new actors, one actor twice, a new version, texts stored before and earlier in the
       * batch.
       */
      const mixedBatch = (): SaveDocumentInput[] => [
        kazakhstanProfile(),
        uzbekistanProfile({ revision: 1 }),
        kazakhstanProfile({ revision: 1 }),
        uzbekistanProfile(),
        turkmenistanProfile(),
        kazakhstanProfile(),
        uzbekistanProfile({ revision: 1 }),
        uzbekistanProfile({ revision: 2 }),
      ];
      const mixedOutcomes = [
        outcome('created', 'kazakhstan', 1),
        outcome('new-version', 'uzbekistan', 2),
        outcome('new-version', 'kazakhstan', 2),
        outcome('unchanged', 'uzbekistan', 1), // stored before the batch
        outcome('created', 'turkmenistan', 1),
        outcome('unchanged', 'kazakhstan', 1), // the batch's first document
        outcome('unchanged', 'uzbekistan', 2), // the batch's second document
        outcome('new-version', 'uzbekistan', 3),
      ];
      /** A smaller batch for the fault tests: two writes, a text stored before, a text written earlier in the batch. */
      const faultBatch = (): SaveDocumentInput[] => [
        kazakhstanProfile(),
        uzbekistanProfile({ revision: 1 }),
        uzbekistanProfile(),
        kazakhstanProfile(),
      ];
      const faultOutcomes = [
        outcome('created', 'kazakhstan', 1),
        outcome('new-version', 'uzbekistan', 2),
        outcome('unchanged', 'uzbekistan', 1),
        outcome('unchanged', 'kazakhstan', 1),
      ];
      const actorIds = ['kazakhstan', 'turkmenistan', 'uzbekistan'];
      const queries = ['Kabul', 'renewed', 'Tashkent', 'railway', 'Astana'];

      /** A result with its error reduced to code and message (errors compare by what callers see). */
      const summary = (result: BatchSaveResult) =>
        result.error ? { code: result.error.code, message: result.error.message } : result.outcome;

      /** Everything a reader can see of the actors, without timestamps or the revision, to compare two stores. */
      const readerState = async (target: Store) => ({
        actors: await target.listActors(),
        versions: await Promise.all(
          actorIds.map(async (id) =>
            (await target.listVersions(id)).map((v) => [v.version, v.hash, v.sourceName, v.asOf]),
          ),
        ),
        extractions: await Promise.all(
          actorIds.map(async (id) => {
            const versions = await target.listVersions(id);
            const latest = await target.getActor(id);
            return {
              latest: latest ? [latest.version.version, latest.actor, latest.metadata] : null,
              all: await Promise.all(versions.map(async (v) => (await target.getActor(id, v.version))?.extraction)),
            };
          }),
        ),
        kabul: (await target.getEntity('kabul'))?.mentions ?? null,
        stats: await target.stats(),
        search: await Promise.all(
          queries.map(async (q) => {
            const result = await target.search({ q, limit: 200 });
            return {
              total: result.total,
              hits: result.hits.map((hit) => [hit.actor, hit.version, hit.start, hit.end, hit.text]),
            };
          }),
        ),
        audit: (await target.listAudit({ limit: 500, offset: 0 })).entries.map((entry) => [
          entry.user,
          entry.action,
          entry.targetType,
          entry.targetId,
          entry.after,
        ]),
      });
      /** readerState, the revision and the digest of every table: equal means nothing changed at all. */
      const snapshot = async (target: Store) => ({
        state: await readerState(target),
        revision: await target.revision(),
        digest: await target.contentDigest(),
      });

      /** Results and state of saving `inputs` one by one with saveDocument into a fresh store holding `before`. */
      const sequentially = async (before: SaveDocumentInput[], inputs: SaveDocumentInput[]) => {
        const reference = await open();
        try {
          for (const input of before) await reference.saveDocument(input);
          const results: BatchSaveResult[] = [];
          for (const input of inputs) {
            results.push(
              await reference.saveDocument(input).then(
                (saved) => ({ outcome: saved }),
                (error: unknown) => ({ error: error as DossierError }),
              ),
            );
          }
          return { results: results.map(summary), state: await readerState(reference) };
        } finally {
          await reference.close();
        }
      };

      it('gives the outcomes and the stored state of sequential saves', async () => {
        for (const input of storedBefore()) await store.saveDocument(input);
        const results = await store.saveDocuments(mixedBatch());
        expect(results.map(summary)).toEqual(mixedOutcomes);
        const reference = await sequentially(storedBefore(), mixedBatch());
        expect(reference.results).toEqual(mixedOutcomes);
        expect(await readerState(store)).toEqual(reference.state);
        expect((await store.getActor('uzbekistan'))!.extraction).toStrictEqual(
          uzbekistanProfile({ revision: 2 }).extraction,
        );
        expect((await store.getActor('kazakhstan', 1))!.extraction).toStrictEqual(kazakhstanProfile().extraction);
        expect((await store.diagnose()).problems).toEqual([]);
      });

      it('answers an empty batch with no results', async () => {
        const revision = await store.revision();
        expect(await store.saveDocuments([])).toEqual([]);
        expect(await store.revision()).toBe(revision);
        expect(await store.stats()).toEqual(emptyStats);
      });

      it('gives a document that cannot be prepared its error at its position and stores the others', async () => {
        const emptyId = uzbekistanProfile({ revision: 4 });
        emptyId.document.actor.name = '!!!';
        const otherText: SaveDocumentInput = {
          document: kazakhstanProfile().document,
          extraction: kazakhstanProfile({ revision: 9 }).extraction,
        };
        const results = await store.saveDocuments([
          uzbekistanProfile(),
          emptyId,
          kazakhstanProfile(),
          otherText,
          turkmenistanProfile(),
        ]);
        expect(results.map((result) => result.outcome ?? null)).toEqual([
          outcome('created', 'uzbekistan', 1),
          null,
          outcome('created', 'kazakhstan', 1),
          null,
          outcome('created', 'turkmenistan', 1),
        ]);
        for (const [index, input] of [
          [1, emptyId],
          [3, otherText],
        ] as const) {
          const error = results[index]!.error;
          expect(error).toBeInstanceOf(DossierError);
          expect(error!.code).toBe('BAD_REQUEST');
          const alone = await store.saveDocument(input).catch((caught: unknown) => caught);
          expect(alone).toBeInstanceOf(DossierError);
          expect(summary(results[index]!)).toEqual({
            code: (alone as DossierError).code,
            message: (alone as DossierError).message,
          });
        }
        expect(results[1]!.error!.message).toContain('empty id');
        expect(results[3]!.error!.message).toContain('texts differ');
        expect((await store.listActors()).map((actor) => actor.id)).toEqual(actorIds);
        expect((await store.stats()).versions).toBe(3);
        // A batch that has nothing to save but errors writes nothing.
        const revision = await store.revision();
        expect((await store.saveDocuments([emptyId, otherText])).map((result) => result.error?.code)).toEqual([
          'BAD_REQUEST',
          'BAD_REQUEST',
        ]);
        expect(await store.revision()).toBe(revision);
      });

      it('saves the other documents when one breaks a rule of the store, as sequential saves would', async () => {
        for (const input of storedBefore()) await store.saveDocument(input);
        const batch = () => [
          kazakhstanProfile(),
          withDanglingMention(uzbekistanProfile({ revision: 1 })),
          turkmenistanProfile(),
          withInvertedRelationEvidence(kazakhstanProfile({ revision: 1 })),
          uzbekistanProfile({ revision: 2 }),
        ];
        const results = await store.saveDocuments(batch());
        expect(results.map((result) => result.outcome ?? result.error.code)).toEqual([
          outcome('created', 'kazakhstan', 1),
          'STORE_ERROR',
          outcome('created', 'turkmenistan', 1),
          'STORE_ERROR',
          outcome('new-version', 'uzbekistan', 2),
        ]);
        for (const result of results)
          expect(result.error?.message ?? '').not.toMatch(
            /\b(INSERT|SELECT|UPDATE|FOREIGN KEY|CONSTRAINT|violates)\b/i,
          );
        const reference = await sequentially(storedBefore(), batch());
        expect(results.map(summary)).toEqual(reference.results);
        expect(await readerState(store)).toEqual(reference.state);
      });

      it(
        'moves the revision once for a batch that changed something ' + 'and not at all for one that changed nothing',
        async () => {
          for (const input of storedBefore()) await store.saveDocument(input);
          const before = await store.revision();
          expect((await store.saveDocuments(mixedBatch())).map(summary)).toEqual(mixedOutcomes);
          const after = await store.revision();
          // Both backends count committed write transactions: one batch, one step.
          expect(BigInt(after) - BigInt(before)).toBe(1n);
          const stats = await store.stats();
          const digest = await store.contentDigest();
          // Every document is stored already: no write transaction at all (a fault hook on every step would fail it).
          if (isFaultInjectable(store)) {
            store.setWriteFaultHook((step) => {
              throw new Error(`a write transaction was opened (${step})`);
            });
          }
          try {
            const again = await store.saveDocuments(mixedBatch());
            // Each text is now stored: 'unchanged' with the version that holds it.
            expect(again.map(summary)).toEqual(mixedOutcomes.map((expected) => ({ ...expected, status: 'unchanged' })));
            expect(await store.saveDocuments([])).toEqual([]);
          } finally {
            if (isFaultInjectable(store)) store.setWriteFaultHook(undefined);
          }
          expect(await store.revision()).toBe(after);
          expect(await store.stats()).toEqual(stats);
          expect(await store.contentDigest()).toBe(digest);
        },
      );

      it('keeps nothing of a batch whose transaction fails at any step', async () => {
        if (!isFaultInjectable(store)) throw new Error(`${name} offers no fault injection`);
        const injectable = store;
        for (const input of storedBefore()) await store.saveDocument(input);
        let steps: number;
        for (let k = 0; ; k++) {
          const before = await snapshot(store);
          let calls = 0;
          // From step k on every step fails: the batch transaction and each document saved on its own.
          injectable.setWriteFaultHook((step) => {
            if (calls++ >= k) throw new Error(`fault injected from step ${k} (${step})`);
          });
          const results = await store.saveDocuments(faultBatch());
          injectable.setWriteFaultHook(undefined);
          if (results.every((result) => result.outcome)) {
            expect(results.map(summary)).toEqual(faultOutcomes);
            steps = k;
            break;
          }
          results.forEach((result, index) => {
            if (index === 2) {
              // Stored before the batch: answered from committed data, no transaction to fail.
              expect(result.outcome, `step ${k}`).toEqual(faultOutcomes[2]);
            } else {
              expect(result.error, `step ${k}, document ${index}`).toBeInstanceOf(DossierError);
              expect(result.error!.code).toBe('STORE_ERROR');
            }
          });
          expect(await snapshot(store), `after a fault from step ${k}`).toEqual(before);
        }
        // The hook is wired through the whole batch: every row group of both documents, audit, revision.
        expect(steps).toBeGreaterThanOrEqual(2 * 12);
        const reference = await sequentially(storedBefore(), faultBatch());
        expect(await readerState(store)).toEqual(reference.state);
      }, 120_000);

      it(
        'saves every document on its own after a batch transaction ' + 'that failed once, ending as sequential saves',
        async () => {
          const reference = await sequentially(storedBefore(), faultBatch());
          expect(reference.results).toEqual(faultOutcomes);
          // How many fault points the batch transaction has.
          let total = 0;
          {
            const counting = await open();
            try {
              if (!isFaultInjectable(counting)) throw new Error(`${name} offers no fault injection`);
              for (const input of storedBefore()) await counting.saveDocument(input);
              counting.setWriteFaultHook(() => void total++);
              expect((await counting.saveDocuments(faultBatch())).map(summary)).toEqual(faultOutcomes);
            } finally {
              await counting.close();
            }
          }
          expect(total).toBeGreaterThanOrEqual(2 * 12);
          const faultSteps = [
            ...new Set([
              0,
              1,
              ...Array.from({ length: Math.ceil(total / 5) }, (_, index) => index * 5 + 3),
              total - 2,
              total - 1,
            ]),
          ].filter((k) => k < total);
          for (const k of faultSteps) {
            const target = await open();
            try {
              if (!isFaultInjectable(target)) throw new Error(`${name} offers no fault injection`);
              for (const input of storedBefore()) await target.saveDocument(input);
              const revision = await target.revision();
              let calls = 0;
              let fired = false;
              target.setWriteFaultHook((step) => {
                if (calls++ === k) {
                  fired = true;
                  throw new Error(`fault injected once at step ${k} (${step})`);
                }
              });
              const results = await target.saveDocuments(faultBatch());
              target.setWriteFaultHook(undefined);
              expect(fired, `step ${k}`).toBe(true);
              expect(results.map(summary), `fault at step ${k}`).toEqual(reference.results);
              expect(await readerState(target), `fault at step ${k}`).toEqual(reference.state);
              // Saved one by one after the failed batch: one commit per document written.
              expect(BigInt(await target.revision()) - BigInt(revision)).toBe(2n);
              expect((await target.diagnose()).problems).toEqual([]);
            } finally {
              await target.close();
            }
          }
        },
        120_000,
      );

      it(
        'ends as sequential saves after a retryable failure ' + '(serialisation failure) in the batch transaction',
        async () => {
          if (!isFaultInjectable(store)) throw new Error(`${name} offers no fault injection`);
          const reference = await sequentially(storedBefore(), faultBatch());
          for (const input of storedBefore()) await store.saveDocument(input);
          const revision = await store.revision();
          let calls = 0;
          const seen: string[] = [];
          store.setWriteFaultHook((step) => {
            seen.push(step);
            // Half-way through the second document, once: what PostgreSQL reports for a serialisation failure.
            if (calls++ === 25)
              throw Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });
          });
          const results = await store.saveDocuments(faultBatch());
          store.setWriteFaultHook(undefined);
          expect(results.map(summary)).toEqual(reference.results);
          expect(await readerState(store)).toEqual(reference.state);
          // PostgreSQL redoes the whole batch in a new transaction (one commit); SQLite does not retry
          // and saves each document on its own (one commit per document written).
          const begun = seen.filter((step) => step === 'begin').length;
          expect(BigInt(await store.revision()) - BigInt(revision)).toBe(store.kind === 'postgres' ? 1n : 2n);
          expect(begun).toBe(store.kind === 'postgres' ? 2 : 1 + 2);
        },
      );

      it('runs concurrent batches over the same actors without losing or repeating versions', async () => {
        const batches = [
          [uzbekistanProfile({ revision: 1 }), kazakhstanProfile({ revision: 1 }), turkmenistanProfile()],
          [kazakhstanProfile({ revision: 2 }), turkmenistanProfile(), uzbekistanProfile({ revision: 2 })],
          [turkmenistanProfile(), uzbekistanProfile({ revision: 1 }), kazakhstanProfile({ revision: 2 })],
        ];
        const results = await Promise.all(batches.map((batch) => store.saveDocuments(batch)));
        for (const result of results.flat()) expect(result.error).toBeUndefined();
        const outcomes = results.flat().map((result) => result.outcome!);
        for (const [id, texts] of [
          ['uzbekistan', [uzbekistanProfile({ revision: 1 }), uzbekistanProfile({ revision: 2 })]],
          ['kazakhstan', [kazakhstanProfile({ revision: 1 }), kazakhstanProfile({ revision: 2 })]],
          ['turkmenistan', [turkmenistanProfile()]],
        ] as const) {
          const versions = await store.listVersions(id);
          expect(versions.map((v) => v.version)).toEqual(texts.map((_, index) => index + 1));
          expect(new Set(versions.map((v) => v.hash))).toEqual(new Set(texts.map((text) => text.document.source.hash)));
          expect(outcomes.filter((o) => o.actorId === id && o.status !== 'unchanged')).toHaveLength(texts.length);
          for (const o of outcomes.filter((o) => o.actorId === id)) {
            const input = batches.flat()[outcomes.indexOf(o)]!;
            expect(versions[o.version - 1]!.hash).toBe(input.document.source.hash);
          }
        }
        expect((await store.diagnose()).problems).toEqual([]);
      });

      it('indexes the sentences of every document of a batch for search, latest versions only', async () => {
        for (const input of storedBefore()) await store.saveDocument(input);
        await store.saveDocuments(mixedBatch());
        const latestVersions = new Map((await store.listActors()).map((actor) => [actor.id, actor.latestVersion]));
        expect([...latestVersions]).toEqual([
          ['kazakhstan', 2],
          ['turkmenistan', 1],
          ['uzbekistan', 3],
        ]);
        for (const id of actorIds) {
          const document = (await store.getDocument(id))!;
          const { extraction } = (await store.getActor(id))!;
          for (const sentence of extraction.sentences) {
            const text = document.text.slice(sentence.start, sentence.end);
            const word = (text.match(/[A-Za-z]+/g) ?? []).reduce(
              (longest, candidate) => (candidate.length > longest.length ? candidate : longest),
              '',
            );
            const hits = (await store.search({ q: word, actor: id, limit: 200 })).hits;
            expect(
              hits.every((hit) => hit.actor === id && hit.version === latestVersions.get(id)),
              `${id}: ${word}`,
            ).toBe(true);
            expect(
              hits.some((hit) => hit.start === sentence.start && hit.text === text),
              `${id}: "${text}" found by ${word}`,
            ).toBe(true);
          }
        }
        const renewed = (await store.search({ q: 'renewed', limit: 200 })).hits;
        expect(renewed.map((hit) => [hit.actor, hit.version, hit.text]).sort()).toEqual([
          ['kazakhstan', 2, 'Revision 1 of this profile notes renewed talks in Astana.'],
          ['turkmenistan', 1, 'Revision 3 of this profile notes renewed talks in Astana.'],
          ['uzbekistan', 3, 'Revision 2 of this profile notes renewed talks in Tashkent.'],
        ]);
        const reference = await sequentially(storedBefore(), mixedBatch());
        expect((await readerState(store)).search).toEqual(reference.state.search);
      });
    });

    describe('errors', () => {
      it('wraps driver errors in STORE_ERROR once closed', async () => {
        await store.close();
        const error = await store.search({ q: 'railway' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(DossierError);
        expect((error as DossierError).code).toBe('STORE_ERROR');
      });
    });
  });
}
