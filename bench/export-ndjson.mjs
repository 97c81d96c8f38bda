// Streaming export at scale: builds collections of 1,000 and 10,000 varied profiles (the examples
// and the seed, retitled; `dossier ingest` from dist/), then runs `dossier export --format ndjson`
// over each in a child process, timing it and reading its peak RSS. Targets (issue 10): ≥ 50 MB/s
// at 10k, peak RSS at 10k within 1.2× of 1k (memory flat in collection size).
// Usage: node bench/export-ndjson.mjs [--sizes 1000,10000] [--rounds 3] [--keep DIR]
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argument, median, root, variedActorName } from './bench-support.mjs';

const sizes = argument('sizes', '1000,10000').split(',').map(Number);
const rounds = Number(argument('rounds', '3'));
const keep = argument('keep', '');
const bin = path.join(root, 'bin', 'dossier');

const templates = [];
for (const file of (await readdir(path.join(root, 'examples')))
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()) {
  templates.push({ ext: 'md', text: await readFile(path.join(root, 'examples', file), 'utf8') });
}
templates.push({ ext: 'txt', text: await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8') });
const retitle = (template, name) => {
  if (template.ext === 'txt') return `${name}${template.text.slice(template.text.indexOf('\n'))}`;
  const old = /^actor: (.+)$/m.exec(template.text)[1].trim();
  return template.text
    .replace(/^actor: .+$/m, `actor: ${name}`)
    .replace(/^country: .+\n/m, '')
    .replace(new RegExp(`^# ${old}$`, 'm'), `# ${name}`);
};

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOSSIER_DB: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`exit ${code}: ${stderr.slice(0, 500)}`)),
    );
  });
}

const work = keep || (await mkdtemp(path.join(os.tmpdir(), 'dossier-export-bench-')));
await mkdir(work, { recursive: true });
const results = [];
for (const size of sizes) {
  const db = path.join(work, `collection-${size}.db`);
  if (!existsSync(db)) {
    const corpus = path.join(work, `corpus-${size}`);
    await mkdir(corpus, { recursive: true });
    for (let index = 0; index < size; index++) {
      const template = templates[index % templates.length];
      await writeFile(
        path.join(corpus, `${String(index).padStart(6, '0')}.${template.ext}`),
        retitle(template, variedActorName(index)),
      );
    }
    const started = Date.now();
    await run([bin, 'ingest', corpus, '--db', db, '--quiet']);
    console.log(`${size} documents ingested in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await rm(corpus, { recursive: true, force: true });
  }
  // The export runs in a child that reports its own wall time, bytes and peak RSS.
  const probe = `
    const { Dossier, startExport } = await import(${JSON.stringify(path.join(root, 'dist', 'core', 'index.js'))});
    const dossier = await Dossier.open(${JSON.stringify(db)}, { create: false });
    const started = process.hrtime.bigint();
    const { stream } = await startExport(dossier, 'ndjson', {});
    let bytes = 0;
    for await (const chunk of stream) bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await dossier.close();
    console.log(JSON.stringify({ bytes, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const runs = [];
  for (let round = 0; round < rounds; round++)
    runs.push(JSON.parse((await run(['--input-type=module', '-e', probe])).stdout.trim().split('\n').pop()));
  const mbPerSecond = median(runs.map((r) => r.bytes / 1e6 / r.seconds));
  const rss = median(runs.map((r) => r.maxRssMb));
  const dbMb = (await stat(db)).size / 1e6;
  results.push({ size, mb: runs[0].bytes / 1e6, mbPerSecond, rss, dbMb });
  console.log(
    `${size} documents: ${(runs[0].bytes / 1e6).toFixed(1)} MB of ndjson, median ${mbPerSecond.toFixed(1)} MB/s, ` +
      `peak RSS ${rss.toFixed(0)} MB (database ${dbMb.toFixed(0)} MB)`,
  );
}
if (results.length >= 2) {
  const [small, large] = [results[0], results[results.length - 1]];
  console.log(
    `RSS ${large.size}/${small.size}: ${(large.rss / small.rss).toFixed(2)}× (target ≤ 1.2×); ${large.size}: ` +
      `${large.mbPerSecond.toFixed(1)} MB/s (target ≥ 50)`,
  );
}
if (!keep) await rm(work, { recursive: true, force: true });
