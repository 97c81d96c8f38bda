// GET /api/export, /api/export/{format} and /api/export/json/schema: the formats from the registry,
// a streamed download with its file name, the error envelope before any byte for an unknown format
// or actor, and access: on a private instance an anonymous export is refused, a token may export.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier, exporters } from '../../core/index.js';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dossier: Dossier;
let publicApp: FastifyInstance;
let privateApp: FastifyInstance;
let workDir: string;
let token: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-api-export-'));
  dossier = await Dossier.open(path.join(workDir, 'api.db'));
  await dossier.ingestBytes(await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')), 'kazakhstan.txt');
  await dossier.accounts.addUser('reader1', 'reader', 'correct horse battery staple');
  token = (await dossier.accounts.createToken('reader1', 'exports')).token;
  publicApp = await buildServer(dossier, { webRoot: null, private: false });
  privateApp = await buildServer(dossier, { webRoot: null, private: true });
});

afterAll(async () => {
  await publicApp?.close();
  await privateApp?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/export', () => {
  it('lists the registry', async () => {
    const response = await publicApp.inject({ method: 'GET', url: '/api/export' });
    expect(response.statusCode).toBe(200);
    expect(response.json().formats.map((f: { name: string }) => f.name)).toEqual(exporters.map((e) => e.name));
  });
});

describe('GET /api/export/{format}', () => {
  it('streams the export as a download with its file name', async () => {
    const response = await publicApp.inject({ method: 'GET', url: '/api/export/ndjson?actor=kazakhstan' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="dossier-kazakhstan.ndjson"');
    const [first] = response.body.split('\n');
    expect(JSON.parse(first!)).toMatchObject({ type: 'actor', id: 'kazakhstan', country: 'KAZ' });
    const json = await publicApp.inject({ method: 'GET', url: '/api/export/json' });
    expect(json.headers['content-disposition']).toBe('attachment; filename="dossier-collection.json"');
    expect(json.json().actors.map((a: { id: string }) => a.id)).toEqual(['kazakhstan']);
  });

  it('answers an unknown format, actor or bad filter with the error envelope', async () => {
    for (const [url, status, code] of [
      ['/api/export/docx', 400, 'BAD_REQUEST'],
      ['/api/export/ndjson?actor=atlantis', 404, 'NOT_FOUND'],
      ['/api/export/ndjson?actor=kazakhstan&version=7', 404, 'NOT_FOUND'],
      ['/api/export/ndjson?status=maybe', 400, 'BAD_REQUEST'],
      ['/api/export/ndjson?version=1', 400, 'BAD_REQUEST'],
    ] as const) {
      const response = await publicApp.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(status);
      expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe(code);
    }
  });

  it('serves the publishable SQLite file, which opens with the full-text index and without accounts', async () => {
    const response = await publicApp.inject({ method: 'GET', url: '/api/export/sqlite' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="dossier-collection.sqlite"');
    expect(response.rawPayload.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const file = path.join(workDir, 'published.sqlite');
    await writeFile(file, response.rawPayload);
    const db = new Database(file, { readonly: true });
    try {
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as Array<{ name: string }>
      ).map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['sentences', 'sentences_fts', 'mention_entities']));
      expect(tables.some((name) => /users|sessions|tokens|audit/.test(name))).toBe(false);
      const hits = db.prepare("SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH 'wheat'").get() as {
        n: number;
      };
      expect(hits.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    expect(response.rawPayload.includes(Buffer.from(token))).toBe(false);
  });

  it('publishes the JSON Schema of the json export', async () => {
    const response = await publicApp.inject({ method: 'GET', url: '/api/export/json/schema' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Dossier export',
    });
  });

  it('on a private instance refuses an anonymous export and serves a signed-in one', async () => {
    const anonymous = await privateApp.inject({ method: 'GET', url: '/api/export/json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('Kazakhstan');
    const withToken = await privateApp.inject({
      method: 'GET',
      url: '/api/export/json',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.body).not.toContain(token);
  });
});
