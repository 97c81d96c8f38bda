// `dossier doctor`: checks that this installation can run and that its knowledge base is sound —
// Node.js version, the native SQLite module, the database (opened without creating anything),
// its schema version against the code's, writability, consistency, the settings in effect, the
// reference data, the ingest worker pool and the free disk space. Each check passes, warns or
// fails with a hint; the CLI prints them (src/cli/doctor-command.ts).
import { readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDossierError, settings as settingTable } from '../model/index.js';
import { openStore, isPostgresLocation, type Store, type StoreDiagnosis } from '../store/index.js';
import { describeLocation, resolveDatabaseLocation, resolveListenAddress } from './config.js';
import { bundledReferenceData } from './profile-pipeline.js';
import { IngestPool, defaultIngestThreads } from './ingest-pool.js';

export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Short name: `node`, `sqlite module`, `database`, `schema`, … */
  name: string;
  status: DoctorStatus;
  /** What was found, one line. */
  detail: string;
  /** What to do about a warning or failure. */
  hint?: string;
}

export interface DoctorReport {
  /** False when any check failed (warnings do not fail). */
  ok: boolean;
  checks: DoctorCheck[];
  diagnosis?: StoreDiagnosis;
}

/** One setting as the server would use it. */
export interface SettingInEffect {
  name: string;
  value: string;
  /** Why the value is not usable (the check fails). */
  problem?: string;
  /** A softer remark (the check warns). */
  warning?: string;
}

export interface DoctorOptions {
  /** --db as given (else DOSSIER_DB, else ./dossier.db). */
  db?: string;
  env?: NodeJS.ProcessEnv;
  /** The package root (package.json, data/); defaults to the one this module is in. */
  packageRoot?: string;
  /** Settings read by the layers above core (the API's proxies, log level, instance mode). */
  serverSettings?: (env: NodeJS.ProcessEnv) => SettingInEffect[];
  /** Starts the ingest worker pool and runs one document through it (default: probeIngestPool). */
  probeIngestPool?: () => Promise<string>;
  /** The Node.js version to judge (tests). */
  nodeVersion?: string;
  /** Free bytes below which the disk check fails, and below which it warns. */
  minFreeBytes?: number;
  lowFreeBytes?: number;
}

const defaultPackageRoot = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const hintOf = (error: unknown) => (isDossierError(error) ? error.hint : undefined);

/**
 * Whether `version` (e.g. `20.19.1`) satisfies an engines range made of `>=`, `>`, `<=`, `<`, `=`, `^`, `~` and `||`.
 */
export function satisfiesNodeRange(version: string, range: string): boolean {
  const parse = (text: string) =>
    text
      .replace(/^v/, '')
      .split('.')
      .map((part) => Number.parseInt(part, 10) || 0);
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const current = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const match = /^(>=|<=|>|<|=|\^|~)?\s*v?(\d+(?:\.\d+){0,2})/.exec(comparator);
        if (!match) return comparator === '*' || comparator === 'x';
        const wanted = parse(match[2]!);
        const order = compare(current, wanted);
        switch (match[1]) {
          case '>=':
            return order >= 0;
          case '>':
            return order > 0;
          case '<=':
            return order <= 0;
          case '<':
            return order < 0;
          case '^':
            return order >= 0 && current[0] === wanted[0];
          case '~':
            return order >= 0 && current[0] === wanted[0] && current[1] === wanted[1];
          default:
            return match[2]!.split('.').every((part, index) => Number(part) === current[index]);
        }
      }),
  );
}

async function checkNode(root: string, version: string): Promise<DoctorCheck> {
  try {
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      engines?: { node?: string };
    };
    const range = manifest.engines?.node;
    if (!range)
      return { name: 'node', status: 'pass', detail: `Node.js ${version} (package.json sets no engines.node)` };
    return satisfiesNodeRange(version, range)
      ? { name: 'node', status: 'pass', detail: `Node.js ${version} satisfies ${range}` }
      : {
          name: 'node',
          status: 'fail',
          detail: `Node.js ${version} does not satisfy ${range}`,
          hint: `install a Node.js release matching ${range}, then \`npm rebuild\``,
        };
  } catch (error) {
    return {
      name: 'node',
      status: 'fail',
      detail: `cannot read package.json: ${messageOf(error)}`,
      hint: 'run doctor from an installed Dossier',
    };
  }
}

