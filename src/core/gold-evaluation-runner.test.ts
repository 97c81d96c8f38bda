// The gold files `dossier eval` scores, and a floor under the extraction's scores on all of them
// (the seed, the examples' gold and the independently written held-out profiles).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGoldPair, findGoldPairs } from './gold-evaluation-runner.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('gold evaluation runner', () => {
  it('pairs every gold file with its profile', async () => {
    const pairs = await findGoldPairs(root);
    const names = pairs.map((pair) => pair.name);
    expect(names[0]).toBe('seed (kazakhstan)');
    expect(names.filter((name) => name.startsWith('example '))).toHaveLength(2);
    expect(names.filter((name) => name.startsWith('held-out ')).length).toBeGreaterThanOrEqual(4);
    for (const pair of pairs) {
      expect(existsSync(pair.document), pair.document).toBe(true);
      expect(existsSync(pair.gold), pair.gold).toBe(true);
    }
  });

  it('keeps mention F1, country linking and time values high on every gold document', async () => {
    for (const pair of await findGoldPairs(root)) {
      const evaluation = await evaluateGoldPair(pair);
      expect(evaluation.mentionsOverlap.f1, pair.name).toBeGreaterThanOrEqual(0.95);
      expect(evaluation.countryLinking.value, pair.name).toBeGreaterThanOrEqual(0.95);
      expect(evaluation.timeValues.value, pair.name).toBeGreaterThanOrEqual(0.9);
    }
  });
});
