// CLI start-up: wall time of `dossier --version` and of `dossier extract` on the seed
// (test-fixtures/seed-kazakhstan.txt), each as a ratio to a bare `node -e 0`, all in one run.
// The three commands run in turn, round after round, so that machine load falls on each alike;
// the figures are the medians over the rounds. Targets: --version within 1.5× of node -e 0,
// extract within 3×.
// Usage: npm run build && node bench/cli-startup.mjs [--runs 15] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { argument, median, root } from './bench-support.mjs';

const runs = Number(argument('runs', process.env.BENCH_RUNS ?? 15));
const bin = path.join(root, 'bin', 'dossier');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('cli-startup: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}

const commands = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'dossier --version', args: [bin, '--version'], target: 1.5 },
  { name: 'dossier extract <seed>', args: [bin, 'extract', seed], target: 3 },
];

/** Milliseconds one run of `node ...args` takes, start to exit; throws when it fails. */
function timeRun(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  return elapsed;
}

// One unmeasured round warms the file cache.
for (const command of commands) timeRun(command.args);
const times = commands.map(() => []);
for (let round = 0; round < runs; round++) {
  commands.forEach((command, index) => times[index].push(timeRun(command.args)));
}

const baseline = median(times[0]);
const rows = commands.map((command, index) => {
  const ms = median(times[index]);
  const ratio = ms / baseline;
  return { command: command.name, medianMs: Number(ms.toFixed(1)), ratio: Number(ratio.toFixed(2)), ...command };
});
if (process.argv.includes('--json')) {
  const json = rows.map(({ command, medianMs, ratio, target }) => ({ command, medianMs, ratio, target }));
  process.stdout.write(`${JSON.stringify({ runs, rows: json }, null, 2)}\n`);
} else {
  process.stdout.write(`CLI start-up, median of ${runs} alternating runs (node ${process.version})\n`);
  for (const row of rows) {
    const verdict =
      row.target === undefined ? '' : `  target ≤ ${row.target}× ${row.ratio <= row.target ? 'met' : 'NOT met'}`;
    process.stdout.write(
      `  ${row.command.padEnd(24)} ${row.medianMs.toFixed(1).padStart(8)} ms  ${row.ratio.toFixed(2)}×${verdict}\n`,
    );
  }
}