/** The native SQLite module loads: an in-memory store opens (creates nothing on disk). */
async function checkSqliteModule(usedByDatabase: boolean): Promise<DoctorCheck> {
  try {
    const store = await openStore(':memory:');
    await store.close();
    return { name: 'sqlite module', status: 'pass', detail: 'better-sqlite3 loads in this Node.js' };
  } catch (error) {
    return {
      name: 'sqlite module',
      status: usedByDatabase ? 'fail' : 'warn',
      detail:
        `${usedByDatabase ? '' : 'not used by this database, but '}the native SQLite module does not load: ` +
        `${messageOf(error)}`,
      hint: hintOf(error) ?? 'run `npm rebuild better-sqlite3` with this Node.js',
    };
  }
}

function describeCounts(counts: StoreDiagnosis['counts']): string {
  return (
    `${counts.actors} actors, ${counts.documents} documents, ${counts.sentences} sentences, ${counts.entities} ` +
    `entities`
  );
}

function schemaCheck(diagnosis: StoreDiagnosis): DoctorCheck {
  const { schemaVersion, expectedSchemaVersion, pendingMigrations = [] } = diagnosis;
  if (schemaVersion > expectedSchemaVersion) {
    return {
      name: 'schema',
      status: 'fail',
      detail: `database schema v${schemaVersion} is newer than this Dossier (v${expectedSchemaVersion})`,
      hint: 'run the Dossier version that wrote it, or upgrade this one',
    };
  }
  if (schemaVersion < expectedSchemaVersion || pendingMigrations.length > 0) {
    return {
      name: 'schema',
      status: 'fail',
      detail:
        `database schema v${schemaVersion}, this Dossier expects v${expectedSchemaVersion}: migrations ` +
        `pending${pendingMigrations.length ? ` (${pendingMigrations.join(', ')})` : ''}`,
      hint: 'take a backup, then start the server or run a write command (e.g. `dossier ingest`) to migrate',
    };
  }
  return { name: 'schema', status: 'pass', detail: `schema v${schemaVersion} (up to date)` };
}

