// Counts and names of the first screens, formatted and ordered without Intl: the same text as
// `toLocaleString('en')` and, for ASCII names, the same order as `localeCompare`.
import { describe, expect, it } from 'vitest';
import { compareNames, formatCount } from './ui.js';

describe('formatCount', () => {
  it('writes counts as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 41220, 300, 2000, 1234567, -4321, 10_000_000])
      expect(formatCount(n)).toBe(n.toLocaleString('en'));
  });
});

describe('compareNames', () => {
  it('orders ASCII names as localeCompare does', () => {
    const names = [
      'beta',
      'Alpha',
      'alpha',
      'Gamma 2',
      'gamma 10',
      'Delta',
      'delta-x',
      'Zeta',
      'ab',
      'Ab c',
      '9 lives',
    ];
    expect([...names].sort(compareNames)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('hands names with other characters to localeCompare', () => {
    expect(compareNames('Émile', 'Zoe')).toBe('Émile'.localeCompare('Zoe'));
    expect(compareNames('Zoe', 'Émile')).toBeGreaterThan(0);
  });
});
