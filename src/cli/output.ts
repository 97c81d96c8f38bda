// Printing for the CLI: errors as `dossier: file:line:column: message (expected …)`, exit codes.
import { isDossierError, isInputErrorCode, type DossierError } from '../model/index.js';

/** Exit codes: 0 success, 1 failure of Dossier or its store, 2 bad input or usage. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;

export const exitCodeFor = (error: DossierError): number => (isInputErrorCode(error.code) ? exitCodes.badInput : exitCodes.failure);

export function reportError(error: unknown): number {
  if (isDossierError(error)) {
    process.stderr.write(`dossier: ${error.describe()}\n`);
    return exitCodeFor(error);
  }
  process.stderr.write(`dossier: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.failure;
}

export const writeJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
