// End-to-end tests of the `dossier` command as a user runs it: bin/dossier over the built dist/.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm, mkdir, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Process-level smoke tests: each runs several `node bin/dossier` processes, which on a loaded
// 2-core machine take seconds each; the budget is generous so load does not fail them.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'dossier');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
const variants = path.join(root, 'test-fixtures', 'seed-variants');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function dossier(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, ...env, DOSSIER_DB: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : 1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? '',
    };
  }
}

/** bin/dossier with `input` piped into its standard input. */
function dossierWithInput(args: string[], input: string | Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, DOSSIER_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a command that refuses early may close its input first
    child.stdin.end(input);
  });
}

let workDir: string;
beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('dossier extract', () => {
  it('prints the contract for the seed: actor, interests, 23 sentences, the file text exactly', async () => {
    const result = await dossier(['extract', seed, '--format', 'json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.text).toBe(await readFile(seed, 'utf8'));
    expect(output.actor).toEqual({ name: 'Kazakhstan', country: 'KAZ' });
    expect(
      output.interests.map((interest: { rank: number; title: string }) => [interest.rank, interest.title]),
    ).toEqual([
      [1, 'Spillover of Insecurity'],
      [2, 'Inclusive Government'],
      [3, 'Economic Opportunities'],
    ]);
    expect(output.sentences).toHaveLength(23);
    for (const key of ['sections', 'mentions', 'entities', 'times', 'quantities', 'events', 'relations'])
      expect(Array.isArray(output[key])).toBe(true);
    for (const sentence of output.sentences)
      expect(output.text.slice(sentence.start, sentence.end).trim().length).toBeGreaterThan(0);
  });

  it('gives the same actor, interests and sentence texts for every variant of the seed', async () => {
    const reference = JSON.parse((await dossier(['extract', seed])).stdout);
    const sentenceTexts = (output: { text: string; sentences: Array<{ start: number; end: number }> }) =>
      output.sentences.map((sentence) => output.text.slice(sentence.start, sentence.end));
    const files = [
      'seed-crlf-bom.txt',
      'seed-utf16le.txt',
      'seed-utf16be.txt',
      'seed-front-matter.md',
      'seed-page.html',
    ];
    for (const file of files) {
      const result = await dossier(['extract', path.join(variants, file)]);
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
      const output = JSON.parse(result.stdout);
      expect(output.actor, file).toEqual(reference.actor);
      expect(
        output.interests.map((interest: { title: string }) => interest.title),
        file,
      ).toEqual(reference.interests.map((interest: { title: string }) => interest.title));
      expect(sentenceTexts(output), file).toEqual(sentenceTexts(reference));
    }
    const cp1251 = JSON.parse((await dossier(['extract', path.join(variants, 'seed-windows-1251.txt')])).stdout);
    expect(cp1251.actor).toEqual(reference.actor);
    expect(cp1251.text).toMatch(/[А-Яа-я]/);
    expect(cp1251.sentences).toHaveLength(23);
  });

  it('reads standard input with -, taking the format from --format-in or from the bytes', async () => {
    const reference = JSON.parse((await dossier(['extract', seed])).stdout);
    const piped = await dossierWithInput(['extract', '-'], await readFile(seed));
    expect(piped.code, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(reference);
    const markdown = await readFile(path.join(variants, 'seed-front-matter.md'));
    const asMarkdown = JSON.parse(
      (await dossierWithInput(['extract', '-', '--format-in', 'markdown'], markdown)).stdout,
    );
    expect(asMarkdown.actor).toEqual(reference.actor);
    expect(asMarkdown.sentences).toHaveLength(23);
    const page = await readFile(path.join(variants, 'seed-page.html'));
    const asHtml = JSON.parse((await dossierWithInput(['extract', '-', '--format-in', 'html'], page)).stdout);
    expect(asHtml.actor).toEqual(reference.actor);
    expect(asHtml.sentences).toHaveLength(23);
    const refused = await dossierWithInput(['extract', '-', '--name', 'pasted.txt'], '  \n\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^dossier: pasted\.txt:1:1: /m);
    const badFormat = await dossierWithInput(['extract', '-', '--format-in', 'rtf'], 'x');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format-in/);
  });

  it('prints a readable outline with --format text', async () => {
    const result = await dossier(['extract', seed, '--format', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Kazakhstan (KAZ)');
    expect(result.stdout).toContain('1. Spillover of Insecurity');
    expect(result.stdout).toContain('Sentences (23)');
  });

  it('refuses bad documents with exit code 2 and file:line:column on stderr', async () => {
    const cases: Array<[string, string | Buffer]> = [
      ['empty.txt', ''],
      ['binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0xff, 0xfe, 0])],
      ['no-title.txt', '\n\nProfile\nA profile that lost its title line.\n'],
    ];
    for (const [name, content] of cases) {
      const file = path.join(workDir, name);
      await writeFile(file, content);
      const result = await dossier(['extract', file]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+: `));
      expect(result.stdout, name).toBe('');
    }
  });
});

describe('dossier ingest, list, show, search', () => {
  it('stores the examples and the seed, is idempotent, and finds the two wheat sentences', async () => {
    const db = path.join(workDir, 'kb.db');
    const first = await dossier(['ingest', 'examples', seed, '--db', db]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/stored/);

    const again = await dossier(['ingest', 'examples', seed, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 stored .* unchanged/);

    const list = await dossier(['list', '--db', db, '--format', 'json']);
    const actors = JSON.parse(list.stdout).actors as Array<{ id: string; latestVersion: number }>;
    expect(actors.length).toBeGreaterThanOrEqual(9);
    expect(actors.find((actor) => actor.id === 'kazakhstan')?.latestVersion).toBe(1);

    const search = await dossier(['search', 'wheat', '--db', db, '--format', 'json']);
    expect(search.code).toBe(0);
    const result = JSON.parse(search.stdout);
    const seedHits = result.hits.filter((hit: { actor: string }) => hit.actor === 'kazakhstan');
    expect(seedHits).toHaveLength(2);
    for (const hit of seedHits) {
      expect(hit.text).toMatch(/wheat/);
      expect(hit.snippet).toContain('<mark>wheat</mark>');
      expect(Object.keys(hit).sort()).toEqual(['actor', 'end', 'snippet', 'start', 'text']);
    }

    const show = await dossier(['show', 'KAZ', '--db', db]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Spillover of Insecurity');

    for (const hostile of [
      '"unbalanced',
      'trans-Afghan',
      'NEAR(',
      'wheat AND OR NOT',
      'title:wheat',
      '(*)',
      "'; DROP TABLE sentences; --",
    ]) {
      const hostileResult = await dossier(['search', hostile, '--db', db, '--format', 'json']);
      expect(hostileResult.code, hostile).toBe(0);
      expect(hostileResult.stderr, hostile).not.toMatch(/sql|syntax|fts5/i);
    }
  });

  it('ingests one document from standard input with -, under --name, idempotently; - goes alone', async () => {
    const db = path.join(workDir, 'stdin.db');
    const text = await readFile(seed);
    const first = await dossierWithInput(['ingest', '-', '--db', db, '--name', 'pasted-kazakhstan.txt'], text);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^pasted-kazakhstan\.txt: created — Kazakhstan, version 1 — /m);
    const again = await dossierWithInput(['ingest', '-', '--db', db], text);
    expect(again.stderr).toMatch(/^stdin: unchanged — Kazakhstan, version 1/m);
    const show = JSON.parse((await dossier(['show', 'kazakhstan', '--db', db, '--format', 'json'])).stdout);
    expect(show.versions.map((version: { sourceName: string }) => version.sourceName)).toEqual([
      'pasted-kazakhstan.txt',
    ]);
    const refused = await dossierWithInput(['ingest', '-', '--db', db], '   \n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^refused stdin:\d+:\d+: /m);
    const mixed = await dossierWithInput(['ingest', '-', seed, '--db', db], text);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/cannot be combined/);
  });

  it('stores the good files of a batch, refuses the bad ones (exit 2) and stores nothing of them', async () => {
    const db = path.join(workDir, 'batch.db');
    const folder = path.join(workDir, 'batch');
    await mkdir(folder);
    await copyFile(seed, path.join(folder, 'kazakhstan.txt'));
    await writeFile(path.join(folder, 'broken.txt'), '\n\nProfile\nA profile that lost its title line.\n');
    await writeFile(path.join(folder, 'empty.md'), '   \n');
    const result = await dossier(['ingest', folder, '--db', db]);
    expect(result.code).toBe(2);
    const refusals = result.stderr.split('\n').filter((line) => line.startsWith('refused'));
    expect(refusals).toHaveLength(2);
    expect(refusals.join('\n')).toMatch(/broken\.txt:\d+:\d+/);
    const list = JSON.parse((await dossier(['list', '--db', db, '--format', 'json'])).stdout);
    expect(list.actors.map((actor: { id: string }) => actor.id)).toEqual(['kazakhstan']);
  });

  it('keeps the old version readable when a profile changes', async () => {
    const db = path.join(workDir, 'versions.db');
    const file = path.join(workDir, 'kazakhstan.txt');
    const original = await readFile(seed, 'utf8');
    await writeFile(file, original);
    expect((await dossier(['ingest', file, '--db', db])).code).toBe(0);
    await writeFile(file, original.replace('Kazakhstan has prioritized', 'Kazakhstan has long prioritized'));
    expect((await dossier(['ingest', file, '--db', db])).code).toBe(0);
    const latest = JSON.parse((await dossier(['show', 'kazakhstan', '--db', db, '--format', 'json'])).stdout);
    expect(latest.version.version).toBe(2);
    expect(latest.extraction.text).toContain('has long prioritized');
    const first = JSON.parse(
      (await dossier(['show', 'kazakhstan', '--version', '1', '--db', db, '--format', 'json'])).stdout,
    );
    expect(first.extraction.text).toBe(original);
  });

  it(
    'reports an unknown actor and an unknown command with exit ' + 'code 2; a missing database with 1 and its hint',
    async () => {
      const db = path.join(workDir, 'empty.db');
      const missing = await dossier(['show', 'atlantis', '--db', db]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^hint: /m);
      expect(existsSync(db)).toBe(false);
      expect((await dossier(['ingest', seed, '--db', db, '--quiet'])).code).toBe(0);
      expect((await dossier(['show', 'atlantis', '--db', db])).code).toBe(2);
      expect((await dossier(['frobnicate'])).code).toBe(2);
      expect((await dossier(['show', 'kazakhstan', '--format', 'xml', '--db', db])).code).toBe(2);
      expect((await dossier(['search'])).code).toBe(2);
      expect((await dossier(['search', '--help'])).code).toBe(0);
    },
  );
});
