// Transfer: JSON answers of 1 KB or more are compressed (brotli or gzip, as the client accepts),
// small ones and clients that accept nothing are answered plain; Vite's content-hashed assets are
// cached for a year as immutable, the app shell and unhashed files are revalidated; the brotli and gzip
// copies the build writes beside an asset are sent as they are, with their own ETag (304 when it matches).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../core/index.js';
import { negotiatedEncoding } from './cached-json.js';
import { buildServer } from './server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-compress-'));
  const webRoot = path.join(workDir, 'web');
  await mkdir(path.join(webRoot, 'assets'), { recursive: true });
  await writeFile(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Dossier</title></head><body><main id="app"></main></body></html>',
  );
  await writeFile(
    path.join(webRoot, 'assets', 'main-C5wW7lhB.js'),
    `console.log(${JSON.stringify('x'.repeat(4000))});`,
  );
  // The build's copies of an asset: marked, so the test can tell them from the asset compressed on the fly.
  const bundle = `console.log(${JSON.stringify('y'.repeat(4000))});`;
  await writeFile(path.join(webRoot, 'assets', 'index-Ab12Cd34.js'), bundle);
  await writeFile(path.join(webRoot, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(`/* br */${bundle}`));
  await writeFile(path.join(webRoot, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(`/* gz */${bundle}`));
  await writeFile(path.join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  dossier = await Dossier.open(path.join(workDir, 'compress.db'));
  const report = await dossier.ingestFiles([path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')]);
  expect(report.refused).toBe(0);
  app = await buildServer(dossier, { webRoot });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('compressed answers', () => {
  it('answers a large JSON document in brotli when accepted, and the same JSON once decoded', async () => {
    const plain = await app.inject('/api/actors/kazakhstan');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const br = await app.inject({ url: '/api/actors/kazakhstan', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('falls back to gzip, and leaves small answers alone', async () => {
    const gzip = await app.inject({ url: '/api/actors/kazakhstan', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8')).id).toBe('kazakhstan');
    const small = await app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toMatchObject({ status: 'ok' });
  });
});

describe('cached JSON answers, compressed once', () => {
  it('sends the same compressed bytes to every client of an encoding, the same JSON once decoded', async () => {
    const plain = await app.inject('/api/events');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const ask = (encoding: string) => app.inject({ url: '/api/events', headers: { 'accept-encoding': encoding } });
    const [br, again, gzip] = [await ask('gzip, deflate, br'), await ask('br'), await ask('gzip')];
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect(again.rawPayload.equals(br.rawPayload)).toBe(true);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(plain.json());
    const revalidated = await app.inject({
      url: '/api/events',
      headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
  });

  it('negotiates as the server compression does: weights, brotli on a tie, * and x-gzip', () => {
    expect(negotiatedEncoding(undefined)).toBeNull();
    expect(negotiatedEncoding('identity')).toBeNull();
    expect(negotiatedEncoding('gzip, br')).toBe('br');
    expect(negotiatedEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(negotiatedEncoding('br;q=0, gzip;q=0')).toBeNull();
    expect(negotiatedEncoding('x-gzip')).toBe('gzip');
    expect(negotiatedEncoding('*')).toBe('br');
    expect(negotiatedEncoding('deflate')).toBeNull();
  });
});

describe('caching of the web UI', () => {
  it('caches content-hashed assets for a year, immutable', async () => {
    const asset = await app.inject('/assets/main-C5wW7lhB.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the app shell and unhashed files', async () => {
    const shell = await app.inject({ url: '/actors/kazakhstan', headers: { accept: 'text/html' } });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-cache');
    const icon = await app.inject('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });
});

describe('assets compressed at build time', () => {
  const url = '/assets/index-Ab12Cd34.js';

  it('sends the brotli copy as it is, cached immutably, varying on Accept-Encoding', async () => {
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toMatch(/^\/\* br \*\/console\.log/);
  });

  it('sends the gzip copy to a client without brotli, and the plain file to one that accepts neither', async () => {
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toMatch(/^\/\* gz \*\/console\.log/);
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toMatch(/^console\.log/);
  });

  it('gives each encoding its own ETag and answers 304 when it still matches', async () => {
    const br = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    const plain = await app.inject({ url });
    const tags = [br, gzip, plain].map((r) => r.headers.etag);
    expect(tags.every((tag) => typeof tag === 'string' && tag.length > 2)).toBe(true);
    expect(new Set(tags).size).toBe(3);
    const again = await app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const other = await app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': String(gzip.headers.etag) },
    });
    expect(other.statusCode).toBe(200);
  });
});
