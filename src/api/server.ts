// Builds the Fastify server: zod-validated routes, the OpenAPI document, security headers,
// the error envelope, and the bundled web UI (static files) when it has been built.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import fastifyHelmet from '@fastify/helmet';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Dossier } from '../core/index.js';
import { notFoundEnvelope, registerErrorEnvelope } from './errors.js';
import { actorRoutes } from './actors/routes.js';
import { searchRoutes } from './search/routes.js';
import { entityRoutes } from './entities/routes.js';
import { systemRoutes } from './system/routes.js';

export interface ServerOptions {
  logger?: boolean;
  /** Folder of the built web UI; defaults to <package>/dist/web when it exists. */
  webRoot?: string | null;
}

export const defaultWebRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

export async function buildServer(dossier: Dossier, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 6 * 1024 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from validated model objects; serialise them as plain JSON (the response
  // schemas document the API and are checked by the tests, not on every request).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorEnvelope(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dossier API',
        version: '0.1.0',
        description: 'Evidence-linked stakeholder profiles: every fact points to the words that support it. Errors use one envelope: { "error": { "code", "message" } }.',
      },
      tags: [{ name: 'actors' }, { name: 'entities' }, { name: 'search' }, { name: 'system' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(systemRoutes(dossier));
  await app.register(actorRoutes(dossier));
  await app.register(entityRoutes(dossier));
  await app.register(searchRoutes(dossier));
  await app.register((await import('./compare/routes.js')).compareRoutes(dossier));
  await app.register((await import('./graph/routes.js')).graphRoutes(dossier));
  await app.register((await import('./events/routes.js')).eventRoutes(dossier));
  await app.register((await import('./facets/routes.js')).facetRoutes(dossier));

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    // Client-side routes (/actors/kazakhstan, /search?q=…) get the app shell; /api/* stays JSON.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html')) {
        return reply.type('text/html; charset=utf-8').sendFile('index.html');
      }
      return reply.status(404).send(notFoundEnvelope(request.method, request.url));
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.status(404).send(notFoundEnvelope(request.method, request.url)));
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dossier</title></head><body><main><h1>Dossier</h1>' +
          '<p>The web UI has not been built. The API is available: <a href="/api/actors">/api/actors</a>, <a href="/api/search?q=wheat">/api/search?q=wheat</a>, <a href="/openapi.json">/openapi.json</a>, <a href="/healthz">/healthz</a>.</p></main></body></html>',
      ),
    );
  }
  return app;
}
