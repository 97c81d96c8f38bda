// Class 2 of the battery, kill -9 during ingest, on SQLite and PostgreSQL: `dossier ingest` of a
// folder (examples, held-out profiles, the seed and its variants: several files per actor) is
// SIGKILLed at seeded random moments. After every kill the database must open, hold no orphan
// rows, number each actor's versions 1..n, point each actor's latest version at a stored
// version of it, and hold only whole documents that the uninterrupted ingest also stored (same
// actor, version, content hash and row counts). Each round ends with a run to completion that
// must give exactly the uninterrupted result, and one more run that must store nothing.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadCore } from './app-modules.js';
import {
  ClassResult,
  dossierBin,
  peakRssOf,
  Random,
  replayHint,
  repositoryRoot,
  runDossier,
  throwAwaySchema,
  type BatteryOptions,
} from './battery-support.js';

/** What a database holds, in backend-neutral form. */
interface DatabaseState {
  /** `actor v<version>` → content hash and row counts per child table. */
  documents: Map<string, { hash: string; counts: Record<string, number> }>;
  /** actor → its latest pointer as `actor v<version>`, or a description of what is wrong. */
  latest: Map<string, string>;
  /** Problems found by reading (orphans, gaps, dangling pointers). */
  problems: string[];
}

interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new empty database location and its disposal. */
  create(label: string): Promise<{ location: string; read(): Promise<DatabaseState>; dispose(): Promise<void> }>;
}

type Row = Record<string, unknown>;

/**
 * Tables derived from the documents and kept for their actor's latest version (the network's figures, the review
 * queue's levels, the timeline's year counts): their rows follow which version is latest, not whether a document
 * was written whole, and their own tests compare them with a computation from scratch.
 */
const derivedTables = new Set([
  'graph_documents',
  'graph_pairs',
  'graph_relations',
  'fact_levels',
  'timeline_year_parts',
  'timeline_dirty',
]);

/** Builds the state from raw rows: documents, actors and, per child table, document_id counts. */
function stateFrom(documents: Row[], actors: Row[], childCounts: Map<string, Row[]>): DatabaseState {
  const state: DatabaseState = { documents: new Map(), latest: new Map(), problems: [] };
  const byId = new Map<string, Row>();
  for (const row of documents) byId.set(String(row.id), row);
  const countsById = new Map<string, Record<string, number>>();
  for (const [table, rows] of childCounts) {
    for (const row of rows) {
      const id = String(row.document_id);
      if (!byId.has(id)) {
        state.problems.push(`orphan rows: ${row.n} in ${table} for missing document ${id}`);
        continue;
      }
      const counts = countsById.get(id) ?? {};
      counts[table] = Number(row.n);
      countsById.set(id, counts);
    }
  }
  const versions = new Map<string, number[]>();
  for (const row of documents) {
    const key = `${row.actor_id} v${row.version}`;
    const counts = countsById.get(String(row.id)) ?? {};
    state.documents.set(key, { hash: String(row.hash), counts: Object.fromEntries(Object.entries(counts).sort()) });
    versions.set(String(row.actor_id), [...(versions.get(String(row.actor_id)) ?? []), Number(row.version)]);
  }
  const actorIds = new Set(actors.map((row) => String(row.id)));
  for (const actorId of versions.keys())
    if (!actorIds.has(actorId)) state.problems.push(`documents of a missing actor ${actorId}`);
  for (const row of actors) {
    const actorId = String(row.id);
    const list = (versions.get(actorId) ?? []).sort((a, b) => a - b);
    if (list.length === 0) state.problems.push(`actor ${actorId} without any version`);
    if (list.some((version, index) => version !== index + 1))
      state.problems.push(`actor ${actorId} has versions ${list.join(',')} (expected 1..${list.length})`);
    if (!('latest_document_id' in row)) continue;
    const pointer = row.latest_document_id;
    const target = pointer === null || pointer === undefined ? undefined : byId.get(String(pointer));
    if (!target) state.problems.push(`actor ${actorId}: latest pointer ${String(pointer)} is not a stored document`);
    else if (String(target.actor_id) !== actorId)
      state.problems.push(`actor ${actorId}: latest pointer is a document of ${String(target.actor_id)}`);
    else state.latest.set(actorId, `${actorId} v${target.version}`);
  }
  return state;
}

