// API throughput: autocannon on loopback (50 connections, 10 s each, one after the other in the
// same run) against GET /api/actors/kazakhstan of the real server over a SQLite database holding
// the seed and examples/, and against a bare Fastify route returning a 5 KB JSON document.
// Prints req/s and p99 latency for each and the ratio (target: actor route ≥ 25% of the bare
// route's req/s, p99 < 20 ms).
// Usage: npm run build && node bench/api-throughput.mjs [--duration 10] [--connections 50]
// (DOSSIER_DIST=folder to use another build of src than dist/.)
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { argument, root } from './bench-support.mjs';

const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
if (!existsSync(path.join(dist, 'api', 'index.js'))) {
  console.error(`No build in ${dist}: run \`npm run build\` first.`);
  process.exit(1);
}
const { Dossier } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
const { buildServer } = await import(pathToFileURL(path.join(dist, 'api', 'index.js')).href);

const duration = Number(argument('duration', '10'));
const connections = Number(argument('connections', '50'));

const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-api-bench-'));
const dossier = await Dossier.open(path.join(dir, 'bench.db'));
const examples = readdirSync(path.join(root, 'examples'))
  .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
  .map((file) => path.join(root, 'examples', file));
await dossier.ingestFiles([path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), ...examples]);
const app = await buildServer(dossier, { webRoot: null });
const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });

// The baseline: the same framework doing no work but serialising a 5 KB object.
const payload = { items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `item ${i}`, text: 'x'.repeat(60) })) };
const bare = Fastify({ logger: false });
bare.get('/bare', async () => payload);
// For the report only: the actor document served pre-serialised, the ceiling a response cache reaches.
const actorJson = await (await fetch(`${appUrl}/api/actors/kazakhstan`)).text();
bare.get('/cached-actor', async (_request, reply) => reply.type('application/json; charset=utf-8').send(actorJson));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const actorBytes = Buffer.byteLength(actorJson);
const bareBytes = (await (await fetch(`${bareUrl}/bare`)).arrayBuffer()).byteLength;

async function measure(title, url) {
  // A short warm-up so both routes are measured hot.
  await autocannon({ url, connections: 10, duration: 1 });
  const result = await autocannon({ url, connections, duration });
  const errors = result.errors + result.non2xx;
  console.log(
    `${title.padEnd(24)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ` +
      `${String(result.latency.p50).padStart(3)} ms   p99 ${String(result.latency.p99).padStart(3)} ms   errors ` +
      `${errors}`,
  );
  return result;
}

console.log(`autocannon: ${connections} connections, ${duration} s per route, loopback`);
console.log(
  `payloads: /api/actors/kazakhstan ${(actorBytes / 1024).toFixed(1)} KB, bare ${(bareBytes / 1024).toFixed(1)} KB`,
);
const actor = await measure('/api/actors/kazakhstan', `${appUrl}/api/actors/kazakhstan`);
const baseline = await measure('bare Fastify 5 KB', `${bareUrl}/bare`);
const ratio = actor.requests.average / baseline.requests.average;
const ok = ratio >= 0.25 && actor.latency.p99 < 20;
console.log(
  `ratio actor/bare: ${(ratio * 100).toFixed(1)}% (target ≥ 25%), actor p99 ${actor.latency.p99} ms (target < 20 ` +
    `ms): ${ok ? 'OK' : 'BELOW TARGET'}`,
);
if (argument('with-ceiling', 'yes') !== 'no') {
  const cached = await measure('actor JSON pre-serialised', `${bareUrl}/cached-actor`);
  console.log(
    '(ceiling with a serialised-response cache: ' +
      `${((cached.requests.average / baseline.requests.average) * 100).toFixed(1)}% of bare)`,
  );
}

await app.close();
await bare.close();
await dossier.close();
await rm(dir, { recursive: true, force: true });
