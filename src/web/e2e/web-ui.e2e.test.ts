// End-to-end tests of the web UI: the UI is built with Vite into a temp folder, served by the real
// API server (in-process, 127.0.0.1, random port) over a temp SQLite database holding examples/
// and the Kazakhstan seed, and driven by Debian's Chromium through playwright-core. Every page
// must load without a console error and without a serious or critical axe-core violation;
// screenshots of every page at 1280×800 and 390×844 go to screenshots/.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
// The test starts the real server in-process; the UI code itself still talks to the API only.
import { Dossier } from '../../core/index.js';
import { buildServer } from '../../api/index.js';
import {
  axePath,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage as openHarnessPage,
  root,
  screenshotDir,
  settled,
  visit as visitUrl,
} from './e2e-harness.js';

const pages = [
  { name: 'home', path: '/' },
  { name: 'actor-kazakhstan', path: '/actors/kazakhstan' },
  { name: 'entity-astana', path: '/entities/astana' },
  { name: 'compare', path: '/compare' },
  { name: 'network', path: '/network' },
  { name: 'timeline', path: '/timeline' },
  { name: 'search-wheat', path: '/search?q=wheat' },
];
const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

if (!hasChromium && inCi) {
  describe('web UI end to end', () => {
    it('needs Chromium', () => {
      throw new Error(
        `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the ` +
          `end-to-end tests`,
      );
    });
  });
} else if (!hasChromium) {
  describe.skip(`web UI end to end (skipped: ${chromiumPath} is missing; apt-get install -y chromium)`, () => {
    it('needs Chromium', () => undefined);
  });
} else {
  describe('web UI end to end', () => {
    let work: string;
    let dossier: Dossier;
    let app: FastifyInstance;
    let browser: BrowserContext;
    let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    let base: string;

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'dossier-e2e-'));
      const webRoot = path.join(work, 'web');
      await build({
        configFile: path.join(root, 'src', 'web', 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: webRoot, emptyOutDir: true },
      });
      dossier = await Dossier.open(path.join(work, 'dossier.db'));
      const examples = readdirSync(path.join(root, 'examples'))
        .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
        .map((file) => path.join(root, 'examples', file));
      const report = await dossier.ingestFiles([...examples, path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')], {
        relativeTo: root,
      });
      expect(
        report.refused,
        report.results
          .map((r) => r.error?.describe())
          .filter(Boolean)
          .join('\n'),
      ).toBe(0);
      app = await buildServer(dossier, { webRoot });
      base = await app.listen({ host: '127.0.0.1', port: 0 });
      launched = await launchBrowser();
      browser = launched.browser;
      mkdirSync(screenshotDir, { recursive: true });
    }, 180_000);

    afterAll(async () => {
      await launched?.dispose();
      await app?.close();
      await dossier?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    const openPage = (viewport = viewports[0]!) => openHarnessPage(browser, viewport);
    const visit = (page: Page, target: string) => visitUrl(page, base + target);

    it(
      'serves every page without console errors, without ' + 'serious accessibility violations, at both widths',
      async () => {
        const problems: string[] = [];
        for (const viewport of viewports) {
          const { page, errors } = await openPage(viewport);
          for (const { name, path: target } of pages) {
            errors.length = 0;
            await visit(page, target);
            if (name === 'home') await page.waitForSelector('svg.map');
            if (name === 'network') await page.waitForSelector('.graph-canvas canvas');
            await page.waitForTimeout(200);
            await page.screenshot({ path: path.join(screenshotDir, `${name}-${viewport.width}.png`), fullPage: false });
            const title = await page.title();
            if (/^(Error|Not found)/.test(title)) problems.push(`${target}: page shows "${title}"`);
            problems.push(...errors.map((e) => `${target} @${viewport.width}: ${e}`));
            if (viewport.width === 1280) {
              await page.addScriptTag({ path: axePath });
              const violations = await page.evaluate(async () => {
                const axe = (
                  window as unknown as {
                    axe: {
                      run: (
                        context: Document,
                        options: object,
                      ) => Promise<{
                        violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
                      }>;
                    };
                  }
                ).axe;
                const result = await axe.run(document, { resultTypes: ['violations'] });
                return result.violations.map((v) => ({
                  id: v.id,
                  impact: v.impact,
                  help: v.help,
                  targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
                }));
              });
              for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
                problems.push(`${target}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
              }
            }
          }
          // Nothing overflows the narrow viewport sideways (tables scroll inside their own region).
          if (viewport.width === 390) {
            for (const { path: target } of pages) {
              await visit(page, target);
              const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
              if (overflow > 1) problems.push(`${target} @390: page is ${overflow}px wider than the viewport`);
            }
          }
          await page.close();
        }
        expect(problems).toEqual([]);
      },
      240_000,
    );

    it('follows a highlighted "Astana" on the Kazakhstan page to the Astana entity and its mentions', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/actors/kazakhstan');
      // Relation labels come from the served phrase table: "does not border", never "does not borders".
      expect(await page.locator('.relation-list .predicate.is-negated').allTextContents()).toContain('does not border');
      const astana = page.locator('article.doc a.m', { hasText: /^Astana$/ }).first();
      await astana.focus();
      await expect.poll(() => page.locator('#mention-tip').textContent()).toContain('Astana');
      await astana.click();
      await page.waitForURL(/\/entities\/[^/]+$/);
      await settled(page);
      expect(await page.locator('main h1').textContent()).toBe('Astana');
      const mentions = page.locator('.mention-group .sentence mark', { hasText: 'Astana' });
      expect(await mentions.count()).toBeGreaterThan(0);
      expect(await page.locator('.mention-group h3 a', { hasText: 'Kazakhstan' }).count()).toBe(1);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('shows rank 1 for security on the Kazakhstan row of the compare matrix and opens its evidence', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/compare');
      const row = page.locator('table.matrix tbody tr', { has: page.locator('th a', { hasText: /^Kazakhstan$/ }) });
      const cell = row.locator('td[data-theme="security"] button');
      expect((await cell.textContent())?.trim()).toBe('1');
      await cell.click();
      const dialog = page.locator('dialog.evidence-dialog');
      await dialog.waitFor({ state: 'visible' });
      expect(await dialog.textContent()).toContain('Spillover of Insecurity');
      await page.keyboard.press('Escape');
      // Sorting by security puts the actors ranking it first at the top.
      await page.locator('th a.sort-link', { hasText: 'Security' }).click();
      await page.waitForURL(/sort=security/);
      await settled(page);
      await page.waitForSelector('th[aria-sort="ascending"]');
      expect(
        (
          await page.locator('table.matrix tbody tr').first().locator('td[data-theme="security"] button').textContent()
        )?.trim(),
      ).toBe('1');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('finds the seed’s wheat sentences with "wheat" highlighted and an actor facet', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/search');
      await page.fill('#search-q', 'wheat');
      await page.press('#search-q', 'Enter');
      await page.waitForURL(/\/search\?q=wheat/);
      await settled(page);
      await page.waitForSelector('.hit');
      const kazakhHits = page.locator('.hit', { has: page.locator('.hit-actor a', { hasText: /^Kazakhstan$/ }) });
      expect(await kazakhHits.count()).toBeGreaterThanOrEqual(2);
      const snippets = await kazakhHits.locator('.snippet').allTextContents();
      expect(snippets.some((s) => s.includes('Kazakhstan continued to supply the country with wheat'))).toBe(true);
      const marks = await page.locator('.snippet mark').allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.every((m) => m.toLowerCase() === 'wheat')).toBe(true);
      const facet = page
        .locator('.facet', { has: page.locator('h2', { hasText: 'Actor' }) })
        .locator('a', { hasText: 'Kazakhstan' });
      expect(await facet.count()).toBe(1);
      await facet.click();
      await page.waitForURL(/actor=kazakhstan/);
      await settled(page);
      await page.waitForSelector('.facet-link.is-selected');
      expect(await page.locator('.hit-actor a').allTextContents()).toEqual(expect.arrayContaining(['Kazakhstan']));
      expect(new Set(await page.locator('.hit-actor a').allTextContents())).toEqual(new Set(['Kazakhstan']));
      expect(errors).toEqual([]);
      await page.close();
    });

    it('shows the October 2021 visit to Kabul on the timeline and opens its evidence', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/timeline?actor=kazakhstan');
      const item = page.locator('.tl-item', { hasText: 'Oct 2021' }).filter({ hasText: 'Kabul' }).first();
      expect(await item.count()).toBe(1);
      await item.locator('button.tl-toggle').click();
      const evidence = item.locator('.tl-evidence');
      await evidence.waitFor({ state: 'visible' });
      expect(await evidence.textContent()).toContain('working group to Kabul in mid-October 2021');
      await evidence.locator('a').click();
      await page.waitForURL(/\/actors\/kazakhstan.*#s-\d+$/);
      await settled(page);
      await page.waitForSelector('.s.is-target');
      expect(await page.locator('.s.is-target').textContent()).toContain('Kabul');
      expect(errors).toEqual([]);
      await page.close();
    });

    it("runs every page under the server's real Content-Security-Policy (no bypass) without a violation", async () => {
      // The other tests bypass CSP to inject axe-core; this one keeps it, as a reader's browser does.
      const plain = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-quic',
          '--no-first-run',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const page = await plain.newPage({ bypassCSP: false, viewport: viewports[0]! });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || /content security policy/i.test(message.text()))
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      for (const { path: target } of pages) {
        await visit(page, target);
        const csp =
          (await page.request.get(base + target, { headers: { accept: 'text/html' } })).headers()[
            'content-security-policy'
          ] ?? '';
        expect(csp, target).toMatch(/script-src 'self' 'nonce-/);
      }
      expect(problems).toEqual([]);
      await plain.close();
    });
  });
}