async function checkDatabase(location: string): Promise<{ checks: DoctorCheck[]; diagnosis?: StoreDiagnosis }> {
  const shown = describeLocation(location);
  let store: Store;
  try {
    store = await openStore(location, { create: false });
  } catch (error) {
    const code = isDossierError(error) ? error.code : undefined;
    const checks: DoctorCheck[] = [
      { name: 'database', status: 'fail', detail: `${shown}: ${messageOf(error)}`, hint: hintOf(error) },
    ];
    if (code === 'STORE_SCHEMA_VERSION')
      checks.push({ name: 'schema', status: 'fail', detail: messageOf(error), hint: hintOf(error) });
    else checks.push({ name: 'schema', status: 'skip', detail: 'no database opened' });
    checks.push({ name: 'writable', status: 'skip', detail: 'no database opened' });
    return { checks };
  }
  try {
    const diagnosis = await store.diagnose();
    const checks: DoctorCheck[] = [
      {
        name: 'database',
        status: 'pass',
        detail:
          `${diagnosis.backend} ${diagnosis.location}` +
          (diagnosis.serverVersion ? ` (server ${diagnosis.serverVersion})` : '') +
          `: ${describeCounts(diagnosis.counts)}`,
      },
      schemaCheck(diagnosis),
      diagnosis.writable
        ? {
            name: 'writable',
            status: 'pass',
            detail:
              `writable${diagnosis.journalMode ? `, journal mode ${diagnosis.journalMode}` : ''}` +
              `${diagnosis.sizeBytes !== undefined ? `, ${mebibytes(diagnosis.sizeBytes)}` : ''}`,
          }
        : {
            name: 'writable',
            status: 'fail',
            detail: 'the database refuses writes',
            hint:
              diagnosis.backend === 'sqlite'
                ? 'check the permissions of the file and its folder (the folder holds the -wal file)'
                : 'grant the user write privileges on the schema',
          },
    ];
    if (
      diagnosis.backend === 'sqlite' &&
      diagnosis.journalMode &&
      diagnosis.journalMode !== 'wal' &&
      diagnosis.location !== ':memory:'
    ) {
      checks.push({
        name: 'journal',
        status: 'warn',
        detail: `journal mode ${diagnosis.journalMode}, expected wal`,
        hint: 'open it once with a write command',
      });
    }
    const problems = diagnosis.problems ?? [];
    checks.push(
      problems.length === 0
        ? { name: 'consistency', status: 'pass', detail: 'no inconsistencies found' }
        : {
            name: 'consistency',
            status: 'fail',
            detail: problems.join('; '),
            hint: 'restore the latest backup, or report it with this output',
          },
    );
    return { checks, diagnosis };
  } catch (error) {
    return {
      checks: [{ name: 'database', status: 'fail', detail: `${shown}: ${messageOf(error)}`, hint: hintOf(error) }],
    };
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** The settings core reads itself: the database location and the listening address. */
function coreSettings(env: NodeJS.ProcessEnv, db: string | undefined): SettingInEffect[] {
  const settings: SettingInEffect[] = [];
  const location = resolveDatabaseLocation(db, env);
  settings.push({
    name: db?.trim() ? '--db' : 'DOSSIER_DB',
    value: `${describeLocation(location)}${!db?.trim() && !env.DOSSIER_DB?.trim() ? ' (default)' : ''}`,
  });
  try {
    const { host, port } = resolveListenAddress({}, env);
    settings.push({ name: 'HOST', value: host }, { name: 'PORT', value: String(port) });
  } catch (error) {
    settings.push({ name: 'HOST/PORT', value: `${env.HOST ?? ''}:${env.PORT ?? ''}`, problem: messageOf(error) });
  }
  return settings;
}

/**
 * The API's settings as raw values, when no serverSettings provider judges them (the CLI passes
 * one built on the API's own parsers; core cannot import the API).
 */
export function rawServerSettings(env: NodeJS.ProcessEnv): SettingInEffect[] {
  const { private: privateInstance, trustedProxies, logLevel, metricsPort } = settingTable;
  return [privateInstance, trustedProxies, logLevel, metricsPort].map(({ env: name }) => ({
    name,
    value: env[name]?.trim() || '(unset)',
  }));
}

function checkSettings(options: DoctorOptions, env: NodeJS.ProcessEnv): DoctorCheck {
  let settings: SettingInEffect[];
  try {
    settings = [...coreSettings(env, options.db), ...(options.serverSettings ?? rawServerSettings)(env)];
  } catch (error) {
    return { name: 'settings', status: 'fail', detail: messageOf(error), hint: hintOf(error) };
  }
  const detail = settings.map((setting) => `${setting.name}=${setting.value}`).join(', ');
  const problems = settings
    .filter((setting) => setting.problem)
    .map((setting) => `${setting.name}: ${setting.problem}`);
  if (problems.length) return { name: 'settings', status: 'fail', detail, hint: problems.join('; ') };
  const warnings = settings
    .filter((setting) => setting.warning)
    .map((setting) => `${setting.name}: ${setting.warning}`);
  if (warnings.length) return { name: 'settings', status: 'warn', detail, hint: warnings.join('; ') };
  return { name: 'settings', status: 'pass', detail };
}

function checkReferenceData(): DoctorCheck {
  try {
    const reference = bundledReferenceData();
    if (reference.countries.length === 0 || reference.gazetteer.length === 0) {
      return {
        name: 'reference data',
        status: 'fail',
        detail: `${reference.countries.length} countries, ${reference.gazetteer.length} gazetteer entries`,
        hint: 'the data/ folder is missing or empty: reinstall, or copy data/ next to dist/',
      };
    }
    return {
      name: 'reference data',
      status: 'pass',
      detail: `${reference.countries.length} countries, ${reference.gazetteer.length} gazetteer entries`,
    };
  } catch (error) {
    return {
      name: 'reference data',
      status: 'fail',
      detail: messageOf(error),
      hint: hintOf(error) ?? 'check data/gazetteer/*.json (`node data/check-gazetteer.mjs`)',
    };
  }
}

const probeProfile = [
  'Kazakhstan',
  '',
  'Profile',
  '',
  'Kazakhstan exports wheat to Afghanistan.',
  '',
  'Key Interests & Priorities',
  '',
  '1. Trade',
  '',
  'Kazakhstan wants trade routes through Afghanistan.',
  '',
].join('\n');

/** Starts a one-thread ingest pool, processes a small profile in its worker and closes it. */
export async function probeIngestPool(): Promise<string> {
  const pool = new IngestPool({ threads: 1, idleSeconds: 1 });
  const started = performance.now();
  try {
    const result = await pool.runOne({
      bytes: new TextEncoder().encode(probeProfile),
      name: 'doctor-probe.txt',
      savedBy: null,
    });
    if (!result.processed || result.processed.extraction.actor.name !== 'Kazakhstan')
      throw new Error('the worker answered without the processed profile');
    return (
      `a worker thread processed a profile in ${Math.round(performance.now() - started)} ms; ingest uses ` +
      `${defaultIngestThreads()} threads by default`
    );
  } finally {
    await pool.close();
  }
}

async function checkIngestPool(probe: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name: 'ingest pool', status: 'pass', detail: await probe() };
  } catch (error) {
    return {
      name: 'ingest pool',
      status: 'fail',
      detail: `the ingest worker pool does not start: ${messageOf(error)}`,
      hint: hintOf(error) ?? 'rebuild (`npm run build`) and check that dist/ is complete',
    };
  }
}

