// The commander program every `dossier` run builds (name, version, output, usage errors thrown
// instead of ending the process), the --no-color option on each of its commands, and running it
// to an exit code. Shared by the whole CLI (commands.ts) and the extract-only entry
// (extract-entry.ts, the bundle bin/dossier runs `dossier extract FILE` from).
import { Command, Option } from 'commander';
import { dossierVersion } from '../model/version.js';
import { exitCodes } from './exit-codes.js';
import type { CliContext } from './command-support.js';
import type { TerminalIo } from './terminal-text.js';

/** The program itself: name, version, output and the error handling every command inherits. */
export function createProgram(io: TerminalIo): Command {
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

/** `--no-color` on the program and on every command (commander reads it as `color: false`). */
export function addNoColorOption(program: Command, io: TerminalIo): void {
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

/** Runs the program on argv and returns the exit code: usage errors 2, help and version 0, failures reported. */
export async function runProgram(program: Command, argv: string[], context: CliContext): Promise<number> {
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
    return reportError(context.io.err, error);
  }
}
