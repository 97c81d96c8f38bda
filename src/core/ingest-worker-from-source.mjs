// The ingest worker run from its TypeScript source (vitest, or Dossier run through tsx): registers
// tsx's loader inside this worker thread (a loader passed with --import in a worker's execArgv
// is not reliable on Node 20), then loads ingest-worker.ts. The built package runs
// dist/core/ingest-worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
const { default: ingestInWorker } = await import('./ingest-worker.ts');

export default ingestInWorker;
