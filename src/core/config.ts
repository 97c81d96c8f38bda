// Where the knowledge base lives: `--db` beats DOSSIER_DB beats ./dossier.db. A postgres:// URL
// selects PostgreSQL, anything else is a SQLite file path.
export const defaultDatabasePath = './dossier.db';

export function resolveDatabaseLocation(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option?.trim() || env.DOSSIER_DB?.trim() || defaultDatabasePath;
  return chosen;
}

export const isPostgresLocation = (location: string): boolean => /^postgres(?:ql)?:\/\//i.test(location);

/** A location safe to print: the password of a PostgreSQL URL is masked. */
export function describeLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
