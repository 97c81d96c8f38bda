// Entry point of the storage layer: openStore picks the backend from the location
// (postgres:// or postgresql:// → PostgreSQL, `:memory:` or a file path → SQLite) and migrates it.
import { DossierError } from '../model/index.js';
import type { Store } from './store.js';

export type {
  AuditFilter,
  EntityChange,
  EntityDetail,
  EntityMentionRef,
  FactChange,
  FactFilter,
  NewAuditEntry,
  NewFactInput,
  SaveDocumentInput,
  SentenceRef,
  Store,
  StoreStats,
  UserCredentials,
} from './store.js';

const postgresPattern = /^postgres(?:ql)?:\/\//i;

export const isPostgresLocation = (location: string): boolean => postgresPattern.test(location.trim());

/** Opens (and migrates) the store at `location`. SQLite creates missing parent folders. */
export async function openStore(location: string): Promise<Store> {
  const where = typeof location === 'string' ? location.trim() : '';
  if (!where) {
    throw new DossierError('BAD_REQUEST', 'No store location given', {
      expected: 'a SQLite file path, :memory:, or a postgres:// URL',
    });
  }
  if (isPostgresLocation(where)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(where);
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
  return openSqliteStore(where);
}
