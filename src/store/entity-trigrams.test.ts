// The entities' trigram index (migration 33) answers GET /api/entities?q= exactly as the walk by name did: on each
// backend, every page of many searches (rare, common and absent words, LIKE's wildcards and escape, words only in an
// alias, non-ASCII names, one and two characters, with type and country filters, pages of a few rows) equals what
// the old statement answers over the same rows; the index is filled by the migration (a database rewound to 32 and
// opened again) and kept by the triggers when an entity is added, upserted, edited, merged away and deleted. On
// PostgreSQL without the right to create pg_trgm the migration still succeeds and the answers stay the same.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findTestPostgres, postgresRequired } from './backup/postgres-test-server.js';
import { runnerOf } from './postgres/postgres-dialect.js';
import { openStore } from './index.js';
import type { EntityListFilter, Store } from './store.js';
import { entityTrigramsDropSql } from './entity-trigrams.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-trigram-'));
const postgres = await findTestPostgres();
afterAll(async () => {
  await postgres.dropSchemas();
  rmSync(folder, { recursive: true, force: true });
});
if (!postgres.url && postgresRequired())
  throw new Error(`PostgreSQL is not reachable: ${postgres.failures.join('; ')}`);

/** Writes and reads on the store's database beside the store (raw SQL with `?` placeholders). */
interface Raw {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
}

interface Backend {
  name: string;
  /** A new empty store and a raw connection to its database. */
  open(): Promise<{ store: Store; raw: Raw; reopen: () => Promise<Store>; close: () => Promise<void> }>;
  /** SQL rewinding the database to schema 32. */
  rewind: string;
}

const sqliteBackend: Backend = {
  name: 'SQLite',
  rewind: entityTrigramsDropSql('sqlite'),
  async open() {
    const path = join(folder, `${randomBytes(4).toString('hex')}.db`);
    let store = await openStore(path);
    const db = new Database(path);
    db.pragma('busy_timeout = 5000');
    const raw: Raw = {
      all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
      run: async (sql, params = []) => void (params.length ? db.prepare(sql).run(...params) : db.exec(sql)),
    };
    return {
      store,
      raw,
      reopen: async () => {
        await store.close();
        store = await openStore(path);
        return store;
      },
      close: async () => {
        db.close();
        await store.close();
      },
    };
  },
};

