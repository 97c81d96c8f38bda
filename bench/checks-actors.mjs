// What /api/checks?actor= costs for every profile of an existing database (issue 13): the real server (buildServer)
// answering through inject, one actor after another in the actor list's order. Prints the median, p90, p99 and max
// latency, the slowest actors (with their findings and related sentences), and, with --dump, writes each actor's
// answer as one JSON line (actor order) so that two builds' findings can be compared byte for byte.
// Opening a database with a newer build migrates it: measure a copy.
// Usage: node bench/checks-actors.mjs --db /tmp/copy.db [--dump answers.ndjson] [--limit N] [--passes 1]
//        (DOSSIER_DIST=folder measures another build, e.g. main's for a before figure)
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argument, percentile, root } from './bench-support.mjs';

const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
const location = argument('db', null);
if (!location) {
  console.error('usage: node bench/checks-actors.mjs --db <sqlite file or postgres url> [--dump file]');
  process.exit(2);
}
const dumpTo = argument('dump', null);
const limit = Number(argument('limit', '0'));
const passes = Number(argument('passes', '1'));

const { Dossier } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const { buildServer } = await import(pathToFileURL(path.join(dist, 'api', 'index.js')).href);
const dossier = await Dossier.open(location, { create: false });
const app = await buildServer(dossier, { webRoot: null });
let profiles = (await dossier.listActors()).map((actor) => actor.id);
if (limit > 0) profiles = profiles.slice(0, limit);
const dump = dumpTo ? createWriteStream(dumpTo) : null;

const times = new Map(profiles.map((id) => [id, []]));
const shapes = new Map();
for (let pass = 0; pass < passes; pass++) {
  for (const id of profiles) {
    const url = `/api/checks?actor=${encodeURIComponent(id)}`;
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url });
    const ms = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    times.get(id).push(ms);
    if (pass === 0) {
      const body = response.json();
      const related = body.findings.reduce((sum, finding) => sum + finding.related.length, 0);
      shapes.set(id, { findings: body.findings.length, related, bytes: response.body.length });
      if (dump) dump.write(`${JSON.stringify({ actor: id, report: body })}\n`);
    }
  }
}
if (dump) await new Promise((resolve) => dump.end(resolve));

// Per actor: the median of its passes.
const perActor = profiles.map((id) => {
  const list = times.get(id).sort((a, b) => a - b);
  return { id, ms: list[Math.floor(list.length / 2)] };
});
const sorted = perActor.map((a) => a.ms).sort((a, b) => a - b);
const f = (x) => x.toFixed(1);
console.log(
  `${profiles.length} actors × ${passes} pass(es): median ${f(percentile(sorted, 50))} ms, p90 ` +
    `${f(percentile(sorted, 90))} ms, p99 ${f(percentile(sorted, 99))} ms, max ${f(sorted.at(-1))} ms, ` +
    `total ${f(sorted.reduce((a, b) => a + b, 0) / 1000)} s`,
);
console.log('slowest:');
for (const { id, ms } of perActor.sort((a, b) => b.ms - a.ms).slice(0, 15)) {
  const shape = shapes.get(id);
  console.log(
    `  ${f(ms).padStart(8)} ms  ${id}  findings ${shape.findings}, related ${shape.related}, ${shape.bytes} bytes`,
  );
}
await app.close();
await dossier.close();
