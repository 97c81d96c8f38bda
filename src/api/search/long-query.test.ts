// Over-long queries: both search routes answer a query over 1,000 characters with a 400
// BAD_REQUEST that says so in words (the page shows it inline), and take one of exactly 1,000.
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
});
