// Sources meet profiles: a source is linked to the actors it concerns (front matter `actors:`, else
// the countries of its title, else of its lead, else the one it mentions most), and an actor's page
// gets the source sentences that mention it, grouped by the themes of its interests, newest first.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionViewsFor } from './collection-views.js';
import { Dossier } from './dossier.js';

const root = path.resolve(import.meta.dirname, '../..');
let folder: string;
let dossier: Dossier;

const sources: Array<[string, string]> = [
  [
    'steppe-wheat.md',
    [
      '---',
      'title: Grain trains keep rolling south',
      'published: 2023-03-02',
      'publisher: Steppe Wire',
      'actors: [Kazakhstan]',
      '---',
      '',
      'Exporters in Almaty loaded another 40 wagons of wheat bound for Hairatan this week.',
      '',
      'Kazakhstan supplies most of the flour milled in northern Afghanistan, traders said.',
      '',
    ].join('\n'),
  ],
  [
    'dushanbe-water.txt',
    [
      'Tajikistan and Uzbekistan weigh Amu Darya water talks',
      '',
      'Published: 14 May 2024',
      '',
      'Officials from Tajikistan and Uzbekistan met in Termez to discuss the Qosh Tepa canal.',
      '',
      'Kazakhstan was not at the table, although Astana has warned about water security for years.',
      '',
    ].join('\n'),
  ],
  [
    'undated-brief.txt',
    [
      'A note on regional rail',
      '',
      'Freight volumes through the region grew again. Pakistan and Uzbekistan pushed the railway project, and ' +
        'Pakistan hosted the latest round.',
      '',
      'Pakistan wants a port link; Pakistan also seeks funding.',
      '',
    ].join('\n'),
  ],
];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-sources-meet-'));
  dossier = await Dossier.open(path.join(folder, 'meet.db'));
  await dossier.ingestBytes(await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')), 'kazakhstan.txt');
  for (const [name, text] of sources) await dossier.ingestBytes(Buffer.from(text), name);
});
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('a source is linked to the actors it concerns', () => {
  it(
    'by front matter, by title, and by the country it mentions ' + 'most (the focus country only when nothing else)',
    async () => {
      const subjectsOf = async (title: string) => {
        const source = (await dossier.listSources()).find((s) => s.name === title);
        return (await dossier.getActor(source!.id)).extraction.subjects;
      };
      expect(await subjectsOf('Grain trains keep rolling south')).toEqual([{ entity: 'KAZ', how: 'front-matter' }]);
      expect(await subjectsOf('Tajikistan and Uzbekistan weigh Amu Darya water talks')).toEqual([
        { entity: 'TJK', how: 'title' },
        { entity: 'UZB', how: 'title' },
      ]);
      expect(await subjectsOf('A note on regional rail')).toEqual([
        { entity: 'PAK', how: 'lead' },
        { entity: 'UZB', how: 'lead' },
      ]);
    },
  );

  it('profiles have no subjects', async () => {
    expect((await dossier.getActor('kazakhstan')).extraction.subjects).toBeUndefined();
  });
});

