// The actions of the ingest queue's commands (worker-commands.ts registers them): enqueue files,
// run a worker, show the queue. Imported only when one of them runs, so `dossier --version` and the
// other commands never load the core, the stores or pg-boss for them.
import os from 'node:os';
import { DossierError, isInputErrorCode } from '../model/index.js';
import { Dossier, describeLocation, resolveDatabaseLocation } from '../core/index.js';
import { IngestQueue } from '../core/ingest-queue.js';
import { exitCodes } from './exit-codes.js';
import { isFetchableUrl } from './command-support.js';
import { type TerminalIo, safe } from './terminal-text.js';

/** `dossier queue`: counts by state and the latest failures. */
export async function showQueue(io: TerminalIo, options: { db?: string; format: string }): Promise<void> {
  const queue = await IngestQueue.open(resolveDatabaseLocation(options.db, io.env));
  try {
    const [counts, failures] = await Promise.all([queue.counts(), queue.failures()]);
    if (options.format === 'json') return io.out.json({ ...counts, failures });
    io.out.write(
      safe`${counts.pending} pending, ${counts.active} active, ${counts.done} done, ${counts.failed} failed\n`,
    );
    for (const failure of failures) io.out.write(safe`failed ${failure.message}\n`);
  } finally {
    await queue.close();
  }
}

/** How often a draining worker checks whether the queue is empty, in ms. */
const drainCheckMs = 1000;

/** `dossier ingest --enqueue PATHS`: the files become jobs; prints the count; exit 2 when a path was refused. */
export async function enqueuePaths(
  io: TerminalIo,
  paths: string[],
  options: { db?: string; quiet?: boolean },
): Promise<number> {
  if (paths.some((entry) => entry === '-' || isFetchableUrl(entry)))
    throw new DossierError('BAD_REQUEST', '--enqueue takes files, folders and globs', {
      expected: 'paths of documents (standard input and URLs are ingested directly, without --enqueue)',
    });
  const location = resolveDatabaseLocation(options.db, io.env);
  const queue = await IngestQueue.open(location);
  try {
    const report = await queue.enqueuePaths(paths);
    for (const input of report.missing) io.err.write(safe`dossier: ${input}: no such file, folder or matching glob\n`);
    for (const refused of report.refused) io.err.write(safe`refused ${refused.file}: ${refused.message}\n`);
    const documents = `${report.enqueued} document${report.enqueued === 1 ? '' : 's'}`;
    if (!options.quiet)
      io.err.write(safe`${documents} enqueued for \`dossier worker\` — ${describeLocation(location)}\n`);
    return report.missing.length > 0 || report.refused.length > 0 ? exitCodes.badInput : exitCodes.ok;
  } finally {
    await queue.close();
  }
}

/** A worker until a signal (or, with `drain`, an empty queue); exit 1 when a job failed other than by refusal. */
export async function runWorker(
  io: TerminalIo,
  options: { db?: string; jobs?: number; drain?: boolean; quiet?: boolean },
) {
  const location = resolveDatabaseLocation(options.db, io.env);
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  // The queue first: a SQLite location is refused before anything is created.
  const queue = await IngestQueue.open(location, { supervise: true });
  let dossier: Dossier;
  try {
    dossier = await Dossier.open(location, { create: true, ingest: { threads: jobs, niceIncrement: 0 } });
  } catch (error) {
    await queue.close();
    throw error;
  }
  const tally = { stored: 0, unchanged: 0, refused: 0, failed: 0 };
  let stopped: (signal: string) => void = () => undefined;
  const stopping = new Promise<string>((resolve) => (stopped = resolve));
  const onSignal = (signal: NodeJS.Signals) => stopped(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await queue.work(dossier, jobs, (name, result) => {
      if ('outcome' in result) {
        if (result.outcome.status === 'unchanged') tally.unchanged++;
        else tally.stored++;
        if (!options.quiet)
          io.err.write(
            safe`${name}: ${result.outcome.status} — ${result.outcome.actorName}, version ${result.outcome.version}\n`,
          );
        return;
      }
      const refused = isInputErrorCode(result.error.code);
      if (refused) tally.refused++;
      else tally.failed++;
      const described = result.error.describe();
      const named = described.startsWith(name) ? described : `${name}: ${described}`;
      io.err.write(refused ? safe`refused ${named}\n` : safe`dossier: ${named}\n`);
    });
    if (!options.quiet) io.err.write(safe`worker taking jobs (${jobs} at once) — ${describeLocation(location)}\n`);
    const ending = await Promise.race([stopping, ...(options.drain ? [drained(queue)] : [])]);
    if (!options.quiet) io.err.write(safe`worker: ${ending}: stopping\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await queue.close();
    await dossier.close();
  }
  const counts = [`${tally.stored} stored`, `${tally.unchanged} unchanged`, `${tally.refused} refused`];
  counts.push(`${tally.failed} failed`);
  if (!options.quiet) io.err.write(safe`worker: ${counts.join(', ')}\n`);
  return tally.failed > 0 ? exitCodes.failure : exitCodes.ok;
}

/** Resolves once the queue has no job pending or active (checked every second). */
async function drained(queue: IngestQueue): Promise<string> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, drainCheckMs));
    const counts = await queue.counts();
    if (counts.pending === 0 && counts.active === 0) return 'queue empty';
  }
}
