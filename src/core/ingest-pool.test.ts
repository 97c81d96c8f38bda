// The ingest worker pool: documents parsed in worker threads (here the TypeScript worker run
// through tsx), errors that keep their code and line:column across the thread boundary, the
// CPU-time budget and the memory cap (BUDGET_EXCEEDED, the worker recycled), the write order of
// a parallel batch (same stored result for --jobs 0, 1 and 2, on SQLite and PostgreSQL), and
// the pool statistics the metrics read.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierError } from '../model/index.js';
import pg from 'pg';
import { Dossier, type IngestEvent } from './dossier.js';
import { processProfile } from './profile-pipeline.js';
import { rehydrateError, serializeError } from './ingest-task.js';
import { IngestWriteOrder } from './ingest-write-order.js';
import type { IngestPoolOptions } from './ingest-pool.js';

const root = path.resolve(import.meta.dirname, '..', '..');
interface Backend {
  name: string;
  open(): Promise<{ dossier: Dossier; dispose(): Promise<void> }>;
}

const pgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${pgUrl} (set DOSSIER_TEST_PG_URL)`);
    console.warn(
      `Skipping the PostgreSQL runs of the ingest pool tests: no server at ${pgUrl} (set DOSSIER_TEST_PG_URL)`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let backendRuns = 0;
/** SQLite, and PostgreSQL (own throwaway schema) when reachable; required under CI=true. */
const backendList: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-pool-jobs-'));
      const dossier = await Dossier.open(path.join(dir, 'jobs.db'));
      return { dossier, dispose: async () => (await dossier.close(), await rm(dir, { recursive: true, force: true })) };
    },
  },
];
if (await postgresReachable()) {
  backendList.push({
    name: 'postgres',
    async open() {
      const schema = `dossier_pool_${process.pid}_${backendRuns++}`;
      const location = new URL(pgUrl);
      location.searchParams.set('schema', schema);
      const dossier = await Dossier.open(location.toString());
      return {
        dossier,
        dispose: async () => {
          await dossier.close();
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      };
    },
  });
}
const seed = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
const seedBody = seed.slice(seed.indexOf('\n'));
const seedProfile = seedBody.slice(seedBody.indexOf('Profile'));

/** A valid profile of about `copies` × 3.5 KB: costs CPU in proportion (hundreds of ms for 400 copies). */
const largeProfile = (actor: string, copies: number) => `${actor}${seedBody}${`\n\n${seedProfile}`.repeat(copies - 1)}`;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-pool-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const openFileDossier = async (name: string, ingest: IngestPoolOptions = {}) =>
  Dossier.open(path.join(folder, `${name}.db`), { ingest });

describe('errors across the thread boundary', () => {
  it('serialises a DossierError with code, location, expected, hint and details, and rehydrates it', () => {
    const original = new DossierError('LIMIT_EXCEEDED', 'too deep', {
      file: 'a.md',
      line: 3,
      column: 7,
      expected: 'at most 100 levels',
      hint: 'flatten it',
      details: { depth: 101 },
    });
    const copy = rehydrateError(structuredClone(serializeError(original, 'ignored.md')));
    expect(copy).toBeInstanceOf(DossierError);
    expect({
      code: copy.code,
      status: copy.status,
      message: copy.message,
      file: copy.file,
      line: copy.line,
      column: copy.column,
      expected: copy.expected,
      hint: copy.hint,
      details: copy.details,
    }).toEqual({
      code: 'LIMIT_EXCEEDED',
      status: 422,
      message: 'too deep',
      file: 'a.md',
      line: 3,
      column: 7,
      expected: 'at most 100 levels',
      hint: 'flatten it',
      details: { depth: 101 },
    });
    expect(copy.describe()).toBe(original.describe());
  });

  it('turns anything else into INTERNAL named after the file, and drops details that cannot be cloned', () => {
    const fromRangeError = rehydrateError(
      structuredClone(serializeError(new RangeError('Maximum call stack size exceeded'), 'deep.html')),
    );
    expect([fromRangeError.code, fromRangeError.file, fromRangeError.message]).toEqual([
      'INTERNAL',
      'deep.html',
      'Maximum call stack size exceeded',
    ]);
    expect(rehydrateError(structuredClone(serializeError('a string', 'x.txt'))).message).toBe('a string');
    const withFunction = serializeError(new DossierError('BAD_REQUEST', 'x', { details: { f: () => 1 } }), 'x');
    expect(() => structuredClone(withFunction)).not.toThrow();
    expect(withFunction.details).toBeUndefined();
    expect(rehydrateError({ code: 'NO_SUCH_CODE' as never, message: 'm' }).code).toBe('INTERNAL');
  });
});

describe('IngestWriteOrder', () => {
  it('lets documents of one actor write in input order and other actors at once', () => {
    const order = new IngestWriteOrder(4);
    const granted: number[] = [];
    order.processed(1, ['b'], () => granted.push(1));
    expect(granted).toEqual([]); // document 0's actor is not known yet
    order.processed(0, ['a'], () => granted.push(0));
    expect(granted).toEqual([0, 1]);
    order.processed(3, ['a'], () => granted.push(3));
    order.processed(2, ['b'], () => granted.push(2));
    expect(granted).toEqual([0, 1]); // 2 waits for 1 (b), 3 for 0 (a)
    order.finished(1);
    expect(granted).toEqual([0, 1, 2]);
    order.finished(0);
    expect(granted).toEqual([0, 1, 2, 3]);
  });

  it('does not wait for a refused document', () => {
    const order = new IngestWriteOrder(3);
    const granted: number[] = [];
    order.processed(2, ['a'], () => granted.push(2));
    order.finished(0); // refused before its actor was known
    expect(granted).toEqual([]);
    order.finished(1);
    expect(granted).toEqual([2]);
  });

  it('holds a unit of several actors until no earlier unit has any of them unwritten', () => {
    const order = new IngestWriteOrder(3);
    const granted: number[] = [];
    order.processed(0, ['a', 'b'], () => granted.push(0));
    order.processed(1, ['c', 'b'], () => granted.push(1));
    order.processed(2, ['d', 'e'], () => granted.push(2));
    expect(granted).toEqual([0, 2]); // 1 shares b with 0
    order.finished(0);
    expect(granted).toEqual([0, 2, 1]);
  });

  it(
    'grants a unit that runs again (a subset of its actors) at ' +
      'once, and checks a unit announced for the first time',
    () => {
      const order = new IngestWriteOrder(2);
      const granted: string[] = [];
      order.processed(0, ['a', 'b'], () => granted.push('0 first'));
      order.processed(0, ['b'], () => granted.push('0 again'));
      order.processed(1, ['b'], () => granted.push('1'));
      expect(granted).toEqual(['0 first', '0 again']);
      order.finished(0);
      expect(granted).toEqual(['0 first', '0 again', '1']);
    },
  );
});

describe('ingest in worker threads', () => {
  it('stores a document from a worker, and the store revision moves for the caches', async () => {
    const dossier = await openFileDossier('worker-store');
    try {
      const before = await dossier.store.revision();
      const events: IngestEvent[] = [];
      dossier.onIngestDone((event) => events.push(event));
      const outcome = await dossier.ingestBytes(Buffer.from(seed), 'seed-kazakhstan.txt', undefined, null);
      expect(outcome).toMatchObject({ status: 'created', actorId: 'kazakhstan', version: 1 });
      expect(await dossier.store.revision()).not.toBe(before);
      expect(String((await dossier.listActorsJson()).body)).toContain('"kazakhstan"');
      expect(await dossier.ingestBytes(Buffer.from(seed), 'again.txt')).toMatchObject({
        status: 'unchanged',
        version: 1,
      });
      expect(events.map((event) => [event.outcome, event.via, event.bytes])).toEqual([
        ['created', 'bytes', Buffer.byteLength(seed)],
        ['unchanged', 'bytes', Buffer.byteLength(seed)],
      ]);
      const stats = dossier.ingestPoolStats();
      expect(stats.maxThreads).toBeGreaterThanOrEqual(1);
      expect(stats.completed).toBe(2);
      expect(stats.running).toBe(0);
    } finally {
      await dossier.close();
    }
    expect(dossier.ingestPoolStats().threads).toBe(0);
  });

  it('keeps code, file, line, column and expected of a refusal made in a worker', async () => {
    const dossier = await openFileDossier('worker-errors');
    const refusals: IngestEvent[] = [];
    dossier.onIngestDone((event) => refusals.push(event));
    try {
      const hostile = [
        {
          name: 'no-title.txt',
          text: '\n\nKey Interests & Priorities\n\n1. Trade\n\nA profile that lost its title line.\n',
        },
        { name: 'empty.md', text: '   \n\n' },
        { name: 'binary.txt', text: 'Kazakhstan\u0000\u0001\u0002\u0000\u0000 binary' },
        { name: 'no-title.md', text: '## Profile\n\nText.\n' },
      ];
      for (const { name, text } of hostile) {
        let inProcess: DossierError | undefined;
        try {
          processProfile(Buffer.from(text), name);
        } catch (error) {
          inProcess = error as DossierError;
        }
        expect(inProcess, name).toBeInstanceOf(DossierError);
        const fromWorker = await dossier.ingestBytes(Buffer.from(text), name).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(fromWorker, name).toBeInstanceOf(DossierError);
        const shape = (error: DossierError) => ({
          code: error.code,
          file: error.file,
          line: error.line,
          column: error.column,
          expected: error.expected,
          message: error.message,
          describe: error.describe(),
        });
        expect(shape(fromWorker as DossierError), name).toEqual(shape(inProcess!));
      }
      expect(refusals.every((event) => event.outcome === 'refused' && event.code !== undefined)).toBe(true);
      expect(await dossier.ingestBytes(Buffer.from(seed), 'seed.txt')).toMatchObject({ status: 'created' });
    } finally {
      await dossier.close();
    }
  });

  it(
    'refuses a document over the CPU budget with BUDGET_EXCEEDED, recycles the worker, and the next document is ' +
      'stored',
    async () => {
      // 400 seed narratives (~1.4 MB) cost far more than 100 ms of CPU however fast the pipeline
      // gets; the seed costs a fraction of it in a warmed-up worker.
      const dossier = await openFileDossier('worker-budget', { threads: 1, cpuBudgetMs: 100 });
      try {
        const error = await dossier.ingestBytes(Buffer.from(largeProfile('Heavyland', 400)), 'heavy.txt').then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(DossierError);
        expect((error as DossierError).code).toBe('BUDGET_EXCEEDED');
        expect((error as DossierError).file).toBe('heavy.txt');
        expect((error as DossierError).describe()).toMatch(/^heavy\.txt: took more than 100 ms of CPU time/);
        expect(((error as DossierError).details as { cpuMs: number }).cpuMs).toBeGreaterThan(100);
        expect(await dossier.store.getActor('heavyland')).toBeNull();
        expect(
          await dossier.ingestBytes(Buffer.from(seed.replace('Kazakhstan', 'Lightland')), 'light.txt'),
        ).toMatchObject({ status: 'created', actorId: 'lightland' });
        expect(dossier.ingestPoolStats().running).toBe(0);
      } finally {
        await dossier.close();
      }
    },
  );

  it('refuses a document over the memory cap with BUDGET_EXCEEDED and the process lives on', async () => {
    // A 48 MB heap holds the reference data and small profiles but not 1,400 seed narratives (~5 MB).
    const dossier = await openFileDossier('worker-memory', { threads: 1, memoryMb: 48, cpuBudgetMs: 600_000 });
    try {
      const error = await dossier.ingestBytes(Buffer.from(largeProfile('Hugeland', 1400)), 'huge.txt').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect((error as DossierError).code).toBe('BUDGET_EXCEEDED');
      expect((error as DossierError).message).toMatch(/more than 48 MB of memory/);
      expect(await dossier.ingestBytes(Buffer.from(seed), 'seed.txt')).toMatchObject({ status: 'created' });
    } finally {
      await dossier.close();
    }
  });
});

describe('batch ingest gives the same stored result for any --jobs', () => {
  let corpus: string;
  let files: string[];
  beforeAll(async () => {
    corpus = await mkdtemp(path.join(os.tmpdir(), 'dossier-jobs-corpus-'));
    const examples = ['china.md', 'india.md', 'iran.md', 'qatar.md', 'tajikistan.md'];
    files = [];
    let index = 0;
    const add = async (name: string, text: string) => {
      const file = path.join(corpus, `${String(index++).padStart(2, '0')}-${name}`);
      await writeFile(file, text);
      files.push(file);
    };
    // Three versions of one actor, interleaved with others, the heaviest first so that a later
    // version finishes parsing before an earlier one; a refused file in the middle; an exact duplicate.
    await add('kazakhstan-v1.txt', largeProfile('Kazakhstan', 30));
    for (const example of examples.slice(0, 2))
      await add(example, await readFile(path.join(root, 'examples', example), 'utf8'));
    await add('kazakhstan-v2.txt', seed);
    await add('refused.txt', '\n\nProfile\nA profile that lost its title line.\n');
    for (const example of examples.slice(2))
      await add(example, await readFile(path.join(root, 'examples', example), 'utf8'));
    await add('kazakhstan-v3.txt', `${seed}\nOne more sentence about grain.\n`);
    await add('kazakhstan-v2-again.txt', seed);
  });
  afterAll(async () => {
    await rm(corpus, { recursive: true, force: true });
  });

  const fingerprint = async (dossier: Dossier) => {
    const actors = await dossier.listActors();
    const kazakhstan = await dossier.getActor('kazakhstan');
    return {
      actors: actors.map((actor) => [actor.id, actor.latestVersion, actor.versions, actor.sentenceCount]),
      kazakhstanVersions: kazakhstan.versions.map((version) => [version.version, version.hash, version.sourceName]),
      kazakhstanText: kazakhstan.extraction.text,
      stats: await dossier.stats(),
    };
  };

  const summary = (report: Awaited<ReturnType<Dossier['ingestFiles']>>) =>
    report.results.map((result) => [
      path.basename(result.file),
      result.outcome?.status ?? result.error?.code,
      result.outcome?.version ?? result.error?.line,
    ]);

  for (const backend of backendList) {
    it(`--jobs 0, 1 and 2 store the same versions and report in input order (${backend.name})`, async () => {
      const runs = [];
      for (const jobs of [0, 1, 2]) {
        const { dossier, dispose } = await backend.open();
        try {
          const progress: string[] = [];
          const report = await dossier.ingestFiles(files, {
            jobs,
            relativeTo: corpus,
            onProgress: (done, total, result) => progress.push(`${done}/${total} ${result.file}`),
          });
          expect(progress).toEqual(
            files.map((file, index) => `${index + 1}/${files.length} ${path.relative(corpus, file)}`),
          );
          expect(report.results.map((result) => result.file)).toEqual(files.map((file) => path.relative(corpus, file)));
          runs.push({
            jobs,
            summary: summary(report),
            counts: [report.created, report.newVersions, report.unchanged, report.refused],
            stored: await fingerprint(dossier),
          });
        } finally {
          await dispose();
        }
      }
      const [created, newVersions, , refused] = runs[0]!.counts;
      expect([created, refused]).toEqual([6, 1]);
      expect(newVersions).toBeGreaterThanOrEqual(2);
      expect(
        runs[0]!.stored.kazakhstanVersions
          .slice(0, 3)
          .map(([version, , source]) => [version, path.basename(String(source))]),
      ).toEqual([
        [1, '00-kazakhstan-v1.txt'],
        [2, '03-kazakhstan-v2.txt'],
        [3, '08-kazakhstan-v3.txt'],
      ]);
      expect(runs[0]!.stored.kazakhstanText).toBe(`${seed}\nOne more sentence about grain.\n`);
      expect(runs[1]).toEqual({ ...runs[0], jobs: 1 });
      expect(runs[2]).toEqual({ ...runs[0], jobs: 2 });
    });
  }
});

describe('bulk ingest in units of several documents', () => {
  // 48 files give units of several documents (up to 32 per worker task, written in one
  // transaction). One of them is far over the CPU budget: its worker is stopped, the documents
  // processed with it are lost and run again, and only it is refused.
  let corpus: string;
  let files: string[];
  const actors = ['Alphaland', 'Betaland', 'Gammaland'];
  beforeAll(async () => {
    corpus = await mkdtemp(path.join(os.tmpdir(), 'dossier-units-'));
    files = [];
    for (let index = 0; index < 48; index++) {
      const actor = actors[index % actors.length]!;
      let text = `${actor}${seedBody}\nRevision ${Math.floor(index / actors.length)} of this profile mentions grain.\n`;
      if (index === 20) text = largeProfile('Heavyland', 400);
      if (index === 33) text = '\n\nProfile\nA profile that lost its title line.\n';
      // Betaland's version 0 again: unchanged
      if (index === 40) text = `${actors[1]}${seedBody}\nRevision 0 of this profile mentions grain.\n`;
      const file = path.join(corpus, `${String(index).padStart(2, '0')}.txt`);
      await writeFile(file, text);
      files.push(file);
    }
  });
  afterAll(async () => {
    await rm(corpus, { recursive: true, force: true });
  });

  const run = async (location: string, jobs: number, ingest: IngestPoolOptions = {}) => {
    const dossier = await Dossier.open(location, { ingest });
    try {
      const report = await dossier.ingestFiles(files, { jobs, relativeTo: corpus });
      const stored = await Promise.all(
        actors.map(async (actor) => {
          const detail = await dossier.getActor(actor.toLowerCase());
          return [detail.versions.map((version) => path.basename(String(version.sourceName))), detail.extraction.text];
        }),
      );
      return {
        results: report.results.map((result) => [
          result.file,
          result.outcome?.status ?? result.error?.code,
          result.outcome?.version,
        ]),
        stored,
        stats: await dossier.stats(),
      };
    } finally {
      await dossier.close();
    }
  };

  it(
    'stores what a sequential run stores, refuses only the document over budget, and keeps each actor in input ' +
      'order',
    async () => {
      const budget = { cpuBudgetMs: 150 };
      const sequential = await run(path.join(folder, 'units-0.db'), 0);
      const oneWorker = await run(path.join(folder, 'units-1.db'), 1, budget);
      const twoWorkers = await run(path.join(folder, 'units-2.db'), 2, budget);
      const inMemory = await run(':memory:', 2, budget);
      // Sequential ingest has no budget: the heavy document is stored there; elsewhere it is refused.
      expect(sequential.results[20]).toEqual(['20.txt', 'created', 1]);
      for (const parallel of [oneWorker, twoWorkers, inMemory]) {
        expect(parallel.results[20]).toEqual(['20.txt', 'BUDGET_EXCEEDED', undefined]);
        expect(parallel.results.filter((_, index) => index !== 20)).toEqual(
          sequential.results.filter((_, index) => index !== 20),
        );
        expect(parallel.stored).toEqual(sequential.stored);
      }
      expect(sequential.results[33]![1]).toMatch(/^[A-Z_]+$/); // refused with an error code
      expect(sequential.results[40]).toEqual(['40.txt', 'unchanged', 1]);
      const alphaland = sequential.stored[0]![0] as string[];
      expect(alphaland).toEqual(
        files.filter((_, index) => index % 3 === 0 && index !== 33).map((file) => path.basename(file)),
      );
    },
    // Four ingests of 48 files, one with a document stopped over budget: 10-20 s on an idle 2-core machine, past
    // 30 s at a load of 15.
    240_000,
  );
});
