// Builds the Fastify server: zod-validated routes, the OpenAPI document, security headers,
// the error envelope for everything it can answer (framework and HTTP-parser errors included),
// structured logs with request ids, login limits, Prometheus metrics, compressed responses, and
// the bundled web UI (static files, hashed assets cached for a year) when it has been built.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { dossierVersion, maxDocumentBytes, type Dossier } from '../core/index.js';
import { resolveSetting, type InstanceMode } from '../model/index.js';
import { registerAccessControl, withReadAccess } from './access-policy.js';
import { answerUnrouted, clientErrorHandler, frameworkErrorHandler, registerErrorEnvelope } from './errors.js';
import { DeviceCookies, LoginLimiter, defaultLoginLimits, type LoginLimitSettings } from './login-limiter.js';
import { logLevelOf, loggerOptions, requestIdHeader, requestIdOf, type LogLevel } from './logging.js';
import { createServerMetrics, metricsPortOf, registerRequestMetrics, serveMetricsOnLoopback } from './metrics.js';
import { RouteTable } from './route-table.js';
import { openApiTags, operationIdOf, withAccessRefusals, withoutUnusedSchemas } from './openapi-document.js';
import { trustedProxiesOf } from './trusted-proxies.js';
import { appShellSender, registerSecurityHeaders } from './security-headers.js';
import { apiResources, type ApiResource, type ResourceContext } from './resources.js';

/**
 * A file Vite wrote with a content hash in its name (`assets/actor-map-C5wW7lhB.js`), or its brotli or gzip copy
 * written at build time (`….js.br`, `….js.gz`).
 */
const hashedAsset = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.br|\.gz)?$/;

export interface ServerOptions {
  /**
   * Ask for logs: JSON lines on stdout at DOSSIER_LOG_LEVEL, default info (what `serve` wants). Without it: silent
   * unless DOSSIER_LOG_LEVEL is set.
   */
  logger?: boolean;
  /** The log level, over DOSSIER_LOG_LEVEL and `logger`. */
  logLevel?: LogLevel;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** Folder of the built web UI; defaults to <package>/dist/web when it exists. */
  webRoot?: string | null;
  /** Private instance: anonymous visitors read nothing (default: DOSSIER_PRIVATE=1, else public-read). */
  private?: boolean;
  /**
   * The reverse proxies whose X-Forwarded-Proto/For are honoured: addresses and CIDR ranges (the
   * client IP is the first untrusted hop from the right); true means loopback only. Default:
   * DOSSIER_TRUSTED_PROXIES, else loopback when DOSSIER_TRUST_PROXY=1 (deprecated), else none.
   */
  trustProxy?: boolean | string[];
  /**
   * Failed logins per user name before the backoff starts (default 5); the per-address and global limits scale with it.
   */
  loginAttempts?: number;
  /** How long failed logins are remembered after the last one or the end of its wait (default 15 minutes). */
  loginWindowMs?: number;
  /** Any of the login limiter's settings (thresholds, delays, clock), over the two above. */
  loginLimits?: Partial<LoginLimitSettings>;
  /**
   * POST /api/documents/url may fetch from private, loopback and link-local addresses (default:
   * DOSSIER_ALLOW_PRIVATE_URLS=1).
   */
  allowPrivateUrls?: boolean;
  /** The key that signs device cookies (default: random per process, so they last as long as the limiter's memory). */
  deviceCookieKey?: string;
  /**
   * Also serve GET /metrics without auth on 127.0.0.1:PORT once the server is ready (default: DOSSIER_METRICS_PORT;
   * unset: not served).
   */
  metricsPort?: number;
  /** Largest uploaded or pasted profile in bytes (default: the core's limit, 5 MiB). */
  maxUploadBytes?: number;
  /** Called for every route as it is added (the access-control test enumerates routes with it). */
  onRoute?: (route: RouteOptions) => void;
  /** The resources to serve (default: {@link apiResources}, the one list); tests add their own. */
  resources?: readonly ApiResource[];
}

