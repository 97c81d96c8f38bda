#!/usr/bin/env node
// Validates the held-out profiles and their gold annotations: the plain-text layout of the
// seed, every span (`text.slice(start, end) === text`), no overlapping mentions, no missed
// occurrence of an annotated name, entity ids and ISO 3166-1 alpha-3 codes (world-countries),
// EDTF shape of time values, quantity units and interest themes. Exits non-zero on any error.
// Run: `node test-fixtures/held-out/check-held-out.mjs`
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'world-countries';

const here = dirname(fileURLToPath(import.meta.url));
const iso3 = new Set(countries.map((c) => c.cca3));
const themes = new Set(['security', 'extremism', 'narcotics', 'governance', 'humanitarian', 'trade', 'transport', 'energy', 'water', 'migration', 'diplomacy']);
const mentionTypes = new Set(['country', 'place', 'organization', 'person', 'project', 'document']);
const units = new Set(['km', 'tons', 'USD', 'share', 'people', 'MW', 'bcm']);
// Same subset of EDTF as src/model/edtf.ts (kept in step by hand: this script runs under plain node).
const datePart = String.raw`(?:\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)`;
const edtf = new RegExp(String.raw`^(?:${datePart}|(?:${datePart}|\.\.)/(?:${datePart}|\.\.))$`);
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const overlaps = (a, b) => a.start < b.end && b.start < a.end;

const errors = [];
const fail = (file, msg) => errors.push(`${file}: ${msg}`);

const slugs = readdirSync(here).filter((f) => f.endsWith('.gold.json')).map((f) => basename(f, '.gold.json')).sort();
if (slugs.length < 4) fail('held-out', `expected at least 4 gold files, found ${slugs.length}`);

const docs = slugs.map((s) => {
  const bytes = readFileSync(join(here, `${s}.txt`));
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(`${s}.txt`, 'not valid UTF-8');
  }
  return { slug: s, file: `${s}.txt`, text, gold: JSON.parse(readFileSync(join(here, `${s}.gold.json`), 'utf8')) };
});

// Entities must mean the same thing in every file.
const entityUse = new Map();

