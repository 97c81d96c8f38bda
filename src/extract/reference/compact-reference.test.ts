// The compact reference file (written at build time) against the in-memory build: the revived
// gazetteer index is the same index and matches the same names; a file built from other data is
// detected as stale and ignored.
import { cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildGazetteerIndex, matchGazetteer, matchTransliteration, type GazetteerIndex } from '../gazetteer-index.js';
import { tokenize } from '../tokenizer.js';
import { readCompactReference, referenceDataHash, writeCompactReference } from './compact-reference.js';
import { buildReferenceData, defaultDataDir } from './reference-data-loader.js';

const root = join(defaultDataDir(), '..');
const dataDir = defaultDataDir();

/** The seed and the bundled example profiles. */
const profiles = [
  readFileSync(join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8'),
  ...readdirSync(join(root, 'examples'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => readFileSync(join(root, 'examples', file), 'utf8')),
];

/** Every trie and transliteration-key match of a text, as comparable rows. */
function matchesOf(index: GazetteerIndex, text: string): string[] {
  const tokens = tokenize(text);
  const trie = matchGazetteer(index, tokens);
  const covered = new Uint8Array(tokens.length);
  for (const match of trie) covered.fill(1, match.firstToken, match.lastToken + 1);
  const keyed = matchTransliteration(
    index,
    tokens,
    covered,
    (k) => tokens[k]!.capitalised,
    () => false,
  );
  return [...trie, ...keyed].map((match) => `${match.start}-${match.end} ${match.entity.type} ${match.entity.id}`);
}

/** The index with its lazily made maps as plain ones (a LazyValueMap equals a Map entry for entry, not by class). */
const plainIndex = (index: GazetteerIndex) => ({
  ...index,
  root: { next: new Map(index.root.next), terminals: index.root.terminals },
  entities: new Map(index.entities),
  byKey: new Map(index.byKey),
});

function compactCopy(dir: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'dossier-compact-')), 'gazetteer-index.json');
  writeCompactReference(file, dir, buildReferenceData(dir));
  return file;
}

describe('compact reference file', () => {
  const file = compactCopy(dataDir);

  it('revives the same reference data and the same gazetteer index as the in-memory build', () => {
    const built = buildReferenceData(dataDir);
    const revived = readCompactReference(file, dataDir);
    expect(revived).not.toBeNull();
    expect(revived).toEqual(built);
    const revivedIndex = buildGazetteerIndex(revived!);
    const builtIndex = buildGazetteerIndex(built);
    expect(revivedIndex).not.toBe(builtIndex);
    expect(revivedIndex.entities.size).toBe(builtIndex.entities.size);
    expect(revivedIndex.byKey.size).toBe(builtIndex.byKey.size);
    expect(plainIndex(revivedIndex)).toEqual(plainIndex(builtIndex));
    expect(revivedIndex.entities.size).toBeGreaterThan(1000);
    // One entity object per entity, shared by the map and the trie's terminals, as in the built index.
    const kazakhstan = revivedIndex.root.next.get('kazakhstan')!.terminals[0]!.entity;
    expect(revivedIndex.entities.get('KAZ')).toBe(kazakhstan);
  });

  it('parses only the records a text reaches, and the reference lists when first read', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const reference = readCompactReference(file, dataDir)!;
      const index = buildGazetteerIndex(reference);
      parse.mockClear();
      expect(matchesOf(index, 'Kazakhstan and Uzbekistan signed the Kambarata accord in Astana.')).toContain(
        '0-10 country KAZ',
      );
      // The header is read; of some 4,600 records (entities, root subtrees, keys), a handful are parsed.
      expect(parse.mock.calls.length).toBeGreaterThan(0);
      expect(parse.mock.calls.length).toBeLessThan(30);
      expect(Object.getOwnPropertyDescriptor(reference, 'gazetteer')?.get).toBeDefined();
      parse.mockClear();
      expect(reference.gazetteer.length).toBeGreaterThan(500);
      expect(reference.gazetteer).toBe(reference.gazetteer);
      expect(parse.mock.calls.length).toBe(1);
      expect(Object.getOwnPropertyDescriptor(reference, 'gazetteer')?.value).toBe(reference.gazetteer);
    } finally {
      parse.mockRestore();
    }
  });

  it('matches the same names in the seed and the examples as the in-memory index', () => {
    const revivedIndex = buildGazetteerIndex(readCompactReference(file, dataDir)!);
    const builtIndex = buildGazetteerIndex(buildReferenceData(dataDir));
    let total = 0;
    for (const text of profiles) {
      const expected = matchesOf(builtIndex, text);
      expect(matchesOf(revivedIndex, text)).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(100);
  });

  it('is stale, and ignored, when a gazetteer file changed since it was built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-data-'));
    cpSync(dataDir, dir, { recursive: true });
    const copyFile = compactCopy(dir);
    expect(readCompactReference(copyFile, dir)).not.toBeNull();
    const places = join(dir, 'gazetteer', 'places.json');
    const edited = JSON.parse(readFileSync(places, 'utf8')) as { entries: { id: string }[] };
    edited.entries.push({ id: 'new-place', type: 'place', name: 'Newplaceabad', aliases: [] } as { id: string });
    const before = referenceDataHash(dir);
    writeFileSync(places, JSON.stringify(edited));
    expect(referenceDataHash(dir)).not.toBe(before);
    expect(readCompactReference(copyFile, dir)).toBeNull();
    // A file built from the bundled data does not stand for another folder's data either.
    expect(readCompactReference(file, dir)).toBeNull();
  });

  it("is fresh by its files' sizes and times alone, and by their hash when only the times changed", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-data-'));
    cpSync(dataDir, dir, { recursive: true });
    const copyFile = compactCopy(dir);
    const places = join(dir, 'gazetteer', 'places.json');
    const content = readFileSync(places, 'utf8');
    // Touched, same content: the stamps differ, the hash still matches.
    utimesSync(places, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(readCompactReference(copyFile, dir)).not.toBeNull();
    // Same size, other content, new time: stale.
    writeFileSync(places, content.replace('"place"', '"plaCe"'));
    expect(readFileSync(places).byteLength).toBe(Buffer.byteLength(content));
    expect(readCompactReference(copyFile, dir)).toBeNull();
  });

  it('is ignored when absent or unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-compact-'));
    expect(readCompactReference(join(dir, 'none.json'), dataDir)).toBeNull();
    writeFileSync(join(dir, 'broken.json'), '{"format": 1, "dataHa');
    expect(readCompactReference(join(dir, 'broken.json'), dataDir)).toBeNull();
    // Cut short: its header promises more records than the file holds.
    const whole = readFileSync(file);
    writeFileSync(join(dir, 'short.json'), whole.subarray(0, whole.byteLength - 100));
    expect(readCompactReference(join(dir, 'short.json'), dataDir)).toBeNull();
  });
});
