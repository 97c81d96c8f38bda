// The `dossier` commands (commander): a thin layer that parses arguments, calls the core and
// prints. Every command that touches the knowledge base takes --db (default ./dossier.db,
// DOSSIER_DB, or a postgres:// URL). Commands that only read (list, show, search, doctor, the
// account listings and edits) never create a database: a missing one is an error with a hint;
// ingest, users add, serve and start create it. Every printed text goes through the terminal
// sanitiser (terminal-text.ts); --no-color and NO_COLOR turn colour off.
// Start-up loads commander and these light modules only: each command imports the model, the core
// (and through it the extraction, the stores, the server) when it runs, so `dossier --version`
// loads none of them and `dossier extract` only the pipeline (bench/cli-startup.mjs measures it).
// bin/dossier runs a command from the bundle of this module (scripts/bundle-cli.mjs) with V8's code cache,
// `dossier extract FILE` from the smaller bundle of extract-entry.ts.
import type { Command } from 'commander';
import type { SourceFormat } from '../model/index.js';
import { exitCodes } from './exit-codes.js';
import { addNoColorOption, createProgram, runProgram } from './cli-program.js';
import { formatInOption, readStandardInput, registerExtractCommand, safeOutline } from './extract-command.js';
import {
  dbOption,
  formatOption,
  ingestOneWithReport,
  ingestUrlWithReport,
  ingestWithProgress,
  isFetchableUrl,
  moreSevere,
  packageRoot,
  positiveInt,
  withDossier,
  type CliContext,
} from './command-support.js';
import { registerAccountCommands } from './account-commands.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerExportCommands } from './export-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerServeCommands } from './serve-commands.js';
import { enqueueWithReport, registerWorkerCommands } from './worker-commands.js';
import { registerConfigCommand } from './config-command.js';
import {
  type TerminalIo,
  TerminalText,
  type TerminalWriter,
  escapeField,
  processTerminalIo,
  safe,
} from './terminal-text.js';

/** The options of `dossier ingest`. */
interface IngestOptions {
  db?: string;
  quiet?: boolean;
  jobs?: number;
  formatIn?: SourceFormat;
  name?: string;
  allowPrivateUrls?: boolean;
  enqueue?: boolean;
}

/** `dossier ingest`: files, folders, globs, URLs or standard input into the knowledge base. */
function registerIngestCommand(program: Command, context: CliContext): void {
  program
    .command('ingest')
    .description('ingest profile files, folders or globs into the knowledge base (creates it if needed)')
    .argument(
      '<paths...>',
      'files, folders or globs (an existing file is taken literally, even with *?[]{} in its name), or - for one ' +
        'document on standard input',
    )
    .addOption(dbOption())
    .option('--quiet', 'print refusals only')
    .option(
      '--jobs <n>',
      'documents parsed at once, each in a worker thread (default: the number of cores; 0: no workers)',
      positiveInt,
    )
    .addOption(formatInOption())
    .option('--name <name>', 'the name a document from standard input is stored under (default: stdin)')
    .option('--allow-private-urls', 'fetch http(s) URLs on private, loopback and link-local addresses too')
    .option('--enqueue', 'add the files to the PostgreSQL ingest queue for `dossier worker` and return at once')
    .action(async (paths: string[], options: IngestOptions) => {
      context.exitCode = await ingestPaths(context.io, paths, options);
    });
}

/** What `dossier ingest` does with its paths; returns the exit code. */
async function ingestPaths(io: TerminalIo, paths: string[], options: IngestOptions): Promise<number> {
  if (options.enqueue) return enqueueWithReport(io, paths, options);
  const { DossierError } = await import('../model/index.js');
  if (paths.includes('-') && paths.length > 1)
    throw new DossierError('BAD_REQUEST', '- (standard input) cannot be combined with other paths', {
      expected: 'either - alone, or files, folders, globs and URLs',
    });
  if (paths[0] === '-') {
    const bytes = await readStandardInput(io, options.name);
    const name = options.name ?? 'stdin';
    const { exitCode } = await withDossier(options.db, { create: true, env: io.env }, (dossier) =>
      ingestOneWithReport(io, dossier, bytes, name, options.formatIn, options.quiet),
    );
    return exitCode;
  }
  const urls = paths.filter(isFetchableUrl);
  const files = paths.filter((entry) => !isFetchableUrl(entry));
  const { exitCode } = await withDossier(options.db, { create: true, env: io.env }, async (dossier) => {
    let worst: number = exitCodes.ok;
    if (files.length > 0) worst = (await ingestWithProgress(io, dossier, files, options.quiet, options.jobs)).exitCode;
    for (const url of urls) {
      const allowPrivate = options.allowPrivateUrls ?? false;
      const { exitCode: code } = await ingestUrlWithReport(io, dossier, url, { allowPrivate }, options.quiet);
      worst = moreSevere(worst, code);
    }
    return { exitCode: worst };
  });
  return exitCode;
}

/** `dossier list`: the actors, one per line with their top interests. */
function registerListCommand(program: Command, { io }: CliContext): void {
  const { out } = io;
  program
    .command('list')
    .description('list the actors in the knowledge base')
    .addOption(dbOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { db?: string; format: string }) => {
      const actors = await withDossier(options.db, { create: false, env: io.env }, (dossier) => dossier.listActors());
      if (options.format === 'json') return out.json({ actors });
      if (actors.length === 0) return out.write('No actors yet. Ingest profiles with `dossier ingest PATHS...`.\n');
      const ids = actors.map((actor) => escapeField(actor.id));
      const width = Math.max(...ids.map((id) => id.length));
      actors.forEach((actor, index) => {
        const top = actor.interests
          .slice(0, 3)
          .map((interest) => `${interest.rank}. ${escapeField(interest.title)}`)
          .join('; ');
        const name = safe`${ids[index]!.padEnd(width)}  ${actor.name}${actor.country ? ` (${actor.country})` : ''}`;
        const asOf = actor.asOf ? `  as of ${actor.asOf}` : '';
        out.write(safe`${name}  v${actor.latestVersion}${asOf}\n${' '.repeat(width + 2)}${top}\n`);
      });
    });
}

