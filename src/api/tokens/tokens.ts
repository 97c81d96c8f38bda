// API tokens, for admins: POST /api/tokens (create one for a user, shown once; only its hash is
// kept) and DELETE /api/tokens/:id (revoke it).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, NewTokenResultSchema, TokenSummarySchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { NewTokenSchema, tokenParams } from './schema.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 429);

export const tokenRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/tokens',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for a user (admins); the token is shown once, only its hash is kept',
          body: NewTokenSchema,
          response: {
            201: NewTokenResultSchema,
            404: ErrorEnvelopeSchema,
            ...errors,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await dossier.accounts.createToken(request.body.user, request.body.label, actingUser(request).name)),
    );

    app.delete(
      '/api/tokens/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API token by its id (admins); it stops authenticating at once',
          params: tokenParams,
          response: { 200: TokenSummarySchema, 404: ErrorEnvelopeSchema, ...errors },
        },
      },
      async (request) => dossier.accounts.revokeToken(request.params.id, actingUser(request).name),
    );
  };
