// Shared harness of the editor end-to-end tests: the UI built once with Vite into a temp
// folder, a knowledge base on SQLite or on PostgreSQL (a throwaway schema) holding the seed and
// an example with reader1/editor1/admin1, the real server on 127.0.0.1, and Chromium pages whose
// console errors are collected. Under CI=true a missing Chromium or PostgreSQL fails the tests.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
// The harness starts the real server in-process; the UI code itself still talks to the API only.
import { buildServer } from '../../api/index.js';
import { backends, password, populate, type Person } from '../../api/test-support/security-fixture.js';
import type { Dossier } from '../../core/index.js';
import type { Role } from '../../model/index.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const inCi = process.env.CI === 'true';
export const screenshotDir = path.join(root, 'screenshots');
export const axePath = path.join(root, 'node_modules', 'axe-core', 'axe.min.js');
export { password };

let built: Promise<string> | null = null;
/** The web UI built once per test file. */
export function buildWeb(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'dossier-e2e-web-'));
    await build({
      configFile: path.join(root, 'src', 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
    return out;
  })();
  return built;
}

export interface Instance {
  backend: string;
  dossier: Dossier;
  app: FastifyInstance;
  base: string;
  people: Record<Role, Person>;
  close(): Promise<void>;
}

/** The backends to run on: SQLite always, PostgreSQL when reachable (required under CI=true). */
export async function availableBackends(): Promise<string[]> {
  return (await backends()).map((b) => b.name);
}

export async function startInstance(backendName: string, options: { loginAttempts?: number } = {}): Promise<Instance> {
  const backend = (await backends()).find((b) => b.name === backendName);
  if (!backend) throw new Error(`backend ${backendName} is not available`);
  const webRoot = await buildWeb();
  const { dossier, dispose } = await backend.open();
  const people = await populate(dossier);
  const app = await buildServer(dossier, { webRoot, loginAttempts: options.loginAttempts ?? 50 });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    backend: backendName,
    dossier,
    app,
    base,
    people,
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

export async function launchBrowser(): Promise<{ browser: BrowserContext; dispose(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    // The API's CSP forbids inline scripts; axe-core is injected as one.
    bypassCSP: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    dispose: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page whose console errors and uncaught exceptions are collected. */
export async function openPage(
  browser: BrowserContext,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

/** Waits until the router has rendered the current URL's page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('main')?.hasAttribute('aria-busy') && !!document.querySelector('main h1'),
  );
}

export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle' });
  await settled(page);
}

/** Signs in through the login page. */
export async function signInThroughPage(page: Page, base: string, name: string): Promise<void> {
  await visit(page, `${base}/login`);
  await page.fill('#login-user', name);
  await page.fill('#login-password', password);
  await page.click('form.login-form button[type="submit"]');
  await page.waitForURL((url) => url.pathname === '/');
  await settled(page);
  await page.waitForSelector('.user-button');
}

/** axe-core's serious and critical violations on the current page. */
export async function axeProblems(page: Page): Promise<string[]> {
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
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}
