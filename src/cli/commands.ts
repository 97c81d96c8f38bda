// The `dossier` commands (commander): a thin layer that parses arguments, calls the core and
// prints. Every command that touches the knowledge base takes --db (default ./dossier.db,
// DOSSIER_DB, or a postgres:// URL). Commands that only read (list, show, search, doctor, the
// account listings and edits) never create a database: a missing one is an error with a hint;
// ingest, users add, serve and start create it. Every printed text goes through the terminal
// sanitiser (terminal-text.ts); --no-color and NO_COLOR turn colour off.
// Start-up loads commander and these light modules only: each command imports the model, the core
// (and through it the extraction, the stores, the server) when it runs, so `dossier --version`
// loads none of them and `dossier extract` only the pipeline (bench/cli-startup.mjs measures it).
// bin/dossier runs a command from the bundle of this module (scripts/bundle-cli.mjs) with V8's code cache.
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { Extraction, SourceFormat } from '../model/index.js';
import { sourceFormats } from '../model/vocabularies.js';
import { dossierVersion } from '../model/version.js';
import { exitCodes } from './exit-codes.js';
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

/**
 * An extraction whose labels (names, headings, titles…) are escaped as fields; `text` stays as is (offsets index it).
 */
function withEscapedLabels(extraction: Extraction): Extraction {
  const escapeAll = (value: unknown): unknown => {
    if (typeof value === 'string') return escapeField(value);
    if (Array.isArray(value)) return value.map(escapeAll);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeAll(inner)]));
    return value;
  };
  return { ...(escapeAll({ ...extraction, text: '' }) as Extraction), text: extraction.text };
}

/** `--format-in`: the input's format when neither its name nor its bytes tell (standard input, odd extensions). */
const formatInOption = () =>
  new Option('--format-in <format>', 'the input format (default: by extension, else detected)').choices([
    ...sourceFormats,
  ]);

/** A file named on the command line, read whole; a clear refusal when it cannot be. */
async function readNamedFile(file: string): Promise<Buffer> {
  return readFile(file).catch(async (error: NodeJS.ErrnoException) => {
    const { DossierError } = await import('../model/index.js');
    throw new DossierError('BAD_REQUEST', error.code === 'ENOENT' ? 'no such file' : `cannot read: ${error.message}`, {
      file,
    });
  });
}

/** Standard input, read whole (at most the document size cap); refused when it is a terminal. */
async function readStandardInput(io: TerminalIo, name = 'stdin'): Promise<Buffer> {
  const { DossierError } = await import('../model/index.js');
  const { maxDocumentBytes } = await import('../core/index.js');
  const stream = io.stdin ?? process.stdin;
  if (stream.isTTY) {
    throw new DossierError('BAD_REQUEST', 'standard input is a terminal', {
      file: name,
      expected: 'a document piped in, e.g. `dossier extract - < profile.md`',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > maxDocumentBytes)
      throw new DossierError(
        'PAYLOAD_TOO_LARGE',
        `standard input is over ${maxDocumentBytes} bytes, the document limit`,
        { file: name },
      );
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The options of `dossier extract`. */
interface ExtractOptions {
  format: string;
  formatIn?: SourceFormat;
  name?: string;
  profile?: boolean;
}

/** The readable outline of an extraction, safe for a terminal (a label never carries a raw newline). */
async function safeOutline(extraction: Extraction): Promise<string> {
  const { formatExtractionOutline } = await import('../core/outline-formatter.js');
  return formatExtractionOutline(withEscapedLabels(extraction));
}

/** The program itself: name, version, output and the error handling every command inherits. */
function createProgram(io: TerminalIo): Command {
  const { out, err } = io;
  return (
    new Command('dossier')
      .description('Dossier: evidence-linked stakeholder profiles')
      .version(dossierVersion, '-V, --version', 'print the version')
      .enablePositionalOptions()
      .showHelpAfterError()
      // Set before the commands are added so that every subcommand inherits it: usage errors are
      // thrown to runCli (exit 2) instead of ending the process with commander's exit 1.
      .exitOverride()
      .configureOutput({ writeOut: (text) => out.write(text), writeErr: (text) => err.write(text) })
  );
}

/** `dossier extract`: one document's extraction, no database. */
function registerExtractCommand(program: Command, { io }: CliContext): void {
  const { out, err } = io;
  program
    .command('extract')
    .description('extract the structure and facts of one profile document (no database)')
    .argument('<file>', 'a .txt, .md, .html, .docx or .pdf profile, or - for standard input')
    .addOption(formatOption(['json', 'text'], 'json'))
    .addOption(formatInOption())
    .option('--name <name>', 'the name standard input is given in messages (default: stdin)')
    .option('--profile', 'print the time of each extraction stage to standard error')
    .action(async (file: string, options: ExtractOptions) => {
      const { bytes, name } =
        file === '-'
          ? { bytes: await readStandardInput(io, options.name), name: options.name ?? 'stdin' }
          : { bytes: await readNamedFile(file), name: file };
      const { processDocument, formatStageTimings } = await import('../core/profile-pipeline.js');
      const profile = options.profile === true;
      // Nothing is saved, so the review rules (which items a save confirms) are not decided.
      const { extraction, timings } = await processDocument(bytes, name, options.formatIn, undefined, {
        profile,
        reviewRules: false,
      });
      if (timings) err.write(formatStageTimings(timings));
      if (options.format === 'text') out.write(await safeOutline(extraction));
      else out.json(extraction);
    });
}

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

/** `--no-color` on the program and on every command (commander reads it as `color: false`). */
function addNoColorOption(program: Command, io: TerminalIo): void {
  const visit = (command: Command) => {
    command.addOption(new Option('--no-color', 'no colour in the output (also: NO_COLOR=1)'));
    command.commands.forEach(visit);
  };
  visit(program);
  program.hook('preAction', (_program, action) => {
    for (let command: Command | null = action; command; command = command.parent) {
      if (command.opts().color === false) {
        io.out.color = false;
        io.err.color = false;
      }
    }
  });
}

/**
 * `dossier help <command> …` as `dossier <command> … --help`: commander prints a subcommand's help for `help <command>`
 * without running its preSubcommand hooks, so the choices a command fills in late (the export formats) would be
 * missing from the one and present in the other.
 */
export function helpAsOption(argv: string[]): string[] {
  const [node, script, first, ...rest] = argv;
  if (first !== 'help' || rest.length === 0 || rest.some((arg) => arg.startsWith('-'))) return argv;
  return [node!, script!, ...rest, '--help'];
}

export async function runCli(argv: string[], io: TerminalIo = processTerminalIo()): Promise<number> {
  const context: CliContext = { io, exitCode: exitCodes.ok };
  const program = buildProgram(context);
  try {
    await program.parseAsync(helpAsOption(argv));
    return context.exitCode;
  } catch (error) {
    if (
      error &&
      typeof error === 'object' &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('commander.')
    ) {
      const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? 0
        : exitCode === 0
          ? 0
          : exitCodes.badInput;
    }
    const { reportError } = await import('./output.js');
    return reportError(io.err, error);
  }
}
