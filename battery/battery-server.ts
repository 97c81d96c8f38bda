// The server under test for the API classes (fuzz, searches, login abuse): a child process
// running the real server over a temp SQLite database (see server-process.ts), its health and
// peak RSS, and a checksum of the tables that must not change when callers without rights
// send requests.
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { batteryFolder, peakRssOf, spawnTypeScript } from './battery-support.js';
import { cookieHeader, jsonOf, send, type RawResponse } from './raw-http.js';
import type { ServerReady } from './server-process.js';

export interface BatteryServer extends ServerReady {
  password: string;
  database: string;
  child: ChildProcess;
  /** Whether the process still runs. */
  alive(): boolean;
  /** The last lines the server wrote to stderr. */
  stderrTail(): string;
  peakRss(): number;
  /** sha256 over every row of every table except sessions, login counters and the full-text index. */
  checksum(): { digest: string; tables: Record<string, string> };
  /** Signs in over HTTP; the cookies and CSRF token of the new session. */
  login(user: string): Promise<{ cookies: Record<string, string>; csrfToken: string; response: RawResponse }>;
  stop(): Promise<void>;
}

const volatileTable = /^(sessions|sqlite_|login|.*(attempt|throttle|rate_limit|lockout).*)|_fts|fts_/i;
const volatileColumn = /last_used|last_seen|last_active|accessed/i;

export async function startBatteryServer(
  folder: string,
  label: string,
  serverOptions: Record<string, unknown> = {},
): Promise<BatteryServer> {
  const database = path.join(folder, `${label}.db`);
  const password = `battery-${randomBytes(6).toString('hex')}`;
  const child = spawnTypeScript(path.join(batteryFolder, 'server-process.ts'), [], {
    BATTERY_DB: database,
    BATTERY_PASSWORD: password,
    BATTERY_SERVER_OPTIONS: JSON.stringify(serverOptions),
    DOSSIER_LOG_LEVEL: 'silent',
  });
  let stderr = '';
  let peak = 0;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-6000)));
  child.stdout?.resume();
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssOf(child.pid))), 500);
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 180 s: ${stderr.slice(-1500)}`)),
      180_000,
    );
    child.once(
      'exit',
      (code) => (
        clearTimeout(timer),
        reject(new Error(`the server exited (${code}) while starting: ${stderr.slice(-1500)}`))
      ),
    );
    child.once('message', (message: ServerReady) => (clearTimeout(timer), resolve(message)));
  });
  return {
    ...ready,
    password,
    database,
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    stderrTail: () => stderr.trim().split('\n').slice(-5).join(' ⏎ '),
    peakRss: () => Math.max(peak, peakRssOf(child.pid)),
    checksum() {
      const db = new Database(database, { readonly: true, fileMustExist: true });
      try {
        const tables: Record<string, string> = {};
        const names = (
          db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{
            name: string;
          }>
        ).map((row) => row.name);
        for (const name of names) {
          if (volatileTable.test(name)) continue;
          const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as Array<{ name: string }>)
            .map((row) => row.name)
            .filter((column) => !volatileColumn.test(column));
          if (columns.length === 0) continue;
          const rows = db
            .prepare(`SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${name}"`)
            .raw()
            .all();
          const lines = rows
            .map((row) =>
              JSON.stringify(row, (_key, value: unknown) =>
                typeof value === 'bigint' ? value.toString() : Buffer.isBuffer(value) ? value.toString('hex') : value,
              ),
            )
            .sort();
          tables[name] = createHash('sha256').update(lines.join('\n')).digest('hex');
        }
        return { digest: createHash('sha256').update(JSON.stringify(tables)).digest('hex'), tables };
      } finally {
        db.close();
      }
    },
    async login(user) {
      const response = await send(ready.port, {
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password }),
      });
      const body = jsonOf(response) as { csrfToken?: string } | undefined;
      if (response.status !== 200 || !body?.csrfToken)
        throw new Error(`login of ${user} failed: ${response.status} ${response.body.toString('utf8').slice(0, 200)}`);
      return { cookies: cookieHeader(response.setCookies), csrfToken: body.csrfToken, response };
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.send({ kind: 'stop' });
      });
    },
  };
}
