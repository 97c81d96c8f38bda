// Resolves an actor's name to the ISO 3166-1 alpha-3 code of the state it names, using the
// common and official names and alternative spellings of the world-countries package.
import worldCountries, { type Countries } from 'world-countries';

// The package is CommonJS (`module.exports = [...]`) but its typings declare an ES default
// export, which NodeNext reads as `.default`; at run time the default import is the array.
const countries = worldCountries as unknown as Countries;

/** Lower case, no diacritics, no leading "the", single spaces. */
function normaliseCountryName(name: string): string {
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

const states = countries.filter((country) => country.independent || country.unMember);
const alpha3Codes = new Set(countries.map((country) => country.cca3));

const byName = new Map<string, string>();
for (const country of states) {
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

/** ISO alpha-3 of the state an actor name denotes ("Kazakhstan" → "KAZ"), or null if it is not a state. */
export function countryOfActor(name: string): string | null {
  return byName.get(normaliseCountryName(name)) ?? null;
}

/**
 * Reads a country given in front matter: an alpha-3 code, an alpha-2 code or a country name.
 * Returns the alpha-3 code, or null if nothing matches.
 */
export function resolveCountryCode(value: string): string | null {
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper) && alpha3Codes.has(upper)) return upper;
  if (/^[A-Z]{2}$/.test(upper)) return countries.find((country) => country.cca2 === upper)?.cca3 ?? null;
  return byName.get(normaliseCountryName(trimmed)) ?? null;
}
