// Where the knowledge base lives and where serve/start listen, resolved from the settings table
// (src/model/settings.ts): a flag beats its environment variable beats the default (`--db` beats
// DOSSIER_DB beats ./dossier.db; --host/--port beat HOST/PORT beat 127.0.0.1:8080). A postgres://
// URL selects PostgreSQL, anything else is a SQLite file path. Also the version, read once from
// package.json.
import { resolveSetting, settings } from '../model/index.js';

export { describeLocation, isPostgresLocation } from '../model/index.js';

export { dossierVersion } from '../model/version.js';

export const defaultDatabasePath = settings.db.default;

export function resolveDatabaseLocation(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolveSetting('db', env, option).value;
}

export const defaultHost = settings.host.default;
export const defaultPort = settings.port.default;

/** Where `serve`/`start` listen: --host/--port beat HOST/PORT beat 127.0.0.1:8080. A bad port is bad input. */
export function resolveListenAddress(
  options: { host?: string; port?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): { host: string; port: number } {
  const host = resolveSetting('host', env, options.host).value;
  const port = resolveSetting('port', env, options.port).value;
  return { host, port };
}
