// The recipe "Adding a document reader" (docs/ARCHITECTURE.md): a toy Org-mode reader (`* Heading`,
// `1. item`) added to a temporary list of readers is chosen by extension and by the look of the
// text, and its document is a profile like any other; the application's readers are untouched.
// Also: the upload form's restated table of formats is the model's.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFormatInfo, type SourceFormat } from '../model/index.js';
import { documentReaders, type TextDocumentReader } from './document-readers.js';
import { emptyFrontMatter } from './front-matter.js';
import { ingestDocument } from './ingest-profile.js';
import { layoutFromEvents, type ProfileEvent } from './profile-layout.js';

/** Org-mode outlines: `* ` starts a heading (one star a level), `N. ` a ranked item, other lines are paragraphs. */
const orgReader: TextDocumentReader = {
  kind: 'text',
  // A real reader adds its name to the model's `sourceFormats` and `sourceFormatInfo`; the toy borrows a name.
  format: 'org' as SourceFormat,
  extensions: ['org'],
  looksLike: (head) => /^#\+TITLE:/im.test(head),
  positionsInText: false,
  parse(source) {
    const events: ProfileEvent[] = [];
    let inItem = false;
    source.split('\n').forEach((raw, index) => {
      const line = raw.trim();
      const position = { line: index + 1, column: 1 };
      if (line === '' || line.startsWith('#+')) return;
      const heading = /^(\*+)\s+(.*)$/.exec(line);
      const item = /^(\d+)\.\s+(.*)$/.exec(line);
      if ((heading || item) && inItem) {
        events.push({ type: 'item-end' });
        inItem = false;
      }
      if (heading) events.push({ type: 'heading', depth: heading[1]!.length, text: heading[2]!, source: position });
      else if (item) {
        events.push({ type: 'item', rank: Number(item[1]), source: position });
        events.push({ type: 'paragraph', lines: [item[2]!], source: position });
        inItem = true;
      } else events.push({ type: 'paragraph', lines: [line], source: position });
    });
    if (inItem) events.push({ type: 'item-end' });
    return { ...layoutFromEvents(events, null), frontMatter: emptyFrontMatter() };
  },
};

const orgProfile = [
  '#+TITLE: Mongolia',
  '* Mongolia',
  '** Profile',
  'Mongolia watches Afghanistan from afar and sends wheat through Kazakhstan.',
  '** Key Interests & Priorities',
  '1. Trade',
  'Ulaanbaatar wants rail links to the south.',
  '2. Security',
  'Mongolia fears drug trafficking.',
].join('\n');

describe('a new document reader in a temporary list', () => {
  const readers = documentReaders.with(orgReader);

  it('is chosen by its extension and by the look of the text; the application readers do not know it', () => {
    expect(readers.formatFromName('notes/mongolia.ORG')).toBe('org');
    expect(readers.sniffText(orgProfile)).toBe('org');
    expect(readers.extensions()).toContain('org');
    expect(documentReaders.formatFromName('mongolia.org')).toBeNull();
    expect(documentReaders.sniffText(orgProfile)).toBe('text');
    expect(readers.sniffText('<!doctype html><p>x</p>')).toBe('html');
  });

  it('gives a profile with its title, sections and ranked interests', async () => {
    const document = await ingestDocument({ bytes: Buffer.from(orgProfile), name: 'mongolia.org' }, readers);
    expect(document.source.format).toBe('org');
    expect(document.kind).toBe('profile');
    expect(document.actor).toEqual({ name: 'Mongolia', country: 'MNG' });
    expect(document.interests.map((interest) => [interest.rank, interest.title])).toEqual([
      [1, 'Trade'],
      [2, 'Security'],
    ]);
    expect(document.sentences.map((s) => document.text.slice(s.start, s.end))).toContain(
      'Mongolia fears drug trafficking.',
    );
  });

  it('refuses a second reader of a format or of an extension', () => {
    expect(() => readers.with(orgReader)).toThrow(/two document readers read "org"/);
    expect(() => documentReaders.with({ ...orgReader, extensions: ['md'] })).toThrow(/\.md is both/);
  });
});

describe('the formats a user sees', () => {
  it('are the extensions of the model table, which the application readers serve', () => {
    const fromModel = Object.values(sourceFormatInfo).flatMap((info) => [...info.extensions]);
    expect(documentReaders.extensions().sort()).toEqual([...fromModel].sort());
    for (const [format, info] of Object.entries(sourceFormatInfo))
      for (const extension of info.extensions) expect(documentReaders.formatFromName(`x.${extension}`)).toBe(format);
  });

  it('in the upload form are the model table', async () => {
    const upload = await readFile(path.resolve(import.meta.dirname, '../web/pages/upload.ts'), 'utf8');
    const table = /export const uploadFormats[^=]*= (\{[\s\S]*?\n\});/.exec(upload)?.[1];
    expect(table, 'uploadFormats in src/web/pages/upload.ts').toBeDefined();
    const restated: unknown = new Function(`return (${table})`)();
    expect(restated).toEqual(JSON.parse(JSON.stringify(sourceFormatInfo)));
  });
});
