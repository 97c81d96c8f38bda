#!/usr/bin/env node
// Validates the curated gazetteer (data/gazetteer/*.json) with the model's own schema and the
// curation rules of src/extract/reference/gazetteer-check.ts (needs `npm run build`; `npm test`
// runs the same check). Usage: node data/check-gazetteer.mjs [--quiet]   Exit code 1 on any error.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'extract', 'reference', 'gazetteer-check.js');
if (!existsSync(built)) {
  console.error('error: build first (npm run build): dist/extract/reference/gazetteer-check.js is missing');
  process.exit(2);
}
const { checkGazetteer } = await import(built);
const report = checkGazetteer({ gazetteerDir: join(root, 'data', 'gazetteer'), root, goldFile: join(root, 'test-fixtures', 'seed-kazakhstan.gold.json') });
if (!process.argv.includes('--quiet')) for (const warning of report.warnings) console.warn(`warning ${warning}`);
for (const error of report.errors) console.error(`error ${error}`);
const { summary } = report;
console.log(
  `gazetteer: ${summary.entries} entries in ${summary.files} files (${Object.entries(summary.byType).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
    `${summary.forms} written forms; ${summary.qids} Wikidata QIDs; ${report.errors.length} errors, ${report.warnings.length} warnings`,
);
process.exitCode = report.errors.length > 0 ? 1 : 0;
