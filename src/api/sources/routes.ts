// GET /api/sources: the sources of the collection (articles, briefs, pages: documents that are not
// in the profile layout), newest version of each, from the revision cache with ETags. A source's
// full text and extraction is GET /api/actors/:id with its `source-…` id.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ActorSummarySchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedJson } from '../cached-json.js';

export const sourceRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sources',
      {
        schema: {
          tags: ['actors'],
          summary: 'List the sources of the collection (documents that are not profiles): title, versions, sentence count',
          response: { 200: z.object({ sources: z.array(ActorSummarySchema) }) },
        },
      },
      async (request, reply) => sendCachedJson(request, reply, await dossier.listSourcesJson()),
    );
  };
