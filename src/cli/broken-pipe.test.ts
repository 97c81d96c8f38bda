// A reader that goes away (`dossier list | head -1`) ends the CLI quietly: exit 0 and no stack
// trace, on stdout and on stderr. Runs bin/dossier over the built dist/ as a child process whose
// pipe is closed before it writes.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../core/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'dossier');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');

/**
 * Runs the CLI with stdout and/or stderr closed by the reader at once; resolves with the exit code and what stderr
 * said.
 */
function runWithClosedPipe(
  args: string[],
  close: { stdout?: boolean; stderr?: boolean },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, DOSSIER_DB: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    if (close.stdout) child.stdout.destroy();
    else child.stdout.resume();
    if (close.stderr) child.stderr.destroy();
    else child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

let dir: string;
let db: string;
beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'cli', 'terminal-text.js')))
    throw new Error('dist/ is missing or old: run `npm run build` first (npm test does)');
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-pipe-'));
  db = path.join(dir, 'kb.db');
  const text = await readFile(seed, 'utf8');
  const files: string[] = [];
  for (let i = 0; i < 40; i++) {
    files.push(path.join(dir, `seed-${i}.txt`));
    await writeFile(files[i]!, text.replace(/^Kazakhstan/, `Kazakhstan ${i}`));
  }
  const dossier = await Dossier.open(db);
  const report = await dossier.ingestFiles(files, { jobs: 0 });
  await dossier.close();
  expect(report.created).toBe(40);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('closed pipes', () => {
  it('list, search and extract with stdout closed exit 0 without a stack trace', async () => {
    for (const args of [
      ['list', '--db', db],
      ['search', 'wheat', '--db', db, '--limit', '100', '--format', 'json'],
      ['extract', seed, '--format', 'text'],
    ]) {
      const result = await runWithClosedPipe(args, { stdout: true });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.signal, args.join(' ')).toBeNull();
      expect(result.code, args.join(' ')).toBe(0);
    }
  });

  it('an error with stderr closed still exits with its code (1) and does not hang', async () => {
    const result = await runWithClosedPipe(['list', '--db', path.join(dir, 'missing', 'x.db')], { stderr: true });
    expect(result.code).toBe(1);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('`dossier list | head -1` in a shell: the CLI exits 0 and prints nothing on stderr', async () => {
    const script = `"${process.execPath}" "${bin}" list --db "${db}" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile('bash', ['-c', script], { cwd: root, env: { ...process.env, DOSSIER_DB: '' } }, (error, out, err) =>
        error ? reject(error) : resolve({ stdout: out, stderr: err }),
      ),
    );
    expect(stdout.split('\n')[0]).toMatch(/^kazakhstan/);
    expect(stdout).toContain('status=0');
    expect(stderr).toBe('');
  });
});
