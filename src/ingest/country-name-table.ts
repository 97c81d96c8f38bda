// The table actor-country.ts resolves country names and codes with, built from the world-countries
// package (the names of each state, normalised; every alpha-3 code; alpha-2 → alpha-3), or read
// from the copy the build writes beside this module (dist/ingest/country-names.json, by
// scripts/build-gazetteer-index.mjs): some 20 KB to parse instead of the package's 1.2 MB of JSON,
// a sizeable part of every `dossier extract`'s start. The copy records the size and modification
// time of the package's manifest it was built from; a copy that differs from the installed package
// (or is absent, as for the sources under vitest) is not used, and the table is built as before.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Countries } from 'world-countries';

export interface CountryNameTable {
  /** The size and modification time of world-countries' package.json it was built from. */
  packageStamp: string;
  /** Normalised name (see normaliseCountryName) → alpha-3: the names and spellings of states, the first one wins. */
  byName: [name: string, alpha3: string][];
  /** Every alpha-3 code of the package. */
  alpha3: string[];
  /** Alpha-2 → alpha-3, the first country of the package with the code. */
  alpha2: [alpha2: string, alpha3: string][];
}

/** Where the build writes the table: beside this module, so dist/ finds its own build's copy and src/ none. */
export const countryNameTablePath = fileURLToPath(new URL('country-names.json', import.meta.url));

const packageRequire = createRequire(import.meta.url);

/** The size and modification time of the installed package's manifest. */
function packageStamp(): string {
  const { size, mtimeMs } = statSync(packageRequire.resolve('world-countries/package.json'));
  return `${size} ${mtimeMs}`;
}

/** Lower case, no diacritics, no leading "the", single spaces. */
export function normaliseCountryName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/** The table, built from the package (CommonJS, required here rather than imported: read only when building). */
export function buildCountryNameTable(): CountryNameTable {
  const countries = packageRequire('world-countries') as Countries;
  const byName = new Map<string, string>();
  for (const country of countries) {
    if (!country.independent && !country.unMember) continue;
    const names = [
      country.name.common,
      country.name.official,
      ...country.altSpellings.filter((spelling) => spelling.length > 2),
    ];
    for (const name of names) {
      const key = normaliseCountryName(name);
      if (key && !byName.has(key)) byName.set(key, country.cca3);
    }
  }
  const alpha2 = new Map<string, string>();
  for (const country of countries) if (!alpha2.has(country.cca2)) alpha2.set(country.cca2, country.cca3);
  return {
    packageStamp: packageStamp(),
    byName: [...byName],
    alpha3: countries.map((country) => country.cca3),
    alpha2: [...alpha2],
  };
}

/** Writes the table where the built module reads it (the build does, once). */
export function writeCountryNameTable(file = countryNameTablePath): void {
  writeFileSync(file, JSON.stringify(buildCountryNameTable()));
}

/** The build's copy of the table when it is there and made from the installed package; else the table built. */
export function loadCountryNameTable(file = countryNameTablePath): CountryNameTable {
  let copy: CountryNameTable | undefined;
  try {
    copy = JSON.parse(readFileSync(file, 'utf8')) as CountryNameTable;
  } catch {
    copy = undefined;
  }
  return copy?.packageStamp === packageStamp() ? copy : buildCountryNameTable();
}
