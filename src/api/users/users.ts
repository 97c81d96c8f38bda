// Accounts, for admins: GET /api/users (the users and their roles), POST /api/users (add one),
// PATCH /api/users/:name (change a role) and DELETE /api/users/:name (remove a user with their
// sessions and tokens). The last admin cannot be removed or demoted.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, RemovedUserSchema, UserListSchema, UserSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { NewUserSchema, RoleChangeSchema, userParams } from './schema.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 429);

export const userRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'The users and their roles (admins)',
          response: { 200: UserListSchema, ...errors },
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
          body: NewUserSchema,
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

    app.patch(
      '/api/users/:name',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: "Change a user's role (admins); it applies to the user's sessions and tokens at their next request",
          params: userParams,
          body: RoleChangeSchema,
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
          params: userParams,
          response: {
            200: RemovedUserSchema,
            404: ErrorEnvelopeSchema,
            409: ErrorEnvelopeSchema,
            ...errors,
          },
        },
      },
      async (request) => dossier.accounts.removeUser(request.params.name, actingUser(request).name),
    );
  };
