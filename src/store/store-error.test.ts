// The classification of driver failures: every class from the codes and messages the drivers
// really give (the ones no test can provoke for real here, e.g. PostgreSQL's disk full or a
// wrong password under trust authentication, are covered by their codes alone).
import { describe, expect, it } from 'vitest';
import { DossierError, isInputErrorCode } from '../model/index.js';
import { classifyDriverError, describePostgresUrl, storeError } from './store-error.js';

const driverError = (code: string | undefined, message = 'driver says: INSERT INTO secret_table VALUES ($1)') =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe('store error classification', () => {
  it.each([
    ['SQLITE_READONLY', 'STORE_READ_ONLY'],
    ['SQLITE_READONLY_DIRECTORY', 'STORE_READ_ONLY'],
    ['25006', 'STORE_READ_ONLY'],
    ['42501', 'STORE_READ_ONLY'],
    ['EROFS', 'STORE_READ_ONLY'],
    ['SQLITE_FULL', 'STORE_DISK_FULL'],
    ['ENOSPC', 'STORE_DISK_FULL'],
    ['EDQUOT', 'STORE_DISK_FULL'],
    ['53100', 'STORE_DISK_FULL'],
    ['SQLITE_BUSY', 'STORE_BUSY'],
    ['SQLITE_BUSY_SNAPSHOT', 'STORE_BUSY'],
    ['SQLITE_LOCKED', 'STORE_BUSY'],
    ['55P03', 'STORE_BUSY'],
    ['40P01', 'STORE_BUSY'],
    ['53300', 'STORE_BUSY'],
    ['SQLITE_NOTADB', 'STORE_NOT_A_DATABASE'],
    ['SQLITE_CORRUPT', 'STORE_NOT_A_DATABASE'],
    ['ENOTDIR', 'STORE_NOT_A_DATABASE'],
    ['EISDIR', 'STORE_NOT_A_DATABASE'],
    ['42P01', 'STORE_NOT_A_DATABASE'],
    ['3D000', 'STORE_UNREACHABLE'],
    ['ECONNREFUSED', 'STORE_UNREACHABLE'],
    ['ENOTFOUND', 'STORE_UNREACHABLE'],
    ['EAI_AGAIN', 'STORE_UNREACHABLE'],
    ['ETIMEDOUT', 'STORE_UNREACHABLE'],
    ['EHOSTUNREACH', 'STORE_UNREACHABLE'],
    ['08006', 'STORE_UNREACHABLE'],
    ['57P01', 'STORE_UNREACHABLE'],
    ['28P01', 'STORE_AUTH'],
    ['28000', 'STORE_AUTH'],
    ['ERR_DLOPEN_FAILED', 'STORE_NATIVE_MODULE'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'STORE_ERROR'],
    ['23505', 'STORE_ERROR'],
    ['SQLITE_ERROR', 'STORE_ERROR'],
    [undefined, 'STORE_ERROR'],
  ] as const)('%s → %s, a failure (exit 1) with a hint and no driver text', (code, expected) => {
    const error = storeError('save the document of uzbekistan', driverError(code));
    expect(error).toBeInstanceOf(DossierError);
    expect(error.code).toBe(expected);
    expect(isInputErrorCode(error.code)).toBe(false);
    expect(error.hint).toBeTruthy();
    expect(error.message).toMatch(/^Could not save the document of uzbekistan: /);
    expect(error.message).not.toMatch(/INSERT|secret_table|\$1/);
  });

  it('recognises the native module failing to load from the loader messages', () => {
    for (const message of [
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a " +
        'different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js ' +
        'requires\nNODE_MODULE_VERSION 127.',
      'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
      '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node: invalid ELF header',
      'Module did not self-register: /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node.',
    ]) {
      const error = storeError('open the SQLite database', new Error(message));
      expect(error.code, message).toBe('STORE_NATIVE_MODULE');
      expect(error.hint).toContain('npm rebuild better-sqlite3');
      expect(error.message).not.toContain('/app/');
    }
  });

  it('treats pg connection timeouts (no code) as unreachable', () => {
    expect(classifyDriverError(new Error('timeout expired'))?.code).toBe('STORE_UNREACHABLE');
    expect(classifyDriverError(new Error('Connection terminated due to connection timeout'))?.code).toBe(
      'STORE_UNREACHABLE',
    );
    expect(classifyDriverError(new Error('something else'))).toBeNull();
  });

  it('passes DossierErrors through unchanged and names the place when given', () => {
    const original = new DossierError('STORE_MISSING', 'There is no Dossier database at /x');
    expect(storeError('open', original)).toBe(original);
    expect(
      storeError('open the PostgreSQL database', driverError('ECONNREFUSED'), 'db.example:5432, database dossier')
        .message,
    ).toBe(
      'Could not open the PostgreSQL database: the database server cannot be reached (db.example:5432, database ' +
        'dossier)',
    );
  });

  it('describes a postgres:// URL without its password or other parameters', () => {
    expect(
      describePostgresUrl('postgres://ada:s3cr%40t@db.example:5433/dossier?schema=team&sslmode=require&password=x'),
    ).toBe('postgres://ada@db.example:5433/dossier?schema=team');
    expect(describePostgresUrl('postgresql://db.example/dossier')).toBe('postgresql://db.example/dossier');
    expect(describePostgresUrl('postgres://a%zz:pw@h/db')).not.toContain('pw');
  });
});
