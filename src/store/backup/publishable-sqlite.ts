// A publishable SQLite file of the knowledge base (`dossier export --format sqlite`), for
// Datasette, sqlite-utils and anyone with a SQLite client: the latest version of each actor only
// (optionally one actor), facts not rejected by review, no accounts, sessions, tokens, audit trail
// or internal columns; plain tables with plain foreign keys (PRAGMA foreign_key_check is clean);
// views `mention_entities` (mentions joined to their entities, documents and actors) and
// `sentence_actors` (sentences joined to their documents and actors); and a full-text index
// `sentences_fts` spelled as sqlite-utils' `enable_fts` writes it (FTS5, `content="sentences"`,
// which sqlite-utils' and Datasette's detect_fts find) with sqlite-utils' trigger names, so
// `sqlite-utils` keeps it current if rows are added. Written from a backup snapshot of the store
// (either backend): one consistent state.
import { mkdtempSync, rmSync, statSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DossierError } from '../../model/index.js';
import type { Store } from '../store.js';
import { openBackupSource, partialPathFor, sqliteColumns } from './backup-format.js';
import { documentItemKinds, readNameOf, slicedColumnSql, type ColumnType, type ItemKind } from '../item-kinds.js';

export interface PublishableSqliteOptions {
  /** Only this actor (its latest version). */
  actor?: string;
  /** The store's item kinds, each published as a table (default: documentItemKinds). */
  itemKinds?: readonly ItemKind[];
}

const review = `review_status TEXT NOT NULL, origin TEXT NOT NULL`;
const span = `span_start INTEGER NOT NULL, span_end INTEGER NOT NULL`;
const docRef = `document_id INTEGER NOT NULL REFERENCES documents(id)`;

/** The published tables that are not an item kind's (in foreign-key order). */
const fixedSchema = `
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT,
  kind TEXT NOT NULL,
  latest_version INTEGER NOT NULL,
  versions INTEGER NOT NULL
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  actor_id TEXT NOT NULL REFERENCES actors(id),
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_country TEXT,
  source_name TEXT NOT NULL,
  format TEXT NOT NULL,
  hash TEXT NOT NULL,
  as_of TEXT,
  published TEXT,
  publisher TEXT,
  source_url TEXT,
  author TEXT,
  focus TEXT NOT NULL,
  extra TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  sentence_count INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX documents_by_actor ON documents (actor_id);
CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT,
  wikidata TEXT,
  aliases TEXT,
  attributes TEXT,
  edited INTEGER NOT NULL
);
CREATE TABLE document_entities (
  ${docRef},
  entity_id TEXT NOT NULL REFERENCES entities(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (document_id, entity_id)
);
CREATE INDEX document_entities_by_entity ON document_entities (entity_id);
`;

/**
 * The published tables of the store's item kinds, as published so far (a kind not listed here is published
 * from its declaration: publishedTableSql).
 */
const itemTablesSchema = `
CREATE TABLE sections (${docRef}, position INTEGER NOT NULL, heading TEXT NOT NULL, ${span}, PRIMARY KEY (document_id,
  position));
CREATE TABLE interests (${docRef}, position INTEGER NOT NULL, rank INTEGER NOT NULL, title TEXT NOT NULL, themes TEXT
  NOT NULL, ${span}, ${review}, PRIMARY KEY (document_id, position));
CREATE TABLE sentences (
  id INTEGER PRIMARY KEY,
  ${docRef},
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  themes TEXT,
  ${span},
  review_status TEXT NOT NULL
);
CREATE INDEX sentences_by_document ON sentences (document_id, position);
CREATE TABLE mentions (
  ${docRef},
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  type TEXT NOT NULL,
  entity_id TEXT NOT NULL REFERENCES entities(id),
  country TEXT,
  ${span},
  ${review},
  PRIMARY KEY (document_id, position)
);
CREATE INDEX mentions_by_entity ON mentions (entity_id);
CREATE TABLE times (${docRef}, position INTEGER NOT NULL, text TEXT NOT NULL, value TEXT NOT NULL, resolved TEXT,
  ${span}, ${review}, PRIMARY KEY (document_id, position));
CREATE TABLE quantities (${docRef}, position INTEGER NOT NULL, text TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT
  NULL, ${span}, ${review}, PRIMARY KEY (document_id, position));
CREATE TABLE events (${docRef}, position INTEGER NOT NULL, type TEXT NOT NULL, date TEXT, actors TEXT NOT NULL, place
  TEXT, ${span}, ${review}, PRIMARY KEY (document_id, position));
CREATE TABLE relations (${docRef}, position INTEGER NOT NULL, subject TEXT NOT NULL, predicate TEXT NOT NULL, object
  TEXT NOT NULL, negated INTEGER NOT NULL, ${span}, ${review}, PRIMARY KEY (document_id, position));
CREATE TABLE postures (document_id INTEGER PRIMARY KEY REFERENCES documents(id), label TEXT NOT NULL, ${span},
  ${review});
CREATE TABLE document_subjects (${docRef}, position INTEGER NOT NULL, subject TEXT NOT NULL, how TEXT NOT NULL, PRIMARY
  KEY (document_id, position));
`;
const publishedItemTables: Record<string, string> = Object.fromEntries(
  itemTablesSchema
    .split(/(?=CREATE TABLE )/)
    .filter((statement) => statement.trim() !== '')
    .map((statement) => [/^CREATE TABLE (\w+)/.exec(statement)![1]!, statement]),
);

