// GET /healthz (liveness and store reachability; the collection's counts only where the caller may
// read the collection), GET /openapi.json (the OpenAPI 3 document) and GET /metrics (Prometheus
// metrics, admins only).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Dossier } from '../../core/index.js';
import { ErrorEnvelopeSchema, type InstanceMode } from '../../model/index.js';
import type { ServerMetrics } from '../metrics.js';

export interface SystemRouteOptions {
  mode: InstanceMode;
  metrics: ServerMetrics;
}

export const HealthSchema = z.object({
  status: z.literal('ok'),
  actors: z.number().int().optional().describe('Only for callers who may read the collection (anyone on a public-read instance, signed-in users on a private one)'),
  sentences: z.number().int().optional(),
});

export const systemRoutes =
  (dossier: Dossier, options: SystemRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    // The counts are recounted only when the store has changed (its revision is one cheap query),
    // so /healthz stays cheap on a large collection.
    let counted: { revision: unknown; actors: number; sentences: number } | undefined;
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['system'],
          summary: 'Liveness: the server runs and its store answers. Anonymous callers of a private instance get { status } only',
          response: { 200: HealthSchema, 503: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const revision = await dossier.store.revision();
        // An anonymous visitor of a private instance learns nothing but liveness.
        if (options.mode === 'private' && request.principal.user === null) return { status: 'ok' as const };
        if (counted?.revision !== revision) {
          const stats = await dossier.stats();
          counted = { revision, actors: stats.actors, sentences: stats.sentences };
        }
        return { status: 'ok' as const, actors: counted.actors, sentences: counted.sentences };
      },
    );

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    app.get(
      '/metrics',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['system'],
          summary:
            'Prometheus metrics (text exposition format): request latency by route, ingest counts and durations, ingest worker pool saturation, process metrics. Also served without auth on 127.0.0.1:DOSSIER_METRICS_PORT when that is set',
          produces: ['text/plain'],
          response: { 200: z.string(), 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema },
        },
      },
      async (_request, reply) => {
        const text = await options.metrics.registry.metrics();
        return reply.type(options.metrics.registry.contentType).header('cache-control', 'no-store').send(text);
      },
    );
  };
