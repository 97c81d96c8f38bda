// `dossier config` in-process: every setting of the table with its value and source (default, env,
// flag), as text and JSON, a PostgreSQL password masked, a bad value refused with exit 2 naming the
// variable; `dossier --help` lists the settings.
import { describe, expect, it } from 'vitest';
import { settingNames, settings } from '../model/index.js';
import { runCli } from './commands.js';
import { TerminalWriter, type OutputStream, type TerminalIo } from './terminal-text.js';

const sink = () => {
  const chunks: string[] = [];
  const stream: OutputStream = { isTTY: false, write: (chunk: string) => chunks.push(chunk) };
  return { stream, text: () => chunks.join('') };
};

async function dossier(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = sink();
  const err = sink();
  const io: TerminalIo = {
    out: new TerminalWriter(out.stream, false),
    err: new TerminalWriter(err.stream, false),
    env,
  };
  const code = await runCli(['node', 'dossier', ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('dossier config', () => {
  it('prints every setting with its default when nothing is set', async () => {
    const { code, stdout } = await dossier(['config']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(settingNames.length);
    expect(lines.find((line) => line.startsWith('PORT '))).toMatch(/^PORT\s+8080\s+default$/);
    expect(lines.find((line) => line.startsWith('DOSSIER_METRICS_PORT '))).toMatch(/\(unset\)\s+default$/);
  });

  it('says where each value came from, flag over env, and masks a PostgreSQL password (--json)', async () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', DOSSIER_DB: 'postgres://ada:s3cret@db:5432/kb', DOSSIER_PRIVATE: '1' };
    const { code, stdout } = await dossier(['config', '--json', '--port', '9001'], env);
    expect(code).toBe(0);
    expect(stdout).not.toContain('s3cret');
    const { settings: rows } = JSON.parse(stdout) as {
      settings: Array<{ env: string; value: unknown; source: string }>;
    };
    const byEnv = new Map(rows.map((row) => [row.env, row]));
    expect(rows.map((row) => row.env)).toEqual(settingNames.map((name) => settings[name].env));
    expect(byEnv.get('PORT')).toMatchObject({ value: 9001, source: 'flag' });
    expect(byEnv.get('HOST')).toMatchObject({ value: '0.0.0.0', source: 'env' });
    expect(byEnv.get('DOSSIER_DB')).toMatchObject({ value: 'postgres://ada:***@db:5432/kb', source: 'env' });
    expect(byEnv.get('DOSSIER_PRIVATE')).toMatchObject({ value: true, source: 'env' });
    expect(byEnv.get('DOSSIER_LOG_LEVEL')).toMatchObject({ value: 'info', source: 'default' });
    expect(byEnv.get('DOSSIER_TRUSTED_PROXIES')).toMatchObject({ value: null, source: 'default' });
  });

  it('refuses a bad value with exit 2, naming the variable and what it expects', async () => {
    const { code, stderr } = await dossier(['config'], { DOSSIER_LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(stderr).toContain('DOSSIER_LOG_LEVEL "loud" is not a log level');
    expect(stderr).toContain('fatal, error, warn, info, debug, trace, silent');
  });

  it('lists the settings in `dossier --help`, and builds the --port help from the table', async () => {
    const help = await dossier(['--help']);
    for (const name of settingNames) expect(help.stdout).toContain(settings[name].env);
    const serveHelp = await dossier(['serve', '--help']);
    expect(serveHelp.stdout).toContain('(default: $PORT or 8080)');
  });
});
