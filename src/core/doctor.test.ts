// `dossier doctor`'s checks, in-process: a healthy database passes; a missing, garbage or newer
// database fails with a hint and nothing is created; an old Node.js, bad settings, a full disk
// and a pool that cannot start fail; PostgreSQL (own schema) passes, and a missing schema or an
// unreachable server fails. PostgreSQL unreachable: skipped locally, a failure under CI=true.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from './dossier.js';
import { runDoctor, satisfiesNodeRange, type DoctorReport } from './doctor.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
const quickPool = async () => 'probe skipped in this test';

const statusOf = (report: DoctorReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.status]));
const checkOf = (report: DoctorReport, name: string) => report.checks.find((check) => check.name === name)!;

let dir: string;
let healthy: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-doctor-'));
  healthy = path.join(dir, 'kb.db');
  const dossier = await Dossier.open(healthy);
  await dossier.ingestFiles([seed], { jobs: 0 });
  await dossier.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('satisfiesNodeRange', () => {
  it('reads the engines forms package.json uses', () => {
    expect(satisfiesNodeRange('20.19.0', '>=20.19')).toBe(true);
    expect(satisfiesNodeRange('20.18.9', '>=20.19')).toBe(false);
    expect(satisfiesNodeRange('22.1.0', '>=20.19')).toBe(true);
    expect(satisfiesNodeRange('v20.19.1', '^20.19.0 || >=22.12')).toBe(true);
    expect(satisfiesNodeRange('21.0.0', '^20.19.0 || >=22.12')).toBe(false);
    expect(satisfiesNodeRange('22.12.0', '^20.19.0 || >=22.12')).toBe(true);
    expect(satisfiesNodeRange('20.19.5', '~20.19')).toBe(true);
    expect(satisfiesNodeRange('20.20.0', '~20.19')).toBe(false);
    expect(satisfiesNodeRange('20.19.0', '>=18 <21')).toBe(true);
  });
});

describe('runDoctor on SQLite', () => {
  it('passes for a healthy database and reports its counts, schema and settings', async () => {
    const report = await runDoctor({ db: healthy, env: { HOST: '0.0.0.0', PORT: '9090' }, probeIngestPool: quickPool });
    expect(report.ok, JSON.stringify(report.checks, null, 1)).toBe(true);
    expect(statusOf(report)).toMatchObject({
      node: 'pass',
      'sqlite module': 'pass',
      database: 'pass',
      schema: 'pass',
      writable: 'pass',
      settings: 'pass',
      'reference data': 'pass',
      'ingest pool': 'pass',
    });
    expect(checkOf(report, 'database').detail).toMatch(/sqlite .*kb\.db: 1 actors/);
    expect(checkOf(report, 'settings').detail).toContain('HOST=0.0.0.0, PORT=9090');
    expect(report.diagnosis?.schemaVersion).toBe(report.diagnosis?.expectedSchemaVersion);
  });

  it('starts the real ingest worker pool', async () => {
    const report = await runDoctor({ db: healthy, env: {} });
    expect(checkOf(report, 'ingest pool'), JSON.stringify(checkOf(report, 'ingest pool'))).toMatchObject({
      status: 'pass',
    });
  }, 60_000);

  it('fails for a missing database with a hint, and creates no file or folder', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    for (const location of [path.join(empty, 'x.db'), path.join(empty, 'a', 'b', 'x.db')]) {
      const report = await runDoctor({ db: location, env: {}, probeIngestPool: quickPool });
      expect(report.ok).toBe(false);
      expect(checkOf(report, 'database')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/\S/) });
      expect(statusOf(report)).toMatchObject({ schema: 'skip', writable: 'skip', 'disk space': 'pass' });
      expect(await readdir(empty)).toEqual([]);
    }
    const viaEnv = await runDoctor({ env: { DOSSIER_DB: path.join(empty, 'env.db') }, probeIngestPool: quickPool });
    expect(checkOf(viaEnv, 'database').status).toBe('fail');
    expect(await readdir(empty)).toEqual([]);
  });

  it('fails for a garbage file and for another application’s SQLite database', async () => {
    const garbage = path.join(dir, 'garbage.db');
    await writeFile(garbage, 'not a database\n'.repeat(500));
    const other = path.join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    foreign.close();
    for (const location of [garbage, other]) {
      const report = await runDoctor({ db: location, env: {}, probeIngestPool: quickPool });
      expect(report.ok, location).toBe(false);
      expect(checkOf(report, 'database'), location).toMatchObject({
        status: 'fail',
        hint: expect.stringMatching(/\S/),
      });
    }
  });

  it('fails when the database was written by a newer Dossier (schema version ahead)', async () => {
    const newer = path.join(dir, 'newer.db');
    const dossier = await Dossier.open(newer);
    const version = (await dossier.store.diagnose()).expectedSchemaVersion;
    await dossier.close();
    const db = new Database(newer);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      version + 1,
      'from the future',
      new Date().toISOString(),
    );
    db.close();
    const report = await runDoctor({ db: newer, env: {}, probeIngestPool: quickPool });
    expect(report.ok).toBe(false);
    expect(checkOf(report, 'schema').status).toBe('fail');
    expect(`${checkOf(report, 'schema').detail} ${checkOf(report, 'database').detail}`).toMatch(/newer|version/i);
  });

  it(
    'fails for an old Node.js, a bad PORT, a bad server ' + 'setting, a full disk and a pool that does not start',
    async () => {
      const oldNode = await runDoctor({ db: healthy, env: {}, nodeVersion: '18.20.0', probeIngestPool: quickPool });
      expect(checkOf(oldNode, 'node')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('does not satisfy'),
      });
      expect(oldNode.ok).toBe(false);

      const badPort = await runDoctor({ db: healthy, env: { PORT: 'eighty' }, probeIngestPool: quickPool });
      expect(checkOf(badPort, 'settings').status).toBe('fail');
      expect(badPort.ok).toBe(false);

      const serverSettings = () => [{ name: 'DOSSIER_LOG_LEVEL', value: 'loud', problem: 'not a log level' }];
      const badLevel = await runDoctor({ db: healthy, env: {}, serverSettings, probeIngestPool: quickPool });
      expect(checkOf(badLevel, 'settings')).toMatchObject({
        status: 'fail',
        hint: 'DOSSIER_LOG_LEVEL: not a log level',
      });

      const warning = await runDoctor({
        db: healthy,
        env: {},
        serverSettings: () => [{ name: 'X', value: 'y', warning: 'deprecated' }],
        probeIngestPool: quickPool,
      });
      expect(checkOf(warning, 'settings').status).toBe('warn');
      expect(warning.ok).toBe(true);

      const full = await runDoctor({
        db: healthy,
        env: {},
        minFreeBytes: Number.MAX_SAFE_INTEGER,
        probeIngestPool: quickPool,
      });
      expect(checkOf(full, 'disk space').status).toBe('fail');
      const low = await runDoctor({
        db: healthy,
        env: {},
        lowFreeBytes: Number.MAX_SAFE_INTEGER,
        probeIngestPool: quickPool,
      });
      expect(checkOf(low, 'disk space').status).toBe('warn');
      expect(low.ok).toBe(true);

      const noPool = await runDoctor({
        db: healthy,
        env: {},
        probeIngestPool: async () => Promise.reject(new Error('worker exited')),
      });
      expect(checkOf(noPool, 'ingest pool')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('worker exited'),
      });
      expect(noPool.ok).toBe(false);
    },
  );
});

