// Uploads and pastes run in the ingest worker pool: /healthz keeps answering while a document
// that costs seconds of CPU is being pasted, a document over the CPU budget is refused with
// BUDGET_EXCEEDED in the error envelope (upload and paste) and the next one is stored, and a
// refusal made in a worker keeps its line and column in the envelope.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const seed = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
const seedBody = seed.slice(seed.indexOf('\n'));
const seedProfile = seedBody.slice(seedBody.indexOf('Profile'));
/** A valid profile of `copies` seed narratives: its CPU cost grows with it (seconds for 400 before any change). */
const largeProfile = (actor: string, copies: number) => `${actor}${seedBody}${`\n\n${seedProfile}`.repeat(copies - 1)}`;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-documents-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function serverWith(name: string, ingest: NonNullable<Parameters<typeof Dossier.open>[1]>['ingest'] = {}) {
  const dossier = await Dossier.open(path.join(folder, `${name}.db`), { ingest });
  await dossier.accounts.addUser('editor1', 'editor', 'correct horse battery staple');
  const { token } = await dossier.accounts.createToken('editor1', 'tests');
  const app = await buildServer(dossier, { logger: false, webRoot: null });
  return { dossier, app, auth: { authorization: `Bearer ${token}` } };
}

const paste = (app: FastifyInstance, auth: Record<string, string>, name: string, content: string) =>
  app.inject({
    method: 'POST',
    url: '/api/documents/paste',
    headers: auth,
    payload: { name, format: 'text', content },
  });

