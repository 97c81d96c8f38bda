// How much the whole-collection checks computation (started in the background by the first /api/checks) holds the
// event loop: opens a SQLite knowledge base, asks the first page of the checks, and until the computation and the
// write of its findings have settled, measures the event-loop delay (perf_hooks.monitorEventLoopDelay, wall time)
// and, on a 2 ms timer, the CPU time the process used between two turns of the loop (what a request arriving
// meanwhile waits for, without the time the process waited for a core on a loaded machine), and the largest heap.
// It writes the findings to the database: run it on a copy (cp 10k.db copy.db) each time.
// Usage: node bench/checks-loop-delay.mjs <copy.db> [--dist folder] (default dist/, e.g. a build of another commit)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { argument, root } from './bench-support.mjs';

const location = process.argv[2];
if (!location || location.startsWith('--')) {
  console.error('usage: node bench/checks-loop-delay.mjs <copy.db> [--dist folder]');
  process.exit(2);
}
const dist = path.resolve(root, argument('dist', 'dist'));
const load = (module) => import(pathToFileURL(path.join(dist, 'core', module)).href);
const { Dossier } = await load('index.js');
const { referenceChecksFor } = await load('reference-checks.js');

const dossier = await Dossier.open(location, { create: false });
const checks = referenceChecksFor(dossier);
const delay = monitorEventLoopDelay({ resolution: 5 });
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const turns = [];
let lastCpu = cpuMs();
let heapMax = 0;
const timer = setInterval(() => {
  const now = cpuMs();
  turns.push(now - lastCpu);
  lastCpu = now;
  heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
}, 2);

delay.enable();
const began = performance.now();
const first = await checks.page();
const firstMs = performance.now() - began;
await checks.settledComputation();
const seconds = (performance.now() - began) / 1000;
delay.disable();
clearInterval(timer);

turns.sort((a, b) => b - a);
const ms = (ns) => (ns / 1e6).toFixed(1);
const at = (share) => (turns[Math.floor(share * turns.length)] ?? 0).toFixed(1);
const done = await checks.page();
console.log(`first /api/checks page in ${firstMs.toFixed(0)} ms (computing: ${JSON.stringify(first.computing)})`);
console.log(
  `computation and write: ${seconds.toFixed(1)} s, ${done.findings.length ? 'findings stored' : 'no findings'}`,
);
console.log(
  `event-loop delay (wall): p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms`,
);
console.log(
  `CPU between two turns: max ${at(0)} ms, p99.9 ${at(0.001)}, p99 ${at(0.01)}; ` +
    `turns over 50 ms: ${turns.filter((t) => t > 50).length}, over 20 ms: ${turns.filter((t) => t > 20).length}`,
);
console.log(`largest heap: ${(heapMax / 2 ** 20).toFixed(0)} MiB`);
await dossier.close();
