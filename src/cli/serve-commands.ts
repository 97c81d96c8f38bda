// `dossier serve` and `dossier start`: open (and create or migrate) the knowledge base and serve
// the web UI and the API. The address comes from --host/--port, else HOST/PORT, else
// 127.0.0.1:8080. SIGTERM and SIGINT close the server (in-flight requests finish) and the store,
// then the process exits 0 — what `docker stop` and systemd expect. Logs are JSON lines on stdout
// (DOSSIER_LOG_LEVEL, default info); the "serving at" line goes to stderr.
import path from 'node:path';
import type { Command } from 'commander';
import type { Dossier } from '../core/index.js';
import { dbOption, ingestWithProgress, packageRoot, settingFlagHelp, type CliContext } from './command-support.js';
import { type TerminalIo, safe } from './terminal-text.js';

/** Longest wait for in-flight requests at shutdown before the process exits anyway (code 1). */
const shutdownGraceMs = 10_000;

export function registerServeCommands(program: Command, context: CliContext): void {
  const serveOptions = (command: Command) =>
    command
      .addOption(dbOption())
      .option('--host <host>', settingFlagHelp('host', 'address to listen on'))
      .option('--port <port>', settingFlagHelp('port', 'port to listen on'));
  type ServeOptions = { db?: string; host?: string; port?: string };

  serveOptions(
    program.command('serve').description('serve the web UI and the HTTP API (creates or migrates the knowledge base)'),
  ).action(async (options: ServeOptions) => {
    const { Dossier, resolveDatabaseLocation, resolveListenAddress } = await import('../core/index.js');
    const address = resolveListenAddress(options, context.io.env);
    await serve(
      context.io,
      await Dossier.open(resolveDatabaseLocation(options.db, context.io.env), { create: true }),
      address,
    );
  });

  serveOptions(
    program
      .command('start')
      .description('ingest the bundled examples and the reference profile, then serve (what `npm start` runs)'),
  )
    .argument('[paths...]', 'profiles to ingest first', [
      path.join(packageRoot, 'examples'),
      path.join(packageRoot, 'test-fixtures', 'seed-kazakhstan.txt'),
    ])
    .action(async (paths: string[], options: ServeOptions) => {
      const { Dossier, resolveDatabaseLocation, resolveListenAddress } = await import('../core/index.js');
      const address = resolveListenAddress(options, context.io.env);
      const dossier = await Dossier.open(resolveDatabaseLocation(options.db, context.io.env), { create: true });
      try {
        await ingestWithProgress(context.io, dossier, paths);
      } catch (error) {
        await dossier.close();
        throw error;
      }
      await serve(context.io, dossier, address);
    });
}

async function serve(io: TerminalIo, dossier: Dossier, { host, port }: { host: string; port: number }): Promise<void> {
  const { buildServer } = await import('../api/index.js');
  const { DossierError } = await import('../model/index.js');
  const app = await buildServer(dossier, { logger: true }).catch(async (error: unknown) => {
    await dossier.close();
    throw error;
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => {
      io.err.write(safe`dossier: still closing after ${shutdownGraceMs / 1000} s; exiting\n`);
      process.exit(1);
    }, shutdownGraceMs);
    forced.unref();
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      code = 1;
      io.err.write(safe`dossier: closing the server: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    try {
      await dossier.close();
    } catch (error) {
      code = 1;
      io.err.write(safe`dossier: closing the store: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    io.err.write(safe`dossier: ${signal}: stopped\n`);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close().catch(() => undefined);
    await dossier.close();
    throw new DossierError(
      'SERVICE_UNAVAILABLE',
      `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'choose another --port / PORT, or stop what is using it',
      },
    );
  }
  const address = app.server.address();
  const boundPort = address && typeof address === 'object' ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  // On stderr: stdout carries the JSON log lines (DOSSIER_LOG_LEVEL).
  io.err.write(
    safe`Dossier is serving ${dossier.describeLocation()} at http://${shownHost}:${boundPort}/ `,
    safe`(API: /api/actors, /api/search?q=…, /openapi.json). Ctrl-C stops it.\n`,
  );
  // The checks of a collection nobody asked them of yet are computed in the background now (and kept up to date
  // after each write), so that the checks page rarely has to wait for them.
  const { referenceChecksFor } = await import('../core/index.js');
  void referenceChecksFor(dossier)
    .prepare()
    .catch(() => undefined);
}
