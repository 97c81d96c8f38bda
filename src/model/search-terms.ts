// How Dossier reads search text (shared by the stores and the API): word tokens grouped into
// terms and phrases, a trailing `*` making the last token a prefix. Only letters, digits and
// combining marks are kept, so no input can break a query language. A prefix of fewer than
// `minPrefixLength` characters is no prefix (it would expand to most of the vocabulary): the
// stores read it as a whole word and the API refuses it with a clear message.

/** A term (one token) or a phrase (several tokens in order); `prefix` marks the last token as a prefix. */
export interface TermGroup {
  tokens: string[];
  prefix: boolean;
}

export interface SearchTerms {
  groups: TermGroup[];
}

const maxGroups = 32;
const maxTokensPerGroup = 16;
const maxTokenLength = 100;

/** A word: a letter or digit followed by letters, digits and combining marks. */
export const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

const wordsOf = (text: string): string[] =>
  (text.match(wordPattern) ?? []).filter((word) => word.length <= maxTokenLength).slice(0, maxTokensPerGroup);

/**
 * Parses user text: a "quoted phrase" is one phrase; elsewhere each whitespace-separated chunk is
 * a term, or a phrase when punctuation joins several words (`trans-Afghan`, `title:x`); a chunk or
 * phrase ending in `*` is a prefix query. Operators (AND, OR, NOT, NEAR) are plain words here.
 */
export function parseSearchQuery(q: string): SearchTerms {
  const text = q.normalize('NFKC');
  const parts = text.split(/["“”]/);
  // An odd number of quotes leaves the last part after an unbalanced quote: read it as unquoted.
  const balanced = parts.length % 2 === 1;
  const groups: TermGroup[] = [];
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1 && (balanced || index < parts.length - 1);
    if (quoted) {
      const tokens = wordsOf(part);
      const next = parts[index + 1] ?? '';
      if (tokens.length > 0) groups.push({ tokens, prefix: /\*\s*$/.test(part) || next.startsWith('*') });
      return;
    }
    for (const chunk of part.split(/\s+/)) {
      const tokens = wordsOf(chunk);
      if (tokens.length > 0) groups.push({ tokens, prefix: /[\p{L}\p{N}\p{M}]\*+$/u.test(chunk) });
    }
  });
  return { groups: groups.slice(0, maxGroups) };
}

export const isEmptyQuery = (terms: SearchTerms): boolean => terms.groups.length === 0;

/** The shortest token a prefix query expands ("tas*"); shorter ones ("ta*") are read as words. */
export const minPrefixLength = 3;

/** Whether a group's last token is read as a prefix: marked so, and long enough. */
export const expandsPrefix = (group: TermGroup): boolean =>
  group.prefix && (group.tokens[group.tokens.length - 1] ?? '').length >= minPrefixLength;

/** The prefixes of the text too short to expand ("ta*"), as written with their star. */
export function shortPrefixes(q: string): string[] {
  return parseSearchQuery(q)
    .groups.filter((group) => group.prefix && !expandsPrefix(group))
    .map((group) => `${group.tokens[group.tokens.length - 1] ?? ''}*`);
}
