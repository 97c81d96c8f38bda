// The shared half of the held-out gold builders (build-held-out-gold*.mjs): helpers that turn
// hand-made annotation tables into surface forms, and the writer that locates every
// word-bounded occurrence (longest form first, no nesting) and writes `<slug>.gold.json` with
// UTF-16 offsets.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const country = (iso, ...forms) => forms.map((text) => [text, 'country', iso, iso]);
export const place = (entity, iso, ...forms) => forms.map((text) => [text, 'place', entity, iso]);
export const org = (entity, iso, ...forms) => forms.map((text) => [text, 'organization', entity, iso]);
export const person = (entity, iso, ...forms) => forms.map((text) => [text, 'person', entity, iso]);
export const project = (entity, iso, ...forms) => forms.map((text) => [text, 'project', entity, iso]);
export const doc = (entity, iso, ...forms) => forms.map((text) => [text, 'document', entity, iso]);

const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Every word-bounded occurrence of each form, longest first, keeping only non-overlapping ones. */
function locate(text, forms) {
  const candidates = [];
  for (const form of forms) {
    for (let at = text.indexOf(form.text); at !== -1; at = text.indexOf(form.text, at + 1)) {
      const end = at + form.text.length;
      if (isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
      candidates.push({ ...form, start: at, end });
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function writeGoldFiles(here, profiles, common, { requireEveryForm = false } = {}) {
  for (const [slug, p] of Object.entries(profiles)) {
    const text = readFileSync(join(here, `${slug}.txt`), 'utf8');
    const lexicon = [...p.lexicon, ...common].map(([t, type, entity, iso]) => ({ text: t, type, entity, country: iso }));
    const mentions = locate(text, lexicon).map(({ start, end, text: t, type, country: c, entity }) => ({ start, end, text: t, type, country: c, entity }));
    const times = locate(text, p.times.map(([t, value]) => ({ text: t, value }))).map(({ start, end, text: t, value }) => ({ start, end, text: t, value }));
    if (requireEveryForm) {
      for (const [t] of p.times) {
        if (!times.some((x) => x.text === t)) throw new Error(`${slug}: time "${t}" not found`);
      }
    }
    const quantities = locate(text, p.quantities.map(([t, value, unit]) => ({ text: t, value, unit })));
    for (const [t] of p.quantities) {
      const n = quantities.filter((q) => q.text === t).length;
      if (n !== 1) throw new Error(`${slug}: quantity "${t}" found ${n} times`);
    }
    if (requireEveryForm) {
      for (const [t, , entity] of p.lexicon) {
        if (!mentions.some((m) => m.text === t)) throw new Error(`${slug}: form "${t}" (${entity}) not found`);
      }
    }
    const lines = text.split('\n');
    const interests = lines
      .map((line) => /^(\d+)\. (.+)$/.exec(line))
      .filter((m) => m !== null)
      .map((m, i) => ({ rank: Number(m[1]), title: m[2], theme: p.themes[i] }));
    if (interests.length !== p.themes.length) throw new Error(`${slug}: ${interests.length} interests, ${p.themes.length} themes`);
    const gold = {
      document: `${slug}.txt`,
      actor: p.actor,
      interests,
      mentions,
      times,
      not_times: p.notTimes,
      quantities: quantities.map(({ start, end, text: t, value, unit }) => ({ start, end, text: t, value, unit })),
    };
    writeFileSync(join(here, `${slug}.gold.json`), `${JSON.stringify(gold, null, 1)}\n`);
    const entities = new Set(mentions.map((m) => m.entity)).size;
    console.log(`${slug}: ${text.length} chars, ${mentions.length} mentions (${entities} entities), ${times.length} times, ${quantities.length} quantities, ${interests.length} interests`);
  }
}
