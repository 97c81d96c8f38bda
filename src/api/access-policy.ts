// Who may call what. Every route declares `config: { access: 'public' | 'reader' | 'editor' |
// 'admin' }`; one onRequest hook authenticates the caller (bearer token or session cookie),
// refuses what the policy forbids (401 anonymous, 403 wrong role), requires the session's CSRF
// token on every state-changing request made with a session cookie, and fails closed for a
// route that declares nothing.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  DossierError,
  accessLevels,
  type AccessLevel,
  type InstanceMode,
  type Role,
  type User,
} from '../model/index.js';
import { csrfTokenMatches, type Dossier } from '../core/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see access-policy.ts). */
    access?: AccessLevel;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export const sessionCookieName = 'dossier_session';
export const csrfHeaderName = 'x-csrf-token';

export interface Principal {
  user: User | null;
  via: 'session' | 'token' | 'anonymous';
  /** The raw session id (from the cookie) when authenticated by session. */
  sessionId: string | null;
}

const rolePower: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isStateChanging = (method: string): boolean => !safeMethods.has(method.toUpperCase());

/** Whether a caller (null: anonymous) passes a policy in an instance mode. */
export function allows(level: AccessLevel, user: User | null, mode: InstanceMode): boolean {
  switch (level) {
    case 'public':
      return true;
    case 'reader':
      return mode === 'public-read' || user !== null;
    case 'editor':
      return user !== null && rolePower[user.role] >= rolePower.editor;
    case 'admin':
      return user !== null && user.role === 'admin';
  }
}

/**
 * Registers a plugin whose read routes (GET, HEAD) get `level` when they declare no policy of
 * their own. Routes of any other method keep what they declare: none means refused and a
 * failing access-control test.
 */
export function withReadAccess(level: AccessLevel, plugin: FastifyPluginAsync): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (route.config?.access === undefined && methods.every((method) => !isStateChanging(method))) {
        route.config = { ...route.config, access: level } as RouteOptions['config'];
      }
    });
    await app.register(plugin);
  };
}

export interface AccessControlOptions {
  mode: InstanceMode;
}

const anonymous: Principal = { user: null, via: 'anonymous', sessionId: null };

async function authenticate(request: FastifyRequest, dossier: Dossier): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const user = match ? await dossier.accounts.tokenUser(match[1]!) : null;
    if (!user)
      throw new DossierError('UNAUTHORIZED', 'the API token is not valid', {
        expected: 'Authorization: Bearer <token from `dossier tokens create`>',
      });
    return { user, via: 'token', sessionId: null };
  }
  const sessionId = request.cookies?.[sessionCookieName];
  if (sessionId) {
    const user = await dossier.accounts.sessionUser(sessionId);
    if (user) return { user, via: 'session', sessionId };
  }
  return anonymous;
}

/** Adds request.principal and the enforcing hook. Register before any route. */
export function registerAccessControl(app: FastifyInstance, dossier: Dossier, options: AccessControlOptions): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.principal = anonymous;
    // No route matched: the not-found handler answers (and reveals nothing).
    if (request.is404) return;
    const level = request.routeOptions.config.access;
    if (level === undefined || !(accessLevels as readonly string[]).includes(level)) {
      throw new DossierError(
        'FORBIDDEN',
        `${request.method} ${request.routeOptions.url ?? ''} declares no access policy`,
      );
    }
    const principal = await authenticate(request, dossier);
    request.principal = principal;
    if (principal.via === 'session' && isStateChanging(request.method)) {
      const token = request.headers[csrfHeaderName];
      if (!csrfTokenMatches(principal.sessionId!, Array.isArray(token) ? token[0] : token)) {
        throw new DossierError('FORBIDDEN', 'missing or invalid CSRF token', {
          expected: `the csrfToken of GET /api/auth/session in an ${csrfHeaderName} header`,
        });
      }
    }
    if (!allows(level, principal.user, options.mode)) {
      if (principal.user === null) {
        throw new DossierError('UNAUTHORIZED', 'sign in first', {
          expected: 'a session (POST /api/auth/login) or an API token',
        });
      }
      throw new DossierError('FORBIDDEN', `this needs the ${level} role; you are ${principal.user.role}`);
    }
  });
}

/** The signed-in user of a request that passed an editor or admin policy. */
export function actingUser(request: FastifyRequest): User {
  const user = request.principal?.user;
  if (!user) throw new DossierError('UNAUTHORIZED', 'sign in first');
  return user;
}
