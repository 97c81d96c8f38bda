// Printing for the CLI: errors as `dossier: file:line:column: message (expected …)` with the
// hint on its own line, and the exit codes. Everything goes through the terminal sanitiser.
import { isDossierError, isInputErrorCode, type DossierError } from '../model/index.js';
import { exitCodes } from './exit-codes.js';
import { type TerminalWriter, safe } from './terminal-text.js';

export { exitCodes };

export const exitCodeFor = (error: DossierError): number =>
  isInputErrorCode(error.code) ? exitCodes.badInput : exitCodes.failure;

/** Prints an error to `err` (one line, then `hint: …` when there is one) and returns the exit code. */
export function reportError(err: TerminalWriter, error: unknown): number {
  if (isDossierError(error)) {
    err.write(safe`dossier: ${error.describe()}\n`);
    if (error.hint) err.write(safe`hint: ${error.hint}\n`);
    return exitCodeFor(error);
  }
  // An unexpected failure: the stack (a block of lines) helps a bug report; still sanitised.
  err.write('dossier: ', error instanceof Error ? (error.stack ?? error.message) : String(error), '\n');
  return exitCodes.failure;
}
