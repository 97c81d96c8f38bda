// The vocabulary the schema migrations are written in once for both backends: a migration is
// declared (version, name, SQL) as a template over the column types of item-kinds.ts and the few
// words the two dialects spell differently (a generated key, a boolean's literals and check, byte
// order); the parts only one backend has (FTS5, triggers, PL/pgSQL) are written for that backend
// alone. Each backend's migration list (sqlite-migrations.ts, postgres-migrations.ts) is made from
// the declarations and adds the steps SQL cannot do (its `run`, SQLite's vacuum).
import { documentItemKinds, itemKindMigrations, sqlTypes, type ColumnType, type ItemKind } from './item-kinds.js';
import type { SqlDialect } from './sql-dialect.js';

export type Backend = SqlDialect['kind'];

/** What a migration's SQL is written with: the column types by name, and the words that differ by backend. */
export interface MigrationDdl extends Readonly<Record<ColumnType, string>> {
  readonly backend: Backend;
  /** A generated integer key: SQLite's rowid alias, a PostgreSQL identity column. */
  readonly serial: string;
  /** A generated key that may outgrow 32 bits (a bigint identity in PostgreSQL). */
  readonly bigSerial: string;
  /** The literals of a boolean column (1/0 in SQLite). */
  readonly true: string;
  readonly false: string;
  /** ` CHECK (column IN (0, 1))` for a SQLite boolean, nothing in PostgreSQL. */
  boolCheck(column: string): string;
  /** Appended to a text column of an index to order it by bytes (' COLLATE "C"' in PostgreSQL). */
  readonly byteOrder: string;
  /** Each backend's own text. */
  per(texts: Readonly<Record<Backend, string>>): string;
  /** The text on SQLite, nothing on PostgreSQL. */
  sqlite(text: string): string;
  /** The text on PostgreSQL, nothing on SQLite. */
  postgres(text: string): string;
}

const words: Record<Backend, Pick<MigrationDdl, 'serial' | 'bigSerial' | 'true' | 'false' | 'byteOrder'>> = {
  sqlite: { serial: 'INTEGER PRIMARY KEY', bigSerial: 'INTEGER PRIMARY KEY', true: '1', false: '0', byteOrder: '' },
  postgres: {
    serial: 'integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    bigSerial: 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    true: 'true',
    false: 'false',
    byteOrder: ' COLLATE "C"',
  },
};

/** The vocabulary of one backend. */
export function migrationDdl(backend: Backend): MigrationDdl {
  return {
    ...sqlTypes[backend],
    ...words[backend],
    backend,
    boolCheck: (column) => (backend === 'sqlite' ? ` CHECK (${column} IN (0, 1))` : ''),
    per: (texts) => texts[backend],
    sqlite: (text) => (backend === 'sqlite' ? text : ''),
    postgres: (text) => (backend === 'postgres' ? text : ''),
  };
}

/** A schema migration of both backends, declared once. Never edit a released one: declare a new one. */
export interface MigrationDeclaration {
  version: number;
  /** Stored in schema_migrations: never changes once released. */
  name: string;
  /** Its SQL on a backend. */
  sql(ddl: MigrationDdl): string;
}

/** A migration as a backend runs it (the backend's list adds its own steps). */
export interface BackendMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The declared migrations as `backend` runs them, in order, with the tables of the item kinds declared `since` a
 * version (itemKindMigrations): in their version's migration after its SQL, or as a migration of their own.
 */
export const migrationsFor = (
  backend: Backend,
  declarations: readonly MigrationDeclaration[],
  kinds: readonly ItemKind[] = documentItemKinds,
): BackendMigration[] => {
  const ddl = migrationDdl(backend);
  const all = [...declarations];
  for (const made of itemKindMigrations(kinds)) {
    const at = all.findIndex((declaration) => declaration.version === made.version);
    const declared = all[at];
    if (declared) all[at] = { ...declared, sql: (d) => `${declared.sql(d)}\n${made.sql(d)}` };
    else all.push(made);
  }
  return all.sort((a, b) => a.version - b.version).map(({ version, name, sql }) => ({ version, name, sql: sql(ddl) }));
};