/** The nearest existing folder at or above the database file (statfs needs an existing path). */
async function existingFolderOf(file: string): Promise<string> {
  let folder = path.dirname(path.resolve(file));
  for (;;) {
    try {
      await statfs(folder);
      return folder;
    } catch {
      const parent = path.dirname(folder);
      if (parent === folder) return folder;
      folder = parent;
    }
  }
}

async function checkDiskSpace(location: string, minFree: number, lowFree: number): Promise<DoctorCheck> {
  if (isPostgresLocation(location))
    return { name: 'disk space', status: 'skip', detail: 'PostgreSQL keeps its data on the server (check it there)' };
  if (location.trim() === ':memory:') return { name: 'disk space', status: 'skip', detail: 'in-memory database' };
  const folder = await existingFolderOf(location);
  try {
    const info = await statfs(folder);
    const free = Number(info.bavail) * Number(info.bsize);
    const detail = `${mebibytes(free)} free in ${folder}`;
    if (free < minFree)
      return {
        name: 'disk space',
        status: 'fail',
        detail,
        hint: `free at least ${mebibytes(minFree)} for the database and its WAL`,
      };
    if (free < lowFree)
      return {
        name: 'disk space',
        status: 'warn',
        detail,
        hint: 'the disk is nearly full; writes fail with STORE_DISK_FULL when it is',
      };
    return { name: 'disk space', status: 'pass', detail };
  } catch (error) {
    return { name: 'disk space', status: 'warn', detail: `cannot read free space of ${folder}: ${messageOf(error)}` };
  }
}

/** Runs every check; never creates a database, a folder or a schema. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const root = options.packageRoot ?? defaultPackageRoot();
  const location = resolveDatabaseLocation(options.db, env);
  const checks: DoctorCheck[] = [];
  checks.push(await checkNode(root, options.nodeVersion ?? process.versions.node));
  checks.push(await checkSqliteModule(!isPostgresLocation(location)));
  const database = await checkDatabase(location);
  checks.push(...database.checks);
  checks.push(checkSettings(options, env));
  checks.push(checkReferenceData());
  checks.push(await checkIngestPool(options.probeIngestPool ?? probeIngestPool));
  checks.push(
    await checkDiskSpace(location, options.minFreeBytes ?? 64 * 1024 * 1024, options.lowFreeBytes ?? 512 * 1024 * 1024),
  );
  return { ok: checks.every((check) => check.status !== 'fail'), checks, diagnosis: database.diagnosis };
}
