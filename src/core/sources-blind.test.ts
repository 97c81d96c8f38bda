// Sources written blind (test-fixtures/sources-blind: articles, briefs, press releases, a live
// blog, an interview… by someone who had not seen the code, with their expectations in
// manifest.json): each is read as the kind it is, with its title, byline, date and publisher,
// without metadata or page chrome in its sentences and with the body sentences it names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledReferenceData, processProfile } from './profile-pipeline.js';

interface BlindSource {
  file: string;
  kind: 'source' | 'profile';
  title: string | null;
  author: string | null;
  published: string | null;
  publisher: string | null;
  notSentences: string[];
  sentencesInclude: string[];
  minSentences: number;
}

const folder = path.resolve(import.meta.dirname, '..', '..', 'test-fixtures', 'sources-blind');
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as BlindSource[];

describe('sources written blind', () => {
  bundledReferenceData();
  for (const entry of manifest) {
    it(`${entry.file}: ${entry.kind}`, () => {
      const { document } = processProfile(readFileSync(path.join(folder, entry.file)), entry.file);
      const sentences = document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
      const found = {
        kind: document.kind,
        ...(entry.title === null
          ? {}
          : { title: document.text.slice(document.titleSpan.start, document.titleSpan.end) }),
        ...(entry.kind === 'source'
          ? {
              author: document.metadata.author,
              published: document.metadata.published,
              publisher: document.metadata.publisher,
            }
          : {}),
      };
      expect(found).toEqual({
        kind: entry.kind,
        ...(entry.title === null ? {} : { title: entry.title }),
        ...(entry.kind === 'source'
          ? { author: entry.author, published: entry.published, publisher: entry.publisher }
          : {}),
      });
      for (const chrome of entry.notSentences)
        expect(
          sentences.filter((sentence) => sentence.includes(chrome)),
          `"${chrome}" in a sentence`,
        ).toEqual([]);
      for (const wanted of entry.sentencesInclude) expect(sentences, `sentence "${wanted}"`).toContain(wanted);
      expect(sentences.length).toBeGreaterThanOrEqual(entry.minSentences);
    });
  }
});
