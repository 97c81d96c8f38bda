// The model: zod schemas that are at once the types, the validators and the JSON Schema of
// everything Dossier reads, stores and serves. Imports nothing of ours.
export * from './errors.js';
export * from './themes.js';
export * from './edtf.js';
export * from './claim-time.js';
export * from './ids.js';
export * from './document.js';
export * from './extraction.js';
export * from './extraction-contract.js';
export * from './gazetteer.js';
export * from './api.js';
export * from './views.js';
export * from './checks.js';
export * from './auth.js';
export * from './review.js';
export * from './review-queue.js';
export * from './item-kinds/index.js';
export * from './item-records.js';
export * from './export.js';
export * from './phrases.js';
export * from './search-terms.js';
export * from './settings.js';
