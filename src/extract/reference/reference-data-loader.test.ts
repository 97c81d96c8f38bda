import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DossierError } from '../../model/index.js';
import { buildCountryRecords, defaultDataDir, loadReferenceData } from './reference-data-loader.js';

function dataDirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-ref-'));
  mkdirSync(join(dir, 'gazetteer'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, 'gazetteer', name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('reference data loader', () => {
  it('builds country records from world-countries with curated QIDs', () => {
    const kaz = buildCountryRecords().find((country) => country.id === 'KAZ');
    expect(kaz).toMatchObject({
      name: 'Kazakhstan',
      officialName: 'Republic of Kazakhstan',
      capital: 'Astana',
      wikidata: 'Q232',
      iso2: 'KZ',
    });
    expect(kaz?.aliases).toContain('Qazaqstan');
    expect(kaz?.aliases).not.toContain('KZ');
    expect(kaz?.aliases.some((alias) => /[А-я]/.test(alias))).toBe(false);
    expect(kaz?.demonyms).toContain('Kazakhstani');
    expect(kaz?.borders).toContain('UZB');
    expect(buildCountryRecords().find((country) => country.id === 'FJI')?.wikidata).toBeNull();
  });

  it('merges demonym entries into the countries and keeps other entries in the gazetteer', () => {
    const dir = dataDirWith({
      'demonyms.json': { entries: [{ id: 'KAZ', type: 'country', name: 'Kazakh', aliases: ['Kazakhs'] }] },
      'organizations.json': { entries: [{ id: 'taliban', type: 'organization', name: 'Taliban' }] },
    });
    const reference = loadReferenceData(dir);
    expect(reference.countries.find((country) => country.id === 'KAZ')?.demonyms).toEqual(
      expect.arrayContaining(['Kazakhstani', 'Kazakh', 'Kazakhs']),
    );
    expect(reference.gazetteer.map((entry) => entry.id)).toEqual(['taliban']);
    expect(loadReferenceData(dir)).toBe(reference);
  });

  it('refuses a bad entry naming the file and the entry', () => {
    const dir = dataDirWith({
      'places.json': {
        entries: [
          { id: 'kabul', type: 'place', name: 'Kabul' },
          { id: 'Bad Id', type: 'place', name: 'X' },
        ],
      },
    });
    let error: unknown;
    try {
      loadReferenceData(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DossierError);
    expect((error as DossierError).file).toContain('places.json');
    expect((error as DossierError).message).toMatch(/entry 1 \(Bad Id\)/);
  });

  it('refuses a file that is not JSON with a line and column', () => {
    const dir = dataDirWith({ 'broken.json': '{\n  "entries": [,]\n}' });
    expect(() => loadReferenceData(dir)).toThrow(DossierError);
  });

  it('finds the package data folder', () => {
    expect(defaultDataDir().endsWith('data')).toBe(true);
    expect(existsSync(join(defaultDataDir(), 'gazetteer'))).toBe(true);
  });

  it('keeps the two-letter abbreviations writers use as names (US, UK) and no other alpha-2 code', () => {
    const records = buildCountryRecords();
    expect(records.find((country) => country.id === 'USA')?.aliases).toContain('US');
    expect(records.find((country) => country.id === 'GBR')?.aliases).toContain('UK');
    expect(records.find((country) => country.id === 'GBR')?.aliases).not.toContain('GB');
    expect(records.find((country) => country.id === 'DEU')?.aliases).not.toContain('DE');
  });

  it('reads "Korea", "Korean" and "Koreans" alone as South Korea in the curated data', () => {
    const kor = loadReferenceData().countries.find((country) => country.id === 'KOR');
    expect(kor?.demonyms).toEqual(expect.arrayContaining(['Korea', 'Korean', 'Koreans', 'ROK']));
  });
});
