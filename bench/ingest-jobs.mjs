// Bulk ingest with worker threads: 2,000 varied profiles (the examples and the seed, each
// retitled with its own actor name) ingested by `dossier ingest --jobs 1` and `--jobs 2` (the
// CLI from dist/) into fresh databases in the same run; prints documents/s per run and the ratio,
// and checks that both runs stored the same thing.
// Usage: node bench/ingest-jobs.mjs [--count 2000] [--db postgres://…] [--jobs 1,2] [--rounds 1]
//        [--baseline-dist DIR] (also times a sequential ingest by another build's CLI, e.g. a
//        copy of dist/ from before the worker pool; it has no --jobs)
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { argument, median, root, variedActorName } from './bench-support.mjs';

const { Dossier } = await import(path.join(root, 'dist', 'core', 'index.js'));

const count = Number(argument('count', '2000'));
const jobsList = argument('jobs', '1,2').split(',').map(Number);
const rounds = Number(argument('rounds', '1'));
const pgUrl = argument('db', '');
const baselineDist = argument('baseline-dist', '');

// The corpus: every example and the seed, retitled round-robin with varied actor names.
const templates = [];
for (const file of (await readdir(path.join(root, 'examples')))
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()) {
  templates.push({ ext: 'md', text: await readFile(path.join(root, 'examples', file), 'utf8') });
}
templates.push({ ext: 'txt', text: await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8') });
const retitle = (template, name) => {
  if (template.ext === 'txt') return `${name}${template.text.slice(template.text.indexOf('\n'))}`;
  const match = /^actor: (.+)$/m.exec(template.text);
  const old = match[1].trim();
  return template.text
    .replace(/^actor: .+$/m, `actor: ${name}`)
    .replace(/^country: .+\n/m, '')
    .replace(new RegExp(`^# ${old}$`, 'm'), `# ${name}`);
};
const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-jobs-'));
const corpus = path.join(work, 'corpus');
await mkdir(corpus);
let totalBytes = 0;
for (let index = 0; index < count; index++) {
  const template = templates[index % templates.length];
  const text = retitle(template, variedActorName(index));
  totalBytes += Buffer.byteLength(text);
  await writeFile(path.join(corpus, `${String(index).padStart(5, '0')}.${template.ext}`), text);
}

/** A fresh database location for one run, and how to drop it. */
async function freshLocation(label) {
  if (!pgUrl) return { location: path.join(work, `${label}.db`), drop: async () => {} };
  const schema = `dossier_jobs_${process.pid}_${label}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return {
    location: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

function runCli(entry, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`ingest exited ${code}: ${stderr.slice(0, 2000)}`)),
    );
  });
}

/** Everything a run stored that must not depend on --jobs: actors with their versions and counts. */
async function storedFingerprint(location) {
  const dossier = await Dossier.open(location);
  try {
    const stats = await dossier.stats();
    const actors = (await dossier.listActors())
      .map((actor) => `${actor.id}@${actor.latestVersion}/${actor.versions}:${actor.sentenceCount}`)
      .join(',');
    return { stats, actors };
  } finally {
    await dossier.close();
  }
}

async function timedRun(label, entry, extraArgs) {
  const { location, drop } = await freshLocation(label);
  const started = performance.now();
  await runCli(entry, ['ingest', corpus, '--db', location, '--quiet', ...extraArgs]);
  const seconds = (performance.now() - started) / 1000;
  const fingerprint = await storedFingerprint(location);
  await drop();
  return { seconds, fingerprint };
}

const rows = [];
const seconds = new Map(jobsList.map((jobs) => [jobs, []]));
let reference;
try {
  if (baselineDist) {
    const result = await timedRun('baseline', path.join(path.resolve(baselineDist), 'cli', 'main.js'), []);
    rows.push({ label: `baseline (${baselineDist}, sequential)`, ...result });
  }
  for (let round = 0; round < rounds; round++) {
    // Alternate the order between rounds so that drifting machine load hits both alike.
    for (const jobs of round % 2 === 0 ? jobsList : [...jobsList].reverse()) {
      const result = await timedRun(`j${jobs}r${round}`, path.join(root, 'dist', 'cli', 'main.js'), [
        '--jobs',
        String(jobs),
      ]);
      seconds.get(jobs).push(result.seconds);
      rows.push({ label: `--jobs ${jobs} (round ${round + 1})`, ...result });
      const fingerprint = JSON.stringify(result.fingerprint);
      reference ??= fingerprint;
      if (fingerprint !== reference)
        throw new Error(
          `--jobs ${jobs} stored something else:\n${fingerprint.slice(0, 500)}\nvs\n${reference.slice(0, 500)}`,
        );
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

console.log(
  `backend     ${pgUrl ? 'PostgreSQL' : 'SQLite'}; ${count} documents (${(totalBytes / 1e6).toFixed(2)} MB); ` +
    `${os.availableParallelism()} cores`,
);
console.log(`${'run'.padEnd(40)} ${'seconds'.padStart(8)} ${'docs/s'.padStart(8)}  stored`);
for (const row of rows) {
  const { stats } = row.fingerprint;
  console.log(
    `${row.label.padEnd(40)} ${row.seconds.toFixed(2).padStart(8)} ${(count / row.seconds).toFixed(1).padStart(8)}  ` +
      `${stats.actors} actors, ${stats.versions} versions, ${stats.sentences} sentences, ${stats.mentions} mentions`,
  );
}
const [first, second] = jobsList;
if (second !== undefined) {
  const ratio = median(seconds.get(first)) / median(seconds.get(second));
  console.log(
    `ratio       --jobs ${second} / --jobs ${first} = ${ratio.toFixed(2)}x (median of ${rounds} ` +
      `round${rounds === 1 ? '' : 's'}); target >= 1.6: ${ratio >= 1.6 ? 'met' : 'NOT met'}`,
  );
  console.log('stored      identical across runs (actors, latest versions, counts)');
}
