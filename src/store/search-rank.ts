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

interface Word {
  folded: string;
  root: string | null;
}

const matches = (word: Word, matcher: TokenMatcher): boolean => {
  if (word.folded === matcher.folded || (matcher.prefix && word.folded.startsWith(matcher.folded))) return true;
  word.root ??= wordRoot(word.folded);
  return word.root === matcher.root;
};

/**
 * The score of a sentence for the query, higher is better: for each group, its occurrences in the
 * sentence (at least 1: the full-text index found it there, perhaps through a stem this light
 * matcher does not pair), saturated and normalised by the sentence's length in words.
 */
export function scoreSentence(text: string, matchers: TokenMatcher[][]): number {
  const words: Word[] = (foldWord(text).match(wordPattern) ?? []).map((folded) => ({ folded, root: null }));
  const norm = k1 * (1 - b + (b * words.length) / typicalWords);
  let score = 0;
  for (const group of matchers) {
    let frequency = 0;
    for (let i = 0; i + group.length <= words.length; i++)
      if (group.every((matcher, j) => matches(words[i + j]!, matcher))) frequency++;
    const tf = Math.max(1, frequency);
    score += (tf * (k1 + 1)) / (tf + norm);
  }
  return Math.round(score * 1e6) / 1e6;
}
