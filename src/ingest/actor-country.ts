// Resolves an actor's name to the ISO 3166-1 alpha-3 code of the state it names, using the
// common and official names and alternative spellings of the world-countries package (the table of
// country-name-table.ts, loaded when first needed).
import { loadCountryNameTable, normaliseCountryName } from './country-name-table.js';

interface CountryLookup {
  byName: Map<string, string>;
  alpha3Codes: Set<string>;
  byAlpha2: Map<string, string>;
}

let lookup: CountryLookup | undefined;

function countryLookup(): CountryLookup {
  if (!lookup) {
    const table = loadCountryNameTable();
    lookup = { byName: new Map(table.byName), alpha3Codes: new Set(table.alpha3), byAlpha2: new Map(table.alpha2) };
  }
  return lookup;
}

/** ISO alpha-3 of the state an actor name denotes ("Kazakhstan" → "KAZ"), or null if it is not a state. */
export function countryOfActor(name: string): string | null {
  return countryLookup().byName.get(normaliseCountryName(name)) ?? null;
}

/**
 * Reads a country given in front matter: an alpha-3 code, an alpha-2 code or a country name.
 * Returns the alpha-3 code, or null if nothing matches.
 */
export function resolveCountryCode(value: string): string | null {
  const { byName, alpha3Codes, byAlpha2 } = countryLookup();
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper) && alpha3Codes.has(upper)) return upper;
  if (/^[A-Z]{2}$/.test(upper)) return byAlpha2.get(upper) ?? null;
  return byName.get(normaliseCountryName(trimmed)) ?? null;
}
