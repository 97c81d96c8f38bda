// The one table of Dossier's settings: for each, its name, environment variable, command-line flag
// (where one overrides it), default, type and help, and the zod schema that parses its text into a
// typed value. The CLI help, `dossier config`, `dossier doctor`, the server and the README's
// Settings section (checked by src/docs.test.ts) all read it; a bad value is a BAD_REQUEST naming
// the variable (or flag) and what was expected.
import { z } from 'zod';
import { DossierError } from './errors.js';
import {
  formatSettingValue,
  logLevels,
  settingNames,
  settings,
  type ResolvedValue,
  type SettingName,
  type SettingValue,
} from './settings-table.js';

export * from './settings-table.js';

const truthy = /^(1|true|yes|on)$/i;

/** The value types of settings: the parser of each, the noun in its error message and what it expects. */
const settingTypes = {
  text: { schema: z.string().min(1), noun: 'text', expected: 'any text' },
  location: { schema: z.string().min(1), noun: 'a location', expected: 'a SQLite file path or a postgres:// URL' },
  port: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().max(65535)),
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
export type ValueOfType<T extends SettingType> = z.output<(typeof settingTypes)[T]['schema']>;

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
