// GET /api/search: bm25-ranked sentences with highlighted snippets; any text is a valid query. When
// the query is an entity's name or alias ("Nur-Sultan"), `entity` says which entity it names. A query
// over 1,000 characters is a 400 BAD_REQUEST saying so.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, NamedEntitySchema, SearchResultSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

/** The longest query the search routes take; a longer one is answered 400 BAD_REQUEST with {@link queryTooLong}. */
export const maxQueryLength = 1000;
export const queryTooLong = 'the query is over 1,000 characters';

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
            q: z.string().max(maxQueryLength, queryTooLong).default(''),
            actor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).max(100_000).default(0),
          }),
          response: { 200: SearchWithEntitySchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const [result, entity] = await Promise.all([dossier.search(request.query), dossier.entityNamedBy(request.query.q)]);
        return entity ? { ...result, entity } : result;
      },
    );
  };