/** Views joining mentions to entities and sentences to actors. */
const views = `
CREATE VIEW mention_entities AS
  SELECT m.document_id, d.actor_id, a.name AS actor_name, d.version, m.position, m.text AS mention_text, m.type AS
    mention_type,
    m.country AS mention_country, m.span_start, m.span_end, m.review_status,
    e.id AS entity_id, e.type AS entity_type, e.name AS entity_name, e.country AS entity_country, e.wikidata AS
      entity_wikidata
  FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.document_id JOIN actors a ON a.id =
    d.actor_id;
CREATE VIEW sentence_actors AS
  SELECT s.id AS sentence_id, s.document_id, s.position, s.text, s.themes, s.span_start, s.span_end,
    d.version, d.kind, a.id AS actor_id, a.name AS actor_name, a.country AS actor_country
  FROM sentences s JOIN documents d ON d.id = s.document_id JOIN actors a ON a.id = d.actor_id;
`;

/** The full-text index as sqlite-utils' enable_fts(["text"], tokenize=…, create_triggers=True) writes it. */
const fullText = `
CREATE VIRTUAL TABLE [sentences_fts] USING FTS5 (
    [text],
    tokenize='porter unicode61 remove_diacritics 2',
    content="sentences", content_rowid="id"
);
INSERT INTO [sentences_fts] (rowid, [text]) SELECT rowid, [text] FROM [sentences];
CREATE TRIGGER [sentences_ai] AFTER INSERT ON [sentences] BEGIN
  INSERT INTO [sentences_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
END;
CREATE TRIGGER [sentences_ad] AFTER DELETE ON [sentences] BEGIN
  INSERT INTO [sentences_fts] ([sentences_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
END;
CREATE TRIGGER [sentences_au] AFTER UPDATE ON [sentences] BEGIN
  INSERT INTO [sentences_fts] ([sentences_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
  INSERT INTO [sentences_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
END;
`;

const notRejected = `review_status <> 'rejected'`;

/** Copies the published rows of the fixed tables from the attached snapshot `src` (documents in `kept`). */
const fixedCopySql = `
INSERT INTO actors (id, name, country, kind, latest_version, versions)
  SELECT a.id, a.name, a.country, a.kind, d.version, (SELECT count(*) FROM src.documents v WHERE v.actor_id = a.id)
  FROM src.actors a JOIN src.documents d ON d.id = a.latest_document_id JOIN temp.kept k ON k.id = d.id;
INSERT INTO documents (id, actor_id, version, kind, actor_name, actor_country, source_name, format, hash, as_of,
  published, publisher,
    source_url, author, focus, extra, ingested_at, sentence_count, text)
  SELECT d.id, d.actor_id, d.version, d.kind, d.actor_name, d.actor_country, d.source_name, d.format, d.hash, d.as_of,
    d.published, d.publisher,
    d.source_url, d.author, d.focus, d.extra, d.ingested_at, d.sentence_count, d.text
  FROM src.documents d JOIN temp.kept k ON k.id = d.id ORDER BY d.id;
INSERT INTO entities (id, type, name, country, wikidata, aliases, attributes, edited)
  SELECT e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes, e.edited FROM src.entities e
  WHERE e.id IN (SELECT de.entity_id FROM src.document_entities de JOIN temp.kept k ON k.id = de.document_id)
  ORDER BY e.id;
INSERT INTO document_entities (document_id, entity_id, position)
  SELECT de.document_id, de.entity_id, de.position FROM src.document_entities de JOIN temp.kept k ON k.id =
    de.document_id;
`;

