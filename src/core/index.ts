// The core's public surface for the API and the CLI.
export * from './dossier.js';
export * from './config.js';
export * from './path-expander.js';
export * from './profile-pipeline.js';
export * from './outline-formatter.js';
export type { EntityDetail } from '../store/index.js';
export * from './collection-views.js';
export * from './extraction-evaluation.js';
export * from './gold-evaluation-runner.js';
export * from './accounts.js';
export * from './review.js';
export * from './version-diff.js';
export * from './html-sanitizer.js';
export * from './revision-cache.js';
export * from './reference-checks.js';
export * from './doctor.js';
export * from './url-fetcher.js';
export * from './export/index.js';
