// Sign-in and accounts: GET /api/auth/session (who am I, the CSRF token), POST /api/auth/login
// (rate-limited, a new session id at every login), POST /api/auth/logout (ends the session on
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

export interface AuthRouteOptions {
  mode: InstanceMode;
  /** Login attempts allowed per IP and user name in one window. */
  loginAttempts: number;
  loginWindowMs: number;
}

const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 429: ErrorEnvelopeSchema };

export const authRoutes =
  (dossier: Dossier, options: AuthRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/auth/session',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Who the caller is, the instance mode, and the CSRF token to send with state-changing requests of this session',
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
        config: {
          access: 'public',
          rateLimit: {
            max: options.loginAttempts,
            timeWindow: options.loginWindowMs,
            keyGenerator: (request) => {
              const body = request.body as { username?: unknown } | undefined;
              const name = typeof body?.username === 'string' ? body.username.toLowerCase() : '';
              return `login|${request.ip}|${name}`;
            },
          },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a user name and password: sets a new HttpOnly session cookie (rate-limited: 429 with Retry-After)',
          body: LoginBodySchema,
          response: { 200: SessionInfoSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await dossier.accounts.verifyPassword(request.body.username, request.body.password);
        if (!user) throw new DossierError('UNAUTHORIZED', 'wrong user name or password');
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
        return { mode: options.mode, authenticated: true, user: { name: user.name, role: user.role }, via: 'session' as const, csrfToken: session.csrfToken };
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
        void reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: { tags: ['auth'], summary: 'The users and their roles (admins)', response: { 200: z.object({ users: z.array(UserSchema) }), ...errors } },
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
        const user = await dossier.accounts.addUser(request.body.name, request.body.role, request.body.password, actingUser(request).name);
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
          response: { 201: z.object({ token: z.string(), summary: TokenSummarySchema }), 404: ErrorEnvelopeSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await dossier.accounts.createToken(request.body.user, request.body.label, actingUser(request).name)),
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
            200: z.object({ user: UserSchema, sessionsEnded: z.number().int(), tokensRevoked: z.array(TokenSummarySchema) }),
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
