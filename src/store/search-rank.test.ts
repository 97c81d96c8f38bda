// Unit tests of the shared relevance score: repeated terms and short sentences rank higher, phrases
// count whole occurrences, inflected forms, prefixes and non-ASCII text score like the snippet marks them.
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';
import { groupMatchers, RankedWindows, scoreSentence } from './search-rank.js';

const score = (sentence: string, q: string) => scoreSentence(sentence, groupMatchers(parseSearchQuery(q)));

describe('scoreSentence', () => {
  it('ranks a sentence that repeats the term above one that names it once', () => {
    const once = score('The railway crosses the border near Termez.', 'railway');
    const thrice = score('The railway, the trans-Afghan railway, is the railway Tashkent wants most.', 'railway');
    expect(thrice).toBeGreaterThan(once);
  });

  it('ranks a short sentence above a long one with the same occurrences', () => {
    const short = score('Wheat exports grew.', 'wheat');
    const long = score(`Wheat ${'and many other goods crossed the border in trucks '.repeat(4)}.`, 'wheat');
    expect(short).toBeGreaterThan(long);
  });

  it('counts inflected forms, prefixes, phrases and accented words', () => {
    const plain = score('A railway.', 'railway');
    expect(score('Railways and a railway.', 'railway')).toBeGreaterThan(plain);
    expect(score('Tashkent and Tashauz.', 'Tash*')).toBeGreaterThan(score('Tashkent and Kabul.', 'Tash*'));
    expect(score('Humanitarian aid and humanitarian aid.', '"humanitarian aid"')).toBeGreaterThan(
      score('Humanitarian aid and aid.', '"humanitarian aid"'),
    );
    expect(score('Türkiye and Türkiye.', 'turkiye')).toBeGreaterThan(score('Türkiye and Iran.', 'turkiye'));
  });

  it('scores a sentence the index matched through a stem it does not pair as one occurrence', () => {
    expect(score('Generous terms.', 'generate')).toBe(score('Generate terms.', 'generate'));
  });

  it('adds the groups of a query', () => {
    expect(score('Kabul delegation.', 'Kabul delegation')).toBeGreaterThan(score('Kabul delegation.', 'Kabul'));
  });
});

describe('RankedWindows', () => {
  const window = (total: number) => ({
    ranked: [],
    scores: new Map(),
    texts: new Map(),
    full: false,
    total,
    totalExact: true,
  });

  it('keeps the most recently used windows and lets the oldest go', () => {
    const windows = new RankedWindows(2);
    windows.set('a', window(1));
    windows.set('b', window(2));
    expect(windows.get('a')?.total).toBe(1);
    windows.set('c', window(3));
    expect(windows.get('b')).toBeUndefined();
    expect(windows.get('a')?.total).toBe(1);
    expect(windows.get('c')?.total).toBe(3);
  });
});
