// The access-control matrix, on SQLite and PostgreSQL: every route (enumerated with onRoute)
// declares a policy; every write route is called as anonymous, reader, editor and admin, by
// session with and without the CSRF token and by bearer token; the expected table holds for
// every call, and a refused call leaves every table of the database as it was.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLevels, ErrorEnvelopeSchema, type AccessLevel, type Role } from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { allows, csrfHeaderName, isStateChanging, sessionCookieName } from './access-policy.js';
import { buildServer } from './server.js';
import { backends, multipart, password, populate, seedText, type Person } from './test-support/security-fixture.js';

/** The policy every write route must declare (a new write route must be added here). */
const expectedWritePolicies: Record<string, AccessLevel> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'POST /api/users': 'admin',
  'POST /api/tokens': 'admin',
  'PATCH /api/users/:name': 'admin',
  'DELETE /api/users/:name': 'admin',
  'DELETE /api/tokens/:id': 'admin',
  'POST /api/documents': 'editor',
  'POST /api/documents/paste': 'editor',
  'POST /api/documents/url': 'editor',
  'POST /api/facts/:id/confirm': 'editor',
  'POST /api/facts/bulk': 'editor',
  'POST /api/facts/:id/reject': 'editor',
  'PATCH /api/facts/:id': 'editor',
  'POST /api/actors/:id/facts': 'editor',
  'PATCH /api/entities/:id': 'editor',
  'POST /api/entities/:id/merge': 'editor',
};

interface Collected {
  method: string;
  url: string;
  /** The route's policy once every onRoute hook (including the plugin defaults) has run. */
  readonly access: AccessLevel | undefined;
}

type Caller =
  { kind: 'anonymous' } | { kind: 'session'; person: Person; csrf: boolean } | { kind: 'token'; person: Person };

const describeCaller = (caller: Caller): string =>
  caller.kind === 'anonymous'
    ? 'anonymous'
    : caller.kind === 'token'
      ? `${caller.person.role} by token`
      : `${caller.person.role} by session ${caller.csrf ? 'with' : 'without'} CSRF`;