const sqliteTypes: Record<ColumnType, string> = {
  text: 'TEXT',
  int: 'INTEGER',
  float: 'REAL',
  json: 'TEXT',
  bool: 'INTEGER',
  timestamp: 'TEXT',
};

/** The published table of a kind from its declaration: its document, position, columns and review status. */
export function publishedTableSql(kind: ItemKind): string {
  const lines = [
    docRef,
    ...(kind.positioned ? ['position INTEGER NOT NULL'] : []),
    ...kind.columns.map((c) => `${c.name} ${sqliteTypes[c.type]}${c.nullable ? '' : ' NOT NULL'}`),
    ...(kind.review ? [review] : []),
    `PRIMARY KEY (document_id${kind.positioned ? ', position' : ''})`,
  ];
  return `CREATE TABLE ${readNameOf(kind)} (${lines.join(', ')});`;
}

/**
 * The copy of a kind's published rows from the snapshot `src`: the published table's columns, for the documents
 * kept, rows a reviewer rejected left out (sentences in id order: their ids are the full-text index's rowids).
 */
function itemCopySql(db: Database.Database, kind: ItemKind): string {
  const published = readNameOf(kind);
  const columns = sqliteColumns(db, published);
  const reviewed = sqliteColumns(db, published, 'src').includes('review_status');
  // A sliced column (a mention's words) is published whole: its NULL read from the document's text.
  const sliced = columns.some((column) => kind.sliced?.includes(column));
  const values = columns.map((column) => slicedColumnSql(kind.sliced, column)).join(', ');
  return (
    `INSERT INTO ${published} (${columns.join(', ')}) SELECT ${values} FROM src.${published} x ` +
    `JOIN temp.kept k ON k.id = x.document_id${sliced ? ' JOIN src.documents d ON d.id = x.document_id' : ''}` +
    `${reviewed ? ` WHERE x.${notRejected}` : ''}${columns.includes('id') ? ' ORDER BY x.id' : ''};`
  );
}

/** Writes the publishable file (replaced atomically); returns its size. */
export async function writePublishableSqlite(
  store: Store,
  file: string,
  options: PublishableSqliteOptions = {},
): Promise<{ bytes: number }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dossier-publish-'));
  const partial = partialPathFor(file);
  try {
    const snapshot = path.join(folder, 'snapshot.db');
    await store.writeBackup(snapshot, { includeAccounts: false });
    const source = openBackupSource(snapshot);
    source.db.close();
    const db = new Database(partial);
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = ON');
      db.prepare('ATTACH DATABASE ? AS src').run(source.path);
      db.exec('CREATE TEMP TABLE kept (id INTEGER PRIMARY KEY)');
      const keep = db.prepare(
        `INSERT INTO temp.kept (id) SELECT a.latest_document_id FROM src.actors a WHERE a.latest_document_id IS ` +
          `NOT NULL${options.actor === undefined ? '' : ' AND a.id = ?'}`,
      );
      const kept = (options.actor === undefined ? keep.run() : keep.run(options.actor)).changes;
      if (options.actor !== undefined && kept === 0) {
        throw new DossierError('NOT_FOUND', `no actor "${options.actor}"`, {
          expected: 'an actor id listed by `dossier list`',
        });
      }
      const kinds = options.itemKinds ?? documentItemKinds;
      db.transaction(() => {
        db.exec(fixedSchema);
        for (const kind of kinds) db.exec(publishedItemTables[readNameOf(kind)] ?? publishedTableSql(kind));
        db.exec(views);
        db.exec(fixedCopySql);
        for (const kind of kinds) db.exec(itemCopySql(db, kind));
        db.exec(fullText);
      })();
      db.exec('DETACH DATABASE src');
      db.exec('VACUUM');
    } finally {
      db.close();
      source.close();
    }
    renameSync(partial, file);
    return { bytes: statSync(file).size };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
