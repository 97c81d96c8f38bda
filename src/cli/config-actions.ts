// The actions of `dossier config` (config-command.ts registers it; loaded when it runs, since
// resolving and parsing settings needs zod): the settings in effect, printed as text, JSON or the
// README's Markdown table.
import {
  formatSettingValue,
  resolveSetting,
  settingNames,
  settingRows,
  settings,
  type SettingName,
  type SettingSource,
} from '../model/index.js';
import { safe, type TerminalIo } from './terminal-text.js';

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

/** Prints the settings: the Markdown table, JSON, or one line per setting with its value and source. */
export function printConfig(
  io: Pick<TerminalIo, 'out' | 'env'>,
  options: { db?: string; host?: string; port?: string; json?: boolean; markdown?: boolean },
): void {
  const { out, env } = io;
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
}
