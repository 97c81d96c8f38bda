#!/usr/bin/env node
// Validates the articles-blind documents, their gold files and manifest.json (the fixtures
// themselves, not Dossier): encodings and line ends, 400–1,200 words per document, regions,
// every span (`text.slice(start, end)`) or, for HTML, every (region, text, occurrence) triple,
// sorted and non-overlapping mentions and times, no word cut by a span, ISO 3166-1 alpha-3
// codes (world-countries), entity slugs, one type and country per entity across this folder and
// the held-out golds, EDTF values, `resolved` exactly on times written without a year (and a
// document-date year equal to the publication year), every year-like number either a time or
// in not_times, quantity units, completeness (a surface annotated anywhere in the set is
// annotated everywhere it occurs in a region), no annotated surface outside the regions or in
// an ignore span, the HTML article text against the page, and the manifest.
// Run: `node test-fixtures/articles-blind/check-articles-blind.mjs`
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'world-countries';

const here = dirname(fileURLToPath(import.meta.url));
const heldOut = join(here, '..', 'held-out');
const iso3 = new Set(countries.map((c) => c.cca3));
const mentionTypes = new Set(['country', 'place', 'organization', 'person', 'project', 'document']);
const units = new Set(['share', 'people', 'km', 'mi', 'MW', 'bcm', 'tons', 'USD', 'EUR', 'CNY', 'KZT', 'RUB', 'AFN', 'UZS']);
const datePart = String.raw`(?:\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)`;
const edtf = new RegExp(String.raw`^(?:${datePart}|(?:${datePart}|\.\.)/(?:${datePart}|\.\.))$`);
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const occurrences = (hay, needle) => {
  const out = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (!isWordChar(hay[at - 1]) && !isWordChar(hay[at + needle.length])) out.push(at);
  }
  return out;
};

const errors = [];
const fail = (file, msg) => errors.push(`${file}: ${msg}`);

const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const goldFiles = readdirSync(here).filter((f) => f.endsWith('.gold.json')).sort();
if (goldFiles.length !== 10) fail('articles-blind', `expected 10 gold files, found ${goldFiles.length}`);
if (manifest.length !== goldFiles.length) fail('manifest.json', `${manifest.length} entries for ${goldFiles.length} gold files`);

const decode = (file) => {
  const bytes = readFileSync(join(here, file));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) fail(file, 'starts with a BOM');
    if (text.includes('\r')) fail(file, 'contains CR');
    return text;
  } catch {
    fail(file, 'not valid UTF-8');
    return '';
  }
};

/** The article text of the HTML page: h1, then each p and h2 of the story body, blank-line separated. */
const articleOf = (page) => {
  const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  const art = page.slice(page.indexOf('<article'), page.indexOf('</article>'));
  const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(art)[1];
  const at = art.indexOf('<div class="story-body">');
  const body = art.slice(at, art.indexOf('</div>', at));
  const blocks = [...body.matchAll(/<(p|h2)>([\s\S]*?)<\/\1>/g)].map((m) => unescape(m[2].replace(/<[^>]+>/g, '')).trim());
  return `${[unescape(h1), ...blocks].join('\n\n')}\n`;
};

const docs = goldFiles.map((g) => {
  const gold = JSON.parse(readFileSync(join(here, g), 'utf8'));
  const entry = manifest.find((m) => m.file === gold.document);
  if (!entry) fail(g, `document ${gold.document} is not in manifest.json`);
  const raw = decode(gold.document);
  const text = gold.text_file === gold.document ? raw : decode(gold.text_file);
  if (gold.format === 'html' && text !== articleOf(raw)) fail(gold.text_file, 'differs from the article body of the HTML page');
  return { g, gold, entry: entry ?? {}, raw, text, html: gold.format === 'html' };
});

for (const m of manifest) {
  for (const k of ['file', 'format', 'kind', 'title', 'author', 'published', 'publisher', 'gold']) if (!(k in m)) fail('manifest.json', `${m.file}: no ${k}`);
  if (!existsSync(join(here, m.file))) fail('manifest.json', `${m.file} does not exist`);
  if (m.gold && !existsSync(join(here, m.gold))) fail('manifest.json', `${m.gold} does not exist`);
  if (m.published !== null && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(m.published)) fail('manifest.json', `${m.file}: published ${m.published}`);
}

