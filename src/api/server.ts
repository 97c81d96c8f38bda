// Builds the Fastify server: zod-validated routes, the OpenAPI document, security headers,
// the error envelope, and the bundled web UI (static files) when it has been built.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { maxDocumentBytes, type Dossier } from '../core/index.js';
import type { InstanceMode } from '../model/index.js';
import { registerAccessControl, withReadAccess } from './access-policy.js';
import { authRoutes } from './auth/routes.js';
import { documentRoutes } from './documents/routes.js';
import { reviewRoutes } from './review/routes.js';
import { entityAdminRoutes } from './entities-admin/routes.js';
import { historyRoutes } from './history/routes.js';
import { notFoundEnvelope, registerErrorEnvelope } from './errors.js';
import { appShellSender, registerSecurityHeaders } from './security-headers.js';
import { actorRoutes } from './actors/routes.js';
import { searchRoutes } from './search/routes.js';
import { entityRoutes } from './entities/routes.js';
import { systemRoutes } from './system/routes.js';

export interface ServerOptions {
  logger?: boolean;
  /** Folder of the built web UI; defaults to <package>/dist/web when it exists. */
  webRoot?: string | null;
  /** Private instance: anonymous visitors read nothing (default: DOSSIER_PRIVATE=1, else public-read). */
  private?: boolean;
  /** Behind a trusted reverse proxy: X-Forwarded-Proto/For decide https (Secure cookies) and the client IP (default: DOSSIER_TRUST_PROXY=1). */
  trustProxy?: boolean;
  /** Login attempts per IP and user name per window (default 5 per minute). */
  loginAttempts?: number;
  loginWindowMs?: number;
  /** Largest uploaded or pasted profile in bytes (default: the core's limit, 5 MiB). */
  maxUploadBytes?: number;
  /** Called for every route as it is added (the access-control test enumerates routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

const envFlag = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

/** The instance mode chosen by the options or the environment. */
export const instanceModeOf = (options: ServerOptions, env: NodeJS.ProcessEnv = process.env): InstanceMode =>
  (options.private ?? envFlag(env.DOSSIER_PRIVATE)) ? 'private' : 'public-read';

const accessDescriptions = {
  public: 'Access: anyone.',
  reader: 'Access: anyone on a public-read instance; a signed-in user (session or bearer token) on a private one.',
  editor: 'Access: editors and admins (session cookie plus X-CSRF-Token, or a bearer token).',
  admin: 'Access: admins (session cookie plus X-CSRF-Token, or a bearer token).',
} as const;

export const defaultWebRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

export async function buildServer(dossier: Dossier, options: ServerOptions = {}): Promise<FastifyInstance> {
  const mode = instanceModeOf(options);
  const maxUploadBytes = options.maxUploadBytes ?? maxDocumentBytes;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: Math.max(maxUploadBytes, 1024 * 1024) + 1024 * 1024,
    trustProxy: options.trustProxy ?? envFlag(process.env.DOSSIER_TRUST_PROXY),
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from validated model objects; serialise them as plain JSON (the response
  // schemas document the API and are checked by the tests, not on every request).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorEnvelope(app);

  await registerSecurityHeaders(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dossier API',
        version: '0.1.0',
        description: 'Evidence-linked stakeholder profiles: every fact points to the words that support it. Errors use one envelope: { "error": { "code", "message" } }.',
      },
      tags: [{ name: 'actors' }, { name: 'entities' }, { name: 'search' }, { name: 'system' }, { name: 'auth' }, { name: 'documents' }, { name: 'review' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'dossier_session', description: 'Web session; state-changing requests also need the X-CSRF-Token header' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `dossier tokens create`' },
        },
      },
    },
    // Each operation's description states its access policy (from the route's config).
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      if (!access || !result.schema) return result;
      const policy = accessDescriptions[access];
      const description = (result.schema as { description?: string }).description;
      return { ...result, schema: { ...result.schema, description: description ? `${description}\n\n${policy}` : policy } };
    },
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });
  await app.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 10 } });
  registerAccessControl(app, dossier, { mode });

  // Read-only route plugins: their GET routes are public (system) or need a reader (the rest).
  await app.register(withReadAccess('public', systemRoutes(dossier)));
  await app.register(withReadAccess('reader', actorRoutes(dossier)));
  await app.register(withReadAccess('reader', entityRoutes(dossier)));
  await app.register(withReadAccess('reader', searchRoutes(dossier)));
  await app.register(withReadAccess('reader', (await import('./compare/routes.js')).compareRoutes(dossier)));
  await app.register(withReadAccess('reader', (await import('./graph/routes.js')).graphRoutes(dossier)));
  await app.register(withReadAccess('reader', (await import('./events/routes.js')).eventRoutes(dossier)));
  await app.register(withReadAccess('reader', (await import('./facets/routes.js')).facetRoutes(dossier)));
  await app.register(withReadAccess('reader', (await import('./checks/routes.js')).checkRoutes(dossier)));
  // Accounts, writes for editors, review and history: every route declares its own policy.
  await app.register(
    authRoutes(dossier, { mode, loginAttempts: options.loginAttempts ?? 5, loginWindowMs: options.loginWindowMs ?? 60_000 }),
  );
  await app.register(documentRoutes(dossier, { maxBytes: maxUploadBytes }));
  await app.register(reviewRoutes(dossier));
  await app.register(entityAdminRoutes(dossier));
  await app.register(historyRoutes(dossier));

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    // The app shell and its assets are public: the sign-in page must load on a private instance.
    // (Registered at the root so reply.sendFile reaches the not-found handler; its read routes are tagged while it registers.)
    let registeringStatic = true;
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (registeringStatic && route.config?.access === undefined && methods.every((method) => method === 'GET' || method === 'HEAD')) {
        route.config = { ...route.config, access: 'public' } as RouteOptions['config'];
      }
    });
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false });
    registeringStatic = false;
    const sendAppShell = appShellSender(webRoot);
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, sendAppShell);
    // Client-side routes (/actors/kazakhstan, /search?q=…) get the app shell; /api/* stays JSON.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html')) {
        return sendAppShell(request, reply);
      }
      return reply.status(404).send(notFoundEnvelope(request.method, request.url));
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.status(404).send(notFoundEnvelope(request.method, request.url)));
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dossier</title></head><body><main><h1>Dossier</h1>' +
          '<p>The web UI has not been built. The API is available: <a href="/api/actors">/api/actors</a>, <a href="/api/search?q=wheat">/api/search?q=wheat</a>, <a href="/openapi.json">/openapi.json</a>, <a href="/healthz">/healthz</a>.</p></main></body></html>',
      ),
    );
  }
  return app;
}
