// End-to-end editor flow in Chromium, on SQLite and on PostgreSQL: an editor signs in through
// the login page, uploads a new version of a profile, confirms and rejects facts in the review
// queue with the keyboard; a reader then sees the confirmed facts (marked), not the rejected
// one, and the new version's diff. Every new page: no console error, no serious or critical
// axe-core violation, screenshots at 1280×800 and 390×844.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  availableBackends,
  axeProblems,
  chromiumPath,
  hasChromium,
  inCi,
  launchBrowser,
  openPage,
  root,
  screenshotDir,
  settled,
  signInThroughPage,
  startInstance,
  visit,
  type Instance,
} from './e2e-harness.js';

const original = readFileSync(path.join(root, 'examples', 'tajikistan.md'), 'utf8');
const revised = original
  .replace('roughly 1,350 km', 'roughly 1,340 km')
  .replace(
    'Border posts at Panji Poyon',
    'In May 2024 Tajik border guards met Taliban officials at Ishkashim to discuss joint patrols. Border posts ' +
      'at Panji Poyon',
  );
const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

async function shoot(page: Page, name: string, problems: string[]): Promise<void> {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${viewport.width}.png`) });
    if (viewport.width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${name} @390: ${overflow}px wider than the viewport`);
    }
  }
  await page.setViewportSize(viewports[0]!);
  problems.push(...(await axeProblems(page)).map((p) => `${name}: ${p}`));
}

