// Class 1 of the battery, malformed documents: every hostile document goes through the real
// ingest path (Dossier.ingestBytes on a temp SQLite database, in a child process that is killed
// and replaced when a case hangs), and a sample through the `dossier ingest` and `dossier
// extract` processes. Survived = accepted with every span slicing the stored text, or refused
// with a DossierError that has a code (and line:column for document errors) with nothing
// stored, within the CPU budget; the CLI exits 0 or 2 and never prints a stack trace or raw
// control characters. The text formats come from hostile-documents.ts; the binary and HTML
// family (DOCX and PDF bombs and truncations, deep and wide HTML: hostile-binary-documents.ts)
// runs in the same worker with its own budget and time allowance.
import type { ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInputErrorCode, errorCodes, type ErrorCode } from '../src/model/index.js';
import {
  ClassResult,
  looksLikeStackTrace,
  peakRssOf,
  Random,
  replayHint,
  runDossier,
  spawnTypeScript,
  batteryFolder,
  type BatteryOptions,
} from './battery-support.js';
import type { DocumentCaseReply, DocumentCaseRequest } from './document-worker.js';
import { binaryCpuBudgetMs, runHostileBinaryDocuments } from './hostile-binary-documents.js';
import { hostileDocuments, type HostileDocument } from './hostile-documents.js';

/** CPU time allowed for one hostile document (issue 8: under 2 s, or a clear refusal). */
export const cpuBudgetMs = 2000;
/**
 * The ingest pool's own per-document CPU budget (src/core/ingest-pool.ts, defaultIngestBudget:
 * 10 s): a BUDGET_EXCEEDED refusal is a clear refusal and may use that budget plus the watchdog's
 * reaction time and recycling the worker.
 */
