// `dossier users add NAME --role ROLE` (password from a hidden prompt on a terminal, else from
// stdin), `dossier users list`, `dossier tokens create --user NAME` (prints the token once) and
// `dossier tokens list`; `dossier users role|password|remove NAME` and `dossier tokens revoke ID`
// (exit 2 for an unknown user or token). Only `users add` may create the knowledge base (the first
// admin of a new instance); the others need an existing one. Names and labels print sanitised.
import { Option, type Command } from 'commander';
import type { Role } from '../model/index.js';
import { roles } from '../model/vocabularies.js';
import type { Dossier } from '../core/index.js';
import { dbOption, withDossier as openFor, type CliContext } from './command-support.js';
import { type TerminalWriter, safe } from './terminal-text.js';

const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** Reads a line from the terminal without echoing it. */
async function promptHidden(err: TerminalWriter, question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const { Writable } = await import('node:stream');
  err.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await reader.question('');
  } finally {
    reader.close();
    err.write('\n');
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function readNewPassword(err: TerminalWriter): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const { minPasswordLength } = await import('../core/index.js');
  const { DossierError } = await import('../model/index.js');
  const first = await promptHidden(err, `Password (at least ${minPasswordLength} characters): `);
  const second = await promptHidden(err, 'Password again: ');
  if (first !== second) throw new DossierError('BAD_REQUEST', 'the two passwords differ');
  return first;
}

/** Opens the knowledge base for one command (creating it only when `create`). */
const dossierOpener =
  (context: CliContext) =>
  <T>(db: string | undefined, work: (dossier: Dossier) => Promise<T>, create = false) =>
    openFor(db, { create, env: context.io.env }, work);

export function registerAccountCommands(program: Command, context: CliContext): void {
  registerUserCommands(program, context);
  registerTokenCommands(program, context);
}

/** `dossier users add|list|role|password|remove`. */
function registerUserCommands(program: Command, context: CliContext): void {
  const { out, err } = context.io;
  const withDossier = dossierOpener(context);
  // Usage errors of these commands are thrown to runCli (exit 2) instead of exiting the process.
  const users = program
    .command('users')
    .description('accounts of the web UI and the API (roles: reader, editor, admin)')
    .exitOverride();
  users
    .command('add')
    .description('add a user; the password is read from a hidden prompt, or from stdin when piped')
    .argument('<name>', 'user name (letters, digits, ".", "_", "@", "-")')
    .addOption(new Option('--role <role>', 'what the user may do').choices([...roles]).default('reader'))
    .addOption(dbOption())
    .action(async (name: string, options: { role: Role; db?: string }) => {
      const password = await readNewPassword(err);
      await withDossier(
        options.db,
        async (dossier) => {
          const user = await dossier.accounts.addUser(name, options.role, password);
          err.write(safe`added ${user.role} ${user.name} — ${dossier.describeLocation()}\n`);
        },
        true,
      );
    });
  users
    .command('list')
    .description('list the users and their roles')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (options: { db?: string; format: string }) => {
      await withDossier(options.db, async (dossier) => {
        const list = await dossier.accounts.listUsers();
        if (options.format === 'json') out.json({ users: list });
        else for (const user of list) out.write(safe`${user.name}\t${user.role}\t${user.createdAt}\n`);
      });
    });

  users
    .command('role')
    .description("change a user's role; their sessions and tokens get it at their next request")
    .argument('<name>', 'user name')
    .addOption(new Option('--role <role>', 'the new role').choices([...roles]).makeOptionMandatory())
    .addOption(dbOption())
    .action(async (name: string, options: { role: Role; db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        const user = await dossier.accounts.setRole(name, options.role);
        err.write(safe`${user.name} is now ${user.role} — ${dossier.describeLocation()}\n`);
      });
    });
  users
    .command('password')
    .description("set a user's password (hidden prompt, or stdin when piped); ends their sessions")
    .argument('<name>', 'user name')
    .addOption(dbOption())
    .action(async (name: string, options: { db?: string }) => {
      const { DossierError } = await import('../model/index.js');
      await withDossier(options.db, async (dossier) => {
        if (!(await dossier.store.getUserCredentials(name))) {
          throw new DossierError('NOT_FOUND', `no user "${name}"`, {
            expected: 'a user listed by `dossier users list`',
          });
        }
        const { sessionsEnded } = await dossier.accounts.setPassword(name, await readNewPassword(err));
        err.write(safe`new password for ${name}; ${sessionsEnded} session(s) ended — ${dossier.describeLocation()}\n`);
      });
    });
  users
    .command('remove')
    .description('remove a user with their sessions and API tokens (the audit trail keeps the name)')
    .argument('<name>', 'user name')
    .addOption(dbOption())
    .action(async (name: string, options: { db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        const removed = await dossier.accounts.removeUser(name);
        err.write(
          safe`removed ${removed.user.role} ${removed.user.name}; ${removed.sessionsEnded} session(s) ended, `,
          safe`${removed.tokensRevoked.length} token(s) revoked — ${dossier.describeLocation()}\n`,
        );
      });
    });
}

/** `dossier tokens create|list|revoke`. */
function registerTokenCommands(program: Command, context: CliContext): void {
  const { out, err } = context.io;
  const withDossier = dossierOpener(context);
  const tokens = program
    .command('tokens')
    .description('API tokens (sent as `Authorization: Bearer <token>`)')
    .exitOverride();
  tokens
    .command('create')
    .description('create an API token for a user and print it once (only its hash is kept)')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--label <label>', 'what the token is for', '')
    .addOption(dbOption())
    .action(async (options: { user: string; label: string; db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        const { token, summary } = await dossier.accounts.createToken(options.user, options.label);
        out.write(safe`${token}\n`);
        err.write(safe`token ${summary.id} for ${summary.user}: store it now, it is not shown again\n`);
      });
    });
  tokens
    .command('list')
    .description('list API tokens (ids and labels, never the tokens)')
    .option('--user <name>', 'only this user')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (options: { user?: string; db?: string; format: string }) => {
      await withDossier(options.db, async (dossier) => {
        const list = await dossier.accounts.listTokens(options.user);
        if (options.format === 'json') out.json({ tokens: list });
        else
          for (const token of list) out.write(safe`${token.id}\t${token.user}\t${token.label}\t${token.createdAt}\n`);
      });
    });
  tokens
    .command('revoke')
    .description('revoke an API token by its id (see `dossier tokens list`); it stops working at once')
    .argument('<id>', 'token id')
    .addOption(dbOption())
    .action(async (id: string, options: { db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        const token = await dossier.accounts.revokeToken(id);
        err.write(
          safe`revoked token ${token.id} of ${token.user}${token.label ? ` (${token.label})` : ''} — `,
          safe`${dossier.describeLocation()}\n`,
        );
      });
    });
}
