// Scale-out on PostgreSQL: several `dossier serve` processes and several `dossier worker`s on one
// database (a fresh schema, dropped at the end). For --seconds, documents (examples/ first, then
// the synthetic collection of bench/scale-corpus.mjs) are enqueued as ingest jobs, a few at a time;
// after each job is acknowledged (completed by a worker), every server is polled for the document
// until it shows that version; meanwhile a load loop sends mixed reads to all the servers.
// Reports errors (failed reads, failed jobs, writes never seen); per job × server, how long after
// the acknowledgement the first request that showed the write was sent (visible after: the
// acceptance figure) and answered (adds that request's own latency, which on a loaded machine is
// most of it); the answers asked after an acknowledgement that did not show it yet (stale: should
// be 0); ingest throughput and read latencies.
// Acceptance (Dossier issue 13, item 5): 0 errors, every acknowledged write visible on every server within 1 s.
//
//   --db URL          PostgreSQL database (default $DOSSIER_TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test)
//   --seconds S       how long documents are enqueued (default 60)
//   --servers N       `dossier serve` processes (default 3)
//   --workers N       `dossier worker` processes (default 2)
//   --jobs N          documents each worker ingests at once (default 1)
//   --outstanding N   jobs enqueued and not yet acknowledged, at most (default 4)
//   --readers N       concurrent read loops (default 4)
//   --json FILE       also write the figures as JSON
//   --keep            keep the schema (its name is printed)
// Needs a build first (npm run build).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { argument, percentile, root, seedCopies } from './bench-support.mjs';
import { createCorpus } from './scale-corpus.mjs';

const baseUrl = argument('db', process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const seconds = Number(argument('seconds', '60'));
const serverCount = Number(argument('servers', '3'));
const workerCount = Number(argument('workers', '2'));
const jobsPerWorker = Number(argument('jobs', '1'));
const maxOutstanding = Number(argument('outstanding', '4'));
const readerCount = Number(argument('readers', '4'));
const jsonFile = argument('json', null);
const keep = process.argv.includes('--keep');
/** How long a server may take to show an acknowledged write before it counts as never seen. */
const visibilityGiveUpMs = 10_000;
const bin = path.join(root, 'bin', 'dossier');
const { IngestQueue } = await import(pathToFileURL(path.join(root, 'dist', 'core', 'ingest-queue.js')).href);

const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const schema = `scale_out_${randomBytes(5).toString('hex')}`;
const location = (() => {
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
})();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A `dossier` child process; `ready` resolves when its stderr shows `readyPattern`. */
function startDossier(args, readyPattern) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, DOSSIER_DB: '', DOSSIER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ready = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (readyPattern.test(stderr)) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`dossier ${args[0]} exited (${code ?? signal}): ${stderr.slice(-1000)}`)),
    );
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, ready, exited, stderr: () => stderr };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
/** GET on a server: { status, ms, body } (body parsed as JSON when it is), or { error }. */
function get(port, pathname) {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent, timeout: 30_000 }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
        resolve({ status: response.statusCode, ms: performance.now() - started, body });
      });
      response.on('error', (error) => resolve({ error: error.message, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve({ error: error.message, ms: performance.now() - started }));
  });
}

/** The documents to enqueue: the examples, then the synthetic collection (endless). */
function documentSource() {
  const examples = path.join(root, 'examples');
  const files = readdirSync(examples)
    .filter((name) => /\.(md|txt|html)$/.test(name) && name !== 'README.md')
    .map((name) => ({ name: `examples/${name}`, bytes: readFileSync(path.join(examples, name)) }));
  const corpus = createCorpus({ seed: 7 });
  let index = 0;
  return () => {
    const next = index++;
    if (next < files.length) return files[next];
    const document = corpus.documentAt(next - files.length);
    return { name: `scale-out/${document.name}`, bytes: Buffer.from(document.text, 'utf8') };
  };
}

const errors = [];
let staleAnswers = 0;
const noteError = (what) => {
  if (errors.length < 50) log(`error: ${what}`);
  errors.push(what);
};

/** Polls every server for the acknowledged document until it shows `version`; the latency per server. */
async function awaitVisible(ports, outcome, ackedAt) {
  const pathname = `/api/actors/${encodeURIComponent(outcome.actorId)}`;
  return Promise.all(
    ports.map(async (port) => {
      for (;;) {
        const sentAt = performance.now();
        const answer = await get(port, pathname);
        const shown = answer.body?.version?.version ?? 0;
        if (answer.status === 200 && shown >= outcome.version)
          return { seenMs: sentAt - ackedAt, answeredMs: performance.now() - ackedAt };
        // Asked after the acknowledgement, yet an older answer: a server that missed the write.
        staleAnswers++;
        if (answer.error || (answer.status !== 200 && answer.status !== 404))
          noteError(`server :${port} ${pathname}: ${answer.error ?? answer.status}`);
        if (performance.now() - ackedAt > visibilityGiveUpMs) {
          noteError(`server :${port} never showed ${outcome.actorId} v${outcome.version}`);
          return { seenMs: Infinity, answeredMs: Infinity };
        }
        await sleep(10);
      }
    }),
  );
}

/** Enqueues for `seconds`, at most `maxOutstanding` unacknowledged; waits for each job and its visibility. */
async function writeLoop(queue, ports, deadline) {
  const next = documentSource();
  const visibility = [];
  let acknowledged = 0;
  const lane = async () => {
    while (performance.now() < deadline) {
      const document = next();
      const id = await queue.enqueueBytes(document.bytes, document.name);
      for (;;) {
        const job = await queue.job(id);
        if (job?.state === 'completed') {
          const ackedAt = performance.now();
          acknowledged++;
          visibility.push(...(await awaitVisible(ports, job.output, ackedAt)));
          break;
        }
        if (job?.state === 'failed' || !job) {
          noteError(`job ${document.name}: ${job ? JSON.stringify(job.output).slice(0, 300) : 'vanished'}`);
          break;
        }
        if (performance.now() > deadline + 120_000) {
          noteError(`job ${document.name} still ${job.state} two minutes after the end`);
          break;
        }
        await sleep(20);
      }
    }
  };
  await Promise.all(Array.from({ length: maxOutstanding }, lane));
  return { visibility, acknowledged };
}

