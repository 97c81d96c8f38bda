// Scale benchmark (issue 13): generates a synthetic collection (bench/scale-corpus.mjs: seeded,
// real sentences of the examples and the seed recombined, varied actors, ~3.5 KB a document, 30%
// sources), ingests it through the core in batches with a progress bar (docs/s per 10% slice, CPU
// ms per document), measures storage (bytes per document, by table and index) and then every read
// route of the real server (bench/scale-server.mjs, a child process: a route that crashes the
// server or outlasts --timeout is reported and the server restarted) with random actors, entities
// and queries drawn from the collection: p50/p95/p99 and body size per route, search per query
// class (common word, short prefix, phrase, rare word), peak RSS of the ingest and of the server.
// Prints Markdown tables with each target of issue 13 marked pass/fail (the targets are stated for
// 100,000 documents) and writes them as JSON to bench/results/scale-<docs>-<backend>-<date>.json.
//
// Usage: npm run bench:scale -- [--docs 10000] [--seed 1] [--db postgres://127.0.0.1:5432/test]
//          [--jobs N] [--batch 1000] [--requests 50] [--timeout 120] [--route-budget 300]
//          [--sources 0.3] [--versions 0.05] [--keep [path]] [--reuse path-or-url]
//   --docs N          documents to generate and ingest (default 10000)
//   --seed S          generator seed (default 1); the same seed and --docs give the same documents
//   --db URL          PostgreSQL instead of SQLite: a throwaway schema dossier_scale_<pid> is created
//                     in that database and dropped at the end
//   --jobs N          ingest worker threads (default: the core's default, the number of cores)
//   --batch N         files per ingestFiles call (default 1000)
//   --requests N      requests per route, sequential (default 50)
//   --timeout S       seconds before a request counts as timed out; the server is then restarted (default 120)
//   --route-budget S  seconds spent on one route at most; the route's remaining requests are skipped (default 300)
//   --sources F       share of sources (articles) among the documents (default 0.3)
//   --versions F      share of profiles that are new versions of an earlier actor (default 0.05)
//   --keep [path]     SQLite: build the database at path and keep it (with path.scale.json, the
//                     generator settings, next to it); PostgreSQL: keep the schema (named path if given)
//   --routes a,b      measure only the routes whose name contains one of these (e.g. --routes search,healthz)
//   --reuse path      skip generation and ingest and measure an existing database: a SQLite file
//                     (kept with --keep) or a postgres:// URL with ?schema=NAME
// Plain `node bench/scale.mjs …` needs a build first (npm run build); DOSSIER_DIST=folder uses another build.
import { fork } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { argument, median, percentile, root } from './bench-support.mjs';
import { createCorpus, loadSentencePools, randomOf } from './scale-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
if (!existsSync(path.join(dist, 'api', 'index.js'))) {
  console.error(`No build in ${dist}: run \`npm run build\` first (npm run bench:scale does).`);
  process.exit(1);
}
const { Dossier } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);

/** `--name value` (or null when absent); a flag given without a value answers `flagOnly`. */
function option(name, flagOnly = '') {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return null;
  const value = process.argv[index + 1];
  return value === undefined || value.startsWith('--') ? flagOnly : value;
}

const settings = {
  docs: Number(argument('docs', '10000')),
  seed: Number(argument('seed', '1')),
  jobs: option('jobs') === null ? undefined : Number(option('jobs')),
  batch: Number(argument('batch', '1000')),
  requests: Number(argument('requests', '50')),
  timeoutMs: Number(argument('timeout', '120')) * 1000,
  routeBudgetMs: Number(argument('route-budget', '300')) * 1000,
  routes: option('routes') || null,
  sourceShare: Number(argument('sources', '0.3')),
  versionShare: Number(argument('versions', '0.05')),
};
const pgUrl = option('db') || null;
const keep = option('keep');
const reuse = option('reuse');
if (!Number.isInteger(settings.docs) || settings.docs < 10) throw new Error('--docs must be an integer ≥ 10');

const KB = 1024;
const MB = 1024 * 1024;
const started = new Date();
const log = (line = '') => console.log(line);
const fmtMs = (ms) =>
  Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : '–';
const fmtBytes = (bytes) =>
  !Number.isFinite(bytes)
    ? '–'
    : bytes >= MB
      ? `${(bytes / MB).toFixed(1)} MiB`
      : bytes >= KB
        ? `${(bytes / KB).toFixed(1)} KiB`
        : `${bytes} B`;
