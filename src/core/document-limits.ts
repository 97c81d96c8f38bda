// The size cap of one document, a module of its own so that `dossier extract -` (the CLI's
// extract-only bundle, src/cli/extract-entry.ts) reads it without loading the rest of the core.

/** Largest profile document accepted (a profile is a few KB; this leaves ample room). */
export const maxDocumentBytes = 5 * 1024 * 1024;
