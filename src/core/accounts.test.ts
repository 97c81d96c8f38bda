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
    expect(await dossier.accounts.verifyPassword('ada', 'a long password')).toMatchObject({ name: 'ada', role: 'editor' });
    expect(await dossier.accounts.verifyPassword('ada', 'a long passwor')).toBeNull();
    expect(await dossier.accounts.verifyPassword('nobody', 'a long password')).toBeNull();
  });

  it('refuses bad names, roles and short passwords', async () => {
    await expect(dossier.accounts.addUser('bad name', 'reader', 'long enough')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dossier.accounts.addUser('bob', 'root' as never, 'long enough')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
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
});
