// Path expansion: existing files and folders are taken literally even when their names hold glob
// characters; only arguments that name nothing are globs.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandProfilePaths } from './path-expander.js';

let dir: string;
const names = [
  '{a,b}.md',
  'a.md',
  'b.md',
  'star*.md',
  'what?.txt',
  '[1].txt',
  '1.txt',
  '!bang.md',
  '(paren).md',
  '+(x).md',
  'back\\slash.md',
  'dollar$HOME.md',
];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-paths-'));
  for (const name of names) await writeFile(path.join(dir, name), 'x');
  await mkdir(path.join(dir, '[folder]{x,y}'));
  await writeFile(path.join(dir, '[folder]{x,y}', 'inside.md'), 'x');
  await writeFile(path.join(dir, '[folder]{x,y}', 'also*.txt'), 'x');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rel = (files: string[]) => files.map((file) => path.relative(dir, file));

describe('expandProfilePaths', () => {
  it('takes every existing file literally, whatever glob characters its name holds', async () => {
    for (const name of names) {
      const { files, missing } = await expandProfilePaths([name], dir);
      expect(rel(files), name).toEqual([name]);
      expect(missing, name).toEqual([]);
    }
  });

  it('takes an existing folder with glob characters literally and lists its profiles', async () => {
    const { files, missing } = await expandProfilePaths(['[folder]{x,y}'], dir);
    expect(rel(files).sort()).toEqual(
      [path.join('[folder]{x,y}', 'also*.txt'), path.join('[folder]{x,y}', 'inside.md')].sort(),
    );
    expect(missing).toEqual([]);
  });

  it('accepts absolute paths with glob characters', async () => {
    const { files } = await expandProfilePaths([path.join(dir, '{a,b}.md'), path.join(dir, '[1].txt')], '/');
    expect(rel(files)).toEqual(['[1].txt', '{a,b}.md']);
  });

  it('still expands a pattern that names no existing file', async () => {
    expect(rel((await expandProfilePaths(['{a,1}.*'], dir)).files)).toEqual(['1.txt', 'a.md']);
    expect(rel((await expandProfilePaths(['?.md'], dir)).files)).toEqual(['a.md', 'b.md']);
    const missing = await expandProfilePaths(['nothing-*.md', 'no-such-file.md'], dir);
    expect(missing.files).toEqual([]);
    expect(missing.missing).toEqual(['nothing-*.md', 'no-such-file.md']);
  });

  it('lists a file named by two arguments once', async () => {
    const { files } = await expandProfilePaths(['a.md', '{a,b}.md', path.join(dir, 'a.md')], dir);
    expect(rel(files)).toEqual(['a.md', '{a,b}.md']);
  });
});
