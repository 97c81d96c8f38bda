#!/usr/bin/env node
// Self-check of the sources-blind fixtures: the manifest agrees with the files.
// It does not run Dossier; it only checks that every expected string is really in its file,
// that each document is 150–600 words and that minSentences is not above a naive count.
// Usage: node test-fixtures/sources-blind/check-manifest.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const problems = [];
const say = (file, msg) => problems.push(`${file}: ${msg}`);

const docs = readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f) && f !== 'README.md');
const listed = new Set(manifest.map((m) => m.file));
for (const f of docs) if (!listed.has(f)) say(f, 'not in manifest.json');

for (const m of manifest) {
  let raw;
  try { raw = readFileSync(join(dir, m.file), 'utf8'); } catch { say(m.file, 'missing'); continue; }
  const text = raw.replace(/\r\n/g, '\n');
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  if (!['source', 'profile'].includes(m.kind)) say(m.file, `bad kind ${m.kind}`);
  if (m.published !== null && !/^\d{4}-\d{2}(-\d{2})?$/.test(m.published)) say(m.file, `bad published ${m.published}`);
  for (const k of ['title', 'author', 'publisher']) {
    if (m[k] !== null && !text.includes(m[k])) say(m.file, `${k} "${m[k]}" not in file`);
  }
  for (const s of m.notSentences) if (!text.includes(s)) say(m.file, `notSentences "${s}" not in file`);
  if (m.sentencesInclude.length < 2 || m.sentencesInclude.length > 4) say(m.file, 'want 2–4 sentencesInclude');
  for (const s of m.sentencesInclude) {
    if (!body.includes(s)) say(m.file, `sentence not in body: "${s}"`);
    if (s !== s.trim() || !/[.!?]["”’]?$/.test(s)) say(m.file, `sentence not trimmed or unterminated: "${s}"`);
    for (const n of m.notSentences) if (s.includes(n)) say(m.file, `sentence "${s}" contains notSentences "${n}"`);
  }
  const words = body.split(/\s+/).filter(Boolean).length;
  if (words < 150 || words > 600) say(m.file, `${words} words (want 150–600)`);
  const naive = (body.match(/[a-z0-9)%][.!?]["”]?(?=\s|$)/g) || []).length;
  if (m.minSentences > naive) say(m.file, `minSentences ${m.minSentences} > naive count ${naive}`);
  if (m.kind === 'profile' && !/Key Interests/.test(text)) say(m.file, 'profile without Key Interests');
  if (m.kind === 'source' && /^(#+\s*)?(Profile|Key Interests)/m.test(body)) say(m.file, 'source with a profile heading');
}

if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
console.log(`ok: ${manifest.length} fixtures`);
