// Every GET route answers what its declared 200 schema says, on SQLite and PostgreSQL: the server
// serialises with plain JSON.stringify, so this is where a drift between a route's schema (and so
// the OpenAPI document) and what it sends is caught. Each body is parsed with the route's own zod
// schema, and the parsed value must equal the body: a key the schema does not declare (the object
// schemas strip unknown keys) or a default the body lacks is a drift too.
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Role } from '../model/index.js';
import { expandProfilePaths, type Dossier } from '../core/index.js';
import { buildServer } from './server.js';
import { backends, multipart, populate, root, seedText, type Person } from './test-support/security-fixture.js';

/** GET routes that answer no JSON document of their own: the spec, Prometheus text, export downloads, the app shell. */
const notJson = new Set(['/openapi.json', '/metrics', '/api/export/:format', '/']);

/** Where two JSON values differ, as paths (`items[3].evidence.actorName: …`). */
function differences(sent: unknown, declared: unknown, at = '$'): string[] {
  if (Array.isArray(sent) && Array.isArray(declared)) {
    if (sent.length !== declared.length) return [`${at}: ${sent.length} items sent, ${declared.length} after parsing`];
    return sent.flatMap((item, index) => differences(item, declared[index], `${at}[${index}]`));
  }
  if (
    sent !== null &&
    declared !== null &&
    typeof sent === 'object' &&
    typeof declared === 'object' &&
    !Array.isArray(sent) &&
    !Array.isArray(declared)
  ) {
    const sentObject = sent as Record<string, unknown>;
    const declaredObject = declared as Record<string, unknown>;
    const keys = new Set([...Object.keys(sentObject), ...Object.keys(declaredObject)]);
    return [...keys].flatMap((key) => {
      if (!(key in declaredObject)) return [`${at}.${key}: sent but not declared`];
      if (!(key in sentObject))
        return declaredObject[key] === undefined ? [] : [`${at}.${key}: declared with a default, not sent`];
      return differences(sentObject[key], declaredObject[key], `${at}.${key}`);
    });
  }
  return Object.is(sent, declared)
    ? []
    : [`${at}: sent ${JSON.stringify(sent)?.slice(0, 80)}, parsed ${JSON.stringify(declared)?.slice(0, 80)}`];
}

const describeIssues = (error: z.ZodError): string[] =>
  error.issues
    .slice(0, 8)
    .map(
      (issue) =>
        `$${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}: ` +
        `${issue.message}`,
    );