/** Mixed reads on random servers until `deadline`; latencies by route. */
async function readLoop(ports, deadline) {
  const routes = [
    '/api/actors',
    '/api/actors/kazakhstan',
    '/api/actors/iran',
    '/api/sources',
    '/api/search?q=water',
    '/api/search?q=railway',
    '/api/events',
    '/healthz',
  ];
  const latencies = [];
  const reader = async () => {
    while (performance.now() < deadline) {
      const port = ports[Math.floor(Math.random() * ports.length)];
      const route = routes[Math.floor(Math.random() * routes.length)];
      const answer = await get(port, route);
      latencies.push(answer.ms);
      // A profile not ingested yet is a 404; anything else that is not 200 is an error.
      const expected = answer.status === 200 || (answer.status === 404 && route.startsWith('/api/actors/'));
      if (answer.error || !expected) noteError(`read :${port} ${route}: ${answer.error ?? answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: readerCount }, reader));
  return latencies;
}

async function main() {
  log(`scale-out: ${serverCount} servers, ${workerCount} workers (--jobs ${jobsPerWorker}), schema ${schema}`);
  const servers = [];
  const workers = [];
  let queue;
  try {
    // The first server creates the schema; the others open it.
    for (let index = 0; index < serverCount; index++) {
      const port = await freePort();
      const server = startDossier(['serve', '--db', location, '--port', String(port)], /is serving/);
      servers.push({ ...server, port });
      if (index === 0) await server.ready;
    }
    await Promise.all(servers.map((server) => server.ready));
    queue = await IngestQueue.open(location);
    for (let index = 0; index < workerCount; index++) {
      workers.push(startDossier(['worker', '--db', location, '--jobs', String(jobsPerWorker)], /worker taking jobs/));
    }
    await Promise.all(workers.map((worker) => worker.ready));
    const ports = servers.map((server) => server.port);
    // Warm-up, not counted: one document per worker thread (threads started, models loaded).
    const warmUp = [];
    for (const copy of seedCopies(workerCount * jobsPerWorker))
      warmUp.push(await queue.enqueueBytes(Buffer.from(copy.text), `warm-up/${copy.name}`));
    for (const id of warmUp) {
      let job;
      while (!['completed', 'failed'].includes((job = await queue.job(id))?.state)) await sleep(100);
      if (job.state === 'failed') throw new Error(`warm-up job failed: ${JSON.stringify(job.output)}`);
    }
    log(`servers on ${ports.join(', ')}; enqueueing for ${seconds} s`);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const [writes, reads] = await Promise.all([writeLoop(queue, ports, deadline), readLoop(ports, deadline)]);
    const elapsed = (performance.now() - started) / 1000;
    for (const process of [...servers, ...workers])
      if (process.child.exitCode !== null) noteError(`a dossier process died: ${process.stderr().slice(-500)}`);
    report(writes, reads, elapsed);
  } finally {
    await queue?.close().catch(() => undefined);
    for (const process of [...workers, ...servers]) process.child.kill('SIGTERM');
    await Promise.all([...workers, ...servers].map((process) => process.exited));
    agent.destroy();
    if (!keep) await dropSchemas();
    else log(`kept schema ${schema} (and ${schema}_queue)`);
  }
}

/** p50, p99 and max of a list of milliseconds (Infinity: never). */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value) => (Number.isFinite(value) ? Number(value.toFixed(1)) : value);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

function report(writes, reads, elapsed) {
  const figures = {
    servers: serverCount,
    workers: workerCount,
    jobsPerWorker,
    seconds: Number(elapsed.toFixed(1)),
    errors: errors.length,
    acknowledged: writes.acknowledged,
    documentsPerSecond: Number((writes.acknowledged / elapsed).toFixed(2)),
    // From the acknowledgement to the sending of the first request that showed the write.
    visibleAfterMs: spread(writes.visibility.map((seen) => seen.seenMs)),
    // From the acknowledgement to that request's answer (adds the request's own latency).
    answeredAfterMs: spread(writes.visibility.map((seen) => seen.answeredMs)),
    staleAnswersAfterAck: staleAnswers,
    reads: reads.length,
    readMs: spread(reads),
  };
  figures.pass = figures.errors === 0 && figures.acknowledged > 0 && figures.visibleAfterMs.max <= 1000;
  const show = ({ p50, p99, max }) => `p50 ${p50} ms, p99 ${p99} ms, max ${max} ms`;
  log(`${figures.acknowledged} documents acknowledged in ${figures.seconds} s (${figures.documentsPerSecond}/s)`);
  log(`each write visible on all ${serverCount} servers after its acknowledgement: ${show(figures.visibleAfterMs)}`);
  log(`answered (request latency included): ${show(figures.answeredAfterMs)}`);
  log(`answers asked after an acknowledgement that did not show it yet: ${staleAnswers}`);
  log(`${figures.reads} reads: ${show(figures.readMs)}; errors: ${figures.errors}`);
  log(figures.pass ? 'PASS: 0 errors, every acknowledged write visible everywhere within 1 s' : 'FAIL');
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
  process.exitCode = figures.pass ? 0 : 1;
}

async function dropSchemas() {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

await main();
