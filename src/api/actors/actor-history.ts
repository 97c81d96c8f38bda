// History of a profile: GET /api/actors/:id/diff?from&to (word or sentence diff between two
// versions, also as sanitised HTML) and GET /api/actors/:id/history (interest ranks per version).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, InterestHistorySchema, VersionDiffSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actorParams } from './schema.js';

const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema };

export const historyRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/actors/:id/diff',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['actors'],
          summary: 'What changed between two versions of a profile, word by word (or sentence by sentence)',
          params: actorParams,
          querystring: z.object({
            from: z.coerce.number().int().positive(),
            to: z.coerce.number().int().positive(),
            granularity: z.enum(['word', 'sentence']).default('word'),
          }),
          response: { 200: VersionDiffSchema, ...errors },
        },
      },
      async (request) =>
        dossier.history.diff(request.params.id, request.query.from, request.query.to, request.query.granularity),
    );

    app.get(
      '/api/actors/:id/history',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['actors'],
          summary: "Each interest's rank in every version: how the actor's priorities moved",
          params: actorParams,
          response: { 200: InterestHistorySchema, ...errors },
        },
      },
      async (request) => dossier.history.interestRanks(request.params.id),
    );
  };
