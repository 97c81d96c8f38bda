// Unit tests of the search query parser and of the FTS5 / tsquery strings it produces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortPrefixes } from '../model/index.js';
import { parseSearchQuery, toFts5Match, toTsQuerySource } from './search-query.js';

describe('parseSearchQuery', () => {
  it('reads words, phrases, hyphenated words and prefixes', () => {
    expect(parseSearchQuery('railway Kabul').groups).toEqual([
      { tokens: ['railway'], prefix: false },
      { tokens: ['Kabul'], prefix: false },
    ]);
    expect(parseSearchQuery('"trans-Afghan railway" Tash*').groups).toEqual([
      { tokens: ['trans', 'Afghan', 'railway'], prefix: false },
      { tokens: ['Tash'], prefix: true },
    ]);
    expect(parseSearchQuery('trans-Afghan').groups).toEqual([{ tokens: ['trans', 'Afghan'], prefix: false }]);
    expect(parseSearchQuery('"rail"*').groups).toEqual([{ tokens: ['rail'], prefix: true }]);
  });

  it('treats operators and syntax as plain words or nothing', () => {
    expect(parseSearchQuery('NEAR(a b) AND c OR NOT d').groups.map((g) => g.tokens)).toEqual([
      ['NEAR', 'a'],
      ['b'],
      ['AND'],
      ['c'],
      ['OR'],
      ['NOT'],
      ['d'],
    ]);
    expect(parseSearchQuery('title:x').groups).toEqual([{ tokens: ['title', 'x'], prefix: false }]);
    expect(parseSearchQuery('*rail').groups).toEqual([{ tokens: ['rail'], prefix: false }]);
    expect(parseSearchQuery('"unbalanced phrase').groups.map((g) => g.tokens)).toEqual([['unbalanced'], ['phrase']]);
    for (const q of ['', '   ', '"', '""', '***', '()', '-', '\u0000']) expect(parseSearchQuery(q).groups).toEqual([]);
  });

  it('keeps unicode words and limits pathological input', () => {
    expect(parseSearchQuery('Ташкент café e\u0301').groups.map((g) => g.tokens)).toEqual([
      ['Ташкент'],
      ['café'],
      ['é'],
    ]);
    expect(parseSearchQuery('w '.repeat(500)).groups).toHaveLength(32);
    expect(parseSearchQuery('x'.repeat(101)).groups).toEqual([]);
  });
});

describe('query strings', () => {
  it('builds an FTS5 MATCH of quoted phrases and prefix marks', () => {
    expect(toFts5Match(parseSearchQuery('"trans-Afghan railway" Tash* AND'))).toBe(
      '"trans Afghan railway" "Tash" * "AND"',
    );
  });

  it('builds a tsquery source of lexemes, <-> phrases and :* prefixes', () => {
    expect(toTsQuerySource(parseSearchQuery('"trans-Afghan railway" Tash* AND'))).toBe(
      '(trans <-> Afghan <-> railway) & Tash:* & AND',
    );
  });

  it('reads a prefix shorter than three characters as a word, and names it', () => {
    expect(toFts5Match(parseSearchQuery('ta* tas* "trans af*"'))).toBe('"ta" "tas" * "trans af"');
    expect(toTsQuerySource(parseSearchQuery('ta* tas* "trans af*"'))).toBe('ta & tas:* & (trans <-> af)');
    expect(shortPrefixes('ta* tas* "trans af*" wheat')).toEqual(['ta*', 'af*']);
    expect(shortPrefixes('tas* wheat')).toEqual([]);
  });

  it('never lets a quote into FTS5 tokens or an operator into tsquery lexemes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (q) => {
        for (const group of parseSearchQuery(q).groups) {
          for (const token of group.tokens) expect(token).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});
