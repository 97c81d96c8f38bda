// The network's maintained figures (store/graph-totals.ts, migration 22) stay equal to a computation from scratch
// after every kind of write: saves of new actors and new versions, review decisions (mentions, relations,
// interests), added facts and entity merges; and the network the API serves follows a review decision at once. On
// SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphTotalsFill, graphTotalsTables } from '../store/graph-totals.js';
import { currentEdgeActorsFill, edgeActorFloor, registerFirstActors } from '../store/graph-edge-actors.js';
import { collectionViewsFor } from './collection-views.js';
import type { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';
import {
  describeOn,
  openTestDossier,
  testBackends,
  testPgUrl,
  type TestDossier,
} from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');

type Rows = Record<string, string[]>;

/** The figures' tables and the counts of nodes and edges kept by triggers (migration 28). */
const figureTables = [...graphTotalsTables, 'graph_counts'];
/** The counts of nodes and edges recounted (the reference the triggers' counts are compared with). */
const recountSql = `DELETE FROM graph_counts; INSERT INTO graph_counts (scope, nodes, edges)
  SELECT s.scope, (SELECT count(*) FROM graph_nodes g WHERE g.scope = s.scope),
    (SELECT count(*) FROM graph_edges e WHERE e.scope = s.scope)
  FROM (SELECT 'all' AS scope UNION ALL SELECT 'profiles' AS scope) s;`;

const plain = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v);
/**
 * An edge's kept first actors as a read may use them: the first `edgeActorFloor` (a sync keeps a prefix of the
 * edge's actors in order, at least that long or all of them; a fill keeps `edgeActorCap`).
 */
const readList = (v: unknown) =>
  (v === null ? [] : typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[])).slice(0, edgeActorFloor);

/** Every row of the figures' tables, as sorted JSON lines (numbers as numbers, whatever the driver gives). */
function canonicalRows(read: (table: string) => Array<Record<string, unknown>>): Rows {
  const out: Rows = {};
  for (const table of figureTables)
    out[table] = read(table)
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'first_actors' ? readList(v) : plain(v)])),
        ),
      )
      .sort();
  return out;
}

