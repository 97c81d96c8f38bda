// The `dossier` commands (commander): a thin layer that parses arguments, calls the core and
// prints. Every command that touches the knowledge base takes --db (default ./dossier.db,
// DOSSIER_DB, or a postgres:// URL).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { DossierError } from '../model/index.js';
import {
  Dossier,
  evaluateGoldPair,
  expandProfilePaths,
  findGoldPairs,
  formatEvaluationReport,
  formatExtractionOutline,
  processProfile,
  resolveDatabaseLocation,
  type IngestReport,
} from '../core/index.js';
import { buildServer } from '../api/index.js';
import { exitCodes, reportError, writeJson } from './output.js';
import { registerAccountCommands } from './account-commands.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const dbOption = () => new Option('--db <location>', 'SQLite file or postgres:// URL (default: $DOSSIER_DB or ./dossier.db)');
const formatOption = (choices: string[], fallback: string) => new Option('--format <format>', 'output format').choices(choices).default(fallback);

const positiveInt = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
};

async function withDossier<T>(db: string | undefined, work: (dossier: Dossier) => Promise<T>): Promise<T> {
  const dossier = await Dossier.open(resolveDatabaseLocation(db));
  try {
    return await work(dossier);
  } finally {
    await dossier.close();
  }
}

/** Ingest paths with a progress bar on a terminal; returns the report and prints the summary. */
async function ingestWithProgress(dossier: Dossier, inputs: string[], quiet = false): Promise<{ report: IngestReport; missing: string[] }> {
  const { files, missing } = await expandProfilePaths(inputs);
  const bar =
    process.stderr.isTTY && !quiet && files.length > 1
      ? new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(files.length, 0, { file: '' });
  const started = performance.now();
  const report = await dossier.ingestFiles(files, { onProgress: (done, _total, result) => bar?.update(done, { file: result.file }) });
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  for (const input of missing) process.stderr.write(`dossier: ${input}: no such file, folder or matching glob\n`);
  for (const result of report.results) if (result.error) process.stderr.write(`refused ${result.error.describe().startsWith(result.file) ? '' : `${result.file}: `}${result.error.describe()}\n`);
  if (!quiet) {
    const stored = report.created + report.newVersions;
    process.stderr.write(
      `${files.length} file${files.length === 1 ? '' : 's'} in ${seconds.toFixed(2)} s: ${stored} stored (${report.created} new, ${report.newVersions} new versions), ${report.unchanged} unchanged, ${report.refused} refused — ${dossier.describeLocation()}\n`,
    );
  }
  return { report, missing };
}