const sqliteBackend = (folder: string): Backend => ({
  name: 'sqlite',
  async create(label) {
    const file = path.join(folder, `${label}.db`);
    return {
      location: file,
      async read() {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const tables = (
            db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
          ).map((row) => row.name);
          const children = new Map<string, Row[]>();
          for (const table of tables) {
            const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
            if (
              table === 'documents' ||
              derivedTables.has(table) ||
              !columns.some((column) => column.name === 'document_id')
            )
              continue;
            children.set(
              table,
              db.prepare(`SELECT document_id, count(*) AS n FROM "${table}" GROUP BY document_id`).all() as Row[],
            );
          }
          return stateFrom(
            db.prepare('SELECT id, actor_id, version, hash FROM documents').all() as Row[],
            db.prepare('SELECT * FROM actors').all() as Row[],
            children,
          );
        } finally {
          db.close();
        }
      },
      dispose: () =>
        Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(file + suffix, { force: true }))).then(
          () => undefined,
        ),
    };
  },
});

const postgresBackend = (url: string): Backend => ({
  name: 'postgres',
  async create() {
    const schema = throwAwaySchema(url, 'dossier_battery_kill');
    return {
      location: schema.location,
      async read() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const q = (sql: string, params: unknown[] = []) =>
            client.query(sql, params).then((result) => result.rows as Row[]);
          const tables = await q(
            `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'document_id'`,
            [schema.schema],
          );
          const children = new Map<string, Row[]>();
          for (const { table_name: table } of tables) {
            if (table === 'documents' || derivedTables.has(String(table))) continue;
            children.set(
              String(table),
              await q(
                `SELECT document_id, count(*)::int AS n FROM "${schema.schema}"."${String(table)}" GROUP BY ` +
                  `document_id`,
              ),
            );
          }
          return stateFrom(
            await q(`SELECT id, actor_id, version, hash FROM "${schema.schema}".documents`),
            await q(`SELECT * FROM "${schema.schema}".actors`),
            children,
          );
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      dispose: () => schema.drop(),
    };
  },
});

/** Differences between a state and the uninterrupted one (`complete`: must be equal, else a prefix). */
function compareStates(state: DatabaseState, baseline: DatabaseState, complete: boolean): string[] {
  const problems = [...state.problems];
  for (const [key, document] of state.documents) {
    const expected = baseline.documents.get(key);
    if (!expected) problems.push(`${key} was stored but the uninterrupted ingest has no such version`);
    else if (expected.hash !== document.hash)
      problems.push(
        `${key} holds content ${document.hash.slice(0, 12)}, the uninterrupted ingest ${expected.hash.slice(0, 12)}`,
      );
    else if (JSON.stringify(expected.counts) !== JSON.stringify(document.counts))
      problems.push(
        `${key} is not whole: rows ${JSON.stringify(document.counts)} ≠ ${JSON.stringify(expected.counts)}`,
      );
  }
  if (complete) {
    for (const key of baseline.documents.keys())
      if (!state.documents.has(key)) problems.push(`${key} missing after the run to completion`);
    for (const [actor, latest] of baseline.latest)
      if (state.latest.get(actor) !== latest)
        problems.push(`actor ${actor}: latest is ${state.latest.get(actor)}, uninterrupted ${latest}`);
  }
  return problems.slice(0, 6);
}

/** The folder ingested: examples, held-out profiles, the seed and its format/encoding variants. */
async function prepareFolder(folder: string, reduced: boolean): Promise<number> {
  await mkdir(folder, { recursive: true });
  const all = [
    ...(await readdir(path.join(repositoryRoot, 'examples')))
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => path.join('examples', name)),
    ...(await readdir(path.join(repositoryRoot, 'test-fixtures', 'held-out')))
      .filter((name) => name.endsWith('.txt'))
      .map((name) => path.join('test-fixtures', 'held-out', name)),
    ...(await readdir(path.join(repositoryRoot, 'test-fixtures', 'seed-variants'))).map((name) =>
      path.join('test-fixtures', 'seed-variants', name),
    ),
    path.join('test-fixtures', 'seed-kazakhstan.txt'),
  ];
  // The reduced run keeps the seed variants (several files for one actor) and every fourth other profile.
  const sources = reduced ? all.filter((source, index) => source.includes('seed') || index % 4 === 0) : all;
  for (const source of sources)
    await copyFile(
      path.join(repositoryRoot, source),
      path.join(folder, `${path.basename(path.dirname(source))}-${path.basename(source)}`),
    );
  return sources.length;
}

/** Starts `dossier ingest FOLDER --db LOCATION` and SIGKILLs it after `delayMs` (if still running). */
function ingestAndKill(
  folder: string,
  location: string,
  delayMs: number,
): Promise<{ killed: boolean; code: number | null; stderr: string; peakRss: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [dossierBin, 'ingest', folder, '--db', location, '--quiet'], {
      cwd: repositoryRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    let peakRss = 0;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-3000)));
    const timer = setTimeout(() => {
      peakRss = peakRssOf(child.pid);
      killed = child.exitCode === null && child.kill('SIGKILL');
    }, delayMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ killed, code, stderr, peakRss });
    });
  });
}

