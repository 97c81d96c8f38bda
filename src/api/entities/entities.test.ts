// GET /api/entities (the picker's listing) and POST /api/facts/bulk over HTTP, on a small SQLite
// knowledge base: filters, the opaque cursor, a clear 400 for a bad cursor, and an editor's bulk review.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, expandProfilePaths } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;
let editor: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-entities-list-'));
  dossier = await Dossier.open(path.join(workDir, 'list.db'));
  const { files } = await expandProfilePaths([
    path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
    path.join(root, 'examples', 'kyrgyzstan.md'),
  ]);
  expect((await dossier.ingestFiles(files)).refused).toBe(0);
  await dossier.accounts.addUser('ines', 'editor', 'correct horse battery staple');
  editor = (await dossier.accounts.createToken('ines', 'tests')).token;
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/entities', () => {
  it('pages through entities of a type with the `next` cursor', async () => {
    const first = (await app.inject('/api/entities?type=country&limit=2')).json() as {
      entities: { id: string; type: string }[];
      next: string | null;
    };
    expect(first.entities.map((e) => e.type)).toEqual(['country', 'country']);
    expect(first.next).toEqual(expect.any(String));
    const second = (
      await app.inject(`/api/entities?type=country&limit=2&after=${encodeURIComponent(first.next!)}`)
    ).json() as { entities: { id: string }[] };
    expect(second.entities.map((e) => e.id)).not.toContain(first.entities[0]!.id);
  });

  it('finds an entity by an alias and by country, and answers a bad cursor with a 400', async () => {
    type Listed = { entities: { id: string; country: string | null; type: string; aliases?: string[] }[] };
    const all = ((await app.inject('/api/entities?limit=200')).json() as Listed).entities;
    const aliased = all.find((e) => (e.aliases ?? []).some((alias) => alias.length > 3))!;
    const alias = aliased.aliases!.find((a) => a.length > 3)!;
    expect(
      ((await app.inject(`/api/entities?q=${encodeURIComponent(alias.toUpperCase())}`)).json() as Listed).entities.map(
        (e) => e.id,
      ),
    ).toContain(aliased.id);
    const places = ((await app.inject('/api/entities?country=KGZ&type=place')).json() as Listed).entities;
    expect(places.length).toBeGreaterThan(0);
    expect(places.every((e) => e.country === 'KGZ' && e.type === 'place')).toBe(true);
    const bad = await app.inject('/api/entities?after=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});

describe('POST /api/facts/bulk', () => {
  it(
    'confirms a selection for an editor, refuses anonymous ' + 'callers, and returns the facts with their confidence',
    async () => {
      const queue = (
        await app.inject({ url: '/api/review?type=relation', headers: { authorization: `Bearer ${editor}` } })
      ).json() as { facts: { id: string; confidence: number }[] };
      const ids = queue.facts.map((fact) => fact.id);
      expect(ids.length).toBeGreaterThan(1);
      expect(queue.facts.every((fact) => fact.confidence > 0 && fact.confidence < 1)).toBe(true);
      expect(
        (await app.inject({ method: 'POST', url: '/api/facts/bulk', payload: { ids, status: 'confirmed' } }))
          .statusCode,
      ).toBe(401);
      const response = await app.inject({
        method: 'POST',
        url: '/api/facts/bulk',
        payload: { ids, status: 'confirmed' },
        headers: { authorization: `Bearer ${editor}` },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json() as {
        reviewed: number;
        facts: { status: string; reviewedBy: string; confidence: number }[];
      };
      expect(body.reviewed).toBe(ids.length);
      expect(new Set(body.facts.map((fact) => `${fact.status} ${fact.reviewedBy}`))).toEqual(
        new Set(['confirmed ines']),
      );
    },
  );
});
