// GET /api/actors, /api/actors/:id and /api/actors/:id/sources: the collection, one actor's profile
// with its extraction, and the source sentences about it,
// served from a revision cache with ETags (304 on If-None-Match).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ActorDetailSchema, ActorSourcesSchema, ActorSummarySchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedJson } from '../cached-json.js';

export const actorRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/actors',
      {
        schema: {
          tags: ['actors'],
          summary: 'List the actors of the collection with their ranked interests',
          response: { 200: z.object({ actors: z.array(ActorSummarySchema) }) },
        },
      },
      async (request, reply) => sendCachedJson(request, reply, await dossier.listActorsJson()),
    );

    app.get(
      '/api/actors/:id',
      {
        schema: {
          tags: ['actors'],
          summary: "One actor's profile: text, sections, interests, sentences and everything extracted, with evidence",
          params: z.object({ id: z.string().min(1).max(200) }),
          querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
          response: { 200: ActorDetailSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => sendCachedJson(request, reply, await dossier.getActorJson(request.params.id, request.query.version)),
    );

    app.get(
      '/api/actors/:id/sources',
      {
        schema: {
          tags: ['actors'],
          summary: 'In the sources: source sentences that mention the actor, grouped by the themes of its interests (newest first), and the sources about it',
          params: z.object({ id: z.string().min(1).max(200) }),
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: ActorSourcesSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => sendCachedJson(request, reply, await dossier.actorSourcesJson(request.params.id, request.query.limit)),
    );
  };
