// GET /api/events (a page of the timeline: `next`, a Link header, cursors refused when forged) and
// GET /api/events/years (items per year), over a real SQLite knowledge base: the seed profile and a source.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { Dossier, TimelinePageSchema, TimelineYearsSchema, type TimelineItem } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-api-events-'));
  dossier = await Dossier.open(path.join(workDir, 'api.db'));
  await dossier.ingestBytes(await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')), 'kazakhstan.txt');
  await dossier.ingestBytes(
    Buffer.from(
      [
        'Astana courts Kabul traders',
        '',
        'Published: 9 October 2022',
        'Source: Caspian Ledger',
        '',
        'Kazakhstan opened a trade house in Kabul on 5 October 2022, officials in Astana said.',
        '',
      ].join('\n'),
    ),
    'ledger.txt',
  );
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('GET /api/events', () => {
  it(
    'answers a page with `next` and a Link header to the ' + 'following one, until the whole timeline is walked',
    async () => {
      const whole = TimelinePageSchema.parse((await get('/api/events?limit=1000')).json());
      expect(whole.next).toBeNull();
      expect(whole.items.length).toBeGreaterThan(4);
      const seen: TimelineItem[] = [];
      let url: string | null = '/api/events?limit=3&actor=kazakhstan';
      let pages = 0;
      while (url && pages < 100) {
        const response = await get(url);
        expect(response.statusCode).toBe(200);
        const page = TimelinePageSchema.parse(response.json());
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items);
        const link = response.headers.link as string | undefined;
        if (page.next) {
          expect(link).toBe(`</api/events?limit=3&actor=kazakhstan&cursor=${page.next}>; rel="next"`);
          url = link!.slice(1, link!.indexOf('>'));
        } else {
          expect(link).toBeUndefined();
          url = null;
        }
        pages += 1;
      }
      expect(pages).toBeGreaterThan(1);
      expect(seen.map((item) => item.id)).toEqual(
        whole.items.filter((item) => item.actor === 'kazakhstan').map((item) => item.id),
      );
      // Earliest first, undated last.
      const keys = whole.items.map((item) => item.earliest ?? '~');
      expect(keys).toEqual([...keys].sort());
    },
  );

  it('keeps the items overlapping a date range, and answers 304 to a client that has the page', async () => {
    const response = await get('/api/events?from=2022&to=2022');
    const { items } = TimelinePageSchema.parse(response.json());
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.latest! >= '2022-01-01' && item.earliest! <= '2022-12-31')).toBe(true);
    expect(items.some((item) => item.documentKind === 'source' && item.publisher === 'Caspian Ledger')).toBe(true);
    expect(
      (await get('/api/events?from=2022&to=2022', { 'if-none-match': String(response.headers.etag) })).statusCode,
    ).toBe(304);
  });

  it('refuses a forged cursor, a limit out of range and a bad date with 400', async () => {
    for (const url of [
      '/api/events?cursor=nonsense',
      `/api/events?cursor=${Buffer.from('s:[1,2]').toString('base64url')}`,
      `/api/events?cursor=${Buffer.from('s:["2021-01-01",99999999999,0,1]').toString('base64url')}`,
      `/api/events?cursor=${Buffer.from('a:kazakhstan').toString('base64url')}`,
      '/api/events?limit=0',
      '/api/events?limit=1001',
      '/api/events?from=21',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(ErrorEnvelopeSchema.parse(response.json()).error.code, url).toBe('BAD_REQUEST');
    }
  });
});

describe('GET /api/events/years', () => {
  it('counts the items per year of their start and the undated ones, as the pages hold them', async () => {
    const response = await get('/api/events/years');
    expect(response.statusCode).toBe(200);
    const { years, undated } = TimelineYearsSchema.parse(response.json());
    const { items } = TimelinePageSchema.parse((await get('/api/events?limit=1000')).json());
    expect(years.reduce((sum, year) => sum + year.count, 0) + undated).toBe(items.length);
    expect(years.find((year) => year.year === 2022)?.count).toBe(
      items.filter((item) => item.earliest?.startsWith('2022')).length,
    );
    expect(years.map((year) => year.year)).toEqual([...years.map((year) => year.year)].sort((a, b) => a - b));
    const sources = TimelineYearsSchema.parse((await get('/api/events/years?documentKind=source')).json());
    expect(sources.years).toEqual([{ year: 2022, count: expect.any(Number) }]);
    expect((await get('/api/events/years?type=nonsense')).statusCode).toBe(400);
  });
});
