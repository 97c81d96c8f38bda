// GET /api/search: bm25-ranked sentences with highlighted snippets; any text is a valid query. When
// the query is an entity's name or alias ("Nur-Sultan"), `entity` says which entity it names. A query
// over 1,000 characters, or with a prefix shorter than three characters ("ta*"), is a 400
// BAD_REQUEST saying so. Matches are counted up to 10,000 unless `count=exact`.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorEnvelopeSchema,
  NamedEntitySchema,
  SearchResultSchema,
  minPrefixLength,
  searchLimits,
  searchPageLimit,
  searchPageOffset,
  shortPrefixes,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

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
        message: `a prefix search needs at least ${minPrefixLength} characters before the *: ${short.map((p) => `"${p}"`).join(', ')}`,
      });
    }
  });

/** A search answer, with the entity the query names (by its name or an alias) when it names one. */
const SearchWithEntitySchema = SearchResultSchema.extend({ entity: NamedEntitySchema.optional() });

export const searchRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Full-text search over the sentences of the latest version of every profile',
          querystring: z.object({
            q: searchText.default(''),
            actor: z.string().max(200).optional(),
            limit: searchPageLimit,
            offset: searchPageOffset,
            count: z
              .enum(['capped', 'exact'])
              .optional()
              .describe(
                '`exact`: count every match (slower); by default matches are counted up to 10,000 and `totalExact` says whether the count stopped',
              ),
          }),
          response: { 200: SearchWithEntitySchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const [result, entity] = await Promise.all([
          dossier.search(request.query),
          dossier.entityNamedBy(request.query.q),
        ]);
        return entity ? { ...result, entity } : result;
      },
    );
  };
