// A saved document that gives a shared entity other data (store/fact-levels.ts: entityChangeOf, refreshEntityLevels):
// the review levels of the other documents that name the entity follow what the confidence rule reads of it (its
// name, its aliases, whether it has a Wikidata id), on both backends, one save at a time and in a batch; a change the
// rule does not read (the entity's country) leaves them as they are. The entity of each saved extraction is set here,
// so the sequence of name, alias and Wikidata changes is the test's own. The stored entity keeps the names every
// document gave it (withStoredNames): documents that name a shared entity differently do not move each other's levels.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../model/index.js';
import { entityChangeOf, withStoredNames } from '../store/fact-levels.js';
import { processProfile } from './profile-pipeline.js';
import {
  describeOn,
  openTestDossier,
  testBackends,
  testPgUrl,
  type TestDossier,
} from './test-support/test-backends.js';
import { levelsOf } from './test-support/review-levels.js';

const encoder = new TextEncoder();

/** A profile of `actor` naming Tashkent (by `words`), its entity `tashkent` given the data `entity`. */
function profileNaming(actor: string, entity: Partial<Entity>, words = 'Tashkent') {
  const text = `${actor}\n\n${actor} opened a trade office in ${words} in 2023. Its envoy met officials in ${words}.\n`;
  const processed = processProfile(encoder.encode(text), `${actor.toLowerCase()}.txt`);
  const entities = processed.extraction.entities.map((e) => (e.id === 'tashkent' ? { ...e, ...entity } : e));
  expect(entities.some((e) => e.id === 'tashkent')).toBe(true);
  return { ...processed, extraction: { ...processed.extraction, entities } };
}

/** The confidence the queue gives the mentions of Tashkent in the latest version of `actor`. */
async function tashkentConfidence(kb: TestDossier, actor: string): Promise<number[]> {
  const page = await kb.dossier.review.listFacts({ status: 'any', type: 'mention', actor, limit: 100, offset: 0 });
  const mentions = page.facts.filter((fact) => (fact.payload as { entity?: string }).entity === 'tashkent');
  expect(mentions.length).toBeGreaterThan(0);
  return mentions.map((fact) => fact.confidence);
}

/**
 * Records which documents' levels each write touches (a trigger on fact_levels, installed in the test's database):
 * `touched()` answers the actor ids of the documents written since the last call.
 */
