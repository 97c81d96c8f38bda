// The entry of the extract-only bundle (dist/cli-bundle/extract.cjs, scripts/bundle-cli.mjs):
// the program with `dossier extract` alone, so a run loads commander, the ingest and the
// extraction pipeline and nothing of the other commands (stores, server, export formats).
// bin/dossier runs `dossier extract FILE` from it; its output is the whole CLI's (commands.ts).
import { addNoColorOption, createProgram, runProgram } from './cli-program.js';
import type { CliContext } from './command-support.js';
import { exitCodes } from './exit-codes.js';
import { registerExtractCommand } from './extract-command.js';
import { processTerminalIo, type TerminalIo } from './terminal-text.js';

export async function runCli(argv: string[], io: TerminalIo = processTerminalIo()): Promise<number> {
  const context: CliContext = { io, exitCode: exitCodes.ok };
  const program = createProgram(context.io);
  registerExtractCommand(program, context);
  addNoColorOption(program, context.io);
  return runProgram(program, argv, context);
}
