// Process-level test of scale-out on PostgreSQL: two `dossier serve` and two `dossier worker`
// processes on one database; documents enqueued with `dossier ingest --enqueue` are ingested by the
// workers (a refused one fails its job, once, with its message), and every server shows every
// acknowledged write at once, also after a write by yet another process (the revision cache is
// retired across processes). Runs the built CLI (bin/dossier over dist/). Under CI=true a missing
// PostgreSQL fails the test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTestPostgres, postgresRequired } from '../store/backup/postgres-test-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'dossier');
const env = { ...process.env, DOSSIER_DB: '', DOSSIER_LOG_LEVEL: 'warn' };
const postgres = await findTestPostgres();
const started: ChildProcess[] = [];
let work: string;

/** `dossier ARGS`: exit code, stdout and stderr (a non-zero exit is an answer, not an exception). */
async function dossier(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A `dossier serve` process; resolves with its port once it serves. */
async function startServer(location: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve', '--db', location, '--port', String(port)], { cwd: root, env });
  started.push(child);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('is serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`dossier serve exited (${code}): ${stderr}`)));
  });
  return port;
}

/** `dossier worker --drain`: resolves with its exit code and stderr when the queue is empty. */
function drainingWorker(location: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'worker', '--db', location, '--jobs', '1', '--drain'], {
    cwd: root,
    env,
  });
  started.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

async function actorVersion(port: number, id: string): Promise<number | null> {
  const response = await fetch(`http://127.0.0.1:${port}/api/actors/${id}`);
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return ((await response.json()) as { version: { version: number } }).version.version;
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-scale-out-'));
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(
    started.map((child) =>
      child.exitCode === null && child.signalCode === null
        ? new Promise((resolve) => child.once('exit', resolve))
        : null,
    ),
  );
  await rm(work, { recursive: true, force: true });
  await postgres.dropSchemas();
});

describe('the ingest queue', () => {
  it('refuses a SQLite location (the queue lives in PostgreSQL) and creates nothing', async () => {
    const file = path.join(work, 'refused.db');
    for (const args of [['ingest', '--enqueue', 'examples/iran.md'], ['worker'], ['queue']]) {
      const { code, stderr } = await dossier(...args, '--db', file);
      expect(code).toBe(2);
      expect(stderr).toMatch(/the ingest queue needs PostgreSQL/);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('2 servers + 2 workers on one PostgreSQL: every job ingested once, visible on every server', async (context) => {
    if (!postgres.url) {
      if (postgresRequired())
        expect.fail(`PostgreSQL is unreachable (set DOSSIER_TEST_PG_URL): ${postgres.failures.join('; ')}`);
      context.skip();
    }
    const location = postgres.newSchemaLocation();
    const schema = new URL(location).searchParams.get('schema')!;
    try {
      const ports = [await startServer(location), await startServer(location)];
      // Both servers answer (and cache) the collection before anything is ingested.
      for (const port of ports) expect(await actorVersion(port, 'iran')).toBeNull();

      const profiles = ['iran', 'china', 'india', 'pakistan', 'russia', 'qatar', 'tajikistan', 'turkiye', 'uzbekistan'];
      const binary = path.join(work, 'binary.txt');
      await writeFile(binary, Buffer.from([0, 1, 2, 3, 0, 0, 7]));
      const enqueued = await dossier(
        'ingest',
        '--enqueue',
        ...profiles.map((id) => `examples/${id}.md`),
        binary,
        '--db',
        location,
      );
      expect(enqueued.stderr).toMatch(/^10 documents enqueued/m);
      expect(enqueued.code).toBe(0);

      const workers = await Promise.all([drainingWorker(location), drainingWorker(location)]);
      // A refusal is the document's fault, not the worker's: both exit 0.
      for (const worker of workers) expect(worker.code, worker.stderr).toBe(0);
      const stored = workers.reduce((sum, worker) => sum + Number(/(\d+) stored/.exec(worker.stderr)?.[1] ?? 0), 0);
      expect(stored).toBe(profiles.length);

      const status = await dossier('queue', '--db', location, '--format', 'json');
      const counts = JSON.parse(status.stdout) as {
        pending: number;
        active: number;
        done: number;
        failed: number;
        failures: { label: string; message: string }[];
      };
      expect(counts).toMatchObject({ pending: 0, active: 0, done: profiles.length, failed: 1 });
      expect(counts.failures[0]!.message).toMatch(/binary\.txt.*binary data/);
      // Bad input is never retried: the failed job had one try.
      const client = new pg.Client({ connectionString: postgres.url! });
      await client.connect();
      try {
        const failed = await client.query(`SELECT retry_count FROM ${schema}_queue.job WHERE state = 'failed'`);
        expect(failed.rows).toEqual([{ retry_count: 0 }]);
      } finally {
        await client.end();
      }

      // Acknowledged writes are visible on every server at once (no waiting).
      for (const port of ports) for (const id of profiles) expect(await actorVersion(port, id)).toBe(1);

      // A write by a third process (plain ingest) retires both servers' cached answers at once.
      const changed = path.join(work, 'iran.md');
      await writeFile(changed, `${await readFile(path.join(root, 'examples', 'iran.md'), 'utf8')}\nA new paragraph.\n`);
      expect((await dossier('ingest', changed, '--db', location)).code).toBe(0);
      for (const port of ports) expect(await actorVersion(port, 'iran')).toBe(2);
    } finally {
      const client = new pg.Client({ connectionString: postgres.url! });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`).finally(() => client.end());
    }
  }, 600_000);
});