const poolBudgetMs = Number(process.env.BATTERY_POOL_BUDGET_MS ?? 10_000);
const budgetRefusalCpuMs = Math.max(2 * cpuBudgetMs, 1.5 * poolBudgetMs + 1000);
/** Codes whose refusals must say where in the document (line and column). */
const locatedCodes = new Set<string>(['INVALID_DOCUMENT', 'LIMIT_EXCEEDED']);
/** Messages that are internals leaking out as a "refusal". */
const internalMessage =
  /maximum call stack|out of memory|heap limit|is not a function|cannot read propert|undefined|\[object |\bNaN\b/i;
/** Raw terminal controls (C0 except tab/newline/CR, DEL, C1) and bidi overrides in CLI output. */
const rawControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Judges one in-process reply: null when it survived. `budgetMs`: the CPU an accepted or refused document may take. */
export function judgeDocumentReply(reply: DocumentCaseReply, budgetMs = cpuBudgetMs): string | null {
  const problems: string[] = [];
  if (reply.error) {
    const { error } = reply;
    if (!error.isDossierError)
      problems.push(`refused with a ${error.name} instead of a DossierError: ${error.message}`);
    else if (!error.code || !(error.code in errorCodes)) problems.push(`refusal without a known code: ${error.code}`);
    else {
      if (!isInputErrorCode(error.code as ErrorCode))
        problems.push(`refused with ${error.code} (not an input error): ${error.message}`);
      if (locatedCodes.has(error.code) && (error.line === undefined || error.column === undefined))
        problems.push(`${error.code} without line:column: ${error.message}`);
    }
    if (!error.message.trim() || internalMessage.test(error.message))
      problems.push(`unclear refusal message: ${JSON.stringify(error.message.slice(0, 200))}`);
    const allowed = error.code === 'BUDGET_EXCEEDED' ? Math.max(budgetRefusalCpuMs, budgetMs) : budgetMs;
    if (reply.cpuMs > allowed)
      problems.push(`refusal took ${(reply.cpuMs / 1000).toFixed(2)} s of CPU (budget ${allowed / 1000} s)`);
    if (reply.halfStored) problems.push(reply.halfStored);
  } else {
    if (reply.cpuMs > budgetMs)
      problems.push(`accepted after ${(reply.cpuMs / 1000).toFixed(2)} s of CPU (budget ${budgetMs / 1000} s)`);
  }
  problems.push(...reply.spanProblems);
  return problems.length ? problems.join('; ') : null;
}

const describeOutcome = (reply: DocumentCaseReply) =>
  reply.accepted
    ? `accepted (${reply.accepted.status} ${reply.accepted.actorId} v${reply.accepted.version})`
    : `refused ${reply.error?.code ?? reply.error?.name}`;

class DocumentWorker {
  private child: ChildProcess | null = null;
  private stderr = '';
  peakRss = 0;

  constructor(private readonly database: string) {}

  private async start(): Promise<ChildProcess> {
    const child = spawnTypeScript(path.join(batteryFolder, 'document-worker.ts'), [], { BATTERY_DB: this.database });
    this.stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    child.stdout?.resume();
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`document worker exited (${code}) before it was ready: ${this.stderr.slice(-1500)}`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        resolve();
      });
    });
    this.child = child;
    return child;
  }

  /** Runs one case: the reply, or why there is none (hang past `timeoutMs`, the process died). */
  async run(request: DocumentCaseRequest, timeoutMs: number): Promise<DocumentCaseReply | { failure: string }> {
    const child = this.child ?? (await this.start());
    return new Promise((resolve) => {
      let sampled = 0;
      const sampler = setInterval(() => (sampled = Math.max(sampled, peakRssOf(child.pid))), 250);
      const finish = (result: DocumentCaseReply | { failure: string }) => {
        clearInterval(sampler);
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        this.peakRss = Math.max(this.peakRss, sampled, peakRssOf(child.pid));
        resolve(result);
      };
      const onMessage = (reply: DocumentCaseReply) => {
        if (reply.id === request.id) finish(reply);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = null;
        finish({
          failure:
            `the ingesting process died (exit ${code}, signal ${signal}): ` +
            this.stderr.trim().split('\n').slice(-3).join(' ⏎ ').slice(0, 400),
        });
      };
      const timer = setTimeout(() => {
        this.peakRss = Math.max(this.peakRss, sampled, peakRssOf(child.pid));
        child.off('exit', onExit);
        child.kill('SIGKILL');
        this.child = null;
        finish({ failure: `no answer within ${timeoutMs / 1000} s of wall time (killed)` });
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
      child.send({ kind: 'stop' });
    });
  }
}

async function runCliCases(
  cases: HostileDocument[],
  folder: string,
  options: BatteryOptions,
  result: ClassResult,
): Promise<void> {
  const database = path.join(folder, 'cli.db');
  for (const [index, item] of cases.entries()) {
    const file = path.join(folder, `cli-${index}-${item.file}`);
    await writeFile(file, item.make());
    let keep = false;
    for (const command of ['ingest', 'extract'] as const) {
      const args =
        command === 'ingest'
          ? ['ingest', file, '--db', database]
          : ['extract', file, '--format', index % 2 ? 'json' : 'text'];
      const run = await runDossier(args, { timeoutMs: 60_000 });
      result.noteRss(run.peakRss);
      const problems: string[] = [];
      if (run.signal) problems.push(`killed by ${run.signal} after ${(run.wallMs / 1000).toFixed(1)} s (hang?)`);
      else if (run.code !== 0 && run.code !== 2) problems.push(`exit ${run.code} (expected 0 or 2)`);
      if (looksLikeStackTrace(run.stderr) || looksLikeStackTrace(run.stdout))
        problems.push(`stack trace printed: ${run.stderr.slice(0, 300)}`);
      if (run.code === 2 && command === 'ingest' && !/^refused /m.test(run.stderr))
        problems.push(`exit 2 without a "refused" line: ${run.stderr.slice(0, 200)}`);
      if (rawControl.test(run.stderr) || (command === 'extract' && index % 2 === 0 && rawControl.test(run.stdout)))
        problems.push('raw control or bidi characters printed to the terminal');
      const failure = problems.length ? problems.join('; ') : null;
      keep ||= failure !== null;
      result.record(
        `cli ${command} ${item.id}`,
        run.wallMs,
        failure,
        `bin/dossier ${args.map((arg) => (arg === database ? 'battery.db' : arg)).join(' ')}  (file kept at ` +
          `${file}; or ${replayHint(options, 'documents')})`,
      );
    }
    if (!keep) await rm(file, { force: true });
  }
}

export async function runMalformedDocuments(options: BatteryOptions): Promise<ClassResult> {
  const result = new ClassResult('malformed documents');
  const folder = path.join(options.workFolder, 'documents');
  await mkdir(folder, { recursive: true });
  const { cases, notes } = await hostileDocuments(options.seed, options.reduced);
  result.notes.push(...notes.filter(Boolean), `${cases.length} generated documents through Dossier.ingestBytes`);
  const worker = new DocumentWorker(path.join(folder, 'battery.db'));
  const timeoutMs = Math.max(options.reduced ? 12_000 : 60_000, 2.5 * poolBudgetMs);
  const deadline = performance.now() + (options.reduced ? 240_000 : 4 * 3_600_000);
  const only = process.env.BATTERY_CASE;
  let binarySample: HostileDocument[] | undefined;
  try {
    for (const [index, item] of cases.entries()) {
      if (only && !item.id.includes(only)) continue;
      const ext = path.extname(item.file) || '.bin';
      const file = path.join(
        folder,
        `${String(index).padStart(4, '0')}-${item.id.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80)}${ext}`,
      );
      const reproduce =
        `bin/dossier ingest ${file} --db /tmp/x.db  (or ${replayHint(options, 'documents')} with ` +
        `BATTERY_CASE='${item.id}')`;
      if (performance.now() > deadline) {
        result.record(
          item.id,
          0,
          'not run: the class ran out of its time allowance (earlier cases were too slow)',
          reproduce,
        );
        continue;
      }
      await writeFile(file, item.make());
      const started = performance.now();
      const reply = await worker.run({ id: item.id, path: file, file: item.file }, timeoutMs);
      const elapsed = performance.now() - started;
      const failure = 'failure' in reply ? reply.failure : judgeDocumentReply(reply);
      result.record(item.id, 'failure' in reply ? elapsed : reply.cpuMs, failure, reproduce);
      if (failure === null) await rm(file, { force: true });
      else if (!('failure' in reply))
        result.failures[result.failures.length - 1]!.what +=
          ` [${describeOutcome(reply)}, ${Math.round(reply.cpuMs)} ms CPU]`;
      if ((index + 1) % 50 === 0 && !only)
        options.log(`documents: ${index + 1}/${cases.length} (${result.failed} failed)`);
    }
    // The binary and HTML family: its own CPU budget (10 s) and time allowance.
    const binaryDeadline = performance.now() + (options.reduced ? 180_000 : 3_600_000);
    binarySample = await runHostileBinaryDocuments(
      options,
      result,
      folder,
      (request) => worker.run(request, timeoutMs),
      (reply) => judgeDocumentReply(reply, binaryCpuBudgetMs),
      binaryDeadline,
    );
  } finally {
    await worker.stop();
    result.noteRss(worker.peakRss);
  }
  // A sample through the CLI processes: exit codes and clean stderr.
  const random = new Random(options.seed ^ 0xc11);
  const small = cases.filter((item) => !/MB$/.test(item.id) && !(only && !item.id.includes(only)));
  const named = small.filter((item) =>
    new RegExp(
      [
        String.raw`terminal-escapes|html-10000-unclosed|A-dot-repeated\/text\/60KB|`,
        String.raw`empty\/empty\/text|binary\/png\/text|lone-surrogate-in-title|`,
        String.raw`title-cyrillic\/text`,
      ].join(''),
    ).test(item.id),
  );
  const randomPicks = small.length ? Array.from({ length: options.reduced ? 1 : 20 }, () => random.pick(small)) : [];
  const sample = [
    ...(options.reduced ? named.slice(0, 4) : named),
    ...randomPicks,
    ...(options.reduced ? (binarySample ?? []).slice(0, 2) : (binarySample ?? [])),
  ];
  if (performance.now() < deadline) await runCliCases(sample, folder, options, result);
  result.notes.push(`CPU budget per document ${cpuBudgetMs / 1000} s; the longest case is measured in CPU time`);
  return result;
}
