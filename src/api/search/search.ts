// GET /api/search: sentences ranked by relevance (a BM25 weighting of the 500 newest matches,
// src/store/search-rank.ts) with highlighted snippets; any text is a valid query. When
// the query is an entity's name or alias ("Nur-Sultan"), `entity` says which entity it names. A query
// over 1,000 characters, or with a prefix shorter than three characters ("ta*"), is a 400
// BAD_REQUEST saying so. Matches are counted up to 10,000 unless `count=exact`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, SearchWithEntitySchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { SearchRouteQuerySchema } from './schema.js';

export const searchRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    // The index of the reference data's names (which entity a query names) is built while the server gets ready,
    // not by the first search.
    app.addHook('onReady', async () => {
      await dossier.entityNamedBy('Kabul').catch(() => null);
    });
    app.get(
      '/api/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Full-text search over the sentences of the latest version of every profile',
          querystring: SearchRouteQuerySchema,
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
