// Prometheus metrics (prom-client, one registry per server): request latency histograms by route
// pattern (never the raw URL: bounded label values), method and status class; ingest counts by
// outcome and durations (from dossier.onIngestDone); the ingest worker pool's threads, running and
// queued tasks and utilization (read at scrape time); and the process's default metrics. Served at
// GET /metrics for admins, and optionally without auth on a separate loopback port
// (DOSSIER_METRICS_PORT).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Dossier } from '../core/index.js';
import { DossierError, resolveSetting } from '../model/index.js';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label: the matched route's pattern, or one value for everything unrouted. */
export const unmatchedRoute = '(unmatched)';

export interface ServerMetrics {
  registry: Registry;
  requestDuration: Histogram<'route' | 'method' | 'status_class'>;
  /** Stops listening to the Dossier's events. */
  dispose(): void;
}

export function createServerMetrics(dossier: Dossier): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram<'route' | 'method' | 'status_class'>({
    name: 'dossier_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status class',
    labelNames: ['route', 'method', 'status_class'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const ingestDocuments = new Counter({
    name: 'dossier_ingest_documents_total',
    help:
      'Documents ingested, by outcome (created, new-version, unchanged, refused) and path (bytes: uploads and ' +
      'pastes, files: bulk)',
    labelNames: ['outcome', 'via'] as const,
    registers: [registry],
  });
  const ingestRefusals = new Counter({
    name: 'dossier_ingest_refusals_total',
    help: 'Refused documents by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const ingestDuration = new Histogram({
    name: 'dossier_ingest_duration_seconds',
    help: 'Time to parse, extract and store one document, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const ingestBytes = new Counter({
    name: 'dossier_ingest_bytes_total',
    help: 'Bytes of documents ingested or refused',
    registers: [registry],
  });

  const poolGauge = (name: string, help: string, read: (stats: ReturnType<Dossier['ingestPoolStats']>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(dossier.ingestPoolStats()));
      },
    });
  poolGauge('dossier_ingest_pool_threads', 'Worker threads of the ingest pool', (stats) => stats.threads);
  poolGauge(
    'dossier_ingest_pool_max_threads',
    'Most worker threads the ingest pool may start',
    (stats) => stats.maxThreads,
  );
  poolGauge('dossier_ingest_pool_running', 'Ingest tasks running in the pool', (stats) => stats.running);
  poolGauge('dossier_ingest_pool_queued', 'Ingest tasks waiting for a worker', (stats) => stats.queued);
  poolGauge('dossier_ingest_pool_utilization', 'Share of the pool capacity in use, 0..1', (stats) => stats.utilization);
  poolGauge('dossier_ingest_pool_completed', 'Ingest tasks the pool has completed', (stats) => stats.completed);

  const unsubscribe = dossier.onIngestDone((event) => {
    ingestDocuments.inc({ outcome: event.outcome, via: event.via });
    ingestDuration.observe({ outcome: event.outcome }, event.durationMs / 1000);
    ingestBytes.inc(event.bytes);
    if (event.outcome === 'refused') ingestRefusals.inc({ code: event.code ?? 'INTERNAL' });
  });

  return { registry, requestDuration, dispose: unsubscribe };
}

/** Records every answered request in the latency histogram. */
export function registerRequestMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? unmatchedRoute : (request.routeOptions.url ?? unmatchedRoute);
    const method = knownMethods.has(request.method) ? request.method : 'OTHER';
    metrics.requestDuration.observe(
      { route, method, status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
}

/** The metrics port: the option, else DOSSIER_METRICS_PORT; undefined when neither is set. */
export function metricsPortOf(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (option !== undefined) return option;
  return resolveSetting('metricsPort', env).value;
}

/**
 * Serves GET /metrics without auth on 127.0.0.1:`port` from the moment the app is ready (so a
 * port in use fails `listen`) until it closes. Anything else on that port is 404.
 */
export function serveMetricsOnLoopback(
  app: FastifyInstance,
  metrics: ServerMetrics,
  port: number,
): { address(): AddressInfo | null } {
  let server: Server | undefined;
  app.addHook('onReady', async () => {
    server = createServer((request, response) => {
      const pathname = (request.url ?? '').split('?')[0];
      if ((request.method === 'GET' || request.method === 'HEAD') && pathname === '/metrics') {
        metrics.registry.metrics().then(
          (text) => {
            response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
            response.end(request.method === 'HEAD' ? undefined : text);
          },
          () => {
            response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
            response.end(JSON.stringify(new DossierError('INTERNAL', 'metrics collection failed').toEnvelope()));
          },
        );
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify(new DossierError('NOT_FOUND', 'only GET /metrics is served on this port').toEnvelope()),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    app.log.info({ address: server.address() }, 'metrics served on loopback');
  });
  app.addHook('onClose', async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });
  return { address: () => (server?.address() as AddressInfo | null) ?? null };
}