for (const { file, text, gold } of docs) {
  // Layout of the seed.
  if (text.charCodeAt(0) === 0xfeff) fail(file, 'starts with a BOM');
  if (text.includes('\r')) fail(file, 'contains CR; expected LF line ends');
  if (/\s$/.test(text)) fail(file, 'ends with whitespace (the seed ends with its last sentence)');
  if (/[#*`<>_|]/.test(text)) fail(file, 'contains markup characters');
  if (text.length < 3000 || text.length > 4500) fail(file, `length ${text.length}, expected 3000–4500`);
  const lines = text.split('\n');
  if (lines[0] !== gold.actor?.name) fail(file, `title line "${lines[0]}" is not the actor name "${gold.actor?.name}"`);
  if (lines[1] !== '' || lines[2] !== 'Profile') fail(file, 'expected a blank line, then "Profile", after the title');
  const keyAt = lines.indexOf('Key Interests & Priorities');
  if (keyAt < 4) fail(file, 'expected at least one Profile paragraph, then "Key Interests & Priorities"');
  const after = lines.slice(keyAt + 1);
  if (after.length % 2 !== 0) fail(file, 'each interest title line must be followed by exactly one paragraph line');
  const parsed = [];
  for (let i = 0; i < after.length; i += 2) {
    const m = /^(\d+)\. (\S.*)$/.exec(after[i]);
    if (!m) fail(file, `line ${keyAt + 2 + i}: expected "N. Title", got "${after[i]}"`);
    else parsed.push({ rank: Number(m[1]), title: m[2] });
    if (!after[i + 1] || /^\d+\. /.test(after[i + 1])) fail(file, `line ${keyAt + 3 + i}: expected a paragraph`);
  }
  if (parsed.length < 3 || parsed.length > 4) fail(file, `${parsed.length} interests, expected 3–4`);

  // Header fields.
  if (gold.document !== file) fail(file, `document is "${gold.document}"`);
  if (!iso3.has(gold.actor?.country)) fail(file, `actor country ${gold.actor?.country} is not ISO alpha-3`);
  const goldInterests = gold.interests ?? [];
  if (JSON.stringify(goldInterests.map(({ rank, title }) => ({ rank, title }))) !== JSON.stringify(parsed)) fail(file, 'interests differ from the text');
  goldInterests.forEach((it, i) => {
    if (it.rank !== i + 1) fail(file, `interest ${i + 1} has rank ${it.rank}`);
    if (!themes.has(it.theme)) fail(file, `interest ${it.rank}: theme "${it.theme}" is not in the taxonomy`);
  });

  // Mentions.
  const mentions = gold.mentions ?? [];
  mentions.forEach((m, i) => {
    const where = `mention ${i} "${m.text}" @${m.start}`;
    const keys = Object.keys(m).sort().join(',');
    if (keys !== 'country,end,entity,start,text,type') fail(file, `${where}: fields ${keys}`);
    if (text.slice(m.start, m.end) !== m.text) fail(file, `${where}: slice is "${text.slice(m.start, m.end)}"`);
    if (!mentionTypes.has(m.type)) fail(file, `${where}: type ${m.type}`);
    if (m.text !== m.text.trim() || /^(the|The) /.test(m.text)) fail(file, `${where}: span has surrounding space or "the"`);
    if (isWordChar(text[m.start - 1]) || isWordChar(text[m.end])) fail(file, `${where}: span cuts a word`);
    if (m.type === 'country') {
      if (!iso3.has(m.entity) || m.country !== m.entity) fail(file, `${where}: country mention needs entity = country = ISO alpha-3`);
    } else {
      if (!slug.test(m.entity)) fail(file, `${where}: entity "${m.entity}" is not a lowercase-hyphen slug`);
      if (m.country !== null && !iso3.has(m.country)) fail(file, `${where}: country ${m.country} is not ISO alpha-3`);
    }
    if (i > 0 && mentions[i - 1].start > m.start) fail(file, `${where}: mentions not sorted by start`);
    if (i > 0 && overlaps(mentions[i - 1], m)) fail(file, `${where}: overlaps "${mentions[i - 1].text}"`);
    const use = `${m.type}|${m.country}`;
    const seen = entityUse.get(m.entity);
    if (seen && seen.use !== use) fail(file, `${where}: entity ${m.entity} is ${use} here but ${seen.use} in ${seen.file}`);
    else if (!seen) entityUse.set(m.entity, { use, file });
  });
  if (mentions[0]?.start !== 0 || mentions[0]?.end !== lines[0].length) fail(file, 'the title line is not annotated as a mention');

  // Times.
  const times = gold.times ?? [];
  times.forEach((t, i) => {
    const where = `time ${i} "${t.text}" @${t.start}`;
    if (text.slice(t.start, t.end) !== t.text) fail(file, `${where}: slice is "${text.slice(t.start, t.end)}"`);
    if (!edtf.test(t.value)) fail(file, `${where}: value ${t.value} is not EDTF`);
    if (/^(in|on|since|the|by) /i.test(t.text)) fail(file, `${where}: leading preposition or article inside the span`);
    if (i > 0 && overlaps(times[i - 1], t)) fail(file, `${where}: overlaps "${times[i - 1].text}"`);
    if (i > 0 && times[i - 1].start > t.start) fail(file, `${where}: times not sorted by start`);
    const years = [...t.value.matchAll(/\d{3}[\dX]/g)].map((y) => y[0].replace('X', ''));
    if (!years.every((y) => t.text.includes(y))) fail(file, `${where}: value ${t.value} does not match the text`);
  });
  // Every year-like number is either a time or listed in not_times.
  for (const y of text.matchAll(/(?<![\p{L}\p{N}])(1[89]\d\d|20\d\d)(?!\p{N})/gu)) {
    const at = { start: y.index, end: y.index + 4 };
    if (!times.some((t) => overlaps(t, at)) && !(gold.not_times ?? []).includes(y[1])) fail(file, `year ${y[1]} @${at.start} is neither a time nor in not_times`);
  }
  for (const n of gold.not_times ?? []) {
    if (!text.includes(n)) fail(file, `not_times "${n}" does not occur`);
  }

  // Quantities.
  (gold.quantities ?? []).forEach((q, i) => {
    const where = `quantity ${i} "${q.text}"`;
    if (text.slice(q.start, q.end) !== q.text) fail(file, `${where}: slice is "${text.slice(q.start, q.end)}"`);
    if (typeof q.value !== 'number' || !Number.isFinite(q.value)) fail(file, `${where}: value ${q.value}`);
    if (!units.has(q.unit)) fail(file, `${where}: unit ${q.unit}`);
  });
}

// Completeness: any surface form annotated anywhere must be annotated everywhere it occurs,
// unless it sits inside a longer mention.
const surfaces = new Set(docs.flatMap((d) => (d.gold.mentions ?? []).map((m) => m.text)));
for (const { file, text, gold } of docs) {
  for (const surface of surfaces) {
    for (let at = text.indexOf(surface); at !== -1; at = text.indexOf(surface, at + 1)) {
      const span = { start: at, end: at + surface.length };
      if (isWordChar(text[at - 1]) || isWordChar(text[span.end])) continue;
      if (!(gold.mentions ?? []).some((m) => m.start <= span.start && m.end >= span.end)) fail(file, `"${surface}" @${at} is not annotated`);
    }
  }
}

const total = (k) => docs.reduce((n, d) => n + (d.gold[k]?.length ?? 0), 0);
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
console.log(`ok: ${docs.length} profiles, ${total('mentions')} mentions (${entityUse.size} entities), ${total('times')} times, ${total('quantities')} quantities, ${total('interests')} interests`);
