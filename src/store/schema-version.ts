// The schema-version checks both backends make when they open a database: a database migrated
// by a newer Dossier is refused, and one that needs migrating cannot be opened where it cannot be
// written.
import { DossierError } from '../model/index.js';
import { hints } from './store-error.js';

export interface SchemaVersionState {
  /** The highest migration applied (0 for none). */
  schemaVersion: number;
  /** Whether some known migration is not applied yet. */
  pending: boolean;
}

/** The state of a database's schema; throws STORE_SCHEMA_VERSION when it has a migration this Dossier does not know. */
export function checkSchemaVersion(
  where: string,
  applied: readonly number[],
  migrations: ReadonlyArray<{ version: number }>,
  expectedSchemaVersion: number,
): SchemaVersionState {
  const known = new Set(migrations.map((migration) => migration.version));
  const schemaVersion = applied.length ? Math.max(...applied) : 0;
  if (applied.some((version) => !known.has(version))) {
    throw new DossierError(
      'STORE_SCHEMA_VERSION',
      `The database ${where} has schema version ${schemaVersion}; ` +
        `this Dossier knows versions up to ${expectedSchemaVersion}`,
      { hint: hints.newer, details: { location: where, schemaVersion, expectedSchemaVersion } },
    );
  }
  return { schemaVersion, pending: applied.length < known.size };
}

/** STORE_SCHEMA_VERSION for a database that needs migrating but cannot be written (`why`: how it was opened). */
export const needsMigrating = (
  where: string,
  schemaVersion: number,
  expectedSchemaVersion: number,
  why: string,
): DossierError =>
  new DossierError(
    'STORE_SCHEMA_VERSION',
    `The database ${where} has schema version ${schemaVersion} and needs migrating to ${expectedSchemaVersion}, ${why}`,
    { hint: hints.migrate, details: { location: where, schemaVersion, expectedSchemaVersion } },
  );

/** The schema part of a diagnosis: the version, the one expected and the migrations still to apply. */
export const schemaDiagnosis = (
  applied: readonly number[],
  migrations: ReadonlyArray<{ version: number }>,
  expectedSchemaVersion: number,
): { schemaVersion: number; expectedSchemaVersion: number; pendingMigrations: number[] } => ({
  schemaVersion: applied.length ? Math.max(...applied) : 0,
  expectedSchemaVersion,
  pendingMigrations: migrations.map((migration) => migration.version).filter((version) => !applied.includes(version)),
});
