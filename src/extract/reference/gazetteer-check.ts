// The curation check of the gazetteer (data/gazetteer/*.json) on the model's own schema
// (GazetteerEntrySchema, strict so that a typo in a key shows): unique ids, one entity per written
// form, no clash with the names world-countries already gives, one entity per Wikidata QID, risky
// short aliases flagged, people with a role, and every entity of the seed's gold file present
// with its type and country. Run in `npm test` (gazetteer-check.test.ts) and by
// `node data/check-gazetteer.mjs` after a build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Country } from 'world-countries';
import { GazetteerEntrySchema, type GazetteerEntry } from '../../model/index.js';

const worldCountries = createRequire(import.meta.url)('world-countries') as Country[];

const StrictEntrySchema = GazetteerEntrySchema.strict();
const GazetteerFileShape = z.object({ description: z.string().min(1), entries: z.array(z.unknown()) }).strict();

export interface GazetteerCheckReport {
  errors: string[];
  warnings: string[];
  /** Entries by type, written forms, Wikidata QIDs and files read. */
  summary: { files: number; entries: number; byType: Record<string, number>; forms: number; qids: number };
}

/** Key under which two written forms count as the same: case, dashes, apostrophes and spacing folded. */
export function aliasKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

interface Located {
  entry: GazetteerEntry;
  where: string;
}

interface GoldMention {
  start: number;
  end: number;
  text: string;
  type: string;
  entity: string;
  country: string | null;
}

/** Short forms of letters only (digits make a form distinctive: G7, 6+2). */
const shortForm = /^[\p{L}.&]{1,3}$/u;

/** Checks the gazetteer files in `gazetteerDir`; `goldFile` (optional) is a gold file whose entities must resolve. */
export function checkGazetteer(options: {
  gazetteerDir: string;
  root: string;
  goldFile?: string;
}): GazetteerCheckReport {
  const { gazetteerDir, root, goldFile } = options;
  const errors: string[] = [];
  const warnings: string[] = [];
  const err = (where: string, message: string) => errors.push(`${where}: ${message}`);
  const warn = (where: string, message: string) => warnings.push(`${where}: ${message}`);

  // Every written form world-countries already gives, with the country it names.
  const countryForms = new Map<string, string>();
  const iso3 = new Set<string>();
  for (const c of worldCountries) {
    iso3.add(c.cca3);
    const demonym = c.demonyms?.eng;
    const forms = [c.name.common, c.name.official, c.cca2, c.cca3, ...(c.altSpellings ?? []), demonym?.m, demonym?.f];
    for (const form of forms) if (form) countryForms.set(aliasKey(form), c.cca3);
  }
  const commonName = new Map(worldCountries.map((c) => [c.cca3, c.name.common]));

  const entries = loadEntries(gazetteerDir, root, err);
  checkEntries(entries, iso3, commonName, err, warn);
  const byId = new Map<string, Located>();
  for (const x of entries) {
    const previous = byId.get(x.entry.id);
    if (previous) err(x.where, `duplicate id (also ${previous.where})`);
    else byId.set(x.entry.id, x);
  }
  const byForm = new Map<string, Located>();
  for (const x of entries) {
    for (const key of new Set([x.entry.name, ...x.entry.aliases].map(aliasKey))) {
      const owner = countryForms.get(key);
      const ownCountryName = x.entry.type === 'country' && key === aliasKey(x.entry.name);
      if (owner && !ownCountryName)
        err(
          x.where,
          owner === x.entry.id
            ? `"${key}" is already in world-countries for ${owner}: drop it`
            : `"${key}" is a world-countries name of ${owner}`,
        );
      const previous = byForm.get(key);
      if (previous && previous.entry.id !== x.entry.id)
        err(x.where, `written form "${key}" also belongs to ${previous.entry.id} (${previous.where})`);
      else byForm.set(key, x);
    }
  }
  const byQid = new Map<string, Located>();
  for (const x of entries) {
    const qid = x.entry.wikidata;
    if (!qid) continue;
    const previous = byQid.get(qid);
    if (previous) err(x.where, `Wikidata ${qid} also given to ${previous.entry.id}`);
    else byQid.set(qid, x);
  }
  if (goldFile && existsSync(goldFile)) checkGold(goldFile, root, { countryForms, byForm, byId }, err);

  const byType: Record<string, number> = {};
  for (const { entry } of entries) byType[entry.type] = (byType[entry.type] ?? 0) + 1;
  return {
    errors,
    warnings,
    summary: {
      files: gazetteerFiles(gazetteerDir).length,
      entries: entries.length,
      byType,
      forms: byForm.size,
      qids: byQid.size,
    },
  };
}

const gazetteerFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

/**
 * Every entry of every file, validated; a malformed entry is reported and kept (best effort) for the cross-entry
 * checks.
 */
