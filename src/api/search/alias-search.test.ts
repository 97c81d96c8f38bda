// Search for an alias: GET /api/search and /api/search/facets say which entity the query names
// ("Nur-Sultan" is Astana), so the page can offer the entity's page; an ordinary word names none.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-alias-'));
  dossier = await Dossier.open(path.join(workDir, 'alias.db'));
  await dossier.ingestBytes(await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')), 'kazakhstan.txt');
  app = await buildServer(dossier, { webRoot: null });
});
afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('search for an alias', () => {
  it('names the entity the alias stands for, on both search routes', async () => {
    for (const url of ['/api/search?q=Nur-Sultan', '/api/search/facets?q=Nur-Sultan']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.json().entity, url).toEqual({ id: 'astana', name: 'Astana', type: 'place' });
    }
  });

  it('names no entity for an ordinary word', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/search/facets?q=wheat' });
    expect(response.json().entity).toBeUndefined();
    expect(response.json().total).toBeGreaterThan(0);
  });
});
