// The relevance of a matched sentence, computed the same way for both backends from the sentence's
// text: a BM25 term-frequency and length weighting per query group (a word, a phrase or a prefix),
// summed. Neither FTS5's bm25() nor PostgreSQL's ts_rank_cd is used: bm25() reads every match of
// each term to weigh it (the cost grows with the collection), and two rankers would order the same
// matches differently. Search ranks a bounded window of matches with this (search-query.ts).
import { expandsPrefix } from '../model/index.js';
import { wordPattern, type SearchTerms } from './search-query.js';
import { foldWord, wordRoot } from './search-snippet.js';

/** BM25's term-frequency saturation and length normalisation, and the sentence length it normalises to. */
const k1 = 1.2;
const b = 0.75;
const typicalWords = 24;

interface TokenMatcher {
  folded: string;
  root: string;
  prefix: boolean;
}

/** How each group of the query matches one word (the same forms the snippet highlights). */
export function groupMatchers(terms: SearchTerms): TokenMatcher[][] {
  return terms.groups.map((group) =>
    group.tokens.map((token, index) => {
      const folded = foldWord(token);
      return { folded, root: wordRoot(folded), prefix: expandsPrefix(group) && index === group.tokens.length - 1 };
    }),
  );
}

/** Whether a folded word matches: the same word, a word the prefix begins, or the same root (the snippet's forms). */
const matches = (word: string, matcher: TokenMatcher): boolean =>
  word === matcher.folded ||
  (matcher.prefix && word.startsWith(matcher.folded)) ||
  // A word's root is a beginning of the word: most words are told apart without stemming them.
  (word.startsWith(matcher.root) && wordRoot(word) === matcher.root);

const isWordCode = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code > 127;

/** Where each word of lower-cased ASCII text starts and ends (no pattern matching, no allocation per word). */
function asciiWordCount(lower: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < lower.length; i++) {
    const word = isWordCode(lower.charCodeAt(i));
    if (word && !inWord) count++;
    inWord = word;
  }
  return count;
}

/** Occurrences of a one-word group in lower-cased ASCII text: found by its root, then checked as a word. */
function asciiFrequency(lower: string, matcher: TokenMatcher): number {
  let frequency = 0;
  for (let at = lower.indexOf(matcher.root); at >= 0; at = lower.indexOf(matcher.root, at + 1)) {
    if (at > 0 && isWordCode(lower.charCodeAt(at - 1))) continue;
    let end = at + matcher.root.length;
    while (end < lower.length && isWordCode(lower.charCodeAt(end))) end++;
    if (matches(lower.slice(at, end), matcher)) frequency++;
  }
  return frequency;
}

const ascii = /^[\x00-\x7f]*$/;
const asciiWord = /[a-z0-9]+/g;

/** The sentence's words, folded (lower case, no diacritics); ASCII text takes a plain (faster) pattern. */
const foldedWords = (text: string): string[] =>
  (ascii.test(text) ? text.toLowerCase().match(asciiWord) : foldWord(text).match(wordPattern)) ?? [];

/**
 * The score of a sentence for the query, higher is better: for each group, its occurrences in the
 * sentence (at least 1: the full-text index found it there, perhaps through a stem this light
 * matcher does not pair), saturated and normalised by the sentence's length in words.
 */
export function scoreSentence(text: string, matchers: TokenMatcher[][]): number {
  // ASCII text (most sentences) with one-word groups: counted by searching the text, without splitting it.
  const fast = ascii.test(text) && matchers.every((group) => group.length === 1);
  const lower = fast ? text.toLowerCase() : '';
  const words = fast ? [] : foldedWords(text);
  const length = fast ? asciiWordCount(lower) : words.length;
  const norm = k1 * (1 - b + (b * length) / typicalWords);
  let score = 0;
  for (const group of matchers) {
    let frequency = 0;
    if (fast) frequency = asciiFrequency(lower, group[0]!);
    else
      for (let i = 0; i + group.length <= words.length; i++) {
        let j = 0;
        while (j < group.length && matches(words[i + j]!, group[j]!)) j++;
        if (j === group.length) frequency++;
      }
    const tf = Math.max(1, frequency);
    score += (tf * (k1 + 1)) / (tf + norm);
  }
  return Math.round(score * 1e6) / 1e6;
}

/** A query's ranked window of matches (search's top-k) and its count, as one store revision answers it. */
export interface RankedWindow {
  /** The window's sentence ids, best first. */
  ranked: unknown[];
  /** Score by sentence id (as a string). */
  scores: Map<string, number>;
  /** The window's sentence texts by id (as a string): a page within the window reads none again. */
  texts: Map<string, string>;
  /** Whether the window is full (more matches may follow it, newest first). */
  full: boolean;
  total: number;
  totalExact: boolean;
}

/**
 * The last few ranked windows, by revision and query: the pages of one query (the facets read two) rank its window
 * once. A new revision's key misses, and the oldest entries leave first.
 */
export class RankedWindows {
  private readonly entries = new Map<string, RankedWindow>();

  constructor(private readonly capacity = 16) {}

  get(key: string): RankedWindow | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: RankedWindow): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
