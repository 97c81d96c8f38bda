// Answers before and after a storage change (issue 13, compact storage): opens a knowledge base with a build
// (DOSSIER_DIST=folder, default dist/; a newer build migrates it), serves it in-process and writes the bodies of a
// fixed set of reads to a JSON file: for 60 actors (every n-th id) /api/actors/:id, its history (documents), its
// facts and its review queue; the review queue's first pages; 30 entities' pages; 20 searches. Two runs over copies
// of one database, with the build before and after, must write the same file (compare them with `cmp` or `diff`).
// Usage: node bench/compact-answers.mjs <db> <out.json>
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './bench-support.mjs';

const [location, out] = process.argv.slice(2);
if (!location || !out) throw new Error('usage: node bench/compact-answers.mjs <db> <out.json>');
const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
const { Dossier } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const { buildServer } = await import(pathToFileURL(path.join(dist, 'api', 'index.js')).href);

const dossier = await Dossier.open(location, { create: false });
const editor = 'compact-answers-editor';
await dossier.accounts.addUser(editor, 'editor', 'compact answers password').catch(() => undefined);
const { token } = await dossier.accounts.createToken(editor, 'compact answers');
const app = await buildServer(dossier, { webRoot: null });
const headers = { authorization: `Bearer ${token}` };

const get = async (url) => {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() };
};
const every = (list, n) =>
  list.filter((_, index) => index % Math.max(1, Math.floor(list.length / n)) === 0).slice(0, n);

const actorIds = [];
for (let next = '/api/actors?limit=500'; next;) {
  const { body } = await get(next);
  actorIds.push(...body.actors.map((actor) => actor.id));
  next = body.next ? `/api/actors?limit=500&cursor=${encodeURIComponent(body.next)}` : null;
}
const answers = {};
const record = async (url) => {
  answers[url] = await get(url);
};
for (const id of every(actorIds.sort(), 60)) {
  const actor = encodeURIComponent(id);
  for (const url of [`/api/actors/${actor}`, `/api/actors/${actor}/history`, `/api/actors/${actor}/facts`])
    await record(url);
  await record(`/api/review?actor=${actor}`);
}
await record('/api/review');
await record('/api/review?offset=50');
await record('/api/review?kind=mention');
const { body: entities } = await get('/api/entities?limit=500');
for (const entity of every(entities.entities ?? [], 30)) await record(`/api/entities/${encodeURIComponent(entity.id)}`);
const queries = [
  'government',
  'border',
  'oil',
  'water',
  'sanctions',
  'minister',
  'election',
  'pipeline',
  'tal*',
  'pres*',
  '"foreign minister"',
  '"central asia"',
  'Kazakhstan',
  'Taliban',
  'railway',
  'treaty',
  'gas',
  'army',
  'visit',
  'Moscow',
];
for (const query of queries) await record(`/api/search?q=${encodeURIComponent(query)}`);
// What differs between two runs whatever the storage: the editor's token and request ids.
const text = JSON.stringify(answers, null, 1).replace(/"requestId":"[^"]*"/g, '');
writeFileSync(out, text);
console.log(`${Object.keys(answers).length} answers, ${text.length} bytes → ${out}`);
await app.close();
await dossier.close();
