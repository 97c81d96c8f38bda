// End-to-end tests of the "Download" menu: the real server (in-process, 127.0.0.1) over a temp
// SQLite knowledge base holding examples/ and the Kazakhstan seed, the UI built with Vite, driven
// by Debian's Chromium through playwright-core. The menu opens and closes with the keyboard, lists
// exactly the formats GET /api/export names (grouped; narrowed to what each page shows), a link
// downloads a real file through the browser, and the open menu has no console error and no
// serious axe-core violation. Under CI=true a missing Chromium fails the tests.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
// The test starts the real server in-process; the UI code itself still talks to the API only.
import { Dossier } from '../../core/index.js';
import { buildServer } from '../../api/index.js';
import {
  axeProblems,
  buildWeb,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage,
  root,
  screenshotDir,
  visit as visitUrl,
} from './e2e-harness.js';

interface Format {
  name: string;
  description: string;
  mediaType: string;
  extension: string;
  scoped: boolean;
}
interface MenuItem {
  group: string;
  name: string;
  href: string;
  download: boolean;
  text: string;
}

const groupOf: Record<string, string> = {
  json: 'Data',
  ndjson: 'Data',
  csv: 'Data',
  xlsx: 'Data',
  sqlite: 'Data',
  gexf: 'Network',
  graphml: 'Network',
  kumu: 'Network',
  ftm: 'Linked data',
  jsonld: 'Linked data',
  markdown: 'Report',
  pdf: 'Report',
};

