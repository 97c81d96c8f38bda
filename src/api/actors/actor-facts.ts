// An actor's facts: GET /api/actors/:id/facts (with their review status) and, for editors,
// POST /api/actors/:id/facts (a fact on selected words of the latest version).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FactQuerySchema,
  NewFactSchema,
  ReviewQuerySchema,
  ScoredFactPageSchema,
  ScoredFactSchema as FactSchema,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { actorParams } from './schema.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404);

export const actorFactRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/actors/:id/facts',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['review'],
          summary: "An actor's facts with their review status (default: every status of the latest version)",
          params: actorParams,
          querystring: FactQuerySchema.omit({ actor: true }).extend({
            status: FactQuerySchema.shape.status.unwrap().default('any'),
            cursor: ReviewQuerySchema.shape.cursor,
          }),
          response: { 200: ScoredFactPageSchema, ...errors },
        },
      },
      async (request) => dossier.review.listFacts({ ...request.query, actor: request.params.id }),
    );

    app.post(
      '/api/actors/:id/facts',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'Add a fact on words selected in the latest version (start/end offsets into its text): a mention, a ' +
            'new entity, a relation, an event, a time or a quantity',
          params: actorParams,
          body: NewFactSchema,
          response: { 201: FactSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await dossier.review.addFact(request.params.id, request.body, actingUser(request).name)),
    );
  };
