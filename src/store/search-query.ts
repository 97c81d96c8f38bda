// Turns any user search text into safe full-text queries: word tokens grouped into terms and
// phrases, rendered as an FTS5 MATCH string (SQLite) or a to_tsquery string (PostgreSQL). Only
// letters, digits and combining marks ever reach either query language, so no input can break it.

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

/** FTS5 MATCH string: every group double-quoted (a phrase when it has several tokens), implicit AND. */
export function toFts5Match(terms: SearchTerms): string {
  return terms.groups.map((group) => `"${group.tokens.join(' ')}"${group.prefix ? ' *' : ''}`).join(' ');
}

/**
 * to_tsquery source for PostgreSQL (pass it as a parameter with the 'english' config): groups
 * joined by `&`, tokens of a phrase by `<->`, `:*` on a prefix token. Tokens hold only letters,
 * digits and marks, so none of the tsquery operators can appear in them.
 */
export function toTsQuerySource(terms: SearchTerms): string {
  return terms.groups
    .map((group) => {
      const tokens = group.tokens.map((token, index) =>
        group.prefix && index === group.tokens.length - 1 ? `${token}:*` : token,
      );
      return tokens.length > 1 ? `(${tokens.join(' <-> ')})` : tokens[0];
    })
    .join(' & ');
}
