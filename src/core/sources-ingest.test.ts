// Sources end to end: an article (not in the profile layout) is accepted as a source, with its
// byline, dateline and publisher kept out of the sentences, stored in its own `source-…` series
// beside the profiles (not in the actor list), and extracted like a profile.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from './dossier.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-sources-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const article = [
  'Kazakhstan resumes wheat shipments to Afghanistan',
  '',
  'By Jane Doe and Arman Seitkali',
  'Published: Feb. 22, 2022',
  'Source: Steppe Wire',
  '',
  'Kazakhstan resumed wheat exports to Afghanistan on 21 February 2022, officials in Astana said, after a pause ' +
    'of several weeks.',
  '',
  'Rail links',
  '',
  'The grain travels by rail through Uzbekistan to Hairatan. The Taliban welcomed the shipments.',
  '',
].join('\n');

describe('an article ingested as a source', () => {
  it('is stored as a source with its metadata, out of the actor list, and extracted like a profile', async () => {
    const dossier = await Dossier.open(path.join(folder, 'sources.db'));
    try {
      const outcome = await dossier.ingestBytes(Buffer.from(article), 'steppe-wire-2022-02-22.txt');
      expect(outcome).toMatchObject({
        status: 'created',
        actorId: 'source-kazakhstan-resumes-wheat-shipments-to-afghanistan',
        version: 1,
      });
      expect(await dossier.listActors()).toEqual([]);
      expect((await dossier.listSources()).map((source) => [source.id, source.name, source.sentenceCount])).toEqual([
        [
          'source-kazakhstan-resumes-wheat-shipments-to-afghanistan',
          'Kazakhstan resumes wheat shipments to Afghanistan',
          3,
        ],
      ]);
      const detail = await dossier.getActor(outcome.actorId);
      const x = detail.extraction;
      expect(x.kind).toBe('source');
      expect(detail.metadata).toMatchObject({
        author: 'Jane Doe and Arman Seitkali',
        published: '2022-02-22',
        publisher: 'Steppe Wire',
      });
      const spanText = (key: 'author' | 'published' | 'publisher') => {
        const span = detail.metadata.spans[key]!;
        return x.text.slice(span.start, span.end);
      };
      expect([spanText('author'), spanText('published'), spanText('publisher')]).toEqual([
        'Jane Doe and Arman Seitkali',
        'Feb. 22, 2022',
        'Steppe Wire',
      ]);
      // Byline, dateline and publisher are not sentences; the heading "Rail links" opens a section.
      const sentences = x.sentences.map((sentence) => x.text.slice(sentence.start, sentence.end));
      expect(sentences[0]).toMatch(/^Kazakhstan resumed wheat exports/);
      expect(sentences.some((sentence) => /Jane Doe|Published|Steppe Wire/.test(sentence))).toBe(false);
      expect(x.sections.map((section) => section.heading)).toEqual(['', 'Rail links']);
      expect(x.interests).toEqual([]);
      const mentioned = new Set(x.mentions.map((mention) => mention.entity));
      for (const entity of ['KAZ', 'AFG', 'UZB']) expect(mentioned.has(entity), entity).toBe(true);
      expect(x.times.map((time) => time.value)).toContain('2022-02-21');
      // Search finds the source's sentences.
      expect((await dossier.search({ q: 'Hairatan' })).hits.map((hit) => hit.actor)).toEqual([outcome.actorId]);
      // The same text again: unchanged.
      expect(await dossier.ingestBytes(Buffer.from(article), 'again.txt')).toMatchObject({
        status: 'unchanged',
        version: 1,
      });
    } finally {
      await dossier.close();
    }
  });
});