export function buildProgram(): Command {
  const program = new Command('dossier')
    .description('Dossier: evidence-linked stakeholder profiles')
    .version('0.1.0', '-V, --version', 'print the version')
    .enablePositionalOptions()
    .showHelpAfterError()
    // Set before the commands are added so that every subcommand inherits it: usage errors are
    // thrown to runCli (exit 2) instead of ending the process with commander's exit 1.
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('extract')
    .description('extract the structure and facts of one profile document (no database)')
    .argument('<file>', 'a .txt, .md or .html profile')
    .addOption(formatOption(['json', 'text'], 'json'))
    .action(async (file: string, options: { format: string }) => {
      const name = file;
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new DossierError('BAD_REQUEST', error.code === 'ENOENT' ? 'no such file' : `cannot read: ${error.message}`, { file: name });
      });
      const { extraction } = processProfile(bytes, name);
      if (options.format === 'text') process.stdout.write(formatExtractionOutline(extraction));
      else writeJson(extraction);
    });

  program
    .command('ingest')
    .description('ingest profile files, folders or globs into the knowledge base')
    .argument('<paths...>', 'files, folders or globs')
    .addOption(dbOption())
    .option('--quiet', 'print refusals only')
    .action(async (paths: string[], options: { db?: string; quiet?: boolean }) => {
      const { report, missing } = await withDossier(options.db, (dossier) => ingestWithProgress(dossier, paths, options.quiet));
      process.exitCode = report.refused > 0 || missing.length > 0 ? exitCodes.badInput : exitCodes.ok;
    });

  program
    .command('list')
    .description('list the actors in the knowledge base')
    .addOption(dbOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { db?: string; format: string }) => {
      const actors = await withDossier(options.db, (dossier) => dossier.listActors());
      if (options.format === 'json') return writeJson({ actors });
      if (actors.length === 0) return void process.stdout.write('No actors yet. Ingest profiles with `dossier ingest PATHS...`.\n');
      const width = Math.max(...actors.map((actor) => actor.id.length));
      for (const actor of actors) {
        const top = actor.interests.slice(0, 3).map((interest) => `${interest.rank}. ${interest.title}`).join('; ');
        process.stdout.write(`${actor.id.padEnd(width)}  ${actor.name}${actor.country ? ` (${actor.country})` : ''}  v${actor.latestVersion}${actor.asOf ? `  as of ${actor.asOf}` : ''}\n${' '.repeat(width + 2)}${top}\n`);
      }
    });

  program
    .command('show')
    .description("show one actor's profile: interests, sections and what was extracted")
    .argument('<actor>', 'actor id, name or ISO code')
    .addOption(dbOption())
    .option('--version <n>', 'a particular version', positiveInt)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (actor: string, options: { db?: string; version?: number; format: string }) => {
      const detail = await withDossier(options.db, async (dossier) => {
        const found = await dossier.findActor(actor);
        return options.version === undefined ? found : dossier.getActor(found.id, options.version);
      });
      if (options.format === 'json') return writeJson(detail);
      const versions = detail.versions.map((version) => `v${version.version} ${version.ingestedAt.slice(0, 10)}${version.asOf ? ` (as of ${version.asOf})` : ''}`).join(', ');
      process.stdout.write(`${formatExtractionOutline(detail.extraction)}\nVersion ${detail.version.version} of ${detail.versions.length}: ${versions}\nSource: ${detail.version.sourceName}\n`);
    });

  program
    .command('search')
    .description('full-text search over the sentences of all profiles (bm25-ranked)')
    .argument('<query>', 'words, "a phrase", prefix*')
    .addOption(dbOption())
    .option('--actor <actor>', 'only this actor (id)')
    .option('--limit <n>', 'hits to show', positiveInt, 20)
    .option('--offset <n>', 'hits to skip', positiveInt, 0)
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (query: string, options: { db?: string; actor?: string; limit: number; offset: number; format: string }) => {
      const result = await withDossier(options.db, (dossier) => dossier.search({ q: query, actor: options.actor, limit: Math.max(1, options.limit), offset: options.offset }));
      if (options.format === 'json') {
        return writeJson({ total: result.total, hits: result.hits.map(({ actor, text, snippet, start, end }) => ({ actor, text, snippet, start, end })) });
      }
      const color = process.stdout.isTTY;
      const render = (snippet: string) =>
        snippet
          .replace(/<mark>/g, color ? '\x1b[1;33m' : '[')
          .replace(/<\/mark>/g, color ? '\x1b[0m' : ']')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
      process.stdout.write(`${result.total} sentence${result.total === 1 ? '' : 's'}\n`);
      for (const hit of result.hits) process.stdout.write(`\n${hit.actorName} [${hit.start}–${hit.end}]\n  ${render(hit.snippet)}\n`);
    });

  const serveOptions = (command: Command) =>
    command
      .addOption(dbOption())
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', 'port to listen on', positiveInt, 8080);

  serveOptions(program.command('serve').description('serve the web UI and the HTTP API')).action(async (options: { db?: string; host: string; port: number }) => {
    await serve(await Dossier.open(resolveDatabaseLocation(options.db)), options.host, options.port);
  });

  serveOptions(program.command('start').description('ingest the bundled examples and the reference profile, then serve (what `npm start` runs)'))
    .argument('[paths...]', 'profiles to ingest first', [path.join(packageRoot, 'examples'), path.join(packageRoot, 'test-fixtures', 'seed-kazakhstan.txt')])
    .action(async (paths: string[], options: { db?: string; host: string; port: number }) => {
      const dossier = await Dossier.open(resolveDatabaseLocation(options.db));
      await ingestWithProgress(dossier, paths);
      await serve(dossier, options.host, options.port);
    });

  program
    .command('eval')
    .description('score the extraction against the gold files (the seed and examples/gold/*.gold.json)')
    .option('--details', 'list every missed and spurious item')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { details?: boolean; format: string }) => {
      const pairs = await findGoldPairs(packageRoot);
      const evaluations = [];
      for (const pair of pairs) evaluations.push({ name: pair.name, evaluation: await evaluateGoldPair(pair) });
      if (options.format === 'json') writeJson({ evaluations });
      else process.stdout.write(formatEvaluationReport(evaluations, { details: options.details }));
    });

  registerAccountCommands(program);
  return program;
}

async function serve(dossier: Dossier, host: string, port: number): Promise<void> {
  const app = await buildServer(dossier, { logger: false });
  const close = async () => {
    await app.close();
    await dossier.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  try {
    await app.listen({ host, port });
  } catch (error) {
    await dossier.close();
    throw new DossierError('INTERNAL', `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`Dossier is serving ${dossier.describeLocation()} at http://${shownHost}:${port}/ (API: /api/actors, /api/search?q=…, /openapi.json). Ctrl-C stops it.\n`);
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code.startsWith('commander.')) {
      const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : exitCode === 0 ? 0 : exitCodes.badInput;
    }
    return reportError(error);
  }
}
