// `dossier backup FILE [--db LOCATION] [--include-accounts]`: a consistent snapshot of the
// knowledge base (SQLite or PostgreSQL, while the server runs) into one portable backup file;
// `dossier restore FILE --db TARGET [--include-accounts] [--force]`: loads a backup (of either
// backend) into an empty SQLite file or PostgreSQL schema, or over what is there with --force.
// The summary goes to stderr (or stdout as JSON with --format json); backup never creates a
// database, restore creates its target. Exit 0, 1 (store failure), 2 (bad input, e.g. not a backup).
import { Option, type Command } from 'commander';
import type { BackupCounts } from '../core/backup.js';
import { dbOption, formatOption, type CliContext } from './command-support.js';
import { safe } from './terminal-text.js';

const countsText = (counts: BackupCounts, accounts: boolean): string =>
  `${counts.actors} actors, ${counts.documents} documents, ${counts.sentences} sentences, ${counts.entities} ` +
  `entities, ${counts.auditEntries} audit entries` +
  (accounts ? `, ${counts.users} users` : '');

export function registerBackupCommands(program: Command, context: CliContext): void {
  const { out, err, env } = context.io;
  program
    .command('backup')
    .description(
      'write a consistent snapshot of the knowledge base to FILE (safe while the server runs); accounts only ' +
        'with --include-accounts',
    )
    .argument('<file>', 'the backup file to write (replaced if it exists)')
    .addOption(dbOption())
    .option('--include-accounts', 'keep users, sessions and API tokens (password and token hashes) in the backup')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (file: string, options: { db?: string; includeAccounts?: boolean; format: string }) => {
      const { describeLocation, resolveDatabaseLocation } = await import('../core/index.js');
      const { backupKnowledgeBase } = await import('../core/backup.js');
      const location = resolveDatabaseLocation(options.db, env);
      const summary = await backupKnowledgeBase(location, file, { includeAccounts: options.includeAccounts ?? false });
      if (options.format === 'json') return out.json(summary);
      err.write(
        safe`backed up ${countsText(summary.counts, summary.includesAccounts)} to ${file} `,
        safe`(${summary.bytes} bytes, schema version ${summary.schemaVersion}`,
        safe`${summary.includesAccounts ? ', with accounts' : ', without accounts'}) `,
        safe`in ${summary.seconds.toFixed(2)} s — ${describeLocation(location)}\n`,
      );
    });
  program
    .command('restore')
    .description('load a backup (of a SQLite or PostgreSQL store) into an empty SQLite file or PostgreSQL schema')
    .argument('<file>', 'a file written by `dossier backup`')
    .addOption(
      new Option('--db <location>', 'the target: a SQLite file or postgres:// URL (required)').makeOptionMandatory(),
    )
    .option('--include-accounts', 'restore users, sessions and API tokens too (the backup must hold them)')
    .option('--force', "replace the target's content if it is not empty")
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(
      async (file: string, options: { db: string; includeAccounts?: boolean; force?: boolean; format: string }) => {
        const { describeLocation } = await import('../core/index.js');
        const { restoreKnowledgeBase } = await import('../core/backup.js');
        const summary = await restoreKnowledgeBase(file, options.db, {
          includeAccounts: options.includeAccounts ?? false,
          force: options.force ?? false,
        });
        if (options.format === 'json') return out.json(summary);
        const migrated =
          summary.backupSchemaVersion < summary.schemaVersion
            ? ` (migrated from schema version ${summary.backupSchemaVersion})`
            : '';
        err.write(
          safe`restored ${countsText(summary.counts, summary.accountsRestored)}`,
          safe`${summary.replaced ? ', replacing what was there' : ''}${migrated} `,
          safe`in ${summary.seconds.toFixed(2)} s — ${describeLocation(options.db)}\n`,
        );
      },
    );
}
