// Loads the reference data the extraction pipeline works with: country records built from the
// world-countries package (names, real alternative spellings, demonyms, capitals, borders) and
// the curated gazetteer files data/gazetteer/*.json, validated entry by entry. Cached per dataDir.
// A built copy reads them, with the gazetteer index, from the compact file of its build
// (compact-reference.ts) when that file is there and was built from the same data.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import {
  DossierError,
  GazetteerFileSchema,
  lineColumnAt,
  type CountryRecord,
  type GazetteerEntry,
  type ReferenceData,
} from '../../model/index.js';
import { countryWikidata } from './country-wikidata.js';
import { compactReferencePath, gazetteerFiles, readCompactReference } from './compact-reference.js';

// world-countries is CommonJS whose typings declare an ES default export; require it as it is, when
// the records are built (a process that reads the compact file never parses the package's data).
const requireWorldCountries = (): Country[] => createRequire(import.meta.url)('world-countries') as Country[];

const cache = new Map<string, ReferenceData>();

/** `<package root>/data`, found by walking up from this module to the folder holding package.json. */
export function defaultDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'data');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../data');
}

/**
 * Two-letter alternative spellings writers use as names in running text. The package lists every
 * country's alpha-2 code (DE, IT, IN…), which are words or mean nothing in prose; only these two are
 * names. They match as written (all capitals), so the pronoun "us" never does.
 */
const proseAbbreviations: ReadonlySet<string> = new Set(['US', 'UK']);

/** Alternative spellings that are names a writer would use: Latin script, not a 2-letter code. */
function isRealName(spelling: string): boolean {
  if (proseAbbreviations.has(spelling)) return true;
  if (spelling.length <= 2) return false;
  for (let i = 0; i < spelling.length; i++) {
    const code = spelling.charCodeAt(i);
    // Latin, Latin-1 supplement and Latin Extended-A/B only; skip Cyrillic, Arabic, CJK…
    if (code > 0x024f && code !== 0x2019) return false;
  }
  return true;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Country records from the world-countries package, without any gazetteer additions. */
export function buildCountryRecords(): CountryRecord[] {
  // Sovereign UN members first: a demonym several countries share ("American": the USA and its
  // territories; "French", "Norwegian") is read as the sovereign state's, the first one indexed.
  const ordered = [...requireWorldCountries()].sort(
    (a, b) => Number(b.unMember === true) - Number(a.unMember === true),
  );
  return ordered.map((country): CountryRecord => {
    const name = country.name.common;
    const officialName = country.name.official;
    const aliases = unique([officialName, ...country.altSpellings.filter(isRealName)]).filter(
      (alias) => alias !== name,
    );
    const eng = country.demonyms['eng'];
    const demonyms = eng ? unique([eng.m, eng.f].filter((d) => d.length > 0)) : [];
    const latlng = country.latlng.length === 2 ? ([country.latlng[0], country.latlng[1]] as [number, number]) : null;
    return {
      id: country.cca3,
      iso2: country.cca2,
      name,
      officialName,
      aliases,
      demonyms,
      capital: country.capital[0] ?? null,
      borders: [...country.borders],
      latlng,
      region: country.region,
      subregion: country.subregion,
      wikidata: countryWikidata[country.cca3] ?? null,
    };
  });
}

function readGazetteerFile(path: string): GazetteerEntry[] {
  const raw = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    const match = /position (\d+)/.exec(String(cause));
    const where = match ? lineColumnAt(raw, Number(match[1])) : {};
    throw new DossierError('INVALID_DOCUMENT', `gazetteer file ${basename(path)} is not valid JSON`, {
      file: path,
      ...where,
      expected: 'a JSON object {"entries": [...]}',
      cause,
    });
  }
  const parsed = GazetteerFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const issuePath = issue?.path ?? [];
    const entryIndex = issuePath[0] === 'entries' && typeof issuePath[1] === 'number' ? issuePath[1] : null;
    const entries = (json as { entries?: unknown[] } | null)?.entries;
    const entry =
      entryIndex !== null && Array.isArray(entries) ? (entries[entryIndex] as { id?: unknown } | undefined) : undefined;
    const entryName =
      entryIndex === null ? '' : ` entry ${entryIndex}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
    throw new DossierError(
      'INVALID_DOCUMENT',
      `gazetteer file ${basename(path)}${entryName}: ${issue?.message ?? 'invalid'} at ${issuePath.join('.')}`,
      {
        file: path,
        expected: 'entries matching GazetteerEntrySchema',
        details: { entry: entryIndex, path: issuePath },
      },
    );
  }
  return parsed.data.entries;
}

/**
 * The reference data of a data folder (cached per folder): from the compact file of this build when it is there and
 * not stale, else built from data/gazetteer/*.json and the country package.
 */
export function loadReferenceData(dataDir: string = defaultDataDir()): ReferenceData {
  const key = resolve(dataDir);
  const cached = cache.get(key);
  if (cached) return cached;
  const reference = readCompactReference(compactReferencePath, key) ?? buildReferenceData(key);
  cache.set(key, reference);
  return reference;
}

/** Reads data/gazetteer/*.json and the country package into one ReferenceData (not cached). */
export function buildReferenceData(dataDir: string): ReferenceData {
  const countries = buildCountryRecords();
  const byId = new Map(countries.map((country) => [country.id, country]));
  const gazetteer: GazetteerEntry[] = [];
  for (const path of gazetteerFiles(dataDir)) {
    const file = basename(path);
    const entries = readGazetteerFile(path);
    for (const entry of entries) {
      const country = entry.type === 'country' ? byId.get(entry.id) : undefined;
      if (country) {
        // Demonym and extra-name entries of countries extend the package's record.
        const forms = [entry.name, ...entry.aliases].filter((form) => form !== country.name);
        if (file.startsWith('demonym')) country.demonyms = unique([...country.demonyms, ...forms]);
        else country.aliases = unique([...country.aliases, ...forms]);
        if (entry.wikidata && !country.wikidata) country.wikidata = entry.wikidata;
        continue;
      }
      gazetteer.push(entry);
    }
  }
  return { countries, gazetteer };
}
