// The one list of the API's resources: each entry is a folder of src/api named after the URL
// prefix it serves (`/api/actors` → `src/api/actors/`), and the route s in it. The server
// registers exactly these, in this order; a test passes its own list (`buildServer(…, { resources })`).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Dossier } from '../core/index.js';
import type { AccessLevel, InstanceMode } from '../model/index.js';
import type { DeviceCookies, LoginLimiter } from './login-limiter.js';
import type { ServerMetrics } from './metrics.js';
import { actorRoutes } from './actors/actors.js';
import { actorFactRoutes } from './actors/actor-facts.js';
import { historyRoutes } from './actors/actor-history.js';
import { auditRoutes } from './audit/audit.js';
import { authRoutes } from './auth/auth.js';
import { checkRoutes } from './checks/checks.js';
import { compareRoutes } from './compare/compare.js';
import { documentRoutes } from './documents/documents.js';
import { entityListRoutes } from './entities/entities.js';
import { entityAdminRoutes } from './entities/entity-admin.js';
import { entityRelatedRoutes } from './entities/entity-related.js';
import { entityRoutes } from './entities/entity.js';
import { eventRoutes } from './events/events.js';
import { exportRoutes } from './export/export.js';
import { factRoutes } from './facts/facts.js';
import { graphRoutes } from './graph/graph.js';
import { phraseRoutes } from './phrases/phrases.js';
import { reviewRoutes } from './review/review.js';
import { screenRoutes } from './screens/screens.js';
import { facetRoutes } from './search/search-facets.js';
import { searchRoutes } from './search/search.js';
import { sourceRoutes } from './sources/sources.js';
import { systemRoutes } from './system/system.js';
import { tokenRoutes } from './tokens/tokens.js';
import { userRoutes } from './users/users.js';

/** What a resource's plugins may use, built once per server. */
export interface ResourceContext {
  dossier: Dossier;
  mode: InstanceMode;
  metrics: ServerMetrics;
  loginLimiter: LoginLimiter;
  deviceCookies: DeviceCookies;
  /** Largest uploaded or pasted profile in bytes. */
  maxUploadBytes: number;
  /** POST /api/documents/url may fetch from private addresses. */
  allowPrivateUrls: boolean;
}

export interface ApiResource {
  /** The URL prefix its routes start with, which is also its folder (`/api/actors`, or `/` for the system routes). */
  prefix: string;
  /**
   * The access of its GET routes that declare none (`public` or `reader`); without it every route declares its own
   * policy (`config: { access }`), as routes that write do.
   */
  readAccess?: Extract<AccessLevel, 'public' | 'reader'>;
  /** Its routes, as one Fastify plugin per file. */
  plugins: (context: ResourceContext) => FastifyPluginAsyncZod[];
}

export const apiResources: readonly ApiResource[] = [
  {
    prefix: '/',
    readAccess: 'public',
    plugins: ({ dossier, mode, metrics }) => [systemRoutes(dossier, { mode, metrics })],
  },
  {
    prefix: '/api/actors',
    readAccess: 'reader',
    plugins: ({ dossier }) => [actorRoutes(dossier), historyRoutes(dossier), actorFactRoutes(dossier)],
  },
  { prefix: '/api/sources', readAccess: 'reader', plugins: ({ dossier }) => [sourceRoutes(dossier)] },
  {
    prefix: '/api/entities',
    readAccess: 'reader',
    plugins: ({ dossier }) => [
      entityRoutes(dossier),
      entityListRoutes(dossier),
      entityRelatedRoutes(dossier),
      entityAdminRoutes(dossier),
    ],
  },
  {
    prefix: '/api/search',
    readAccess: 'reader',
    plugins: ({ dossier }) => [searchRoutes(dossier), facetRoutes(dossier)],
  },
  { prefix: '/api/compare', readAccess: 'reader', plugins: ({ dossier }) => [compareRoutes(dossier)] },
  { prefix: '/api/graph', readAccess: 'reader', plugins: ({ dossier }) => [graphRoutes(dossier)] },
  { prefix: '/api/events', readAccess: 'reader', plugins: ({ dossier }) => [eventRoutes(dossier)] },
  { prefix: '/api/checks', readAccess: 'reader', plugins: ({ dossier }) => [checkRoutes(dossier)] },
  { prefix: '/api/export', readAccess: 'reader', plugins: ({ dossier }) => [exportRoutes(dossier)] },
  { prefix: '/api/phrases', readAccess: 'reader', plugins: () => [phraseRoutes()] },
  { prefix: '/api/screens', readAccess: 'reader', plugins: ({ dossier }) => [screenRoutes(dossier)] },
  {
    prefix: '/api/auth',
    plugins: ({ dossier, mode, loginLimiter, deviceCookies }) => [
      authRoutes(dossier, { mode, loginLimiter, deviceCookies }),
    ],
  },
  {
    prefix: '/api/documents',
    plugins: ({ dossier, maxUploadBytes, allowPrivateUrls }) => [
      documentRoutes(dossier, { maxBytes: maxUploadBytes, allowPrivateUrls }),
    ],
  },
  { prefix: '/api/users', plugins: ({ dossier }) => [userRoutes(dossier)] },
  { prefix: '/api/tokens', plugins: ({ dossier }) => [tokenRoutes(dossier)] },
  { prefix: '/api/review', plugins: ({ dossier }) => [reviewRoutes(dossier)] },
  { prefix: '/api/facts', plugins: ({ dossier }) => [factRoutes(dossier)] },
  { prefix: '/api/audit', plugins: ({ dossier }) => [auditRoutes(dossier)] },
];
