// The entity listing for pickers (GET /api/entities): entities by name, filtered by type, country
// and words of the name, id or an alias; keyset-paginated (`next` is passed back as `after`).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EntityListQuerySchema, EntityListSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema };

export const entityListRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/entities',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['entities'],
          summary:
            'Entities by name, filtered by type, country and q (words of the name, id or an alias); pass `next` ' +
            'back as `after` for the next page',
          querystring: EntityListQuerySchema,
          response: { 200: EntityListSchema, ...errors },
        },
      },
      async (request) => dossier.review.listEntities(request.query),
    );
  };
