// Web pages written blind in the styles of real sites (test-fixtures/html-blind: WordPress,
// Drupal, a news site with a live ticker, a think-tank landing page, an encyclopedia page, a
// government press release, div soup, a sponsored second article, AMP, a newsletter post, consent
// dialogs, a profile wrapped in site chrome), by someone who had not seen the code, with their
// expectations in manifest.json: the main content is read, the chrome is not, and names that
// appear only in the chrome are not mentions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledReferenceData, processProfile } from './profile-pipeline.js';

interface BlindPage {
  file: string;
  kind: 'source' | 'profile';
  title: string;
  mustInclude: string[];
  mustExclude: string[];
  chromeNames: string[];
  author: string | null;
  published: string | null;
  publisher: string | null;
}

const folder = path.resolve(import.meta.dirname, '..', '..', 'test-fixtures', 'html-blind');
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as BlindPage[];

describe('web pages written blind', () => {
  bundledReferenceData();
  for (const entry of manifest) {
    it(`${entry.file}: ${entry.kind} "${entry.title}"`, () => {
      const { document, extraction } = processProfile(readFileSync(path.join(folder, entry.file)), entry.file);
      const sentences = document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
      expect({
        kind: document.kind,
        title: document.text.slice(document.titleSpan.start, document.titleSpan.end),
      }).toEqual({ kind: entry.kind, title: entry.title });
      for (const wanted of entry.mustInclude) expect(sentences, `sentence "${wanted}"`).toContain(wanted);
      for (const chrome of entry.mustExclude)
        expect(document.text.includes(chrome), `chrome "${chrome}" in the text`).toBe(false);
      const mentioned = extraction.mentions.map((mention) => mention.text);
      for (const name of entry.chromeNames) expect(mentioned, `chrome name "${name}" mentioned`).not.toContain(name);
      if (entry.kind === 'source') {
        expect({
          author: document.metadata.author,
          published: document.metadata.published,
          publisher: document.metadata.publisher,
        }).toEqual({
          author: entry.author,
          published: entry.published,
          publisher: entry.publisher,
        });
      }
    });
  }
});
