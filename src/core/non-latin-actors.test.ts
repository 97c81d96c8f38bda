// Actors named in any script are ingested: the id is a transliteration, the name stays as written.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Dossier } from './dossier.js';

const seed = readFileSync(new URL('../../test-fixtures/seed-kazakhstan.txt', import.meta.url), 'utf8');
const retitled = (title: string): Uint8Array => new TextEncoder().encode(seed.replace(/^Kazakhstan\n/, `${title}\n`));

describe('actors named in non-Latin scripts', () => {
  let dossier: Dossier | undefined;
  afterEach(async () => {
    await dossier?.close();
    dossier = undefined;
  });

  it.each([
    ['Казахстан', 'kazakhstan'],
    ['Ўзбекистон', 'uzbekiston'],
    ['أفغانستان', /^[a-z0-9]+$/],
    ['ישראל', /^[a-z0-9]+$/],
    ['中华人民共和国', 'zhong-hua-ren-min-gong-he-guo'],
    ['Ελλάδα', 'ellada'],
  ])('stores %s with an ASCII id and its original name', async (title, expectedId) => {
    dossier = await Dossier.open(':memory:');
    const outcome = await dossier.ingestBytes(retitled(title), `${title}.txt`);
    if (typeof expectedId === 'string') expect(outcome.actorId).toBe(expectedId);
    else expect(outcome.actorId).toMatch(expectedId);
    const actor = await dossier.getActor(outcome.actorId);
    expect(actor.actor.name).toBe(title);
    expect((await dossier.findActor(title)).id).toBe(outcome.actorId);
  });
});