const mark = (pass) => (pass === null ? 'n/a' : pass ? 'pass' : '**FAIL**');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Where the collection lives: a SQLite file (temporary, kept, or reused) or a PostgreSQL schema.
// ---------------------------------------------------------------------------------------------
const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-scale-'));
let location;
let backend;
let pgSchema = null;
let pgBase = null;
let dropAtEnd = false;
let sidecar = null;
if (reuse) {
  location = reuse.startsWith('postgres') ? reuse : path.resolve(reuse);
  backend = location.startsWith('postgres') ? 'postgres' : 'sqlite';
  if (backend === 'sqlite' && !existsSync(location)) throw new Error(`--reuse ${location}: no such database`);
  if (backend === 'postgres') {
    const url = new URL(location);
    pgSchema = url.searchParams.get('schema');
    if (!pgSchema) throw new Error('--reuse postgres://…: give the schema as ?schema=NAME');
    url.searchParams.delete('schema');
    pgBase = url.toString();
  }
  const sidecarFile = backend === 'sqlite' ? `${location}.scale.json` : null;
  if (sidecarFile && existsSync(sidecarFile)) {
    sidecar = JSON.parse(readFileSync(sidecarFile, 'utf8'));
    Object.assign(settings, {
      seed: sidecar.seed,
      docs: sidecar.docs,
      sourceShare: sidecar.sourceShare,
      versionShare: sidecar.versionShare,
    });
  }
} else if (pgUrl) {
  backend = 'postgres';
  pgSchema = keep && keep !== '' ? keep : `dossier_scale_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(pgSchema))
    throw new Error(`schema name ${pgSchema}: lower-case letters, digits and _ only`);
  const url = new URL(pgUrl);
  url.searchParams.delete('schema');
  pgBase = url.toString();
  url.searchParams.set('schema', pgSchema);
  location = url.toString();
  dropAtEnd = keep === null;
  const client = new pg.Client({ connectionString: pgBase });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [pgSchema]);
  await client.end();
  if (exists.rowCount > 0)
    throw new Error(`schema ${pgSchema} exists already: use --reuse '${location}' to measure it`);
} else {
  backend = 'sqlite';
  location = keep ? path.resolve(keep) : path.join(work, 'scale.db');
  if (keep === '') throw new Error('--keep needs a path for SQLite, e.g. --keep /tmp/scale-10k.db');
  if (existsSync(location))
    throw new Error(`${location} exists already: use --reuse ${location} to measure it, or remove it`);
}
const corpus = createCorpus({
  seed: settings.seed,
  sourceShare: settings.sourceShare,
  versionShare: settings.versionShare,
});
const pools = loadSentencePools();

const result = {
  benchmark: 'scale',
  date: started.toISOString(),
  backend,
  location: backend === 'postgres' ? `${pgBase} schema ${pgSchema}` : location,
  settings: { ...settings, reuse: Boolean(reuse), keep: keep !== null },
  machine: {
    node: process.version,
    cpus: os.availableParallelism(),
    memoryMb: Math.round(os.totalmem() / MB),
    loadAverage: os.loadavg(),
  },
};

/** Reads one figure of /proc/<pid>/status in bytes (VmHWM: peak RSS; VmRSS: RSS now), or NaN off Linux. */
function procStatus(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * KB : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// Generate and ingest.
// ---------------------------------------------------------------------------------------------
async function generateAndIngest() {
  const folder = path.join(work, 'corpus');
  await mkdir(folder);
  const generationStarted = performance.now();
  const files = [];
  let inputBytes = 0;
  const kinds = { profiles: 0, sources: 0, versions: 0, markdown: 0, text: 0 };
  for (let index = 0; index < settings.docs; index++) {
    const document = corpus.documentAt(index);
    const file = path.join(folder, document.name);
    await writeFile(file, document.text);
    files.push(file);
    inputBytes += Buffer.byteLength(document.text);
    if (document.kind === 'source') kinds.sources++;
    else kinds.profiles++;
    if (document.versionOf !== null) kinds.versions++;
    if (document.extension === 'md') kinds.markdown++;
    else kinds.text++;
  }
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  result.corpus = {
    documents: settings.docs,
    ...kinds,
    inputBytes,
    meanDocumentBytes: inputBytes / settings.docs,
    generationSeconds,
  };
  log(
    `generated ${settings.docs} documents (${kinds.profiles} profiles of which ${kinds.versions} new versions, ` +
      `${kinds.sources} sources; mean ${(inputBytes / settings.docs / KB).toFixed(2)} KiB) in ` +
      `${generationSeconds.toFixed(1)} s`,
  );

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const dossier = await Dossier.open(location);
  const total = files.length;
  const boundaries = Array.from({ length: 10 }, (_, k) => Math.ceil((total * (k + 1)) / 10));
  const slices = [];
  const outcomes = { created: 0, newVersions: 0, unchanged: 0, refused: 0 };
  const refusals = [];
  // Warm the worker pool first (threads started, models loaded) with one empty document per
  // thread, which the ingest refuses without storing anything: slice 1 then times ingest alone.
  const warmupStarted = performance.now();
  const threads = settings.jobs ?? os.availableParallelism();
  const warmups = [];
  for (let k = 0; k < threads; k++) {
    const file = path.join(work, `warm-up-${k}.txt`);
    await writeFile(file, ' \n');
    warmups.push(file);
  }
  await dossier.ingestFiles(warmups, { jobs: settings.jobs, relativeTo: work });
  const warmupSeconds = (performance.now() - warmupStarted) / 1000;
  const ingestStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  let mark0 = { at: ingestStarted, done: 0, cpu: { user: 0, system: 0 } };
  let done = 0;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'ingest |{bar}| {value}/{total} docs | {rate} docs/s | ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 200,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { rate: '–' });
  const onDocument = () => {
    done++;
    const now = performance.now();
    const slice = slices.length;
    if (slice < 10 && done >= boundaries[slice]) {
      const cpu = process.cpuUsage(cpuStarted);
      const docs = done - mark0.done;
      const seconds = (now - mark0.at) / 1000;
      const cpuMs = (cpu.user + cpu.system - mark0.cpu.user - mark0.cpu.system) / 1000;
      slices.push({
        slice: slice + 1,
        upTo: done,
        docs,
        seconds,
        docsPerSecond: docs / seconds,
        cpuMsPerDoc: cpuMs / docs,
        rssMb: process.memoryUsage().rss / MB,
      });
      mark0 = { at: now, done, cpu };
      if (!bar)
        log(
          `  ${String((slice + 1) * 10).padStart(3)}%  ${done} docs  ${(docs / seconds).toFixed(1)} docs/s  ` +
            `${(cpuMs / docs).toFixed(1)} CPU ms/doc`,
        );
    }
    if (bar && (done % 25 === 0 || done === total))
      bar.update(done, { rate: (done / Math.max(0.001, (now - ingestStarted) / 1000)).toFixed(1) });
  };
  for (let offset = 0; offset < total; offset += settings.batch) {
    const batch = files.slice(offset, offset + settings.batch);
    const report = await dossier.ingestFiles(batch, {
      jobs: settings.jobs,
      relativeTo: folder,
      onProgress: (_done, _total, fileResult) => {
        if (fileResult.error && refusals.length < 10)
          refusals.push(`${fileResult.file}: ${fileResult.error.code} ${fileResult.error.message}`);
        onDocument();
      },
    });
    outcomes.created += report.created;
    outcomes.newVersions += report.newVersions;
    outcomes.unchanged += report.unchanged;
    outcomes.refused += report.refused;
  }
  bar?.stop();
  const seconds = (performance.now() - ingestStarted) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const stats = await dossier.stats();
  const poolStats = dossier.ingestPoolStats?.();
  await dossier.close();
  await rm(folder, { recursive: true, force: true });
  const first = slices[0];
  const last = slices.at(-1);
  result.ingest = {
    jobs: settings.jobs ?? poolStats?.maxThreads ?? os.availableParallelism(),
    batch: settings.batch,
    seconds,
    docsPerSecond: total / seconds,
    warmupSeconds,
    cpuMsPerDoc: (cpu.user + cpu.system) / 1000 / total,
    outcomes,
    refusals,
    slices,
    lastOverFirst: last.docsPerSecond / first.docsPerSecond,
    peakRssBytes: peakRss,
    rssBeforeBytes: rssBefore,
    processMaxRssBytes: process.resourceUsage().maxRSS * KB,
    stats,
  };
  if (keep !== null && backend === 'sqlite') {
    await writeFile(
      `${location}.scale.json`,
      `${JSON.stringify(
        {
          seed: settings.seed,
          docs: settings.docs,
          sourceShare: settings.sourceShare,
          versionShare: settings.versionShare,
          createdAt: started.toISOString(),
          stats,
        },
        null,
        2,
      )}\n`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: bytes by table and index.
// ---------------------------------------------------------------------------------------------
async function pgClient() {
  const client = new pg.Client({ connectionString: pgBase, options: `-c search_path=${pgSchema}` });
  await client.connect();
  return client;
}

async function measureStorage(documents) {
  const rows = [];
  let totalBytes;
  if (backend === 'sqlite') {
    const db = new Database(location, { readonly: true, fileMustExist: true });
    try {
      const owners = new Map(
        db
          .prepare('SELECT name, type, tbl_name FROM sqlite_schema')
          .all()
          .map((row) => [row.name, row]),
      );
      let hasDbstat = true;
      try {
        for (const row of db
          .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
          .all()) {
          const owner = owners.get(row.name);
          rows.push({
            name: row.name,
            type: owner?.type ?? (row.name.startsWith('sqlite_autoindex') ? 'index' : 'table'),
            table: owner?.tbl_name ?? row.name,
            bytes: row.bytes,
          });
        }
      } catch {
        hasDbstat = false;
      }
      const pageSize = db.pragma('page_size', { simple: true });
      const pageCount = db.pragma('page_count', { simple: true });
      const freePages = db.pragma('freelist_count', { simple: true });
      totalBytes = pageSize * pageCount;
      const walBytes = existsSync(`${location}-wal`) ? statSync(`${location}-wal`).size : 0;
      result.storageFile = {
        bytes: statSync(location).size,
        walBytes,
        pageSize,
        pageCount,
        freePages,
        dbstat: hasDbstat,
      };
    } finally {
      db.close();
    }
  } else {
    const client = await pgClient();
    try {
      const tables = await client.query(
        `SELECT c.relname AS name, pg_table_size(c.oid) AS table_bytes, pg_total_relation_size(c.oid) AS total_bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
        [pgSchema],
      );
      const indexes = await client.query(
        `SELECT c.relname AS name, t.relname AS table_name, pg_relation_size(c.oid) AS bytes
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
        [pgSchema],
      );
      for (const row of tables.rows)
        rows.push({ name: row.name, type: 'table', table: row.name, bytes: Number(row.table_bytes) });
      for (const row of indexes.rows)
        rows.push({ name: row.name, type: 'index', table: row.table_name, bytes: Number(row.bytes) });
      totalBytes = tables.rows.reduce((sum, row) => sum + Number(row.total_bytes), 0);
    } finally {
      await client.end();
    }
  }
  rows.sort((a, b) => b.bytes - a.bytes);
  result.storage = {
    documents,
    totalBytes,
    bytesPerDocument: totalBytes / documents,
    byRelation: rows.map((row) => ({ ...row, bytesPerDocument: row.bytes / documents })),
    byTable: Object.values(
      rows.reduce((acc, row) => {
        const entry = (acc[row.table] ??= { table: row.table, tableBytes: 0, indexBytes: 0 });
        if (row.type === 'index') entry.indexBytes += row.bytes;
        else entry.tableBytes += row.bytes;
        return acc;
      }, {}),
    )
      .map((entry) => ({
        ...entry,
        bytes: entry.tableBytes + entry.indexBytes,
        bytesPerDocument: (entry.tableBytes + entry.indexBytes) / documents,
      }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

// ---------------------------------------------------------------------------------------------
// What the requests draw from: actor, source and entity ids, an editor's token.
// ---------------------------------------------------------------------------------------------
async function sampleCollection() {
  const sql = {
    actors: 'SELECT id, kind, country FROM actors ORDER BY random() LIMIT 2000',
    entities: 'SELECT id, name, type FROM entities ORDER BY random() LIMIT 2000',
    documents: 'SELECT COUNT(*) AS n FROM documents',
  };
  let actors;
  let entities;
  let documents;
  if (backend === 'sqlite') {
    const db = new Database(location, { readonly: true, fileMustExist: true });
    actors = db.prepare(sql.actors).all();
    entities = db.prepare(sql.entities).all();
    documents = db.prepare(sql.documents).get().n;
    db.close();
  } else {
    const client = await pgClient();
    actors = (await client.query(sql.actors)).rows;
    entities = (await client.query(sql.entities)).rows;
    documents = Number((await client.query(sql.documents)).rows[0].n);
    await client.end();
  }
  const dossier = await Dossier.open(location, { create: false });
  const editor = `scale-bench-editor-${process.pid}`;
  await dossier.accounts.addUser(editor, 'editor', `scale bench ${process.pid} password`);
  const { token } = await dossier.accounts.createToken(editor, 'scale benchmark');
  await dossier.close();
  return {
    profiles: actors.filter((actor) => actor.kind === 'profile').map((actor) => actor.id),
    sources: actors.filter((actor) => actor.kind === 'source').map((actor) => actor.id),
    // Graph nodes: an actor with a country is that country's node, one without is actor:<id>.
    graphNodes: actors.filter((actor) => actor.kind === 'profile').map((actor) => actor.country ?? `actor:${actor.id}`),
    entities,
    documents,
    token,
  };
}

// ---------------------------------------------------------------------------------------------
// The server in a child process, and timed requests.
// ---------------------------------------------------------------------------------------------
class ServerProcess {
  constructor() {
    this.child = null;
    this.url = null;
    this.agent = null;
    this.starts = [];
    this.exits = [];
    this.peakRssBytes = 0;
    this.stderrTail = '';
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server; resolves with the milliseconds it took to answer ready. */
  start() {
    const began = performance.now();
    const child = fork(path.join(here, 'scale-server.mjs'), [location], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    child.stderr.on('data', (chunk) => (this.stderrTail = (this.stderrTail + chunk).slice(-4000)));
    child.on('exit', (code, signal) => {
      this.exits.push({ code, signal, expected: child.expectedExit === true, stderr: this.stderrTail.slice(-1500) });
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          child.kill('SIGKILL');
          reject(new Error(`server did not start within ${Math.max(settings.timeoutMs, 300_000) / 1000} s`));
        },
        Math.max(settings.timeoutMs, 300_000),
      );
      child.once('message', (message) => {
        clearTimeout(timer);
        if (message?.type === 'ready') {
          this.url = message.url;
          this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
          const ms = performance.now() - began;
          this.starts.push(ms);
          resolve(ms);
        } else reject(new Error(`server failed to start: ${message?.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`server exited during start (code ${code}, signal ${signal}): ${this.stderrTail.slice(-1500)}`),
        );
      });
    });
  }

  notePeakRss() {
    if (this.alive) this.peakRssBytes = Math.max(this.peakRssBytes, procStatus(this.child.pid, 'VmHWM'));
  }

  /** Ends the server at once (after a timeout: it may be stuck in a synchronous query). */
  kill() {
    this.notePeakRss();
    this.agent?.destroy();
    if (this.alive) {
      this.child.expectedExit = true;
      this.child.kill('SIGKILL');
    }
    this.child = null;
  }

  async stop() {
    this.notePeakRss();
    this.agent?.destroy();
    if (!this.alive) return;
    const child = this.child;
    child.expectedExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}

