// The server of the scale benchmark (bench/scale.mjs), in a child process of its own so that a
// route which crashes the server or holds it for minutes is reported and the benchmark goes on:
// opens the knowledge base at argv[2] (a SQLite file or a PostgreSQL URL), builds the real server
// (buildServer, no web UI), listens on 127.0.0.1 port 0 and sends { type: 'ready', url } to its
// parent over IPC (or { type: 'failed', message } when it cannot start). Like `dossier serve`, it then computes the
// collection's checks in the background (referenceChecksFor(dossier).prepare()), so that the routes are measured
// beside that work as a served collection sees it; DOSSIER_BENCH_NO_BACKGROUND=1 leaves it out.
// Usage: fork('bench/scale-server.mjs', [location], { stdio: [..., 'ipc'] }) (DOSSIER_DIST=folder for another build).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './bench-support.mjs';

const dist = path.resolve(root, process.env.DOSSIER_DIST ?? 'dist');
const location = process.argv[2];

try {
  const { Dossier } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
  const { buildServer } = await import(pathToFileURL(path.join(dist, 'api', 'index.js')).href);
  const dossier = await Dossier.open(location, { create: false });
  const app = await buildServer(dossier, { webRoot: null });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ type: 'ready', url });
  if (process.env.DOSSIER_BENCH_NO_BACKGROUND !== '1') {
    const { referenceChecksFor } = await import(pathToFileURL(path.join(dist, 'core', 'index.js')).href);
    void referenceChecksFor(dossier)
      .prepare()
      .catch(() => undefined);
  }
  const stop = async () => {
    await app.close();
    await dossier.close();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
