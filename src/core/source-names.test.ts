// A document's name comes from an upload's headers, a paste or a path: control characters in it (NUL, which
// PostgreSQL's text refuses; BEL; C1) are taken out before anything is stored, on SQLite and on PostgreSQL
// (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, withoutControlCharacters } from './dossier.js';

const pgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
const pgReachable = await (async () => {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
})();

const profile = (name: string) =>
  `${name}\n\nProfile\n${name} keeps its embassy in Kabul open.\n\nKey Interests & Priorities\n1. Security\n`;

describe('withoutControlCharacters', () => {
  it('takes out C0, DEL and C1 characters and trims, keeping every other character', () => {
    expect(withoutControlCharacters('\u0000a\u0007b\u007f\u0085c.txt \n')).toBe('abc.txt');
    expect(withoutControlCharacters('Қазақстан — profile (2024).md')).toBe('Қазақстан — profile (2024).md');
    expect(withoutControlCharacters('\u0000\u0001')).toBe('');
  });
});

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgReachable && !process.env.CI;
  (skip ? describe.skip : describe)(`document names with control characters on ${backend}`, () => {
    let dossier: Dossier;
    let workDir: string;
    let schema: string | null = null;

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-source-names-'));
      if (backend === 'postgres') {
        schema = `dossier_names_${randomBytes(6).toString('hex')}`;
        const location = new URL(pgUrl);
        location.searchParams.set('schema', schema);
        dossier = await Dossier.open(location.toString());
      } else {
        dossier = await Dossier.open(path.join(workDir, 'names.db'));
      }
    });

    afterAll(async () => {
      await dossier?.close();
      await rm(workDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });

    it('stores the document under its name without them', async () => {
      const outcome = await dossier.ingestBytes(Buffer.from(profile('Nulland')), 'null\u0000land\u0007.txt');
      expect(outcome).toMatchObject({ status: 'created', actorName: 'Nulland' });
      const stored = JSON.stringify(await dossier.getActor(outcome.actorId));
      expect(stored).toContain('nullland.txt');
      expect(stored).not.toMatch(/\\u000[07]/);
    });

    it('names a document whose name was nothing but control characters', async () => {
      const outcome = await dossier.ingestBytes(Buffer.from(profile('Blankland')), '\u0000');
      expect(outcome.status).toBe('created');
      expect(JSON.stringify(await dossier.getActor(outcome.actorId))).toContain('"document"');
    });
  });
}