/** One GET, timed from the request to the last byte of the body; the body bytes are counted as sent. */
function timedGet(server, pathname, headers = {}) {
  return new Promise((resolve) => {
    const began = performance.now();
    let settled = false;
    let timer;
    const done = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ms: performance.now() - began, ...outcome });
    };
    const request = http.get(
      new URL(pathname, server.url),
      {
        agent: server.agent,
        headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', ...headers },
      },
      (response) => {
        let bytes = 0;
        const chunks = [];
        response.on('data', (chunk) => {
          bytes += chunk.length;
          chunks.push(chunk);
        });
        response.on('end', () =>
          done({
            status: response.statusCode,
            bytes,
            encoding: response.headers['content-encoding'] ?? 'identity',
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', (error) => done({ error: error.message }));
        response.on('aborted', () => done({ error: 'response aborted' }));
      },
    );
    timer = setTimeout(() => {
      request.destroy();
      done({ timeout: true });
    }, settings.timeoutMs);
    request.on('error', (error) => done({ error: error.message }));
  });
}

/** A response body as the client reads it (decompressed). */
const decodedBody = ({ body, encoding }) =>
  encoding === 'gzip'
    ? zlib.gunzipSync(body)
    : encoding === 'br'
      ? zlib.brotliDecompressSync(body)
      : encoding === 'deflate'
        ? zlib.inflateSync(body)
        : body;

