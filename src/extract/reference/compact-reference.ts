// The reference data and its gazetteer index in one compact JSON file, written once at build time
// (scripts/build-gazetteer-index.mjs, run by `npm run build`) beside the compiled loader, so that a
// process reads one file instead of parsing the country package, validating every gazetteer entry
// and tokenising every name. The file records a hash of what it was built from (the gazetteer
// files, the country package's version, this format's version): a file whose hash differs from
// the data it is asked for is stale and ignored, and the loader builds in memory as before. It also
// records the size and modification time of each file it was built from: while they are all the
// same, the file is taken as fresh without reading and hashing the data again (a start-up cost of
// `dossier extract`). The gazetteer index is revived lazily, node by node (reviveGazetteerIndex).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceData } from '../../model/index.js';
import {
  buildGazetteerIndex,
  compactGazetteerIndex,
  reviveGazetteerIndex,
  type CompactGazetteerIndex,
} from '../gazetteer-index.js';

/** Bumped whenever the file's layout or what it is built from changes. */
const compactFormat = 2;

interface CompactReferenceFile {
  format: number;
  dataHash: string;
  /** Size and modification time of each file the data is built from (see sourceStamps). */
  sourceStamps: string;
  reference: ReferenceData;
  index: CompactGazetteerIndex;
}

/**
 * Where the build writes the file: beside this module, so a compiled loader (dist/) finds the file
 * of its own build and the sources (vitest) find none.
 */
export const compactReferencePath = join(dirname(fileURLToPath(import.meta.url)), 'gazetteer-index.json');

/** The curated gazetteer files of a data folder, in load order. */
export function gazetteerFiles(dataDir: string): string[] {
  const gazetteerDir = join(dataDir, 'gazetteer');
  return existsSync(gazetteerDir)
    ? readdirSync(gazetteerDir)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => join(gazetteerDir, file))
    : [];
}

const countriesPackagePath = (): string => createRequire(import.meta.url).resolve('world-countries/package.json');

/**
 * The size and modification time of every file the reference data of `dataDir` is built from (the gazetteer files and
 * the country package's manifest), one line each: equal stamps stand for equal data without reading it.
 */
export function sourceStamps(dataDir: string): string {
  return [...gazetteerFiles(dataDir), countriesPackagePath()]
    .map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}\0${size}\0${mtimeMs}`;
    })
    .join('\n');
}

/** sha256 of what the reference data is built from: the gazetteer files and the country package's version. */
export function referenceDataHash(dataDir: string): string {
  const hash = createHash('sha256');
  const countriesPackage = countriesPackagePath();
  const { version } = JSON.parse(readFileSync(countriesPackage, 'utf8')) as { version: string };
  hash.update(`format ${compactFormat}\0world-countries ${version}\0`);
  for (const file of gazetteerFiles(dataDir)) {
    const bytes = readFileSync(file);
    hash.update(`${basename(file)}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** Writes the compact file of `reference` (built from `dataDir`) and its gazetteer index. */
export function writeCompactReference(file: string, dataDir: string, reference: ReferenceData): void {
  const content: CompactReferenceFile = {
    format: compactFormat,
    dataHash: referenceDataHash(dataDir),
    sourceStamps: sourceStamps(dataDir),
    reference,
    index: compactGazetteerIndex(buildGazetteerIndex(reference)),
  };
  writeFileSync(file, JSON.stringify(content));
}

/**
 * The reference data of `dataDir` from a compact file, its gazetteer index revived (buildGazetteerIndex answers it);
 * null when the file is absent, unreadable, of another format or stale (built from other data).
 */
export function readCompactReference(file: string, dataDir: string): ReferenceData | null {
  if (!existsSync(file)) return null;
  let content: CompactReferenceFile;
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as CompactReferenceFile;
  } catch {
    return null;
  }
  if (content.format !== compactFormat) return null;
  // Same files, same sizes and times: the same data, unread. Else the hash of their content decides.
  if (content.sourceStamps !== sourceStamps(dataDir) && content.dataHash !== referenceDataHash(dataDir)) return null;
  reviveGazetteerIndex(content.reference, content.index);
  return content.reference;
}