for (const backend of await backends()) {
  describe(`declared response schemas on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let people: Record<Role, Person>;
    let app: FastifyInstance;
    const routes: RouteOptions[] = [];

    const get = async (url: string, person: Person) =>
      app.inject({ url, headers: { authorization: `Bearer ${person.token}` } });

    beforeAll(async () => {
      ({ dossier, dispose } = await backend.open());
      people = await populate(dossier);
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      const report = await dossier.ingestFiles(files);
      expect(report.refused).toBe(0);
      app = await buildServer(dossier, { webRoot: null, onRoute: (route) => routes.push(route) });
      // Reviewed facts, an audit log and a second version, so those shapes carry data too.
      const editor = { authorization: `Bearer ${people.editor.token}` };
      const queue = (await app.inject({ url: '/api/review?actor=kazakhstan', headers: editor })).json() as {
        facts: Array<{ id: string }>;
      };
      const [confirmed, rejected] = queue.facts;
      expect(
        (await app.inject({ method: 'POST', url: `/api/facts/${confirmed!.id}/confirm`, headers: editor })).statusCode,
      ).toBe(200);
      expect(
        (await app.inject({ method: 'POST', url: `/api/facts/${rejected!.id}/reject`, headers: editor })).statusCode,
      ).toBe(200);
      const upload = multipart(
        'kazakhstan.txt',
        seedText.replace('Profile\n', 'Profile\nA new opening sentence was added by an editor.\n'),
      );
      const uploaded = await app.inject({
        method: 'POST',
        url: '/api/documents',
        payload: upload.body,
        headers: { ...editor, 'content-type': upload.contentType },
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    /**
     * The requests that exercise a route: its path parameters filled with real ids, and query variants that change the
     * shape.
     */
    async function requestsFor(url: string): Promise<string[]> {
      const admin = people.admin;
      const first = async <T>(listUrl: string, pick: (body: never) => T | undefined): Promise<T> => {
        const value = pick((await get(listUrl, admin)).json() as never);
        if (value === undefined) throw new Error(`${listUrl} gave no id for ${url}`);
        return value;
      };
      const sourceId = await first('/api/sources', (body: { sources: Array<{ id: string }> }) => body.sources[0]?.id);
      const entityId = await first(
        '/api/entities?limit=1',
        (body: { entities: Array<{ id: string }> }) => body.entities[0]?.id,
      );
      const factId = await first(
        '/api/actors/kazakhstan/facts',
        (body: { facts: Array<{ id: string }> }) => body.facts[0]?.id,
      );
      const nodeId = await first(
        '/api/graph',
        (body: { nodes: Array<{ id: string }> }) => body.nodes.find((node) => node.id.includes('kazakhstan'))?.id,
      );
      const edgeId = await first('/api/graph', (body: { edges: Array<{ id: string }> }) => body.edges[0]?.id);
      const variants: Record<string, string[]> = {
        '/api/actors': ['/api/actors', '/api/actors?limit=3', '/api/actors?country=KAZ'],
        '/api/actors/:id': ['/api/actors/kazakhstan', '/api/actors/kazakhstan?version=1', `/api/actors/${sourceId}`],
        '/api/actors/:id/sources': ['/api/actors/kazakhstan/sources'],
        '/api/actors/:id/facts': ['/api/actors/kazakhstan/facts', '/api/actors/kazakhstan/facts?status=confirmed'],
        '/api/actors/:id/diff': [
          '/api/actors/kazakhstan/diff?from=1&to=2',
          '/api/actors/kazakhstan/diff?from=1&to=2&granularity=sentence',
        ],
        '/api/actors/:id/history': ['/api/actors/kazakhstan/history'],
        '/api/sources': ['/api/sources', '/api/sources?limit=1'],
        '/api/entities': ['/api/entities', '/api/entities?limit=2'],
        '/api/entities/:id': [`/api/entities/${encodeURIComponent(entityId)}`],
        '/api/entities/:id/related': [`/api/entities/${encodeURIComponent(entityId)}/related`],
        '/api/facts/:id': [`/api/facts/${encodeURIComponent(factId)}`],
        '/api/search': [
          '/api/search?q=wheat',
          '/api/search?q=Kazakhstan',
          '/api/search?q=rail&actor=kazakhstan&count=exact',
          '/api/search',
        ],
        '/api/search/facets': [
          '/api/search/facets?q=wheat',
          '/api/search/facets?q=Kazakhstan',
          '/api/search/facets?q=trade&actor=kazakhstan',
        ],
        '/api/events': ['/api/events', '/api/events?actor=kazakhstan'],
        '/api/checks': ['/api/checks', '/api/checks?actor=kazakhstan'],
        '/api/graph': ['/api/graph', `/api/graph?focus=${encodeURIComponent(nodeId)}&depth=2`],
        '/api/graph/evidence': [
          `/api/graph/evidence?edge=${encodeURIComponent(edgeId)}`,
          `/api/graph/evidence?edge=${encodeURIComponent(edgeId)}&limit=1`,
        ],
        '/api/compare': ['/api/compare', '/api/compare?limit=1', '/api/compare?limit=2&theme=water'],
        '/api/compare/map': ['/api/compare/map', '/api/compare/map?theme=water'],
        '/api/review': ['/api/review', '/api/review?status=confirmed', '/api/review?status=rejected'],
        '/api/audit': ['/api/audit'],
      };
      if (variants[url]) return variants[url];
      if (url.includes(':')) throw new Error(`${url}: no ids to fill its path parameters; add it to requestsFor`);
      return [url];
    }

    it('answers every JSON GET route with exactly what its 200 schema declares', async () => {
      const getRoutes = routes.filter((route) => [route.method].flat().includes('GET') && !notJson.has(route.url!));
      expect(getRoutes.length).toBeGreaterThanOrEqual(25);
      const drifts: string[] = [];
      let checked = 0;
      for (const route of getRoutes) {
        const schema = (route.schema as { response?: Record<string, z.ZodType> } | undefined)?.response?.[200];
        if (!schema) {
          drifts.push(`GET ${route.url}: declares no 200 response`);
          continue;
        }
        for (const url of await requestsFor(route.url!)) {
          const response = await get(url, people.admin);
          if (response.statusCode !== 200) {
            drifts.push(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
            continue;
          }
          const body: unknown = response.json();
          const parsed = schema.safeParse(body);
          checked += 1;
          if (!parsed.success) drifts.push(...describeIssues(parsed.error).map((issue) => `GET ${url}: ${issue}`));
          else {
            // One line per drifting field, not per array item.
            const fields = new Set(
              differences(body, JSON.parse(JSON.stringify(parsed.data)) as unknown).map((difference) =>
                difference.replace(/\[\d+\]/g, '[]'),
              ),
            );
            drifts.push(...[...fields].slice(0, 8).map((difference) => `GET ${url}: ${difference}`));
          }
        }
      }
      console.log(
        `${backend.name}: ${checked} responses of ${getRoutes.length} GET routes checked against their schemas`,
      );
      expect(drifts).toEqual([]);
    }, 120_000);
  });
}