export async function runKillDuringIngest(options: BatteryOptions): Promise<ClassResult> {
  const result = new ClassResult('kill -9 during ingest');
  const folder = path.join(options.workFolder, 'kill');
  const documents = path.join(folder, 'documents');
  const fileCount = await prepareFolder(documents, options.reduced);
  const backends: Backend[] = [sqliteBackend(folder)];
  if (options.postgresUrl) backends.push(postgresBackend(options.postgresUrl));
  else if (process.env.CI === 'true')
    result.record(
      'postgres',
      0,
      `PostgreSQL is required under CI=true: ${options.postgresMissing}`,
      'start PostgreSQL or set DOSSIER_TEST_PG_URL',
    );
  else result.notes.push(`PostgreSQL part skipped (not reachable: ${options.postgresMissing})`);
  const killsPerBackend = options.reduced ? 5 : 50;
  const killsPerRound = 5;
  const random = new Random(options.seed ^ 0x6b11);

  for (const backend of backends) {
    const reproduce = replayHint(options, 'kill');
    // The uninterrupted result.
    const base = await backend.create('baseline');
    const run = await runDossier(['ingest', documents, '--db', base.location, '--quiet'], { timeoutMs: 600_000 });
    result.noteRss(run.peakRss);
    if (run.code !== 0 && run.code !== 2) {
      result.record(
        `${backend.name} uninterrupted ingest`,
        run.wallMs,
        `exit ${run.code}: ${run.stderr.slice(0, 400)}`,
        reproduce,
      );
      await base.dispose();
      continue;
    }
    const baseline = await base.read();
    const baselineProblems = compareStates(baseline, baseline, true);
    result.record(
      `${backend.name} uninterrupted ingest of ${fileCount} files`,
      run.wallMs,
      baselineProblems.length ? baselineProblems.join('; ') : null,
      reproduce,
    );
    await base.dispose();
    const fullMs = run.wallMs;
    result.notes.push(
      `${backend.name}: uninterrupted ingest of ${fileCount} files (${baseline.documents.size} versions) takes ` +
        `${(fullMs / 1000).toFixed(1)} s`,
    );

    for (let round = 0; round * killsPerRound < killsPerBackend; round++) {
      const database = await backend.create(`round-${round}`);
      try {
        for (let kill = 0; kill < Math.min(killsPerRound, killsPerBackend - round * killsPerRound); kill++) {
          const delay = Math.round((fullMs * random.int(3, 105)) / 100);
          const name = `${backend.name} round ${round + 1} kill ${kill + 1} at ${delay} ms`;
          const started = performance.now();
          const outcome = await ingestAndKill(documents, database.location, delay);
          result.noteRss(outcome.peakRss);
          const problems: string[] = [];
          if (!outcome.killed && outcome.code !== 0 && outcome.code !== 2)
            problems.push(`ingest failed on its own (exit ${outcome.code}): ${outcome.stderr.slice(-300)}`);
          try {
            const { Dossier } = await loadCore();
            const dossier = await Dossier.open(database.location);
            try {
              await dossier.listActors();
            } finally {
              await dossier.close();
            }
            problems.push(...compareStates(await database.read(), baseline, false));
          } catch (error) {
            problems.push(
              `the database does not open after the kill: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          result.record(name, performance.now() - started, problems.length ? problems.join('; ') : null, reproduce);
        }
        // Run to completion: exactly the uninterrupted result; once more: nothing stored.
        for (const pass of ['completion', 're-run'] as const) {
          const started = performance.now();
          const finish = await runDossier(['ingest', documents, '--db', database.location], {
            timeoutMs: Math.max(60_000, 8 * fullMs),
          });
          result.noteRss(finish.peakRss);
          const problems: string[] = [];
          if (finish.signal)
            problems.push(
              `the run to completion hung: killed after ${(finish.wallMs / 1000).toFixed(0)} s (the ` +
                `uninterrupted ingest takes ${(fullMs / 1000).toFixed(1)} s)`,
            );
          else if (finish.code !== 0 && finish.code !== 2)
            problems.push(`exit ${finish.code}: ${finish.stderr.slice(-300)}`);
          else problems.push(...compareStates(await database.read(), baseline, true));
          result.record(
            `${backend.name} round ${round + 1} ${pass}`,
            performance.now() - started,
            problems.length ? problems.join('; ') : null,
            reproduce,
          );
        }
      } finally {
        await database.dispose();
      }
      options.log(`kill: ${backend.name} round ${round + 1} done (${result.failed} failed so far)`);
    }
  }
  return result;
}