async function levelWrites(kb: TestDossier): Promise<{ touched(): Promise<string[]>; close(): Promise<void> }> {
  const read = `SELECT DISTINCT d.actor_id FROM level_writes w JOIN documents d ON d.id = w.document_id
    ORDER BY d.actor_id`;
  if (kb.file) {
    const db = new Database(kb.file);
    db.exec(`CREATE TABLE level_writes (document_id INTEGER NOT NULL);
      CREATE TRIGGER level_writes_in AFTER INSERT ON fact_levels
        BEGIN INSERT INTO level_writes VALUES (NEW.document_id); END;
      CREATE TRIGGER level_writes_out AFTER DELETE ON fact_levels
        BEGIN INSERT INTO level_writes VALUES (OLD.document_id); END;`);
    return {
      async touched() {
        const ids = db.prepare<[], { actor_id: string }>(read).all();
        db.exec('DELETE FROM level_writes');
        return ids.map((row) => row.actor_id);
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  await client.query(`SET search_path TO ${kb.schema}`);
  await client.query(`CREATE TABLE level_writes (document_id BIGINT NOT NULL);
    CREATE FUNCTION level_writes_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      INSERT INTO level_writes VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.document_id ELSE NEW.document_id END);
      RETURN NULL; END $$;
    CREATE TRIGGER level_writes_in AFTER INSERT OR DELETE ON fact_levels
      FOR EACH ROW EXECUTE FUNCTION level_writes_row();`);
  return {
    async touched() {
      const { rows } = await client.query<{ actor_id: string }>(read);
      await client.query('DELETE FROM level_writes');
      return rows.map((row) => row.actor_id);
    },
    async close() {
      await client.end();
    },
  };
}

async function expectLevelsCurrent(kb: TestDossier): Promise<void> {
  const location = kb.schema ? `${testPgUrl}?schema=${kb.schema}` : kb.file!;
  const { stored, rebuilt } = await levelsOf(location);
  expect(stored).toEqual(rebuilt);
}

describe('withStoredNames', () => {
  it('keeps the stored name and aliases among the aliases of the row upserted', () => {
    const row = ['tashkent', 'place', 'Tashkent', 'UZB', 'Q269', '["Tash"]', null, 'now'];
    const kept = withStoredNames(row, { name: 'Toshkent', aliases: '["Tashkand","Tash"]' });
    expect(JSON.parse(String(kept[5]))).toEqual(['Tash', 'Tashkand', 'Toshkent']);
    expect(kept.slice(0, 5)).toEqual(row.slice(0, 5));
    expect(withStoredNames(row, undefined)).toEqual(row);
    expect(withStoredNames(row, { name: 'Tashkent', aliases: '["Tash"]' })).toEqual(row);
  });
});

describe('entityChangeOf', () => {
  const row = (name: string, aliases: string[], wikidata: string | null, country: string | null) => [
    'tashkent',
    'place',
    name,
    country,
    wikidata,
    JSON.stringify(aliases),
  ];
  const old = { name: 'Tashkent', aliases: '["Toshkent"]', wikidata: 'Q269', country: 'UZB' };

  it('answers the names gained or lost, in order', () => {
    expect(entityChangeOf(old, row('Tashkent', ['Toshkent', 'Taschkent'], 'Q269', 'UZB'))).toEqual({
      id: 'tashkent',
      names: ['Taschkent'],
      whole: false,
    });
    expect(entityChangeOf(old, row('Toshkent', ['Tashkent'], 'Q269', 'UZB'))).toBeNull();
    expect(entityChangeOf(old, row('Tashkent City', [], 'Q269', 'UZB'))).toEqual({
      id: 'tashkent',
      names: ['Tashkent', 'Tashkent City', 'Toshkent'],
      whole: false,
    });
  });

  it('counts a Wikidata id set or removed as a change of every fact, another id or a country as none', () => {
    expect(entityChangeOf(old, row('Tashkent', ['Toshkent'], null, 'UZB'))).toEqual({
      id: 'tashkent',
      names: [],
      whole: true,
    });
    expect(entityChangeOf(old, row('Tashkent', ['Toshkent'], 'Q1', 'KAZ'))).toBeNull();
  });
});

for (const backend of testBackends) {
  describeOn(backend)(`review levels after a shared entity changes (${backend})`, () => {
    let kb: TestDossier;
    beforeAll(async () => {
      kb = await openTestDossier(backend, 'entity-change-levels');
    });
    afterAll(async () => kb?.close());

    it('follow the names and Wikidata id the rule reads, one save at a time and in a batch', async () => {
      const { store } = kb.dossier;
      const writes = await levelWrites(kb);
      const save = async (actor: string, entity: Partial<Entity>, words?: string) =>
        (await store.saveDocument(profileNaming(actor, entity, words))).actorId;
      try {
        // Alpha names Tashkent by words that are neither the entity's name nor an alias: the lowest confidence.
        const alpha = await save('Alpha', { name: 'Toshkent', aliases: [], wikidata: 'Q269' });
        expect(await tashkentConfidence(kb, alpha)).toEqual([0.6, 0.6]);
        const omega = await save('Omega', { name: 'Toshkent', aliases: [], wikidata: 'Q269' }, 'Toshkent');
        expect(await tashkentConfidence(kb, omega)).toEqual([0.9, 0.9]);
        expect(await writes.touched()).toEqual([alpha, omega].sort());
        await expectLevelsCurrent(kb);
        // Beta's extraction lists "Tashkent" as an alias: Alpha's mentions now name the entity (with a Wikidata id).
        // Omega's words were the name already: its levels are not computed again.
        const beta = await save('Beta', { name: 'Toshkent', aliases: ['Tashkent'], wikidata: 'Q269' });
        expect(await tashkentConfidence(kb, alpha)).toEqual([0.9, 0.9]);
        expect(await writes.touched()).toEqual([alpha, beta].sort());
        await expectLevelsCurrent(kb);
        // Another country only: nothing the rule reads, no other document's levels written.
        const gamma = await save('Gamma', {
          name: 'Toshkent',
          aliases: ['Tashkent'],
          wikidata: 'Q269',
          country: 'KAZ',
        });
        expect(await tashkentConfidence(kb, alpha)).toEqual([0.9, 0.9]);
        expect(await writes.touched()).toEqual([gamma]);
        await expectLevelsCurrent(kb);
        // In a batch: the Wikidata id removed (every document naming it computed again); the second document's
        // own aliases leave out "Tashkent", which the entity keeps: the names of every document are its aliases.
        await store.saveDocuments([
          profileNaming('Delta', { name: 'Toshkent', aliases: ['Tashkent'], wikidata: null }),
          profileNaming('Epsilon', { name: 'Toshkent', aliases: ['Tashkand'], wikidata: null }),
        ]);
        expect(await tashkentConfidence(kb, alpha)).toEqual([0.7, 0.7]);
        expect(await tashkentConfidence(kb, beta)).toEqual([0.7, 0.7]);
        expect(await tashkentConfidence(kb, omega)).toEqual([0.7, 0.7]);
        expect(await writes.touched()).toEqual(expect.arrayContaining([alpha, beta, gamma, omega]));
        await expectLevelsCurrent(kb);
        // Another name: the earlier one stays an alias, so only words that are the new name could change.
        const zeta = await save('Zeta', { name: 'Tashkent City', aliases: [], wikidata: null });
        expect(await writes.touched()).toEqual([zeta]);
        const entity = await kb.dossier.getEntity('tashkent');
        expect(entity.entity.name).toBe('Tashkent City');
        expect([...(entity.entity.aliases ?? [])].sort()).toEqual(['Tashkand', 'Tashkent', 'Toshkent']);
        // And back: the same names as stored, no other document's levels written.
        const eta = await save('Eta', { name: 'Toshkent', aliases: [], wikidata: null });
        expect(await writes.touched()).toEqual([eta]);
        expect(await tashkentConfidence(kb, alpha)).toEqual([0.7, 0.7]);
        await expectLevelsCurrent(kb);
      } finally {
        await writes.close();
      }
    });
  });
}
