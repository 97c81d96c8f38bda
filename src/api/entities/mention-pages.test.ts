// Entity mention pages: counted in sentences (two mentions in one sentence stay together), in
// page order (profiles, then sources newest first), and walking `next` returns every mention once; keyset pages
// of mentions (?limit= with ?cursor=, `next`, a Link header) walk to the whole listing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';
import { backends, populate } from '../test-support/security-fixture.js';
import { pageMentions, type PageableMention } from './mention-pages.js';

const mention = (
  actor: string,
  start: number,
  sentenceStart: number | null,
  kind: 'profile' | 'source' = 'profile',
  published: string | null = null,
): PageableMention => ({
  actor,
  kind,
  published,
  version: 1,
  start,
  sentence: sentenceStart === null ? null : { start: sentenceStart },
});

describe('pageMentions', () => {
  const mentions = [
    mention('harbour-report', 40, 30, 'source', '2019-03'),
    mention('mongolia', 10, 0),
    mention('mongolia', 22, 0), // same sentence as the one before
    mention('mongolia', 90, 80),
    mention('steppe-weekly', 5, 0, 'source', '2024-11-02'),
    mention('undated-wire', 7, 0, 'source', null),
    mention('mongolia', 2, null), // in the title: a "sentence" of its own
  ];

  it('counts sentences, not mentions, and keeps a sentence on one page', () => {
    const first = pageMentions(mentions, 0, 2);
    expect(first.page).toEqual({ offset: 0, limit: 2, sentences: 6, next: 2 });
    expect(first.mentions.map((m) => [m.actor, m.start])).toEqual([
      ['mongolia', 2],
      ['mongolia', 10],
      ['mongolia', 22],
    ]);
  });

  it('orders profiles first, then sources newest first, undated sources last', () => {
    const all = pageMentions(mentions, 0, 100).mentions.map((m) => m.actor);
    expect(all).toEqual([
      'mongolia',
      'mongolia',
      'mongolia',
      'mongolia',
      'steppe-weekly',
      'harbour-report',
      'undated-wire',
    ]);
  });

  it('ends with next: null and an empty page past the end', () => {
    expect(pageMentions(mentions, 4, 2).page.next).toBeNull();
    expect(pageMentions(mentions, 40, 2)).toEqual({
      mentions: [],
      page: { offset: 40, limit: 2, sentences: 6, next: null },
    });
  });
});

const [sqlite] = await backends();

describe('GET /api/entities/:id?limit=&offset= and ?cursor=', () => {
  let dossier: Dossier;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ dossier, dispose } = await sqlite!.open());
    await populate(dossier);
    app = await buildServer(dossier, { webRoot: null });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('pages through every mention exactly once, counted in sentences with an offset', async () => {
    const whole = (await app.inject('/api/entities/kabul')).json() as {
      mentions: { actor: string; start: number }[];
      page?: unknown;
    };
    expect(whole.page).toBeUndefined();
    expect(whole.mentions.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null && pages < 100) {
      const response = await app.inject(`/api/entities/kabul?limit=1&offset=${offset}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as {
        mentions: { actor: string; start: number }[];
        page: { sentences: number; next: number | null };
      };
      expect(body.mentions.length).toBeGreaterThan(0);
      seen.push(...body.mentions.map((m) => `${m.actor}:${m.start}`));
      offset = body.page.next;
      pages += 1;
    }
    expect(seen.sort()).toEqual(whole.mentions.map((m) => `${m.actor}:${m.start}`).sort());
  });

  it('answers keyset pages of mentions with `next` and a Link header, walking to the whole listing', async () => {
    const whole = (await app.inject('/api/entities/kabul')).json() as { mentions: unknown[]; next: string | null };
    expect(whole.next).toBeNull();
    const seen: unknown[] = [];
    let url: string | null = '/api/entities/kabul?limit=1';
    while (url) {
      const response = await app.inject(url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { mentions: unknown[]; next: string | null; page?: unknown };
      expect(body.page).toBeUndefined();
      expect(body.mentions.length).toBeLessThanOrEqual(1);
      seen.push(...body.mentions);
      const link = response.headers.link as string | undefined;
      expect(link !== undefined).toBe(body.next !== null);
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    }
    expect(seen).toEqual(whole.mentions);
    expect((await app.inject('/api/entities/kabul?cursor=nonsense')).statusCode).toBe(400);
  });

  it('refuses a limit out of range with a 400', async () => {
    expect((await app.inject('/api/entities/kabul?limit=0')).statusCode).toBe(400);
    expect((await app.inject('/api/entities/kabul?limit=abc')).statusCode).toBe(400);
  });
});
