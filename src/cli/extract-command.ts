// `dossier extract` (one document's extraction, printed, no database) and the reading of the
// document a command is given: a named file, or standard input up to the document size cap. Loads
// neither the pipeline nor the core until the command runs. Registered by the whole CLI
// (commands.ts) and by the extract-only entry (extract-entry.ts) that bin/dossier runs
// `dossier extract FILE` from.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Extraction, SourceFormat } from '../model/index.js';
import { sourceFormats } from '../model/vocabularies.js';
import { formatOption, type CliContext } from './command-support.js';
import { type TerminalIo, escapeField } from './terminal-text.js';

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
export const formatInOption = () =>
  new Option('--format-in <format>', 'the input format (default: by extension, else detected)').choices([
    ...sourceFormats,
  ]);

/** A file named on the command line, read whole; a clear refusal when it cannot be. */
async function readNamedFile(file: string): Promise<Buffer> {
  return readFile(file).catch(async (error: NodeJS.ErrnoException) => {
    const { DossierError } = await import('../model/errors.js');
    throw new DossierError('BAD_REQUEST', error.code === 'ENOENT' ? 'no such file' : `cannot read: ${error.message}`, {
      file,
    });
  });
}

/** Standard input, read whole (at most the document size cap); refused when it is a terminal. */
export async function readStandardInput(io: TerminalIo, name = 'stdin'): Promise<Buffer> {
  const { DossierError } = await import('../model/errors.js');
  const { maxDocumentBytes } = await import('../core/document-limits.js');
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
export async function safeOutline(extraction: Extraction): Promise<string> {
  const { formatExtractionOutline } = await import('../core/outline-formatter.js');
  return formatExtractionOutline(withEscapedLabels(extraction));
}

/** `dossier extract`: one document's extraction, no database. */
export function registerExtractCommand(program: Command, { io }: CliContext): void {
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
