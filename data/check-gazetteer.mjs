#!/usr/bin/env node
// Validates the curated gazetteer (data/gazetteer/*.json) without a TypeScript build: mirrors
// GazetteerEntrySchema / GazetteerFileSchema from src/model/gazetteer.ts with zod, then checks the
// curation rules (unique ids, one entity per alias, no clash with world-countries names, QID
// format, risky short aliases flagged, the seed gold file's entities present).
// Usage: node data/check-gazetteer.mjs [--quiet]   Exit code 1 on any error.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const gazetteerDir = join(here, 'gazetteer');
const goldFile = join(root, 'test-fixtures', 'seed-kazakhstan.gold.json');
const countries = createRequire(import.meta.url)('world-countries');
const quiet = process.argv.includes('--quiet');

// Mirror of src/model (MentionTypeSchema + GazetteerEntrySchema), strict so that typos in keys show.
const MentionType = z.enum(['country', 'place', 'organization', 'person', 'project', 'document']);
const Entry = z
  .object({
    id: z.string().regex(/^(?:[A-Z]{3}|[a-z0-9][a-z0-9-]*)$/),
    type: MentionType,
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    country: z.string().regex(/^[A-Z]{3}$/).nullable().default(null),
    wikidata: z.string().regex(/^Q\d+$/).nullable().default(null),
    kind: z.string().optional(),
    role: z.string().optional(),
    source: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
const GazetteerFile = z.object({ description: z.string().min(1), entries: z.array(z.unknown()) }).strict();

const errors = [];
const warnings = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);
const warn = (where, msg) => warnings.push(`${where}: ${msg}`);

/** Key under which two written forms count as the same: case, dashes and spacing folded. */
export function aliasKey(s) {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

// Every written form world-countries already gives, with the country it names.
const countryForms = new Map();
const iso3 = new Set();
for (const c of countries) {
  iso3.add(c.cca3);
  const forms = [c.name.common, c.name.official, c.cca2, c.cca3, ...(c.altSpellings ?? [])];
  const dem = c.demonyms?.eng;
  if (dem) forms.push(dem.m, dem.f);
  for (const f of forms) if (f) countryForms.set(aliasKey(f), c.cca3);
}
const commonName = new Map(countries.map((c) => [c.cca3, c.name.common]));

// Load and validate every file.
const entries = [];
const files = existsSync(gazetteerDir) ? readdirSync(gazetteerDir).filter((f) => f.endsWith('.json')).sort() : [];
if (files.length === 0) err(relative(root, gazetteerDir), 'no *.json files found');
for (const file of files) {
  const path = join(gazetteerDir, file);
  const rel = relative(root, path);
  let json;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    err(rel, `not valid JSON: ${e.message}`);
    continue;
  }
  const fileResult = GazetteerFile.safeParse(json);
  if (!fileResult.success) {
    for (const issue of fileResult.error.issues) err(rel, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    continue;
  }
  json.entries.forEach((raw, i) => {
    const where = `${rel} entries[${i}]${raw && typeof raw === 'object' && 'id' in raw ? ` (${raw.id})` : ''}`;
    const result = Entry.safeParse(raw);
    if (result.success) {
      entries.push({ entry: result.data, where, file });
      return;
    }
    for (const issue of result.error.issues) err(where, `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
    // Keep a best-effort copy so that the cross-entry checks (ids, aliases) still see it.
    if (raw && typeof raw === 'object' && typeof raw.id === 'string' && typeof raw.name === 'string') {
      const aliases = Array.isArray(raw.aliases) ? raw.aliases.filter((a) => typeof a === 'string') : [];
      entries.push({ entry: { country: null, wikidata: null, ...raw, aliases }, where, file });
    }
  });
}

// Per-entry rules.
const shortFormRe = /^[\p{L}.&]{1,3}$/u; // short, letters only: digits (G7, 6+2) make a form distinctive
for (const { entry: e, where } of entries) {
  if (e.type === 'country') {
    if (!iso3.has(e.id)) err(where, `country entry id must be an ISO alpha-3 code known to world-countries`);
    else if (e.name !== commonName.get(e.id)) err(where, `country name must be world-countries' name.common "${commonName.get(e.id)}"`);
    if (e.country !== e.id) err(where, `country entry must carry its own code in "country"`);
  } else if (/^[A-Z]{3}$/.test(e.id)) {
    err(where, `only country entries may use an ISO alpha-3 id`);
  }
  if (e.country !== null && !iso3.has(e.country)) err(where, `country "${e.country}" is not an ISO alpha-3 code in world-countries`);
  if (e.type === 'person' && !e.role) err(where, 'a person needs a role');
  if (!e.kind) warn(where, 'no kind');
  const seen = new Set();
  for (const form of [e.name, ...e.aliases]) {
    if (form !== form.trim() || /\s{2,}/.test(form)) err(where, `"${form}": stray whitespace`);
    if (/^the\s/i.test(form)) err(where, `"${form}": drop the leading article; matchers leave "the" outside the mention`);
    if (form !== e.name && /\(.*\)/.test(form)) err(where, `"${form}": a disambiguating parenthesis never appears in running text; use a note`);
    if (seen.has(form)) err(where, `"${form}" is listed twice`);
    seen.add(form);
    const letters = form.replace(/[^\p{L}]/gu, '');
    if (shortFormRe.test(form) && letters.length > 0) {
      const flagged = (e.note ?? '').includes(`"${form}"`);
      if (letters.length <= 2 && !flagged) err(where, `two-letter alias "${form}" must be flagged in note`);
      // Three upper-case letters read as an acronym and the entry's own name is its name; other
      // short forms (mixed case, lower case) are the ones that collide with words.
      else if (!flagged && form !== e.name && !/^\p{Lu}{3}$/u.test(form)) warn(where, `short alias "${form}" (not flagged in note)`);
    }
    if (form !== e.name && /^\p{Ll}[\p{Ll}-]*$/u.test(form)) warn(where, `"${form}" is a single lower-case word: may over-match`);
  }
}

// Cross-entry rules: ids, aliases, QIDs.
const byId = new Map();
for (const x of entries) {
  const prev = byId.get(x.entry.id);
  if (prev) err(x.where, `duplicate id (also ${prev.where})`);
  else byId.set(x.entry.id, x);
}
const byForm = new Map();
for (const x of entries) {
  const e = x.entry;
  const keys = new Set([e.name, ...e.aliases].map(aliasKey));
  for (const key of keys) {
    const owner = countryForms.get(key);
    const isOwnCountryName = e.type === 'country' && key === aliasKey(e.name);
    if (owner && !isOwnCountryName) {
      err(x.where, owner === e.id ? `"${key}" is already in world-countries for ${owner}: drop it` : `"${key}" is a world-countries name of ${owner}`);
    }
    const prev = byForm.get(key);
    if (prev && prev.entry.id !== e.id) err(x.where, `written form "${key}" also belongs to ${prev.entry.id} (${prev.where})`);
    else byForm.set(key, x);
  }
}
const byQid = new Map();
for (const x of entries) {
  const q = x.entry.wikidata;
  if (!q) continue;
  const prev = byQid.get(q);
  if (prev) err(x.where, `Wikidata ${q} also given to ${prev.entry.id}`);
  else byQid.set(q, x);
}

// The seed gold file: every entity it links must resolve, with the same type and country,
// and every mention text must be a written form of its entity.
if (existsSync(goldFile)) {
  const gold = JSON.parse(readFileSync(goldFile, 'utf8'));
  const goldRel = relative(root, goldFile);
  for (const m of gold.mentions ?? []) {
    const where = `${goldRel} mention ${m.start}-${m.end} "${m.text}"`;
    const key = aliasKey(m.text);
    if (m.type === 'country') {
      const viaPackage = countryForms.get(key);
      const viaGazetteer = byForm.get(key)?.entry;
      const resolved = viaPackage ?? (viaGazetteer?.type === 'country' ? viaGazetteer.id : undefined);
      if (resolved !== m.entity) err(where, `resolves to ${resolved ?? 'nothing'}, gold says ${m.entity}`);
      continue;
    }
    const x = byId.get(m.entity);
    if (!x) {
      err(where, `entity "${m.entity}" missing from the gazetteer`);
      continue;
    }
    if (x.entry.type !== m.type) err(where, `type ${x.entry.type}, gold says ${m.type}`);
    if (x.entry.country !== m.country) err(where, `country ${x.entry.country}, gold says ${m.country}`);
    if (byForm.get(key)?.entry.id !== m.entity) err(where, `text is not a written form of ${m.entity}`);
  }
}

// Report.
const counts = {};
for (const { entry } of entries) counts[entry.type] = (counts[entry.type] ?? 0) + 1;
if (!quiet) for (const w of warnings) console.warn(`warning ${w}`);
for (const e of errors) console.error(`error ${e}`);
console.log(
  `gazetteer: ${entries.length} entries in ${files.length} files (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
    `${byForm.size} written forms; ${byQid.size} Wikidata QIDs; ${errors.length} errors, ${warnings.length} warnings`,
);
process.exitCode = errors.length > 0 ? 1 : 0;
