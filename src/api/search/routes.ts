// GET /api/search: bm25-ranked sentences with highlighted snippets; any text is a valid query.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, SearchResultSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

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
            q: z.string().max(1000).default(''),
            actor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).max(100_000).default(0),
          }),
          response: { 200: SearchResultSchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request) => dossier.search(request.query),
    );
  };
