// `dossier backup` and `dossier restore` through commander with captured output: a backup of a
// SQLite knowledge base restores into a new file; a non-empty target needs --force; --db is
// required for restore; a file that is not a backup exits 2.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../core/index.js';
import { registerBackupCommands } from './backup-commands.js';
import { reportError } from './output.js';
import { TerminalWriter, type OutputStream, type TerminalIo } from './terminal-text.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-backup-cli-'));
  const dossier = await Dossier.open(path.join(work, 'kb.db'));
  await dossier.ingestFiles([path.join(root, 'examples', 'india.md'), path.join(root, 'examples', 'russia.md')], {
    jobs: 0,
  });
  await dossier.accounts.addUser('femi.adeyemi', 'admin', 'a long enough password');
  await dossier.close();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks = { out: [] as string[], err: [] as string[] };
  const stream = (into: string[]): OutputStream => ({ isTTY: false, write: (chunk: string) => into.push(chunk) });
  const io: TerminalIo = {
    out: new TerminalWriter(stream(chunks.out), false),
    err: new TerminalWriter(stream(chunks.err), false),
    env: { DOSSIER_DB: '' },
  };
  const context = { io, exitCode: 0 };
  const program = new Command('dossier')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) });
  registerBackupCommands(program, context);
  let code: number;
  try {
    await program.parseAsync(['node', 'dossier', ...args]);
    code = context.exitCode;
  } catch (error) {
    code = (error as { code?: string }).code?.startsWith('commander.') ? 2 : reportError(io.err, error);
  }
  return { code, stdout: chunks.out.join(''), stderr: chunks.err.join('') };
}

describe('dossier backup and restore', () => {
  it('backs up and restores into a new SQLite file; a second restore needs --force', async () => {
    const backup = path.join(work, 'kb.backup');
    const made = await run(['backup', backup, '--db', path.join(work, 'kb.db')]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(
      /backed up 2 actors, 2 documents, .* to .*kb\.backup \(\d+ bytes, schema version \d+, without accounts\)/,
    );
    const target = path.join(work, 'restored.db');
    const restored = await run(['restore', backup, '--db', target, '--format', 'json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({
      counts: { actors: 2, documents: 2, users: 0 },
      replaced: false,
      accountsRestored: false,
    });
    const again = await run(['restore', backup, '--db', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);
    expect(again.stderr).toMatch(/hint: .*--force/);
    const forced = await run(['restore', backup, '--db', target, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/replacing what was there/);
    const withAccounts = await run(['restore', backup, '--db', path.join(work, 'accounts.db'), '--include-accounts']);
    expect(withAccounts.code).toBe(2);
    expect(withAccounts.stderr).toMatch(/holds no accounts/);
  });

  it('requires --db for restore and refuses a file that is not a backup', async () => {
    expect((await run(['restore', path.join(work, 'kb.backup')])).code).toBe(2);
    const notBackup = await run(['restore', path.join(root, 'examples', 'india.md'), '--db', path.join(work, 'x.db')]);
    expect(notBackup.code).toBe(2);
    expect(notBackup.stderr).toMatch(/not a Dossier backup/);
    const missing = await run(['backup', path.join(work, 'y.backup'), '--db', path.join(work, 'nothing-here.db')]);
    expect(missing.code).not.toBe(0);
  });
});
