// /healthz and /api/actors latency while hostile pastes run: starts the server (buildServer from
// dist/api, in a child process, on a temporary SQLite database, with an editor bearer token),
// keeps 4 pastes in flight continuously (pathological "A. " documents, and large valid profiles
// stored as new versions of eight actors: every one moves the store revision and so retires the
// cached actor list) and probes /healthz and /api/actors one request at a time.
// Usage: node bench/healthz-under-load.mjs [--seconds 20] [--lanes 4] [--dist DIR] [--nice N (workers' nice increment)]
// (--dist measures another build, e.g. a copy of dist/ taken before a change.)
// Prints p50/p99/max per route, idle and under load, and the loaded/idle p99 ratio.
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { argument, percentile, root, variedActorName } from './bench-support.mjs';

const distDir = path.resolve(argument('dist', path.join(root, 'dist')));

if (process.argv.includes('--serve')) {
  // The server process: a fresh database, the seed, an editor with a token.
  const { Dossier } = await import(path.join(distDir, 'core', 'index.js'));
  const { buildServer } = await import(path.join(distDir, 'api', 'index.js'));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-healthz-'));
  const nice = argument('nice', '');
  const dossier = await Dossier.open(
    path.join(dir, 'bench.db'),
    nice === '' ? {} : { ingest: { niceIncrement: Number(nice) } },
  );
  await dossier.ingestBytes(
    await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')),
    'seed-kazakhstan.txt',
  );
  await dossier.accounts.addUser('bench-editor', 'editor', 'bench-password-1');
  const { token } = await dossier.accounts.createToken('bench-editor', 'bench');
  const app = await buildServer(dossier, { logger: false, webRoot: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send({ port: app.server.address().port, token });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await app.close();
    await dossier.close();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const seconds = Number(argument('seconds', '20'));
  const lanes = Number(argument('lanes', '4'));
  const idleSeconds = 3;
  const probeTimeoutMs = 120_000;

  const nice = argument('nice', '');
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--serve', '--dist', distDir, ...(nice === '' ? [] : ['--nice', nice])],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const { port, token } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });

  const seed = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
  const seedBody = seed.slice(seed.indexOf('\n'));
  const seedProfileSection = seedBody.slice(seedBody.indexOf('Profile'));
  let pasteNumber = 0;
  /** The next hostile document: two pathological "A. " pastes for every large valid profile. */
  const nextDocument = () => {
    const n = pasteNumber++;
    if (n % 3 === 2) {
      // A large valid profile (~40 KB): the seed's narrative ten times, as a new version of one of
      // eight actors (the collection keeps its size: how the actor list scales with it is the
      // collection-size benchmark's business, not this one's).
      const name = variedActorName(10_000 + (n % 8));
      return {
        name: `${name}.txt`,
        content: `${name}${seedBody}${`\n\n${seedProfileSection}`.repeat(9)}\nPaste ${n}.\n`,
        format: 'text',
      };
    }
    // The issue's 60 KB document: an actor title, a Profile heading and "A. " 20,000 times.
    return { name: `pa60-${n}.txt`, content: `Kazakhstan\n\nProfile\n\n${'A. '.repeat(20_000)}${n}`, format: 'text' };
  };

  const pasteAgent = new http.Agent({ keepAlive: true, maxSockets: lanes });
  const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (agent, method, route, body, timeoutMs) =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: route,
          agent,
          headers: payload
            ? {
                'content-type': 'application/json',
                'content-length': payload.byteLength,
                authorization: `Bearer ${token}`,
              }
            : {},
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode }));
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        resolve({ status: 0, timedOut: true });
      });
      req.on('error', () => resolve({ status: 0 }));
      if (payload) req.write(payload);
      req.end();
    });

  const probe = async (until) => {
    const samples = { '/healthz': [], '/api/actors': [] };
    let timeouts = 0;
    let failures = 0;
    for (let i = 0; performance.now() < until; i++) {
      const route = i % 2 === 0 ? '/healthz' : '/api/actors';
      const t0 = performance.now();
      const result = await request(probeAgent, 'GET', route, undefined, probeTimeoutMs);
      samples[route].push(performance.now() - t0);
      if (result.timedOut) timeouts++;
      else if (result.status !== 200) failures++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { samples, timeouts, failures };
  };

  // Idle baseline.
  const idle = await probe(performance.now() + idleSeconds * 1000);

  // Load: `lanes` pastes in flight until the window ends.
  let loadRunning = true;
  const pasteStatuses = new Map();
  const pasteDurations = [];
  const lane = async () => {
    while (loadRunning) {
      const doc = nextDocument();
      const t0 = performance.now();
      const { status } = await request(pasteAgent, 'POST', '/api/documents/paste', doc, 600_000);
      pasteDurations.push(performance.now() - t0);
      pasteStatuses.set(status, (pasteStatuses.get(status) ?? 0) + 1);
    }
  };
  const laneDone = Array.from({ length: lanes }, lane);
  await new Promise((resolve) => setTimeout(resolve, 500)); // let every lane's paste reach the server
  const loaded = await probe(performance.now() + seconds * 1000);
  loadRunning = false;
  const drainStarted = performance.now();
  await Promise.race([Promise.all(laneDone), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  const drainSeconds = (performance.now() - drainStarted) / 1000;

  child.send('stop');
  await Promise.race([
    new Promise((resolve) => child.once('exit', resolve)),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
  ]);
  if (child.exitCode === null) child.kill('SIGKILL');
  pasteAgent.destroy();
  probeAgent.destroy();

  const row = (label, values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (
      `${label.padEnd(26)} ${String(sorted.length).padStart(6)} ${percentile(sorted, 50).toFixed(1).padStart(10)} ` +
      `${percentile(sorted, 99).toFixed(1).padStart(10)} ${(sorted.at(-1) ?? NaN).toFixed(1).padStart(10)}`
    );
  };
  const p99 = (values) =>
    percentile(
      [...values].sort((a, b) => a - b),
      99,
    );
  console.log(`build       ${distDir}`);
  console.log(
    `load        ${lanes} pastes in flight for ${seconds} s (pathological "A. " x 20,000 and ~40 KB valid ` +
      `profiles); idle baseline ${idleSeconds} s`,
  );
  console.log(
    `${'route'.padEnd(26)} ${'n'.padStart(6)} ${'p50 ms'.padStart(10)} ${'p99 ms'.padStart(10)} ` +
      `${'max ms'.padStart(10)}`,
  );
  for (const route of ['/healthz', '/api/actors']) {
    console.log(row(`${route} idle`, idle.samples[route]));
    console.log(row(`${route} under load`, loaded.samples[route]));
  }
  const statuses = [...pasteStatuses].map(([status, count]) => `${status || 'no answer'}: ${count}`).join(', ');
  console.log(
    `pastes      ${pasteDurations.length} answered (${statuses}), median ${percentile(
      [...pasteDurations].sort((a, b) => a - b),
      50,
    ).toFixed(0)} ms; drain ${drainSeconds.toFixed(1)} s`,
  );
  console.log(`probes      ${loaded.timeouts} timed out (> ${probeTimeoutMs / 1000} s), ${loaded.failures} non-200`);
  for (const route of ['/healthz', '/api/actors']) {
    const loadedP99 = p99(loaded.samples[route]);
    console.log(
      `${route.padEnd(12)} p99 under load ${loadedP99.toFixed(1)} ms = ` +
        `${(loadedP99 / p99(idle.samples[route])).toFixed(1)}x idle; target < 50 ms: ` +
        `${loadedP99 < 50 ? 'met' : 'NOT met'}`,
    );
  }
}
