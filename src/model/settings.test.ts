// The settings table: every value type parses its text, a bad value is a BAD_REQUEST naming the
// variable (or flag) and what it expects, a flag beats its variable beats the default, and a
// PostgreSQL password never shows.
import { describe, expect, it } from 'vitest';
import { DossierError } from './errors.js';
import {
  describeLocation,
  formatSettingValue,
  isPostgresLocation,
  parseSetting,
  resolveSetting,
  settingNames,
  settingRows,
  settings,
} from './settings.js';

const failure = (run: () => unknown): DossierError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DossierError) return error;
    throw error;
  }
  throw new Error('expected a DossierError');
};

describe('the settings table', () => {
  it('has PORT, HOST and DOSSIER_LOG_LEVEL, one variable per setting, and help for each', () => {
    const envs = settingNames.map((name) => settings[name].env);
    expect(envs).toEqual(expect.arrayContaining(['PORT', 'HOST', 'DOSSIER_LOG_LEVEL', 'DOSSIER_DB']));
    expect(new Set(envs).size).toBe(envs.length);
    for (const row of settingRows()) expect(row.help.length, row.name).toBeGreaterThan(10);
    expect(settingRows().find((row) => row.env === 'PORT')).toMatchObject({ type: 'port', default: '8080' });
  });

  it('parses each type into its typed value', () => {
    expect(parseSetting('port', ' 8081 ')).toBe(8081);
    expect(parseSetting('port', '0')).toBe(0);
    expect(parseSetting('logLevel', 'DEBUG')).toBe('debug');
    expect(parseSetting('private', 'yes')).toBe(true);
    expect(parseSetting('private', '0')).toBe(false);
    expect(parseSetting('trustedProxies', '10.0.0.0/8, ::1')).toEqual(['10.0.0.0/8', '::1']);
    expect(parseSetting('db', 'postgres://db/x')).toBe('postgres://db/x');
  });

  it('refuses a bad value with a BAD_REQUEST naming the variable and what it expects', () => {
    const port = failure(() => resolveSetting('port', { PORT: 'http' }));
    expect(port.code).toBe('BAD_REQUEST');
    expect(port.message).toBe('PORT "http" is not a port number');
    expect(port.expected).toBe('a whole number 0–65535');
    expect(failure(() => parseSetting('port', '65536')).message).toContain('PORT');
    const level = failure(() => resolveSetting('logLevel', { DOSSIER_LOG_LEVEL: 'loud' }));
    expect(level.message).toBe('DOSSIER_LOG_LEVEL "loud" is not a log level');
    expect(level.expected).toBe('fatal, error, warn, info, debug, trace, silent');
    expect(failure(() => resolveSetting('metricsPort', { DOSSIER_METRICS_PORT: '9x' })).message).toContain(
      'DOSSIER_METRICS_PORT',
    );
    // A bad flag is named as the flag.
    expect(failure(() => resolveSetting('port', {}, 'eighty')).message).toBe('--port "eighty" is not a port number');
  });

  it('takes the flag over the variable over the default, and says which', () => {
    expect(resolveSetting('port', {})).toEqual({ value: 8080, source: 'default' });
    expect(resolveSetting('port', { PORT: '9000' })).toEqual({ value: 9000, source: 'env' });
    expect(resolveSetting('port', { PORT: '9000' }, '9001')).toEqual({ value: 9001, source: 'flag' });
    expect(resolveSetting('port', { PORT: '  ' })).toEqual({ value: 8080, source: 'default' });
    expect(resolveSetting('metricsPort', {})).toEqual({ value: undefined, source: 'default' });
  });

  it('masks the password of a PostgreSQL location', () => {
    expect(isPostgresLocation(' postgresql://x/y')).toBe(true);
    expect(isPostgresLocation('./postgres.db')).toBe(false);
    expect(describeLocation('postgres://ada:s3cret@db:5432/kb')).toBe('postgres://ada:***@db:5432/kb');
    expect(formatSettingValue('db', 'postgres://ada:s3cret@db/kb')).not.toContain('s3cret');
    expect(formatSettingValue('trustedProxies', ['a', 'b'])).toBe('a,b');
  });
});