for (const backend of await backends()) {
  describe(`access-control matrix on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let people: Record<Role, Person>;
    let publicApp: FastifyInstance;
    let privateApp: FastifyInstance;
    const routes: Collected[] = [];
    let counter = 0;
    /** Serves a new version of the Kazakhstan profile at every /kazakhstan/N (for POST /api/documents/url). */
    let documentServer: http.Server;
    let documentBase = '';

    beforeAll(async () => {
      documentServer = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${seedText}\nFetched ${req.url ?? ''} adds a sentence.\n`);
      });
      await new Promise<void>((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
      documentBase = `http://127.0.0.1:${(documentServer.address() as AddressInfo).port}`;
      ({ dossier, dispose } = await backend.open());
      people = await populate(dossier);
      const collect = (route: RouteOptions) => {
        for (const method of [route.method].flat()) {
          routes.push({
            method,
            url: route.url,
            get access() {
              return route.config?.access;
            },
          });
        }
      };
      publicApp = await buildServer(dossier, {
        webRoot: null,
        onRoute: collect,
        loginAttempts: 1000,
        allowPrivateUrls: true,
      });
      privateApp = await buildServer(dossier, {
        webRoot: null,
        private: true,
        loginAttempts: 1000,
        allowPrivateUrls: true,
      });
      await publicApp.ready();
      await privateApp.ready();
    }, 60_000);

    afterAll(async () => {
      await publicApp?.close();
      await privateApp?.close();
      await dispose?.();
      documentServer?.closeAllConnections();
      await new Promise((resolve) => documentServer?.close(resolve));
    });

    /** Headers of a caller: a fresh session for each session call (logout may end it). */
    async function headersOf(caller: Caller): Promise<Record<string, string>> {
      if (caller.kind === 'anonymous') return {};
      if (caller.kind === 'token') return { authorization: `Bearer ${caller.person.token}` };
      const user = (await dossier.accounts.listUsers()).find((candidate) => candidate.name === caller.person.name)!;
      const session = await dossier.accounts.startSession(user);
      return {
        cookie: `${sessionCookieName}=${session.id}`,
        ...(caller.csrf ? { [csrfHeaderName]: session.csrfToken } : {}),
      };
    }

    /** A request that would succeed for an allowed caller, for each write route. */
    async function sampleRequest(
      method: string,
      url: string,
    ): Promise<{ url: string; payload?: string | Buffer; headers?: Record<string, string> }> {
      const n = ++counter;
      const facts = (await dossier.review.listFacts({ actor: 'kazakhstan', status: 'any', limit: 500 })).facts;
      const factOf = (kind: string) => facts.find((fact) => fact.kind === kind)?.id ?? 'time-1-0';
      const json = (body: unknown) => ({
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      const text = (await dossier.store.getDocument('kazakhstan'))!.text;
      switch (`${method} ${url}`) {
        case 'POST /api/auth/login':
          return { url, ...json({ username: people.reader.name, password }) };
        case 'POST /api/users':
          return { url, ...json({ name: `user-${n}`, role: 'reader', password: 'long enough password' }) };
        case 'POST /api/tokens':
          return { url, ...json({ user: people.reader.name, label: `t${n}` }) };
        case 'PATCH /api/users/:name': {
          const user = await dossier.accounts.addUser(`patched-${n}`, 'reader', password);
          return { url: url.replace(':name', user.name), ...json({ role: 'editor' }) };
        }
        case 'DELETE /api/users/:name': {
          const user = await dossier.accounts.addUser(`removed-${n}`, 'reader', password);
          await dossier.accounts.createToken(user.name, 'doomed');
          return { url: url.replace(':name', user.name) };
        }
        case 'DELETE /api/tokens/:id': {
          const { summary } = await dossier.accounts.createToken(people.reader.name, `revoked-${n}`);
          return { url: url.replace(':id', summary.id) };
        }
        case 'POST /api/documents': {
          const upload = multipart('kazakhstan.txt', `${seedText}\nUpload ${n} adds a sentence.\n`);
          return { url, payload: upload.body, headers: { 'content-type': upload.contentType } };
        }
        case 'POST /api/documents/paste':
          return {
            url,
            ...json({ name: 'kazakhstan.txt', format: 'text', content: `${seedText}\nPaste ${n} adds a sentence.\n` }),
          };
        case 'POST /api/documents/url':
          return { url, ...json({ url: `${documentBase}/kazakhstan/${n}` }) };
        case 'POST /api/facts/:id/confirm':
        case 'POST /api/facts/:id/reject':
          return { url: url.replace(':id', factOf('relation')) };
        case 'POST /api/facts/bulk':
          return { url, ...json({ ids: [factOf('relation')], status: 'confirmed' }) };
        case 'PATCH /api/facts/:id':
          return { url: url.replace(':id', factOf('time')), ...json({ value: '2021' }) };
        case 'POST /api/actors/:id/facts': {
          const start = text.indexOf('Kabul');
          return {
            url: url.replace(':id', 'kazakhstan'),
            ...json({ kind: 'time', start, end: start + 5, payload: { value: '2022' } }),
          };
        }
        case 'PATCH /api/entities/:id':
          return { url: url.replace(':id', 'kabul'), ...json({ aliases: [`Kabul ${n}`] }) };
        case 'POST /api/entities/:id/merge':
          return { url: url.replace(':id', 'no-such-entity'), ...json({ into: 'kabul' }) };
        default:
          return { url: url.replace(/:(\w+)/g, 'x'), ...json({}) };
      }
    }

    it('gives every route a declared access policy', () => {
      expect(routes.length).toBeGreaterThan(20);
      const undeclared = routes.filter(
        (route) => !route.access || !(accessLevels as readonly string[]).includes(route.access),
      );
      expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    });

    it('declares the expected policy on every write route', () => {
      const writes = Object.fromEntries(
        routes
          .filter((route) => isStateChanging(route.method))
          .map((route) => [`${route.method} ${route.url}`, route.access]),
      );
      expect(writes).toEqual(expectedWritePolicies);
    });

    it('states each operation’s policy in the OpenAPI document', async () => {
      const document = (await publicApp.inject('/openapi.json')).json();
      expect(document.paths['/api/review'].get.description).toMatch(/^Access: editors/);
      expect(document.paths['/api/users'].post.description).toMatch(/^Access: admins/);
      expect(document.paths['/api/actors/{id}/diff'].get.description).toMatch(/public-read/);
      expect(document.components.securitySchemes).toHaveProperty('bearer');
    });

    it('refuses a route that declares no policy', async () => {
      const app = await buildServer(dossier, { webRoot: null });
      app.post('/api/undeclared-test-route', async () => ({ wrote: true }));
      const response = await app.inject({
        method: 'POST',
        url: '/api/undeclared-test-route',
        headers: { authorization: `Bearer ${people.admin.token}` },
      });
      expect(response.statusCode).toBe(403);
      expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe('FORBIDDEN');
      await app.close();
    });

    it('holds the expected table for every write route and caller; refused calls change nothing', async () => {
      const callers: Caller[] = [{ kind: 'anonymous' }];
      for (const role of ['reader', 'editor', 'admin'] as const) {
        callers.push(
          { kind: 'session', person: people[role], csrf: true },
          { kind: 'session', person: people[role], csrf: false },
          { kind: 'token', person: people[role] },
        );
      }
      const table: string[] = [];
      let checked = 0;
      for (const route of routes.filter((candidate) => isStateChanging(candidate.method))) {
        for (const caller of callers) {
          const user =
            caller.kind === 'anonymous' ? null : { name: caller.person.name, role: caller.person.role, createdAt: '' };
          const expectedAllowed =
            allows(route.access!, user, 'public-read') && !(caller.kind === 'session' && !caller.csrf);
          const request = await sampleRequest(route.method, route.url);
          const headers = { ...(request.headers ?? {}), ...(await headersOf(caller)) };
          const before = await dossier.store.contentDigest();
          const response = await publicApp.inject({
            method: route.method as 'POST',
            url: request.url,
            payload: request.payload,
            headers,
          });
          const refused = response.statusCode === 401 || response.statusCode === 403;
          const row =
            `${route.method} ${route.url} as ${describeCaller(caller)}: expected ` +
            `${expectedAllowed ? 'allowed' : 'refused'}, got ${response.statusCode}`;
          table.push(row);
          expect(refused, `${row} ${response.body.slice(0, 200)}`).toBe(!expectedAllowed);
          if (!expectedAllowed) {
            const expectedStatus = caller.kind === 'anonymous' ? 401 : 403;
            expect(response.statusCode, row).toBe(expectedStatus);
            expect(ErrorEnvelopeSchema.safeParse(response.json()).success, row).toBe(true);
            expect(await dossier.store.contentDigest(), `${row} changed the database`).toBe(before);
          } else {
            expect(response.statusCode, `${row} ${response.body.slice(0, 300)}`).toBeLessThan(500);
          }
          checked++;
        }
      }
      expect(checked).toBe(Object.keys(expectedWritePolicies).length * 10);
      expect(table.filter((row) => row.includes('allowed')).length).toBeGreaterThan(0);
    }, 180_000);

    it('lets anyone read a public-read instance and nobody anonymous read a private one', async () => {
      // Every GET route without parameters: the API, /healthz, /openapi.json, / and /metrics (admins).
      const reads = routes.filter((route) => route.method === 'GET' && !route.url.includes(':'));
      expect(reads.map((route) => route.url)).toEqual(expect.arrayContaining(['/healthz', '/metrics', '/api/actors']));
      expect(reads.length).toBeGreaterThan(3);
      for (const route of reads) {
        const anonymousPublic = await publicApp.inject({ method: 'GET', url: route.url });
        const anonymousPrivate = await privateApp.inject({ method: 'GET', url: route.url });
        const readerPrivate = await privateApp.inject({
          method: 'GET',
          url: route.url,
          headers: { authorization: `Bearer ${people.reader.token}` },
        });
        const editorPrivate = await privateApp.inject({
          method: 'GET',
          url: route.url,
          headers: { authorization: `Bearer ${people.editor.token}` },
        });
        const row = `GET ${route.url} (${route.access})`;
        if (route.access === 'public') {
          expect(anonymousPrivate.statusCode, row).not.toBe(401);
        } else if (route.access === 'reader') {
          expect(anonymousPublic.statusCode, row).not.toBe(401);
          expect(anonymousPrivate.statusCode, row).toBe(401);
          expect([401, 403], row).not.toContain(readerPrivate.statusCode);
        } else {
          expect(anonymousPublic.statusCode, row).toBe(401);
          expect(readerPrivate.statusCode, row).toBe(403);
          expect(editorPrivate.statusCode, row).toBe(route.access === 'editor' ? 200 : 403);
        }
      }
      const actor = await privateApp.inject('/api/actors/kazakhstan');
      expect(actor.statusCode).toBe(401);
      expect((await privateApp.inject('/healthz')).statusCode).toBe(200);
    });

    it('answers a bad bearer token 401 even on public routes, and never reveals who exists', async () => {
      for (const value of ['Bearer nope', `Bearer ${people.admin.token}x`, 'Basic YWRtaW4xOnB3', 'Bearer']) {
        const response = await publicApp.inject({
          method: 'GET',
          url: '/api/actors',
          headers: { authorization: value },
        });
        expect(response.statusCode, value).toBe(401);
      }
    });
  });
}
