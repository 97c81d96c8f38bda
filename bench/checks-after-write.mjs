// What /api/checks and /api/checks?actor= cost right after a login and right after a document is
// ingested, on an existing database (issue 13): the real server (buildServer) answering through
// inject in the process that ingests, so that a recomputation holding the event loop shows in the
// latencies. Steps: the whole collection's findings made current (computed if need be), a baseline
// of both routes, a login (the findings must stay current), then a new version of a profile with
// one more claim, after which both routes are requested in turn until /api/checks is no longer
// `stale`: latencies (p50/p99/max), the time until the findings are current, and the longest
// event-loop pause meanwhile. Writes to the database: measure a copy.
// Usage: node bench/checks-after-write.mjs --db /tmp/copy.db [--requests 50] [--seed 1]
//        (DOSSIER_DIST=folder measures another build, e.g. main's for a before figure)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argument, percentile, root } from './bench-support.mjs';

const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
const location = argument('db', null);
if (!location) {
  console.error('usage: node bench/checks-after-write.mjs --db <sqlite file or postgres url>');
  process.exit(2);
}
const requests = Number(argument('requests', '50'));
let seed = Number(argument('seed', '1'));
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const { Dossier, referenceChecksFor } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const { buildServer } = await import(pathToFileURL(path.join(dist, 'api', 'index.js')).href);
const dossier = await Dossier.open(location, { create: false });
const app = await buildServer(dossier, { webRoot: null });
const profiles = (await dossier.listActors()).map((actor) => actor.id);
const pick = () => profiles[Math.floor(random() * profiles.length)];

/** The longest pause of the event loop since the last call (a 1 ms timer's lateness). */
let last = performance.now();
let pause = 0;
const monitor = setInterval(() => {
  const now = performance.now();
  pause = Math.max(pause, now - last);
  last = now;
}, 1);
const takePause = () => [pause, (pause = 0)][0];

async function get(url, headers = {}) {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url, headers });
  const ms = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return { ms, stale: response.json().stale === true };
}

const summary = (label, samples) => {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const stale = samples.filter((s) => s.stale).length;
  const f = (x) => x.toFixed(1).padStart(8);
  console.log(
    `${label.padEnd(40)} n=${String(samples.length).padStart(4)} p50${f(percentile(sorted, 50))} ms` +
      `  p99${f(percentile(sorted, 99))} ms  max${f(sorted.at(-1))} ms  stale ${stale}`,
  );
};

async function both(label) {
  const list = [];
  const actor = [];
  for (let i = 0; i < requests; i++) {
    list.push(await get('/api/checks'));
    actor.push(await get(`/api/checks?actor=${encodeURIComponent(pick())}`));
  }
  summary(`${label}: /api/checks`, list);
  summary(`${label}: /api/checks?actor=`, actor);
}

let started = performance.now();
await get('/api/checks?fresh=true');
await referenceChecksFor(dossier).settledComputation();
console.log(`findings current after ${((performance.now() - started) / 1000).toFixed(1)} s`);
takePause();
await both('baseline');
console.log(`longest event-loop pause: ${takePause().toFixed(0)} ms`);

const name = `bench-${process.pid}`;
const password = 'a long enough bench password';
await dossier.accounts.addUser(name, 'editor', password);
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: name, password } });
if (login.statusCode >= 300) throw new Error(`login: ${login.statusCode} ${login.body.slice(0, 200)}`);
await both('after a login');
console.log(`longest event-loop pause: ${takePause().toFixed(0)} ms`);

const actor = pick();
const { extraction } = await dossier.getActor(actor);
const text = `${extraction.text.trimEnd()}\nKazakhstan does not border Uzbekistan, the ${process.pid} edition says.\n`;
started = performance.now();
const outcome = await dossier.ingestBytes(Buffer.from(text), `${actor}.txt`);
const ingestMs = performance.now() - started;
takePause();
started = performance.now();
const list = [];
const around = [];
for (;;) {
  const answer = await get('/api/checks');
  list.push(answer);
  around.push(await get(`/api/checks?actor=${encodeURIComponent(pick())}`));
  if (!answer.stale || performance.now() - started > 600_000) break;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const currentMs = performance.now() - started;
console.log(`ingest of ${actor} (${outcome.status}, version ${outcome.version}) took ${ingestMs.toFixed(0)} ms`);
summary('after an ingest: /api/checks', list);
summary('after an ingest: /api/checks?actor=', around);
console.log(
  `findings current ${(currentMs / 1000).toFixed(2)} s after the ingest; ` +
    `longest event-loop pause meanwhile: ${takePause().toFixed(0)} ms`,
);
await referenceChecksFor(dossier).settledComputation();
clearInterval(monitor);
await app.close();
await dossier.close();
