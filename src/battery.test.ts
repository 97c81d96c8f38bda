// Runs the reduced hostile battery (battery/run.ts --reduced: malformed documents, kill -9
// during ingest on both backends, API fuzz, hostile searches, login abuse) as a child process
// over the built dist/ and asserts that every class reports 0 failed. Under CI=true the
// PostgreSQL parts must run (the battery fails them when PostgreSQL is missing).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface BatteryJson {
  seed: number;
  classes: Array<{ class: string; tried: number; failed: number; failures: Array<{ case: string; what: string }> }>;
}

describe('hostile battery (reduced)', () => {
  it('survives every case of every class', { timeout: 20 * 60_000 }, async () => {
    expect(existsSync(path.join(root, 'dist', 'cli', 'main.js')), 'dist/ is built (npm test builds first)').toBe(true);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-battery-test-'));
    const jsonFile = path.join(folder, 'battery.json');
    const seed = process.env.BATTERY_SEED ?? '20240601';
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'battery', 'run.ts'),
        '--reduced',
        '--seed',
        seed,
        '--json',
        jsonFile,
        '--quiet',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const report = JSON.parse(await readFile(jsonFile, 'utf8')) as BatteryJson;
      const names = report.classes.map((row) => row.class);
      expect(names).toEqual([
        'malformed documents',
        'kill -9 during ingest',
        'API fuzz',
        'hostile searches',
        'login abuse',
      ]);
      for (const row of report.classes) expect(row.tried, `${row.class} tried cases`).toBeGreaterThan(0);
      const failed = report.classes.filter((row) => row.failed > 0).map((row) => `${row.class}: ${row.failed} failed`);
      expect(failed, output).toEqual([]);
      expect(code, output).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
