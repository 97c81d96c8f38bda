// Renders parsed search text (src/model/search-terms.ts) as an FTS5 MATCH string (SQLite) or a
// to_tsquery string (PostgreSQL). Only letters, digits and combining marks ever reach either query
// language, so no input can break it; a prefix shorter than three characters is read as a word.
import { expandsPrefix, type SearchTerms } from '../model/index.js';

export { isEmptyQuery, parseSearchQuery, wordPattern, type SearchTerms, type TermGroup } from '../model/index.js';

/** FTS5 MATCH string: every group double-quoted (a phrase when it has several tokens), implicit AND. */
export function toFts5Match(terms: SearchTerms): string {
  return terms.groups.map((group) => `"${group.tokens.join(' ')}"${expandsPrefix(group) ? ' *' : ''}`).join(' ');
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
        expandsPrefix(group) && index === group.tokens.length - 1 ? `${token}:*` : token,
      );
      return tokens.length > 1 ? `(${tokens.join(' <-> ')})` : tokens[0];
    })
    .join(' & ');
}