function multipart(filename: string, content: string) {
  const boundary = `----dossier${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ntext\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ` +
        `text/plain\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('documents in the worker pool', () => {
  it('keeps /healthz answering while a paste that costs seconds of CPU is in flight', async () => {
    const { dossier, app, auth } = await serverWith('healthz');
    try {
      // Warm the pool and the routes, then take the baseline.
      expect((await paste(app, auth, 'seed.txt', seed)).statusCode).toBe(201);
      const probe = async () => {
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url: '/healthz' });
        expect(response.statusCode).toBe(200);
        return performance.now() - started;
      };
      const baseline: number[] = [];
      for (let i = 0; i < 20; i++) baseline.push(await probe());

      let done = false;
      const heavy = paste(app, auth, 'heavy.txt', largeProfile('Heavyland', 400)).finally(() => {
        done = true;
      });
      const during: number[] = [];
      while (!done) {
        during.push(await probe());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const response = await heavy;
      expect(response.statusCode, response.body).toBe(201);
      // On the event loop the paste answered before any probe; in the pool, probes keep coming.
      expect(during.length).toBeGreaterThanOrEqual(5);
      expect(Math.max(...during)).toBeLessThan(Math.max(250, 20 * median(baseline)));
      expect(dossier.ingestPoolStats().completed).toBeGreaterThanOrEqual(2);
    } finally {
      await app.close();
      await dossier.close();
    }
  });

  it('refuses a paste or upload over the CPU budget with BUDGET_EXCEEDED and stores the next document', async () => {
    const { dossier, app, auth } = await serverWith('budget', { threads: 1, cpuBudgetMs: 100 });
    try {
      const heavy = largeProfile('Heavyland', 400);
      const pasted = await paste(app, auth, 'heavy-paste.txt', heavy);
      expect(pasted.statusCode).toBe(422);
      expect(pasted.json().error).toMatchObject({ code: 'BUDGET_EXCEEDED', file: 'heavy-paste.txt' });
      expect(pasted.json().error.message).toMatch(/CPU time/);

      const upload = multipart('heavy-upload.txt', heavy);
      const uploaded = await app.inject({
        method: 'POST',
        url: '/api/documents',
        headers: { ...auth, 'content-type': upload.contentType },
        payload: upload.body,
      });
      expect(uploaded.statusCode).toBe(422);
      expect(uploaded.json().error).toMatchObject({ code: 'BUDGET_EXCEEDED', file: 'heavy-upload.txt' });

      const next = await paste(app, auth, 'seed.txt', seed);
      expect(next.statusCode).toBe(201);
      expect(next.json()).toMatchObject({ status: 'created', actorId: 'kazakhstan' });
      expect((await app.inject({ method: 'GET', url: '/api/actors/heavyland' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await dossier.close();
    }
  });

  it('answers a refusal made in a worker with its line and column in the envelope', async () => {
    const { dossier, app, auth } = await serverWith('refusal');
    try {
      const response = await paste(app, auth, 'no-title.txt', '\n\nProfile\nA profile that lost its title line.\n');
      expect(response.statusCode).toBe(422);
      const { error } = response.json();
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.file).toBe('no-title.txt');
      expect(Number.isInteger(error.line) && Number.isInteger(error.column)).toBe(true);
      expect(error.expected).toBeTruthy();
    } finally {
      await app.close();
      await dossier.close();
    }
  });

  it('refuses a pasted name with a control character (400 in the envelope) and stores nothing', async () => {
    const { dossier, app, auth } = await serverWith('control-name');
    try {
      const response = await paste(app, auth, 'null\u0000land.txt', 'Nulland\n\nProfile\nNulland trades.\n');
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().error)).toMatch(/control characters/);
      expect(await dossier.listActors()).toEqual([]);
    } finally {
      await app.close();
      await dossier.close();
    }
  });
});

describe('POST /api/documents/url', () => {
  it(
    'fetches and stores a page when private targets are allowed, ' + 'and refuses them (400, with a hint) when not',
    async () => {
      const page = (
        await readFile(path.join(root, 'test-fixtures', 'seed-variants', 'seed-page.html'), 'utf8')
      ).replace(/<h1([^>]*)>[^<]*<\/h1>/, '<h1$1>Urlland</h1>');
      const server = http.createServer((req, res) => {
        if (req.url === '/briefs/urlland') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page);
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/briefs/urlland`;
      const allowing = await Dossier.open(path.join(folder, 'url-allowed.db'));
      await allowing.accounts.addUser('editor1', 'editor', 'correct horse battery staple');
      const { token } = await allowing.accounts.createToken('editor1', 'tests');
      const auth = { authorization: `Bearer ${token}` };
      const open = await buildServer(allowing, { logger: false, webRoot: null, allowPrivateUrls: true });
      const strict = await serverWith('url-strict');
      try {
        const stored = await open.inject({
          method: 'POST',
          url: '/api/documents/url',
          headers: auth,
          payload: { url },
        });
        expect(stored.statusCode, stored.body).toBe(201);
        expect(stored.json()).toMatchObject({ status: 'created', actorName: 'Urlland', version: 1 });
        const detail = await allowing.getActor('urlland');
        expect(detail.version.sourceName).toBe('urlland.html');
        const again = await open.inject({ method: 'POST', url: '/api/documents/url', headers: auth, payload: { url } });
        expect(again.statusCode).toBe(200);
        const missing = await open.inject({
          method: 'POST',
          url: '/api/documents/url',
          headers: auth,
          payload: { url: `${url}-gone` },
        });
        expect([missing.statusCode, missing.json().error.message]).toEqual([400, 'the server answered 404 Not Found']);

        const refused = await strict.app.inject({
          method: 'POST',
          url: '/api/documents/url',
          headers: strict.auth,
          payload: { url },
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error.message).toMatch(/private and local addresses are not fetched/);
        expect(refused.json().error.hint).toMatch(/DOSSIER_ALLOW_PRIVATE_URLS/);
        const anonymous = await strict.app.inject({ method: 'POST', url: '/api/documents/url', payload: { url } });
        expect(anonymous.statusCode).toBe(401);
      } finally {
        await open.close();
        await allowing.close();
        await strict.app.close();
        await strict.dossier.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );
});
