// `dossier users add NAME --role ROLE` (password from a hidden prompt on a terminal, else from
// stdin), `dossier users list`, `dossier tokens create --user NAME` (prints the token once) and
// `dossier tokens list`; `dossier users role|password|remove NAME` and `dossier tokens revoke ID`
// (exit 2 for an unknown user or token).
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { DossierError, roles, type Role } from '../model/index.js';
import { Dossier, minPasswordLength, resolveDatabaseLocation } from '../core/index.js';
import { writeJson } from './output.js';

const dbOption = () => new Option('--db <location>', 'SQLite file or postgres:// URL (default: $DOSSIER_DB or ./dossier.db)');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

async function withDossier<T>(db: string | undefined, work: (dossier: Dossier) => Promise<T>): Promise<T> {
  const dossier = await Dossier.open(resolveDatabaseLocation(db));
  try {
    return await work(dossier);
  } finally {
    await dossier.close();
  }
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await reader.question('');
  } finally {
    reader.close();
    process.stderr.write('\n');
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await promptHidden(`Password (at least ${minPasswordLength} characters): `);
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new DossierError('BAD_REQUEST', 'the two passwords differ');
  return first;
}

export function registerAccountCommands(program: Command): void {
  // Usage errors of these commands are thrown to runCli (exit 2) instead of exiting the process.
  const users = program.command('users').description('accounts of the web UI and the API (roles: reader, editor, admin)').exitOverride();
  users
    .command('add')
    .description('add a user; the password is read from a hidden prompt, or from stdin when piped')
    .argument('<name>', 'user name (letters, digits, ".", "_", "@", "-")')
    .addOption(new Option('--role <role>', 'what the user may do').choices([...roles]).default('reader'))
    .addOption(dbOption())
    .action(async (name: string, options: { role: Role; db?: string }) => {
      const password = await readNewPassword();
      await withDossier(options.db, async (dossier) => {
        const user = await dossier.accounts.addUser(name, options.role, password);
        process.stderr.write(`added ${user.role} ${user.name} — ${dossier.describeLocation()}\n`);
      });
    });
  users
    .command('list')
    .description('list the users and their roles')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (options: { db?: string; format: string }) => {
      await withDossier(options.db, async (dossier) => {
        const list = await dossier.accounts.listUsers();
        if (options.format === 'json') writeJson({ users: list });
        else for (const user of list) process.stdout.write(`${user.name}\t${user.role}\t${user.createdAt}\n`);
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
        process.stderr.write(`${user.name} is now ${user.role} — ${dossier.describeLocation()}\n`);
      });
    });
  users
    .command('password')
    .description("set a user's password (hidden prompt, or stdin when piped); ends their sessions")
    .argument('<name>', 'user name')
    .addOption(dbOption())
    .action(async (name: string, options: { db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        if (!(await dossier.store.getUserCredentials(name))) {
          throw new DossierError('NOT_FOUND', `no user "${name}"`, { expected: 'a user listed by `dossier users list`' });
        }
        const { sessionsEnded } = await dossier.accounts.setPassword(name, await readNewPassword());
        process.stderr.write(`new password for ${name}; ${sessionsEnded} session(s) ended — ${dossier.describeLocation()}\n`);
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
        process.stderr.write(
          `removed ${removed.user.role} ${removed.user.name}; ${removed.sessionsEnded} session(s) ended, ${removed.tokensRevoked.length} token(s) revoked — ${dossier.describeLocation()}\n`,
        );
      });
    });

  const tokens = program.command('tokens').description('API tokens (sent as `Authorization: Bearer <token>`)').exitOverride();
  tokens
    .command('create')
    .description('create an API token for a user and print it once (only its hash is kept)')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--label <label>', 'what the token is for', '')
    .addOption(dbOption())
    .action(async (options: { user: string; label: string; db?: string }) => {
      await withDossier(options.db, async (dossier) => {
        const { token, summary } = await dossier.accounts.createToken(options.user, options.label);
        process.stdout.write(`${token}\n`);
        process.stderr.write(`token ${summary.id} for ${summary.user}: store it now, it is not shown again\n`);
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
        if (options.format === 'json') writeJson({ tokens: list });
        else for (const token of list) process.stdout.write(`${token.id}\t${token.user}\t${token.label}\t${token.createdAt}\n`);
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
        process.stderr.write(`revoked token ${token.id} of ${token.user}${token.label ? ` (${token.label})` : ''} — ${dossier.describeLocation()}\n`);
      });
    });
}
