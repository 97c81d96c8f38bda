// GET /api/entities/:id/related: the entities mentioned in the same sentences as one entity or
// linked to it by a relation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, RelatedEntitiesSchema } from '../../model/index.js';
import { collectionViewsFor, type Dossier } from '../../core/index.js';
import { entityParams } from './schema.js';

export const entityRelatedRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/entities/:id/related',
      {
        schema: {
          tags: ['entities'],
          summary: 'Entities mentioned in the same sentences as this one or linked to it by a relation',
          params: entityParams,
          response: {
            200: RelatedEntitiesSchema,
            404: ErrorEnvelopeSchema,
          },
        },
      },
      async (request) => {
        await dossier.getEntity(request.params.id);
        return { entity: request.params.id, related: await collectionViewsFor(dossier).related(request.params.id) };
      },
    );
  };
