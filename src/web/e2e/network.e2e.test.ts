// End-to-end tests of the network page (sigma.js on WebGL) on the bundled collection (examples/
// and the Kazakhstan seed) served by the real API server and driven by Debian's Chromium: at
// 1280×800 and 390×844 it draws without a console error, horizontal overflow or a serious axe
// violation, grouped by type or theme; zooming in shows more labels; without WebGL it says so in
// one line and still lists the nodes; the ego view is chosen, deepened and reset by keyboard
// alone, with the URL and the node count following; and a synthetic network of 5,000 nodes and
// 8,000 links (answered in place of GET /api/graph) pans at 30 frames a second or more (on a loaded machine: at
// 60% of the rate of a 200-node network panned just before).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
// The test starts the real server in-process; the UI code itself still talks to the API only.
import { Dossier, GraphViewSchema, type GraphView } from '../../core/index.js';
import { buildServer } from '../../api/index.js';
import {
  axeProblems,
  buildWeb,
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

/** A seeded pseudo-random generator (mulberry32), so the synthetic network is the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A GraphView of `order` nodes (60 actors, the rest entities of every type) and about `size` links, some hubs among
 * them.
 */
function syntheticNetwork(order: number, size: number): GraphView {
  const random = seeded(2026);
  const types = ['country', 'place', 'organization', 'person', 'project', 'document'] as const;
  const themes = ['security', 'trade', 'energy', 'water', 'diplomacy', 'transport', 'migration'] as const;
  const actors = 60;
  const nodes: GraphView['nodes'] = Array.from({ length: order }, (_, i) =>
    i < actors
      ? {
          id: `actor:${i}`,
          label: `Actor ${i}`,
          kind: 'actor',
          type: null,
          actor: `actor-${i}`,
          entity: null,
          country: null,
          themes: [themes[i % themes.length]!],
          mentions: 0,
        }
      : {
          id: `e${i}`,
          label: `Entity ${i}`,
          kind: 'entity',
          type: types[i % types.length]!,
          actor: null,
          entity: `e${i}`,
          country: null,
          themes: i % 5 ? [themes[Math.floor(random() * themes.length)]!] : [],
          mentions: 1 + Math.floor(random() * 12),
        },
  );
  const edges: GraphView['edges'] = [];
  const seen = new Set<string>();
  while (edges.length < size) {
    const relation = edges.length % 8 === 0;
    // Mentions go from an actor to an entity; relations join two entities, hubs (low indexes) more often.
    const source = relation ? actors + Math.floor(random() ** 2 * (order - actors)) : Math.floor(random() * actors);
    const target = actors + Math.floor(random() ** 1.5 * (order - actors));
    const key = `${source}>${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    const evidence = { actor: `actor-${source % actors}`, version: 1, start: 0, end: 10, text: 'A sentence.' };
    edges.push({
      id: `${relation ? 'r' : 'm'}:${key}`,
      source: nodes[source]!.id,
      target: nodes[target]!.id,
      kind: relation ? 'relation' : 'mention',
      predicate: relation ? 'supplies' : null,
      negated: false,
      weight: 1 + Math.floor(random() * 3),
      actors: [evidence.actor],
      evidence: [evidence],
    });
  }
  return GraphViewSchema.parse({ nodes, edges });
}

/** Frames of a two-second pan (see measurePan). */
interface PanFrames {
  frames: number;
  median: number;
  p90: number;
  renders: number;
  onMove: string;
}

/**
 * Drags across the network canvas for two seconds, one mouse move per animation frame, and times the frames: their
 * count, median and 90th percentile, and how many times sigma drew.
 */
async function measurePan(page: Page): Promise<PanFrames> {
  await page.locator('.graph-canvas').scrollIntoViewIfNeeded();
  return page.evaluate(async () => {
    const canvas = document.querySelector<HTMLElement>('.graph-canvas')!;
    const box = canvas.getBoundingClientRect();
    const x0 = box.left + box.width / 2;
    const y0 = box.top + box.height / 2;
    const rendersBefore = Number(canvas.dataset.renders);
    // sigma listens for the press on its top layer, and for the moves on the document.
    const mouseLayer = canvas.querySelector('.sigma-mouse') ?? canvas;
    mouseLayer.dispatchEvent(new MouseEvent('mousedown', { clientX: x0, clientY: y0, button: 0, bubbles: true }));
    const intervals: number[] = [];
    await new Promise<void>((resolve) => {
      let start = 0;
      let last = 0;
      const frame = (now: number) => {
        if (start === 0) start = now;
        else intervals.push(now - last);
        last = now;
        const t = now - start;
        document.dispatchEvent(
          new MouseEvent('mousemove', {
            clientX: x0 + 220 * Math.sin(t / 320),
            clientY: y0 + 120 * Math.sin(t / 450),
            button: 0,
            buttons: 1,
            bubbles: true,
          }),
        );
        if (t < 2000) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    document.dispatchEvent(new MouseEvent('mouseup', { clientX: x0, clientY: y0, button: 0, bubbles: true }));
    const sorted = [...intervals].sort((a, b) => a - b);
    return {
      frames: intervals.length,
      median: sorted[Math.floor(sorted.length / 2)]!,
      p90: sorted[Math.floor(sorted.length * 0.9)]!,
      renders: Number(canvas.dataset.renders) - rendersBefore,
      onMove: canvas.dataset.onMove ?? 'everything drawn',
    };
  });
}

if (!hasChromium && inCi) {
  describe('network end to end', () => {
    it('needs Chromium', () => {
      throw new Error(
        `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) to run the ` +
          `end-to-end tests`,
      );
    });
  });
} else if (!hasChromium) {
  describe.skip(`network end to end (skipped: ${chromiumPath} is missing; apt-get install -y chromium)`, () => {
    it('needs Chromium', () => undefined);
  });
} else {
  describe('network end to end', () => {
    let work: string;
    let dossier: Dossier;
    let app: FastifyInstance;
    let browser: BrowserContext;
    let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    let base: string;

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'dossier-network-e2e-'));
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
    const drawn = async (page: Page) => {
      await page.waitForSelector('.graph-canvas[data-state="ready"]', { timeout: 60_000 });
      // The first frame is drawn once the layout is done.
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>('.graph-canvas')?.dataset.renders ?? 0) > 0,
      );
    };
    const shownNodes = async (page: Page) =>
      Number(
        await page
          .locator('.graph-canvas')
          .getAttribute('data-nodes', { timeout: 5_000 })
          .catch(() => null),
      );
    /** Scrolls the focus form to the top, so the screenshot shows it, the legend and the canvas. */
    const frameCanvas = async (page: Page) => {
      await page.evaluate(() => document.querySelector('.network-focus')?.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(100);
    };
    const graphOf = async (query: string) =>
      GraphViewSchema.parse((await app.inject({ method: 'GET', url: `/api/graph${query}` })).json());

    it(
      'draws the network, grouped or not, at 1280 and 390 px without console errors, overflow or serious axe ' +
        'violations',
      async () => {
        const problems: string[] = [];
        for (const viewport of viewports) {
          const { page, errors } = await openPage(viewport);
          for (const [cluster, name] of [
            ['', 'whole'],
            ['?cluster=type', 'type'],
            ['?cluster=theme', 'theme'],
          ] as const) {
            await visit(page, `/network${cluster}`);
            await drawn(page);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (overflow > 0)
              problems.push(`@${viewport.width} ${name}: the page is ${overflow}px wider than the viewport`);
            expect(await page.locator('.network-legend li').count()).toBeGreaterThan(3);
            expect(await page.locator('#network-cluster').inputValue()).toBe(cluster ? cluster.split('=')[1] : 'none');
            await frameCanvas(page);
            await page.screenshot({
              path: path.join(screenshotDir, `network-${name}-${viewport.width}.png`),
              fullPage: false,
            });
            problems.push(...(await axeProblems(page)).map((p) => `@${viewport.width} ${name}: ${p}`));
            if (viewport.width === 1280 && name === 'theme') {
              // The README's picture: the network grouped by theme, scrolled to the canvas.
              copyFileSync(
                path.join(screenshotDir, `network-${name}-${viewport.width}.png`),
                path.join(root, 'docs', 'images', 'network.png'),
              );
            }
          }
          problems.push(...errors.map((e) => `@${viewport.width}: ${e}`));
          await page.close();
        }
        expect(problems).toEqual([]);
      },
      180_000,
    );

    it('shows more labels as you zoom in', async () => {
      const { page, errors } = await openPage();
      await visit(page, '/network?all=1');
      await drawn(page);
      const labels = async () => Number(await page.locator('.graph-canvas').getAttribute('data-labels'));
      const before = await labels();
      expect(before).toBeGreaterThan(0);
      const nodes = await shownNodes(page);
      expect(before).toBeLessThan(nodes); // culled at the overview
      for (let i = 0; i < 3; i++) {
        await page.getByRole('button', { name: 'Zoom in' }).click();
        await page.waitForTimeout(400);
      }
      // Zooming in on the middle shows more of the labels there (the rest have left the screen).
      const after = await labels();
      console.info(
        `network labels: ${before} at the overview of ${nodes} nodes, ${after} after zooming in three times`,
      );
      expect(after).toBeGreaterThan(before);
      await page.screenshot({ path: path.join(screenshotDir, 'network-zoomed-1280.png'), fullPage: false });
      await page.getByRole('button', { name: 'Fit' }).click();
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('says in one line that WebGL is missing and still lists the nodes', async () => {
      const { page, errors } = await openPage(viewports[1]);
      await page.addInitScript(() => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
          if (/webgl/.test(kind)) return null;
          return (original as (...args: unknown[]) => RenderingContext | null).call(this, kind, ...rest);
        } as typeof original;
      });
      await visit(page, '/network');
      await expect
        .poll(() => page.locator('.graph-status').textContent())
        .toBe('This browser cannot draw the network (WebGL is unavailable); the nodes are listed below.');
      expect(await page.locator('.graph-canvas').isVisible()).toBe(false);
      expect(await page.locator('.node-list li').count()).toBeGreaterThan(10);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('focuses on an entity, goes two links deep and back to the whole network by keyboard alone', async () => {
      const whole = await graphOf('');
      // An entity whose two-link neighbourhood is bigger than its one-link one.
      const candidates = whole.nodes
        .filter((n) => n.kind === 'entity' && n.type === 'place')
        .sort((a, b) => b.mentions - a.mentions);
      let entity: (typeof candidates)[number] | undefined;
      let one = 0;
      let two = 0;
      for (const candidate of candidates) {
        one = (await graphOf(`?focus=${encodeURIComponent(candidate.id)}`)).nodes.length;
        two = (await graphOf(`?focus=${encodeURIComponent(candidate.id)}&depth=2`)).nodes.length;
        if (two > one && one > 1) {
          entity = candidate;
          break;
        }
      }
      expect(entity).toBeDefined();
      const { page, errors } = await openPage();
      await visit(page, '/network');
      await drawn(page);
      const wholeCount = await shownNodes(page);
      const active = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? '');
      // Tab from the top of the page to the "Focus on" field.
      let presses = 0;
      while ((await active()) !== 'network-focus' && presses < 60) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(await active()).toBe('network-focus');
      await page.keyboard.type(entity!.label);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('focus') === entity!.id);
      // The page is drawn anew: poll until the new canvas shows the ego view.
      await expect.poll(() => shownNodes(page), { timeout: 30_000 }).toBe(one);
      expect(new URL(page.url()).searchParams.get('depth')).toBe('1');
      expect(await page.locator('.ego-summary').textContent()).toContain(entity!.label);
      await expect.poll(active).toBe('network-focus');
      await page.keyboard.press('Tab');
      expect(await active()).toBe('network-depth');
      await page.keyboard.press('ArrowDown');
      await page.waitForURL((url) => url.searchParams.get('depth') === '2');
      await expect.poll(() => shownNodes(page), { timeout: 30_000 }).toBe(two);
      await drawn(page);
      await frameCanvas(page);
      await page.screenshot({ path: path.join(screenshotDir, 'network-ego-1280.png'), fullPage: false });
      await expect.poll(active).toBe('network-depth');
      await page.keyboard.press('Tab'); // the Focus button
      await page.keyboard.press('Tab'); // "Whole network"
      expect(await active()).toBe('network-reset');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => !url.searchParams.has('focus'));
      await expect.poll(() => shownNodes(page), { timeout: 30_000 }).toBe(wholeCount);
      expect(new URL(page.url()).searchParams.has('depth')).toBe(false);
      // Every listed node offers its own "Focus" link.
      const link = page.locator('.node-list a.focus-link').first();
      expect(await link.getAttribute('aria-label')).toMatch(/^Focus the network on /);
      expect(await link.getAttribute('href')).toMatch(/^\/network\?focus=/);
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);

    /** Opens the network page with `network` answered in place of GET /api/graph and pans it (measurePan). */
    const panNetwork = async (network: GraphView, order: number) => {
      const { page, errors } = await openPage();
      await page.route(
        (url) => url.pathname === '/api/graph',
        (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(network) }),
      );
      await visit(page, '/network?all=1');
      await drawn(page);
      expect(await shownNodes(page)).toBe(order);
      const layoutMs = Number(await page.locator('.graph-canvas').getAttribute('data-layout-ms'));
      return { page, errors, layoutMs, measured: await measurePan(page) };
    };

    it('pans a synthetic network of 5,000 nodes and 8,000 links at 30 frames a second or more', async () => {
      // The same pan over a 200-node network: the frame rate this browser reaches on this machine now. On an
      // idle machine that is the display's 60 Hz and the target is 30 frames a second; on a loaded one (CI beside
      // other jobs) the large network must keep 60% of the small one's rate, so the test checks what the code costs.
      // It is panned before and after the large one and its better rate kept (the first pan after launch is slower).
      const small = syntheticNetwork(200, 300);
      const before = await panNetwork(small, 200);
      const { measured, errors, layoutMs, page } = await panNetwork(syntheticNetwork(5000, 8000), 5000);
      const after = await panNetwork(small, 200);
      const baseline = before.measured.median <= after.measured.median ? before : after;
      const fps = 1000 / measured.median;
      const baselineFps = 1000 / baseline.measured.median;
      console.info(
        `network pan @5000 nodes/8000 links: ${fps.toFixed(1)} fps (median frame ${measured.median.toFixed(1)} ` +
          `ms, p90 ${measured.p90.toFixed(1)} ms, ${measured.frames} frames, ${measured.renders} renders in 2 s; ` +
          `${measured.onMove} while moving; layout ${layoutMs} ms); @200 nodes: ${baselineFps.toFixed(1)} fps`,
      );
      await page.screenshot({ path: path.join(screenshotDir, 'network-5000-1280.png'), fullPage: false });
      // The camera really moved and sigma drew (nearly) every frame.
      expect(measured.renders).toBeGreaterThan(measured.frames * 0.8);
      expect(baseline.measured.renders).toBeGreaterThan(baseline.measured.frames * 0.8);
      // Frames come on the display's 60 Hz beat: two beats (33.3 ms, read as 33.4 with the browser's
      // clamped timer) is 30 frames a second, hence 29.5.
      expect(fps).toBeGreaterThanOrEqual(Math.min(29.5, 0.6 * baselineFps));
      expect([...before.errors, ...errors, ...after.errors]).toEqual([]);
      for (const opened of [before.page, page, after.page]) await opened.close();
    }, 180_000);
  });
}
