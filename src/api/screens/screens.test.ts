// GET /api/screens/network answers the nodes and links of GET /api/graph for the same query, without
// the links' actor lists and with a relation's first evidence sentence only, smaller, with an ETag
// (304 on a match), the same 404 for an unknown focus, and a new answer after a write; on SQLite and
// PostgreSQL, over the bundled examples.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphViewSchema, NetworkScreenSchema, type Role } from '../../model/index.js';
import { expandProfilePaths, type Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';
import { backends, populate, root, type Person } from '../test-support/security-fixture.js';

for (const backend of await backends()) {
  describe(`GET /api/screens/network on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let people: Record<Role, Person>;
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ dossier, dispose } = await backend.open());
      people = await populate(dossier);
      // China is ingested later (the write that must renew the answer).
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      expect((await dossier.ingestFiles(files.filter((file) => !file.endsWith('china.md')))).refused).toBe(0);
      app = await buildServer(dossier, { webRoot: null });
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ url, headers: { authorization: `Bearer ${people.reader.token}`, ...headers } });

    for (const query of ['', '?limit=40', '?type=place,project&sources=false', '?focus=AFG&depth=2']) {
      it(`answers /api/graph${query} without the actor lists and the extra evidence`, async () => {
        const graphResponse = await get(`/api/graph${query}`);
        const screenResponse = await get(`/api/screens/network${query}`);
        expect(graphResponse.statusCode).toBe(200);
        expect(screenResponse.statusCode).toBe(200);
        const graph = GraphViewSchema.parse(graphResponse.json());
        const screen = NetworkScreenSchema.parse(screenResponse.json());
        if (query === '') expect(graph.edges.some((edge) => edge.kind === 'relation')).toBe(true);
        expect(screen.nodes).toEqual(graph.nodes);
        expect(screen.total).toEqual(graph.total);
        expect(screen.edges).toEqual(
          graph.edges.map(({ actors: _actors, evidence, ...edge }) => ({
            ...edge,
            evidence: edge.kind === 'relation' ? evidence.slice(0, 1) : [],
          })),
        );
        for (const edge of screenResponse.json().edges as object[]) expect(edge).not.toHaveProperty('actors');
        expect(screenResponse.body.length).toBeLessThan(graphResponse.body.length / 2);
      });
    }

    it('answers 304 to its ETag, 404 for an unknown focus, and anew after a write', async () => {
      const first = await get('/api/screens/network');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"/);
      expect((await get('/api/screens/network', { 'if-none-match': etag })).statusCode).toBe(304);
      const unknown = await get('/api/screens/network?focus=no-such-node');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('NOT_FOUND');
      const actorsOf = (body: unknown) => NetworkScreenSchema.parse(body).nodes.map((node) => node.actor);
      expect(actorsOf(first.json())).not.toContain('china');
      const china = path.join(root, 'examples', 'china.md');
      expect((await dossier.ingestFiles([china], { relativeTo: path.dirname(china) })).refused).toBe(0);
      const after = await get('/api/screens/network', { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(actorsOf(after.json())).toContain('china');
    });
  });
}
