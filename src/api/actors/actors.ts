// GET /api/actors (a page of the collection: keyset cursor, `next` and a Link header), /api/actors/:id
// and /api/actors/:id/sources: one actor's profile with its extraction, and the source sentences about it,
// served from a revision cache with ETags (304 on If-None-Match).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActorDetailSchema,
  ActorPageRequestSchema,
  ActorSourcesSchema,
  ActorPageSchema,
  ErrorEnvelopeSchema,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedJson, sendCachedPage } from '../cached-json.js';
import { actorParams } from './schema.js';

export const actorRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/actors',
      {
        schema: {
          tags: ['actors'],
          summary:
            'A page of the actors of the collection with their ranked interests, in id order (alphabetical by ' +
            'the transliterated name): ' +
            ('`limit` (default 100, at most 500), `cursor` (the `next` of the previous page, also in the `Link` ' +
              'header), `country` (ISO alpha-3), `q` (words of the name)'),
          querystring: ActorPageRequestSchema,
          response: {
            200: ActorPageSchema,
            400: ErrorEnvelopeSchema,
          },
        },
      },
      async (request, reply) => sendCachedPage(request, reply, await dossier.listActorPageJson(request.query)),
    );

    app.get(
      '/api/actors/:id',
      {
        schema: {
          tags: ['actors'],
          summary: "One actor's profile: text, sections, interests, sentences and everything extracted, with evidence",
          params: actorParams,
          querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
          response: { 200: ActorDetailSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) =>
        sendCachedJson(request, reply, await dossier.getActorJson(request.params.id, request.query.version)),
    );

    app.get(
      '/api/actors/:id/sources',
      {
        schema: {
          tags: ['actors'],
          summary:
            'In the sources: source sentences that mention the actor, grouped by the themes of its interests ' +
            '(newest first), and the sources about it',
          params: actorParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: ActorSourcesSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) =>
        sendCachedJson(request, reply, await dossier.actorSourcesJson(request.params.id, request.query.limit)),
    );
  };
