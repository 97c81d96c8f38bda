// Wraps database driver errors in DossierError('STORE_ERROR') so callers never see SQL text;
// the driver's error stays available as `cause` for server logs.
import { DossierError, isDossierError } from '../model/index.js';

/** A short, SQL-free reason derived from the driver's error code. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'database error';
  if (/CONSTRAINT|^23/.test(code)) return 'the extraction breaks a rule of the store (e.g. a mention of an entity it does not list, or an evidence span that ends before it starts)';
  if (/BUSY|LOCKED|^40P01|^40001|^55P03/.test(code)) return 'the database is busy';
  if (/^08|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET/.test(code)) return 'the database is unreachable';
  if (/^28/.test(code)) return 'the database refused the credentials';
  if (/CANTOPEN|READONLY|IOERR|FULL|^53/.test(code)) return 'the database cannot be written';
  return 'database error';
}

export function storeError(action: string, error: unknown): DossierError {
  if (isDossierError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new DossierError('STORE_ERROR', `Could not ${action}: ${reasonOf(error)}`, {
    cause: error,
    details: typeof code === 'string' ? { driverCode: code } : undefined,
  });
}

/** Runs an operation, turning any driver error into a STORE_ERROR. */
export async function guarded<T>(action: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storeError(action, error);
  }
}
