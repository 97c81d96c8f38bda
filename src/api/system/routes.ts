// GET /healthz (liveness and store reachability) and GET /openapi.json (the OpenAPI 3 document).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Dossier } from '../../core/index.js';

export const systemRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['system'],
          summary: 'Liveness: the server runs and its store answers',
          response: { 200: z.object({ status: z.literal('ok'), actors: z.number().int(), sentences: z.number().int() }) },
        },
      },
      async () => {
        const stats = await dossier.stats();
        return { status: 'ok' as const, actors: stats.actors, sentences: stats.sentences };
      },
    );

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  };
