// Bulk ingest as a job queue on PostgreSQL: `dossier ingest --enqueue PATHS` stores each file as a
// job and returns at once; `dossier worker` (any number of them, on any machine that reaches the
// database) takes jobs and ingests them, until SIGTERM/SIGINT or, with --drain, until the queue is
// empty; `dossier queue` shows how many jobs are pending, active, done and failed. A SQLite
// location is refused: the queue lives in PostgreSQL. The actions load lazily (worker-actions.ts).
import type { Command } from 'commander';
import { dbOption, formatOption, positiveInt, type CliContext } from './command-support.js';
import type { TerminalIo } from './terminal-text.js';

/** `dossier ingest --enqueue PATHS`: the files become jobs; prints the count; exit 2 when a path was refused. */
export async function enqueueWithReport(
  io: TerminalIo,
  paths: string[],
  options: { db?: string; quiet?: boolean },
): Promise<number> {
  const { enqueuePaths } = await import('./worker-actions.js');
  return enqueuePaths(io, paths, options);
}

export function registerWorkerCommands(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('worker')
    .description('take documents from the ingest queue (`dossier ingest --enqueue`) and ingest them (PostgreSQL)')
    .addOption(dbOption())
    .option('--jobs <n>', 'documents ingested at once (default: the number of cores)', positiveInt)
    .option('--drain', 'exit once no job is left to take (default: run until SIGTERM or SIGINT)')
    .option('--quiet', 'print refusals and failures only')
    .action(async (options: { db?: string; jobs?: number; drain?: boolean; quiet?: boolean }) => {
      const { runWorker } = await import('./worker-actions.js');
      context.exitCode = await runWorker(io, options);
    });

  program
    .command('queue')
    .description('show the ingest queue: jobs pending, active, done and failed, and the latest failures (PostgreSQL)')
    .addOption(dbOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { db?: string; format: string }) => {
      const { showQueue } = await import('./worker-actions.js');
      await showQueue(io, options);
    });
}
