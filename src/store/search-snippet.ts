// Highlighted snippets for search hits, shared by both backends so they mark the same words:
// the sentence HTML-escaped, each word that matches a query term wrapped in <mark>…</mark>.
import { escapeUTF8 } from 'entities';
import { wordPattern, type SearchTerms } from './search-query.js';

const asciiOnly = /^[\x00-\x7f]*$/;

/** Case- and diacritic-insensitive form of a word (ASCII, most words, needs no decomposition). */
export const foldWord = (word: string): string =>
  asciiOnly.test(word) ? word.toLowerCase() : word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const suffixes = ['ingly', 'edly', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 's'];

/**
 * A light stem, enough to pair the forms the full-text stemmers conflate most often: plurals and
 * possessives (`Kazakhs`, `railways`, `countries`/`country`), -ed/-ing (`supplying`/`supply`).
 */
export function wordRoot(folded: string): string {
  let word = folded.replace(/['’]s$/, '');
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      word = word.slice(0, -suffix.length);
      break;
    }
  }
  if (/[ey]$/.test(word) && word.length > 3) word = word.slice(0, -1);
  return word;
}

interface Matcher {
  folded: string;
  root: string;
  prefix: boolean;
}

/** Whether a word of the sentence matches one of the query terms (same root, or a prefix term). */
export function matchesTerm(word: string, matchers: Matcher[]): boolean {
  const folded = foldWord(word);
  // A word's root is a beginning of it: a word that begins with no term's root (most words) is not stemmed.
  if (!matchers.some((matcher) => folded.startsWith(matcher.root) || folded.startsWith(matcher.folded))) return false;
  const root = wordRoot(folded);
  return matchers.some(
    (matcher) =>
      folded === matcher.folded || root === matcher.root || (matcher.prefix && folded.startsWith(matcher.folded)),
  );
}

export function termMatchers(terms: SearchTerms): Matcher[] {
  return terms.groups.flatMap((group) =>
    group.tokens.map((token, index) => {
      const folded = foldWord(token);
      return { folded, root: wordRoot(folded), prefix: group.prefix && index === group.tokens.length - 1 };
    }),
  );
}

/** The sentence, HTML-escaped, with every word matching a query term wrapped in `<mark>`. */
export function highlightSnippet(sentence: string, terms: SearchTerms): string {
  const matchers = termMatchers(terms);
  let html = '';
  let last = 0;
  for (const match of sentence.matchAll(wordPattern)) {
    const start = match.index;
    const word = match[0];
    if (!matchesTerm(word, matchers)) continue;
    html += `${escapeUTF8(sentence.slice(last, start))}<mark>${escapeUTF8(word)}</mark>`;
    last = start + word.length;
  }
  return html + escapeUTF8(sentence.slice(last));
}
