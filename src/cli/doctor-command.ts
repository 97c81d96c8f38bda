// `dossier doctor [--db …] [--format text|json]`: prints the checks of src/core/doctor.ts, one
// line each (✓ pass, ! warning, ✗ failure, - skipped) with the hint under a failure or warning;
// exit 0 when nothing failed, 1 otherwise. It never creates a database.
import type { Command } from 'commander';
import type { DoctorCheck, DoctorStatus, SettingInEffect } from '../core/index.js';
import type * as api from '../api/index.js';
import { dbOption, formatOption, packageRoot, type CliContext } from './command-support.js';
import { exitCodes } from './exit-codes.js';
import { type Style, type TerminalWriter, safe } from './terminal-text.js';

const marks: Record<DoctorStatus, [string, Style]> = {
  pass: ['✓', 'success'],
  warn: ['!', 'highlight'],
  fail: ['✗', 'failure'],
  skip: ['-', 'dim'],
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One setting judged by the parser the server itself uses (a throw is a problem with the value). */
function judged(name: string, raw: string | undefined, read: () => string, warning?: string): SettingInEffect {
  try {
    return { name, value: read(), warning };
  } catch (error) {
    return { name, value: raw ?? '', problem: messageOf(error) };
  }
}

/** The parsers of the API's settings (the API is loaded only when doctor runs). */
type ServerSettingParsers = Pick<typeof api, 'instanceModeOf' | 'logLevelOf' | 'metricsPortOf' | 'trustedProxiesOf'>;

/** The settings the API reads, judged by the API's own parsers (so doctor and serve agree). */
export function serverSettingsInEffect(env: NodeJS.ProcessEnv, parsers: ServerSettingParsers): SettingInEffect[] {
  const { instanceModeOf, logLevelOf, metricsPortOf, trustedProxiesOf } = parsers;
  const privateValue = env.DOSSIER_PRIVATE?.trim();
  const mode = instanceModeOf({}, env);
  return [
    {
      name: 'DOSSIER_PRIVATE',
      value: `${mode === 'private' ? 'on' : 'off'} (${mode})`,
      warning:
        privateValue && mode !== 'private' && !/^(0|false|no|off)$/i.test(privateValue)
          ? `"${privateValue}" is not read as on (use 1)`
          : undefined,
    },
    judged(
      'DOSSIER_TRUSTED_PROXIES',
      env.DOSSIER_TRUSTED_PROXIES,
      () => trustedProxiesOf(undefined, env).join(',') || 'none',
      !env.DOSSIER_TRUSTED_PROXIES?.trim() && env.DOSSIER_TRUST_PROXY?.trim()
        ? 'DOSSIER_TRUST_PROXY is deprecated; list the proxies in DOSSIER_TRUSTED_PROXIES'
        : undefined,
    ),
    judged('DOSSIER_LOG_LEVEL', env.DOSSIER_LOG_LEVEL, () => logLevelOf({ logger: true }, env)),
    judged('DOSSIER_METRICS_PORT', env.DOSSIER_METRICS_PORT, () => String(metricsPortOf(undefined, env) ?? 'off')),
  ];
}

function printCheck(out: TerminalWriter, check: DoctorCheck, width: number): void {
  const [mark, style] = marks[check.status];
  out.write(safe`${out.styled(mark, style)} ${check.name.padEnd(width)}  ${check.detail}\n`);
  if (check.hint && (check.status === 'fail' || check.status === 'warn'))
    out.write(safe`  ${' '.repeat(width)}  hint: ${check.hint}\n`);
}

export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      'check Node.js, the SQLite module, the database (never created), its schema and settings, the reference ' +
        'data, the worker pool and disk space',
    )
    .addOption(dbOption())
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { db?: string; format: string }) => {
      const { out, env } = context.io;
      const { runDoctor } = await import('../core/index.js');
      const parsers = await import('../api/index.js');
      const serverSettings = (settingsEnv: NodeJS.ProcessEnv) => serverSettingsInEffect(settingsEnv, parsers);
      const report = await runDoctor({ db: options.db, env, packageRoot, serverSettings });
      context.exitCode = report.ok ? exitCodes.ok : exitCodes.failure;
      if (options.format === 'json') return out.json({ ok: report.ok, checks: report.checks });
      const width = Math.max(...report.checks.map((check) => check.name.length));
      for (const check of report.checks) printCheck(out, check, width);
      const failed = report.checks.filter((check) => check.status === 'fail').length;
      const warned = report.checks.filter((check) => check.status === 'warn').length;
      out.write(
        safe`\n${failed === 0 ? 'All checks passed' : `${failed} check${failed === 1 ? '' : 's'} failed`}`,
        safe`${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}.\n`,
      );
    });
}