describe('In the sources', () => {
  it(
    'lists the source sentences that mention the actor (its name, its capital, its cities), newest source first, ' +
      'grouped by its interests',
    async () => {
      const panel = await dossier.actorSources('kazakhstan');
      const all = panel.groups.flatMap((group) => group.sentences);
      expect(all.map((s) => s.text)).toEqual(
        expect.arrayContaining([
          'Exporters in Almaty loaded another 40 wagons of wheat bound for Hairatan this week.',
          'Kazakhstan supplies most of the flour milled in northern Afghanistan, traders said.',
          'Kazakhstan was not at the table, although Astana has warned about water security for years.',
        ]),
      );
      // Sentences that do not mention Kazakhstan are not shown.
      expect(all.some((s) => /Officials from Tajikistan/.test(s.text))).toBe(false);
      expect(all.some((s) => /Pakistan/.test(s.text))).toBe(false);
      // Newest source first across the panel: the 2024 water piece before the 2023 wheat report.
      const order = [...new Set(all.map((s) => s.source.published))];
      expect(order).toEqual(['2024-05-14', '2023-03-02']);
      // Each sentence points at its source: series, version, publisher, date, and the exact span.
      for (const sentence of all) {
        const detail = await dossier.getActor(sentence.source.series);
        expect(detail.extraction.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
        expect(sentence.source.version).toBe(detail.version.version);
      }
      expect(all.find((s) => s.source.published === '2023-03-02')?.source.publisher).toBe('Steppe Wire');
      // Grouped under the actor's interests: the wheat sentence under an interest carrying its theme.
      const detail = await dossier.getActor('kazakhstan');
      for (const group of panel.groups) {
        if (!group.interest) continue;
        expect(detail.extraction.interests.map((i) => i.title)).toContain(group.interest.title);
        for (const sentence of group.sentences)
          expect(sentence.themes.some((theme) => group.interest!.themes.includes(theme))).toBe(true);
      }
      const ranks = panel.groups.map((group) => group.interest?.rank ?? Infinity);
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      expect(panel.concerning.map((s) => [s.title, s.how])).toEqual([
        ['Grain trains keep rolling south', 'front-matter'],
      ]);
      expect(panel.shown).toBe(all.length);
      expect(panel.more).toBe(false);
    },
  );

  it('cuts at the limit and says there is more', async () => {
    const panel = await dossier.actorSources('kazakhstan', 1);
    expect(panel.shown).toBe(1);
    expect(panel.more).toBe(true);
  });

  it('an unknown actor is NOT_FOUND', async () => {
    await expect(dossier.actorSources('atlantis')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('sources in the collection views', () => {
  it('the network has a node per source, linked to what it mentions, and can leave the sources out', async () => {
    const views = collectionViewsFor(dossier);
    const graph = await views.graph();
    const sourceNodes = graph.nodes.filter((node) => node.kind === 'source');
    expect(sourceNodes.map((node) => node.label).sort()).toEqual([
      'A note on regional rail',
      'Grain trains keep rolling south',
      'Tajikistan and Uzbekistan weigh Amu Darya water talks',
    ]);
    const water = sourceNodes.find((node) => node.label.startsWith('Tajikistan'))!;
    expect(graph.edges.some((edge) => edge.source === water.id && edge.target === 'TJK')).toBe(true);
    // The Kazakhstan profile stays an actor node of its own.
    expect(graph.nodes.find((node) => node.id === 'KAZ')?.kind).toBe('actor');
    const without = await views.graph({ sources: false });
    expect(without.nodes.some((node) => node.kind === 'source')).toBe(false);
    expect(without.edges.every((edge) => edge.actors.includes('kazakhstan'))).toBe(true);
    expect(without.nodes.some((node) => node.id === 'KAZ')).toBe(true);
  });

  it('the timeline marks the items of sources, and filters by kind', async () => {
    const views = collectionViewsFor(dossier);
    const items = await views.timeline();
    const fromSources = items.filter((item) => item.documentKind === 'source');
    expect(fromSources.length).toBeGreaterThan(0);
    expect(
      fromSources.some((item) => item.publisher === 'Steppe Wire' || item.actorName.startsWith('Tajikistan')),
    ).toBe(true);
    expect(
      (await views.timeline({ documentKind: 'profile' })).every(
        (item) => item.documentKind === 'profile' && item.actor === 'kazakhstan',
      ),
    ).toBe(true);
    expect((await views.timeline({ documentKind: 'source' })).length).toBe(fromSources.length);
  });

  it('search has kind, publisher and year-published facets, and filters by them', async () => {
    const views = collectionViewsFor(dossier);
    const result = await views.search({ q: 'Kazakhstan' });
    expect(result.facets.kind.map((f) => f.value).sort()).toEqual(['profile', 'source']);
    expect(result.facets.publisher.map((f) => f.value)).toContain('Steppe Wire');
    expect(result.facets.published.map((f) => f.value)).toEqual(['2023', '2024']);
    const sourcesOnly = await views.search({ q: 'Kazakhstan', kind: 'source' });
    expect(sourcesOnly.hits.length).toBeGreaterThan(0);
    expect(sourcesOnly.hits.every((hit) => hit.documentKind === 'source' && hit.actor.startsWith('source-'))).toBe(
      true,
    );
    const steppe = await views.search({ q: 'Kazakhstan', publisher: 'Steppe Wire' });
    expect(steppe.hits.map((hit) => hit.text)).toEqual([
      'Kazakhstan supplies most of the flour milled in northern Afghanistan, traders said.',
    ]);
    const in2024 = await views.search({ q: 'Kazakhstan', published: '2024' });
    expect(in2024.hits.every((hit) => hit.published === '2024-05-14')).toBe(true);
    // The compare matrix stays about profiles.
    expect((await views.compare()).rows.map((row) => row.actor)).toEqual(['kazakhstan']);
  });

  it('the entity page marks the mentions that are in sources', async () => {
    const entity = await dossier.getEntity('KAZ');
    const kinds = new Set(entity.mentions.map((mention) => mention.kind));
    expect([...kinds].sort()).toEqual(['profile', 'source']);
    const inSource = entity.mentions.find(
      (mention) => mention.kind === 'source' && mention.publisher === 'Steppe Wire',
    );
    expect(inSource?.published).toBe('2023-03-02');
  });
});
