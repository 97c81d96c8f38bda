// Backup and restore of a knowledge base as the CLI (and later the API) drive them: a consistent
// snapshot of the store at a location into one portable backup file (a SQLite file in Dossier's
// schema, see src/store/backup/backup-format.ts), and a backup loaded into an empty SQLite file
// or PostgreSQL schema (or, with `force`, over what is there). Accounts only when asked for.
import {
  openStore,
  type BackupOptions,
  type BackupSummary,
  type RestoreOptions,
  type RestoreSummary,
} from '../store/index.js';

export type { BackupCounts, BackupOptions, BackupSummary, RestoreOptions, RestoreSummary } from '../store/index.js';

/** A backup and how long it took. */
export interface TimedBackup extends BackupSummary {
  seconds: number;
}

/** Backs up the knowledge base at `location` (never created: a missing one is STORE_MISSING) to `file`. */
export async function backupKnowledgeBase(
  location: string,
  file: string,
  options: BackupOptions = {},
): Promise<TimedBackup> {
  const started = performance.now();
  const store = await openStore(location, { create: false });
  try {
    const summary = await store.writeBackup(file, options);
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

/** Restores `file` into the knowledge base at `target` (created and migrated when missing). */
export async function restoreKnowledgeBase(
  file: string,
  target: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary & { seconds: number }> {
  const started = performance.now();
  const store = await openStore(target, { create: true });
  try {
    const summary = await store.restoreBackup(file, options);
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}