for (const backend of testBackends) {
  describeOn(backend)(`the network's maintained figures on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;
    let schema: string | null = null;

    /** The stored figures, and the figures computed from scratch (in a transaction rolled back). */
    async function storedAndRebuilt(): Promise<{ stored: Rows; rebuilt: Rows }> {
      if (backend === 'sqlite') {
        const db = new Database(test.file!);
        try {
          const read = (table: string) => db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
          const stored = canonicalRows(read);
          db.exec('BEGIN');
          for (const table of graphTotalsTables) db.exec(`DELETE FROM ${table}`);
          db.exec(graphTotalsFill('sqlite'));
          registerFirstActors(db);
          db.exec(currentEdgeActorsFill('sqlite') + recountSql);
          const rebuilt = canonicalRows(read);
          db.exec('ROLLBACK');
          return { stored, rebuilt };
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: testPgUrl });
      await client.connect();
      try {
        await client.query(`SET search_path TO ${schema}`);
        const tables = async () => {
          const rows = new Map<string, Array<Record<string, unknown>>>();
          for (const table of figureTables) rows.set(table, (await client.query(`SELECT * FROM ${table}`)).rows);
          return canonicalRows((table) => rows.get(table)!);
        };
        const stored = await tables();
        await client.query('BEGIN');
        await client.query(`TRUNCATE ${graphTotalsTables.join(', ')};\n${graphTotalsFill('postgres')}`);
        await client.query(currentEdgeActorsFill('postgres') + recountSql);
        const rebuilt = await tables();
        await client.query('ROLLBACK');
        return { stored, rebuilt };
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      test = await openTestDossier(backend, 'graph_totals');
      ({ dossier, schema } = test);
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      ]);
      const report = await dossier.ingestFiles(files);
      expect(report.refused).toBe(0);
    }, 120_000);

    afterAll(() => test?.close());

    it('equal a computation from scratch after saves, reviews, an added fact, a merge and a new version', async () => {
      const after0 = await storedAndRebuilt();
      expect(after0.stored.graph_nodes!.length).toBeGreaterThan(10);
      expect(after0.stored).toEqual(after0.rebuilt);
      // Edges keep how many actors give them and their first actors; the counts of nodes and edges are kept.
      expect(after0.stored.graph_edges!.every((row) => /"actors":[1-9]/.test(row))).toBe(true);
      expect(after0.stored.graph_edges!.some((row) => /"first_actors":\["/.test(row))).toBe(true);
      // A source node's mention edges keep no list (migration 31): their one actor is the source the node names.
      const sourceEdges = after0.stored.graph_edges!.filter(
        (row) => row.includes('"source":"source:') && row.includes('"link":"m"'),
      );
      expect(sourceEdges.length).toBeGreaterThan(0);
      expect(sourceEdges.every((row) => row.includes('"first_actors":[]'))).toBe(true);
      expect(after0.stored.graph_counts).toHaveLength(2);
      const { store } = dossier;
      const facts = async (kind: 'mention' | 'relation' | 'interest', actor: string) =>
        (await store.listFacts({ actor, kind, status: 'any', limit: 50, offset: 0 })).facts;
      const mentions = await facts('mention', 'pakistan');
      expect(mentions.length).toBeGreaterThan(3);
      await store.reviewFact(mentions[0]!.id, { status: 'rejected' }, 'ada');
      await store.reviewFacts([mentions[1]!.id, mentions[2]!.id], { status: 'rejected' }, 'ada');
      await store.reviewFact(mentions[3]!.id, { status: 'confirmed' }, 'ada');
      const relations = await facts('relation', 'pakistan');
      if (relations[0]) await store.reviewFact(relations[0].id, { status: 'rejected' }, 'ada');
      const interests = await facts('interest', 'pakistan');
      if (interests[0]) await store.reviewFact(interests[0].id, { status: 'rejected' }, 'ada');
      const afterReviews = await storedAndRebuilt();
      expect(afterReviews.stored).toEqual(afterReviews.rebuilt);
      expect(afterReviews.stored).not.toEqual(after0.stored);

      await store.addFact(
        {
          actorId: 'kazakhstan',
          kind: 'mention',
          start: 0,
          end: 5,
          payload: { text: 'grain', type: 'project', entity: 'kazakh-grain', country: 'KAZ' },
          newEntity: { id: 'kazakh-grain', type: 'project', name: 'Kazakh grain', country: 'KAZ', wikidata: null },
        },
        'ada',
      );
      await store.addFact(
        {
          actorId: 'kazakhstan',
          kind: 'relation',
          start: 0,
          end: 5,
          payload: { subject: 'KAZ', predicate: 'supplies', object: 'kazakh-grain', negated: false },
        },
        'ada',
      );
      const afterAdded = await storedAndRebuilt();
      expect(afterAdded.stored).toEqual(afterAdded.rebuilt);
      expect(afterAdded.stored.graph_nodes!.some((row) => row.includes('"kazakh-grain"'))).toBe(true);

      const entities = (await store.listEntities({ limit: 200 })).entities;
      const [from, into] = entities.filter((e) => e.type === 'organization' || e.type === 'person').slice(0, 2);
      expect(from && into).toBeTruthy();
      await store.mergeEntities(from!.id, into!.id, 'ada');
      const afterMerge = await storedAndRebuilt();
      expect(afterMerge.stored).toEqual(afterMerge.rebuilt);
      expect(afterMerge.stored.graph_nodes!.some((row) => row.includes(`"node":${JSON.stringify(from!.id)}`))).toBe(
        false,
      );

      // A new version of an actor (another country in its front matter moves its node) replaces its old figures.
      const text = await readFile(path.join(root, 'examples', 'qatar.md'), 'utf8');
      const outcome = await dossier.ingestBytes(
        new TextEncoder().encode(`${text}\n\nQatar and Kazakhstan discussed grain supplies in Doha.\n`),
        'qatar.md',
      );
      expect(outcome.status).toBe('new-version');
      const afterVersion = await storedAndRebuilt();
      expect(afterVersion.stored).toEqual(afterVersion.rebuilt);
    }, 120_000);

    it('keep the first actors of an edge with more actors than it keeps, as they leave it and come back', async () => {
      // Names whose locale order differs from their byte order; all of KAZ, all naming Kabul.
      const names = [
        'zeta',
        'Alpha',
        'ábaco',
        'Beta',
        'bravo',
        'Émile',
        'eagle',
        'Gamma',
        'delta',
        'Ça',
        'omega',
        'Nu',
      ];
      const profile = (name: string, text: string) =>
        new TextEncoder().encode(
          `---\nactor: Ministry ${name}\nkind: profile\ncountry: KAZ\nas_of: 2024-07-15\n---\n` +
            `# ${name}\n\n## Profile\n\n${text}\n`,
        );
      const withKabul = 'Kazakhstan discussed wheat exports to Kabul and Afghanistan with Uzbekistan.';
      for (const name of names) await dossier.ingestBytes(profile(name, withKabul), `ministry-${name}.md`);
      const all = await storedAndRebuilt();
      expect(all.stored).toEqual(all.rebuilt);
      const edge = all.stored.graph_edges!.find(
        (row) => row.includes('"source":"KAZ"') && row.includes('"target":"kabul"'),
      );
      expect(edge).toMatch(/"actors":1[2-9]/);
      // The first ones in the graph's order leave the edge (new versions without Kabul), one by one, then come back.
      const first = ['Alpha', 'ábaco', 'Beta', 'bravo', 'Ça', 'delta'];
      for (const name of first) {
        await dossier.ingestBytes(profile(name, 'Kazakhstan discussed wheat exports with Uzbekistan.'), `m-${name}.md`);
        const step = await storedAndRebuilt();
        expect(step.stored).toEqual(step.rebuilt);
      }
      for (const name of first.slice(0, 3)) await dossier.ingestBytes(profile(name, withKabul), `n-${name}.md`);
      const back = await storedAndRebuilt();
      expect(back.stored).toEqual(back.rebuilt);
    }, 120_000);

    it('serves a review decision in the network at once (no stale answer)', async () => {
      const views = collectionViewsFor(dossier);
      const edgeWeight = async () => {
        const around = await views.graph({ focus: 'PAK', depth: 1, limit: 300 });
        const node = around.nodes.find((n) => n.id === 'PAK')!;
        return { mentions: node.mentions, edges: new Map(around.edges.map((e) => [e.id, e.weight])) };
      };
      const before = await edgeWeight();
      const mentions = (
        await dossier.store.listFacts({ actor: 'pakistan', kind: 'mention', status: 'any', limit: 500, offset: 0 })
      ).facts.filter((fact) => fact.payload.entity !== 'PAK' && fact.status !== 'rejected');
      const entity = String(mentions[0]!.payload.entity);
      const ofEntity = mentions.filter((fact) => fact.payload.entity === entity);
      const edge = `m:PAK>${entity}`;
      expect(before.edges.get(edge)).toBeGreaterThanOrEqual(ofEntity.length);
      await dossier.store.reviewFacts(
        ofEntity.map((fact) => fact.id),
        { status: 'rejected' },
        'ada',
      );
      const rejected = await edgeWeight();
      expect(rejected.edges.get(edge) ?? 0).toBe((before.edges.get(edge) ?? 0) - ofEntity.length);
      await dossier.store.reviewFacts(
        ofEntity.map((fact) => fact.id),
        { status: 'confirmed' },
        'ada',
      );
      const confirmed = await edgeWeight();
      expect(confirmed.edges.get(edge)).toBe(before.edges.get(edge));
      expect(confirmed.mentions).toBe(before.mentions);
    }, 60_000);
  });
}
