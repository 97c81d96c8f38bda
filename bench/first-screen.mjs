// First screen of the web UI on a large knowledge base: how long the home, compare, timeline and
// network pages take in headless Chromium from navigation to their first screen (the router's
// `main` no longer busy and the page's own first-screen element shown), cold (a fresh browser
// context, nothing cached) and warm (the same page again). Target (issue 13): under 1 s at 100k
// documents. The server is the real one (`dossier serve`, web UI included) on a copy of a kept
// database, so the database is never changed by the run.
// Usage: npm run build && node bench/first-screen.mjs --reuse /tmp/scale-10k.db [--runs 5] [--json]
//        [--pages home,compare,timeline] (some of the pages only) [--waterfall] (after the timings, one cold
//        visit per page listing each request made before its first screen: start, duration, body size)
/* global window, document, MutationObserver -- in the functions run in the page */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argument, median, root } from './bench-support.mjs';

const reuse = argument('reuse', null);
const runs = Number(argument('runs', 5));
const json = process.argv.includes('--json');
const only = argument('pages', null)?.split(',') ?? null;
const waterfall = process.argv.includes('--waterfall');
if (!reuse || !existsSync(reuse)) {
  process.stderr.write('first-screen: give a kept SQLite database, e.g. --reuse /tmp/scale-10k.db\n');
  process.exit(1);
}
if (!existsSync(path.join(root, 'dist', 'web', 'index.html'))) {
  process.stderr.write('first-screen: dist/web is missing; run `npm run build` first\n');
  process.exit(1);
}
const { chromium } = await import('playwright-core');

/** The pages and the element that shows their first screen has rendered. */
const firstScreens = [
  { name: 'home', path: '/', ready: '.home-page .cards li' },
  { name: 'compare', path: '/compare', ready: '.compare-page table tbody tr' },
  { name: 'timeline', path: '/timeline', ready: '.timeline-page .tl-items li' },
  { name: 'network', path: '/network', ready: '.network-page [data-first-frame="drawn"]' },
];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dossier-first-screen-'));
const copy = path.join(scratch, 'kb.db');
for (const suffix of ['', '-wal', '-shm']) if (existsSync(reuse + suffix)) copyFileSync(reuse + suffix, copy + suffix);

/** Starts `dossier serve` on the copy at a free port; resolves with its base URL. */
function serve() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'dossier'), 'serve', '--db', copy, '--port', String(port)],
    {
      cwd: root,
      env: { ...process.env, DOSSIER_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.slice(-1000)}`)));
    const poll = async () => {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return resolve({ base, child });
      } catch {
        // not listening yet
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}

/**
 * Milliseconds from navigation to the page's first screen: as seen from here (Playwright noticing it), and in the
 * page (its clock when the first screen's element appeared, from a mutation observer: on a busy page Playwright
 * notices late, e.g. while the network page starts WebGL after painting its first frame).
 */
async function timePage(context, base, screen) {
  const page = await context.newPage();
  const selector = `main:not([aria-busy="true"]) ${screen.ready}`;
  await page.addInitScript((wanted) => {
    const check = () => {
      if (window.firstScreenAt === undefined && document.querySelector(wanted))
        window.firstScreenAt = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  }, selector);
  const started = performance.now();
  await page.goto(base + screen.path, { waitUntil: 'commit' });

  // As the scale test (src/web/e2e/first-screen.scale.test.ts): the router's `main` no longer busy too.
  await page.waitForSelector(selector, { timeout: 120_000 });
  const ms = performance.now() - started;
  const inPage = await page.evaluate(() => window.firstScreenAt ?? null);
  await page.close();
  return { ms, inPage: inPage ?? ms };
}

/** One cold visit that lists the requests made until the first screen: start and end (ms from navigation), bytes. */
async function requestWaterfall(browser, base, screen) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const started = performance.now();
  page.on('request', (request) => requests.push({ request, start: performance.now() - started, end: null, bytes: 0 }));
  page.on('requestfinished', async (request) => {
    const entry = requests.find((r) => r.request === request);
    if (!entry) return;
    entry.end = performance.now() - started;
    entry.bytes = (await request.sizes().catch(() => null))?.responseBodySize ?? 0;
  });
  await page.goto(base + screen.path, { waitUntil: 'commit' });
  await page.waitForSelector(`main:not([aria-busy="true"]) ${screen.ready}`, { timeout: 120_000 });
  const ms = performance.now() - started;
  await page.waitForTimeout(300);
  await context.close();
  process.stdout.write(`  ${screen.name}: first screen at ${ms.toFixed(0)} ms\n`);
  for (const r of requests) {
    const url = new URL(r.request.url());
    const mark = r.start > ms ? ' (after the first screen)' : '';
    const end = r.end === null ? '     ?' : r.end.toFixed(0).padStart(6);
    process.stdout.write(
      `    ${r.start.toFixed(0).padStart(6)} → ${end} ms ${String(r.bytes).padStart(8)} B  ` +
        `${(url.pathname + url.search).slice(0, 90)}${mark}\n`,
    );
  }
}

const { base, child } = await serve();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results = [];
try {
  for (const screen of firstScreens.filter((s) => !only || only.includes(s.name))) {
    const cold = [];
    const warm = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      cold.push(await timePage(context, base, screen));
      warm.push(await timePage(context, base, screen));
      await context.close();
    }
    const all = [...cold, ...warm];
    results.push({
      page: screen.name,
      coldMs: median(cold.map((t) => t.ms)),
      warmMs: median(warm.map((t) => t.ms)),
      worstMs: Math.max(...all.map((t) => t.ms)),
      coldInPageMs: median(cold.map((t) => t.inPage)),
      warmInPageMs: median(warm.map((t) => t.inPage)),
    });
  }
  if (waterfall) {
    process.stdout.write('requests of one cold visit (start → end, ms from navigation; body bytes)\n');
    for (const screen of firstScreens.filter((s) => !only || only.includes(s.name)))
      await requestWaterfall(browser, base, screen);
  }
} finally {
  await browser.close();
  child.kill();
  rmSync(scratch, { recursive: true, force: true });
}
if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
else {
  process.stdout.write(`first screen on ${reuse} (medians of ${runs}; target < 1000 ms)\n`);
  for (const r of results) {
    const verdict = Math.max(r.coldMs, r.warmMs) < 1000 ? 'ok' : 'OVER';
    process.stdout.write(
      `  ${r.page.padEnd(9)} cold ${r.coldMs.toFixed(0).padStart(6)} ms  warm ${r.warmMs.toFixed(0).padStart(6)} ms` +
        `  worst ${r.worstMs.toFixed(0).padStart(6)} ms  ${verdict}  (in the page: cold ` +
        `${r.coldInPageMs.toFixed(0)} ms, warm ${r.warmInPageMs.toFixed(0)} ms)\n`,
    );
  }
}
