// GET /api/phrases answers the phrase table to an anonymous reader of a public-read instance, valid
// against its schema and listed in the OpenAPI document.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../../core/index.js';
import { PhraseTableSchema, phraseTable, relationLabel } from '../../model/phrases.js';
import { buildServer } from '../server.js';

let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-phrases-'));
  dossier = await Dossier.open(path.join(workDir, 'phrases.db'));
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/phrases', () => {
  it('answers the table', async () => {
    const response = await app.inject('/api/phrases');
    expect(response.statusCode).toBe(200);
    const table = PhraseTableSchema.parse(response.json());
    expect(table).toEqual(phraseTable);
    expect(table.relations.borders.presentNegated).toBe('does not border');
    expect(relationLabel({ predicate: 'leads', negated: false, current: false, valid: '2005/2013' }, table)).toBe(
      'led (2005–2013)',
    );
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/api/phrases');
  });

  it('refuses writes with 405', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/phrases', payload: {} });
    expect(response.statusCode).toBe(405);
  });
});
