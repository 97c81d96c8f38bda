// `dossier config [--db …] [--host …] [--port …] [--json]`: every setting of the settings table
// (src/model/settings.ts) with its value in effect and where it came from (flag, env or default);
// a PostgreSQL password is masked. Also the "Settings" part of `dossier --help`, printed from the
// same table. A bad value is a BAD_REQUEST naming the variable and what it expects (exit 2).
import type { Command } from 'commander';
import {
  formatSettingValue,
  resolveSetting,
  settingNames,
  settingRows,
  settings,
  type SettingName,
  type SettingSource,
} from '../model/index.js';
import { dbOption, settingFlagHelp, type CliContext } from './command-support.js';
import { safe } from './terminal-text.js';

/** One setting as `dossier config` reports it. */
export interface SettingInEffectRow {
  name: SettingName;
  env: string;
  flag?: string;
  type: string;
  /** Typed (a number for a port, a list for a list), null when unset; a secret is its masked text. */
  value: unknown;
  source: SettingSource;
  help: string;
}

/** The settings in effect under `env`, the given flags (by setting name) over their variables. */
export function settingsInEffect(
  env: Record<string, string | undefined>,
  flags: Partial<Record<SettingName, string>> = {},
): SettingInEffectRow[] {
  return settingNames.map((name) => {
    const definition = settings[name];
    const { value, source } = resolveSetting(name, env, flags[name]);
    return {
      name,
      env: definition.env,
      ...('flag' in definition ? { flag: definition.flag } : {}),
      type: definition.type,
      value: 'secret' in definition && definition.secret ? formatSettingValue(name, value) : (value ?? null),
      source,
      help: definition.help,
    };
  });
}

/** The settings table as help text: variable, flag, default and help of each. */
export function settingsHelp(): string {
  const lines = settingNames.map((name) => {
    const { env, help, default: fallback } = settings[name];
    const flag = 'flag' in settings[name] ? ` (${settings[name].flag})` : '';
    const shown = formatSettingValue(name, fallback);
    return `  ${`${env}${flag}`.padEnd(36)} ${help}${shown ? ` [default: ${shown}]` : ''}`;
  });
  return `\nSettings (environment variables; a flag wins; \`dossier config\` shows them in effect):\n${lines.join('\n')}\n`;
}

/** The settings table in Markdown: the README's Configuration section (src/docs.test.ts keeps them equal). */
export function settingsMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const code = (text: string | undefined) => (text ? `\`${text}\`` : '');
  const rows = settingRows().map((row) =>
    [
      code(row.env),
      code(row.flag),
      code(row.default) || 'unset',
      row.type === 'text' || row.type === 'location' ? row.type : `${row.type}: ${row.expected}`,
      cell(row.help),
    ].join(' | '),
  );
  return ['| variable | flag | default | type | what |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)]
    .join('\n')
    .concat('\n');
}

export function registerConfigCommand(program: Command, context: CliContext): void {
  program.addHelpText('after', settingsHelp());
  program
    .command('config')
    .description('print every setting with its value in effect and where it came from (flag, env or default)')
    .addOption(dbOption())
    .option('--host <host>', settingFlagHelp('host', 'address to listen on'))
    .option('--port <port>', settingFlagHelp('port', 'port to listen on'))
    .option('--json', 'print JSON: { settings: [{ name, env, flag, type, value, source, help }] }')
    .option('--markdown', "print the table of settings itself (the README's Configuration section)")
    .action((options: { db?: string; host?: string; port?: string; json?: boolean; markdown?: boolean }) => {
      const { out, env } = context.io;
      if (options.markdown) {
        for (const line of settingsMarkdown().trimEnd().split('\n')) out.write(safe`${line}\n`);
        return;
      }
      const rows = settingsInEffect(env, { db: options.db, host: options.host, port: options.port });
      if (options.json) return out.json({ settings: rows });
      const shown = rows.map((row) => ({ ...row, text: formatSettingValue(row.name, row.value ?? undefined) }));
      const envWidth = Math.max(...shown.map((row) => row.env.length));
      const valueWidth = Math.max(...shown.map((row) => row.text.length), 5);
      for (const row of shown)
        out.write(safe`${row.env.padEnd(envWidth)}  ${(row.text || '(unset)').padEnd(valueWidth)}  ${row.source}\n`);
    });
}
