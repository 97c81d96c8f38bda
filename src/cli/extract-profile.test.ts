// `dossier extract --profile` in-process: the time of every extraction stage on standard error,
// standard output still exactly the JSON contract; without the option nothing is timed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './commands.js';
import { TerminalWriter, type OutputStream, type TerminalIo } from './terminal-text.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');

const sink = () => {
  const chunks: string[] = [];
  const stream: OutputStream = { isTTY: false, write: (chunk: string) => chunks.push(chunk) };
  return { stream, text: () => chunks.join('') };
};

async function dossier(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const io: TerminalIo = {
    out: new TerminalWriter(out.stream, false),
    err: new TerminalWriter(err.stream, false),
    env: { DOSSIER_DB: '' },
  };
  const code = await runCli(['node', 'dossier', ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('dossier extract --profile', () => {
  it('prints each stage with its time on standard error, then the total; standard output is unchanged', async () => {
    const plain = await dossier(['extract', seed]);
    const profiled = await dossier(['extract', seed, '--profile']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(profiled.code).toBe(0);
    expect(JSON.parse(profiled.stdout)).toEqual(JSON.parse(plain.stdout));
    const lines = profiled.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('extraction stages:');
    const rows = lines.slice(1).map((line) => /^ {2}(\S+) +(\d+\.\d) ms$/.exec(line));
    expect(rows.every((row) => row !== null)).toBe(true);
    const names = rows.map((row) => row?.[1]);
    // The first and last stages of the list in src/extract/pipeline.ts, the total after them.
    expect(names.slice(0, 2)).toEqual(['analysis', 'gazetteer']);
    expect(names.slice(-2)).toEqual(['assembly', 'total']);
    expect(names).toContain('coreference');
    expect(new Set(names).size).toBe(names.length);
    const times = rows.map((row) => Number(row?.[2]));
    const total = times.pop() as number;
    expect(Math.abs(total - times.reduce((sum, ms) => sum + ms, 0))).toBeLessThan(0.1 * names.length);
  });

  it('times the text outline too, leaving it on standard output', async () => {
    const result = await dossier(['extract', seed, '--format', 'text', '--profile']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('extraction stages:');
    expect(result.stderr).toContain('  relations ');
  });
});
