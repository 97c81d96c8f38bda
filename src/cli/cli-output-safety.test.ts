// Every CLI command run in-process with hostile labels in its data: nothing that acts on a
// terminal (escape sequences, C1, bidi overrides, raw newlines in a label) reaches stdout or
// stderr; JSON stays the same value; colour follows NO_COLOR / --no-color; read commands never
// create a database and store errors exit 1 with their hint.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier } from '../core/index.js';
import { runCli } from './commands.js';
import { TerminalWriter, colorWanted, type OutputStream, type TerminalIo } from './terminal-text.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');

/** Raw in any output: C0 except layout newline/tab, DEL, C1, separators, bidi formatting. */
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const title = '\x1b]0;pwned\x07';
const clear = '\x1b[2J';

// Ingest runs with --jobs 0 (on this thread): the worker pool has its own tests.

/** A profile whose title, headings, interests, sentences and names carry hostile sequences. */
const hostileProfile = [
  `Kazakh${title}stan${clear}\u202e`,
  '',
  'Profile',
  '',
  `Kazakhstan\u202e supports trade with Afghanistan${clear} and \x9b31m wheat exports to Kabul\u2066 and ` +
    `Termez.\r Kazakhstan\x08\x08 fears the spillover\x1b]0;x\x07 of insecurity.`,
  '',
  'Key Interests & Priorities',
  '',
  `1. Spill${clear}over \u2066of\u2069 Insecurity\x7f`,
  '',
  `Kazakhstan fears\x07 spillover\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ of insecurity and ` +
    `wheat\u200f routes.`,
  '',
].join('\n');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const sink = (isTTY: boolean) => {
  const chunks: string[] = [];
  const stream: OutputStream = { isTTY, write: (chunk: string) => chunks.push(chunk) };
  return { stream, text: () => chunks.join('') };
};

