// The README cannot drift from the code: every HTTP route (from the server's route table) is in
// its HTTP API table with its method, every CLI command and subcommand (from the commander
// program) is in its Command line section, every export format (from the export registry) is
// named, and its Configuration section is the settings table as `dossier config --markdown`
// prints it (every setting, its variable, flag, default, type and help). docs/ARCHITECTURE.md
// keeps the recipe for adding an API resource.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildServer } from './api/server.js';
import { buildProgram } from './cli/commands.js';
import { settingsMarkdown } from './cli/config-actions.js';
import type { TerminalIo } from './cli/terminal-text.js';
import { Dossier, exportFormatNames } from './core/index.js';
import { settingNames, settings } from './model/index.js';
import { apiResources } from './api/resources.js';

const root = path.resolve(import.meta.dirname, '..');
const readme = await readFile(path.join(root, 'README.md'), 'utf8');

/** The text of a `## title` section of the README. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/actors/:id` also written `/api/actors/{id}`, not followed by more of a path. */
const pathPattern = (url: string): RegExp =>
  new RegExp(
    `${url
      .split('/')
      .map((segment) =>
        segment.startsWith(':')
          ? `(?::${escapeRegExp(segment.slice(1))}|\\{${escapeRegExp(segment.slice(1))}\\})`
          : escapeRegExp(segment),
      )
      .join('/')}(?![\\w/:{-])`,
  );

async function serverRoutes(): Promise<Array<{ method: string; url: string }>> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-docs-'));
  const dossier = await Dossier.open(path.join(workDir, 'docs.db'));
  const routes: RouteOptions[] = [];
  const app = await buildServer(dossier, { webRoot: null, onRoute: (route) => routes.push(route) });
  await app.close();
  await dossier.close();
  await rm(workDir, { recursive: true, force: true });
  return routes
    .flatMap((route) =>
      [route.method].flat().map((method) => ({ method: String(method).toUpperCase(), url: route.url! })),
    )
    .filter((route) => route.method !== 'HEAD' && route.url !== '/');
}

const silentIo: TerminalIo = {
  out: { write: () => true },
  err: { write: () => true },
  env: {},
} as unknown as TerminalIo;

describe('README.md', () => {
  it('lists every HTTP route, with its method, in the HTTP API table', async () => {
    const rows = section('HTTP API')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    const routes = await serverRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(40);
    const missing = routes.filter(
      ({ method, url }) => !rows.some((row) => pathPattern(url).test(row) && new RegExp(`\\b${method}\\b`).test(row)),
    );
    expect(missing.map(({ method, url }) => `${method} ${url}`)).toEqual([]);
  });

  it('shows every CLI command and subcommand in the Command line section', () => {
    const text = section('Command line');
    const program = buildProgram({ io: silentIo, exitCode: 0 });
    const commands = program.commands.flatMap((command) => [
      `dossier ${command.name()}`,
      ...command.commands.map((sub) => `${command.name()} ${sub.name()}`),
    ]);
    expect(commands.length).toBeGreaterThanOrEqual(14);
    expect(commands.filter((command) => !new RegExp(`${escapeRegExp(command)}\\b`).test(text))).toEqual([]);
  });

  it('names every export format', () => {
    const formats = exportFormatNames();
    expect(formats.length).toBeGreaterThanOrEqual(10);
    expect(formats.filter((format) => !readme.includes(`\`${format}\``))).toEqual([]);
  });

  it('shows every setting in the Configuration section, as the settings table prints it', () => {
    const text = section('Configuration');
    expect(settingNames.length).toBeGreaterThanOrEqual(9);
    expect(settingNames.filter((name) => !text.includes(`| \`${settings[name].env}\` |`))).toEqual([]);
    // The whole table, as `dossier config --markdown` prints it: a changed default or help shows here.
    expect(text).toContain(settingsMarkdown());
  });
});

describe('docs/deployment.md', () => {
  it('shows the settings table as `dossier config --markdown` prints it', async () => {
    const deployment = await readFile(path.join(root, 'docs', 'deployment.md'), 'utf8');
    const start = deployment.indexOf('\n## Settings\n');
    expect(start).toBeGreaterThan(0);
    expect(deployment.slice(start, deployment.indexOf('\n## ', start + 1))).toContain(settingsMarkdown());
  });
});

describe('docs/ARCHITECTURE.md', () => {
  it('has the recipe for adding an API resource, and names the folder of every resource', async () => {
    const architecture = await readFile(path.join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const start = architecture.indexOf('\n## Adding an API resource\n');
    expect(start).toBeGreaterThan(0);
    const next = architecture.indexOf('\n## ', start + 1);
    const recipe = architecture.slice(start, next < 0 ? undefined : next);
    expect(recipe).toContain('src/api/resources.ts');
    const folders = apiResources.map((resource) =>
      resource.prefix === '/' ? 'system' : resource.prefix.replace(/^\/api\//, ''),
    );
    expect(folders.filter((folder) => !architecture.includes(`\`${folder}/\``))).toEqual([]);
  });
});
