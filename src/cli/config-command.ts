// `dossier config [--db …] [--host …] [--port …] [--json]`: every setting of the settings table
// (src/model/settings.ts) with its value in effect and where it came from (flag, env or default);
// a PostgreSQL password is masked. Also the "Settings" part of `dossier --help`, printed from the
// same table. A bad value is a BAD_REQUEST naming the variable and what it expects (exit 2).
import type { Command } from 'commander';
import { formatSettingValue, settingNames, settings } from '../model/settings-table.js';
import { dbOption, settingFlagHelp, type CliContext } from './command-support.js';

/** The settings table as help text: variable, flag, default and help of each. */
export function settingsHelp(): string {
  const lines = settingNames.map((name) => {
    const { env, help, default: fallback } = settings[name];
    const flag = 'flag' in settings[name] ? ` (${settings[name].flag})` : '';
    const shown = formatSettingValue(name, fallback);
    return `  ${`${env}${flag}`.padEnd(36)} ${help}${shown ? ` [default: ${shown}]` : ''}`;
  });
  return (
    `\nSettings (environment variables; a flag wins; \`dossier config\` shows them in ` +
    `effect):\n${lines.join('\n')}\n`
  );
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
    .action(async (options: { db?: string; host?: string; port?: string; json?: boolean; markdown?: boolean }) => {
      const { printConfig } = await import('./config-actions.js');
      printConfig(context.io, options);
    });
}
