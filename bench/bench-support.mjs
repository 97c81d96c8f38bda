// Shared helpers for the benchmarks: percentiles, medians, argument parsing, a corpus of
// seed copies with varied actor names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

const syllables = ['ka', 'ru', 'to', 'mi', 'sa', 'lo', 'ven', 'dar', 'pol', 'ista', 'nor', 'bel', 'gu', 'ter', 'an'];

/** A pronounceable, unique actor name for copy `index`. */
export function variedActorName(index) {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    name += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return `${name[0].toUpperCase()}${name.slice(1)}ia ${index + 1}`;
}

/** `count` copies of the seed, each retitled with its own actor name (so each is a new actor). */
export function seedCopies(count) {
  const seed = readFileSync(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
  const body = seed.slice(seed.indexOf('\n'));
  return Array.from({ length: count }, (_, index) => {
    const name = variedActorName(index);
    return { name: `${name}.txt`, text: `${name}${body}` };
  });
}
