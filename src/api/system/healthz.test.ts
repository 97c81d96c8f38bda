// /healthz in constant time: the collection's counts are read once while the server gets ready (the
// row the store maintains at every write, never a count of the tables), then only again (in the
// background) after the store changed; requests never wait for a count.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('GET /healthz', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reads the counts once at start, not per request, and again in the background after a write', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-healthz-'));
    const dossier = await Dossier.open(path.join(dir, 'h.db'));
    await dossier.ingestFiles([path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')]);
    const stats = vi.spyOn(dossier, 'collectionCounts');
    const counted = vi.spyOn(dossier, 'stats');
    const app = await buildServer(dossier, { webRoot: null });
    cleanups.push(async () => {
      await app.close();
      await dossier.close();
      await rm(dir, { recursive: true, force: true });
    });

    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok', actors: 1, sentences: expect.any(Number) });
    for (let i = 0; i < 20; i++) expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect(stats).toHaveBeenCalledTimes(1);

    await dossier.ingestFiles([path.join(root, 'examples', 'uzbekistan.md')]);
    let actors = 1;
    for (let attempt = 0; attempt < 100 && actors === 1; attempt++) {
      actors = (await app.inject('/healthz')).json<{ actors: number }>().actors;
      if (actors === 1) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(actors).toBe(2);
    expect(stats.mock.calls.length).toBeLessThanOrEqual(3);
    expect(counted).not.toHaveBeenCalled();
  });

  it('starts and answers from the maintained counts: it counts no table of the collection', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-healthz-'));
    const file = path.join(dir, 'h.db');
    const dossier = await Dossier.open(file);
    await dossier.ingestFiles([path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')]);
    const real = await dossier.stats();
    expect(await dossier.collectionCounts()).toEqual({
      actors: real.actors,
      versions: real.versions,
      sentences: real.sentences,
    });
    // Another connection moves the maintained row away from the tables: a start that counted the
    // tables would answer the real figures; one that reads the row answers these.
    const other = new Database(file);
    other.prepare('UPDATE collection_counts SET actors = 4321, sentences = 987654 WHERE id = 1').run();
    other.close();
    const app = await buildServer(dossier, { webRoot: null });
    cleanups.push(async () => {
      await app.close();
      await dossier.close();
      await rm(dir, { recursive: true, force: true });
    });
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok', actors: 4321, sentences: 987654 });
  });
});