// Regions of each document.
for (const d of docs) {
  const { gold, text, g, html } = d;
  const t = gold.regions.title;
  const b = gold.regions.body;
  if (html) {
    const tAt = text.indexOf(t.text);
    const bAt = text.indexOf(b.starts_with);
    if (tAt === -1 || bAt === -1) fail(g, 'title or body start not found in the article text');
    d.title = { start: tAt, end: tAt + t.text.length };
    d.body = { start: bAt, end: text.trimEnd().length };
  } else {
    if (text.slice(t.start, t.end) !== t.text) fail(g, 'title region does not hold the title');
    if (!text.startsWith(b.starts_with, b.start)) fail(g, 'body region does not start with starts_with');
    d.title = { start: t.start, end: t.end };
    d.body = { start: b.start, end: b.end };
  }
  if (d.entry.title !== t.text) fail(g, `manifest title "${d.entry.title}" differs from the title region "${t.text}"`);
  d.ignore = html ? [] : gold.ignore;
  const words = (html ? text : d.raw).split(/\s+/).filter(Boolean).length;
  if (words < 400 || words > 1200) fail(g, `${words} words, expected 400–1,200`);
  d.regionText = (r) => text.slice(d[r].start, d[r].end);
  // Give every item offsets into `text` (for HTML from region + occurrence).
  for (const kind of ['mentions', 'times', 'quantities']) {
    for (const item of gold[kind]) {
      if (item.region !== 'title' && item.region !== 'body') fail(g, `${kind} "${item.text}": region ${item.region}`);
      const r = d[item.region];
      const at = occurrences(d.regionText(item.region), item.text)[item.occurrence - 1];
      if (at === undefined) {
        fail(g, `${kind} "${item.text}": occurrence ${item.occurrence} not in ${item.region}`);
        continue;
      }
      if (html) {
        item.start = r.start + at;
        item.end = item.start + item.text.length;
      } else if (item.start !== r.start + at) fail(g, `${kind} "${item.text}" @${item.start}: occurrence ${item.occurrence} is @${r.start + at}`);
      if (text.slice(item.start, item.end) !== item.text) fail(g, `${kind} "${item.text}" @${item.start}: slice is "${text.slice(item.start, item.end)}"`);
      if (isWordChar(text[item.start - 1]) || isWordChar(text[item.end])) fail(g, `${kind} "${item.text}" @${item.start}: span cuts a word`);
      if (d.ignore.some((x) => overlaps(x, item))) fail(g, `${kind} "${item.text}" @${item.start}: inside an ignore span`);
    }
  }
}