const postgresBackend = (url: string): Backend => ({
  name: 'PostgreSQL',
  rewind: entityTrigramsDropSql('postgres'),
  async open() {
    const location = postgres.newSchemaLocation();
    let store = await openStore(location);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET search_path TO ${new URL(location).searchParams.get('schema')}`);
    const runner = runnerOf(client);
    const raw: Raw = {
      all: (sql, params) => runner.all(sql, params),
      run: async (sql, p) => {
        await runner.run(sql, p);
      },
    };
    return {
      store,
      raw,
      reopen: async () => {
        await store.close();
        store = await openStore(location);
        return store;
      },
      close: async () => {
        await client.end();
        await store.close();
      },
    };
  },
});

const backends = [sqliteBackend, ...(postgres.url ? [postgresBackend(postgres.url)] : [])];

type Row = [id: string, type: string, name: string, country: string | null, aliases: string[] | null];

/** Names, ids and aliases that test the matching: non-ASCII, LIKE's wildcards and escape, a quote, aliases alone. */
const special: Row[] = [
  ['kabul', 'place', 'Kabul', 'AFG', ['Kābul', 'Cabool']],
  ['kabul-airport', 'place', 'Kabul International Airport', 'AFG', null],
  ['urumqi', 'place', 'Ürümqi', 'CHN', ['Urumchi']],
  ['urumqi-upper', 'place', 'ÜRÜMQI DEPOT', 'CHN', []],
  ['istanbul', 'place', 'İstanbul', 'TUR', ['Constantinople']],
  ['strasse', 'organization', 'Straße Holding', 'DEU', ['STRASSE GmbH']],
  ['hundred', 'organization', '100% Fund', 'KAZ', null],
  ['hundredish', 'organization', '1000 Funds', 'KAZ', null],
  ['under', 'organization', 'under_score Ltd', 'KAZ', ['under score']],
  ['underish', 'organization', 'underXscore Ltd', 'KAZ', null],
  ['slash', 'organization', 'back\\slash Co', 'UZB', null],
  ['quote', 'organization', 'Quote "Q" Co', 'UZB', ['say "hi"']],
  ['nur-sultan', 'place', 'Nur-Sultan', 'KAZ', ['Astana', 'Akmola']],
  ['greek', 'person', 'ΑΘΗΝΑ Σοφία', 'GRC', ['αθηνα']],
  ['Q42-Mixed', 'person', 'Douglas Adams', 'GBR', null],
];

const parts = ['Almaty', 'Bishkek', 'Dushanbe', 'Tashkent', 'Ashgabat', 'Samarkand', 'Osh', 'Khujand', 'Termez'];
const kinds = ['Bank', 'Ministry', 'Institute', 'Airport', 'University', 'Committee'];
const types = ['organization', 'place', 'person', 'project'];
const countries = ['KAZ', 'KGZ', 'TJK', 'UZB', 'TKM', null];

/** Many entities sharing words (common matches over several pages), with a few names repeated (ties by id). */
const generated: Row[] = parts.flatMap((part, i) =>
  kinds.map((kind, j): Row => {
    const n = i * kinds.length + j;
    const name = n % 7 === 0 ? `${part} Centre` : `${part} ${kind}`;
    return [
      `gen-${n}`,
      types[n % types.length]!,
      name,
      countries[n % countries.length]!,
      n % 3 ? null : [`${kind} ${n}`],
    ];
  }),
);

const insertSql =
  'INSERT INTO entities (id, type, name, country, wikidata, aliases, attributes, updated_at) ' +
  'VALUES (?, ?, ?, ?, NULL, ?, NULL, ?)';

async function insert(raw: Raw, rows: readonly Row[]): Promise<void> {
  for (const [id, type, name, country, aliases] of rows)
    await raw.run(insertSql, [id, type, name, country, aliases ? JSON.stringify(aliases) : null, '2024-01-01']);
}

/** The SQL texts the PostgreSQL clients of this process send while `work` runs. */
async function pgStatements(work: () => Promise<void>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const sent: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    sent.push(typeof config === 'string' ? config : String((config as { text?: string }).text));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return sent;
}

/** Whether a search of the store by `q` gathered the matching entities first (the trigram index's statement). */
async function gathersMatches(store: Store, q: string): Promise<boolean> {
  const sent = await pgStatements(async () => void (await store.listEntities({ limit: 5, q })));
  return sent.some((sql) => sql.startsWith('WITH matching AS MATERIALIZED'));
}

/** listEntities before migration 33, word for word: the walk by name with the LIKE predicate. */
async function oldPage(raw: Raw, filter: EntityListFilter): Promise<{ ids: string[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.type !== undefined) {
    where.push('type = ?');
    params.push(filter.type);
  }
  if (filter.country !== undefined) {
    where.push('country = ?');
    params.push(filter.country);
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const like = `%${filter.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      "(lower(name) LIKE ? ESCAPE '\\' OR lower(id) LIKE ? ESCAPE '\\' OR lower(CAST(aliases AS TEXT)) LIKE ? " +
        "ESCAPE '\\')",
    );
    params.push(like, like, like);
  }
  if (filter.after) {
    where.push('(name, id) > (?, ?)');
    params.push(filter.after.name, filter.after.id);
  }
  const rows = await raw.all<{ id: string; name: string }>(
    `SELECT id, name FROM entities${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id LIMIT ?`,
    [...params, filter.limit + 1],
  );
  const page = rows.slice(0, filter.limit);
  return { ids: page.map((row) => row.id), next: rows.length > filter.limit ? JSON.stringify(page.at(-1)) : null };
}

/** Every page of a search, by the store and by the old statement (the store's cursor fed to both). */
async function pages(store: Store, raw: Raw, filter: Omit<EntityListFilter, 'after'>) {
  const got: string[][] = [];
  const expected: string[][] = [];
  let after: EntityListFilter['after'];
  for (let page = 0; page < 100; page++) {
    const listed = await store.listEntities({ ...filter, ...(after ? { after } : {}) });
    const old = await oldPage(raw, { ...filter, ...(after ? { after } : {}) });
    got.push(listed.entities.map((entity) => entity.id));
    expected.push(old.ids);
    const next = listed.next ? JSON.stringify({ id: listed.next.id, name: listed.next.name }) : null;
    const oldNext = old.next ? JSON.stringify({ id: JSON.parse(old.next).id, name: JSON.parse(old.next).name }) : null;
    expect(next).toEqual(oldNext);
    if (!listed.next) break;
    after = listed.next;
  }
  return { got, expected };
}

const words = [
  'kab',
  'KABUL',
  'ābu',
  'Kābul',
  'ürümqi',
  'Ürümqi',
  'rümqi',
  'ÜRÜMQI',
  'üRÜ',
  'istanbul',
  'İstanbul',
  'stanbul',
  'straße',
  'STRASSE',
  'strasse',
  '100%',
  '%',
  '0%',
  '_',
  'r_s',
  'r_sc',
  '\\',
  'k\\s',
  'back\\slash',
  '"q"',
  'say "',
  'astana',
  'AKMOLA',
  'urumchi',
  'zzzz',
  'no such entity',
  'an',
  'a',
  'ab',
  'Os',
  'osh',
  'bank',
  'ministry',
  'centre',
  'air',
  'airport',
  'kent',
  'Tashkent Bank',
  '  Bishkek  ',
  '","',
  'ana σοφ',
  'αθηνα',
  'ΑΘΗΝΑ',
  'q42',
  'gen-1',
  'gen-',
  'ee',
  'e',
];

const filters: Array<Omit<EntityListFilter, 'after' | 'q'>> = [
  { limit: 50 },
  { limit: 3 },
  { limit: 4, type: 'place' },
  { limit: 5, country: 'KAZ' },
  { limit: 2, type: 'organization', country: 'UZB' },
];

/** Checks every word under every filter against the old statement; answers how many searches found something. */
async function expectOldAnswers(store: Store, raw: Raw, searched = words): Promise<number> {
  let found = 0;
  for (const q of searched)
    for (const filter of filters) {
      const { got, expected } = await pages(store, raw, { ...filter, q });
      expect({ q, filter, got }).toEqual({ q, filter, got: expected });
      if (got.flat().length > 0) found++;
    }
  return found;
}

describe.each(backends)('the entities by words on $name', (backend) => {
  it('answers exactly what the walk by name answered, from the index the migration fills', async () => {
    const opened = await backend.open();
    await insert(opened.raw, [...special, ...generated]);
    // The rows above went in through the triggers; rewound to 32, migration 33 indexes them again itself.
    await opened.raw.run(backend.rewind);
    await opened.raw.run('DELETE FROM schema_migrations WHERE version = 33');
    const store = await opened.reopen();
    const found = await expectOldAnswers(store, opened.raw);
    expect(found).toBeGreaterThan(100);
    // The searches do find what they should, whatever the old statement said.
    const ids = async (q: string) => (await store.listEntities({ limit: 50, q })).entities.map((e) => e.id);
    expect(await ids('astana')).toEqual(['nur-sultan']);
    expect(await ids('r_s')).toEqual(['under']);
    expect(await ids('100%')).toEqual(['hundred']);
    expect(await ids('zzzz')).toEqual([]);
    expect((await ids('bank')).length).toBe(parts.length);
    if (backend.name === 'SQLite') {
      // SQLite's lower() and LIKE fold ASCII only: a lower-case ü does not find Ü (as before), ü finds ü.
      expect(await ids('ürümqi')).toEqual([]);
      expect(await ids('rümqi')).toEqual(['urumqi']);
      const indexed = await opened.raw.all<{ n: number }>('SELECT count(*) AS n FROM entities_trigram');
      expect(indexed[0]!.n).toBe(special.length + generated.length);
    } else {
      expect(await ids('ürümqi')).toEqual(['urumqi-upper', 'urumqi']);
      const index = await opened.raw.all<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'entities_by_trigram' AND schemaname = " +
          'current_schema()',
      );
      expect(index[0]!.n).toBe(1);
      // Words of three characters or more are read through the index; shorter ones walk by name.
      expect(await gathersMatches(store, 'kab')).toBe(true);
      expect(await gathersMatches(store, 'ka')).toBe(false);
    }
    await opened.close();
  });

  it('keeps the index right as entities are added, upserted, edited, merged away and deleted', async () => {
    const opened = await backend.open();
    const { store, raw } = opened;
    await insert(raw, special);
    const ids = async (q: string) => (await store.listEntities({ limit: 50, q })).entities.map((e) => e.id);
    expect(await ids('kabul')).toEqual(['kabul', 'kabul-airport']);

    await insert(raw, [['herat', 'place', 'Herat', 'AFG', ['Hirat']]]);
    expect(await ids('hirat')).toEqual(['herat']);
    // An upsert as a save writes it: the name changes, then the same row again (the index left as it is).
    const upsert =
      `${insertSql} ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, ` +
      'updated_at = excluded.updated_at';
    await raw.run(upsert, ['herat', 'place', 'Herat City', 'AFG', JSON.stringify(['Harēv']), '2024-02-01']);
    await raw.run(upsert, ['herat', 'place', 'Herat City', 'AFG', JSON.stringify(['Harēv']), '2024-03-01']);
    expect(await ids('hirat')).toEqual([]);
    expect(await ids('city')).toEqual(['herat']);
    expect(await ids('harēv')).toEqual(['herat']);

    await store.updateEntity('kabul', { name: 'Kabul Province', aliases: ['Kapisa side'] }, 'editor');
    expect(await ids('province')).toEqual(['kabul']);
    expect(await ids('cabool')).toEqual([]);
    expect(await ids('kapisa')).toEqual(['kabul']);

    await store.mergeEntities('kabul-airport', 'kabul', 'editor');
    expect(await ids('international')).toEqual(['kabul']);
    expect(await ids('airport')).toEqual(['kabul']);
    expect(await ids('kabul-air')).toEqual([]);

    await raw.run('DELETE FROM entities WHERE id = ?', ['herat']);
    expect(await ids('city')).toEqual([]);
    if (backend.name === 'SQLite') {
      // VACUUM keeps the rowids of a table with an index (the primary key's): the index still points right.
      await raw.run('VACUUM');
      const check = await raw.all<{ n: number }>('SELECT count(*) AS n FROM entities_trigram');
      expect(check[0]!.n).toBe(special.length - 1);
    }
    await expectOldAnswers(store, raw, ['kabul', 'province', 'airport', 'city', 'herat', 'astana', 'ürümqi', 'ab']);
    await opened.close();
  });
});

