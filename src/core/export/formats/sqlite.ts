// `sqlite`: a SQLite file to publish (Datasette, sqlite-utils): latest versions only, no accounts,
// sessions, tokens or audit, plain foreign keys, views joining mentions to entities and sentences
// to actors, and a full-text index sqlite-utils detects (written by src/store/backup/publishable-sqlite.ts).
// The file is written to a temporary folder, streamed, and removed.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writePublishableSqlite } from '../../../store/index.js';
import type { Exporter } from '../exporter.js';

export const sqliteExporter: Exporter = {
  name: 'sqlite',
  description:
    'a SQLite file to publish with Datasette or sqlite-utils: latest versions, views, full-text search, no accounts',
  mediaType: 'application/vnd.sqlite3',
  extension: 'sqlite',
  scoped: true,
  async *write(context) {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-sqlite-export-'));
    try {
      const file = path.join(folder, 'export.sqlite');
      await writePublishableSqlite(
        context.dossier.store,
        file,
        context.filter.actor ? { actor: context.filter.actor } : {},
      );
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  },
};
