// Versioned schema migrations of the SQLite backend, applied in order and recorded in
// schema_migrations. Never edit a released migration: append a new one.
import type Database from 'better-sqlite3';
import { timeBoundsOf } from '../timeline-reader.js';
import { migrationNames } from '../migration-names.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step SQL cannot do (parsing EDTF), run after `sql` in the same transaction. */
  run?: (db: Database.Database) => void;
  /** The migration frees many pages (tables rebuilt): the file is vacuumed once the migrations are applied. */
  vacuum?: boolean;
}

const review = `
  review_status TEXT NOT NULL DEFAULT 'machine' CHECK (review_status IN ('machine', 'confirmed', 'edited', 'rejected')),
  reviewed_by TEXT,
  reviewed_at TEXT`;

const span = `
  span_start INTEGER NOT NULL CHECK (span_start >= 0),
  span_end INTEGER NOT NULL CHECK (span_end >= span_start)`;

/**
 * Sentences read through a view (migration 16): a sentence's text is the slice of its document's
 * text, stored only where SQL's character offsets would slice it differently from the UTF-16 offsets
 * of the spans (a character beyond the BMP, or NUL, before its end).
 */
const sentencesView = `
CREATE VIEW sentences AS
  SELECT s.id, s.document_id, s.position,
    coalesce(s.text, (SELECT substr(d.text, s.span_start + 1, s.span_end - s.span_start) FROM documents d
      WHERE d.id = s.document_id)) AS text,
    s.themes, s.span_start, s.span_end, s.review_status, s.reviewed_by, s.reviewed_at
  FROM sentence_spans s;`;

/**
 * Copies a table keyed by its primary key into `<table>_compact` WITHOUT ROWID (the rows live in the
 * primary key's b-tree: no rowid, no second b-tree for the key); answers the CREATE INDEX of the
 * original, to run once the copy has its name. `edit` changes the CREATE TABLE (a constraint left
 * out, a reference renamed).
 */
function compactCopy(db: Database.Database, table: string, edit: (sql: string) => string = (sql) => sql): string[] {
  const schema = db
    .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL`)
    .all(table) as Array<{ type: string; sql: string }>;
  const create = schema.find((entry) => entry.type === 'table')!.sql;
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>)
    .map((column) => column.name)
    .join(', ');
  db.exec(`${edit(create).replace(/^CREATE TABLE (\w+|"\w+")/, `CREATE TABLE ${table}_compact`)} WITHOUT ROWID`);
  db.exec(`INSERT INTO ${table}_compact (${columns}) SELECT ${columns} FROM ${table}`);
  return schema.filter((entry) => entry.type === 'index').map((entry) => entry.sql);
}

/**
 * Migration 16's rebuild: mentions, a document's entities (without the unique position no query
 * reads), times and events WITHOUT ROWID. The new mentions refer to the new entity links, whose
 * rename carries the reference; the originals go children first (their foreign keys stay checked).
 */
function compactItemTables(db: Database.Database): void {
  const tables = ['document_entities', 'mentions', 'times', 'events'];
  const edits: Record<string, (sql: string) => string> = {
    document_entities: (sql) => sql.replace(/,\s*UNIQUE \(document_id, position\)/, ''),
    mentions: (sql) => sql.replace(/REFERENCES "?document_entities"? /, 'REFERENCES document_entities_compact '),
  };
  const indexes = tables.map((table) => compactCopy(db, table, edits[table]));
  for (const table of ['mentions', 'document_entities', 'times', 'events']) db.exec(`DROP TABLE ${table}`);
  tables.forEach((table, i) => {
    db.exec(`ALTER TABLE ${table}_compact RENAME TO ${table}`);
    for (const sql of indexes[i]!) db.exec(sql);
  });
}

export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: migrationNames[1]!,
    sql: `
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT,
  latest_document_id INTEGER REFERENCES documents(id)
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  actor_id TEXT NOT NULL REFERENCES actors(id),
  version INTEGER NOT NULL CHECK (version > 0),
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_country TEXT,
  extraction_actor_name TEXT NOT NULL,
  extraction_actor_country TEXT,
  layout TEXT NOT NULL,
  source_name TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  as_of TEXT,
  source_url TEXT,
  author TEXT,
  focus TEXT NOT NULL,
  extra TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  UNIQUE (actor_id, version)
);

CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT,
  wikidata TEXT,
  aliases TEXT,
  attributes TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE sections (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  heading TEXT NOT NULL,${span},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE interests (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  title TEXT NOT NULL,
  themes TEXT NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE sentences (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  themes TEXT,${span},${review},
  UNIQUE (document_id, position)
);
CREATE INDEX sentences_by_span ON sentences (document_id, span_start);

CREATE TABLE document_entities (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  entity_id TEXT NOT NULL REFERENCES entities(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (document_id, entity_id),
  UNIQUE (document_id, position)
);
CREATE INDEX document_entities_by_entity ON document_entities (entity_id);

CREATE TABLE mentions (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  country TEXT,${span},${review},
  PRIMARY KEY (document_id, position),
  FOREIGN KEY (document_id, entity_id) REFERENCES document_entities (document_id, entity_id)
);
CREATE INDEX mentions_by_entity ON mentions (entity_id);

CREATE TABLE times (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  value TEXT NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE quantities (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE events (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  type TEXT NOT NULL,
  date TEXT,
  actors TEXT NOT NULL,
  place TEXT,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE relations (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  subject TEXT NOT NULL,
  predicate TEXT NOT NULL,
  object TEXT NOT NULL,
  negated INTEGER NOT NULL CHECK (negated IN (0, 1)),${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE postures (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  label TEXT NOT NULL,${span},${review}
);

-- Full-text index over the sentences of the latest version of each actor (external content:
-- the text lives in sentences; rows of superseded versions are deleted from the index).
CREATE VIRTUAL TABLE sentences_fts USING fts5(
  text,
  content = 'sentences',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`,
  },
  {
    version: 2,
    name: migrationNames[2]!,
    // Search and entity pages join sentences and mentions to the latest version through this.
    sql: 'CREATE UNIQUE INDEX actors_by_latest_document ON actors (latest_document_id);',
  },
  {
    version: 3,
    name: migrationNames[3]!,
    sql: `
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_value TEXT,
  after_value TEXT
);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id);

CREATE TABLE entity_merges (
  from_id TEXT PRIMARY KEY,
  into_id TEXT NOT NULL,
  merged_by TEXT,
  merged_at TEXT NOT NULL
);

ALTER TABLE entities ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));
ALTER TABLE interests ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE interests ADD COLUMN machine_payload TEXT;
ALTER TABLE mentions ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE mentions ADD COLUMN machine_payload TEXT;
ALTER TABLE times ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE times ADD COLUMN machine_payload TEXT;
ALTER TABLE quantities ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE quantities ADD COLUMN machine_payload TEXT;
ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE events ADD COLUMN machine_payload TEXT;
ALTER TABLE relations ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE relations ADD COLUMN machine_payload TEXT;
ALTER TABLE postures ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE postures ADD COLUMN machine_payload TEXT;
`,
  },
  {
    version: 4,
    name: migrationNames[4]!,
    sql: `
CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
INSERT INTO store_revision (id, revision) VALUES (1, 0);
`,
  },
  {
    version: 5,
    name: migrationNames[5]!,
    sql: `
CREATE INDEX documents_by_actor_hash ON documents (actor_id, hash);

-- Actors without a latest-version pointer get their highest version, with its sentences indexed.
CREATE TEMP TABLE dossier_filled_latest AS
  SELECT a.id AS actor_id, (SELECT d.id FROM documents d WHERE d.actor_id = a.id ORDER BY d.version DESC LIMIT 1) AS
    document_id
  FROM actors a
  WHERE a.latest_document_id IS NULL AND EXISTS (SELECT 1 FROM documents d WHERE d.actor_id = a.id);
UPDATE actors SET latest_document_id = (SELECT f.document_id FROM dossier_filled_latest f WHERE f.actor_id = actors.id)
  WHERE id IN (SELECT actor_id FROM dossier_filled_latest);
INSERT INTO sentences_fts (rowid, text)
  SELECT s.id, s.text FROM sentences s JOIN dossier_filled_latest f ON f.document_id = s.document_id;
DROP TABLE dossier_filled_latest;

-- The pointer only ever names a document of the same actor.
CREATE TRIGGER actors_latest_is_own_document BEFORE UPDATE OF latest_document_id ON actors
  WHEN NEW.latest_document_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = NEW.latest_document_id AND d.actor_id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'the latest version of an actor must be one of its own documents');
END;
`,
  },
  {
    version: 6,
    name: migrationNames[6]!,
    sql: `
ALTER TABLE documents ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET sentence_count = (SELECT count(*) FROM sentences s WHERE s.document_id = documents.id);
CREATE INDEX entities_by_edited ON entities (edited);
`,
  },
  {
    version: 7,
    name: migrationNames[7]!,
    sql: `
ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
ALTER TABLE documents ADD COLUMN published TEXT;
ALTER TABLE documents ADD COLUMN publisher TEXT;
ALTER TABLE actors ADD COLUMN kind TEXT NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
`,
  },
  {
    version: 8,
    name: migrationNames[8]!,
    sql: `
ALTER TABLE times ADD COLUMN resolved TEXT CHECK (resolved IN ('document-date', 'context'));
CREATE TABLE document_subjects (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  subject TEXT NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('front-matter', 'title', 'lead', 'most-mentioned')),
  PRIMARY KEY (document_id, position)
);
CREATE INDEX document_subjects_by_subject ON document_subjects (subject, document_id);
CREATE INDEX mentions_by_country ON mentions (country);
`,
  },
  {
    version: 9,
    name: migrationNames[9]!,
    sql: `
ALTER TABLE relations ADD COLUMN valid TEXT;
ALTER TABLE relations ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN valid TEXT;
ALTER TABLE events ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE mentions ADD COLUMN via TEXT CHECK (via IN ('coreference'));
`,
  },
  {
    version: 10,
    name: migrationNames[10]!,
    sql: `
UPDATE mentions SET review_status = 'confirmed', reviewed_by = 'rule:exact-country', reviewed_at =
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE type = 'country' AND review_status = 'machine' AND origin = 'machine' AND reviewed_by IS NULL AND via IS NULL
  AND EXISTS (
    SELECT 1 FROM entities e JOIN documents d ON d.id = mentions.document_id
    WHERE e.id = mentions.entity_id
      AND (e.name = substr(d.text, mentions.span_start + 1, mentions.span_end - mentions.span_start)
        OR EXISTS (SELECT 1 FROM json_each(e.aliases) j WHERE j.value = substr(d.text, mentions.span_start + 1,
          mentions.span_end - mentions.span_start))));
`,
  },
  {
    version: 11,
    name: migrationNames[11]!,
    sql: `
CREATE INDEX relations_by_subject ON relations (subject);
CREATE INDEX relations_by_object ON relations (object);
`,
  },
  {
    version: 12,
    name: migrationNames[12]!,
    sql: `
ALTER TABLE events ADD COLUMN earliest TEXT;
ALTER TABLE events ADD COLUMN latest TEXT;
ALTER TABLE times ADD COLUMN earliest TEXT;
ALTER TABLE times ADD COLUMN latest TEXT;
`,
    run: (db) => {
      // Filled from the EDTF values by a function of this connection, then indexed.
      db.function('dossier_edtf_bound', { deterministic: true }, (value: unknown, end: unknown) =>
        typeof value === 'string' ? timeBoundsOf(value)[end === 'latest' ? 'latest' : 'earliest'] : null,
      );
      db.exec(`
UPDATE events SET earliest = dossier_edtf_bound(coalesce(date, valid), 'earliest'), latest =
  dossier_edtf_bound(coalesce(date, valid), 'latest')
  WHERE coalesce(date, valid) IS NOT NULL;
UPDATE times SET earliest = dossier_edtf_bound(value, 'earliest'), latest = dossier_edtf_bound(value, 'latest');
CREATE INDEX events_by_earliest ON events (earliest, document_id, position, latest);
CREATE INDEX times_by_earliest ON times (earliest, document_id, position, latest);
`);
    },
  },
  {
    version: 13,
    name: migrationNames[13]!,
    sql: 'CREATE INDEX documents_by_kind_focus ON documents (kind, focus);',
  },
  {
    version: 14,
    name: migrationNames[14]!,
    sql: `
CREATE INDEX relations_by_claim ON relations (subject, predicate, object);
CREATE INDEX events_by_place ON events (place, type, earliest, latest);
`,
  },
  {
    version: 15,
    name: migrationNames[15]!,
    sql: `
CREATE INDEX times_by_document_time ON times (document_id, review_status, earliest, span_start, span_end);
CREATE INDEX events_by_document_span ON events (document_id, span_start, review_status, earliest, type);
DROP INDEX sentences_by_span;
CREATE INDEX sentences_by_span ON sentences (document_id, span_start, span_end);
`,
  },
  {
    version: 16,
    name: migrationNames[16]!,
    sql: `
CREATE TABLE sentence_spans (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT,
  themes TEXT,${span},${review},
  UNIQUE (document_id, position)
);
INSERT INTO sentence_spans (id, document_id, position, text, themes, span_start, span_end, review_status, reviewed_by,
  reviewed_at)
  SELECT s.id, s.document_id, s.position,
    CASE WHEN s.text = substr(d.text, s.span_start + 1, s.span_end - s.span_start) THEN NULL ELSE s.text END,
    s.themes, s.span_start, s.span_end, s.review_status, s.reviewed_by, s.reviewed_at
  FROM sentences s JOIN documents d ON d.id = s.document_id;
DROP TABLE sentences;
CREATE INDEX sentences_by_span ON sentence_spans (document_id, span_start, span_end);
${sentencesView}
`,
    run: compactItemTables,
    vacuum: true,
  },
  {
    version: 17,
    name: migrationNames[17]!,
    // The full-text index again, with an index of 3-character prefixes: "tal*" reads one doclist
    // instead of merging those of every word it begins (which grows with the collection).
    sql: `
DROP TABLE sentences_fts;
CREATE VIRTUAL TABLE sentences_fts USING fts5(
  text,
  content = 'sentences',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '3'
);
INSERT INTO sentences_fts (rowid, text)
  SELECT s.id, s.text FROM actors a JOIN sentences s ON s.document_id = a.latest_document_id;
`,
  },
  {
    version: 20,
    name: migrationNames[20]!,
    // The whole collection's check findings as last computed (src/store/check-snapshots.ts).
    sql: `
CREATE TABLE check_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  signature TEXT NOT NULL,
  generation BIGINT NOT NULL,
  totals TEXT NOT NULL
);
CREATE TABLE check_findings (
  generation BIGINT NOT NULL,
  rank BIGINT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  finding TEXT NOT NULL,
  PRIMARY KEY (generation, rank)
);
CREATE INDEX check_findings_by_kind ON check_findings (generation, kind, rank);
CREATE INDEX check_findings_by_id ON check_findings (generation, id);
`,
  },
];

/** The schema version this code writes: the highest migration it knows. */
export const sqliteSchemaVersion = Math.max(...sqliteMigrations.map((migration) => migration.version));
