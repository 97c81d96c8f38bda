// The table of Dossier's settings, without its parsers: for each, its name, environment variable,
// command-line flag (where one overrides it), default, type and help. Plain data, so the CLI can
// print its help and flags from it without loading zod (settings.ts holds the parsers and
// re-exports this module).
import type { SettingType, ValueOfType } from './settings.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A postgres:// (or postgresql://) URL selects PostgreSQL; anything else is a SQLite file path. */
export const isPostgresLocation = (location: string): boolean => /^postgres(?:ql)?:\/\//i.test(location.trim());

/** A location safe to print: the password of a PostgreSQL URL is masked. */
export function describeLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

export interface SettingDefinition<T extends SettingType, D extends ValueOfType<T> | undefined> {
  env: string;
  /** The command-line flag that overrides the variable, for the commands that take it. */
  flag?: string;
  type: T;
  /** The value when neither flag nor variable is set (undefined: unset, the feature is off). */
  default: D;
  help: string;
  /** Printed masked (a PostgreSQL URL's password). */
  secret?: boolean;
}

const define = <T extends SettingType, D extends ValueOfType<T> | undefined>(
  definition: SettingDefinition<T, D>,
): SettingDefinition<T, D> => definition;

/** Every setting, by name. Adding one here puts it in `dossier config`, the CLI help and the docs test. */
export const settings = {
  db: define({
    env: 'DOSSIER_DB',
    flag: '--db',
    type: 'location',
    default: './dossier.db',
    help:
      'the knowledge base: a SQLite file path or a `postgres://` URL (`?schema=name` for a schema other than ' +
      'public)',
    secret: true,
  }),
  host: define({
    env: 'HOST',
    flag: '--host',
    type: 'text',
    default: '127.0.0.1',
    help: 'the address `serve` and `start` listen on (the container sets `HOST=0.0.0.0`)',
  }),
  port: define({
    env: 'PORT',
    flag: '--port',
    type: 'port',
    default: 8080,
    help: 'the port `serve` and `start` listen on (0: any free port)',
  }),
  logLevel: define({
    env: 'DOSSIER_LOG_LEVEL',
    type: 'log level',
    default: 'info',
    help:
      '`serve`/`start` log JSON lines on stdout at this level, one request id per request, credentials never logged ' +
      '(an embedded server is silent unless this is set)',
  }),
  private: define({
    env: 'DOSSIER_PRIVATE',
    type: 'boolean',
    default: false,
    help: 'private instance: anonymous visitors read nothing (default: public-read)',
  }),
  trustedProxies: define({
    env: 'DOSSIER_TRUSTED_PROXIES',
    type: 'list',
    default: undefined,
    help:
      'reverse proxies to trust, as addresses and CIDR ranges (`10.0.0.0/8,127.0.0.1,::1`) or `loopback`: only their ' +
      '`X-Forwarded-For`/`-Proto` hops count; the client IP is the first untrusted hop from the right',
  }),
  trustProxy: define({
    env: 'DOSSIER_TRUST_PROXY',
    type: 'boolean',
    default: false,
    help: 'deprecated: the same as `DOSSIER_TRUSTED_PROXIES=loopback` (a proxy on this machine)',
  }),
  metricsPort: define({
    env: 'DOSSIER_METRICS_PORT',
    type: 'port',
    default: undefined,
    help: 'also serve Prometheus `/metrics` without auth on 127.0.0.1 at this port (unset: not served)',
  }),
  allowPrivateUrls: define({
    env: 'DOSSIER_ALLOW_PRIVATE_URLS',
    type: 'boolean',
    default: false,
    help: '`POST /api/documents/url` may fetch from private, loopback and link-local addresses',
  }),
} as const;

export type SettingName = keyof typeof settings;
export type SettingValue<N extends SettingName> = ValueOfType<(typeof settings)[N]['type']>;
/** A setting's value once resolved: undefined only for settings without a default. */
export type ResolvedValue<N extends SettingName> = SettingValue<N> | (typeof settings)[N]['default'];
export const settingNames = Object.keys(settings) as SettingName[];
/** A value as text: lists comma-separated, unset as empty, secrets masked. */
export function formatSettingValue(name: SettingName, value: unknown): string {
  if (value === undefined) return '';
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return settings[name].type === 'location' ? describeLocation(text) : text;
}
