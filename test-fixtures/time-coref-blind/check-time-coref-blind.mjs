// Validates the fixtures of test-fixtures/time-coref-blind (not Dossier): every gold file against
// its document. Exits non-zero on any mismatch.
//   node test-fixtures/time-coref-blind/check-time-coref-blind.mjs
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PREDICATES = new Set(['borders', 'supplies', 'interested_in', 'participates_in', 'leads', 'member_of',
  'provides_aid_to', 'hosts', 'recognizes', 'opposes']);
// ISO 3166-1 alpha-3 codes this set may use.
const COUNTRIES = new Set(['AFG', 'PAK', 'IRN', 'RUS', 'IND', 'QAT', 'TKM', 'UZB', 'TJK', 'KGZ', 'KAZ', 'CHN',
  'SAU', 'ARE', 'USA', 'TUR', 'GBR']);
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const WORD = /[\p{L}\p{N}]/u;
const DATE = /^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)$/;
const EXPECTED = ['article-india-chabahar', 'brief-qatar-doha', 'interview-tapi-casa', 'profile-iran',
  'profile-pakistan', 'profile-russia'];

let passed = 0;
let failed = 0;
const fail = (where, msg) => { failed++; console.error(`FAIL ${where}: ${msg}`); };
const ok = (cond, where, msg) => { if (cond) passed++; else fail(where, msg); return cond; };

// EDTF value, interval or open interval → [earliest year, latest year] of each end, or null if malformed.
const yearRange = (d) => {
  if (d === '..') return null;
  if (/^\d{2}XX$/.test(d)) return [+d.slice(0, 2) * 100, +d.slice(0, 2) * 100 + 99];
  if (/^\d{3}X$/.test(d)) return [+d.slice(0, 3) * 10, +d.slice(0, 3) * 10 + 9];
  return [+d.slice(0, 4), +d.slice(0, 4)];
};
const edtf = (v) => {
  if (typeof v !== 'string') return false;
  const parts = v.split('/');
  if (parts.length === 1) return DATE.test(v);
  if (parts.length !== 2) return false;
  const [a, b] = parts;
  if (a === '..' && b === '..') return false;
  if (!(a === '..' || DATE.test(a)) || !(b === '..' || DATE.test(b))) return false;
  if (a !== '..' && b !== '..') {
    if (yearRange(a)[0] > yearRange(b)[1]) return false;
    if (DATE.test(a) && DATE.test(b) && !/X/.test(a + b) && a.length === b.length && a > b) return false;
  }
  return true;
};
// How a year of `valid` should surface in the evidence: 1990s for 199X, the year itself otherwise.
const yearSurfaces = (v) => v.split('/').filter((p) => p !== '..').map((p) =>
  /^\d{3}X$/.test(p) ? `${p.slice(0, 3)}0s` : /^\d{2}XX$/.test(p) ? `${p.slice(0, 2)}00s` : p.slice(0, 4));

const bounded = (s, a, b) => !(a > 0 && WORD.test(s[a - 1])) && !(b < s.length && WORD.test(s[b]));
const checkSpan = (s, sp, where, { word = true } = {}) => {
  if (!ok(sp && Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start >= 0 && sp.end > sp.start
    && sp.end <= s.length, where, `bad offsets ${JSON.stringify(sp)}`)) return false;
  if (!ok(s.slice(sp.start, sp.end) === sp.text, where,
    `text.slice(${sp.start}, ${sp.end}) is ${JSON.stringify(s.slice(sp.start, sp.end))}, gold says ${JSON.stringify(sp.text)}`)) return false;
  if (word) ok(bounded(s, sp.start, sp.end), where, `span cuts a word: ${JSON.stringify(sp.text)}`);
  return true;
};
const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const sameSpan = (a, b) => a.start === b.start && a.end === b.end;

