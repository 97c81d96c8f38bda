// The network read by the store (GraphReader: the strongest nodes, the ego network from the indexes
// of the focus) answers what the whole-collection computation answers, on the bundled collection:
// the same nodes and edges (weights, actors, evidence) when the limit exceeds the network, the same
// ego networks as egoGraph; and a smaller limit keeps the strongest nodes and says how many there
// are. On SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, a schema of its own; required under CI).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDossierError } from '../model/index.js';
import { CollectionViews, type GraphView } from './collection-views.js';
import { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const pgUrl = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgReachable && !process.env.CI;
  (skip ? describe.skip : describe)(`the network read by the store on ${backend}`, () => {
    let dossier: Dossier;
    let workDir: string;
    let schema: string | null = null;
    let fromStore: CollectionViews;
    let fromEveryActor: CollectionViews;
    let whole: GraphView;

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-graph-reader-'));
      if (backend === 'postgres') {
        schema = `dossier_graph_${randomBytes(6).toString('hex')}`;
        const location = new URL(pgUrl);
        location.searchParams.set('schema', schema);
        dossier = await Dossier.open(location.toString());
      } else {
        dossier = await Dossier.open(path.join(workDir, 'graph.db'));
      }
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      ]);
      const report = await dossier.ingestFiles(files);
      expect(report.refused).toBe(0);
      fromStore = new CollectionViews(dossier);
      fromEveryActor = new CollectionViews({
        listActors: () => dossier.listActors(),
        listSources: () => dossier.listSources(),
        getActor: (id, version) => dossier.getActor(id, version),
        search: (query) => dossier.search(query),
      });
      whole = await fromEveryActor.graph();
    }, 120_000);

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

    /** Nodes and edges in a fixed order (the two readings list them in different orders); `total` left aside. */
    const canonical = (view: GraphView) => ({
      nodes: [...view.nodes].sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...view.edges].sort((a, b) => a.id.localeCompare(b.id)),
    });

    const weightOf = (view: GraphView) => {
      const weight = new Map(view.nodes.map((n) => [n.id, n.mentions]));
      for (const e of view.edges) {
        weight.set(e.source, (weight.get(e.source) ?? 0) + e.weight);
        if (e.kind === 'relation') weight.set(e.target, (weight.get(e.target) ?? 0) + e.weight);
      }
      return weight;
    };

    describe('the network', () => {
      it('has the nodes and edges of the in-memory graph when the limit exceeds its size', async () => {
        expect(whole.nodes.length).toBeGreaterThan(50);
        expect(whole.nodes.some((n) => n.kind === 'source')).toBe(true);
        expect(whole.edges.some((e) => e.kind === 'relation')).toBe(true);
        expect(whole.edges.some((e) => e.evidence.length === 5)).toBe(true);
        const stored = await fromStore.graph({ limit: 2000 });
        expect(stored.total).toEqual({ nodes: whole.nodes.length, edges: whole.edges.length });
        expect(canonical(stored)).toEqual(canonical(whole));
      });

      it('keeps the strongest nodes for a smaller limit, and the edges among them', async () => {
        const weight = weightOf(whole);
        const top = await fromStore.graph({ limit: 20 });
        expect(top.nodes).toHaveLength(20);
        expect(top.total).toEqual({ nodes: whole.nodes.length, edges: whole.edges.length });
        const strongest = [...whole.nodes]
          .sort((a, b) => weight.get(b.id)! - weight.get(a.id)! || (a.id < b.id ? -1 : 1))
          .slice(0, 20);
        expect(top.nodes.map((n) => n.id)).toEqual(strongest.map((n) => n.id));
        // Strongest first, each node as in the whole network.
        for (const node of top.nodes) expect(node).toEqual(whole.nodes.find((n) => n.id === node.id));
        const kept = new Set(top.nodes.map((n) => n.id));
        const among = whole.edges
          .filter((e) => kept.has(e.source) && kept.has(e.target))
          .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
        expect(top.edges.length).toBeLessThanOrEqual(40);
        expect(canonical({ nodes: [], edges: top.edges }).edges).toEqual(
          canonical({ nodes: [], edges: among.slice(0, 40) }).edges,
        );
        // The in-memory path caps the same way.
        expect((await fromEveryActor.graph({ limit: 20 })).nodes.map((n) => n.id).sort()).toEqual(
          top.nodes.map((n) => n.id).sort(),
        );
      });

      it('reads the same ego networks as egoGraph, at depth 1 and 2', async () => {
        const actor = whole.nodes.find((n) => n.kind === 'actor' && n.type === 'country')!;
        const plainActor = whole.nodes.find((n) => n.kind === 'actor' && n.type === null);
        const source = whole.nodes.find((n) => n.kind === 'source')!;
        const entities = whole.nodes.filter((n) => n.kind === 'entity').sort((a, b) => b.mentions - a.mentions);
        const focuses = [
          actor.id,
          source.id,
          entities[0]!.id,
          entities[entities.length - 1]!.id,
          ...(plainActor ? [plainActor.id] : []),
        ];
        for (const focus of focuses) {
          for (const depth of [1, 2] as const) {
            const stored = await fromStore.graph({ focus, depth, limit: 2000 });
            const computed = await fromEveryActor.graph({ focus, depth });
            expect(canonical(stored), `${focus} at depth ${depth}`).toEqual(canonical(computed));
            expect(stored.total?.nodes, focus).toBe(computed.nodes.length);
          }
        }
      });

      it('keeps the strongest edges among the nodes of a capped ego network (read band by band)', async () => {
        // A limit keeps twice as many edges, the strongest among its nodes: the store reads the country nodes' mention
        // edges strongest first and stops at the band holding enough, so the weaker ones are never read. Expected:
        // the edges among the same nodes in the uncapped view (every edge read), strongest first, ties by id.
        const byWeight = whole.nodes.filter((n) => n.kind === 'actor').sort((a, b) => b.mentions - a.mentions);
        const focuses = [byWeight[0]!.id, byWeight[byWeight.length - 1]!.id, 'AFG', 'taliban'];
        const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        let cut = 0;
        const ego = async (focus: string, limit: number) =>
          (await dossier.graphEgo({ focus, depth: 1, limit, sources: true, evidence: 2, actors: 5 }))!;
        for (const focus of focuses) {
          const all = await ego(focus, 2000);
          for (const limit of [3, 6, 12, 40]) {
            const stored = await ego(focus, limit);
            const among = new Set(stored.nodes.map((n) => n.id));
            const possible = all.edges.filter((e) => among.has(e.source) && among.has(e.target));
            const expected = possible
              .sort((a, b) => b.weight - a.weight || byId(a.id, b.id))
              .slice(0, 2 * limit)
              .map((e) => [e.id, e.weight]);
            expect(
              stored.edges.map((e) => [e.id, e.weight]),
              `${focus}, limit ${limit}`,
            ).toEqual(expected);
            if (possible.length > stored.edges.length) cut++;
          }
        }
        // Some of these views had more edges among their nodes than they keep: the cut was exercised.
        expect(cut).toBeGreaterThan(0);
      });

      it('caps the ego network at the limit, the strongest neighbours kept', async () => {
        const entity = whole.nodes.filter((n) => n.kind === 'entity').sort((a, b) => b.mentions - a.mentions)[0]!;
        const all = await fromStore.graph({ focus: entity.id, limit: 2000 });
        const capped = await fromStore.graph({ focus: entity.id, limit: 3 });
        expect(all.nodes.length).toBeGreaterThan(3);
        expect(capped.nodes).toHaveLength(3);
        expect(capped.nodes[0]!.id).toBe(entity.id);
        expect(capped.total?.nodes).toBe(all.nodes.length);
        // The two kept neighbours are linked to the focus at least as strongly as any left out.
        const link = (id: string) =>
          all.edges
            .filter((e) => (e.source === entity.id && e.target === id) || (e.target === entity.id && e.source === id))
            .reduce((sum, e) => sum + e.weight, 0);
        const keptWeakest = Math.min(...capped.nodes.slice(1).map((n) => link(n.id)));
        for (const node of all.nodes)
          if (!capped.nodes.some((n) => n.id === node.id)) expect(link(node.id)).toBeLessThanOrEqual(keptWeakest);
      });

      it('cuts each edge to its first actors (counted) and evidence like the in-memory graph', async () => {
        const cut = { actors: 1, evidence: 1 };
        const stored = await fromStore.graph({ limit: 2000, ...cut });
        expect(stored.edges.some((e) => (e.actorCount ?? 0) > 1)).toBe(true);
        expect(canonical(stored)).toEqual(canonical(await fromEveryActor.graph(cut)));
        // Each edge's first actors and sentences are those of its whole list, the count that list's length.
        for (const edge of stored.edges) {
          const all = whole.edges.find((e) => e.id === edge.id)!;
          expect(edge.actors).toEqual(all.actors.slice(0, 1));
          expect(edge.actorCount).toBe(all.actors.length > 1 ? all.actors.length : undefined);
          expect(edge.evidence).toEqual(all.evidence.slice(0, 1));
        }
        const busiest = [...whole.nodes].sort((a, b) => b.mentions - a.mentions)[0]!;
        const ego = await fromStore.graph({ focus: busiest.id, limit: 2000, ...cut });
        expect(ego.edges.some((e) => (e.actorCount ?? 0) > 1)).toBe(true);
        expect(canonical(ego)).toEqual(canonical(await fromEveryActor.graph({ focus: busiest.id, ...cut })));
      });

      it('applies the filters like the in-memory graph', async () => {
        const places = await fromStore.graph({ types: ['place'], limit: 2000 });
        expect(canonical(places)).toEqual(canonical(await fromEveryActor.graph({ types: ['place'] })));
        const security = await fromStore.graph({ theme: 'security', limit: 2000 });
        expect(canonical(security)).toEqual(canonical(await fromEveryActor.graph({ theme: 'security' })));
        const profilesOnly = await fromStore.graph({ sources: false, limit: 2000 });
        expect(profilesOnly.nodes.some((n) => n.kind === 'source')).toBe(false);
        expect(profilesOnly.nodes.length).toBeLessThan(whole.nodes.length);
        expect(profilesOnly.total!.nodes).toBeLessThan(whole.nodes.length);
      });

      it('answers NOT_FOUND for a focus that is no node', async () => {
        const failure = await fromStore.graph({ focus: 'no-such-node' }).catch((error: unknown) => error);
        expect(isDossierError(failure) && failure.code).toBe('NOT_FOUND');
      });
    });
  });
}
