// GET /api/sources: a page of the sources of the collection (articles, briefs, pages: documents that
// are not in the profile layout), newest version of each, from the revision cache with ETags. A source's
// full text and extraction is GET /api/actors/:id with its `source-…` id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ActorPageRequestSchema, ErrorEnvelopeSchema, SourcePageSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedPage } from '../cached-json.js';

export const sourceRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sources',
      {
        schema: {
          tags: ['actors'],
          summary:
            'A page of the sources of the collection (documents that are not profiles): title, versions, ' +
            'sentence count; ' +
            'paged like /api/actors (`limit`, `cursor`, `country`, `q`; `next` and a `Link` header)',
          querystring: ActorPageRequestSchema,
          response: {
            200: SourcePageSchema,
            400: ErrorEnvelopeSchema,
          },
        },
      },
      async (request, reply) =>
        sendCachedPage(request, reply, await dossier.listActorPageJson(request.query, 'source')),
    );
  };
