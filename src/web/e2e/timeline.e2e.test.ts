// End-to-end tests of the timeline and of long search queries, on the bundled collection
// (examples/ and the Kazakhstan seed) served by the real API server and driven by Debian's
// Chromium: at 1280×800 and 390×844 the timeline loads without a console error, without
// horizontal overflow or a serious axe violation, and shorter than 6,000 px (years fold past a
// screenful; 7,500 px on a phone); its date range is set by keyboard on the overview's brush and kept in the URL; an
// overview dot opens its folded item; a 2,000-character search is refused inline, not as a page.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
// The test starts the real server in-process; the UI code itself still talks to the API only.
import { Dossier } from '../../core/index.js';
import { buildServer } from '../../api/index.js';
import {
  axeProblems,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage as openHarnessPage,
  root,
  screenshotDir,
  visit as visitUrl,
} from './e2e-harness.js';

const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

if (!hasChromium && inCi) {
  describe('timeline end to end', () => {
    it('needs Chromium', () => {
      throw new Error(
        `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the ` +
          `end-to-end tests`,
      );
    });
  });
} else if (!hasChromium) {
  describe.skip(`timeline end to end (skipped: ${chromiumPath} is missing; apt-get install -y chromium)`, () => {
    it('needs Chromium', () => undefined);
  });
} else {
  describe('timeline end to end', () => {
    let work: string;
    let dossier: Dossier;
    let app: FastifyInstance;
    let browser: BrowserContext;
    let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    let base: string;

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'dossier-timeline-e2e-'));
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
    const yearsShown = (page: Page) => page.locator('.tl-year-label').allTextContents();

    it(
      'fits the bundled collection in under 6,000 px (7,500 on a phone), without console errors, overflow or ' +
        'serious axe violations',
      async () => {
        const problems: string[] = [];
        for (const viewport of viewports) {
          const { page, errors } = await openPage(viewport);
          await visit(page, '/timeline');
          await page.waitForSelector('.tl-range .tl-handle');
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          // 6,000 px by default; a phone's narrow column wraps every headline, so it gets 7,500.
          const limit = viewport.width === 1280 ? 6000 : 7500;
          console.info(`timeline @${viewport.width}: ${height}px`);
          if (height >= limit) problems.push(`@${viewport.width}: the page is ${height}px long (limit ${limit})`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) problems.push(`@${viewport.width}: the page is ${overflow}px wider than the viewport`);
          // Years run earliest first, "Undated" last, and a crowded year folds behind "Show N more".
          const years = await yearsShown(page);
          expect(years.at(-1)).toBe('Undated');
          expect(years.slice(0, -1)).toEqual([...years.slice(0, -1)].sort());
          expect(await page.locator('.tl-year[data-year="2021"] .tl-more').textContent()).toMatch(/^Show \d+ more$/);
          expect(await page.locator('.tl-more', { hasText: /^Show 1 more$/ }).count()).toBe(0);
          await page.screenshot({
            path: path.join(screenshotDir, `timeline-range-${viewport.width}.png`),
            fullPage: false,
          });
          await page.screenshot({
            path: path.join(screenshotDir, `timeline-full-${viewport.width}.png`),
            fullPage: true,
          });
          problems.push(...(await axeProblems(page)).map((p) => `@${viewport.width}: ${p}`));
          problems.push(...errors.map((e) => `@${viewport.width}: ${e}`));
          if (viewport.width === 1280) {
            // The README's picture: a narrowed range, with a folded year.
            await visit(page, '/timeline?from=2021&to=2023');
            await page.screenshot({ path: path.join(screenshotDir, 'timeline-2021-2023-1280.png'), fullPage: false });
            copyFileSync(
              path.join(screenshotDir, 'timeline-2021-2023-1280.png'),
              path.join(root, 'docs', 'images', 'timeline.png'),
            );
          }
          await page.close();
        }
        expect(problems).toEqual([]);
      },
      120_000,
    );

    it('shows the refused long search inline (screenshot)', async () => {
      const { page } = await openPage(viewports[1]);
      await visit(page, `/search?q=${encodeURIComponent('x'.repeat(2000))}`);
      await page.screenshot({ path: path.join(screenshotDir, 'search-too-long-390.png'), fullPage: false });
      expect(await page.locator('.search-refused').isVisible()).toBe(true);
      await page.close();
    });

    it('writes event headlines from the parties and the type', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/timeline?actor=kazakhstan');
      const visit2021 = page.locator('.tl-item', { hasText: 'Oct 2021' }).filter({ hasText: 'Kabul' }).first();
      expect(await visit2021.locator('.tl-headline').textContent()).toMatch(/ visited Kabul$/);
      expect(await page.locator('.tl-headline', { hasText: /^Visit by / }).count()).toBe(0);
      // A dated sentence that is no event is a "Dated statement"; an event of the statement type is a "Statement",
      // so the badges agree with the summary, which counts the two apart.
      const badges = (kind: string) => page.locator(`.tl-${kind} .tl-meta .badge`).allTextContents();
      expect(new Set(await badges('statement'))).toEqual(new Set(['Dated statement']));
      expect(await badges('event')).not.toContain('Dated statement');
      expect(errors).toEqual([]);
      await page.close();
    });

    for (const viewport of viewports) {
      it(
        `narrows the range by keyboard on the overview's handles ` + `and keeps it in the URL at ${viewport.width}px`,
        async () => {
          const { page, errors } = await openPage(viewport);
          await visit(page, '/timeline');
          const fromHandle = page.locator('.tl-handle-from');
          const toHandle = page.locator('.tl-handle-to');
          const first = Number(await fromHandle.getAttribute('aria-valuemin'));
          const last = Number(await toHandle.getAttribute('aria-valuemax'));
          await fromHandle.focus();
          await page.keyboard.press('End'); // from the latest year…
          for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft'); // …back three years
          expect(await fromHandle.getAttribute('aria-valuenow')).toBe(String(last - 3));
          await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(String(last - 3));
          await toHandle.focus();
          await page.keyboard.press('ArrowDown');
          await expect.poll(() => new URL(page.url()).searchParams.get('to')).toBe(String(last - 1));
          // The list loads the range from the API: it follows the handles once the page arrives.
          await expect.poll(() => yearsShown(page)).toEqual([String(last - 3), String(last - 2), String(last - 1)]);
          await expect
            .poll(() => page.locator('.result-summary').textContent())
            .toContain(`from ${last - 3} to ${last - 1}`);
          expect(await page.locator('input[name="from"]').inputValue()).toBe(String(last - 3));
          // The focus stays on the handle; the handles never cross.
          expect(await toHandle.evaluate((el) => el === document.activeElement)).toBe(true);
          for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
          expect(await toHandle.getAttribute('aria-valuenow')).toBe(String(last - 3));
          await expect.poll(() => yearsShown(page)).toEqual([String(last - 3)]);
          // A reload keeps the range; "All dates" clears it.
          await page.reload({ waitUntil: 'networkidle' });
          await page.waitForSelector('.tl-handle-from');
          expect(await yearsShown(page)).toEqual([String(last - 3)]);
          await page.locator('button.tl-clear').click();
          expect(new URL(page.url()).searchParams.has('from')).toBe(false);
          expect(await fromHandle.getAttribute('aria-valuenow')).toBe(String(first));
          await expect.poll(async () => (await yearsShown(page)).at(-1)).toBe('Undated');
          // Typed dates: a year and a month.
          await page.fill('input[name="from"]', '2022-03');
          await page.fill('input[name="to"]', '2023');
          await page.press('input[name="to"]', 'Enter');
          await expect.poll(() => yearsShown(page)).toEqual(['2022', '2023']);
          expect(new URL(page.url()).search).toBe('?from=2022-03&to=2023');
          expect(errors).toEqual([]);
          await page.close();
        },
        60_000,
      );
    }

    it('scrolls to and focuses the item of an overview dot, unfolding its year', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/timeline');
      const folded = page.locator('.tl-year[data-year="2021"] .tl-item[hidden]').last();
      const id = await folded.getAttribute('id');
      expect(id).toBeTruthy();
      const index = await page.evaluate(
        (itemId) => [...document.querySelectorAll('.tl-year .tl-item')].findIndex((el) => el.id === itemId),
        id,
      );
      // Dots are drawn in the order of the dated items, as the list is.
      await page.locator('.tl-overview .tl-dot').nth(index).dispatchEvent('click');
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.tl-item')?.id)).toBe(id);
      expect(await page.locator(`#${id}`).isVisible()).toBe(true);
      expect(await page.locator('.tl-year[data-year="2021"] .tl-more').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('refuses a 2,000-character search inline and caps the search box at 500 characters', async () => {
      const { page, errors } = await openPage();
      const q = 'border security '.repeat(125);
      await visit(page, `/search?q=${encodeURIComponent(q)}`);
      expect(await page.title()).not.toMatch(/^Error/);
      expect(await page.locator('.search-refused').textContent()).toContain('the query is over 1,000 characters');
      const box = page.locator('#search-q');
      expect(await box.getAttribute('maxlength')).toBe('500');
      await box.fill('');
      await box.pressSequentially('w'.repeat(520), { delay: 0 });
      expect((await box.inputValue()).length).toBe(500);
      // The browser logs the refused request itself; the page adds no error of its own.
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      await page.close();
    });
  });
}
