// First screen at scale: the home, compare, timeline and network pages of a knowledge base of a
// generated collection (bench/scale-corpus.mjs: realistic profiles and sources, 10,000 documents by
// default, DOSSIER_SCALE_E2E_DOCS to change it) must render their first screen in under 1 s in
// headless Chromium, and no request a page makes may answer more than 1 MB (issue 13). Each page
// is opened once to warm the server's caches for the current revision (the cold figure is
// printed), then three times in fresh browser contexts (nothing cached by the browser); the
// median of those three is what is held to 1 s. This file runs alone (`npm run test:scale`,
// vitest.scale.config.ts) so that the timings are not taken while other test files load the
// machine; it joins `npm test` once it passes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/index.js';
import { Dossier } from '../../core/index.js';
import { buildWeb, chromiumPath, hasChromium, inCi, root } from './e2e-harness.js';

const documents = Number(process.env.DOSSIER_SCALE_E2E_DOCS ?? 10_000);
const budgetMs = 1000;
const bodyBudget = 1024 * 1024;

/** The pages and the element whose presence shows their first screen. */
const firstScreens = [
  { name: 'home', path: '/', ready: '.home-page .cards li' },
  { name: 'compare', path: '/compare', ready: '.compare-page table tbody tr' },
  { name: 'timeline', path: '/timeline', ready: '.timeline-page .tl-items li' },
  { name: 'network', path: '/network', ready: '.network-page [data-state="ready"]' },
];

interface CorpusModule {
  createCorpus(options: { seed: number }): { documentAt(index: number): { name: string; text: string } };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let scratch = '';
let dossier: Dossier | null = null;
let app: FastifyInstance | null = null;
let browser: Browser | null = null;
let base = '';

const canRun = hasChromium || inCi;

describe.skipIf(!canRun)(`first screen with ${documents} documents`, () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error(`Chromium is required under CI=true (${chromiumPath})`);
    scratch = mkdtempSync(path.join(os.tmpdir(), 'dossier-first-screen-'));
    const folder = path.join(scratch, 'corpus');
    mkdirSync(folder);
    // A data generator shared with the scale benchmark; imported by path (a .mjs outside src/).
    const generator = pathToFileURL(path.join(root, 'bench', 'scale-corpus.mjs')).href;
    const { createCorpus } = (await import(generator)) as CorpusModule;
    const corpus = createCorpus({ seed: 7 });
    const files: string[] = [];
    for (let index = 0; index < documents; index++) {
      const document = corpus.documentAt(index);
      const file = path.join(folder, document.name);
      writeFileSync(file, document.text);
      files.push(file);
    }
    dossier = await Dossier.open(path.join(scratch, 'kb.db'));
    for (let start = 0; start < files.length; start += 1000) {
      const report = await dossier.ingestFiles(files.slice(start, start + 1000), { relativeTo: folder });
      expect(report.refused).toBe(0);
    }
    app = await buildServer(dossier, { webRoot: await buildWeb() });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 3_600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dossier?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** One visit in a fresh browser context: milliseconds to the first screen and the largest body. */
  async function visit(pathname: string, ready: string): Promise<{ ms: number; largest: string; bytes: number }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let largest = '';
    let bytes = 0;
    page.on('response', (response) => {
      void response.body().then(
        (body) => {
          if (body.length > bytes) [bytes, largest] = [body.length, response.url()];
        },
        () => undefined,
      );
    });
    const started = performance.now();
    await page.goto(base + pathname, { waitUntil: 'commit' });
    await page.waitForSelector(`main:not([aria-busy="true"]) ${ready}`, { timeout: 120_000 });
    const ms = performance.now() - started;
    // The answers of the page's later requests (e.g. the download menu's) count for the body budget too.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    await context.close();
    expect(errors).toEqual([]);
    return { ms, largest, bytes };
  }

  for (const screen of firstScreens) {
    it(`${screen.name}: first screen under ${budgetMs} ms, every answer under 1 MB`, async () => {
      const cold = await visit(screen.path, screen.ready);
      const warm = [];
      for (let run = 0; run < 3; run++) warm.push(await visit(screen.path, screen.ready));
      const ms = median(warm.map((v) => v.ms));
      const largest = [cold, ...warm].reduce((a, b) => (b.bytes > a.bytes ? b : a));
      process.stdout.write(
        `first screen ${screen.name} at ${documents} documents: cold ${cold.ms.toFixed(0)} ms, ` +
          `median ${ms.toFixed(0)} ms; largest answer ${largest.bytes} B (${largest.largest})\n`,
      );
      expect(largest.bytes).toBeLessThan(bodyBudget);
      expect(ms).toBeLessThan(budgetMs);
    }, 1_800_000);
  }
});
