// What `dossier --version` and `dossier extract` load, as a user runs them (bin/dossier over the
// built dist/): a module-resolution hook records every module the process imports. `--version`
// loads commander and the CLI's own light modules only; `extract` adds the pipeline but never the
// server, the stores, the export formats or the binary readers. Timings are measured by
// bench/cli-startup.mjs, not here.
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
    `import { register } from 'node:module';\nregister(${JSON.stringify(hooks)});\n`,
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
  it('dossier --version loads commander and the CLI modules only', async () => {
    const { stdout, modules } = await modulesLoadedBy(['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
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

  it('dossier extract loads the pipeline, not the server or the stores', async () => {
    expect(existsSync(path.join(root, 'dist', 'extract', 'reference', 'gazetteer-index.json'))).toBe(true);
    const { stdout, modules } = await modulesLoadedBy(['extract', seed]);
    expect(JSON.parse(stdout).actor.name).toBe('Kazakhstan');
    expect(under(modules, '/dist/extract/').length).toBeGreaterThan(10);
    expect(under(modules, '/dist/ingest/').length).toBeGreaterThan(5);
    for (const folder of ['/dist/api/', '/dist/store/', '/dist/core/export/', '/node_modules/fastify/'])
      expect(under(modules, folder)).toEqual([]);
    for (const heavy of [
      'better-sqlite3',
      'pg',
      'exceljs',
      'pdfkit',
      'mammoth',
      'unpdf',
      'chrono-node/dist/esm/locales/fr',
    ])
      expect(under(modules, `/node_modules/${heavy}/`)).toEqual([]);
  });
});
