// The network's edges carry their first actors and the count beyond: an ego network read by GraphReader costs the same
// statements, of the same texts (prepared once), whether the focus's edges have 6 actors or 40, and each edge's first
// actors are those of the graph's order (profiles by name as localeCompare orders them, then by id) computed here on
// their own, with `actorCount` and the evidence of the first actors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphReader, type GraphSlice } from './graph-reader.js';
import { openStore } from './index.js';
import type { SqlRunner } from './sql-dialect.js';
import { buildProfile, kazakhstanSpec } from './test-support/profile-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-graph-reader-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Names whose order by localeCompare is not the order of saving, nor of their bytes (ábel first, Alpha after). */
const names = ['Zeta', 'émile', 'bravo', 'Charlie', 'ábel', 'Dora', 'ünal', 'Alpha'];
const nameOf = (n: number) => `${names[n % names.length]} ${String.fromCharCode(97 + Math.floor(n / names.length))}`;

/** A collection of `n` profiles of Kazakhstan (each naming the same entities and stating the same relations). */
async function collection(n: number): Promise<{ path: string; actors: Array<{ id: string; name: string }> }> {
  const path = join(folder, `kaz-${n}.db`);
  const store = await openStore(path);
  const actors: Array<{ id: string; name: string }> = [];
  try {
    for (let i = 0; i < n; i++) {
      const name = nameOf(i);
      const outcome = await store.saveDocument(buildProfile({ ...kazakhstanSpec(), actor: { name, country: 'KAZ' } }));
      actors.push({ id: outcome.actorId, name });
    }
  } finally {
    await store.close();
  }
  return { path, actors };
}

/** The ego network of KAZ with at most 3 actors and 2 evidence sentences per edge, and the statements it took. */
async function egoOfKazakhstan(path: string): Promise<{ slice: GraphSlice; statements: string[] }> {
  const db = new Database(path, { readonly: true });
  const statements: string[] = [];
  const runner: SqlRunner = {
    all: async <T>(sql: string, params: unknown[] = []) => {
      statements.push(sql);
      return db.prepare(sql).all(...params) as T[];
    },
    run: async () => 0,
  };
  try {
    const slice = await new GraphReader(runner).ego({ focus: 'KAZ', depth: 1, limit: 50, evidence: 2, actors: 3 });
    return { slice: slice!, statements };
  } finally {
    db.close();
  }
}

describe('the edges of the network read by the store', () => {
  it('cost the same statements however many actors an edge has, and carry the first actors in order', async () => {
    const few = await collection(6);
    const many = await collection(40);
    const small = await egoOfKazakhstan(few.path);
    const large = await egoOfKazakhstan(many.path);
    expect(large.slice.edges.map((e) => e.id)).toEqual(small.slice.edges.map((e) => e.id));
    // As many statements, of the same shapes; each list of parameters 8, 64 or a part's size long (a few texts).
    expect(large.statements.length).toBe(small.statements.length);
    const shape = (sql: string) =>
      sql.replace(/\((\?, )*\?\)/g, '(…)').replace(/(\(…\)|\([^()]*= \?\))( OR \1)+/g, '…');
    expect(new Set(large.statements.map(shape))).toEqual(new Set(small.statements.map(shape)));
    const widths = (sql: string) => [...sql.matchAll(/IN \(((?:\?, )*\?)\)/g)].map((m) => (m[1]!.length + 2) / 3);
    for (const sql of [...small.statements, ...large.statements])
      for (const width of widths(sql)) expect([8, 64, 128, 166, 250, 256, 500], sql).toContain(width);

    const ordered = [...many.actors].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    const first = ordered.slice(0, 3).map((actor) => actor.id);
    const byId = new Map(large.slice.edges.map((e) => [e.id, e]));
    for (const id of ['m:KAZ>AFG', 'm:KAZ>kabul', 'r:KAZ>borders!>AFG', 'r:KAZ>supplies>AFG']) {
      const edge = byId.get(id);
      expect(edge, id).toBeDefined();
      expect(edge!.actors, id).toEqual(first);
      expect(edge!.actorCount, id).toBe(40);
      expect(edge!.evidence.length, id).toBe(2);
      expect(first, id).toContain(edge!.evidence[0]!.actor);
    }
    expect(byId.get('r:KAZ>borders!>AFG')!.weight).toBe(40);
    expect(small.slice.edges.find((e) => e.id === 'm:KAZ>AFG')!.actorCount).toBe(6);
  }, 120_000);
});
