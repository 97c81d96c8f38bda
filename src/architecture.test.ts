// The layer import rule of docs/ARCHITECTURE.md, checked through ESLint itself: each forbidden
// direction is reported, each allowed one is not.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function importViolations(file: string, specifier: string, typeOnly = false): Promise<number> {
  const code = typeOnly
    ? `import type { X } from '${specifier}';\nexport type Y = X;\n`
    : `import { x } from '${specifier}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').length;
}

describe('layer import rule', () => {
  it.each([
    ['src/model/a.ts', '../store/index.js'],
    ['src/model/a.ts', '../core/index.js'],
    ['src/ingest/a.ts', '../extract/index.js'],
    ['src/extract/a.ts', '../ingest/index.js'],
    ['src/store/a.ts', '../core/dossier.js'],
    ['src/core/a.ts', '../store/sqlite/sqlite-store.js'],
    ['src/core/a.ts', '../api/server.js'],
    ['src/api/a.ts', '../store/index.js'],
    ['src/api/actors/a.ts', '../../extract/index.js'],
    ['src/cli/a.ts', '../store/index.js'],
    ['src/web/pages/a.ts', '../../core/index.js'],
    ['src/web/a.ts', '../model/index.js'],
  ])('forbids %s → %s', async (file, specifier) => {
    expect(await importViolations(file, specifier)).toBe(1);
  });

  it.each([
    ['src/ingest/a.ts', '../model/index.js'],
    ['src/core/a.ts', '../store/index.js'],
    ['src/core/a.ts', '../ingest/index.js'],
    ['src/api/a.ts', '../core/index.js'],
    ['src/cli/a.ts', '../api/index.js'],
  ])('allows %s → %s', async (file, specifier) => {
    expect(await importViolations(file, specifier)).toBe(0);
  });

  it('lets the web UI import model types only', async () => {
    expect(await importViolations('src/web/a.ts', '../model/index.js', true)).toBe(0);
  });
});
