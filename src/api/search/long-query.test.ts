// Over-long queries and short prefixes: both search routes answer a query over 1,000 characters,
// or a prefix of fewer than three characters before its * ("ta*"), with a 400 BAD_REQUEST that says
// so in words (the page shows it inline), and take one of exactly 1,000 characters or "tas*".
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';

let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-long-query-'));
  dossier = await Dossier.open(path.join(workDir, 'long.db'));
  app = await buildServer(dossier, { webRoot: null });
});
afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('over-long search queries', () => {
  const routes = ['/api/search', '/api/search/facets'];

  it('answers 2,000 characters with a clear 400 on both routes', async () => {
    const q = 'pipeline '.repeat(223).slice(0, 2000);
    for (const route of routes) {
      const response = await app.inject({ method: 'GET', url: `${route}?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, route).toBe(400);
      expect(response.json().error.code, route).toBe('BAD_REQUEST');
      expect(response.json().error.message, route).toContain('the query is over 1,000 characters');
    }
  });

  it('takes a query of exactly 1,000 characters', async () => {
    const q = 'x'.repeat(1000);
    for (const route of routes) {
      const response = await app.inject({ method: 'GET', url: `${route}?q=${q}` });
      expect(response.statusCode, route).toBe(200);
    }
  });

  it('refuses a prefix of fewer than three characters, naming it, and takes three', async () => {
    for (const route of routes) {
      for (const q of ['ta*', 'wheat k*', '"trans af*"']) {
        const response = await app.inject({ method: 'GET', url: `${route}?q=${encodeURIComponent(q)}` });
        expect(response.statusCode, `${route} ${q}`).toBe(400);
        expect(response.json().error.message).toMatch(
          /a prefix search needs at least 3 characters before the \*: "\w{1,2}\*"/,
        );
      }
      expect((await app.inject({ method: 'GET', url: `${route}?q=${encodeURIComponent('tas*')}` })).statusCode).toBe(
        200,
      );
    }
  });

  it('says whether the total is exact, and counts exactly when asked', async () => {
    const capped = (await app.inject({ method: 'GET', url: '/api/search?q=wheat' })).json();
    expect(capped).toMatchObject({ total: 0, totalExact: true, hits: [] });
    expect((await app.inject({ method: 'GET', url: '/api/search?q=wheat&count=exact' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/search?q=wheat&count=all' })).statusCode).toBe(400);
  });
});
