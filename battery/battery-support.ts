// Shared pieces of the hostile battery: the seeded random source, the per-class result
// record and its table, child processes run through tsx, peak-RSS sampling, and the
// PostgreSQL throw-away schemas used by the classes that run on both backends.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const batteryFolder = path.join(repositoryRoot, 'battery');
export const dossierBin = path.join(repositoryRoot, 'bin', 'dossier');

/** A small, fast, seedable random source (mulberry32); every generator of the battery uses one. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
  /** A derived, independent random source (for a sub-generator that must not shift the others). */
  fork(salt: number): Random {
    return new Random((Math.imul(this.seed ^ 0x9e3779b9, 31) + salt * 0x85ebca6b) >>> 0);
  }
}

export interface CaseFailure {
  case: string;
  what: string;
  reproduce: string;
}

/** The outcome of one class of the battery: one row of the table. */
export class ClassResult {
  tried = 0;
  survived = 0;
  readonly failures: CaseFailure[] = [];
  longestMs = 0;
  longestCase = '';
  peakRssBytes = 0;
  /** Extra lines for the report (what was exercised, skipped parts, notes). */
  readonly notes: string[] = [];

  constructor(readonly name: string) {}

  get failed(): number {
    return this.tried - this.survived;
  }

  /** Records one case: survived when `failure` is null. */
  record(caseName: string, durationMs: number, failure: string | null, reproduce: string): void {
    this.tried++;
    if (failure === null) this.survived++;
    else this.failures.push({ case: caseName, what: failure, reproduce });
    if (durationMs > this.longestMs) {
      this.longestMs = durationMs;
      this.longestCase = caseName;
    }
  }

  noteRss(bytes: number): void {
    if (bytes > this.peakRssBytes) this.peakRssBytes = bytes;
  }

  toJSON() {
    return {
      class: this.name,
      tried: this.tried,
      survived: this.survived,
      failed: this.failed,
      longestMs: Math.round(this.longestMs),
      longestCase: this.longestCase,
      peakRssMb: Math.round(this.peakRssBytes / 1048576),
      failures: this.failures,
      notes: this.notes,
    };
  }
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The table `class | tried | survived | failed | longest case | peak RSS` and the failure list. */
export function formatReport(results: ClassResult[], seed: number, maxFailuresPerClass = 25): string {
  const rows = [['class', 'tried', 'survived', 'failed', 'longest case', 'peak RSS']];
  for (const result of results) {
    rows.push([
      result.name,
      String(result.tried),
      String(result.survived),
      String(result.failed),
      `${(result.longestMs / 1000).toFixed(2)} s ${clip(result.longestCase, 40)}`,
      `${Math.round(result.peakRssBytes / 1048576)} MB`,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row
      .map((cell, column) =>
        column >= 1 && column <= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join(' | ')} |`;
  const out = [
    `Hostile battery, seed ${seed} (replay: npm run battery -- --seed ${seed})`,
    '',
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ];
  for (const row of rows.slice(1)) out.push(line(row));
  for (const result of results) {
    for (const note of result.notes) out.push(`  note (${result.name}): ${note}`);
  }
  for (const result of results) {
    if (result.failures.length === 0) continue;
    out.push('', `${result.name}: ${result.failed} failed`);
    for (const failure of result.failures.slice(0, maxFailuresPerClass)) {
      out.push(
        `  - ${clip(failure.case, 90)}: ${clip(failure.what.replace(/\s+/g, ' '), 300)}`,
        `      reproduce: ${failure.reproduce}`,
      );
    }
    if (result.failures.length > maxFailuresPerClass)
      out.push(`  … and ${result.failures.length - maxFailuresPerClass} more (see --json)`);
  }
  return `${out.join('\n')}\n`;
}

/** The high-water mark of a process's resident memory (Linux /proc), 0 when unknown. */
export function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a TypeScript module of the battery (or anything tsx can run) in a child Node process with IPC. */
export function spawnTypeScript(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRss: number;
}

/** Runs `bin/dossier ARGS` to completion (or until `timeoutMs`, then SIGKILL). */
export function runDossier(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [dossierBin, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stdout.length < 2_000_000 ? (stdout += chunk) : undefined));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr.length < 2_000_000 ? (stderr += chunk) : undefined));
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, peakRssOf(child.pid))), 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started, peakRss });
    });
  });
}

/** A stack trace or an uncaught-error dump in CLI output (never acceptable). */
export const looksLikeStackTrace = (text: string): boolean =>
  /^\s+at .+\(.*:\d+:\d+\)$/m.test(text) ||
  /^\s+at (?:async )?\S+ \(?(?:file|node):/m.test(text) ||
  /\bUncaught\b|^(?:Type|Range|Reference|Syntax)Error: /m.test(text);

const pgCandidates = () =>
  process.env.DOSSIER_TEST_PG_URL ? [process.env.DOSSIER_TEST_PG_URL] : ['postgres://postgres@127.0.0.1:5432/test'];

/** The PostgreSQL server for the battery, or the reason there is none. */
export async function findPostgres(): Promise<{ url: string } | { missing: string }> {
  const reasons: string[] = [];
  for (const url of pgCandidates()) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return { url };
    } catch (error) {
      reasons.push(`${url.replace(/\/\/[^@/]*@/, '//…@')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return { missing: reasons.join('; ') };
}

/** A location in a new throw-away schema of `url`, and the function that drops it. */
export function throwAwaySchema(
  url: string,
  prefix: string,
): { location: string; schema: string; drop(): Promise<void> } {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const location = new URL(url);
  location.searchParams.set('schema', schema);
  return {
    location: location.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/** Options shared by every class. */
export interface BatteryOptions {
  seed: number;
  reduced: boolean;
  /** PostgreSQL server URL, or null when it is missing (then `postgresMissing` says why). */
  postgresUrl: string | null;
  postgresMissing: string | null;
  /** Where failing inputs and databases are kept for reproduction. */
  workFolder: string;
  /** Prints progress lines. */
  log(line: string): void;
}

export const replayHint = (options: BatteryOptions, only: string, extra = '') =>
  `npm run battery -- --seed ${options.seed}${options.reduced ? ' --reduced' : ''} --only ${only}${extra}`;