async function dossier(args: string[], env: NodeJS.ProcessEnv = {}, tty = false): Promise<RunResult> {
  const out = sink(tty);
  const err = sink(tty);
  const fullEnv = { DOSSIER_DB: '', ...env };
  const io: TerminalIo = {
    out: new TerminalWriter(out.stream, colorWanted(out.stream, fullEnv)),
    err: new TerminalWriter(err.stream, colorWanted(err.stream, fullEnv)),
    env: fullEnv,
  };
  const code = await runCli(['node', 'dossier', ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

const expectSafe = (result: RunResult, what: string) => {
  expect(result.stdout, `${what} stdout`).not.toMatch(unsafe);
  expect(result.stderr, `${what} stderr`).not.toMatch(unsafe);
};

let dir: string;
let db: string;
let hostileFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-safety-'));
  hostileFile = path.join(dir, 'hostile.txt');
  await writeFile(hostileFile, hostileProfile);
  db = path.join(dir, 'kb.db');
  const ingested = await dossier(['ingest', hostileFile, seed, '--db', db, '--jobs', '0']);
  expect(ingested.code, ingested.stderr).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostile labels in every command output', () => {
  it('extract --format text shows the sequences visibly, one label per line', async () => {
    const result = await dossier(['extract', hostileFile, '--format', 'text']);
    expect(result.code, result.stderr).toBe(0);
    expectSafe(result, 'extract text');
    expect(result.stdout).toContain('Kazakh\\u{1b}]0;pwned\\u{7}stan\\u{1b}[2J\\u{202e}');
    expect(result.stdout).toContain('Spill\\u{1b}[2Jover \\u{2066}of\\u{2069} Insecurity\\u{7f}');
  });

  it('extract --format json is the same JSON value, with nothing raw', async () => {
    const result = await dossier(['extract', hostileFile, '--format', 'json']);
    expect(result.code).toBe(0);
    expectSafe(result, 'extract json');
    const parsed = JSON.parse(result.stdout) as { text: string; actor: { name: string } };
    const { processProfile } = await import('../core/index.js');
    expect(parsed).toEqual(
      JSON.parse(JSON.stringify(processProfile(await readFile(hostileFile), hostileFile).extraction)),
    );
    expect(parsed.text).toContain(`Kazakh${title}stan${clear}\u202e`);
    expect(parsed.actor.name).toContain(title);
  });

  it('list, show and search (text and json)', async () => {
    const list = await dossier(['list', '--db', db]);
    expect(list.code, list.stderr).toBe(0);
    expectSafe(list, 'list');
    expect(list.stdout).toContain('Kazakh\\u{1b}]0;pwned\\u{7}stan');
    const actors = JSON.parse((await dossier(['list', '--db', db, '--format', 'json'])).stdout).actors as Array<{
      id: string;
      name: string;
    }>;
    const hostile = actors.find((actor) => actor.name.includes(title))!;
    expect(hostile).toBeDefined();

    for (const format of ['text', 'json']) {
      const show = await dossier(['show', hostile.id, '--db', db, '--format', format]);
      expect(show.code, show.stderr).toBe(0);
      expectSafe(show, `show ${format}`);
      const search = await dossier(['search', 'wheat', '--db', db, '--format', format]);
      expect(search.code, search.stderr).toBe(0);
      expectSafe(search, `search ${format}`);
    }
    const search = await dossier(['search', 'wheat', '--db', db]);
    expect(search.stdout).toMatch(/\[wheat\]/);
    expect(search.stdout).toContain('\\u{9b}31m');
  });

  it('refusal lines, missing-path lines and error messages echo hostile names visibly', async () => {
    const badName = path.join(dir, `bad${title}\u202e.txt`);
    await writeFile(badName, `\n\nProfile\nno title${clear}${title} at all.\n`);
    const ingest = await dossier(['ingest', badName, path.join(dir, `missing${clear}.md`), '--db', db, '--jobs', '0']);
    expect(ingest.code).toBe(2);
    expectSafe(ingest, 'ingest refusal');
    expect(ingest.stderr).toMatch(/^refused .*bad\\u\{1b\}\]0;pwned\\u\{7\}\\u\{202e\}\.txt/m);
    expect(ingest.stderr).toContain('missing\\u{1b}[2J.md: no such file');

    const unknown = await dossier(['show', `atlantis${clear}\nsecond line`, '--db', db]);
    expect(unknown.code).toBe(2);
    expectSafe(unknown, 'show unknown');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

    const command = await dossier([`frob${title}`]);
    expect(command.code).toBe(2);
    expectSafe(command, 'unknown command');
    const option = await dossier(['list', `--x${clear}`]);
    expect(option.code).toBe(2);
    expectSafe(option, 'unknown option');
  });

  it('tokens create, list and revoke with a hostile label; users list', async () => {
    const accountsDb = path.join(dir, 'accounts.db');
    const { Dossier: DossierClass } = await import('../core/index.js');
    const setup = await DossierClass.open(accountsDb);
    await setup.accounts.addUser('ada', 'admin', 'a long enough password');
    await setup.close();
    const created = await dossier([
      'tokens',
      'create',
      '--user',
      'ada',
      '--label',
      `ci${title}\nbot${clear}`,
      '--db',
      accountsDb,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expectSafe(created, 'tokens create');
    const listed = await dossier(['tokens', 'list', '--db', accountsDb]);
    expect(listed.code).toBe(0);
    expectSafe(listed, 'tokens list');
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
    expect(listed.stdout).toContain('ci\\u{1b}]0;pwned\\u{7}\\u{a}bot\\u{1b}[2J');
    const json = await dossier(['tokens', 'list', '--db', accountsDb, '--format', 'json']);
    expect(JSON.parse(json.stdout).tokens[0].label).toBe(`ci${title}\nbot${clear}`);
    expectSafe(json, 'tokens list json');
    const users = await dossier(['users', 'list', '--db', accountsDb]);
    expectSafe(users, 'users list');
    const revoked = await dossier(['tokens', 'revoke', JSON.parse(json.stdout).tokens[0].id, '--db', accountsDb]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expectSafe(revoked, 'tokens revoke');
  });

  it('doctor with a hostile --db path', async () => {
    const result = await dossier(['doctor', '--db', path.join(dir, `no${title}`, `x${clear}.db`)]);
    expect(result.code).toBe(1);
    expectSafe(result, 'doctor');
    expect(result.stdout).toContain('no\\u{1b}]0;pwned\\u{7}');
  });

  it('the progress bar shows hostile file names escaped', async () => {
    const folder = path.join(dir, 'progress');
    await mkdir(folder);
    for (let i = 0; i < 3; i++)
      await writeFile(
        path.join(folder, `p${i}${title}.txt`),
        (await readFile(seed, 'utf8')).replace('Kazakhstan', `Kazakhstan ${i}`),
      );
    const err = sink(true);
    const ttyErr = Object.assign(err.stream, {
      columns: 200,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      clearScreenDown: () => true,
    });
    const out = sink(false);
    const io: TerminalIo = {
      out: new TerminalWriter(out.stream, false),
      err: new TerminalWriter(ttyErr, false),
      env: { DOSSIER_DB: '' },
    };
    const code = await runCli(
      ['node', 'dossier', 'ingest', folder, '--db', path.join(dir, 'progress.db'), '--jobs', '0'],
      io,
    );
    expect(code).toBe(0);
    const written = err.text().replace(/\x1b\[\?25[lh]/g, '');
    expect(written).toContain('\\u{1b}]0;pwned\\u{7}');
    expect(written).not.toContain(title);
  });
});

describe('ingest exit codes', () => {
  it(
    'a store failure during ingest prints its message and hint ' + 'and exits 1, not 2; refusals alone exit 2',
    async () => {
      const { DossierError } = await import('../model/index.js');
      const { ingestWithProgress } = await import('./command-support.js');
      type ErrorsByFile = Record<string, InstanceType<typeof DossierError>>;
      // Errors are keyed by file name: the order files are listed in depends on where the checkout and the temp folder
      // live.
      const fakeDossier = (errors: ErrorsByFile) =>
        ({
          describeLocation: () => 'kb.db',
          ingestFiles: async (files: string[]) => ({
            results: files.map((file) => ({ file: path.basename(file), error: errors[path.basename(file)] })),
            created: 0,
            newVersions: 0,
            unchanged: 0,
            refused: Object.keys(errors).length,
            bytes: 0,
          }),
        }) as unknown as Dossier;
      const run = async (errors: ErrorsByFile) => {
        const err = sink(false);
        const io: TerminalIo = {
          out: new TerminalWriter(sink(false).stream, false),
          err: new TerminalWriter(err.stream, false),
          env: {},
        };
        const { exitCode } = await ingestWithProgress(io, fakeDossier(errors), [seed, hostileFile]);
        return { exitCode, stderr: err.text() };
      };
      const full = new DossierError('STORE_DISK_FULL', 'Could not save: the disk is full', { hint: 'free disk space' });
      const refused = new DossierError('INVALID_DOCUMENT', 'no sections', { file: 'hostile.txt', line: 2, column: 1 });
      const mixed = await run({ 'hostile.txt': refused, 'seed-kazakhstan.txt': full });
      expect(mixed.exitCode).toBe(1);
      expect(mixed.stderr).toMatch(
        /^dossier: seed-kazakhstan\.txt: Could not save: the disk is full\nhint: free disk space$/m,
      );
      expect(mixed.stderr).toMatch(/^refused hostile\.txt:2:1: no sections$/m);
      expect(mixed.stderr).toMatch(/1 refused, 1 failed/);
      expect((await run({ 'hostile.txt': refused })).exitCode).toBe(2);
      expect((await run({})).exitCode).toBe(0);
    },
  );
});

describe('colour', () => {
  it('highlights matches only when colour is on; NO_COLOR and --no-color win over FORCE_COLOR', async () => {
    const coloured = await dossier(['search', 'wheat', '--db', db], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\x1b[1;33mwheat\x1b[0m');
    for (const [args, env] of [
      [['search', 'wheat', '--db', db], { FORCE_COLOR: '1', NO_COLOR: '1' }],
      [['search', 'wheat', '--db', db, '--no-color'], { FORCE_COLOR: '1' }],
      [['--no-color', 'search', 'wheat', '--db', db], { FORCE_COLOR: '1' }],
      [['search', 'wheat', '--db', db], {}],
    ] as Array<[string[], NodeJS.ProcessEnv]>) {
      const plain = await dossier(args, env);
      expect(plain.code, args.join(' ')).toBe(0);
      expect(plain.stdout, args.join(' ')).not.toContain('\x1b');
      expect(plain.stdout).toContain('[wheat]');
    }
    const doctor = await dossier(['doctor', '--db', db, '--no-color'], { FORCE_COLOR: '1' });
    expect(doctor.stdout).not.toContain('\x1b');
    expect((await dossier(['doctor', '--db', db], { FORCE_COLOR: '1' })).stdout).toContain('\x1b[32m✓\x1b[0m');
  });
});

describe('--db on commands that read', () => {
  it('never creates a file or folder; the error says so with a hint and exits 1', async () => {
    const empty = path.join(dir, 'untouched');
    await mkdir(empty);
    const missing = path.join(empty, 'deep', 'er', 'x.db');
    const flat = path.join(empty, 'x.db');
    const commands = [
      ['list'],
      ['show', 'kazakhstan'],
      ['search', 'wheat'],
      ['users', 'list'],
      ['users', 'role', 'ada', '--role', 'admin'],
      ['users', 'remove', 'ada'],
      ['tokens', 'list'],
      ['tokens', 'create', '--user', 'ada'],
      ['tokens', 'revoke', 'abc'],
      ['doctor'],
    ];
    for (const command of commands) {
      for (const location of [missing, flat]) {
        const result = await dossier([...command, '--db', location]);
        expect(result.code, `${command.join(' ')} ${result.stderr}`).toBe(1);
        if (command[0] !== 'doctor') {
          expect(result.stderr, command.join(' ')).toMatch(/^dossier: .*x\.db/m);
          expect(result.stderr, command.join(' ')).toMatch(/^hint: /m);
        }
      }
      expect(await readdir(empty), command.join(' ')).toEqual([]);
    }
    const viaEnv = await dossier(['list'], { DOSSIER_DB: missing });
    expect(viaEnv.code).toBe(1);
    expect(await readdir(empty)).toEqual([]);
  });

  it(
    'a garbage file, a folder or a parent that is a file is a ' + 'store failure (exit 1 with a hint), not bad input',
    async () => {
      const garbage = path.join(dir, 'garbage.db');
      await writeFile(garbage, 'this is not a database at all, just text\n'.repeat(200));
      const folder = path.join(dir, 'a-folder.db');
      await mkdir(folder);
      const parentFile = path.join(dir, 'garbage.db', 'x.db');
      for (const location of [garbage, folder, parentFile]) {
        for (const command of [['list'], ['ingest', seed, '--jobs', '0']]) {
          const result = await dossier([...command, '--db', location]);
          expect(result.code, `${command[0]} ${location}: ${result.stderr}`).toBe(1);
          expect(result.stderr, location).toMatch(/^hint: /m);
          expect(result.stderr).not.toMatch(/^refused/m);
        }
      }
      expect((await readFile(garbage, 'utf8')).startsWith('this is not a database')).toBe(true);
    },
  );

  it('write commands still create a new database', async () => {
    const fresh = path.join(dir, 'new', 'folder', 'kb.db');
    expect((await dossier(['ingest', seed, '--db', fresh, '--quiet', '--jobs', '0'])).code).toBe(0);
    expect((await dossier(['list', '--db', fresh])).stdout).toContain('kazakhstan');
  });
});
