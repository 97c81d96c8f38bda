// What the CLI commands share: the run context (where they print, the exit code), the --db and
// --format options, opening the knowledge base for one command, and ingest with a progress bar.
// The model, the core and the progress bar are imported when a command runs, not at start-up
// (`dossier --version` loads commander only).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option } from 'commander';
import type { SourceFormat } from '../model/index.js';
import { formatSettingValue, settings } from '../model/settings-table.js';
import type { Dossier, FetchOptions, IngestReport } from '../core/index.js';
import { exitCodes } from './exit-codes.js';
import { type TerminalIo, escapeField, safe } from './terminal-text.js';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One run of the CLI: where it prints and the exit code its commands asked for. */
export interface CliContext {
  io: TerminalIo;
  exitCode: number;
}

/** The help of a flag that overrides a setting: the setting's help, then its variable and default. */
export const settingFlagHelp = (name: 'db' | 'host' | 'port', what?: string): string =>
  `${what ?? settings[name].help} (default: $${settings[name].env} or ` +
  `${formatSettingValue(name, settings[name].default)})`;

export const dbOption = () => new Option('--db <location>', settingFlagHelp('db', 'SQLite file or postgres:// URL'));
export const formatOption = (choices: string[], fallback: string) =>
  new Option('--format <format>', 'output format').choices(choices).default(fallback);

export const positiveInt = (value: string): number => {
  const parsed = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(parsed))
    throw new InvalidArgumentError('expected a whole number');
  return parsed;
};

/**
 * Opens the knowledge base for one command and closes it after. `create: false` (every command
 * that only reads or edits what exists) never creates a file, folder or schema.
 */
export async function withDossier<T>(
  db: string | undefined,
  options: { create: boolean; env?: NodeJS.ProcessEnv },
  work: (dossier: Dossier) => Promise<T>,
): Promise<T> {
  const { Dossier, resolveDatabaseLocation } = await import('../core/index.js');
  const dossier = await Dossier.open(resolveDatabaseLocation(db, options.env), { create: options.create });
  try {
    return await work(dossier);
  } finally {
    await dossier.close();
  }
}

/**
 * Ingest paths with a progress bar on a terminal; prints refusals (bad input), failures (store or
 * internal errors, with their hint) and the summary; returns the report and the exit code: 1 when
 * anything failed, else 2 when a file was refused or a path named nothing, else 0.
 */
/** An ingest argument that is an http(s) URL (fetched, not looked up as a path). */
export const isFetchableUrl = (entry: string): boolean => /^https?:\/\//i.test(entry);

/** The more severe of two exit codes (failure over bad input over success). */
export const moreSevere = (a: number, b: number): number => {
  const rank = (code: number) => (code === exitCodes.failure ? 2 : code === exitCodes.badInput ? 1 : 0);
  return rank(a) >= rank(b) ? a : b;
};

/** A document fetched from a URL and ingested, reported like standard input (refusals of the fetch included). */
export async function ingestUrlWithReport(
  io: TerminalIo,
  dossier: Dossier,
  url: string,
  options: FetchOptions,
  quiet = false,
): Promise<{ exitCode: number }> {
  const { fetchDocument } = await import('../core/index.js');
  const { isDossierError, isInputErrorCode } = await import('../model/index.js');
  let fetched;
  try {
    fetched = await fetchDocument(url, options);
  } catch (error) {
    if (!isDossierError(error)) throw error;
    io.err.write(
      isInputErrorCode(error.code)
        ? safe`refused ${url}: ${error.message}\n`
        : safe`dossier: ${url}: ${error.message}\n`,
    );
    if (error.hint) io.err.write(safe`hint: ${error.hint}\n`);
    return { exitCode: isInputErrorCode(error.code) ? exitCodes.badInput : exitCodes.failure };
  }
  return ingestOneWithReport(io, dossier, fetched.bytes, fetched.name, fetched.format, quiet);
}

/**
 * One document (standard input) ingested and reported like a file: outcome line, or the refusal with exit 2 (a store
 * failure: exit 1 with its hint).
 */
export async function ingestOneWithReport(
  io: TerminalIo,
  dossier: Dossier,
  bytes: Uint8Array,
  name: string,
  format: SourceFormat | undefined,
  quiet = false,
): Promise<{ exitCode: number }> {
  const { err } = io;
  const { isDossierError, isInputErrorCode } = await import('../model/index.js');
  try {
    const outcome = await dossier.ingestBytes(bytes, name, format);
    if (!quiet)
      err.write(
        safe`${name}: ${outcome.status} — ${outcome.actorName}, version ${outcome.version} — `,
        safe`${dossier.describeLocation()}\n`,
      );
    return { exitCode: exitCodes.ok };
  } catch (error) {
    if (!isDossierError(error)) throw error;
    const described = error.describe();
    const named = described.startsWith(name) ? safe`${described}` : safe`${name}: ${described}`;
    err.write(isInputErrorCode(error.code) ? safe`refused ${named}\n` : safe`dossier: ${named}\n`);
    if (error.hint) err.write(safe`hint: ${error.hint}\n`);
    return { exitCode: isInputErrorCode(error.code) ? exitCodes.badInput : exitCodes.failure };
  }
}

export async function ingestWithProgress(
  io: TerminalIo,
  dossier: Dossier,
  inputs: string[],
  quiet = false,
  jobs?: number,
): Promise<{ report: IngestReport; missing: string[]; exitCode: number }> {
  const { err } = io;
  const { expandProfilePaths } = await import('../core/index.js');
  const { isInputErrorCode } = await import('../model/index.js');
  const { default: cliProgress } = await import('cli-progress');
  const { files, missing } = await expandProfilePaths(inputs);
  const bar =
    err.isTTY && !err.isClosed && !quiet && files.length > 1
      ? new cliProgress.SingleBar(
          {
            format: 'ingest [{bar}] {value}/{total} {file}',
            stream: err.stream as NodeJS.WriteStream,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(files.length, 0, { file: '' });
  const started = performance.now();
  // The file name is data: escaped before cli-progress writes it.
  const report = await dossier.ingestFiles(files, {
    jobs,
    onProgress: (done, _total, result) => bar?.update(done, { file: escapeField(result.file) }),
  });
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  for (const input of missing) err.write(safe`dossier: ${input}: no such file, folder or matching glob\n`);
  // A refusal is bad input (exit 2); a store or internal failure is not (exit 1, with its hint).
  let failed = 0;
  for (const result of report.results) {
    if (!result.error) continue;
    const described = result.error.describe();
    const named = described.startsWith(result.file) ? safe`${described}` : safe`${result.file}: ${described}`;
    if (isInputErrorCode(result.error.code)) {
      err.write(safe`refused ${named}\n`);
    } else {
      failed++;
      err.write(safe`dossier: ${named}\n`);
    }
    if (result.error.hint) err.write(safe`hint: ${result.error.hint}\n`);
  }
  if (!quiet) {
    const stored = report.created + report.newVersions;
    err.write(
      safe`${files.length} file${files.length === 1 ? '' : 's'} in ${seconds.toFixed(2)} s: `,
      safe`${stored} stored (${report.created} new, ${report.newVersions} new versions), `,
      safe`${report.unchanged} unchanged, ${report.refused - failed} refused${failed ? `, ${failed} failed` : ''} — `,
      safe`${dossier.describeLocation()}\n`,
    );
  }
  const exitCode =
    failed > 0 ? exitCodes.failure : report.refused > 0 || missing.length > 0 ? exitCodes.badInput : exitCodes.ok;
  return { report, missing, exitCode };
}