if (!hasChromium && inCi) {
  describe('download menu end to end', () => {
    it('needs Chromium', () => {
      throw new Error(
        `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the ` +
          `end-to-end tests`,
      );
    });
  });
} else if (!hasChromium) {
  describe.skip(`download menu end to end (skipped: ${chromiumPath} is missing; apt-get install -y chromium)`, () => {
    it('needs Chromium', () => undefined);
  });
} else {
  describe('download menu end to end', () => {
    let work: string;
    let dossier: Dossier;
    let app: FastifyInstance;
    let browser: BrowserContext;
    let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    let base: string;
    let formats: Format[];

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'dossier-e2e-download-'));
      const webRoot = await buildWeb();
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
      formats = ((await (await fetch(`${base}/api/export`)).json()) as { formats: Format[] }).formats;
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

    const visit = (page: Page, target: string) => visitUrl(page, base + target);
    const names = (list: { name: string }[]) => list.map((f) => f.name).sort();

    /** Opens the page's Download menu from the keyboard (focus, Enter) and reads its items. */
    async function openMenuWithKeyboard(page: Page): Promise<MenuItem[]> {
      const button = page.locator('.download-button');
      await button.focus();
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
      await page.keyboard.press('Enter');
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
      const panelId = (await button.getAttribute('aria-controls'))!;
      await page.locator(`#${panelId} a.download-item`).first().waitFor({ state: 'visible' });
      return page.locator(`#${panelId} .download-group`).evaluateAll((groups) =>
        groups.flatMap((group) => {
          const title = group.querySelector('.download-group-title')?.textContent ?? '';
          return [...group.querySelectorAll('a.download-item')].map((a) => ({
            group: title,
            name: a.querySelector('.download-name')?.textContent ?? '',
            href: a.getAttribute('href') ?? '',
            download: a.hasAttribute('download'),
            text: a.textContent ?? '',
          }));
        }),
      );
    }

    /** Every item is a download link of a listed format, in its group, showing its description and extension. */
    function expectWellFormed(items: MenuItem[]): void {
      for (const item of items) {
        const format = formats.find((f) => f.name === item.name);
        expect(format, `menu item ${item.name} is a format of GET /api/export`).toBeDefined();
        expect(item.group).toBe(groupOf[item.name] ?? 'Other');
        expect(item.download).toBe(true);
        expect(new URL(item.href, base).pathname).toBe(`/api/export/${item.name}`);
        expect(item.text).toContain(`.${format!.extension}`);
        expect(item.text.toLowerCase()).toContain(format!.description.slice(0, 20).toLowerCase());
      }
    }

    it(
      'opens from the keyboard on the Kazakhstan page, lists its scoped formats, closes on Escape and downloads ' +
        'the ndjson of the shown version',
      async () => {
        const { page, errors } = await openPage(browser);
        await visit(page, '/actors/kazakhstan');
        const shownVersion = (
          (await (await fetch(`${base}/api/actors/kazakhstan`)).json()) as { version: { version: number } }
        ).version.version;
        const items = await openMenuWithKeyboard(page);
        expect(names(items)).toEqual(names(formats.filter((f) => f.scoped)));
        expectWellFormed(items);
        for (const item of items) {
          const query = new URL(item.href, base).searchParams;
          expect(query.get('actor')).toBe('kazakhstan');
          expect(Number(query.get('version'))).toBe(shownVersion);
        }

        // Arrow keys move through the items; Escape closes and gives focus back to the button.
        await page.keyboard.press('ArrowDown');
        expect(await page.evaluate(() => document.activeElement?.classList.contains('download-item'))).toBe(true);
        await page.keyboard.press('Escape');
        expect(await page.locator('.download-button').getAttribute('aria-expanded')).toBe('false');
        expect(await page.locator('.download-panel').isHidden()).toBe(true);
        expect(await page.evaluate(() => document.activeElement?.classList.contains('download-button'))).toBe(true);

        // Space opens it again; the open menu passes axe and is photographed.
        await page.keyboard.press('Space');
        await page.locator('.download-panel a.download-item').first().waitFor({ state: 'visible' });
        await page.screenshot({ path: path.join(screenshotDir, 'download-menu-actor-1280.png') });
        expect(await axeProblems(page)).toEqual([]);

        // The ndjson link downloads through the browser; its first line is the actor record.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.download-panel a.download-item[data-format="ndjson"]').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^dossier-kazakhstan(-v\d+)?\.ndjson$/);
        const file = await download.path();
        const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
        const first = JSON.parse(lines[0]!) as { type: string; id: string; version: number };
        expect(first.type).toBe('actor');
        expect(first.id).toBe('kazakhstan');
        expect(first.version).toBe(shownVersion);
        expect(lines.length).toBeGreaterThan(50);
        // Choosing an item closes the menu.
        expect(await page.locator('.download-button').getAttribute('aria-expanded')).toBe('false');
        expect(errors).toEqual([]);
        await page.close();
      },
      60_000,
    );

    it(
      'offers what each page shows: the collection on compare and network, the filtered actor on timeline and ' +
        'search',
      async () => {
        const { page, errors } = await openPage(browser);
        const problems: string[] = [];
        const cases: { target: string; expected: Format[]; actor: string | null; actorName?: string }[] = [
          {
            target: '/compare',
            expected: formats.filter((f) => ['json', 'csv', 'xlsx', 'markdown', 'pdf'].includes(f.name)),
            actor: null,
          },
          {
            target: '/network',
            expected: formats.filter((f) => ['gexf', 'graphml', 'kumu', 'json'].includes(f.name)),
            actor: null,
          },
          { target: '/timeline', expected: formats, actor: null },
          {
            target: '/timeline?actor=turkmenistan',
            expected: formats.filter((f) => f.scoped),
            actor: 'turkmenistan',
            actorName: 'Turkmenistan',
          },
          { target: '/search?q=water', expected: formats, actor: null },
          {
            target: '/search?q=water&actor=uzbekistan',
            expected: formats.filter((f) => f.scoped),
            actor: 'uzbekistan',
            actorName: 'Uzbekistan',
          },
        ];
        for (const { target, expected, actor, actorName } of cases) {
          errors.length = 0;
          await visit(page, target);
          const items = await openMenuWithKeyboard(page);
          expect(names(items), target).toEqual(names(expected));
          expectWellFormed(items);
          for (const item of items)
            expect(new URL(item.href, base).searchParams.get('actor'), `${target} ${item.name}`).toBe(actor);
          const scope = await page.locator('.download-scope').textContent();
          expect(scope, target).toContain(actorName ?? 'whole collection');
          // Tabbing past the last item leaves the menu and closes it.
          await page.locator('.download-panel a.download-item').last().focus();
          await page.keyboard.press('Tab');
          expect(await page.locator('.download-button').getAttribute('aria-expanded'), target).toBe('false');
          // Open again by mouse; a click elsewhere closes it.
          await page.locator('.download-button').click();
          if (target === '/network')
            await page.screenshot({ path: path.join(screenshotDir, 'download-menu-network-1280.png') });
          problems.push(...(await axeProblems(page)).map((p) => `${target}: ${p}`));
          await page.locator('main h1').click();
          expect(await page.locator('.download-button').getAttribute('aria-expanded'), target).toBe('false');
          problems.push(...errors.map((e) => `${target}: ${e}`));
        }
        expect(problems).toEqual([]);
        await page.close();
      },
      120_000,
    );

    it(
      'groups whatever the API lists: Data, Network, Linked data, ' + 'Report in that order, unknown names under Other',
      async () => {
        const { page, errors } = await openPage(browser);
        // A longer list than this build registers, with formats the menu has never heard of.
        const listed: Format[] = [
          {
            name: 'geojson',
            description: 'places as points',
            mediaType: 'application/geo+json',
            extension: 'geojson',
            scoped: false,
          },
          {
            name: 'pdf',
            description: 'a dossier report with footnotes',
            mediaType: 'application/pdf',
            extension: 'pdf',
            scoped: true,
          },
          {
            name: 'graphml',
            description: 'the network for yEd and networkx',
            mediaType: 'application/graphml+xml',
            extension: 'graphml',
            scoped: false,
          },
          {
            name: 'sqlite',
            description: 'a publishable database',
            mediaType: 'application/vnd.sqlite3',
            extension: 'sqlite',
            scoped: false,
          },
          {
            name: 'jsonld',
            description: 'schema.org and web annotations',
            mediaType: 'application/ld+json',
            extension: 'jsonld',
            scoped: true,
          },
          {
            name: 'csv',
            description: 'one file per table in a zip',
            mediaType: 'application/zip',
            extension: 'zip',
            scoped: true,
          },
          {
            name: 'parquet',
            description: 'columnar tables',
            mediaType: 'application/vnd.apache.parquet',
            extension: 'parquet',
            scoped: true,
          },
        ];
        await page.route('**/api/export', (route) => route.fulfill({ json: { formats: listed } }));
        await visit(page, '/timeline');
        const items = await openMenuWithKeyboard(page);
        expect(items.map((i) => `${i.group}: ${i.name}`)).toEqual([
          'Data: csv',
          'Data: sqlite',
          'Network: graphml',
          'Linked data: jsonld',
          'Report: pdf',
          'Other: geojson',
          'Other: parquet',
        ]);
        expect(items.find((i) => i.name === 'csv')!.text).toContain('.zip');
        expect(await page.locator('.download-group-title').allTextContents()).toEqual([
          'Data',
          'Network',
          'Linked data',
          'Report',
          'Other',
        ]);
        await page.screenshot({ path: path.join(screenshotDir, 'download-menu-groups-1280.png') });
        expect(await axeProblems(page)).toEqual([]);

        // On a page filtered by an actor only the scoped ones remain, each narrowed to the actor.
        await visit(page, '/timeline?actor=tajikistan');
        const scoped = await openMenuWithKeyboard(page);
        expect(scoped.map((i) => i.name)).toEqual(['csv', 'jsonld', 'pdf', 'parquet']);
        for (const item of scoped) expect(new URL(item.href, base).search).toBe('?actor=tajikistan');
        expect(errors).toEqual([]);
        await page.close();
      },
      60_000,
    );

    it('fits a narrow screen: the open menu stays inside a 390 px viewport', async () => {
      const { page, errors } = await openPage(browser, { width: 390, height: 844 });
      await visit(page, '/actors/kazakhstan');
      await openMenuWithKeyboard(page);
      const box = (await page.locator('.download-panel').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        1,
      );
      await page.screenshot({ path: path.join(screenshotDir, 'download-menu-actor-390.png') });
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  });
}