function summarise(samples) {
  const ok = samples.filter((sample) => sample.status !== undefined && sample.status < 400);
  const ms = ok.map((sample) => sample.ms).sort((a, b) => a - b);
  const bodies = ok.map((sample) => sample.bytes);
  const decoded = ok.map((sample) => sample.decodedBytes ?? sample.bytes);
  const statuses = {};
  for (const sample of samples) if (sample.status >= 400) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
  return {
    requests: samples.length,
    ok: ok.length,
    timeouts: samples.filter((sample) => sample.timeout).length,
    crashes: samples.filter((sample) => sample.crash).length,
    errors: samples.filter((sample) => sample.error && !sample.crash).length,
    httpErrors: statuses,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.at(-1) ?? NaN,
    medianBody: bodies.length ? median(bodies) : NaN,
    maxBody: bodies.length ? Math.max(...bodies) : NaN,
    maxDecodedBody: decoded.length ? Math.max(...decoded) : NaN,
    encodings: [...new Set(ok.map((sample) => sample.encoding))],
  };
}

async function measureRoutes(sample) {
  const random = randomOf(settings.seed * 7919 + 17);
  const pickOf = (list) => list[Math.floor(random() * list.length)];
  const profile = () => encodeURIComponent(pickOf(sample.profiles));
  const entity = () => encodeURIComponent(pickOf(sample.entities).id);
  const entityWord = () => (pickOf(sample.entities).name.match(/[\p{L}\p{N}]{3,}/u)?.[0] ?? 'kabul').toLowerCase();
  const q = (text) => encodeURIComponent(text);
  const commonWords = ['taliban', 'afghanistan', 'trade', 'security', 'kabul', 'humanitarian'];
  // The shortest prefixes the API accepts: three letters ("ta*" is a 400 since the search routes ask for three).
  const prefixes = ['tal*', 'whe*', 'kaz*', 'rus*', 'pak*', 'tra*', 'sec*', 'min*'];
  const fixedPhrases = [
    '"humanitarian aid"',
    '"humanitarian assistance"',
    '"trans-Afghan railway"',
    '"foreign minister"',
    '"Amu Darya"',
  ];
  const poolSentences = [
    ...pools.profileSentences,
    ...pools.sourceSentences,
    ...pools.interests.flatMap((interest) => interest.sentences),
  ];
  const randomPhrase = () => {
    if (random() < 0.4) return pickOf(fixedPhrases);
    const words = pickOf(poolSentences).match(/\p{L}+/gu) ?? ['Kabul'];
    const length = 2 + Math.floor(random() * 2);
    const start = Math.floor(random() * Math.max(1, words.length - length));
    return `"${words.slice(start, start + length).join(' ')}"`;
  };
  // A rare word: the invented official of a random document (one or a few documents name them).
  const rareWord = () => corpus.documentAt(Math.floor(random() * settings.docs)).surname;
  const editor = { authorization: `Bearer ${sample.token}` };
  const search = (kind, term) => ({
    name: `/api/search?q= (${kind})`,
    searchClass: kind,
    path: () => `/api/search?q=${q(term())}`,
  });
  const routes = [
    { name: '/healthz', path: () => '/healthz' },
    { name: '/api/actors', path: () => '/api/actors' },
    { name: '/api/actors/:id', path: () => `/api/actors/${profile()}` },
    {
      name: '/api/actors/:id (source)',
      path: () => `/api/actors/${encodeURIComponent(pickOf(sample.sources.length ? sample.sources : sample.profiles))}`,
    },
    { name: '/api/actors/:id/sources', path: () => `/api/actors/${profile()}/sources` },
    { name: '/api/actors/:id/history', path: () => `/api/actors/${profile()}/history` },
    { name: '/api/actors/:id/facts', path: () => `/api/actors/${profile()}/facts` },
    { name: '/api/sources', path: () => '/api/sources' },
    { name: '/api/entities?q=', path: () => `/api/entities?q=${q(entityWord())}` },
    { name: '/api/entities', path: () => '/api/entities' },
    { name: '/api/entities/:id', path: () => `/api/entities/${entity()}` },
    { name: '/api/entities/:id/related', path: () => `/api/entities/${entity()}/related` },
    search('common word', () => pickOf(commonWords)),
    search('short prefix', () => pickOf(prefixes)),
    search('phrase', randomPhrase),
    search('rare word', rareWord),
    {
      name: '/api/search/facets?q=',
      path: () => `/api/search/facets?q=${q(random() < 0.5 ? pickOf(commonWords) : entityWord())}`,
    },
    { name: '/api/events?actor=', path: () => `/api/events?actor=${profile()}` },
    { name: '/api/checks?actor=', path: () => `/api/checks?actor=${profile()}` },
    { name: '/api/review (editor)', path: () => '/api/review', headers: editor },
    { name: '/api/review?actor= (editor)', path: () => `/api/review?actor=${profile()}`, headers: editor },
    {
      name: '/api/review?type= (editor)',
      path: () => `/api/review?type=${pickOf(['relation', 'time', 'mention'])}`,
      headers: editor,
    },
    {
      name: '/api/review?order=position (editor)',
      path: () => `/api/review?order=position&status=${pickOf(['any', 'machine'])}`,
      headers: editor,
    },
    { name: '/api/review/rules (editor)', path: () => '/api/review/rules', headers: editor },
    { name: '/api/audit (editor)', path: () => '/api/audit', headers: editor },
    {
      name: '/api/graph?focus=&depth=1',
      path: () => `/api/graph?focus=${encodeURIComponent(pickOf(sample.graphNodes))}&depth=1`,
    },
    // Collection-wide views last: today some of them take minutes or bring the server down at 50k.
    { name: '/api/events', path: () => '/api/events' },
    { name: '/api/events/years', path: () => '/api/events/years' },
    { name: '/api/events/years?type=statement', path: () => '/api/events/years?type=statement' },
    { name: '/api/checks', path: () => '/api/checks' },
    { name: '/api/compare', path: () => '/api/compare' },
    { name: '/api/graph', path: () => '/api/graph' },
  ];

  const chosen = settings.routes
    ? routes.filter((route) => settings.routes.split(',').some((part) => route.name.includes(part)))
    : routes;
  const server = new ServerProcess();
  const crashes = [];
  const rows = [];
  const startupMs = await server.start();
  // The first request after start: the actor list, cold.
  const cold = await timedGet(server, '/api/actors');
  if (cold.body) cold.decodedBytes = decodedBody(cold).byteLength;
  server.notePeakRss();
  rows.push({ name: '/api/actors (cold, first request)', ...summarise([cold]) });
  log(`server ready in ${fmtMs(startupMs)} ms; cold /api/actors ${fmtMs(cold.ms)} ms, ${fmtBytes(cold.bytes)}`);

  for (const route of chosen) {
    const samples = [];
    const hits = [];
    const routeStarted = performance.now();
    let stoppedEarly = null;
    let hardFailures = 0;
    for (let k = 0; k < settings.requests; k++) {
      if (performance.now() - routeStarted > settings.routeBudgetMs) {
        stoppedEarly = `route budget of ${settings.routeBudgetMs / 1000} s spent after ${k} requests`;
        break;
      }
      if (!server.alive) {
        try {
          await server.start();
        } catch (error) {
          stoppedEarly = `server did not restart: ${error.message.slice(0, 300)}`;
          break;
        }
      }
      const pathname = route.path();
      const outcome = await timedGet(server, pathname, route.headers);
      const entry = {
        ms: outcome.ms,
        status: outcome.status,
        bytes: outcome.bytes,
        encoding: outcome.encoding,
        timeout: outcome.timeout,
        error: outcome.error,
        path: pathname,
      };
      if (outcome.body) {
        try {
          const plain = decodedBody(outcome);
          entry.decodedBytes = plain.byteLength;
          if (route.searchClass && outcome.status < 400) hits.push(JSON.parse(plain.toString('utf8')).total);
        } catch {
          // not decodable or not JSON: sizes as sent only
        }
      }
      if (outcome.timeout) {
        server.kill();
        hardFailures++;
      } else if (outcome.error) {
        await sleep(300);
        if (!server.alive) {
          const exit = server.exits.at(-1);
          entry.crash = { code: exit?.code ?? null, signal: exit?.signal ?? null, stderr: exit?.stderr ?? '' };
          crashes.push({ route: route.name, path: pathname, ...entry.crash });
          server.child = null;
        }
        hardFailures++;
      }
      samples.push(entry);
      if (hardFailures >= 2) {
        stoppedEarly = `stopped after ${hardFailures} timeouts/crashes`;
        break;
      }
    }
    server.notePeakRss();
    const row = {
      name: route.name,
      searchClass: route.searchClass,
      ...summarise(samples),
      stoppedEarly,
      seconds: (performance.now() - routeStarted) / 1000,
    };
    if (route.searchClass)
      row.hits = {
        median: hits.length ? median(hits) : NaN,
        min: hits.length ? Math.min(...hits) : NaN,
        max: hits.length ? Math.max(...hits) : NaN,
      };
    row.failedPaths = samples
      .filter((s) => s.timeout || s.error || s.status >= 400)
      .slice(0, 3)
      .map((s) => `${s.path} → ${s.timeout ? 'timeout' : (s.error ?? s.status)}`);
    rows.push(row);
    const failures = row.timeouts + row.crashes + row.errors + Object.values(row.httpErrors).reduce((a, b) => a + b, 0);
    log(
      `  ${route.name.padEnd(34)} p50 ${fmtMs(row.p50).padStart(7)} ms  p99 ${fmtMs(row.p99).padStart(7)} ms  ` +
        (`max body ${fmtBytes(row.maxBody).padStart(9)}${failures ? `  failures ${failures}` : ''}` +
          `${stoppedEarly ? `  (${stoppedEarly})` : ''}`),
    );
  }
  await server.stop();
  result.server = {
    startupMs: server.starts,
    restarts: server.starts.length - 1,
    peakRssBytes: server.peakRssBytes,
    crashes,
    unexpectedExits: server.exits.filter((exit) => !exit.expected),
  };
  result.routes = rows;
}

