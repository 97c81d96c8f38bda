// The request schemas of src/api/search: the search text both routes take (at most 1,000
// characters, no prefix shorter than three characters before its *) and the query of GET /api/search.
import { z } from 'zod';
import { minPrefixLength, searchLimits, searchPageLimit, searchPageOffset, shortPrefixes } from '../../model/index.js';

/** The longest query the search routes take; a longer one is answered 400 BAD_REQUEST with {@link queryTooLong}. */
export const maxQueryLength = searchLimits.maxQueryLength;
export const queryTooLong = 'the query is over 1,000 characters';

/**
 * The search text the routes take: at most 1,000 characters, and no prefix shorter than three
 * characters ("ta*" would expand to most of the vocabulary): each is a 400 saying so.
 */
export const searchText = z
  .string()
  .max(maxQueryLength, queryTooLong)
  .superRefine((q, context) => {
    const short = shortPrefixes(q);
    if (short.length > 0) {
      context.addIssue({
        code: 'custom',
        message:
          `a prefix search needs at least ${minPrefixLength} characters before the *: ` +
          `${short.map((p) => `"${p}"`).join(', ')}`,
      });
    }
  });

/** The query of GET /api/search. */
export const SearchRouteQuerySchema = z.object({
  q: searchText.default(''),
  actor: z.string().max(200).optional(),
  limit: searchPageLimit,
  offset: searchPageOffset,
  count: z
    .enum(['capped', 'exact'])
    .optional()
    .describe(
      '`exact`: count every match (slower); by default matches are counted up to 10,000 and `totalExact` says ' +
        'whether the count stopped',
    ),
});
