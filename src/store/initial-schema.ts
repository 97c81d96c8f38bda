// Migration 1, the initial schema of both backends, written once over the vocabulary of
// migration-ddl.ts: documents, extraction items, entities and the sentence full-text index (SQLite's
// FTS5 table; PostgreSQL's generated tsvector and its GIN index). Released: never edit it.
import type { MigrationDdl } from './migration-ddl.js';

/** A document's reference from an item table. */
export const documentRef = (d: MigrationDdl): string => `document_id ${d.int} NOT NULL REFERENCES documents(id)`;

/** The span columns of an item (each line led by a newline). */
export const spanColumns = (d: MigrationDdl): string => `
  span_start ${d.int} NOT NULL CHECK (span_start >= 0),
  span_end ${d.int} NOT NULL CHECK (span_end >= span_start)`;

const reviewStatuses = "'machine', 'confirmed', 'edited', 'rejected'";

/** The review columns of a reviewed item (each line led by a newline). */
export const reviewColumns = (d: MigrationDdl): string => `
  review_status ${d.text} NOT NULL DEFAULT 'machine' CHECK (review_status IN (${reviewStatuses})),
  reviewed_by ${d.text},
  reviewed_at ${d.timestamp}`;

/** The CREATE TABLE of the sentences (migration 1) or of their spans (SQLite's migration 16). */
export const sentenceTable = (d: MigrationDdl, table: string, textColumn: string, generated = ''): string =>
  `CREATE TABLE ${table} (
  id ${d.serial},
  ${documentRef(d)},
  position ${d.int} NOT NULL,
  ${textColumn},
  themes ${d.json},${spanColumns(d)},${reviewColumns(d)},${generated}
  UNIQUE (document_id, position)
);`;

/** SQLite's full-text index of the sentences (external content: the text lives in sentences). */
export const sentencesFts = (options = ''): string => `CREATE VIRTUAL TABLE sentences_fts USING fts5(
  text,
  content = 'sentences',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'${options}
);`;

const documentTables = (d: MigrationDdl): string => `
CREATE TABLE actors (
  id ${d.text} PRIMARY KEY,
  name ${d.text} NOT NULL,
  country ${d.text},
  latest_document_id ${d.int}${d.sqlite(' REFERENCES documents(id)')}
);

CREATE TABLE documents (
  id ${d.serial},
  actor_id ${d.text} NOT NULL REFERENCES actors(id),
  version ${d.int} NOT NULL CHECK (version > 0),
  hash ${d.text} NOT NULL,
  text ${d.text} NOT NULL,
  actor_name ${d.text} NOT NULL,
  actor_country ${d.text},
  extraction_actor_name ${d.text} NOT NULL,
  extraction_actor_country ${d.text},
  layout ${d.json} NOT NULL,
  source_name ${d.text} NOT NULL,
  format ${d.text} NOT NULL,
  encoding ${d.text} NOT NULL,
  bytes ${d.int} NOT NULL,
  as_of ${d.text},
  source_url ${d.text},
  author ${d.text},
  focus ${d.text} NOT NULL,
  extra ${d.json} NOT NULL,
  ingested_at ${d.timestamp} NOT NULL,
  UNIQUE (actor_id, version)
);
${d.postgres(`
ALTER TABLE actors ADD FOREIGN KEY (latest_document_id) REFERENCES documents(id);
`)}
CREATE TABLE entities (
  id ${d.text} PRIMARY KEY,
  type ${d.text} NOT NULL,
  name ${d.text} NOT NULL,
  country ${d.text},
  wikidata ${d.text},
  aliases ${d.json},
  attributes ${d.json},
  updated_at ${d.timestamp} NOT NULL
);
`;

/**
 * A positioned item table: its document and position, its own columns, its span (and review
 * columns), keyed by document and position; `extra` follows the key.
 */
const itemTable = (d: MigrationDdl, table: string, columns: string[], reviewed = true, extra = ''): string =>
  `CREATE TABLE ${table} (
  ${documentRef(d)},
  position ${d.int} NOT NULL,
  ${columns.join(',\n  ')},${spanColumns(d)}${reviewed ? `,${reviewColumns(d)}` : ''},
  PRIMARY KEY (document_id, position)${extra}
);`;

const textTables = (d: MigrationDdl): string => `
${itemTable(d, 'sections', [`heading ${d.text} NOT NULL`], false)}

${itemTable(d, 'interests', [`rank ${d.int} NOT NULL`, `title ${d.text} NOT NULL`, `themes ${d.json} NOT NULL`])}

${sentenceTable(
  d,
  'sentences',
  `text ${d.text} NOT NULL`,
  d.postgres(`
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,`),
)}
CREATE INDEX sentences_by_span ON sentences (document_id, span_start);${d.postgres(`
CREATE INDEX sentences_tsv ON sentences USING gin (tsv);`)}

CREATE TABLE document_entities (
  ${documentRef(d)},
  entity_id ${d.text} NOT NULL REFERENCES entities(id),
  position ${d.int} NOT NULL,
  PRIMARY KEY (document_id, entity_id),
  UNIQUE (document_id, position)
);
CREATE INDEX document_entities_by_entity ON document_entities (entity_id);

${itemTable(
  d,
  'mentions',
  [`text ${d.text} NOT NULL`, `type ${d.text} NOT NULL`, `entity_id ${d.text} NOT NULL`, `country ${d.text}`],
  true,
  `,
  FOREIGN KEY (document_id, entity_id) REFERENCES document_entities (document_id, entity_id)`,
)}
CREATE INDEX mentions_by_entity ON mentions (entity_id);
`;

const factTables = (d: MigrationDdl): string => `
${itemTable(d, 'times', [`text ${d.text} NOT NULL`, `value ${d.text} NOT NULL`])}

${itemTable(d, 'quantities', [`text ${d.text} NOT NULL`, `value ${d.float} NOT NULL`, `unit ${d.text} NOT NULL`])}

${itemTable(d, 'events', [`type ${d.text} NOT NULL`, `date ${d.text}`, `actors ${d.json} NOT NULL`, `place ${d.text}`])}

${itemTable(d, 'relations', [
  `subject ${d.text} NOT NULL`,
  `predicate ${d.text} NOT NULL`,
  `object ${d.text} NOT NULL`,
  `negated ${d.bool} NOT NULL${d.boolCheck('negated')}`,
])}

CREATE TABLE postures (
  document_id ${d.int} PRIMARY KEY REFERENCES documents(id),
  label ${d.text} NOT NULL,${spanColumns(d)},${reviewColumns(d)}
);
`;

/** Migration 1's SQL on a backend. */
export const initialSchema = (d: MigrationDdl): string =>
  documentTables(d) +
  textTables(d) +
  factTables(d) +
  d.sqlite(`
-- Full-text index over the sentences of the latest version of each actor (external content:
-- the text lives in sentences; rows of superseded versions are deleted from the index).
${sentencesFts()}
`);
