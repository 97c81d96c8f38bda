// The reference data and its gazetteer index in one compact file, written once at build time
// (scripts/build-gazetteer-index.mjs, run by `npm run build`) beside the compiled loader, so that a
// process reads one file instead of parsing the country package, validating every gazetteer entry
// and tokenising every name. The file records a hash of what it was built from (the gazetteer
// files, the country package's version, this format's version): a file whose hash differs from
// the data it is asked for is stale and ignored, and the loader builds in memory as before. It also
// records the size and modification time of each file it was built from: while they are all the
// same, the file is taken as fresh without reading and hashing the data again (a start-up cost of
// `dossier extract`).
// Layout: a header line (JSON: format, hash, stamps, the index's small parts, and where each record
// of the lists below starts), then the records, one JSON text a line: the country records, the
// gazetteer entries, the index's entities, the subtrees of its trie root's children and the
// terminals of its transliteration keys. A process reads the file's bytes and parses the header
// only; each record is parsed when first read (reviveGazetteerIndex, and the reference data's
// `countries` and `gazetteer`, which `dossier extract` never reads), so a start parses the few
// records a document reaches instead of the whole file (and keeps the garbage collector idle).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CountryRecord, GazetteerEntry, ReferenceData } from '../../model/index.js';
import {
  buildGazetteerIndex,
  compactGazetteerIndex,
  reviveGazetteerIndex,
  type CompactGazetteerIndex,
} from '../gazetteer-index.js';
import type { ItemList } from '../lazy-value-map.js';

/** Bumped whenever the file's layout or what it is built from changes. */
const compactFormat = 3;

/** The lists of records after the header line. */
const listNames = ['countries', 'gazetteer', 'entities', 'rootChildren', 'keyTerminals'] as const;
type ListName = (typeof listNames)[number];

/** The first line of the file. */
interface CompactHeader {
  format: number;
  dataHash: string;
  /** Size and modification time of each file the data is built from (see sourceStamps). */
  sourceStamps: string;
  /** Bytes after the header line (a file cut short is ignored). */
  bodyBytes: number;
  /** Each list's records: where each starts in the body (in bytes), then where the last ends. */
  lists: Record<ListName, number[]>;
  /** The gazetteer index but its lists. */
  index: Omit<CompactGazetteerIndex, 'entities' | 'rootChildren' | 'keyTerminals'>;
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
  const { entities, rootChildren, keyTerminals, ...index } = compactGazetteerIndex(buildGazetteerIndex(reference));
  const items: Record<ListName, unknown[]> = {
    countries: [reference.countries],
    gazetteer: [reference.gazetteer],
    entities,
    rootChildren,
    keyTerminals,
  };
  const records: string[] = [];
  let bodyBytes = 0;
  const lists = {} as Record<ListName, number[]>;
  for (const name of listNames) {
    const starts = [bodyBytes];
    for (const item of items[name]) {
      const record = `${JSON.stringify(item)}\n`;
      records.push(record);
      bodyBytes += Buffer.byteLength(record);
      starts.push(bodyBytes);
    }
    lists[name] = starts;
  }
  const header: CompactHeader = {
    format: compactFormat,
    dataHash: referenceDataHash(dataDir),
    sourceStamps: sourceStamps(dataDir),
    bodyBytes,
    lists,
    index,
  };
  writeFileSync(file, [`${JSON.stringify(header)}\n`, ...records].join(''));
}

/** The records of one list of the file, each parsed from its bytes when read. */
function recordList<T>(bytes: Buffer, bodyStart: number, starts: readonly number[]): ItemList<T> {
  return {
    length: starts.length - 1,
    at(index: number): T | undefined {
      const start = starts[index];
      const end = starts[index + 1];
      if (start === undefined || end === undefined) return undefined;
      return JSON.parse(bytes.toString('utf8', bodyStart + start, bodyStart + end)) as T;
    },
  };
}

/** An own enumerable property whose value is made when first read (and then kept as a plain property). */
function defineOnFirstRead<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = make();
      settle(value);
      return value;
    },
    set: settle,
  });
}

/** The single record of a list, which must be there. */
function soleRecord<T>(list: ItemList<T>): T {
  const value = list.at(0);
  if (value === undefined) throw new Error('compact reference file: a list is empty');
  return value;
}

/** The header of a compact file's bytes and where its body starts; null when it is not one of this format. */
function readHeader(bytes: Buffer): { header: CompactHeader; bodyStart: number } | null {
  const newline = bytes.indexOf(10);
  if (newline < 0) return null;
  let header: CompactHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline)) as CompactHeader;
  } catch {
    return null;
  }
  if (header?.format !== compactFormat || header.bodyBytes !== bytes.byteLength - newline - 1) return null;
  return { header, bodyStart: newline + 1 };
}

/**
 * The reference data of `dataDir` from a compact file, its gazetteer index revived (buildGazetteerIndex answers it);
 * null when the file is absent, unreadable, of another format or stale (built from other data). Its records are
 * parsed when first read (see the header of this module).
 */
export function readCompactReference(file: string, dataDir: string): ReferenceData | null {
  if (!existsSync(file)) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const read = readHeader(bytes);
  if (!read) return null;
  const { header, bodyStart } = read;
  // Same files, same sizes and times: the same data, unread. Else the hash of their content decides.
  if (header.sourceStamps !== sourceStamps(dataDir) && header.dataHash !== referenceDataHash(dataDir)) return null;
  const list = <T>(name: ListName): ItemList<T> => recordList<T>(bytes, bodyStart, header.lists[name]);
  const reference = {} as ReferenceData;
  defineOnFirstRead(reference, 'countries', () => soleRecord(list<CountryRecord[]>('countries')));
  defineOnFirstRead(reference, 'gazetteer', () => soleRecord(list<GazetteerEntry[]>('gazetteer')));
  reviveGazetteerIndex(reference, {
    ...header.index,
    entities: list('entities'),
    rootChildren: list('rootChildren'),
    keyTerminals: list('keyTerminals'),
  });
  return reference;
}