describe.runIf(postgres.url)('PostgreSQL without the right to create pg_trgm', () => {
  it('migrates without the index and answers as before', async () => {
    const admin = new pg.Client({ connectionString: postgres.url! });
    await admin.connect();
    const suffix = randomBytes(5).toString('hex');
    const database = `dossier_trgm_${suffix}`;
    const role = `dossier_trgm_${suffix}`;
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    const url = new URL(postgres.url!);
    url.pathname = `/${database}`;
    const owner = new pg.Client({ connectionString: url.toString() });
    await owner.connect();
    await owner.query(`REVOKE CREATE ON DATABASE ${database} FROM PUBLIC`);
    await owner.query(`CREATE SCHEMA store AUTHORIZATION ${role}`);
    await owner.end();
    const location = new URL(url);
    location.username = role;
    location.searchParams.set('schema', 'store');
    try {
      const store = await openStore(location.toString());
      const client = new pg.Client({ connectionString: location.toString() });
      await client.connect();
      await client.query('SET search_path TO store');
      const runner = runnerOf(client);
      const raw: Raw = {
        all: (sql, p) => runner.all(sql, p),
        run: async (sql, p) => {
          await runner.run(sql, p);
        },
      };
      try {
        const applied = await raw.all<{ version: number }>('SELECT version FROM schema_migrations WHERE version = 33');
        expect(applied).toHaveLength(1);
        const trigram = await raw.all("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
        expect(trigram).toEqual([]);
        const index = await raw.all("SELECT 1 FROM pg_indexes WHERE indexname = 'entities_by_trigram'");
        expect(index).toEqual([]);
        // Without the index the statement is the walk by name, as before migration 33.
        expect(await gathersMatches(store, 'kab')).toBe(false);
        await insert(raw, [...special, ...generated]);
        expect(await expectOldAnswers(store, raw, ['kab', 'ürümqi', 'r_s', 'astana', 'zzzz', 'bank'])).toBe(16);
      } finally {
        await client.end();
        await store.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
