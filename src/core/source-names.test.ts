// A document's name comes from an upload's headers, a paste or a path: control characters in it (NUL, which
// PostgreSQL's text refuses; BEL; C1) are taken out before anything is stored, on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutControlCharacters } from './dossier.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const profile = (name: string) =>
  `${name}\n\nProfile\n${name} keeps its embassy in Kabul open.\n\nKey Interests & Priorities\n1. Security\n`;

describe('withoutControlCharacters', () => {
  it('takes out C0, DEL and C1 characters and trims, keeping every other character', () => {
    expect(withoutControlCharacters('\u0000a\u0007b\u007f\u0085c.txt \n')).toBe('abc.txt');
    expect(withoutControlCharacters('Қазақстан — profile (2024).md')).toBe('Қазақстан — profile (2024).md');
    expect(withoutControlCharacters('\u0000\u0001')).toBe('');
  });
});

for (const backend of testBackends) {
  describeOn(backend)(`document names with control characters on ${backend}`, () => {
    let test: TestDossier;
    beforeAll(async () => {
      test = await openTestDossier(backend, 'names');
    });
    afterAll(() => test?.close());

    it('stores the document under its name without them', async () => {
      const outcome = await test.dossier.ingestBytes(Buffer.from(profile('Nulland')), 'null\u0000land\u0007.txt');
      expect(outcome).toMatchObject({ status: 'created', actorName: 'Nulland' });
      const stored = JSON.stringify(await test.dossier.getActor(outcome.actorId));
      expect(stored).toContain('nullland.txt');
      expect(stored).not.toMatch(/\\u000[07]/);
    });

    it('names a document whose name was nothing but control characters', async () => {
      const outcome = await test.dossier.ingestBytes(Buffer.from(profile('Blankland')), '\u0000');
      expect(outcome.status).toBe('created');
      expect(JSON.stringify(await test.dossier.getActor(outcome.actorId))).toContain('"document"');
    });
  });
}
