// Accounts and access: roles, users, API tokens, the session answer of the API, and the
// instance mode (public-read or private) that decides what anonymous visitors may read.
import { z } from 'zod';
import { roles } from './vocabularies.js';

export { roles };
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

/** What a route requires: anyone, a reader (anyone when the instance is public-read), an editor, an admin. */
export const accessLevels = ['public', 'reader', 'editor', 'admin'] as const;
export const AccessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;

export const instanceModes = ['public-read', 'private'] as const;
export const InstanceModeSchema = z.enum(instanceModes);
export type InstanceMode = z.infer<typeof InstanceModeSchema>;

/** A user name: 1-64 characters of letters, digits, dot, dash, underscore, at sign. */
export const UserNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits, ".", "_", "@" or "-"');

export const UserSchema = z.object({ name: z.string(), role: RoleSchema, createdAt: z.string() }).meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const TokenSummarySchema = z
  .object({ id: z.string(), user: z.string(), label: z.string(), createdAt: z.string() })
  .meta({ id: 'TokenSummary' });
export type TokenSummary = z.infer<typeof TokenSummarySchema>;

/** GET /api/users: every user. */
export const UserListSchema = z.object({ users: z.array(UserSchema) });
export type UserList = z.infer<typeof UserListSchema>;
/** DELETE /api/users/:name: the user removed, how many sessions ended, and the tokens revoked. */
export const RemovedUserSchema = z.object({
  user: UserSchema,
  sessionsEnded: z.number().int(),
  tokensRevoked: z.array(TokenSummarySchema),
});
export type RemovedUser = z.infer<typeof RemovedUserSchema>;
/** POST /api/tokens: the new token, shown once, and its summary. */
export const NewTokenResultSchema = z.object({ token: z.string(), summary: TokenSummarySchema });
export type NewTokenResult = z.infer<typeof NewTokenResultSchema>;

export const LoginBodySchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

export const SessionInfoSchema = z
  .object({
    mode: InstanceModeSchema,
    authenticated: z.boolean(),
    user: z.object({ name: z.string(), role: RoleSchema }).nullable(),
    /** How the caller is authenticated: a session cookie, a bearer token, or not at all. */
    via: z.enum(['session', 'token', 'anonymous']),
    /** The token to send in X-CSRF-Token with every state-changing request of this session; null without a session. */
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
