// Where the knowledge base lives: `--db` beats DOSSIER_DB beats ./dossier.db. A postgres:// URL
// selects PostgreSQL, anything else is a SQLite file path. Also where serve/start listen (HOST, PORT).
import { DossierError } from '../model/index.js';

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

export const defaultHost = '127.0.0.1';
export const defaultPort = 8080;

/** Where `serve`/`start` listen: --host/--port beat HOST/PORT beat 127.0.0.1:8080. A bad port is bad input. */
export function resolveListenAddress(
  options: { host?: string; port?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): { host: string; port: number } {
  const host = options.host?.trim() || env.HOST?.trim() || defaultHost;
  const portText = options.port?.trim() || env.PORT?.trim();
  if (portText === undefined || portText === '') return { host, port: defaultPort };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new DossierError(
      'BAD_REQUEST',
      `${options.port?.trim() ? '--port' : 'PORT'} "${portText}" is not a port number`,
      { expected: 'a whole number 0–65535' },
    );
  }
  return { host, port };
}
