// The exit codes of the `dossier` commands (a module of its own, loaded without the model).

/** Exit codes: 0 success, 1 failure of Dossier or its store, 2 bad input or usage. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;
