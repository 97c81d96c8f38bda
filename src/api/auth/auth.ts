// Sign-in: GET /api/auth/session (who am I, the CSRF token), POST /api/auth/login (limited per
// client address, user name and globally with exponential backoff, see login-limiter.ts; a new
// session id and a signed device cookie at every login) and POST /api/auth/logout (ends the
// session on the server). Accounts and tokens are src/api/users and src/api/tokens.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DossierError,
  ErrorEnvelopeSchema,
  LoginBodySchema,
  SessionInfoSchema,
  type InstanceMode,
  type User,
} from '../../model/index.js';
import { csrfTokenFor, type Dossier } from '../../core/index.js';
import { sessionCookieName } from '../access-policy.js';
import type { DeviceCookies, LoginLimiter } from '../login-limiter.js';
import { clientKeyOf } from '../trusted-proxies.js';
import { errorResponses } from '../error-responses.js';

export interface AuthRouteOptions {
  mode: InstanceMode;
  loginLimiter: LoginLimiter;
  deviceCookies: DeviceCookies;
}

/** The cookie that marks a browser as having signed in as a user before (sent to the login route only). */
export const deviceCookieName = 'dossier_device';
const deviceCookieLifetimeMs = 90 * 24 * 60 * 60 * 1000;

const errors = errorResponses(400, 401, 403, 429);

/** Begins a sign-in attempt with the limiter; a refused one answers 429 with Retry-After. */
function beginLoginAttempt(
  options: AuthRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  username: string,
): { succeeded(): void } {
  const device = options.deviceCookies.deviceFor(request.cookies[deviceCookieName], username);
  const attempt = options.loginLimiter.begin({ client: clientKeyOf(request.ip), user: username, device });
  if (!attempt.allowed) {
    const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
    void reply.header('retry-after', String(seconds));
    request.log.warn({ scope: attempt.scope, retryAfterSeconds: seconds }, 'login refused by the limiter');
    throw new DossierError('RATE_LIMITED', `too many failed sign-in attempts; try again in ${seconds} s`, {
      details: { retryAfterSeconds: seconds, scope: attempt.scope },
    });
  }
  return attempt;
}

/**
 * After a successful sign-in: the device cookie, and a new session (the browser's previous one ended, so the new one
 * gets a fresh id) in the session cookie.
 */
async function startBrowserSession(
  dossier: Dossier,
  options: AuthRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<{ csrfToken: string }> {
  void reply.setCookie(deviceCookieName, options.deviceCookies.issue(user.name), {
    httpOnly: true,
    secure: request.protocol === 'https',
    sameSite: 'strict',
    path: '/api/auth/login',
    maxAge: deviceCookieLifetimeMs / 1000,
  });
  const previous = request.cookies[sessionCookieName];
  if (previous) await dossier.accounts.endSession(previous);
  const session = await dossier.accounts.startSession(user);
  void reply.setCookie(sessionCookieName, session.id, {
    httpOnly: true,
    secure: request.protocol === 'https',
    sameSite: 'lax',
    path: '/',
    expires: session.expiresAt,
  });
  return session;
}

export const authRoutes =
  (dossier: Dossier, options: AuthRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/auth/session',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary:
            'Who the caller is, the instance mode, and the CSRF token to send with state-changing requests of ' +
            'this session',
          response: { 200: SessionInfoSchema },
        },
      },
      async (request) => {
        const { user, via, sessionId } = request.principal;
        return {
          mode: options.mode,
          authenticated: user !== null,
          user: user ? { name: user.name, role: user.role } : null,
          via,
          csrfToken: sessionId ? csrfTokenFor(sessionId) : null,
        };
      },
    );

    app.post(
      '/api/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary:
            'Sign in with a user name and password: sets a new HttpOnly session cookie and a device cookie. ' +
            'Failed attempts are limited per client address, per user name and globally with exponential backoff ' +
            '(429 RATE_LIMITED with Retry-After); a browser holding the device cookie of a successful sign-in is ' +
            'limited on its own failures only',
          body: LoginBodySchema,
          response: { 200: SessionInfoSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { username } = request.body;
        const attempt = beginLoginAttempt(options, request, reply, username);
        const user = await dossier.accounts.verifyPassword(username, request.body.password);
        if (!user) throw new DossierError('UNAUTHORIZED', 'wrong user name or password');
        attempt.succeeded();
        const session = await startBrowserSession(dossier, options, request, reply, user);
        return {
          mode: options.mode,
          authenticated: true,
          user: { name: user.name, role: user.role },
          via: 'session' as const,
          csrfToken: session.csrfToken,
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Sign out: the session is deleted on the server and the cookie cleared (needs the CSRF token)',
          response: { 204: z.null(), 403: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { sessionId } = request.principal;
        if (sessionId) await dossier.accounts.endSession(sessionId);
        void reply.clearCookie(sessionCookieName, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
        });
        return reply.status(204).send(null);
      },
    );
  };
