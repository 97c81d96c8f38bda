// Operations: Prometheus metrics at /metrics (admins only; request latency by route pattern and
// status class, ingest counts and durations, pool gauges, process metrics; optionally on a
// loopback port without auth), JSON log lines with request ids and no secrets, and /healthz that
// tells anonymous visitors of a private instance nothing but liveness.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, type Role } from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { logLevelOf } from './logging.js';
import { metricsPortOf } from './metrics.js';
import { buildServer, metricsAddressOf } from './server.js';
import { backends, password, populate, seedText, type Person } from './test-support/security-fixture.js';

const [sqlite] = await backends();

/** The value of one series in a Prometheus text exposition, or undefined. */
function seriesValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    const found = Object.fromEntries(
      [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('operations', () => {
  let dossier: Dossier;
  let dispose: () => Promise<void>;
  let people: Record<Role, Person>;
  const servers: FastifyInstance[] = [];

  beforeAll(async () => {
    ({ dossier, dispose } = await sqlite!.open());
    people = await populate(dossier);
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
    await dispose?.();
  });

  const bearer = (role: Role) => ({ authorization: `Bearer ${people[role].token}` });

  describe('/metrics', () => {
    it('is for admins only, and declared so in the OpenAPI document', async () => {
      for (const mode of [false, true]) {
        const app = await buildServer(dossier, { webRoot: null, private: mode });
        servers.push(app);
        const anonymous = await app.inject('/metrics');
        expect(anonymous.statusCode).toBe(401);
        expect(ErrorEnvelopeSchema.parse(anonymous.json()).error.code).toBe('UNAUTHORIZED');
        expect((await app.inject({ url: '/metrics', headers: bearer('reader') })).statusCode).toBe(403);
        expect((await app.inject({ url: '/metrics', headers: bearer('editor') })).statusCode).toBe(403);
        const admin = await app.inject({ url: '/metrics', headers: bearer('admin') });
        expect(admin.statusCode).toBe(200);
        expect(admin.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        const openapi = (await app.inject('/openapi.json')).json();
        expect(openapi.paths['/metrics'].get.description).toMatch(/^Access: admins/);
      }
    });

    it('histograms request latency by route pattern, method and status class, with bounded labels', async () => {
      const app = await buildServer(dossier, { webRoot: null });
      servers.push(app);
      await app.inject('/api/actors');
      await app.inject('/api/actors');
      await app.inject('/api/actors/kazakhstan');
      await app.inject('/api/actors/nobody-at-all');
      for (let i = 0; i < 20; i++) await app.inject(`/no/such/path/${i}`);
      await app.inject({ method: 'DELETE', url: '/api/actors' });
      await app.inject('/api/actors/%ZZ');
      const text = (await app.inject({ url: '/metrics', headers: bearer('admin') })).body;
      const count = (labels: Record<string, string>) =>
        seriesValue(text, 'dossier_http_request_duration_seconds_count', labels);
      expect(count({ route: '/api/actors', method: 'GET', status_class: '2xx' })).toBe(2);
      expect(count({ route: '/api/actors/:id', method: 'GET', status_class: '2xx' })).toBe(1);
      expect(count({ route: '/api/actors/:id', method: 'GET', status_class: '4xx' })).toBe(1);
      expect(count({ route: '(unmatched)', method: 'GET', status_class: '4xx' })).toBe(20);
      expect(count({ route: '(unmatched)', method: 'DELETE', status_class: '4xx' })).toBe(1);
      expect(
        seriesValue(text, 'dossier_http_request_duration_seconds_bucket', { route: '/api/actors', le: '+Inf' }),
      ).toBe(2);
      // No raw URL ever becomes a label value.
      expect(text).not.toMatch(/route="[^"]*(kazakhstan|nobody|no\/such)/);
      // Process metrics are there too.
      expect(seriesValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    });

    it('counts ingests by outcome with durations, and reports the pool at scrape time', async () => {
      const app = await buildServer(dossier, { webRoot: null });
      servers.push(app);
      const paste = (content: string) =>
        app.inject({
          method: 'POST',
          url: '/api/documents/paste',
          headers: bearer('editor'),
          payload: { name: 'kazakhstan.txt', content },
        });
      const revised = `${seedText}\nA sentence added for the metrics test.\n`;
      expect((await paste(revised)).statusCode).toBe(201);
      expect((await paste(revised)).statusCode).toBe(200);
      expect((await paste('\u0000\u0001\u0002 not a profile')).statusCode).toBeGreaterThanOrEqual(400);
      const text = (await app.inject({ url: '/metrics', headers: bearer('admin') })).body;
      expect(seriesValue(text, 'dossier_ingest_documents_total', { outcome: 'new-version', via: 'bytes' })).toBe(1);
      expect(seriesValue(text, 'dossier_ingest_documents_total', { outcome: 'unchanged', via: 'bytes' })).toBe(1);
      expect(seriesValue(text, 'dossier_ingest_documents_total', { outcome: 'refused', via: 'bytes' })).toBe(1);
      expect(seriesValue(text, 'dossier_ingest_duration_seconds_count', { outcome: 'new-version' })).toBe(1);
      expect(seriesValue(text, 'dossier_ingest_duration_seconds_sum', { outcome: 'new-version' })).toBeGreaterThan(0);
      expect(seriesValue(text, 'dossier_ingest_bytes_total')).toBeGreaterThan(seedText.length);
      const stats = dossier.ingestPoolStats();
      expect(seriesValue(text, 'dossier_ingest_pool_threads')).toBe(stats.threads);
      expect(seriesValue(text, 'dossier_ingest_pool_queued')).toBe(stats.queued);
      expect(seriesValue(text, 'dossier_ingest_pool_running')).toBe(stats.running);
      expect(seriesValue(text, 'dossier_ingest_pool_utilization')).toBeGreaterThanOrEqual(0);
    });

    it('serves /metrics without auth on a loopback port when asked, and nothing else there', async () => {
      const app = await buildServer(dossier, { webRoot: null, metricsPort: 0 });
      servers.push(app);
      expect(metricsAddressOf(app)).toBeNull();
      await app.ready();
      const address = metricsAddressOf(app)!;
      expect(address.address).toBe('127.0.0.1');
      const response = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('dossier_http_request_duration_seconds');
      const other = await fetch(`http://127.0.0.1:${address.port}/api/actors`);
      expect(other.status).toBe(404);
      expect(ErrorEnvelopeSchema.parse(await other.json()).error.code).toBe('NOT_FOUND');
      await app.close();
      await expect(fetch(`http://127.0.0.1:${address.port}/metrics`)).rejects.toThrow();
      expect(metricsPortOf(undefined, { DOSSIER_METRICS_PORT: '9464' })).toBe(9464);
      expect(metricsPortOf(undefined, {})).toBeUndefined();
      expect(() => metricsPortOf(undefined, { DOSSIER_METRICS_PORT: 'http' })).toThrow(/DOSSIER_METRICS_PORT/);
    });
  });

  describe('logs', () => {
    it('writes JSON lines with a request id per request, and never a credential', async () => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(...String(chunk).split('\n').filter(Boolean));
          done();
        },
      });
      const app = await buildServer(dossier, { webRoot: null, logLevel: 'info', logStream });
      servers.push(app);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: people.editor.name, password },
        headers: { 'x-request-id': 'login-1' },
      });
      expect(login.statusCode).toBe(200);
      const session = login.cookies.find((cookie) => cookie.name === 'dossier_session')!.value;
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      await app.inject({ url: '/api/actors', headers: { cookie: `dossier_session=${session}`, 'x-csrf-token': csrf } });
      await app.inject({ url: '/api/review', headers: bearer('editor') });
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: people.editor.name, password: 'a wrong password' },
      });
      await app.inject({ url: '/api/actors/%ZZ', headers: { authorization: `Bearer ${people.admin.token}` } });
      const entries = lines.map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            reqId?: string;
            msg: string;
            req?: { headers?: Record<string, string> };
          },
      );
      expect(entries.length).toBeGreaterThanOrEqual(8);
      const loginEntries = entries.filter((entry) => entry.reqId === 'login-1');
      expect(loginEntries.map((entry) => entry.msg)).toEqual(
        expect.arrayContaining(['incoming request', 'request completed']),
      );
      expect(new Set(entries.map((entry) => entry.reqId)).size).toBeGreaterThanOrEqual(5);
      const all = lines.join('\n');
      for (const secret of [password, 'a wrong password', session, csrf, people.editor.token, people.admin.token])
        expect(all).not.toContain(secret);
      expect(all).not.toMatch(/"(authorization|cookie|set-cookie|x-csrf-token)"/i);
    });

    it('takes the level from DOSSIER_LOG_LEVEL, info when logs are asked for, silent otherwise', () => {
      expect(logLevelOf({}, {})).toBe('silent');
      expect(logLevelOf({ logger: true }, {})).toBe('info');
      expect(logLevelOf({ logger: true }, { DOSSIER_LOG_LEVEL: 'warn' })).toBe('warn');
      expect(logLevelOf({}, { DOSSIER_LOG_LEVEL: 'DEBUG' })).toBe('debug');
      expect(logLevelOf({ logLevel: 'error' }, { DOSSIER_LOG_LEVEL: 'debug' })).toBe('error');
      expect(() => logLevelOf({}, { DOSSIER_LOG_LEVEL: 'loud' })).toThrow(/DOSSIER_LOG_LEVEL/);
    });
  });

  describe('/healthz', () => {
    it(
      'tells anonymous visitors of a private instance only that it is alive; counts for signed-in users and public ' +
        'instances',
      async () => {
        const privateApp = await buildServer(dossier, { webRoot: null, private: true });
        const publicApp = await buildServer(dossier, { webRoot: null });
        servers.push(privateApp, publicApp);
        const anonymous = await privateApp.inject('/healthz');
        expect(anonymous.statusCode).toBe(200);
        expect(anonymous.json()).toEqual({ status: 'ok' });
        for (const role of ['reader', 'admin'] as const) {
          const signedIn = await privateApp.inject({ url: '/healthz', headers: bearer(role) });
          expect(signedIn.json()).toMatchObject({ status: 'ok', actors: 2 });
          expect(signedIn.json().sentences).toBeGreaterThan(0);
        }
        expect((await publicApp.inject('/healthz')).json()).toMatchObject({ status: 'ok', actors: 2 });
        // A bad token is refused, not answered with counts.
        expect(
          (await privateApp.inject({ url: '/healthz', headers: { authorization: 'Bearer nope' } })).statusCode,
        ).toBe(401);
      },
    );
  });
});
