// Child process of the API classes: opens a Dossier at BATTERY_DB, ingests the seed and a few
// examples, adds reader1/editor1/admin1 (password BATTERY_PASSWORD) with API tokens, starts the
// real server (buildServer) on 127.0.0.1 at a free port with BATTERY_SERVER_OPTIONS (JSON,
// merged into the server options) and reports the port and tokens to the parent over IPC.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadApi, loadCore } from './app-modules.js';
import { repositoryRoot } from './battery-support.js';

const { buildServer } = await loadApi();
const { Dossier } = await loadCore();

export interface ServerReady {
  port: number;
  tokens: { reader: string; editor: string; admin: string };
}

const location = process.env.BATTERY_DB;
const password = process.env.BATTERY_PASSWORD;
if (!location || !password) throw new Error('BATTERY_DB and BATTERY_PASSWORD must be set');

const dossier = await Dossier.open(location);
for (const file of [
  'test-fixtures/seed-kazakhstan.txt',
  'examples/tajikistan.md',
  'examples/uzbekistan.md',
  'examples/china.md',
  'examples/iran.md',
]) {
  await dossier.ingestBytes(await readFile(path.join(repositoryRoot, file)), path.basename(file));
}
const tokens = {} as ServerReady['tokens'];
for (const role of ['reader', 'editor', 'admin'] as const) {
  await dossier.accounts.addUser(`${role}1`, role, password);
  tokens[role] = (await dossier.accounts.createToken(`${role}1`, 'battery')).token;
}
const extra = JSON.parse(process.env.BATTERY_SERVER_OPTIONS ?? '{}') as Record<string, unknown>;
const app = await buildServer(dossier, { logger: false, ...extra });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
process.send?.({ port: address.port, tokens } satisfies ServerReady);
process.on('message', (message: { kind?: string }) => {
  if (message.kind === 'stop')
    void app
      .close()
      .then(() => dossier.close())
      .finally(() => process.exit(0));
});
