// Ingest throughput: 1,000 copies of the seed with varied actor names through the whole
// pipeline (decode, parse, extract, store) into a fresh database; then search latency on it.
// Usage: node bench/ingest-throughput.mjs [--count 1000] [--db postgres://…] [--queries 200]
// Prints documents/s, MB/s, peak RSS, and search p50/p95.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { argument, percentile, root, seedCopies } from './bench-support.mjs';

const { Dossier } = await import(path.join(root, 'dist', 'core', 'index.js'));

const count = Number(argument('count', '1000'));
const queryRounds = Number(argument('queries', '50'));
let location = argument('db', '');
let cleanup = async () => {};
if (!location) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-bench-'));
  location = path.join(dir, 'bench.db');
  cleanup = () => rm(dir, { recursive: true, force: true });
} else if (location.startsWith('postgres')) {
  const schema = `dossier_bench_${process.pid}`;
  const url = new URL(location);
  url.searchParams.set('schema', schema);
  location = url.toString();
  cleanup = async () => {
    const client = new pg.Client({ connectionString: argument('db', '') });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  };
}

const documents = seedCopies(count).map((doc) => ({ ...doc, bytes: Buffer.from(doc.text, 'utf8') }));
const totalBytes = documents.reduce((sum, doc) => sum + doc.bytes.byteLength, 0);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const dossier = await Dossier.open(location);
const started = performance.now();
for (const doc of documents) {
  const outcome = await dossier.ingestBytes(doc.bytes, doc.name, 'text');
  if (outcome.status !== 'created') throw new Error(`unexpected ${outcome.status} for ${doc.name}`);
}
const seconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const queries = [
  'wheat',
  'Taliban',
  'humanitarian assistance',
  '"trade routes"',
  'security',
  'rail*',
  'Persian Gulf',
  'Strategy 2050',
  'pipeline capacity',
  'nonexistentword',
];
const latencies = [];
for (let round = 0; round < queryRounds; round++) {
  for (const q of queries) {
    const t0 = performance.now();
    await dossier.search({ q, limit: 20 });
    latencies.push(performance.now() - t0);
  }
}
latencies.sort((a, b) => a - b);
clearInterval(sampler);
const stats = await dossier.stats();
await dossier.close();
await cleanup();

const backend = location.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
console.log(`backend            ${backend}`);
console.log(
  `documents          ${count} (${(totalBytes / 1e6).toFixed(2)} MB), stored ${stats.sentences} sentences, ` +
    `${stats.mentions} mentions`,
);
console.log(
  `ingest             ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(1)} documents/s, ` +
    `${(totalBytes / 1e6 / seconds).toFixed(3)} MB/s`,
);
console.log(
  `peak RSS           ${(peakRss / 1048576).toFixed(0)} MiB (process maxRSS ` +
    `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
);
console.log(
  `search             ${latencies.length} queries: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ` +
    `${percentile(latencies, 95).toFixed(2)} ms, max ${latencies.at(-1).toFixed(2)} ms`,
);
