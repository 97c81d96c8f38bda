// Bulk ingest's units (dossier.ts ingestUnits): consecutive files given to a worker together and written in one
// transaction. A long run is cut in units of maxUnitDocuments (32: the batch size at which a PostgreSQL save stays
// within 3 round trips a document, postgres-batch-write.test.ts), a short one in smaller units so that every worker
// gets about four, a unit never passes 1 MiB (a larger file goes alone), and a file that cannot be read still has
// its place.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestUnits, maxUnitBytes, maxUnitDocuments } from './dossier.js';

describe('bulk ingest units', () => {
  let folder: string;
  const small: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-units-'));
    for (let k = 0; k < 1000; k++) {
      const file = path.join(folder, `profile-${k}.txt`);
      await writeFile(file, `Profile ${k}\n\nA short profile.\n`);
      small.push(file);
    }
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('cuts a long run into units of 32 documents, in input order', async () => {
    expect(maxUnitDocuments).toBe(32);
    const { units, sizes } = await ingestUnits(small, 2);
    expect(units.slice(0, -1).every((unit) => unit.length === 32)).toBe(true);
    expect(units.length).toBe(Math.ceil(1000 / 32));
    expect(units.flat()).toEqual(small.map((_, index) => index));
    expect(sizes.every((size) => typeof size === 'number' && size > 0)).toBe(true);
  });

  it('gives each worker about four units of a short run', async () => {
    const { units } = await ingestUnits(small.slice(0, 40), 2);
    expect(units.map((unit) => unit.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
    expect((await ingestUnits(small.slice(0, 3), 4)).units).toEqual([[0], [1], [2]]);
  });

  it('keeps a unit under 1 MiB: a larger file goes alone, an unreadable one keeps its place', async () => {
    const large = path.join(folder, 'large.txt');
    await writeFile(large, 'x'.repeat(maxUnitBytes - 100));
    const missing = path.join(folder, 'missing.txt');
    const files = [...small.slice(0, 40), large, ...small.slice(40, 100), missing, ...small.slice(100, 200)];
    const { units, sizes } = await ingestUnits(files, 1);
    expect(units.flat()).toEqual(files.map((_, index) => index));
    const largeUnit = units.find((unit) => unit.includes(40))!;
    const sizeOf = (index: number) => (typeof sizes[index] === 'number' ? sizes[index] : 0);
    const bytesOf = (unit: number[]) => unit.reduce((sum, index) => sum + sizeOf(index), 0);
    expect(units.every((unit) => unit.length <= 32 && (unit.length === 1 || bytesOf(unit) <= maxUnitBytes))).toBe(true);
    expect(bytesOf(largeUnit)).toBeLessThanOrEqual(maxUnitBytes);
    expect(sizes[101]).toBeInstanceOf(Error);
  });
});