// ---------------------------------------------------------------------------------------------
// Targets and report.
// ---------------------------------------------------------------------------------------------
async function judge() {
  const targets = [];
  const add = (name, value, target, pass) => targets.push({ name, value, target, pass });
  const failuresOf = (row) =>
    row.timeouts + row.crashes + row.errors + Object.values(row.httpErrors).reduce((a, b) => a + b, 0);
  for (const row of result.routes) {
    if (!row.name.startsWith('/api/')) continue;
    const failures = failuresOf(row);
    const note = `${failures ? `, ${failures} failed` : ''}${row.stoppedEarly ? ` (${row.stoppedEarly})` : ''}`;
    add(`${row.name} p99 < 100 ms`, `${fmtMs(row.p99)} ms${note}`, '< 100 ms', failures === 0 && row.p99 < 100);
    add(
      `${row.name} body < 1 MiB`,
      `${fmtBytes(row.maxBody)} as sent (${fmtBytes(row.maxDecodedBody)} decoded)`,
      '< 1 MiB as sent',
      failures === 0 && row.maxBody < MB,
    );
  }
  const health = result.routes.find((row) => row.name === '/healthz');
  if (health)
    add('/healthz p99 < 5 ms', `${fmtMs(health.p99)} ms`, '< 5 ms', failuresOf(health) === 0 && health.p99 < 5);
  for (const row of result.routes.filter((r) => r.searchClass))
    add(
      `search p95 ≤ 50 ms (${row.searchClass})`,
      `${fmtMs(row.p95)} ms`,
      '≤ 50 ms',
      failuresOf(row) === 0 && row.p95 <= 50,
    );
  if (result.ingest) {
    add(
      'ingest docs/s last 10% ≥ 80% of first 10%',
      `${(result.ingest.lastOverFirst * 100).toFixed(0)}%`,
      '≥ 80%',
      result.ingest.lastOverFirst >= 0.8,
    );
  }
  const perDoc = result.storage.bytesPerDocument;
  const meanInput = result.corpus?.meanDocumentBytes;
  add(
    'bytes per document ≤ 12 KiB',
    `${(perDoc / KB).toFixed(1)} KiB${meanInput ? ` (mean input ${(meanInput / KB).toFixed(2)} KiB)` : ''}`,
    '≤ 12 KiB',
    perDoc <= 12 * KB,
  );
  if (backend === 'postgres' && result.ingest) {
    const reference = await sqliteReference();
    if (reference) {
      const ratio = result.ingest.docsPerSecond / reference.ingest.docsPerSecond;
      add(
        'PostgreSQL ingest ≥ 50% of SQLite',
        `${(ratio * 100).toFixed(0)}% (${result.ingest.docsPerSecond.toFixed(1)} vs ` +
          `${reference.ingest.docsPerSecond.toFixed(1)} docs/s, ${path.basename(reference.file)})`,
        '≥ 50%',
        ratio >= 0.5,
      );
    } else
      add(
        'PostgreSQL ingest ≥ 50% of SQLite',
        `no SQLite result with --docs ${settings.docs} --seed ${settings.seed} in bench/results`,
        '≥ 50%',
        null,
      );
  }
  result.targets = targets;
}

