// Web bundle size: the gzipped JavaScript the actor page loads (the entry chunk and its static
// imports, from Vite's manifest; the lazily loaded map and graph chunks are listed apart).
// Target: < 250 KB gzipped for the actor page.
// Usage: node bench/web-bundle-size.mjs [--dir dist/web]   (builds the UI first when missing)
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { argument, root } from './bench-support.mjs';

let dir = path.resolve(root, argument('dir', path.join('dist', 'web')));
if (!existsSync(path.join(dir, '.vite', 'manifest.json'))) {
  const { build } = await import('vite');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-web-'));
  await build({
    configFile: path.join(root, 'src', 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
}
const manifest = JSON.parse(readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8'));
const gzipped = (file) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).byteLength;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const eager = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || eager.has(chunk.file)) return;
  eager.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entryKey);
const lazy = new Set(
  Object.values(manifest)
    .map((chunk) => chunk.file)
    .filter((file) => file.endsWith('.js') && !eager.has(file)),
);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let total = 0;
console.log('Loaded by the actor page (gzip -9):');
for (const file of eager) {
  const size = gzipped(file);
  total += size;
  console.log(`  ${file.padEnd(40)} ${kb(size)}`);
}
console.log('Lazy chunks (map, network graph), not loaded by the actor page:');
for (const file of lazy) console.log(`  ${file.padEnd(40)} ${kb(gzipped(file))}`);
console.log(`actor page JS: ${kb(total)} gzipped (target < 250 KB): ${total < 250 * 1024 ? 'OK' : 'ABOVE TARGET'}`);
