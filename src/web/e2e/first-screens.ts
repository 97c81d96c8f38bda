// Shared by the first-screen tests (first-screen.e2e.test.ts in `npm test`, first-screen.scale.test.ts
// in `npm run test:scale`): a knowledge base of a generated collection (bench/scale-corpus.mjs:
// realistic profiles and sources recombined from the examples' sentences, deterministic for a seed),
// served with the web UI, and one visit of a page in a fresh browser context that times its first
// screen and records the size of every API answer the page receives, and how each built asset came
// (its encoding and caching) and which of them the page had asked for by its first screen.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/index.js';
import { Dossier } from '../../core/index.js';
import { buildWeb, root } from './e2e-harness.js';

/** The pages held to the first-screen budget and the element whose presence shows their first screen. */
export const firstScreens = [
  { name: 'home', path: '/', ready: '.home-page .cards li' },
  { name: 'compare', path: '/compare', ready: '.compare-page table tbody tr' },
  { name: 'timeline', path: '/timeline', ready: '.timeline-page .tl-items li' },
  { name: 'network', path: '/network', ready: '.network-page [data-first-frame="drawn"]' },
] as const;

interface CorpusModule {
  createCorpus(options: { seed: number }): { documentAt(index: number): { name: string; text: string } };
}

export interface GeneratedInstance {
  base: string;
  close(): Promise<void>;
}

/** A knowledge base of `documents` generated documents (ingested 500 at a time) served with the web UI. */
export async function serveGeneratedCollection(documents: number, seed = 7): Promise<GeneratedInstance> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dossier-first-screen-'));
  let dossier: Dossier | null = null;
  let app: FastifyInstance | null = null;
  const close = async () => {
    await app?.close();
    await dossier?.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const folder = path.join(scratch, 'corpus');
    mkdirSync(folder);
    // The generator shared with the scale benchmark, imported by path (a plain .mjs outside src/).
    const generator = pathToFileURL(path.join(root, 'bench', 'scale-corpus.mjs')).href;
    const { createCorpus } = (await import(generator)) as CorpusModule;
    const corpus = createCorpus({ seed });
    const files: string[] = [];
    for (let index = 0; index < documents; index++) {
      const document = corpus.documentAt(index);
      const file = path.join(folder, document.name);
      writeFileSync(file, document.text);
      files.push(file);
    }
    dossier = await Dossier.open(path.join(scratch, 'kb.db'));
    for (let start = 0; start < files.length; start += 500) {
      const report = await dossier.ingestFiles(files.slice(start, start + 500), { relativeTo: folder });
      if (report.refused > 0) throw new Error(`${report.refused} generated documents were refused`);
    }
    app = await buildServer(dossier, { webRoot: await buildWeb() });
    return { base: await app.listen({ host: '127.0.0.1', port: 0 }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The knowledge base of an existing SQLite database (a bench database such as a 100k `bench/scale.mjs` run) served
 * with the web UI. The database is copied first, with its -wal and -shm files when present, into a scratch folder
 * removed on close: the original is never opened, so it is never written to (opening runs migrations).
 */
export async function serveCopiedDatabase(database: string): Promise<GeneratedInstance> {
  if (!existsSync(database)) throw new Error(`no database at ${database}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dossier-first-screen-'));
  let dossier: Dossier | null = null;
  let app: FastifyInstance | null = null;
  const close = async () => {
    await app?.close();
    await dossier?.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const copy = path.join(scratch, 'kb.db');
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(database + suffix)) copyFileSync(database + suffix, copy + suffix);
    dossier = await Dossier.open(copy);
    app = await buildServer(dossier, { webRoot: await buildWeb() });
    return { base: await app.listen({ host: '127.0.0.1', port: 0 }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * What one visit saw: milliseconds to the first screen, every API answer (decoded bytes), the API requests answered
 * before the first screen showed, uncaught errors.
 */
export interface FirstScreenVisit {
  ms: number;
  answers: { url: string; bytes: number }[];
  beforeFirstScreen: string[];
  /** The built assets received: path, Content-Encoding, Content-Length, Cache-Control, Vary. */
  assets: {
    url: string;
    encoding: string | null;
    length: string | null;
    cacheControl: string | null;
    vary: string | null;
  }[];
  /** The built scripts asked for by the time the first screen showed (their paths). */
  scriptsBeforeFirstScreen: string[];
  /** When each request made by the first screen started and ended (ms since the navigation: Resource Timing). */
  timings: { url: string; start: number; end: number }[];
  errors: string[];
}

/** How a visit is made: `holdCode` delays the answers whose URL matches `pattern` by `ms` (a slow network). */
export interface FirstScreenOptions {
  holdCode?: { pattern: RegExp; ms: number };
}

/**
 * Opens `pathname` in a fresh browser context (nothing cached) and waits for its first screen: the router's `main`
 * no longer busy and `ready` shown. The answers of the page's later requests (the rest of a page, the download
 * menu's formats) are recorded too, until the network is idle.
 */
export async function visitFirstScreen(
  browser: Browser,
  base: string,
  pathname: string,
  ready: string,
  options: FirstScreenOptions = {},
): Promise<FirstScreenVisit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const held = options.holdCode;
  if (held) {
    await page.route(held.pattern, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, held.ms));
      await route.continue();
    });
  }
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const answers: { url: string; bytes: number }[] = [];
  const reading: Promise<void>[] = [];
  const assets: FirstScreenVisit['assets'] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/assets/')) {
      const headers = response.headers();
      assets.push({
        url: url.pathname,
        encoding: headers['content-encoding'] ?? null,
        length: headers['content-length'] ?? null,
        cacheControl: headers['cache-control'] ?? null,
        vary: headers.vary ?? null,
      });
    }
    if (!url.pathname.startsWith('/api/')) return;
    reading.push(
      response.body().then(
        (body) => void answers.push({ url: url.pathname + url.search, bytes: body.length }),
        () => undefined,
      ),
    );
  });
  const started = performance.now();
  await page.goto(base + pathname, { waitUntil: 'commit' });
  // The API requests answered by the time the first screen shows, read in the page at that moment.
  const early = await page.waitForFunction(
    (selector) =>
      document.querySelector(selector)
        ? (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((entry) => {
            const url = new URL(entry.name);
            return { url: url.pathname + url.search, start: entry.startTime, end: entry.responseEnd };
          })
        : null,
    `main:not([aria-busy="true"]) ${ready}`,
    { timeout: 120_000, polling: 'raf' },
  );
  const ms = performance.now() - started;
  const timings = (await early.jsonValue()) as FirstScreenVisit['timings'];
  const requested = timings.map((timing) => timing.url);
  const beforeFirstScreen = requested.filter((url) => url.startsWith('/api/'));
  const scriptsBeforeFirstScreen = requested.filter((url) => url.startsWith('/assets/') && url.endsWith('.js'));
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  await Promise.all(reading);
  await context.close();
  return { ms, answers, beforeFirstScreen, assets, scriptsBeforeFirstScreen, timings, errors };
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