// PostgreSQL: the test server, each case in its own schema.
const pgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(
        `PostgreSQL is not reachable for the doctor tests: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const withSchema = (schema: string) => {
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
};
const schemaExists = async (schema: string) => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return (
      (await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rowCount === 1
    );
  } finally {
    await client.end();
  }
};
const reachable = await postgresReachable();
if (!reachable)
  console.warn(
    `doctor PostgreSQL tests skipped: ${pgUrl.replace(/\/\/[^@/]*@/, '//…@')} is not reachable (they fail under ` +
      `CI=true)`,
  );

describe.skipIf(!reachable)('runDoctor on PostgreSQL', () => {
  const schema = `dossier_doctor_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('passes for a migrated schema; the disk check is left to the server', async () => {
    const location = withSchema(schema);
    const dossier = await Dossier.open(location);
    await dossier.close();
    const report = await runDoctor({ db: location, env: {}, probeIngestPool: quickPool });
    expect(report.ok, JSON.stringify(report.checks, null, 1)).toBe(true);
    expect(statusOf(report)).toMatchObject({
      database: 'pass',
      schema: 'pass',
      writable: 'pass',
      'disk space': 'skip',
    });
    expect(checkOf(report, 'database').detail).toMatch(/^postgres /);
  });

  it('fails for a schema that does not exist without creating it, and for an unreachable server', async () => {
    const missing = `dossier_doctor_missing_${randomBytes(6).toString('hex')}`;
    const report = await runDoctor({ db: withSchema(missing), env: {}, probeIngestPool: quickPool });
    expect(checkOf(report, 'database')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/\S/) });
    expect(await schemaExists(missing)).toBe(false);

    const closedPort = new URL(pgUrl);
    closedPort.port = '1';
    closedPort.password = 'secret-password';
    const unreachable = await runDoctor({ db: closedPort.toString(), env: {}, probeIngestPool: quickPool });
    expect(checkOf(unreachable, 'database').status).toBe('fail');
    expect(JSON.stringify(unreachable.checks)).not.toContain('secret-password');
  });
});