/** The newest SQLite result of the same documents (same --docs, --seed and shares) in bench/results. */
async function sqliteReference() {
  const folder = path.join(here, 'results');
  if (!existsSync(folder)) return null;
  const candidates = (await readdir(folder))
    .filter((file) => file.startsWith(`scale-${settings.docs}-sqlite-`) && file.endsWith('.json'))
    .sort()
    .reverse();
  for (const file of candidates) {
    try {
      const data = JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
      const same =
        data.settings.seed === settings.seed &&
        data.settings.sourceShare === settings.sourceShare &&
        data.settings.versionShare === settings.versionShare;
      if (same && data.ingest) return { ...data, file };
    } catch {
      // not one of ours
    }
  }
  return null;
}

function printReport() {
  const lines = [];
  const out = (line = '') => lines.push(line);
  const s = result.settings;
  out(
    `## Scale benchmark: ${result.storage.documents} documents on ${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ` +
      `(seed ${s.seed}, ${result.date.slice(0, 16)})`,
  );
  out();
  out(
    `Node ${result.machine.node}, ${result.machine.cpus} cores, ${result.machine.memoryMb} MiB; ${s.requests} ` +
      `sequential requests per route, timeout ${s.timeoutMs / 1000} s; requests send accept-encoding: gzip, ` +
      `deflate, br, and bodies are counted as sent and decoded. Targets are those of issue 13 (stated for 100,000 ` +
      `documents).`,
  );
  if (result.corpus?.profiles !== undefined)
    out(
      `Corpus: ${result.corpus.profiles} profiles (${result.corpus.versions} of them new versions), ` +
        `${result.corpus.sources} sources; ${result.corpus.markdown} Markdown, ${result.corpus.text} plain text; ` +
        `mean ${(result.corpus.meanDocumentBytes / KB).toFixed(2)} KiB.`,
    );
  const st = result.ingest?.stats;
  if (result.corpus?.note) out(`Corpus: ${result.corpus.documents} documents (${result.corpus.note}).`);
  if (st)
    out(
      `Stored: ${st.actors} actors, ${st.versions} versions, ${st.sentences} sentences, ${st.mentions} mentions, ` +
        `${st.entities} entities.`,
    );
  out();
  out('### Routes');
  out();
  out(
    '| route | ok/requests | p50 ms | p95 ms | p99 ms | max ms | median body | max body (as sent) | encoding | ' +
      'max body decoded | notes |',
  );
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of result.routes) {
    const notes = [];
    if (row.timeouts) notes.push(`${row.timeouts} timeout(s)`);
    if (row.crashes) notes.push(`${row.crashes} crash(es)`);
    if (row.errors) notes.push(`${row.errors} error(s)`);
    for (const [status, count] of Object.entries(row.httpErrors)) notes.push(`${count}× HTTP ${status}`);
    if (row.stoppedEarly) notes.push(row.stoppedEarly);
    if (row.hits) notes.push(`hits median ${row.hits.median} (${row.hits.min}–${row.hits.max})`);
    out(
      `| \`${row.name}\` | ${row.ok}/${row.requests} | ${fmtMs(row.p50)} | ${fmtMs(row.p95)} | ${fmtMs(row.p99)} ` +
        `| ${fmtMs(row.max)} | ${fmtBytes(row.medianBody)} | ${fmtBytes(row.maxBody)} | ` +
        `${row.encodings.join(',') || '–'} | ${fmtBytes(row.maxDecodedBody)} | ${notes.join('; ')} |`,
    );
  }
  out();
  out('### Search by query class');
  out();
  out('| class | p50 ms | p95 ms | p99 ms | hits (median, min–max) | p95 ≤ 50 ms |');
  out('|---|---|---|---|---|---|');
  for (const row of result.routes.filter((r) => r.searchClass)) {
    out(
      `| ${row.searchClass} | ${fmtMs(row.p50)} | ${fmtMs(row.p95)} | ${fmtMs(row.p99)} | ${row.hits.median} ` +
        `(${row.hits.min}–${row.hits.max}) | ${mark(row.ok === row.requests && row.p95 <= 50)} |`,
    );
  }
  if (result.ingest) {
    const ing = result.ingest;
    out();
    out(`### Ingest (${ing.jobs} worker thread(s), batches of ${ing.batch})`);
    out();
    out(
      `${result.storage.documents} documents in ${ing.seconds.toFixed(1)} s = **${ing.docsPerSecond.toFixed(1)} ` +
        `docs/s**, ${ing.cpuMsPerDoc.toFixed(1)} CPU ms/doc (all threads); pool warm-up ` +
        `${ing.warmupSeconds.toFixed(1)} s before the clock starts. Outcomes: ${ing.outcomes.created} created, ` +
        `${ing.outcomes.newVersions} new versions, ${ing.outcomes.unchanged} unchanged, ${ing.outcomes.refused} ` +
        `refused.`,
    );
    if (ing.refusals.length) out(`Refused (first ${ing.refusals.length}): ${ing.refusals.join('; ')}`);
    out();
    out('| slice | docs up to | docs/s | CPU ms/doc | RSS MiB |');
    out('|---|---|---|---|---|');
    for (const slice of ing.slices)
      out(
        `| ${slice.slice * 10}% | ${slice.upTo} | ${slice.docsPerSecond.toFixed(1)} | ` +
          `${slice.cpuMsPerDoc.toFixed(1)} | ${slice.rssMb.toFixed(0)} |`,
      );
    out();
    if (result.storage.documents < 5000)
      out(
        '(Below a few thousand documents the slices mean little: results arrive in units of up to 16 documents, ' +
          'and slice 1 includes the pipeline warming up.)',
      );
    out(
      `Last 10% / first 10%: ${(ing.lastOverFirst * 100).toFixed(0)}% (target ≥ 80%). CPU ms/doc, which other ` +
        `load on the machine moves less than docs/s: first 10% ${ing.slices[0].cpuMsPerDoc.toFixed(1)}, last 10% ` +
        `${ing.slices.at(-1).cpuMsPerDoc.toFixed(1)} (machine load average at the start ` +
        `${result.machine.loadAverage[0].toFixed(1)}).`,
    );
  }
  out();
  out('### Storage');
  out();
  const file = result.storageFile
    ? ` (file ${fmtBytes(result.storageFile.bytes)}, ${result.storageFile.freePages} free ` +
      `pages${result.storageFile.dbstat ? '' : ', no dbstat: totals only'})`
    : '';
  out(
    `Total ${fmtBytes(result.storage.totalBytes)}${file} = ` +
      `**${(result.storage.bytesPerDocument / KB).toFixed(2)} KiB per document**.`,
  );
  out();
  out('| table | table bytes | index bytes | bytes/doc |');
  out('|---|---|---|---|');
  for (const entry of result.storage.byTable.filter((e) => e.bytes > 0))
    out(
      `| ${entry.table} | ${fmtBytes(entry.tableBytes)} | ${fmtBytes(entry.indexBytes)} | ` +
        `${entry.bytesPerDocument.toFixed(0)} |`,
    );
  out();
  out('| index | table | bytes | bytes/doc |');
  out('|---|---|---|---|');
  for (const row of result.storage.byRelation.filter((r) => r.type === 'index' && r.bytes > 0))
    out(`| ${row.name} | ${row.table} | ${fmtBytes(row.bytes)} | ${row.bytesPerDocument.toFixed(0)} |`);
  out();
  out('### Memory');
  out();
  if (result.ingest)
    out(
      `Ingest peak RSS ${(result.ingest.peakRssBytes / MB).toFixed(0)} MiB (sampled; process maxRSS ` +
        `${(result.ingest.processMaxRssBytes / MB).toFixed(0)} MiB, worker threads included).`,
    );
  out(
    `Server peak RSS ${(result.server.peakRssBytes / MB).toFixed(0)} MiB (VmHWM of the server process, max over ` +
      `${result.server.startupMs.length} start(s)); ` +
      `server start ${result.server.startupMs.map((ms) => `${fmtMs(ms)} ms`).join(', ')}.`,
  );
  if (result.server.crashes.length) {
    out();
    out('### Server crashes');
    for (const crash of result.server.crashes)
      out(
        `- ${crash.route} (${crash.path}): exit code ${crash.code}, signal ${crash.signal}; ` +
          `${crash.stderr.split('\n').filter(Boolean).slice(-3).join(' | ')}`,
      );
  }
  out();
  out('### Targets');
  out();
  out('| target | measured | result |');
  out('|---|---|---|');
  for (const target of result.targets) out(`| ${target.name} | ${target.value} | ${mark(target.pass)} |`);
  const failed = result.targets.filter((target) => target.pass === false).length;
  out();
  out(
    `${result.targets.length - failed - result.targets.filter((t) => t.pass === null).length} of ` +
      `${result.targets.length} targets met, ${failed} not met.`,
  );
  const text = lines.join('\n');
  console.log(`\n${text}`);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Run.
