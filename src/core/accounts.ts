// Accounts: users with argon2id password hashes, server-side web sessions (128-bit random ids,
// stored as sha256), CSRF tokens bound to a session, and API tokens (256-bit, stored as sha256,
// shown once).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { DossierError, RoleSchema, UserNameSchema, type Role, type TokenSummary, type User } from '../model/index.js';
import type { Store } from '../store/index.js';

/** How long a web session lives. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
/** Shortest password accepted. */
export const minPasswordLength = 8;
const tokenPrefix = 'dsr_';

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** A hash verified when the user is unknown, so a wrong name costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

function checkPassword(password: string): void {
  if (password.length < minPasswordLength) {
    throw new DossierError('BAD_REQUEST', `the password is too short`, {
      expected: `at least ${minPasswordLength} characters`,
    });
  }
}

export interface NewSession {
  /** The raw id for the cookie; only its sha256 is stored. */
  id: string;
  expiresAt: Date;
  csrfToken: string;
}

export class Accounts {
  constructor(private readonly store: Store) {}

  async addUser(name: string, role: Role, password: string, by: string | null = null): Promise<User> {
    const checkedName = UserNameSchema.safeParse(name);
    if (!checkedName.success) {
      throw new DossierError('BAD_REQUEST', `"${name}" is not a valid user name`, {
        expected: '1-64 letters, digits, ".", "_", "@" or "-"',
      });
    }
    if (!RoleSchema.safeParse(role).success)
      throw new DossierError('BAD_REQUEST', `unknown role "${role}"`, { expected: 'reader, editor or admin' });
    checkPassword(password);
    return this.store.createUser({ name, role, passwordHash: await hashPassword(password) }, by);
  }

  listUsers(): Promise<User[]> {
    return this.store.listUsers();
  }

  /** Gives a user another role; it applies to their sessions and tokens at the next request. */
  async setRole(name: string, role: Role, by: string | null = null): Promise<User> {
    if (!RoleSchema.safeParse(role).success)
      throw new DossierError('BAD_REQUEST', `unknown role "${role}"`, { expected: 'reader, editor or admin' });
    return this.store.setUserRole(name, role, by);
  }

  /** Sets a new password (stored as an argon2id hash) and ends every session of the user. */
  async setPassword(name: string, password: string, by: string | null = null): Promise<{ sessionsEnded: number }> {
    checkPassword(password);
    return this.store.setUserPassword(name, await hashPassword(password), by);
  }

  /** Removes a user, their sessions and their API tokens (the audit trail keeps the name). */
  removeUser(
    name: string,
    by: string | null = null,
  ): Promise<{ user: User; sessionsEnded: number; tokensRevoked: TokenSummary[] }> {
    return this.store.deleteUser(name, by);
  }

  /** Revokes an API token by its id: it stops authenticating at once. */
  revokeToken(id: string, by: string | null = null): Promise<TokenSummary> {
    return this.store.deleteToken(id, by);
  }

  /** The user whose name and password match, or null (the same work either way). */
  async verifyPassword(name: string, password: string): Promise<User | null> {
    const credentials = await this.store.getUserCredentials(name);
    if (!credentials) {
      decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await argon2.verify(await decoyHash, password).catch(() => false);
      return null;
    }
    const ok = await argon2.verify(credentials.passwordHash, password).catch(() => false);
    if (!ok) return null;
    const { passwordHash: _hash, ...user } = credentials;
    return user;
  }

  /** A new session (always a fresh id: called at every login). */
  async startSession(user: User, now = new Date()): Promise<NewSession> {
    const id = randomBytes(16).toString('base64url');
    const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await this.store.createSession({ idHash: sha256(id), user: user.name, expiresAt });
    return { id, expiresAt, csrfToken: csrfTokenFor(id) };
  }

  async sessionUser(sessionId: string): Promise<User | null> {
    if (!sessionId || sessionId.length > 200) return null;
    return this.store.getSessionUser(sha256(sessionId));
  }

  endSession(sessionId: string): Promise<boolean> {
    return this.store.deleteSession(sha256(sessionId));
  }

  /** A new API token: the raw value is returned once and only its sha256 is stored. */
  async createToken(
    userName: string,
    label = '',
    by: string | null = null,
  ): Promise<{ token: string; summary: TokenSummary }> {
    const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
    const summary = await this.store.createToken(
      { id: randomBytes(6).toString('hex'), user: userName, label, tokenHash: sha256(token) },
      by,
    );
    return { token, summary };
  }

  async tokenUser(token: string): Promise<User | null> {
    if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
    return this.store.getTokenUser(sha256(token));
  }

  listTokens(userName?: string): Promise<TokenSummary[]> {
    return this.store.listTokens(userName);
  }
}

/** The CSRF token of a session: derived from its secret id (which never reaches scripts). */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`dossier-csrf:${sessionId}`, 'utf8').digest('base64url');
}

/** Constant-time check of a CSRF token against a session. */
export function csrfTokenMatches(sessionId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
