// The one table of Dossier's settings: for each, its name, environment variable, command-line flag
// (where one overrides it), default, type and help, and the zod schema that parses its text into a
// typed value. The CLI help, `dossier config`, `dossier doctor`, the server and the README's
// Settings section (checked by src/docs.test.ts) all read it; a bad value is a BAD_REQUEST naming
// the variable (or flag) and what was expected.
import { z } from 'zod';
import { DossierError } from './errors.js';

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

const truthy = /^(1|true|yes|on)$/i;

/** The value types of settings: the parser of each, the noun in its error message and what it expects. */
const settingTypes = {
  text: { schema: z.string().min(1), noun: 'text', expected: 'any text' },
  location: { schema: z.string().min(1), noun: 'a location', expected: 'a SQLite file path or a postgres:// URL' },
  port: {
    schema: z
      .string()
      .regex(/^\d+$/)
      .transform(Number)
      .pipe(z.number().int().max(65535)),
    noun: 'a port number',
    expected: 'a whole number 0–65535',
  },
  boolean: {
    schema: z.string().transform((value) => truthy.test(value)),
    noun: 'on or off',
    expected: '1, true, yes or on (anything else is off)',
  },
  'log level': {
    schema: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(logLevels)),
    noun: 'a log level',
    expected: logLevels.join(', '),
  },
  list: {
    schema: z.string().transform((value) => value.split(/[\s,]+/).filter((entry) => entry !== '')),
    noun: 'a list',
    expected: 'a comma-separated list',
  },
} as const;
export type SettingType = keyof typeof settingTypes;
type ValueOfType<T extends SettingType> = z.output<(typeof settingTypes)[T]['schema']>;

interface SettingDefinition<T extends SettingType, D extends ValueOfType<T> | undefined> {
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
    help: 'the knowledge base: a SQLite file path or a `postgres://` URL (`?schema=name` for a schema other than public)',
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

/** A row of the table as printed (`dossier config --json`, the README). */
export const SettingRowSchema = z.object({
  name: z.string(),
  env: z.string(),
  flag: z.string().optional(),
  type: z.string(),
  /** What a value of the type looks like (said by the error on a bad one). */
  expected: z.string(),
  default: z.string().describe('The default as text; empty when unset'),
  help: z.string(),
});
export type SettingRow = z.infer<typeof SettingRowSchema>;

/** A value as text: lists comma-separated, unset as empty, secrets masked. */
export function formatSettingValue(name: SettingName, value: unknown): string {
  if (value === undefined) return '';
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return settings[name].type === 'location' ? describeLocation(text) : text;
}

export const settingRows = (): SettingRow[] =>
  settingNames.map((name) => {
    const { env, flag, type, help } = settings[name];
    return SettingRowSchema.parse({
      name,
      env,
      flag,
      type,
      expected: settingTypes[type].expected,
      default: formatSettingValue(name, settings[name].default),
      help,
    });
  });

/** Parses one setting's text; `source` (the variable or flag it came from) names it in the error. */
export function parseSetting<N extends SettingName>(name: N, text: string, source: string = settings[name].env) {
  const type = settingTypes[settings[name].type];
  const parsed = type.schema.safeParse(text.trim());
  if (!parsed.success)
    throw new DossierError('BAD_REQUEST', `${source} "${text}" is not ${type.noun}`, { expected: type.expected });
  return parsed.data as SettingValue<N>;
}

export type SettingSource = 'flag' | 'env' | 'default';

export interface ResolvedSetting<N extends SettingName> {
  value: ResolvedValue<N>;
  source: SettingSource;
}

/** A setting's value: the flag's when given, else the variable's when set (not blank), else the default. */
export function resolveSetting<N extends SettingName>(
  name: N,
  env: Record<string, string | undefined>,
  flag?: string,
): ResolvedSetting<N> {
  const definition = settings[name];
  if (flag !== undefined && flag.trim() !== '')
    return { value: parseSetting(name, flag, definition.flag ?? definition.env), source: 'flag' };
  const fromEnv = env[definition.env];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: parseSetting(name, fromEnv), source: 'env' };
  return { value: definition.default as ResolvedValue<N>, source: 'default' };
}