// ---------------------------------------------------------------------------------------------
let exitCode = 0;
try {
  log(
    `scale benchmark: ${backend}, ` +
      `${reuse ? `reusing ${result.location}` : `${settings.docs} documents, seed ${settings.seed}`} ` +
      `→ ${result.location}`,
  );
  if (!reuse) await generateAndIngest();
  const sample = await sampleCollection();
  await measureStorage(sample.documents);
  // Without the kept generator settings, rare words come from the first documents that --seed generates.
  if (reuse && !sidecar) settings.docs = sample.documents;
  if (reuse)
    result.corpus = sidecar
      ? { documents: sidecar.docs, note: 'reused database: generator settings from its .scale.json' }
      : { documents: sample.documents, note: 'reused database without .scale.json: rare words are drawn with --seed' };
  log(
    `storage: ${fmtBytes(result.storage.totalBytes)}, ${(result.storage.bytesPerDocument / KB).toFixed(2)} KiB ` +
      `per document; measuring routes…`,
  );
  await measureRoutes(sample);
  await judge();
  result.markdown = printReport();
  const folder = path.join(here, 'results');
  await mkdir(folder, { recursive: true });
  const file = path.join(
    folder,
    `scale-${settings.docs}-${backend}-${started.toISOString().slice(0, 19).replace(/:/g, '')}.json`,
  );
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nwritten ${path.relative(root, file)}`);
  if (keep !== null)
    log(
      `kept ${backend === 'sqlite' ? location : `schema ${pgSchema} (${location})`}: measure it again with ` +
        `--reuse ${backend === 'sqlite' ? location : `'${location}'`}`,
    );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
  if (dropAtEnd) {
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await client.end();
  }
}
process.exit(exitCode);
