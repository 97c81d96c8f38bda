// The web UI takes the shapes of the API's answers from the model's schemas (type imports only) rather than
// restating them: no interface or object type of src/web is declared under the id of a model schema.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import './model/index.js';

const webRoot = path.resolve(import.meta.dirname, 'web');

async function webSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'e2e' ? [] : webSources(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
    }),
  );
  return files.flat();
}

/** Names of the interfaces and object-literal types a source declares. */
const declaredShapes = (source: string): string[] =>
  [...source.matchAll(/^\s*(?:export\s+)?(?:interface\s+(\w+)|type\s+(\w+)\s*=\s*\{)/gm)].map((m) => (m[1] ?? m[2])!);

describe('web UI types', () => {
  it('restates no shape the model has a schema for', async () => {
    const schemaIds = new Set(Object.keys(z.toJSONSchema(z.globalRegistry, { unrepresentable: 'any' }).schemas));
    expect(schemaIds.has('CompareView')).toBe(true);
    const restated: string[] = [];
    for (const file of await webSources(webRoot)) {
      for (const name of declaredShapes(await readFile(file, 'utf8'))) {
        if (schemaIds.has(name)) restated.push(`${path.relative(webRoot, file)}: ${name}`);
      }
    }
    expect(restated).toEqual([]);
  });

  it('finds a restated shape', () => {
    expect(declaredShapes('export interface GraphNode {\n  id: string;\n}\ntype Local = { a: 1 };\n')).toEqual([
      'GraphNode',
      'Local',
    ]);
  });
});
