// The country-name table: built from the package, written and read back by the build's copy, which
// is used only while it was made from the installed package (and actor-country resolves by it).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCountryNameTable,
  loadCountryNameTable,
  normaliseCountryName,
  writeCountryNameTable,
  type CountryNameTable,
} from './country-name-table.js';

const copyIn = () => join(mkdtempSync(join(tmpdir(), 'dossier-countries-')), 'country-names.json');

describe('country-name table', () => {
  const built = buildCountryNameTable();

  it("holds the states' names, every alpha-3 code and the alpha-2 codes", () => {
    const byName = new Map(built.byName);
    expect(byName.get('kazakhstan')).toBe('KAZ');
    expect(byName.get(normaliseCountryName('Republic of Kazakhstan'))).toBe('KAZ');
    expect(byName.get(normaliseCountryName('Türkiye'))).toBe('TUR');
    // Territories are no states: their names are not in the table, their codes are.
    expect(byName.get('greenland')).toBeUndefined();
    expect(built.alpha3).toContain('GRL');
    expect(built.alpha3.length).toBeGreaterThan(240);
    expect(new Map(built.alpha2).get('KZ')).toBe('KAZ');
  });

  it('reads the copy the build wrote while it was made from the installed package', () => {
    const file = copyIn();
    writeCountryNameTable(file);
    expect(loadCountryNameTable(file)).toEqual(built);
    // The copy is what is read: a name only it holds resolves.
    const copy = JSON.parse(readFileSync(file, 'utf8')) as CountryNameTable;
    copy.byName.push(['atlantis', 'ATL']);
    writeFileSync(file, JSON.stringify(copy));
    expect(new Map(loadCountryNameTable(file).byName).get('atlantis')).toBe('ATL');
  });

  it('builds the table when the copy is absent, unreadable or made from another package', () => {
    const file = copyIn();
    expect(loadCountryNameTable(file)).toEqual(built);
    writeFileSync(file, '{"packageStamp": ');
    expect(loadCountryNameTable(file)).toEqual(built);
    writeFileSync(file, JSON.stringify({ ...built, packageStamp: '1 2', byName: [['atlantis', 'ATL']] }));
    expect(loadCountryNameTable(file)).toEqual(built);
  });
});
