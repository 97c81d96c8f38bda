// End-to-end checks of the pages issue 11 made readable on a phone: the entity page's mentions in
// pages of sentences, the audit log as a field-by-field diff, search facets folded under the
// results, the compare table's sticky actor column and the map's numbered key. Every page (signed
// in as an editor) at 1280×800 and 390×844: no console error, no horizontal overflow, axe nothing
// serious or critical; screenshots go to screenshots/pages-mobile-*.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import {
  availableBackends,
  axeProblems,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage,
  screenshotDir,
  signInThroughPage,
  startInstance,
  visit,
  type Instance,
} from './e2e-harness.js';

const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const pages = [
  { name: 'home', path: '/' },
  { name: 'entity-kabul', path: '/entities/kabul' },
  { name: 'entity-kabul-page-2', path: '/entities/kabul?page=2' },
  { name: 'audit', path: '/audit' },
  { name: 'compare', path: '/compare' },
  { name: 'search-kazakhstan', path: '/search?q=Kazakhstan' },
  // Every other page, signed in as an editor: the acceptance of issue 11 is every page at both widths.
  { name: 'actor-kazakhstan', path: '/actors/kazakhstan' },
  { name: 'changes-kazakhstan', path: '/actors/kazakhstan/changes' },
  { name: 'timeline', path: '/timeline' },
  { name: 'network', path: '/network' },
  { name: 'checks', path: '/checks' },
  { name: 'review', path: '/review' },
  { name: 'upload', path: '/upload' },
  { name: 'entity-taliban', path: '/entities/taliban' },
];

if (!hasChromium && inCi) {
  describe('pages on a phone', () => {
    it('needs Chromium', () => {
      throw new Error(
        `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the ` +
          `end-to-end tests`,
      );
    });
  });
} else if (!hasChromium) {
  describe.skip(`pages on a phone (skipped: ${chromiumPath} is missing)`, () => {
    it('needs Chromium', () => undefined);
  });
} else {
  const [backend] = await availableBackends();
  describe('pages on a phone', () => {
    let instance: Instance;
    let browser: BrowserContext;
    let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;

    beforeAll(async () => {
      instance = await startInstance(backend!);
      // One edit, so the audit log has a change to show field by field.
      const response = await fetch(`${instance.base}/api/entities/kabul`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${instance.people.editor.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ aliases: ['Kabol'] }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      launched = await launchBrowser();
      browser = launched.browser;
      mkdirSync(screenshotDir, { recursive: true });
    }, 180_000);

    afterAll(async () => {
      await launched?.dispose();
      await instance?.close();
    });

    it(
      'serves every page at both widths without console errors, ' + 'sideways overflow or serious axe violations',
      async () => {
        const problems: string[] = [];
        for (const viewport of viewports) {
          const { page, errors } = await openPage(browser, viewport);
          await signInThroughPage(page, instance.base, instance.people.editor.name);
          for (const { name, path: target } of pages) {
            errors.length = 0;
            await visit(page, instance.base + target);
            if (name === 'home') await page.waitForSelector('svg.map');
            await page.screenshot({
              path: path.join(screenshotDir, `pages-mobile-${name}-${viewport.width}.png`),
              fullPage: true,
            });
            problems.push(...errors.map((e) => `${target} @${viewport.width}: ${e}`));
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (overflow > 1)
              problems.push(`${target} @${viewport.width}: page is ${overflow}px wider than the viewport`);
            problems.push(...(await axeProblems(page)).map((p) => `${target} @${viewport.width}: ${p}`));
          }
          await page.close();
        }
        expect(problems).toEqual([]);
      },
      240_000,
    );

    it('shows the audit entry as the fields that changed, before → after, as a card on a phone', async () => {
      const { page, errors } = await openPage(browser, viewports[1]);
      await signInThroughPage(page, instance.base, instance.people.editor.name);
      await visit(page, `${instance.base}/audit?targetType=entity`);
      const item = page.locator('.audit-table .field-diff-item', { hasText: 'aliases' }).first();
      expect(await item.locator('ins').textContent()).toContain('Kabol');
      expect(await page.locator('.audit-table').textContent()).not.toContain('{"');
      expect(
        await page
          .locator('.audit-table td')
          .first()
          .evaluate((td) => getComputedStyle(td).display),
      ).toBe('block');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('pages the entity mentions by sentence, with the page in the URL', async () => {
      const { page, errors } = await openPage(browser, viewports[0]);
      await visit(page, `${instance.base}/entities/kabul`);
      const heading = (await page.locator('#mentions-h').textContent()) ?? '';
      const total = Number(/\((\d+) sentences?\)/.exec(heading)?.[1]);
      expect(total).toBeGreaterThan(0);
      const shown = await page.locator('.mention-group .sentence-list > li').count();
      expect(shown).toBe(Math.min(total, 50));
      // Past the last page: nothing shown, a way back to the first.
      await visit(page, `${instance.base}/entities/kabul?page=${Math.ceil(total / 50) + 1}`);
      expect(await page.locator('.mention-group').count()).toBe(0);
      await page.locator('#mentions-h ~ p a', { hasText: 'First page' }).click();
      await page.waitForURL((url) => url.pathname === '/entities/kabul' && url.search === '');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('folds search facets under the results on a phone and keeps the compare actor column in view', async () => {
      const { page, errors } = await openPage(browser, viewports[1]);
      await visit(page, `${instance.base}/search?q=Kazakhstan`);
      const panel = page.locator('details.facets-panel');
      expect(await panel.getAttribute('open')).toBeNull();
      const resultsBottom = await page.locator('section.results').evaluate((el) => el.getBoundingClientRect().bottom);
      expect(await panel.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(resultsBottom);
      await panel.locator('summary').click();
      expect(await page.locator('.facet-link').first().isVisible()).toBe(true);

      await visit(page, `${instance.base}/compare`);
      const region = page.locator('.compare-page .table-scroll');
      const before = await page
        .locator('tbody .actor-col')
        .first()
        .evaluate((el) => el.getBoundingClientRect().left);
      await region.evaluate((el) => el.scrollBy({ left: 300 }));
      expect(await region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      expect(
        await page
          .locator('tbody .actor-col')
          .first()
          .evaluate((el) => el.getBoundingClientRect().left),
      ).toBe(before);

      await visit(page, `${instance.base}/`);
      await page.waitForSelector('svg.map');
      expect(await page.locator('.map-key li').first().isVisible()).toBe(true);
      expect(await page.locator('.map-label-name').first().isVisible()).toBe(false);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
}
