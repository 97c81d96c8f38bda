// Sign-in and accounts: GET /api/auth/session (who am I, the CSRF token), POST /api/auth/login
// (limited per client address, user name and globally with exponential backoff, see
// login-limiter.ts; a new session id and a signed device cookie at every login), POST /api/auth/logout (ends the
// session on
// the server), and for admins GET/POST /api/users, PATCH/DELETE /api/users/:name, POST /api/tokens
// and DELETE /api/tokens/:id.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DossierError,
  ErrorEnvelopeSchema,
  LoginBodySchema,
  RoleSchema,
  SessionInfoSchema,
  TokenSummarySchema,
  UserNameSchema,
  UserSchema,
  type InstanceMode,
} from '../../model/index.js';
import { csrfTokenFor, type Dossier } from '../../core/index.js';
import { actingUser, sessionCookieName } from '../access-policy.js';
import type { DeviceCookies, LoginLimiter } from '../login-limiter.js';
import { clientKeyOf } from '../trusted-proxies.js';

export interface AuthRouteOptions {
  mode: InstanceMode;
  loginLimiter: LoginLimiter;
  deviceCookies: DeviceCookies;
}

/** The cookie that marks a browser as having signed in as a user before (sent to the login route only). */
export const deviceCookieName = 'dossier_device';
const deviceCookieLifetimeMs = 90 * 24 * 60 * 60 * 1000;

const errors = {
  400: ErrorEnvelopeSchema,
  401: ErrorEnvelopeSchema,
  403: ErrorEnvelopeSchema,
  429: ErrorEnvelopeSchema,
};

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
            'Who the caller is, the instance mode, and the CSRF token to send with state-changing requests of this session',
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
            'Sign in with a user name and password: sets a new HttpOnly session cookie and a device cookie. Failed attempts are limited per client address, per user name and globally with exponential backoff (429 RATE_LIMITED with Retry-After); a browser holding the device cookie of a successful sign-in is limited on its own failures only',
          body: LoginBodySchema,
          response: { 200: SessionInfoSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { username } = request.body;
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
        const user = await dossier.accounts.verifyPassword(username, request.body.password);
        if (!user) throw new DossierError('UNAUTHORIZED', 'wrong user name or password');
        attempt.succeeded();
        void reply.setCookie(deviceCookieName, options.deviceCookies.issue(user.name), {
          httpOnly: true,
          secure: request.protocol === 'https',
          sameSite: 'strict',
          path: '/api/auth/login',
          maxAge: deviceCookieLifetimeMs / 1000,
        });
        // A previous session of this browser ends: the new one gets a fresh id.
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

    app.get(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'The users and their roles (admins)',
          response: { 200: z.object({ users: z.array(UserSchema) }), ...errors },
        },
      },
      async () => ({ users: await dossier.accounts.listUsers() }),
    );

    app.post(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Add a user (admins); the password is stored as an argon2id hash',
          body: z.object({ name: UserNameSchema, role: RoleSchema, password: z.string().min(8).max(1024) }),
          response: { 201: UserSchema, 409: ErrorEnvelopeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await dossier.accounts.addUser(
          request.body.name,
          request.body.role,
          request.body.password,
          actingUser(request).name,
        );
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/api/tokens',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for a user (admins); the token is shown once, only its hash is kept',
          body: z.object({ user: UserNameSchema, label: z.string().max(200).default('') }),
          response: {
            201: z.object({ token: z.string(), summary: TokenSummarySchema }),
            404: ErrorEnvelopeSchema,
            ...errors,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await dossier.accounts.createToken(request.body.user, request.body.label, actingUser(request).name)),
    );

    app.patch(
      '/api/users/:name',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: "Change a user's role (admins); it applies to the user's sessions and tokens at their next request",
          params: z.object({ name: UserNameSchema }),
          body: z.object({ role: RoleSchema }),
          response: { 200: UserSchema, 404: ErrorEnvelopeSchema, 409: ErrorEnvelopeSchema, ...errors },
        },
      },
      async (request) => dossier.accounts.setRole(request.params.name, request.body.role, actingUser(request).name),
    );

    app.delete(
      '/api/users/:name',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Remove a user with their sessions and API tokens (admins); the audit trail keeps the name',
          params: z.object({ name: UserNameSchema }),
          response: {
            200: z.object({
              user: UserSchema,
              sessionsEnded: z.number().int(),
              tokensRevoked: z.array(TokenSummarySchema),
            }),
            404: ErrorEnvelopeSchema,
            409: ErrorEnvelopeSchema,
            ...errors,
          },
        },
      },
      async (request) => dossier.accounts.removeUser(request.params.name, actingUser(request).name),
    );

    app.delete(
      '/api/tokens/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API token by its id (admins); it stops authenticating at once',
          params: z.object({ id: z.string().min(1).max(64) }),
          response: { 200: TokenSummarySchema, 404: ErrorEnvelopeSchema, ...errors },
        },
      },
      async (request) => dossier.accounts.revokeToken(request.params.id, actingUser(request).name),
    );
  };
