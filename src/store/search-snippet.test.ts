// Unit tests of the shared snippet highlighter: escaping, plural/stem forms, prefixes.
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';
import { foldWord, highlightSnippet, wordRoot } from './search-snippet.js';

const snippet = (sentence: string, q: string) => highlightSnippet(sentence, parseSearchQuery(q));

describe('highlightSnippet', () => {
  it('marks exact and simple inflected forms, case- and accent-insensitively', () => {
    expect(snippet('Railways and the railway.', 'railway')).toBe('<mark>Railways</mark> and the <mark>railway</mark>.');
    expect(snippet('The Kazakhs and a Kazakh official.', 'kazakhs')).toBe(
      'The <mark>Kazakhs</mark> and a <mark>Kazakh</mark> official.',
    );
    expect(snippet('It supplies countries and keeps supplying a country.', 'supply country')).toBe(
      'It <mark>supplies</mark> <mark>countries</mark> and keeps <mark>supplying</mark> a <mark>country</mark>.',
    );
    expect(snippet('Türkiye and TURKIYE.', 'turkiye')).toBe('<mark>Türkiye</mark> and <mark>TURKIYE</mark>.');
    expect(snippet("Astana's policy.", 'astana')).toBe('<mark>Astana</mark>&apos;s policy.');
  });

  it('marks words that begin with a prefix term', () => {
    expect(snippet('Tashkent and Tashauz, not Kabul.', 'Tash*')).toBe(
      '<mark>Tashkent</mark> and <mark>Tashauz</mark>, not Kabul.',
    );
    expect(snippet('Tashkent.', 'Tash')).toBe('Tashkent.');
  });

  it('escapes HTML everywhere else, including in marked words', () => {
    expect(snippet('<b>"trust" & verify</b>', 'trust')).toBe(
      '&lt;b&gt;&quot;<mark>trust</mark>&quot; &amp; verify&lt;/b&gt;',
    );
    expect(snippet('<script>alert(1)</script>', 'script')).toBe(
      '&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;',
    );
    expect(snippet('a < b', '')).toBe('a &lt; b');
  });

  it('does not mark unrelated words that share a beginning', () => {
    expect(snippet('The railway is not a rail.', 'rail')).toBe('The railway is not a <mark>rail</mark>.');
    expect(wordRoot('states')).toBe(wordRoot('state'));
  });
});

describe('foldWord', () => {
  it('folds ASCII words by case alone and others by case and diacritics', () => {
    expect(foldWord('KABUL')).toBe('kabul');
    expect(foldWord('Türkiye')).toBe('turkiye');
    expect(foldWord('Café')).toBe('cafe');
  });

  it('marks a word only through a term whose root begins it', () => {
    expect(snippet('Securities and secure security.', 'security')).toBe(
      '<mark>Securities</mark> and secure <mark>security</mark>.',
    );
  });
});
