// GET /api/graph?focus=&depth= (the network's ego view) over HTTP, on a small SQLite knowledge
// base: depth 1 and 2 around an actor and an entity, the combination with the type filter, a 404
// in the API's error envelope for an unknown node, and a 400 for a depth other than 1 or 2; and
// the limit (the strongest nodes, the whole network's size in `total`, 400 out of 1–2000); each edge's actors and
// evidence cut to their first (the actors counted), GET /api/graph/evidence paging through all of its evidence.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CollectionViews,
  Dossier,
  expandProfilePaths,
  GraphEdgeEvidencePageSchema,
  graphEdgeCaps,
  GraphViewSchema,
  type GraphView,
} from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;
let whole: GraphView;

const getGraph = async (query: string) => {
  const response = await app.inject({ method: 'GET', url: `/api/graph${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return GraphViewSchema.parse(response.json());
};

/** The nodes within `depth` links of `focus` in `view`, computed here independently. */
function reachable(view: GraphView, focus: string, depth: number): string[] {
  let reached = new Set([focus]);
  for (let step = 0; step < depth; step++) {
    const next = new Set(reached);
    for (const e of view.edges) {
      if (reached.has(e.source)) next.add(e.target);
      if (reached.has(e.target)) next.add(e.source);
    }
    reached = next;
  }
  return [...reached].sort();
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-graph-ego-'));
  dossier = await Dossier.open(path.join(workDir, 'graph.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
    path.join(root, 'examples', 'kyrgyzstan.md'),
  ]);
  expect((await dossier.ingestFiles(files)).refused).toBe(0);
  app = await buildServer(dossier, { webRoot: null });
  whole = await getGraph('');
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/graph?limit=', () => {
  it('answers the strongest nodes up to the limit and the size of the whole network', async () => {
    expect(whole.total).toEqual({ nodes: whole.nodes.length, edges: whole.edges.length });
    const top = await getGraph('?limit=5');
    expect(top.nodes).toHaveLength(5);
    expect(top.total).toEqual(whole.total);
    expect(top.edges.length).toBeLessThanOrEqual(10);
    const kept = new Set(top.nodes.map((n) => n.id));
    expect(top.edges.every((e) => kept.has(e.source) && kept.has(e.target))).toBe(true);
    // The strongest: no node left out is heavier than the lightest kept one.
    const weight = new Map(whole.nodes.map((n) => [n.id, n.mentions]));
    for (const e of whole.edges) {
      weight.set(e.source, weight.get(e.source)! + e.weight);
      if (e.kind === 'relation') weight.set(e.target, weight.get(e.target)! + e.weight);
    }
    const lightest = Math.min(...top.nodes.map((n) => weight.get(n.id)!));
    expect(whole.nodes.filter((n) => !kept.has(n.id)).every((n) => weight.get(n.id)! <= lightest)).toBe(true);
    // The ego view is capped by the same limit, the focus first.
    const focus = top.nodes[0]!.id;
    const ego = await getGraph(`?focus=${encodeURIComponent(focus)}&limit=3`);
    expect(ego.nodes.map((n) => n.id)).toContain(focus);
    expect(ego.nodes).toHaveLength(3);
    expect(ego.total!.nodes).toBeGreaterThan(3);
  });

  it('answers 400 for a limit out of 1–2000 or not a whole number', async () => {
    for (const limit of ['0', '2001', 'many', '-1', '1.5']) {
      const bad = await app.inject({ method: 'GET', url: `/api/graph?limit=${limit}` });
      expect(bad.statusCode, limit).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await app.inject({ method: 'GET', url: '/api/graph?limit=2000' })).statusCode).toBe(200);
  });
});

describe('GET /api/graph?focus=', () => {
  it('answers the neighbours of an actor at depth 1 (the default) and 2', async () => {
    const actor = whole.nodes.find((n) => n.kind === 'actor')!;
    const one = await getGraph(`?focus=${encodeURIComponent(actor.id)}`);
    expect(one.nodes.map((n) => n.id).sort()).toEqual(reachable(whole, actor.id, 1));
    expect(one.nodes.length).toBeGreaterThan(1);
    expect(one.nodes.length).toBeLessThan(whole.nodes.length);
    expect((await getGraph(`?focus=${encodeURIComponent(actor.id)}&depth=1`)).nodes.length).toBe(one.nodes.length);
    const two = await getGraph(`?focus=${encodeURIComponent(actor.id)}&depth=2`);
    expect(two.nodes.map((n) => n.id).sort()).toEqual(reachable(whole, actor.id, 2));
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    // Every edge between two kept nodes, and only those.
    const kept = new Set(two.nodes.map((n) => n.id));
    expect(two.edges.length).toBe(whole.edges.filter((e) => kept.has(e.source) && kept.has(e.target)).length);
  });

  it('centres on an entity and combines with the type filter', async () => {
    const entity = whole.nodes
      .filter((n) => n.kind === 'entity' && n.type === 'place')
      .sort((a, b) => b.mentions - a.mentions)[0]!;
    const ego = await getGraph(`?focus=${encodeURIComponent(entity.id)}`);
    expect(ego.nodes.some((n) => n.id === entity.id)).toBe(true);
    expect(ego.nodes.some((n) => n.kind === 'actor')).toBe(true);
    const places = await getGraph(`?type=place&focus=${encodeURIComponent(entity.id)}&depth=2`);
    expect(places.nodes.filter((n) => n.kind === 'entity').every((n) => n.type === 'place')).toBe(true);
    expect(places.nodes.map((n) => n.id).sort()).toEqual(reachable(await getGraph('?type=place'), entity.id, 2));
  });

  it('answers 404 in the error envelope for an unknown node, 400 for a bad depth', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/graph?focus=no-such-node' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('no-such-node') },
    });
    for (const depth of ['3', '0', 'two']) {
      const bad = await app.inject({
        method: 'GET',
        url: `/api/graph?focus=${encodeURIComponent(whole.nodes[0]!.id)}&depth=${depth}`,
      });
      expect(bad.statusCode, depth).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await app.inject({ method: 'GET', url: '/api/graph?focus=' })).statusCode).toBe(400);
  });
});

describe('GET /api/graph edges and GET /api/graph/evidence', () => {
  it('caps what an edge carries and pages through all of its evidence', async () => {
    const views = new CollectionViews(dossier);
    const full = await views.graph({ limit: 2000 });
    for (const edge of whole.edges) {
      const all = full.edges.find((e) => e.id === edge.id)!;
      expect(edge.actors).toEqual(all.actors.slice(0, graphEdgeCaps.actors));
      expect(edge.actorCount).toBe(all.actors.length > graphEdgeCaps.actors ? all.actors.length : undefined);
      expect(edge.evidence).toEqual(all.evidence.slice(0, graphEdgeCaps.evidence));
    }
    const busiest = [...whole.edges].sort((a, b) => b.weight - a.weight)[0]!;
    expect(busiest.weight).toBeGreaterThan(3);
    const seen: unknown[] = [];
    let url = `/api/graph/evidence?edge=${encodeURIComponent(busiest.id)}&limit=2`;
    for (let pages = 0; url && pages < 100; pages++) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      const page = GraphEdgeEvidencePageSchema.parse(response.json());
      seen.push(...page.evidence);
      const link = response.headers.link as string | undefined;
      expect(link === undefined).toBe(page.next === null);
      url = page.next ? /<([^>]+)>/.exec(link!)![1]! : '';
    }
    const whole500 = await app.inject(`/api/graph/evidence?edge=${encodeURIComponent(busiest.id)}&limit=500`);
    expect(seen).toEqual(whole500.json().evidence);
    expect(seen.length).toBeGreaterThan(graphEdgeCaps.evidence);
    for (const e of busiest.evidence) expect(seen).toContainEqual(e);
    expect((await app.inject('/api/graph/evidence?edge=m:nowhere>nothing')).statusCode).toBe(404);
    const bad = `/api/graph/evidence?edge=${encodeURIComponent(busiest.id)}&cursor=nonsense`;
    expect((await app.inject(bad)).statusCode).toBe(400);
  });
});
