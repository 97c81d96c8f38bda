// `dossier users` and `dossier tokens` as a user runs them (bin/dossier over the built dist/):
// the password comes from stdin when piped, the token is printed once and then works.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Process-level smoke tests: each runs several `node bin/dossier` processes, which on a loaded
// 2-core machine take seconds each; the budget is generous so load does not fail them.
vi.setConfig({ testTimeout: 180_000 });
import { Dossier } from '../core/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'dossier');

function dossier(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, DOSSIER_DB: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

let workDir: string;
let db: string;
beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist', 'cli', 'account-commands.js')))
    throw new Error('dist/ is missing or old: run `npm run build` first');
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-accounts-'));
  db = path.join(workDir, 'accounts.db');
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('dossier users and tokens', () => {
  it('adds a user with the password from stdin, lists users, and refuses a duplicate or a short password', async () => {
    const added = await dossier(['users', 'add', 'ada', '--role', 'editor', '--db', db], 'a long password\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('added editor ada');
    const listed = await dossier(['users', 'list', '--format', 'json', '--db', db]);
    expect(JSON.parse(listed.stdout).users).toEqual([expect.objectContaining({ name: 'ada', role: 'editor' })]);
    expect((await dossier(['users', 'add', 'ada', '--db', db], 'another long one\n')).stderr).toMatch(/exists already/);
    const short = await dossier(['users', 'add', 'bob', '--db', db], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/too short/);
    expect((await dossier(['users', 'add', 'bob', '--role', 'root', '--db', db], 'long enough\n')).code).not.toBe(0);

    const store = await Dossier.open(db);
    expect(await store.accounts.verifyPassword('ada', 'a long password')).toMatchObject({ role: 'editor' });
    await store.close();
  });

  it('prints a token once; it authenticates the user; listing never shows it', async () => {
    const created = await dossier(['tokens', 'create', '--user', 'ada', '--label', 'ci', '--db', db]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^dsr_/);
    const listed = await dossier(['tokens', 'list', '--db', db]);
    expect(listed.stdout).toContain('ada\tci');
    expect(listed.stdout).not.toContain(token);
    const store = await Dossier.open(db);
    expect(await store.accounts.tokenUser(token)).toMatchObject({ name: 'ada' });
    await store.close();
    expect((await dossier(['tokens', 'create', '--user', 'ghost', '--db', db])).code).toBe(2);
  });

  it('changes a role, sets a password, revokes a token and removes a user; unknown names exit 2', async () => {
    expect((await dossier(['users', 'add', 'root', '--role', 'admin', '--db', db], 'root password\n')).code).toBe(0);
    expect((await dossier(['users', 'add', 'bob', '--db', db], 'bob password\n')).code).toBe(0);
    const role = await dossier(['users', 'role', 'bob', '--role', 'editor', '--db', db]);
    expect(role.code, role.stderr).toBe(0);
    expect(role.stderr).toContain('bob is now editor');
    expect((await dossier(['users', 'role', 'bob', '--role', 'root', '--db', db])).code).toBe(2);
    expect((await dossier(['users', 'role', 'bob', '--db', db])).code).toBe(2);

    const open = await Dossier.open(db);
    const session = await open.accounts.startSession((await open.accounts.verifyPassword('bob', 'bob password'))!);
    await open.close();
    const password = await dossier(['users', 'password', 'bob', '--db', db], 'a new bob password\n');
    expect(password.code, password.stderr).toBe(0);
    expect(password.stderr).toContain('1 session(s) ended');
    expect((await dossier(['users', 'password', 'bob', '--db', db], 'short\n')).stderr).toMatch(/too short/);

    const token = (await dossier(['tokens', 'create', '--user', 'bob', '--db', db])).stdout.trim();
    const spare = (await dossier(['tokens', 'create', '--user', 'bob', '--label', 'spare', '--db', db])).stdout.trim();
    let store = await Dossier.open(db);
    const id = (await store.accounts.listTokens('bob')).find((summary) => summary.label === '')!.id;
    expect(await store.accounts.sessionUser(session.id)).toBeNull();
    expect(await store.accounts.verifyPassword('bob', 'a new bob password')).toMatchObject({ role: 'editor' });
    await store.close();
    const revoked = await dossier(['tokens', 'revoke', id, '--db', db]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toContain(`revoked token ${id} of bob`);
    const again = await dossier(['tokens', 'revoke', id, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`no API token "${id}"`);

    const removed = await dossier(['users', 'remove', 'bob', '--db', db]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('removed editor bob; 0 session(s) ended, 1 token(s) revoked');
    store = await Dossier.open(db);
    expect(await store.accounts.tokenUser(token)).toBeNull();
    expect(await store.accounts.tokenUser(spare)).toBeNull();
    expect((await store.accounts.listUsers()).map((user) => user.name)).toEqual(['ada', 'root']);
    expect((await store.store.listAudit({ targetId: 'bob', limit: 10, offset: 0 })).entries[0]).toMatchObject({
      action: 'user.delete',
      targetId: 'bob',
    });
    await store.close();

    for (const args of [
      ['users', 'remove', 'bob'],
      ['users', 'role', 'bob', '--role', 'reader'],
      ['users', 'password', 'bob'],
    ]) {
      const unknown = await dossier([...args, '--db', db], 'some long password\n');
      expect(unknown.code, args.join(' ')).toBe(2);
      expect(unknown.stderr, args.join(' ')).toContain('no user "bob"');
    }
    const last = await dossier(['users', 'remove', 'root', '--db', db]);
    expect(last.code).not.toBe(0);
    expect(last.stderr).toContain('last admin');
  });
});
