// Turns database driver failures into DossierErrors that say what happened and what to do:
// read-only, disk full, locked too long, not a database, unreachable server, authentication,
// native module that does not load; anything else stays STORE_ERROR. Messages are built from
// error codes only, never from the driver's text (no SQL, no passwords); the driver's error
// stays available as `cause` for server logs.
import { DossierError, isDossierError, type ErrorCode } from '../model/index.js';

/** What a driver failure means: the code, a short SQL-free reason and what the user can do. */
export interface StoreFailureClass {
  code: ErrorCode;
  reason: string;
  hint: string;
}

const driverCodeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : '';

export const hints = {
  readOnly:
    'check the permissions of the database file and of its folder (SQLite writes a journal next to it), the ' +
    "mount, or the PostgreSQL user's privileges; read commands still work",
  diskFull:
    'free disk space (or raise the quota) where the database lives, then run the command again; nothing ' +
    'half-stored was kept',
  busy: 'another process is holding the database (a running ingest or server?); wait for it to finish and try again',
  notADatabase: 'check --db / DOSSIER_DB: it must name a Dossier SQLite file or a postgres:// URL',
  corrupt: 'the file is damaged: restore it from a backup; `dossier doctor` checks a database',
  unreachable:
    'check that the PostgreSQL server is running and that the host, port and database in --db / DOSSIER_DB are right',
  auth: "check the user and password in --db / DOSSIER_DB (or PGPASSWORD, ~/.pgpass) and the server's pg_hba.conf",
  nativeModule: 'run `npm rebuild better-sqlite3` (it was built for another Node.js version or platform)',
  missing: 'ingest something first, or check --db / DOSSIER_DB',
  migrate: 'run `dossier doctor` / open it once with a write command to migrate',
  newer: 'this database was written by a newer Dossier: upgrade Dossier to read it',
  other: 'run `dossier doctor` to check the database',
} as const;

const nativeModulePattern = new RegExp(
  [
    String.raw`NODE_MODULE_VERSION|compiled against a different Node\.js version|`,
    String.raw`better_sqlite3\.node|Could not locate the bindings file|`,
    String.raw`invalid ELF header|wrong ELF class|Module did not self-register`,
  ].join(''),
);
const timeoutPattern =
  /timeout expired|Connection terminated due to connection timeout|Connection terminated unexpectedly/i;

/** The class of a driver error, or null when it is none of the known failures. */
export function classifyDriverError(error: unknown): StoreFailureClass | null {
  const code = driverCodeOf(error) ?? '';
  const message = messageOf(error);
  if (code === 'ERR_DLOPEN_FAILED' || nativeModulePattern.test(message)) {
    return {
      code: 'STORE_NATIVE_MODULE',
      reason: `the native SQLite module (better-sqlite3) does not load in Node.js ${process.version}`,
      hint: hints.nativeModule,
    };
  }
  if (/^SQLITE_READONLY/.test(code) || code === '25006' || code === '42501' || code === 'EROFS') {
    return { code: 'STORE_READ_ONLY', reason: 'the database is read-only', hint: hints.readOnly };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100') {
    return {
      code: 'STORE_DISK_FULL',
      reason: 'there is no space left for the database (disk or quota full)',
      hint: hints.diskFull,
    };
  }
  if (/^SQLITE_(BUSY|LOCKED)/.test(code) || code === '55P03' || code === '40P01' || code === '40001') {
    return {
      code: 'STORE_BUSY',
      reason: 'the database stayed locked by another writer longer than the wait allows',
      hint: hints.busy,
    };
  }
  if (code === '53300') {
    return { code: 'STORE_BUSY', reason: 'the database server has no free connection', hint: hints.busy };
  }
  if (code === 'SQLITE_NOTADB') {
    return { code: 'STORE_NOT_A_DATABASE', reason: 'the file is not a SQLite database', hint: hints.notADatabase };
  }
  if (/^SQLITE_CORRUPT/.test(code)) {
    return { code: 'STORE_NOT_A_DATABASE', reason: 'the database file is damaged', hint: hints.corrupt };
  }
  if (code === 'ENOTDIR' || code === 'EISDIR') {
    return {
      code: 'STORE_NOT_A_DATABASE',
      reason: 'the path is not a database file (a folder, or a parent that is a file)',
      hint: hints.notADatabase,
    };
  }
  if (code === '3D000') {
    return {
      code: 'STORE_UNREACHABLE',
      reason: 'the PostgreSQL database does not exist',
      hint: 'create it (`createdb NAME`) or check --db / DOSSIER_DB',
    };
  }
  if (
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE)$/.test(code) ||
    /^08/.test(code) ||
    /^57P0[123]$/.test(code) ||
    (code === '' && timeoutPattern.test(message))
  ) {
    return { code: 'STORE_UNREACHABLE', reason: 'the database server cannot be reached', hint: hints.unreachable };
  }
  if (code === '28P01' || code === '28000') {
    return { code: 'STORE_AUTH', reason: 'the database server refused the credentials', hint: hints.auth };
  }
  if (code === '42P01' || code === '3F000') {
    return { code: 'STORE_NOT_A_DATABASE', reason: 'the database lacks the tables of Dossier', hint: hints.migrate };
  }
  return null;
}

/** A short, SQL-free reason for failures that keep the generic STORE_ERROR code. */
function genericReason(error: unknown): string {
  const code = driverCodeOf(error) ?? '';
  if (/CONSTRAINT|^23/.test(code))
    return (
      'the extraction breaks a rule of the store (e.g. a mention of an entity it does not list, or an evidence ' +
      'span that ends before it starts)'
    );
  if (/^SQLITE_CANTOPEN/.test(code)) return 'the database file cannot be opened';
  if (/^SQLITE_IOERR/.test(code) || code === 'EIO') return 'reading or writing the database file failed';
  return 'database error';
}

/** The DossierError for a failure while doing `action` ("save the document of x"); DossierErrors pass through. */
export function storeError(action: string, error: unknown, where?: string): DossierError {
  if (isDossierError(error)) return error;
  const driverCode = driverCodeOf(error);
  const details = driverCode === undefined ? undefined : { driverCode };
  const at = where ? ` (${where})` : '';
  const known = classifyDriverError(error);
  if (known)
    return new DossierError(known.code, `Could not ${action}: ${known.reason}${at}`, {
      cause: error,
      hint: known.hint,
      details,
    });
  return new DossierError('STORE_ERROR', `Could not ${action}: ${genericReason(error)}${at}`, {
    cause: error,
    hint: hints.other,
    details,
  });
}

/** Runs an operation, turning any driver error into a classified DossierError. */
export async function guarded<T>(action: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storeError(action, error);
  }
}

/** A postgres:// URL without its password (and without query parameters), for messages. */
export function describePostgresUrl(location: string): string {
  try {
    const url = new URL(location);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    const schema = url.searchParams.get('schema');
    return `${url.protocol}//${user}${url.host}${url.pathname}${schema ? `?schema=${schema}` : ''}`;
  } catch {
    return 'postgres://…';
  }
}
