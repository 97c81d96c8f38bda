// GET /healthz (liveness and store reachability; the collection's counts only where the caller may
// read the collection), GET /openapi.json (the OpenAPI 3 document) and GET /metrics (Prometheus
// metrics, admins only).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Dossier } from '../../core/index.js';
import { ErrorEnvelopeSchema, HealthSchema, type InstanceMode } from '../../model/index.js';
import type { ServerMetrics } from '../metrics.js';

export interface SystemRouteOptions {
  mode: InstanceMode;
  metrics: ServerMetrics;
}

export const systemRoutes =
  (dossier: Dossier, options: SystemRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    // /healthz answers in constant time: the counts are the last ones read, read again in the
    // background when the store's revision (one cheap query) has changed since. They are the counts the
    // store maintains at every write (one row, not a count of the tables), first read while the server gets ready.
    let counted: { revision: string; actors: number; sentences: number } | undefined;
    let counting: Promise<void> | null = null;
    const recount = (revision: string) => {
      counting ??= dossier
        .collectionCounts()
        .then((stats) => {
          counted = { revision, actors: stats.actors, sentences: stats.sentences };
        })
        .catch((error: unknown) => app.log.warn({ err: error }, 'healthz: counting the collection failed'))
        .finally(() => {
          counting = null;
        });
    };
    app.addHook('onReady', async () => {
      recount(await dossier.store.revision());
      await counting;
    });
    app.addHook('onClose', async () => {
      await counting;
    });
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['system'],
          summary:
            'Liveness: the server runs and its store answers. Anonymous callers of a private instance get { ' +
            'status } only',
          response: { 200: HealthSchema, 503: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const revision = await dossier.store.revision();
        if (counted?.revision !== revision) recount(revision);
        // An anonymous visitor of a private instance learns nothing but liveness.
        if (options.mode === 'private' && request.principal.user === null) return { status: 'ok' as const };
        return counted
          ? { status: 'ok' as const, actors: counted.actors, sentences: counted.sentences }
          : { status: 'ok' as const };
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
            'Prometheus metrics (text exposition format): request latency by route, ingest counts and durations, ' +
            'ingest worker pool saturation, process metrics. Also served without auth on ' +
            '127.0.0.1:DOSSIER_METRICS_PORT when that is set',
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
