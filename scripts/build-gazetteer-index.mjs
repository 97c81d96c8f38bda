// Build step (run by `npm run build` after tsc): writes the reference data and its gazetteer index
// once into dist/extract/reference/gazetteer-index.json, the compact file loadReferenceData reads
// instead of building them in every process (see src/extract/reference/compact-reference.ts), and
// the country-name table of actor names into dist/ingest/country-names.json, which ingest reads
// instead of the country package (src/ingest/country-name-table.ts).
// Usage: node scripts/build-gazetteer-index.mjs   (after `tsc -p tsconfig.build.json`)
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reference = path.join(root, 'dist', 'extract', 'reference');
const { buildReferenceData, defaultDataDir } = await import(
  pathToFileURL(path.join(reference, 'reference-data-loader.js')).href
);
const { compactReferencePath, writeCompactReference } = await import(
  pathToFileURL(path.join(reference, 'compact-reference.js')).href
);
const { countryNameTablePath, writeCountryNameTable } = await import(
  pathToFileURL(path.join(root, 'dist', 'ingest', 'country-name-table.js')).href
);
const dataDir = defaultDataDir();
writeCompactReference(compactReferencePath, dataDir, buildReferenceData(dataDir));
writeCountryNameTable(countryNameTablePath);
for (const [what, file] of [
  ['gazetteer index', compactReferencePath],
  ['country names', countryNameTablePath],
]) {
  const kb = (statSync(file).size / 1024).toFixed(0);
  process.stdout.write(`${what}: ${path.relative(root, file)} (${kb} KB)\n`);
}
