// `dossier export --format F [--actor ID] [--version N] [--status accepted|confirmed|all] [--out FILE|-]`:
// writes one export of the registry (src/core/export) to a file (written to a temporary name and
// renamed, so a failed export leaves no partial file) or to standard output; `--schema` prints the
// JSON Schema of the `json` export; `--list` the formats. The registry (and the libraries of its
// formats) is loaded only when `export` is the command: its format names become the choices of
// --format then, before the options are parsed.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import type { ExportFilter } from '../model/index.js';
import { exportStatuses } from '../model/vocabularies.js';
import { dbOption, positiveInt, withDossier, type CliContext } from './command-support.js';
import { exitCodes } from './exit-codes.js';
import { safe } from './terminal-text.js';

interface ExportOptions {
  db?: string;
  format?: string;
  actor?: string;
  version?: number;
  status: ExportFilter['status'];
  out?: string;
  schema?: boolean;
  list?: boolean;
}

const isBinary = (mediaType: string): boolean =>
  !new RegExp(
    [
      String.raw`^(?:text\/|application\/(?:json|x-ndjson|ld\+json|`,
      String.raw`xml|graphml\+xml|gexf\+xml)|application\/[\w.+-]*\+(?:json|`,
      String.raw`xml))`,
    ].join(''),
  ).test(mediaType);

/** Writes a byte stream to a writable, waiting when it is full. */
async function pipeTo(stream: AsyncIterable<Uint8Array | string>, target: NodeJS.WritableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    bytes += buffer.length;
    if (!target.write(buffer)) await once(target as NodeJS.EventEmitter, 'drain');
  }
  return bytes;
}

/** Writes a byte stream to a temporary name renamed to `target` once complete (removed if the export fails). */
async function writeFileAtomically(stream: AsyncIterable<Uint8Array | string>, target: string): Promise<number> {
  const partial = `${target}.partial-${process.pid}`;
  const file = createWriteStream(partial);
  try {
    const bytes = await pipeTo(stream, file);
    file.end();
    await once(file, 'finish');
    await rename(partial, target);
    return bytes;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

export function registerExportCommands(program: Command, context: CliContext): void {
  const formatOption = new Option('--format <format>', 'export format');
  const command = program
    .command('export')
    .description('export the knowledge base or one actor (--list names the formats)')
    .addOption(formatOption)
    .option('--actor <id>', 'one actor or source (series id)')
    .option('--version <n>', 'a version of that actor (default: the latest)', positiveInt)
    .addOption(
      new Option(
        '--status <status>',
        'accepted: all but rejected facts; confirmed: only facts a person confirmed or edited; all: rejected ' +
          'ones too, marked',
      )
        .choices([...exportStatuses])
        .default('accepted'),
    )
    .option('--out <file>', 'write to this file (- or absent: standard output)')
    .option('--schema', 'print the JSON Schema of the json export and exit')
    .option('--list', 'list the formats and exit')
    .addOption(dbOption())
    .action(async (options: ExportOptions) => {
      const { out, err, env } = context.io;
      const { exporters, exportFileName, jsonExportSchema, startExport } = await import('../core/index.js');
      const { DossierError } = await import('../model/index.js');
      if (options.list) {
        for (const e of exporters)
          out.write(
            safe`${e.name.padEnd(9)} .${e.extension.padEnd(8)} `,
            safe`${e.scoped ? 'actor/version  ' : 'collection     '} ${e.description}\n`,
          );
        return;
      }
      if (options.schema) {
        out.json(jsonExportSchema());
        return;
      }
      if (!options.format)
        throw new DossierError('BAD_REQUEST', 'no export format given', {
          expected: `--format ${exporters.map((e) => e.name).join('|')} (or --list)`,
        });
      await withDossier(options.db, { create: false, env }, async (dossier) => {
        const { exporter, filter, stream } = await startExport(dossier, options.format!, {
          actor: options.actor,
          version: options.version,
          status: options.status,
        });
        if (!options.out || options.out === '-') {
          if (isBinary(exporter.mediaType) && out.isTTY) {
            throw new DossierError(
              'BAD_REQUEST',
              `the ${exporter.name} export is binary and standard output is a terminal`,
              { expected: `--out ${exportFileName(exporter, filter)}` },
            );
          }
          await pipeTo(stream, out.stream as unknown as NodeJS.WritableStream);
          return;
        }
        const target = path.resolve(options.out);
        const bytes = await writeFileAtomically(stream, target);
        err.write(safe`${exporter.name}: ${bytes.toLocaleString('en')} bytes → ${target}\n`);
      });
      context.exitCode = exitCodes.ok;
    });
  program.hook('preSubcommand', async (_program, subcommand) => {
    if (subcommand !== command) return;
    const { exporters } = await import('../core/index.js');
    const names = exporters.map((exporter) => exporter.name);
    formatOption.choices(names);
    command.description(`export the knowledge base or one actor (${names.join(', ')})`);
  });
}