if (!hasChromium) {
  (inCi ? describe : describe.skip)(`editor flow end to end (${chromiumPath} is missing)`, () => {
    it('needs Chromium', () => {
      throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
    });
  });
} else {
  const backendNames = await availableBackends();
  for (const backend of ['sqlite', 'postgres']) {
    const present = backendNames.includes(backend);
    (present ? describe : describe.skip)(
      `editor flow end to end on ${backend}${present ? '' : ' (skipped: PostgreSQL is not reachable)'}`,
      () => {
        let instance: Instance;
        let chrome: Awaited<ReturnType<typeof launchBrowser>>;

        beforeAll(async () => {
          instance = await startInstance(backend);
          chrome = await launchBrowser();
          mkdirSync(screenshotDir, { recursive: true });
        }, 180_000);

        afterAll(async () => {
          await chrome?.dispose();
          await instance?.close();
        });

        it('an editor uploads a new version and reviews facts by keyboard; a reader sees the result', async () => {
          const { base } = instance;
          const problems: string[] = [];
          const shots = backend === 'sqlite';
          const { page, errors } = await openPage(chrome.browser);

          // --- the editor signs in through the login page -------------------------------------
          await visit(page, `${base}/login`);
          if (shots) await shoot(page, 'login', problems);
          await signInThroughPage(page, base, instance.people.editor.name);
          expect(await page.locator('.user-button').textContent()).toContain('Editor');
          expect(await page.locator('#editor-nav a').allTextContents()).toEqual(['Review', 'Upload', 'Audit']);

          // --- uploads a new version of Tajikistan's profile ----------------------------------
          await page.click('#editor-nav a[href="/upload"]');
          await settled(page);
          if (shots) await shoot(page, 'upload', problems);
          await page.setInputFiles('#upload-file', {
            name: 'tajikistan.md',
            mimeType: 'text/markdown',
            buffer: Buffer.from(revised),
          });
          await page.click('form[aria-labelledby="upload-h"] button[type="submit"]');
          const outcome = page.locator('.outcome');
          await outcome.waitFor();
          expect(await outcome.getAttribute('data-status')).toBe('new-version');
          expect(await outcome.textContent()).toContain('Saved version 2 of Tajikistan');
          if (shots) await shoot(page, 'upload-done', problems);
          // The same file again is unchanged.
          await page.setInputFiles('#upload-file', {
            name: 'tajikistan.md',
            mimeType: 'text/markdown',
            buffer: Buffer.from(revised),
          });
          await page.click('form[aria-labelledby="upload-h"] button[type="submit"]');
          await page.waitForSelector('.outcome[data-status="unchanged"]');
          // A paste in the profile layout without its title line shows the error with its line and column.
          await page.fill('#paste-name', 'broken.txt');
          await page.fill('#paste-content', '\n\n   \nProfile\nno title here.');
          await page.click('form[aria-labelledby="paste-h"] button[type="submit"]');
          await page.waitForSelector('.form-error-box');
          expect(await page.locator('.form-error-box').textContent()).toMatch(/line \d+/);
          // Chromium logs the expected 422 of that refused paste as a console error: only it.
          expect(errors).toEqual([expect.stringContaining('422')]);
          errors.length = 0;

          // --- the review rules confirmed the certain mentions: one line per rule, undone here ---
          // (the exact gazetteer names go back to the queue, so that the editor reviews them below)
          await visit(page, `${base}/review?actor=tajikistan&type=mention`);
          const gazetteerRule = page.locator('.review-rule[data-rule="rule:exact-gazetteer"]');
          expect(await page.locator('.review-rule').count()).toBe(3);
          expect(await gazetteerRule.textContent()).toContain('a gazetteer name matched exactly and unambiguously');
          page.once('dialog', (dialog) => void dialog.accept());
          await gazetteerRule.locator('button').click();
          await page.waitForSelector('.review-rule[data-rule="rule:exact-gazetteer"]:not(:has(a))');

          // --- reviews mentions of the new version with the keyboard --------------------------
          await visit(page, `${base}/review?actor=tajikistan&type=mention`);
          if (shots) await shoot(page, 'review', problems);
          const ids = await page
            .locator('.review-item')
            .evaluateAll((items) => items.slice(0, 2).map((el) => (el as HTMLElement).dataset.fact!));
          expect(ids).toHaveLength(2);
          const [confirmedId, rejectedId] = ids as [string, string];
          const before = Number((await page.locator('.review-count').textContent())?.match(/\d+/)?.[0]);
          await page.keyboard.press('a');
          await page.waitForSelector(`.review-item[data-fact="${confirmedId}"][data-status="confirmed"]`);
          // Focus moved to the next awaiting fact: r rejects it.
          await expect
            .poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.fact))
            .toBe(rejectedId);
          await page.keyboard.press('r');
          await page.waitForSelector(`.review-item[data-fact="${rejectedId}"][data-status="rejected"]`);
          // j/k move; e opens the editor, Escape closes it.
          await page.keyboard.press('k');
          await page.keyboard.press('j');
          await page.keyboard.press('e');
          await page.waitForSelector('.review-item.is-current form.fact-edit-form');
          if (shots) await shoot(page, 'review-edit', problems);
          await page.keyboard.press('Escape');
          await page.waitForSelector('form.fact-edit-form', { state: 'detached' });
          expect(await page.locator('.review-tally').textContent()).toContain('1 confirmed, 1 rejected');
          await visit(page, `${base}/review?actor=tajikistan&type=mention`);
          expect(Number((await page.locator('.review-count').textContent())?.match(/\d+/)?.[0])).toBe(before - 2);

          // --- the audit log shows both decisions ---------------------------------------------
          await visit(page, `${base}/audit`);
          if (shots) await shoot(page, 'audit', problems);
          expect(await page.locator('tr[data-action="fact.confirm"]').count()).toBeGreaterThanOrEqual(1);
          expect(await page.locator('tr[data-action="fact.reject"]').count()).toBeGreaterThanOrEqual(1);

          // --- the editor's actor page has the selection tools --------------------------------
          await visit(page, `${base}/actors/tajikistan`);
          await page.waitForSelector('.editor-panel');
          if (shots) await shoot(page, 'actor-editor', problems);

          // --- sign out; a reader signs in ----------------------------------------------------
          await page.click('.user-button');
          await page.click('.signout');
          await page.waitForSelector('.signin-link');
          expect(await page.locator('#editor-nav a').count()).toBe(0);
          await signInThroughPage(page, base, instance.people.reader.name);
          expect(await page.locator('.user-button').textContent()).toContain('Reader');

          const facts = await page.evaluate(
            async (wanted) =>
              Promise.all(
                wanted.map(
                  async (id) =>
                    (await fetch(`/api/facts/${encodeURIComponent(id)}`)).json() as Promise<{
                      start: number;
                      end: number;
                      status: string;
                      evidence: string;
                    }>,
                ),
              ),
            [confirmedId, rejectedId],
          );
          expect(facts.map((f) => f.status)).toEqual(['confirmed', 'rejected']);
          await visit(page, `${base}/actors/tajikistan`);
          if (shots) await shoot(page, 'actor-reader', problems);
          expect(await page.locator('.editor-panel').count()).toBe(0);
          const confirmed = page.locator(`article.doc a.m[data-start="${facts[0]!.start}"]`);
          expect(await confirmed.getAttribute('data-review')).toBe('confirmed');
          expect(await page.locator(`article.doc a.m[data-start="${facts[1]!.start}"]`).count()).toBe(0);
          expect(await page.locator('.version-list li').count()).toBe(2);

          // --- the reader sees the new version's diff -----------------------------------------
          await page.click('.version-list a.changes-link');
          await page.waitForURL(/\/actors\/tajikistan\/changes\?from=1&to=2/);
          await settled(page);
          await page.waitForSelector('.diff');
          if (shots) await shoot(page, 'changes', problems);
          const inserted = (await page.locator('.diff ins').allTextContents()).join('');
          const deleted = (await page.locator('.diff del').allTextContents()).join('');
          expect(inserted).toContain('Ishkashim to discuss joint patrols');
          expect(inserted).toContain('340');
          expect(deleted).toContain('350');
          expect(await page.locator('.rank-table tbody tr').count()).toBeGreaterThan(0);
          // A reader has no review queue.
          await visit(page, `${base}/review`);
          expect(await page.locator('main').textContent()).toContain('This page is for editors');

          expect(errors).toEqual([]);
          expect(problems).toEqual([]);
          await page.close();
        }, 240_000);

        it('shows the Retry-After wait when sign-in is rate-limited', async () => {
          const limited = await startInstanceWithLimit(backend);
          try {
            const { page } = await openPage(chrome.browser);
            await visit(page, `${limited.base}/login`);
            for (let attempt = 0; attempt < 3; attempt++) {
              await page.fill('#login-user', 'editor1');
              await page.fill('#login-password', 'wrong password');
              await page.click('form.login-form button[type="submit"]');
              await page.waitForSelector('.form-error');
              await page.waitForFunction(
                () =>
                  !(document.querySelector('form.login-form button[type="submit"]') as HTMLButtonElement).disabled ||
                  /Too many/.test(document.querySelector('.form-error')?.textContent ?? ''),
              );
            }
            expect(await page.locator('.form-error').textContent()).toMatch(
              /Too many sign-in attempts\. Try again in \d+ seconds?/,
            );
            await page.close();
          } finally {
            await limited.close();
          }
        }, 120_000);
      },
    );
  }
}

async function startInstanceWithLimit(backend: string): Promise<Instance> {
  return startInstance(backend, { loginAttempts: 2 });
}
