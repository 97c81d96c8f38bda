// `dossier export` in-process: a file written whole (and no file when the export is refused), the
// standard output, --list, --schema, and the exit codes of bad requests.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './commands.js';
import { TerminalWriter, type OutputStream, type TerminalIo } from './terminal-text.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
let dir: string;
let db: string;

const sink = (isTTY: boolean) => {
  const chunks: Array<string | Uint8Array> = [];
  const stream: OutputStream = { isTTY, write: (chunk: string) => chunks.push(chunk) };
  return {
    stream,
    text: () =>
      chunks.map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))).join(''),
  };
};

async function dossier(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink(tty);
  const err = sink(false);
  const io: TerminalIo = {
    out: new TerminalWriter(out.stream, false),
    err: new TerminalWriter(err.stream, false),
    env: { DOSSIER_DB: '' },
  };
  const code = await runCli(['node', 'dossier', ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-export-'));
  db = path.join(dir, 'kb.db');
  expect((await dossier(['ingest', seed, '--db', db, '--jobs', '0'])).code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dossier export', () => {
  it('names the formats as the choices of --format, in `help export` as in `export --help`', async () => {
    const viaHelp = await dossier(['help', 'export']);
    const viaOption = await dossier(['export', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/--format <format>\s+export format \(choices: "json", "ndjson", "csv",/);
    expect(viaHelp.stdout).toBe(viaOption.stdout);
  });

  it('writes a file whole, and says where', async () => {
    const out = path.join(dir, 'kazakhstan.ndjson');
    const result = await dossier(['export', '--format', 'ndjson', '--actor', 'kazakhstan', '--out', out, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ndjson: [\d,]+ bytes → .*kazakhstan\.ndjson\n$/);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'actor', id: 'kazakhstan' });
    expect((await readdir(dir)).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('writes to standard output', async () => {
    const result = await dossier(['export', '--format', 'json', '--db', db]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).actors).toHaveLength(1);
  });

  it('refuses an unknown actor with exit 2 and writes no file', async () => {
    const out = path.join(dir, 'none.json');
    const result = await dossier(['export', '--format', 'json', '--actor', 'atlantis', '--out', out, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no actor "atlantis"/);
    expect(existsSync(out)).toBe(false);
  });

  it('lists the formats and prints the JSON Schema', async () => {
    const list = await dossier(['export', '--list']);
    expect(list.stdout).toMatch(/^json\s+\.json\s+/m);
    expect(list.stdout).toMatch(/^ndjson\s+\.ndjson\s+/m);
    const schema = await dossier(['export', '--schema']);
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: 'Dossier export' });
  });

  it('asks for a format', async () => {
    const result = await dossier(['export', '--db', db]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--format/);
  });
});