/** The instance mode chosen by the options or the environment. */
export const instanceModeOf = (options: ServerOptions, env: NodeJS.ProcessEnv = process.env): InstanceMode =>
  (options.private ?? resolveSetting('private', env).value) ? 'private' : 'public-read';

const accessDescriptions = {
  public: 'Access: anyone.',
  reader: 'Access: anyone on a public-read instance; a signed-in user (session or bearer token) on a private one.',
  editor: 'Access: editors and admins (session cookie plus X-CSRF-Token, or a bearer token).',
  admin: 'Access: admins (session cookie plus X-CSRF-Token, or a bearer token).',
} as const;

const metricsEndpoints = new WeakMap<FastifyInstance, { address(): AddressInfo | null }>();

/** Where the loopback metrics port of a ready server is (null when it has none). */
export const metricsAddressOf = (app: FastifyInstance): AddressInfo | null =>
  metricsEndpoints.get(app)?.address() ?? null;

export const defaultWebRoot = (): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/**
 * Registers every plugin of every resource, in the list's order. A resource with `readAccess` has its plugins wrapped
 * so that their GET routes without a declared policy get that one.
 */
async function registerResources(
  app: FastifyInstance,
  resources: readonly ApiResource[],
  context: ResourceContext,
): Promise<void> {
  for (const resource of resources)
    for (const plugin of resource.plugins(context))
      await app.register(resource.readAccess ? withReadAccess(resource.readAccess, plugin) : plugin);
}

export async function buildServer(dossier: Dossier, options: ServerOptions = {}): Promise<FastifyInstance> {
  const mode = instanceModeOf(options);
  const maxUploadBytes = options.maxUploadBytes ?? maxDocumentBytes;
  const trustedProxies = trustedProxiesOf(options.trustProxy);
  const metricsPort = metricsPortOf(options.metricsPort);
  const app = Fastify({
    logger: loggerOptions(logLevelOf(options), options.logStream),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: Math.max(maxUploadBytes, 1024 * 1024) + 1024 * 1024,
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    // Ids may be up to 200 characters (the schemas say so); longer parameters answer 414 in the envelope.
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(requestIdHeader, request.id);
    // Background work (the checks' computation) yields to the requests in flight: counted until the response is sent.
    const end = dossier.foreground.begin();
    reply.raw.once('finish', end);
    reply.raw.once('close', end);
  });
  const routeTable = new RouteTable();
  app.addHook('onRoute', routeTable.record);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const metrics = createServerMetrics(dossier);
  app.addHook('onClose', async () => metrics.dispose());
  registerRequestMetrics(app, metrics);
  if (metricsPort !== undefined) metricsEndpoints.set(app, serveMetricsOnLoopback(app, metrics, metricsPort));
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from validated model objects; serialise them as plain JSON (the response
  // schemas document the API and are checked by the tests, not on every request).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorEnvelope(app);

  await registerSecurityHeaders(app);
  // Responses of 1 KB or more are compressed when the client accepts it: brotli at a quality that
  // costs little CPU (the default 11 is for build-time assets), else gzip.
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });

  // @fastify/compress asks of every payload whether it is a fetch Response: the first read of the global `Response`
  // loads Node's fetch implementation (tens of milliseconds, hundreds on a loaded machine), which would otherwise fall
  // on the first compressed response after a start (the cold first /api/actors).
  if (typeof globalThis.Response !== 'function') app.log.warn('no global fetch Response');

  await registerOpenApi(app);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 10 } });
  registerAccessControl(app, dossier, { mode });

  const loginLimiter = new LoginLimiter({
    ...defaultLoginLimits(options.loginAttempts ?? 5),
    ...(options.loginWindowMs === undefined ? {} : { forgetAfterMs: options.loginWindowMs }),
    ...options.loginLimits,
  });
  await registerResources(app, options.resources ?? apiResources, {
    dossier,
    mode,
    metrics,
    loginLimiter,
    deviceCookies: new DeviceCookies(options.deviceCookieKey),
    maxUploadBytes,
    allowPrivateUrls: options.allowPrivateUrls ?? resolveSetting('allowPrivateUrls', process.env).value,
  });

  await registerWebApp(app, options.webRoot === undefined ? defaultWebRoot() : options.webRoot, routeTable);
  return app;
}

