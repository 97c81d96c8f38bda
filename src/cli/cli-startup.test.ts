// What `dossier --version` and `dossier extract` load, as a user runs them (bin/dossier over the
// built dist/): hooks record every module the process imports (ES-module resolution) or requires
// (CommonJS). `--version` loads the version module only, `--help` commander and the CLI's own
// light modules; `extract` runs from the extract-only bundle (dist/cli-bundle/extract.cjs,
// scripts/bundle-cli.mjs) with its code cache, loads none of dist/'s modules and never the server,
// the stores, the export formats, the binary readers' packages or the legacy-encoding decoders, and
// prints exactly what the unbundled CLI prints. Timings are measured by bench/cli-startup.mjs, not here.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

// Each test runs one `node bin/dossier` process, which on a loaded 2-core machine can take seconds.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'dossier');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');

/** The modules (file URLs and node: builtins) a `dossier` run imports through ESM resolution. */
async function modulesLoadedBy(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-startup-'));
  const log = path.join(dir, 'modules.txt');
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    [
      "import { appendFileSync } from 'node:fs';",
      "import Module from 'node:module';",
      // CommonJS: what the bundle requires (packages left external) goes through Module._load.
      'const load = Module._load;',
      'Module._load = function (request, parent, isMain) {',
      '  const loaded = load.call(this, request, parent, isMain);',
      `  if (!request.startsWith('node:')) appendFileSync(${JSON.stringify(log)}, 'require:' + request + '\\n');`,
      '  return loaded;',
      '};',
      'export async function resolve(specifier, context, next) {',
      '  const resolved = await next(specifier, context);',
      `  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');`,
      '  return resolved;',
      '}',
    ].join('\n'),
  );
  const hooks = pathToFileURL(path.join(dir, 'hooks.mjs')).href;
  writeFileSync(
    path.join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nimport ${JSON.stringify(hooks)};\nregister(${JSON.stringify(hooks)});\n`,
  );
  const { stdout } = await run(process.execPath, ['--import', path.join(dir, 'register.mjs'), bin, ...args], {
    cwd: root,
    env: { ...process.env, DOSSIER_DB: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout, modules: [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] };
}

const under = (modules: string[], folder: string) => modules.filter((url) => url.includes(folder));

describe('CLI start-up', () => {
  it('dossier --version loads the version module only, and prints what commander prints', async () => {
    const { stdout, modules } = await modulesLoadedBy(['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(under(modules, '/node_modules/')).toEqual([]);
    expect(under(modules, '/dist/').map((url) => url.split('/dist/')[1])).toEqual(['model/version.js']);
    // The whole CLI (commander's --version) prints the same.
    const unbundled = await run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), '--version'], {
      cwd: root,
    });
    expect(unbundled.stdout).toBe(stdout);
  });

  it('dossier --help loads commander and the CLI modules only', async () => {
    const { stdout, modules } = await modulesLoadedBy(['--help']);
    expect(stdout).toContain('Usage: dossier');
    const packages = new Set(
      under(modules, '/node_modules/').map((url) => url.split('/node_modules/')[1]!.split('/')[0]),
    );
    expect([...packages]).toEqual(['commander']);
    const ours = under(modules, '/dist/').map((url) => url.split('/dist/')[1]);
    // The model's plain-data modules (no zod): option choices, the settings table, the version.
    const plainModel = new Set(['model/vocabularies.js', 'model/settings-table.js', 'model/version.js']);
    expect(ours.filter((file) => !file!.startsWith('cli/') && !plainModel.has(file!))).toEqual([]);
    expect(ours).toContain('cli/commands.js');
  });

  it('dossier extract runs from the extract bundle: none of the server, the stores or the binary readers', async () => {
    expect(existsSync(path.join(root, 'dist', 'extract', 'reference', 'gazetteer-index.json'))).toBe(true);
    for (const file of ['dossier.cjs', 'dossier.cjs.cache', 'extract.cjs', 'extract.cjs.cache'])
      expect(existsSync(path.join(root, 'dist', 'cli-bundle', file))).toBe(true);
    const { stdout, modules } = await modulesLoadedBy(['extract', seed]);
    expect(JSON.parse(stdout).actor.name).toBe('Kazakhstan');
    // dist/'s own modules: the bin's loader only; the CLI, ingest and extraction come from the bundle.
    expect(under(modules, '/dist/').map((url) => url.split('/dist/')[1])).toEqual(['cli/cached-bundle.js']);
    const required = modules.filter((entry) => entry.startsWith('require:')).map((entry) => entry.slice(8));
    // commander is in the bundle; chardet and iconv-lite are required only for a legacy encoding.
    const heavyPackages = ['better-sqlite3', 'pg', 'exceljs', 'pdfkit', 'mammoth', 'unpdf', 'fastify', 'argon2'];
    for (const heavy of [...heavyPackages, 'commander', 'chardet', 'iconv-lite'])
      expect(required.filter((request) => request === heavy || request.startsWith(`${heavy}/`))).toEqual([]);
    for (const folder of ['/node_modules/fastify/', '/node_modules/unpdf/', '/node_modules/better-sqlite3/'])
      expect(under(modules, folder)).toEqual([]);
  });

  it('dossier extract prints the same from the bundle as from dist/cli/main.js', async () => {
    for (const args of [
      ['extract', seed],
      ['extract', '--format', 'text', path.join(root, 'examples', 'china.md')],
    ]) {
      const options = { cwd: root, env: { ...process.env, DOSSIER_DB: '' }, maxBuffer: 64 * 1024 * 1024 };
      const bundled = await run(process.execPath, [bin, ...args], options);
      const unbundled = await run(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), ...args], options);
      expect(bundled.stdout).toBe(unbundled.stdout);
      expect(bundled.stdout.length).toBeGreaterThan(1000);
    }
  });
});