const files = readdirSync(here).filter((f) => f.endsWith('.gold.json')).sort();
ok(JSON.stringify(files.map((f) => f.replace(/\.gold\.json$/, ''))) === JSON.stringify(EXPECTED), 'folder',
  `expected gold files for ${EXPECTED.join(', ')}, found ${files.join(', ')}`);
let withContradictions = 0;

for (const f of files) {
  const g = JSON.parse(readFileSync(join(here, f), 'utf8'));
  const W = (what) => `${f} ${what}`;
  if (!ok(g.document === f.replace(/\.gold\.json$/, '.txt') && existsSync(join(here, g.document)), W('document'),
    `document ${g.document} does not match the gold file or is missing`)) continue;
  const raw = readFileSync(join(here, g.document));
  const s = raw.toString('utf8');
  ok(Buffer.from(s, 'utf8').equals(raw), W('encoding'), 'not valid UTF-8');
  ok(s.charCodeAt(0) !== 0xfeff, W('encoding'), 'starts with a BOM');
  ok(!s.includes('\r'), W('encoding'), 'has CR line ends');
  const words = s.split(/\s+/).filter((w) => WORD.test(w)).length;
  ok(words >= 350 && words <= 700, W('words'), `${words} words, expected 350–700`);

  // Layout and metadata.
  const lines = s.split('\n');
  ok(g.kind === 'profile' || g.kind === 'source', W('kind'), `kind ${g.kind}`);
  if (g.kind === 'profile') {
    ok(g.published === null, W('published'), 'a profile has published null');
    ok(lines[0].trim() !== '' && lines[1] === '' && lines[2] === 'Profile', W('layout'),
      'profile must start with a title line, a blank line and "Profile"');
    const k = lines.indexOf('Key Interests & Priorities');
    ok(k > 3, W('layout'), 'no "Key Interests & Priorities" heading after the Profile paragraphs');
    const ranks = lines.slice(k + 1).filter((l) => /^\d+\. \S/.test(l)).map((l) => parseInt(l, 10));
    ok(ranks.length >= 2 && ranks.every((r, i) => r === i + 1), W('layout'), `ranked interests ${ranks}`);
  } else {
    ok(typeof g.published === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(g.published), W('published'), `published ${g.published}`);
    ok(lines.slice(0, 6).includes(`Published: ${g.published}`), W('published'), 'no matching "Published:" line in the header');
  }

  // Entity ids and names.
  const names = g.entity_names ?? {};
  const usedIds = new Set();
  const checkId = (id, where) => {
    if (typeof id === 'string' && /^[A-Z]{3}$/.test(id)) return ok(COUNTRIES.has(id), where, `unknown ISO alpha-3 ${id}`);
    usedIds.add(id);
    return ok(typeof id === 'string' && SLUG.test(id) && Array.isArray(names[id]), where,
      `id ${JSON.stringify(id)} is neither an ISO alpha-3 code nor a slug listed in entity_names`);
  };
  for (const [id, list] of Object.entries(names)) {
    ok(SLUG.test(id) && Array.isArray(list) && list.length > 0 && list.every((n) => typeof n === 'string' && n.trim()),
      W('entity_names'), `bad entry ${id}`);
  }

  // Relations.
  const rels = g.relations ?? [];
  ok(rels.length >= 8 && rels.length <= 20, W('relations'), `${rels.length} relations, expected 8–20`);
  ok(rels.some((r) => r.current === false) && rels.some((r) => r.current === true), W('relations'),
    'needs both past (current:false) and current relations');
  rels.forEach((r, i) => {
    const w = W(`relations[${i}]`);
    checkId(r.subject, w); checkId(r.object, w);
    ok(r.subject !== r.object, w, 'subject equals object');
    ok(PREDICATES.has(r.predicate), w, `predicate ${r.predicate}`);
    ok(typeof r.negated === 'boolean' && typeof r.current === 'boolean', w, 'negated and current must be booleans');
    ok(r.optional === undefined || r.optional === true, w, 'optional is true or absent');
    if (checkSpan(s, r.evidence, w, { word: false })) ok(!r.evidence.text.includes('\n'), w, 'evidence spans paragraphs');
    if (r.valid !== null) {
      if (ok(edtf(r.valid), w, `valid ${JSON.stringify(r.valid)} is not an EDTF value or interval`)) {
        const missing = yearSurfaces(r.valid).filter((y) => !r.evidence.text.includes(y));
        ok(missing.length === 0, w, `valid ${r.valid}: ${missing.join(', ')} not written in the evidence`);
        if (r.current) ok(r.valid.endsWith('/..') || !r.valid.includes('/'), w, `current relation with closed interval ${r.valid}`);
        else ok(!r.valid.endsWith('/..'), w, `past relation with open end ${r.valid}`);
        if (g.published) ok(yearRange(r.valid.split('/')[0] === '..' ? r.valid.split('/')[1] : r.valid.split('/')[0])[0]
          <= +g.published.slice(0, 4), w, `valid ${r.valid} starts after publication`);
      }
    }
  });

  // Contradictions.
  const cons = g.contradictions ?? [];
  if (cons.length) withContradictions++;
  cons.forEach((c, i) => {
    const w = W(`contradictions[${i}]`);
    checkSpan(s, c.positive, w, { word: false }); checkSpan(s, c.negated, w, { word: false });
    const match = (neg, sp) => rels.find((r) => r.subject === c.subject && r.predicate === c.predicate
      && r.object === c.object && r.negated === neg && sameSpan(r.evidence, sp));
    const p = match(false, c.positive); const n = match(true, c.negated);
    ok(p && n, w, 'positive and negated must each be the evidence of a relation with the same triple');
    if (p && n) ok(p.current && n.current, w, 'both sides must hold for overlapping (current) times');
  });

  // Coreference, traps and common nouns.
  const corefs = g.coreference ?? [];
  const traps = g.no_coreference ?? [];
  const nevers = g.never_entities ?? [];
  ok(corefs.length >= 3 && corefs.length <= 8, W('coreference'), `${corefs.length} items, expected 3–8`);
  ok(traps.length >= 2 && traps.length <= 4, W('no_coreference'), `${traps.length} items, expected 2–4`);
  ok(nevers.length >= 3 && nevers.length <= 6, W('never_entities'), `${nevers.length} items, expected 3–6`);
  corefs.forEach((c, i) => {
    const w = W(`coreference[${i}]`);
    checkSpan(s, c, w);
    if (checkId(c.entity, w)) ok(!/^[A-Z]{3}$/.test(c.entity), w, 'coreference to a country is out of scope');
    if (checkSpan(s, c.antecedent, w)) {
      ok(c.antecedent.end <= c.start, w, 'antecedent must precede the mention');
      ok(!s.slice(c.antecedent.start, c.end).includes('\n'), w, 'antecedent must be in the same paragraph');
      const list = (names[c.entity] ?? []).map((n) => n.toLowerCase());
      ok(list.includes(c.antecedent.text.toLowerCase()), w, `antecedent ${JSON.stringify(c.antecedent.text)} is not a listed name of ${c.entity}`);
    }
  });
  traps.forEach((t, i) => {
    const w = W(`no_coreference[${i}]`);
    checkSpan(s, t, w);
    ok(typeof t.why === 'string' && t.why.length > 10, w, 'needs a why');
    ok(!corefs.some((c) => overlaps(c, t)), w, 'overlaps a coreference item');
  });
  nevers.forEach((t, i) => {
    const w = W(`never_entities[${i}]`);
    checkSpan(s, t, w);
    ok(!corefs.some((c) => overlaps(c, t)) && !traps.some((c) => overlaps(c, t)), w, 'overlaps a coreference item');
  });
  for (const id of Object.keys(names)) ok(usedIds.has(id), W('entity_names'), `${id} is listed but never used`);
}
ok(withContradictions >= 2, 'folder', `contradictions in ${withContradictions} documents, expected at least 2`);

console.log(`check-time-coref-blind: ${files.length} gold files`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