// Mentions, times, quantities.
const entityUse = new Map();
for (const f of readdirSync(heldOut).filter((x) => x.endsWith('.gold.json'))) {
  for (const m of JSON.parse(readFileSync(join(heldOut, f), 'utf8')).mentions) if (!entityUse.has(m.entity)) entityUse.set(m.entity, { use: `${m.type}|${m.country}`, file: `held-out/${f}` });
}
for (const d of docs) {
  const { gold, text, g, entry } = d;
  const mentions = gold.mentions;
  mentions.forEach((m, i) => {
    const where = `mention ${i} "${m.text}" @${m.start}`;
    if (!mentionTypes.has(m.type)) fail(g, `${where}: type ${m.type}`);
    if (m.text !== m.text.trim() || /^(the|The) /.test(m.text)) fail(g, `${where}: surrounding space or "the"`);
    if (m.type === 'country') {
      if (!iso3.has(m.entity) || m.country !== m.entity) fail(g, `${where}: country mention needs entity = country = ISO alpha-3`);
    } else {
      if (!slug.test(m.entity)) fail(g, `${where}: entity "${m.entity}" is not a slug`);
      if (m.country !== null && !iso3.has(m.country)) fail(g, `${where}: country ${m.country}`);
    }
    if (i > 0 && mentions[i - 1].start > m.start) fail(g, `${where}: not sorted`);
    if (i > 0 && overlaps(mentions[i - 1], m)) fail(g, `${where}: overlaps "${mentions[i - 1].text}"`);
    const use = `${m.type}|${m.country}`;
    const seen = entityUse.get(m.entity);
    if (seen && seen.use !== use) fail(g, `${where}: entity ${m.entity} is ${use} here but ${seen.use} in ${seen.file}`);
    else if (!seen) entityUse.set(m.entity, { use, file: g });
  });

  const year = entry.published ? entry.published.slice(0, 4) : null;
  gold.times.forEach((t, i) => {
    const where = `time ${i} "${t.text}" @${t.start}`;
    if (!edtf.test(t.value)) fail(g, `${where}: ${t.value} is not EDTF`);
    if (/^(in|on|since|the|by|from|of) /i.test(t.text)) fail(g, `${where}: leading preposition or article`);
    if (i > 0 && (gold.times[i - 1].start > t.start || overlaps(gold.times[i - 1], t))) fail(g, `${where}: not sorted or overlaps`);
    const hasYear = /\d{4}/.test(t.text);
    if (hasYear) {
      if ('resolved' in t) fail(g, `${where}: written with a year but has resolved`);
      const years = [...t.value.matchAll(/\d{3}[\dX]/g)].map((y) => y[0].replace('X', ''));
      if (!years.every((y) => t.text.includes(y))) fail(g, `${where}: value ${t.value} does not match the text`);
    } else {
      if (t.resolved !== 'document-date' && t.resolved !== 'context') fail(g, `${where}: no year in the text, needs resolved document-date|context`);
      if (t.resolved === 'document-date' && !t.value.split('/').every((v) => v.startsWith(year))) fail(g, `${where}: document-date value ${t.value} not in ${year}`);
    }
  });
  for (const r of ['title', 'body']) {
    const rt = d.regionText(r);
    for (const y of rt.matchAll(/(?<![\p{L}\p{N},.])(1[89]\d\d|20\d\d)(?![\p{N}]|,\d)/gu)) {
      const at = { start: d[r].start + y.index, end: d[r].start + y.index + 4 };
      if (d.ignore.some((x) => overlaps(x, at))) continue;
      if (!gold.times.some((t) => overlaps(t, at)) && !gold.not_times.includes(y[1])) fail(g, `year ${y[1]} @${at.start} is neither a time nor in not_times`);
    }
  }
  for (const n of gold.not_times) if (!text.includes(n)) fail(g, `not_times "${n}" does not occur`);

  gold.quantities.forEach((q, i) => {
    const where = `quantity ${i} "${q.text}"`;
    if (typeof q.value !== 'number' || !Number.isFinite(q.value)) fail(g, `${where}: value ${q.value}`);
    if (!units.has(q.unit)) fail(g, `${where}: unit ${q.unit}`);
    if (q.unit === 'share' && (q.value <= 0 || q.value > 1)) fail(g, `${where}: share ${q.value} outside (0, 1]`);
  });
}

// Completeness across the set, and no annotated surface outside the regions or in an ignore span.
const surfaces = new Set(docs.flatMap((d) => [...d.gold.mentions, ...d.gold.times, ...d.gold.quantities].map((m) => m.text)));
const mentionSurfaces = new Set(docs.flatMap((d) => d.gold.mentions.map((m) => m.text)));
for (const d of docs) {
  const { gold, text, g } = d;
  const covered = (span, list) => list.some((m) => m.start <= span.start && m.end >= span.end);
  for (const surface of surfaces) {
    for (const at of occurrences(text, surface)) {
      const span = { start: at, end: at + surface.length };
      const inRegion = ['title', 'body'].some((r) => span.start >= d[r].start && span.end <= d[r].end) && !d.ignore.some((x) => overlaps(x, span));
      // Mention surfaces of this document never occur in metadata or chrome, so their ranks do not
      // depend on how an ingester handles those lines (a date line may repeat a year, e.g. "2023").
      const own = gold.mentions.some((m) => m.text === surface);
      if (!inRegion) {
        if (own) fail(g, `mention surface "${surface}" @${at} occurs outside the annotated regions`);
        continue;
      }
      if (mentionSurfaces.has(surface) && !covered(span, gold.mentions)) fail(g, `"${surface}" @${at} is not annotated`);
    }
  }
}

const total = (k) => docs.reduce((n, d) => n + d.gold[k].length, 0);
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(`${errors.length} error(s)`);
  process.exit(1);
}
for (const d of docs) console.log(`${basename(d.g, '.gold.json')}: ${d.gold.mentions.length} mentions, ${d.gold.times.length} times, ${d.gold.quantities.length} quantities`);
console.log(`ok: ${docs.length} documents, ${total('mentions')} mentions, ${total('times')} times, ${total('quantities')} quantities`);
