// Editors curate entities: PATCH /api/entities/:id (name, aliases, Wikidata QID, country, type;
// kept over the gazetteer's data when profiles are ingested again) and POST
// /api/entities/:id/merge (re-points every mention, relation and event to another entity).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EntityMergeResultSchema, EntityMergeSchema, EntityPatchSchema, EntitySchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { entityParams } from './schema.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404);

export const entityAdminRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.patch(
      '/api/entities/:id',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['entities'],
          summary: "Edit an entity's name, aliases, Wikidata QID, country or type",
          params: entityParams,
          body: EntityPatchSchema,
          response: { 200: EntitySchema, ...errors },
        },
      },
      async (request) => dossier.review.updateEntity(request.params.id, request.body, actingUser(request).name),
    );

    app.post(
      '/api/entities/:id/merge',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['entities'],
          summary:
            'Merge this entity into another: mentions, relations and events move to it, the names become its ' +
            'aliases, this entity is removed',
          params: entityParams,
          body: EntityMergeSchema,
          response: {
            200: EntityMergeResultSchema,
            ...errors,
          },
        },
      },
      async (request) => dossier.review.mergeEntities(request.params.id, request.body.into, actingUser(request).name),
    );
  };
