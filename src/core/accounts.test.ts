// Accounts over a real SQLite store: argon2id hashes, password checks, sessions and tokens that
// are stored only as hashes, and CSRF tokens bound to one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor, csrfTokenMatches, Dossier } from './index.js';

let dossier: Dossier;
beforeAll(async () => {
  dossier = await Dossier.open(':memory:');
});
afterAll(async () => {
  await dossier.close();
});

describe('Accounts', () => {
  it('stores an argon2id hash, never the password, and checks passwords', async () => {
    await dossier.accounts.addUser('ada', 'editor', 'a long password');
    const credentials = await dossier.store.getUserCredentials('ada');
    expect(credentials?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(credentials?.passwordHash).not.toContain('a long password');
    expect(await dossier.accounts.verifyPassword('ada', 'a long password')).toMatchObject({
      name: 'ada',
      role: 'editor',
    });
    expect(await dossier.accounts.verifyPassword('ada', 'a long passwor')).toBeNull();
    expect(await dossier.accounts.verifyPassword('nobody', 'a long password')).toBeNull();
  });

  it('refuses bad names, roles and short passwords', async () => {
    await expect(dossier.accounts.addUser('bad name', 'reader', 'long enough')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(dossier.accounts.addUser('bob', 'root' as never, 'long enough')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(dossier.accounts.addUser('bob', 'reader', 'short')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dossier.accounts.addUser('ada', 'reader', 'long enough')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('opens sessions with fresh 128-bit ids stored only as hashes', async () => {
    const user = (await dossier.accounts.verifyPassword('ada', 'a long password'))!;
    const one = await dossier.accounts.startSession(user);
    const two = await dossier.accounts.startSession(user);
    expect(one.id).not.toBe(two.id);
    expect(Buffer.from(one.id, 'base64url')).toHaveLength(16);
    expect(await dossier.accounts.sessionUser(one.id)).toMatchObject({ name: 'ada' });
    expect(await dossier.store.getSessionUser(one.id)).toBeNull(); // the raw id is not what is stored
    expect(one.csrfToken).toBe(csrfTokenFor(one.id));
    expect(csrfTokenMatches(one.id, one.csrfToken)).toBe(true);
    expect(csrfTokenMatches(one.id, two.csrfToken)).toBe(false);
    expect(csrfTokenMatches(one.id, undefined)).toBe(false);
    expect(await dossier.accounts.endSession(one.id)).toBe(true);
    expect(await dossier.accounts.sessionUser(one.id)).toBeNull();
  });

  it('creates 256-bit API tokens shown once and stored as sha256', async () => {
    const { token, summary } = await dossier.accounts.createToken('ada', 'ci');
    expect(token).toMatch(/^dsr_[A-Za-z0-9_-]{43}$/);
    expect(await dossier.accounts.tokenUser(token)).toMatchObject({ name: 'ada' });
    expect(await dossier.accounts.tokenUser(`${token}x`)).toBeNull();
    expect(await dossier.accounts.tokenUser('not-a-token')).toBeNull();
    expect(await dossier.accounts.listTokens('ada')).toEqual([summary]);
    expect(await dossier.store.contentDigest()).toBeTruthy();
    await expect(dossier.accounts.createToken('ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies a role change to a live session at its next request', async () => {
    await dossier.accounts.addUser('cleo', 'reader', 'a long password');
    const session = await dossier.accounts.startSession(
      (await dossier.accounts.verifyPassword('cleo', 'a long password'))!,
    );
    expect(await dossier.accounts.setRole('cleo', 'editor', 'ada')).toMatchObject({ name: 'cleo', role: 'editor' });
    expect(await dossier.accounts.sessionUser(session.id)).toMatchObject({ name: 'cleo', role: 'editor' });
    await expect(dossier.accounts.setRole('cleo', 'root' as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sets a new argon2id password and signs the user out everywhere', async () => {
    const session = await dossier.accounts.startSession(
      (await dossier.accounts.verifyPassword('cleo', 'a long password'))!,
    );
    await expect(dossier.accounts.setPassword('cleo', 'short')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dossier.accounts.setPassword('ghost', 'another long one')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await dossier.accounts.setPassword('cleo', 'another long one')).sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await dossier.accounts.sessionUser(session.id)).toBeNull();
    expect(await dossier.accounts.verifyPassword('cleo', 'a long password')).toBeNull();
    expect(await dossier.accounts.verifyPassword('cleo', 'another long one')).toMatchObject({ name: 'cleo' });
    expect((await dossier.store.getUserCredentials('cleo'))?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('revokes tokens and removes users so that nothing of theirs authenticates any more', async () => {
    const kept = await dossier.accounts.createToken('cleo', 'kept');
    const revoked = await dossier.accounts.createToken('cleo', 'revoked');
    expect(await dossier.accounts.revokeToken(revoked.summary.id, 'ada')).toEqual(revoked.summary);
    expect(await dossier.accounts.tokenUser(revoked.token)).toBeNull();
    expect(await dossier.accounts.tokenUser(kept.token)).toMatchObject({ name: 'cleo' });
    await expect(dossier.accounts.revokeToken(revoked.summary.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const session = await dossier.accounts.startSession(
      (await dossier.accounts.verifyPassword('cleo', 'another long one'))!,
    );
    const removed = await dossier.accounts.removeUser('cleo', 'ada');
    expect(removed.tokensRevoked.map((token) => token.id)).toEqual([kept.summary.id]);
    expect(await dossier.accounts.sessionUser(session.id)).toBeNull();
    expect(await dossier.accounts.tokenUser(kept.token)).toBeNull();
    expect(await dossier.accounts.verifyPassword('cleo', 'another long one')).toBeNull();
    const trail = await dossier.store.listAudit({ targetId: 'cleo', limit: 10, offset: 0 });
    expect(trail.entries.map((entry) => entry.action)).toEqual([
      'user.delete',
      'user.password',
      'user.role',
      'user.create',
    ]);
    await expect(dossier.accounts.removeUser('cleo')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