/** `dossier show`: one actor's profile. */
function registerShowCommand(program: Command, { io }: CliContext): void {
  const { out } = io;
  program
    .command('show')
    .description("show one actor's profile: interests, sections and what was extracted")
    .argument('<actor>', 'actor id, name or ISO code')
    .addOption(dbOption())
    .option('--version <n>', 'a particular version', positiveInt)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (actor: string, options: { db?: string; version?: number; format: string }) => {
      const detail = await withDossier(options.db, { create: false, env: io.env }, async (dossier) => {
        const found = await dossier.findActor(actor);
        return options.version === undefined ? found : dossier.getActor(found.id, options.version);
      });
      if (options.format === 'json') return out.json(detail);
      const versions = detail.versions
        .map(
          (version) =>
            `v${version.version} ${version.ingestedAt.slice(0, 10)}${version.asOf ? ` (as of ${version.asOf})` : ''}`,
        )
        .join(', ');
      out.write(await safeOutline(detail.extraction));
      out.write(
        safe`\nVersion ${detail.version.version} of ${detail.versions.length}: ${versions}\n`,
        safe`Source: ${detail.version.sourceName}\n`,
      );
    });
}

/** `dossier search`: full-text search over the sentences. */
function registerSearchCommand(program: Command, { io }: CliContext): void {
  const { out } = io;
  program
    .command('search')
    .description('full-text search over the sentences of all profiles (ranked by relevance)')
    .argument('<query>', 'words, "a phrase", prefix*')
    .addOption(dbOption())
    .option('--actor <actor>', 'only this actor (id)')
    .option('--limit <n>', 'hits to show', positiveInt, 20)
    .option('--offset <n>', 'hits to skip', positiveInt, 0)
    .option('--count-all', 'count every match (by default counting stops at 10,000)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (
        query: string,
        options: { db?: string; actor?: string; limit: number; offset: number; countAll?: boolean; format: string },
      ) => {
        const result = await withDossier(options.db, { create: false, env: io.env }, (dossier) =>
          dossier.search({
            q: query,
            actor: options.actor,
            limit: Math.max(1, options.limit),
            offset: options.offset,
            count: options.countAll ? 'exact' : 'capped',
          }),
        );
        if (options.format === 'json') {
          return out.json({
            total: result.total,
            totalExact: result.totalExact,
            hits: result.hits.map(({ actor, text, snippet, start, end }) => ({ actor, text, snippet, start, end })),
          });
        }
        out.write(
          safe`${result.total.toLocaleString('en') + (result.totalExact ? '' : '+')} `,
          safe`sentence${result.total === 1 ? '' : 's'}\n`,
        );
        for (const hit of result.hits)
          out.write(safe`\n${hit.actorName} [${hit.start}–${hit.end}]\n  ${renderSnippet(out, hit.snippet)}\n`);
      },
    );
}

/** `dossier eval`: the extraction scored against the gold files. */
function registerEvalCommand(program: Command, { io }: CliContext): void {
  const { out } = io;
  program
    .command('eval')
    .description('score the extraction against the gold files (the seed and examples/gold/*.gold.json)')
    .option('--details', 'list every missed and spurious item')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { details?: boolean; format: string }) => {
      const { evaluateGoldPair, findGoldPairs, formatEvaluationReport } = await import('../core/index.js');
      const pairs = await findGoldPairs(packageRoot);
      const evaluations = [];
      for (const pair of pairs) evaluations.push({ name: pair.name, evaluation: await evaluateGoldPair(pair) });
      if (options.format === 'json') out.json({ evaluations });
      else out.write(formatEvaluationReport(evaluations, { details: options.details }));
    });
}

export function buildProgram(context: CliContext): Command {
  const program = createProgram(context.io);
  registerExtractCommand(program, context);
  registerIngestCommand(program, context);
  registerListCommand(program, context);
  registerShowCommand(program, context);
  registerSearchCommand(program, context);
  registerServeCommands(program, context);
  registerEvalCommand(program, context);
  registerAccountCommands(program, context);
  registerDoctorCommand(program, context);
  registerExportCommands(program, context);
  registerBackupCommands(program, context);
  registerWorkerCommands(program, context);
  registerConfigCommand(program, context);
  addNoColorOption(program, context.io);
  return program;
}

const htmlEntities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
const decodeEntities = (html: string): string =>
  html.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => htmlEntities[entity]!);

/**
 * A search snippet (`<mark>`-highlighted, HTML-escaped) as terminal text: matches in colour, or in [brackets] without
 * colour.
 */
function renderSnippet(out: TerminalWriter, snippet: string): TerminalText {
  const pieces = snippet
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .map((part) =>
      part.startsWith('<mark>') && part.endsWith('</mark>')
        ? out.styled(decodeEntities(part.slice(6, -7)), 'highlight', ['[', ']'])
        : safe`${decodeEntities(part)}`,
    );
  return new TerminalText(pieces.map((piece) => piece.text).join(''));
}

export async function runCli(argv: string[], io: TerminalIo = processTerminalIo()): Promise<number> {
  const context: CliContext = { io, exitCode: exitCodes.ok };
  return runProgram(buildProgram(context), argv, context);
}