function loadEntries(gazetteerDir: string, root: string, err: (where: string, message: string) => void): Located[] {
  const entries: Located[] = [];
  const files = gazetteerFiles(gazetteerDir);
  if (files.length === 0) err(relative(root, gazetteerDir), 'no *.json files found');
  for (const file of files) {
    const rel = relative(root, join(gazetteerDir, file));
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(gazetteerDir, file), 'utf8'));
    } catch (error) {
      err(rel, `not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const shape = GazetteerFileShape.safeParse(json);
    if (!shape.success) {
      for (const issue of shape.error.issues) err(rel, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    shape.data.entries.forEach((raw, i) => {
      const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
      const where = `${rel} entries[${i}]${typeof record?.id === 'string' ? ` (${record.id})` : ''}`;
      const parsed = StrictEntrySchema.safeParse(raw);
      if (parsed.success) {
        entries.push({ entry: parsed.data, where });
        return;
      }
      for (const issue of parsed.error.issues) err(where, `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      if (record && typeof record.id === 'string' && typeof record.name === 'string') {
        const aliases = Array.isArray(record.aliases)
          ? record.aliases.filter((a): a is string => typeof a === 'string')
          : [];
        entries.push({
          entry: {
            country: null,
            wikidata: null,
            ...(record as Partial<GazetteerEntry>),
            id: record.id,
            name: record.name,
            aliases,
            type: 'unknown' as GazetteerEntry['type'],
          },
          where,
        });
      }
    });
  }
  return entries;
}

/** The rules of one entry: country ids and names, people's roles, and the written forms. */
function checkEntries(
  entries: Located[],
  iso3: Set<string>,
  commonName: Map<string, string>,
  err: (where: string, message: string) => void,
  warn: (where: string, message: string) => void,
): void {
  for (const { entry: e, where } of entries) {
    if (e.type === 'country') {
      if (!iso3.has(e.id)) err(where, 'country entry id must be an ISO alpha-3 code known to world-countries');
      else if (e.name !== commonName.get(e.id))
        err(where, `country name must be world-countries' name.common "${commonName.get(e.id)}"`);
      if (e.country !== e.id) err(where, 'country entry must carry its own code in "country"');
    } else if (/^[A-Z]{3}$/.test(e.id)) {
      err(where, 'only country entries may use an ISO alpha-3 id');
    }
    if (e.country !== null && !iso3.has(e.country))
      err(where, `country "${e.country}" is not an ISO alpha-3 code in world-countries`);
    if (e.type === 'person' && !e.role) err(where, 'a person needs a role');
    if (e.died !== undefined && e.type !== 'person') err(where, 'only people have a date of death');
    if (!e.kind) warn(where, 'no kind');
    const seen = new Set<string>();
    for (const form of [e.name, ...e.aliases]) {
      if (form !== form.trim() || /\s{2,}/.test(form)) err(where, `"${form}": stray whitespace`);
      if (/^the\s/i.test(form))
        err(where, `"${form}": drop the leading article; matchers leave "the" outside the mention`);
      if (form !== e.name && /\(.*\)/.test(form))
        err(where, `"${form}": a disambiguating parenthesis never appears in running text; use a note`);
      if (seen.has(form)) err(where, `"${form}" is listed twice`);
      seen.add(form);
      const letters = form.replace(/[^\p{L}]/gu, '');
      if (shortForm.test(form) && letters.length > 0) {
        const flagged = (e.note ?? '').includes(`"${form}"`);
        if (letters.length <= 2 && !flagged) err(where, `two-letter alias "${form}" must be flagged in note`);
        // Three capitals read as an acronym; other short forms are the ones that collide with words.
        else if (!flagged && form !== e.name && !/^\p{Lu}{3}$/u.test(form))
          warn(where, `short alias "${form}" (not flagged in note)`);
      }
      if (form !== e.name && /^\p{Ll}[\p{Ll}-]*$/u.test(form))
        warn(where, `"${form}" is a single lower-case word: may over-match`);
    }
  }
}

/**
 * Every entity the gold file links resolves, with the same type and country, and each mention's text is one of its
 * forms.
 */
function checkGold(
  goldFile: string,
  root: string,
  index: { countryForms: Map<string, string>; byForm: Map<string, Located>; byId: Map<string, Located> },
  err: (where: string, message: string) => void,
): void {
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as { mentions?: GoldMention[] };
  const rel = relative(root, goldFile);
  for (const m of gold.mentions ?? []) {
    const where = `${rel} mention ${m.start}-${m.end} "${m.text}"`;
    const key = aliasKey(m.text);
    if (m.type === 'country') {
      const viaGazetteer = index.byForm.get(key)?.entry;
      const resolved = index.countryForms.get(key) ?? (viaGazetteer?.type === 'country' ? viaGazetteer.id : undefined);
      if (resolved !== m.entity) err(where, `resolves to ${resolved ?? 'nothing'}, gold says ${m.entity}`);
      continue;
    }
    const x = index.byId.get(m.entity);
    if (!x) {
      err(where, `entity "${m.entity}" missing from the gazetteer`);
      continue;
    }
    if (x.entry.type !== m.type) err(where, `type ${x.entry.type}, gold says ${m.type}`);
    if (x.entry.country !== m.country) err(where, `country ${x.entry.country}, gold says ${m.country}`);
    if (index.byForm.get(key)?.entry.id !== m.entity) err(where, `text is not a written form of ${m.entity}`);
  }
}
