// GET /api/entities/:id: an entity and its mentions across all profiles, each with its sentence.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EntityDetailSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

export const entityRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/entities/:id',
      {
        schema: {
          tags: ['entities'],
          summary: 'An entity with every mention of it across the profiles',
          params: z.object({ id: z.string().min(1).max(200) }),
          response: { 200: EntityDetailSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => dossier.getEntity(request.params.id),
    );
  };
