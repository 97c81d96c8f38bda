// The source sentences about an actor read by walking the newest sources that mention it (a much-mentioned actor)
// are those read from its mentions (a rarely mentioned one): the same sentences in the same order, `more` alike, for
// every page size, with a rejected mention left out — on SQLite and on PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import type { SqlRunner } from './sql-dialect.js';
import type { SaveDocumentInput, Store } from './store.js';
import { runnerOf } from './postgres/postgres-dialect.js';
import { buildProfile, kazakhstanProfile, kazakhstanSpec } from './test-support/profile-fixtures.js';
import { SourceReader } from './source-reader.js';

const pgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
const folder = mkdtempSync(join(tmpdir(), 'dossier-source-reader-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

interface Opened {
  store: Store;
  raw: SqlRunner;
}

async function openSqlite(): Promise<Opened> {
  const path = join(folder, `${randomBytes(4).toString('hex')}.db`);
  const store = await openStore(path);
  const db = new Database(path, { readonly: true });
  cleanups.push(async () => {
    db.close();
    await store.close();
  });
  const all = async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[];
  return { store, raw: { all, run: async () => 0 } };
}

async function openPostgres(): Promise<Opened> {
  const schema = `dossier_test_${randomBytes(6).toString('hex')}`;
  const location = new URL(pgUrl);
  location.searchParams.set('schema', schema);
  const store = await openStore(location.toString());
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  cleanups.push(async () => {
    await store.close();
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });
  return { store, raw: runnerOf(client) };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A source about Kazakhstan: its own title and text, published on `published` (null: undated). */
function source(n: number, published: string | null): SaveDocumentInput {
  const input = buildProfile(kazakhstanSpec({ revision: n }));
  return {
    ...input,
    document: {
      ...input.document,
      actor: { ...input.document.actor, name: `Kazakhstan brief ${n}` },
      kind: 'source',
      metadata: { ...input.document.metadata, published, publisher: 'Wire', spans: {} },
    },
    extraction: { ...input.extraction, kind: 'source' },
  };
}

const reachable = await postgresReachable();
if (!reachable && process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${pgUrl}`);
const backends: Array<[string, () => Promise<Opened>]> = [
  ['SQLite', openSqlite],
  ...(reachable ? [['PostgreSQL', openPostgres] as [string, () => Promise<Opened>]] : []),
];

describe.each(backends)('the sources about an actor on %s', (_name, open) => {
  it('are the same walked from the newest sources as read from the mentions', async () => {
    const { store, raw } = await open();
    await store.saveDocument(kazakhstanProfile());
    const dates = ['2021-05-01', null, '2023-01-09', '2022-07-30', null, '2023-01-09'];
    for (const [n, published] of dates.entries()) await store.saveDocument(source(n + 1, published));
    const mention = (
      await store.listFacts({ actor: 'source-kazakhstan-brief-3', kind: 'mention', status: 'any', limit: 5, offset: 0 })
    ).facts[0]!;
    await store.reviewFact(mention.id, { status: 'rejected' }, 'ada');

    const walked = new SourceReader(raw, 0);
    const counted = new SourceReader(raw, Number.MAX_SAFE_INTEGER);
    for (const query of [
      { entities: ['KAZ', 'kazakhstan'], country: 'KAZ' },
      { entities: ['KAZ'], country: null },
      { entities: [], country: 'KAZ' },
      { entities: ['atlantis'], country: null },
    ]) {
      const all = await counted.sourceEvidence({ ...query, limit: 500 });
      if (query.entities[0] !== 'atlantis') expect(new Set(all.sentences.map((s) => s.source.series)).size).toBe(6);
      for (const limit of [1, 2, 5, 500]) {
        const label = `${JSON.stringify(query)} limit ${limit}`;
        expect(await walked.sourceEvidence({ ...query, limit }), label).toEqual(
          await counted.sourceEvidence({ ...query, limit }),
        );
      }
    }
    const newest = (await walked.sourceEvidence({ entities: ['KAZ'], country: 'KAZ', limit: 500 })).sentences;
    expect(newest[0]!.source.published).toBe('2023-01-09');
    expect(newest.at(-1)!.source.published).toBeNull();
  });
});