/**
 * The OpenAPI document (served at /openapi.json): each operation gets an operationId from its method and URL, its
 * security and the refusals of its access policy (from the route's config), and a description stating that policy.
 */
async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dossier API',
        version: dossierVersion,
        description:
          'Evidence-linked stakeholder profiles: every fact points to the words that support it. Errors use one ' +
          'envelope: { "error": { "code", "message" } }.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'this instance' }],
      tags: openApiTags,
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'dossier_session',
            description: 'Web session; state-changing requests also need the X-CSRF-Token header',
          },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `dossier tokens create`' },
        },
      },
    },
    // Each operation gets an operationId from its method and URL, its security and the refusals of
    // its access policy (from the route's config), and a description stating that policy.
    transform: (input) => {
      const access = input.route.config?.access;
      const method = [input.route.method].flat()[0] ?? 'GET';
      const schema =
        access && input.schema
          ? { ...input.schema, response: withAccessRefusals(input.schema.response, access, method) }
          : input.schema;
      const result = jsonSchemaTransform({ ...input, schema });
      if (!access || !result.schema || (result.schema as { hide?: boolean }).hide) return result;
      const policy = accessDescriptions[access];
      const description = (result.schema as { description?: string }).description;
      return {
        ...result,
        schema: {
          ...result.schema,
          operationId: operationIdOf(method, input.url),
          security: access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
          description: description ? `${description}\n\n${policy}` : policy,
        },
      };
    },
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
  });
}

/**
 * The web app when `webRoot` holds a build (its shell for client-side routes), else a page saying it has not been
 * built; unrouted requests elsewhere answer in the error envelope.
 */
async function registerWebApp(app: FastifyInstance, webRoot: string | null, routeTable: RouteTable): Promise<void> {
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    // The app shell and its assets are public: the sign-in page must load on a private instance.
    // (Registered at the root so reply.sendFile reaches the not-found handler; its read routes are tagged while it
    // registers.)
    let registeringStatic = true;
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (
        registeringStatic &&
        route.config?.access === undefined &&
        methods.every((method) => method === 'GET' || method === 'HEAD')
      ) {
        route.config = { ...route.config, access: 'public' } as RouteOptions['config'];
      }
    });
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: false,
      // Vite names built assets by their content hash: they never change, so browsers keep them a year.
      // Anything else (the shell, unhashed files) is revalidated on every load.
      cacheControl: false,
      // The build writes brotli and gzip copies of the assets (`.br`, `.gz`): those are sent as they are to a client
      // that accepts them (with their own ETag and Vary: Accept-Encoding), not compressed again on each request.
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        void reply.header(
          'cache-control',
          hashedAsset.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    registeringStatic = false;
    const sendAppShell = appShellSender(webRoot);
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, sendAppShell);
    // Client-side routes (/actors/kazakhstan, /search?q=…) get the app shell; /api/* stays JSON.
    app.setNotFoundHandler((request, reply) => {
      if (
        request.method === 'GET' &&
        !request.url.startsWith('/api/') &&
        request.headers.accept?.includes('text/html')
      ) {
        return sendAppShell(request, reply);
      }
      return answerUnrouted(request, reply, routeTable.allowedMethods);
    });
  } else {
    app.setNotFoundHandler((request, reply) => answerUnrouted(request, reply, routeTable.allowedMethods));
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dossier</title></head>' +
            '<body><main><h1>Dossier</h1>' +
            ('<p>The web UI has not been built. The API is available: <a href="/api/actors">/api/actors</a>, <a ' +
              'href="/api/search?q=wheat">/api/search?q=wheat</a>, <a href="/openapi.json">/openapi.json</a>, <a ' +
              'href="/healthz">/healthz</a>.</p></main></body></html>'),
        ),
    );
  }
}
