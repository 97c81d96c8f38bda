// For tests: the exact text of what each schema migration runs, per backend and version — its name,
// its SQL, its flags (SQLite's vacuum) and every statement its `run` step issues (with parameters)
// on a database at the previous version — so that a refactoring of the migrations can be proved to
// leave released migrations byte-identical (migration-sql.test.ts compares sha256 of these texts).
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { sqliteMigrations } from '../sqlite/sqlite-migrations.js';
import { postgresMigrations } from '../postgres/postgres-migrations.js';

/** The sha256 (hex) of a migration's text. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const header = (migration: { version: number; name: string }): string =>
  `-- version: ${migration.version}\n-- name: ${migration.name}\n`;

/** SQLite: version → the text of what the migration runs, applied in order on a fresh in-memory database. */
export function sqliteMigrationSteps(): Map<number, string> {
  const db = new Database(':memory:');
  const steps = new Map<number, string>();
  try {
    for (const migration of [...sqliteMigrations].sort((a, b) => a.version - b.version)) {
      const log: string[] = [];
      const recorder = new Proxy(db, {
        get(target, property) {
          if (property === 'exec' || property === 'prepare') {
            return (sql: string) => {
              log.push(`-- ${property}:\n${sql}`);
              return property === 'exec' ? (target.exec(sql), recorder) : target.prepare(sql);
            };
          }
          if (property === 'function') {
            return (name: string, options: object, fn: (...args: unknown[]) => unknown) => {
              log.push(`-- function ${name} ${JSON.stringify(options)}`);
              target.function(name, options, fn);
              return recorder;
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      db.transaction(() => {
        db.exec(migration.sql);
        migration.run?.(recorder);
      })();
      const vacuum = migration.vacuum ? '-- vacuum\n' : '';
      steps.set(migration.version, `${header(migration)}${vacuum}-- sql:\n${migration.sql}\n${log.join('\n')}`);
    }
  } finally {
    db.close();
  }
  return steps;
}

/**
 * PostgreSQL: the same, each migration in a transaction on `client`, whose search_path is a fresh,
 * empty schema.
 */
export async function postgresMigrationSteps(client: pg.Client): Promise<Map<number, string>> {
  const steps = new Map<number, string>();
  for (const migration of [...postgresMigrations].sort((a, b) => a.version - b.version)) {
    const log: string[] = [];
    const recorder = new Proxy(client, {
      get(target, property) {
        if (property === 'query') {
          return (text: string, params?: unknown[]) => {
            log.push(`-- query:\n${text}${params ? `\n-- params: ${JSON.stringify(params)}` : ''}`);
            return target.query(text, params);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await migration.run?.(recorder);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    steps.set(migration.version, `${header(migration)}-- sql:\n${migration.sql}\n${log.join('\n')}`);
  }
  return steps;
}
