// Entry point of the storage layer: openStore picks the backend from the location
// (postgres:// or postgresql:// → PostgreSQL, `:memory:` or a file path → SQLite), checks that
// it is a Dossier database and migrates it; `create: false` (read commands) creates nothing.
import { DossierError, isPostgresLocation } from '../model/index.js';
import type { OpenStoreOptions, Store } from './store.js';
import type { PublishableSqliteOptions } from './backup/publishable-sqlite.js';

export type {
  AuditFilter,
  BatchSaveResult,
  EntityChange,
  EntityDetail,
  EntityMentionRef,
  FactChange,
  FactFilter,
  NewAuditEntry,
  NewFactInput,
  OpenStoreOptions,
  SaveDocumentInput,
  SentenceRef,
  Store,
  StoreDiagnosis,
  StoreStats,
  CollectionCounts,
  UserCredentials,
} from './store.js';
export type { SourceEvidence, SourceEvidenceQuery } from './source-reader.js';
export type { VersionRef } from './batch-reader.js';
export type { ActorPage, ActorPageQuery } from './actor-page-reader.js';
export type { EntityNeighbours, NeighbourEntity } from './related-reader.js';
export type { FacetHitRef, SentenceFacets } from './facet-reader.js';
export type { MentionCursor, MentionPage } from './mention-page-reader.js';
export type {
  CheckChangeMarker,
  CheckChanges,
  CheckNeighbourhood,
  CheckedEventRow,
  CheckedRelationRow,
} from './checks-reader.js';
export type { CheckSnapshot, CheckSnapshotTotals } from './check-snapshots.js';
export type { EdgeEvidenceCursor, EdgeEvidencePage, EdgeEvidenceQuery } from './graph-evidence-reader.js';
export type { TimelineCursor, TimelineEntry, TimelinePage, TimelineQuery, TimelineYears } from './timeline-reader.js';
export type {
  GraphEgoQuery,
  GraphEvidence,
  GraphSlice,
  GraphTopQuery,
  StoredGraphEdge,
  StoredGraphNode,
} from './graph-reader.js';
export type {
  CompareActorRows,
  CompareInterestRow,
  CompareMapCountry,
  CompareMapRows,
  ComparePageQuery,
  ComparePageRows,
  CompareSentenceRow,
} from './compare-reader.js';
export type {
  BackupCounts,
  BackupOptions,
  BackupSummary,
  RestoreOptions,
  RestoreSummary,
} from './backup/backup-format.js';
export type { PublishableSqliteOptions } from './backup/publishable-sqlite.js';
export { classifyDriverError, storeError } from './store-error.js';
export { JobQueue, PermanentJobFailure, type FailedJob, type JobCounts, type QueuedJob } from './job-queue.js';

export { isPostgresLocation } from '../model/index.js';

/**
 * Opens the store at `location`. Default (`create: true`, write commands and the server):
 * creates what is missing (SQLite parent folders and file, PostgreSQL schema) and migrates.
 * `create: false` (read commands): never creates a file, folder or schema; a missing database
 * is STORE_MISSING, a file or schema that is not Dossier's STORE_NOT_A_DATABASE.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const where = typeof location === 'string' ? location.trim() : '';
  if (!where) {
    throw new DossierError('BAD_REQUEST', 'No store location given', {
      expected: 'a SQLite file path, :memory:, or a postgres:// URL',
    });
  }
  const create = options.create ?? true;
  if (isPostgresLocation(where)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(where, { create });
  }
  const sqlite = await import('./sqlite/sqlite-store.js').catch((error: unknown) => {
    throw new DossierError('STORE_NATIVE_MODULE', 'Could not load the SQLite driver (better-sqlite3)', {
      hint: 'run `npm install`, then `npm rebuild better-sqlite3`',
      cause: error,
    });
  });
  return sqlite.openSqliteStore(where, { create });
}

/**
 * Writes a publishable SQLite copy of the knowledge base (latest versions, no accounts, sessions,
 * tokens or audit; views and a full-text index Datasette and sqlite-utils detect) to `file`.
 * See backup/publishable-sqlite.ts.
 */
export async function writePublishableSqlite(
  store: Store,
  file: string,
  options: PublishableSqliteOptions = {},
): Promise<{ bytes: number }> {
  const { writePublishableSqlite: write } = await import('./backup/publishable-sqlite.js');
  return write(store, file, options);
}
