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
import { openBackupSource, partialPathFor } from './backup-format.js';

export interface PublishableSqliteOptions {
  /** Only this actor (its latest version). */
  actor?: string;
}

const review = `review_status TEXT NOT NULL, origin TEXT NOT NULL`;
const span = `span_start INTEGER NOT NULL, span_end INTEGER NOT NULL`;
const docRef = `document_id INTEGER NOT NULL REFERENCES documents(id)`;

/** The published schema (tables in foreign-key order). */
const schema = `
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

/** Copies the published rows from the attached snapshot `src` (documents already in `kept`). */
const copySql = `
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
INSERT INTO sections (document_id, position, heading, span_start, span_end)
  SELECT x.document_id, x.position, x.heading, x.span_start, x.span_end FROM src.sections x JOIN temp.kept k ON k.id =
    x.document_id;
INSERT INTO interests (document_id, position, rank, title, themes, span_start, span_end, review_status, origin)
  SELECT x.document_id, x.position, x.rank, x.title, x.themes, x.span_start, x.span_end, x.review_status, x.origin
  FROM src.interests x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO sentences (id, document_id, position, text, themes, span_start, span_end, review_status)
  SELECT x.id, x.document_id, x.position, x.text, x.themes, x.span_start, x.span_end, x.review_status
  FROM src.sentences x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected} ORDER BY x.id;
INSERT INTO mentions (document_id, position, text, type, entity_id, country, span_start, span_end, review_status,
  origin)
  SELECT x.document_id, x.position, x.text, x.type, x.entity_id, x.country, x.span_start, x.span_end, x.review_status,
    x.origin
  FROM src.mentions x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO times (document_id, position, text, value, resolved, span_start, span_end, review_status, origin)
  SELECT x.document_id, x.position, x.text, x.value, x.resolved, x.span_start, x.span_end, x.review_status, x.origin
  FROM src.times x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO quantities (document_id, position, text, value, unit, span_start, span_end, review_status, origin)
  SELECT x.document_id, x.position, x.text, x.value, x.unit, x.span_start, x.span_end, x.review_status, x.origin
  FROM src.quantities x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO events (document_id, position, type, date, actors, place, span_start, span_end, review_status, origin)
  SELECT x.document_id, x.position, x.type, x.date, x.actors, x.place, x.span_start, x.span_end, x.review_status,
    x.origin
  FROM src.events x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO relations (document_id, position, subject, predicate, object, negated, span_start, span_end, review_status,
  origin)
  SELECT x.document_id, x.position, x.subject, x.predicate, x.object, x.negated, x.span_start, x.span_end,
    x.review_status, x.origin
  FROM src.relations x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO postures (document_id, label, span_start, span_end, review_status, origin)
  SELECT x.document_id, x.label, x.span_start, x.span_end, x.review_status, x.origin
  FROM src.postures x JOIN temp.kept k ON k.id = x.document_id WHERE x.${notRejected};
INSERT INTO document_subjects (document_id, position, subject, how)
  SELECT x.document_id, x.position, x.subject, x.how FROM src.document_subjects x JOIN temp.kept k ON k.id =
    x.document_id;
`;

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
      db.transaction(() => {
        db.exec(schema);
        db.exec(copySql);
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
