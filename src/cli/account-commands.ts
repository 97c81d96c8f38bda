// `dossier users add NAME --role ROLE` (password from a hidden prompt on a terminal, else from
// stdin), `dossier users list`, `dossier tokens create --user NAME` (prints the token once) and
// `dossier tokens list`.
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
  const users = program.command('users').description('accounts of the web UI and the API (roles: reader, editor, admin)');
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

  const tokens = program.command('tokens').description('API tokens (sent as `Authorization: Bearer <token>`)');
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
}
