// The schema migrations of both backends, each declared once: its version, its name and its SQL,
// written over the vocabulary of migration-ddl.ts where the backends share it and for one backend
// alone where only it has the thing (FTS5, triggers, PL/pgSQL). The backends' lists
// (sqlite-migrations.ts, postgres-migrations.ts) are made from these and add their run steps.
// Released migrations never change (migration-sql.test.ts holds the hash of what each one runs):
// append a new declaration.
import { migrationNames } from './migration-names.js';
import type { MigrationDdl, MigrationDeclaration } from './migration-ddl.js';
import { documentRef, initialSchema, sentencesFts, sentenceTable } from './initial-schema.js';
import { compactRuleDecisionsSql } from './compact-storage-migration.js';
import { timelineStatementsSql } from './timeline-statements.js';
import { edgeStrengthSql } from './graph-edge-strength.js';
import { timelineYearsMigrationSql } from './timeline-years.js';
import { graphTotalsFill, graphTotalsSchema } from './graph-totals.js';
import { collectionCountsSql } from './collection-counts-migration.js';
import { eventPartiesSql } from './event-parties.js';
import { claimBoundsSql } from './claim-bounds.js';
import { leanStorageSql } from './lean-storage-migration.js';
import { edgeActorsSchema } from './graph-edge-actors.js';
import { entityTrigramsSql } from './entity-trigrams.js';

/** The tables of reviewed facts, as migration 3 gave them an origin. */
const factTables = ['interests', 'mentions', 'times', 'quantities', 'events', 'relations', 'postures'];

const origin = (d: MigrationDdl, table: string): string =>
  `ALTER TABLE ${table} ADD COLUMN origin ${d.text} NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE ${table} ADD COLUMN machine_payload ${d.json};
`;

const editorialTables = (d: MigrationDdl): string => `
CREATE TABLE users (
  name ${d.text} PRIMARY KEY,
  role ${d.text} NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  password_hash ${d.text} NOT NULL,
  created_at ${d.timestamp} NOT NULL
);

CREATE TABLE sessions (
  id_hash ${d.text} PRIMARY KEY,
  user_name ${d.text} NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at ${d.timestamp} NOT NULL,
  expires_at ${d.timestamp} NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
  id ${d.text} PRIMARY KEY,
  user_name ${d.text} NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label ${d.text} NOT NULL,
  token_hash ${d.text} NOT NULL UNIQUE,
  created_at ${d.timestamp} NOT NULL
);

CREATE TABLE audit_log (
  id ${d.bigSerial},
  at ${d.timestamp} NOT NULL,
  user_name ${d.text},
  action ${d.text} NOT NULL,
  target_type ${d.text} NOT NULL,
  target_id ${d.text} NOT NULL,
  before_value ${d.json},
  after_value ${d.json}
);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id);

CREATE TABLE entity_merges (
  from_id ${d.text} PRIMARY KEY,
  into_id ${d.text} NOT NULL,
  merged_by ${d.text},
  merged_at ${d.timestamp} NOT NULL
);

ALTER TABLE entities ADD COLUMN edited ${d.bool} NOT NULL DEFAULT ${d.false}${d.boolCheck('edited')};
${factTables.map((table) => origin(d, table)).join('')}`;

/** Migration 5 after its index: the latest-version pointer filled, then kept to the actor's own documents. */
const latestPointer = {
  // SQLite: the filled actors' sentences indexed, the rule a trigger.
  sqlite: `
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
  // PostgreSQL: the rule a composite foreign key.
  postgres: `
-- Actors without a latest-version pointer get their highest version.
UPDATE actors a SET latest_document_id = (SELECT d.id FROM documents d WHERE d.actor_id = a.id ORDER BY d.version DESC
  LIMIT 1)
  WHERE a.latest_document_id IS NULL;

-- The pointer only ever names a document of the same actor.
ALTER TABLE documents ADD CONSTRAINT documents_id_actor UNIQUE (id, actor_id);
ALTER TABLE actors ADD CONSTRAINT actors_latest_is_own_document
  FOREIGN KEY (latest_document_id, id) REFERENCES documents (id, actor_id);
`,
};

/** Migration 10: confirms country mentions worded exactly as their entity's name or an alias (JSON differs). */
const exactCountries = {
  sqlite: `
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
  postgres: `
UPDATE mentions m SET review_status = 'confirmed', reviewed_by = 'rule:exact-country', reviewed_at = now()
FROM documents d, entities e
WHERE d.id = m.document_id AND e.id = m.entity_id
  AND m.type = 'country' AND m.review_status = 'machine' AND m.origin = 'machine' AND m.reviewed_by IS NULL AND m.via IS
    NULL
  AND (e.name = substr(d.text, m.span_start + 1, m.span_end - m.span_start)
    OR coalesce(e.aliases, '[]'::jsonb) ? substr(d.text, m.span_start + 1, m.span_end - m.span_start));
`,
};

/** Migration 12's columns (filled and indexed by each backend's run step). */
const timeBounds = (d: MigrationDdl): string =>
  ['events', 'times']
    .map((table) =>
      d.per({
        sqlite: `ALTER TABLE ${table} ADD COLUMN earliest ${d.text};
ALTER TABLE ${table} ADD COLUMN latest ${d.text};
`,
        postgres: `ALTER TABLE ${table} ADD COLUMN earliest ${d.text}, ADD COLUMN latest ${d.text};\n`,
      }),
    )
    .join('');

/**
 * The sentences read through a view (migration 16): a sentence's text is the slice of its document's
 * text, stored only where SQL's character offsets would slice it differently from the UTF-16 offsets
 * of the spans (a character beyond the BMP, or NUL, before its end). PostgreSQL's carries the tsvector.
 */
const sentencesView = (d: MigrationDdl): string => `CREATE VIEW sentences AS
  SELECT s.id, s.document_id, s.position,
    coalesce(s.text, (SELECT substr(d.text, s.span_start + 1, s.span_end - s.span_start) FROM documents d
      WHERE d.id = s.document_id)) AS text,
    s.themes, s.span_start, s.span_end, s.review_status, s.reviewed_by, s.reviewed_at${d.postgres(', s.tsv')}
  FROM sentence_spans s;`;

/** Migration 16 on SQLite: the spans copied to a table of their own (its run step rebuilds four tables). */
const sqliteSentenceSpans = (d: MigrationDdl): string => `
${sentenceTable(d, 'sentence_spans', `text ${d.text}`)}
INSERT INTO sentence_spans (id, document_id, position, text, themes, span_start, span_end, review_status, reviewed_by,
  reviewed_at)
  SELECT s.id, s.document_id, s.position,
    CASE WHEN s.text = substr(d.text, s.span_start + 1, s.span_end - s.span_start) THEN NULL ELSE s.text END,
    s.themes, s.span_start, s.span_end, s.review_status, s.reviewed_by, s.reviewed_at
  FROM sentences s JOIN documents d ON d.id = s.document_id;
DROP TABLE sentences;
CREATE INDEX sentences_by_span ON sentence_spans (document_id, span_start, span_end);

${sentencesView(d)}
`;

/**
 * Migration 16 on PostgreSQL: the table renamed and its text kept only where substr would slice
 * otherwise; its tsvector filled from the document's slice by a trigger.
 */
const postgresSentenceSpans = (d: MigrationDdl): string => `
ALTER TABLE sentences RENAME TO sentence_spans;
ALTER TABLE sentence_spans ALTER COLUMN tsv DROP EXPRESSION;
ALTER TABLE sentence_spans ALTER COLUMN text DROP NOT NULL;
UPDATE sentence_spans s SET text = NULL FROM documents d
  WHERE d.id = s.document_id AND s.text = substr(d.text, s.span_start + 1, s.span_end - s.span_start);
CREATE FUNCTION sentence_spans_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := to_tsvector('english'::regconfig, coalesce(NEW.text, (SELECT substr(d.text, NEW.span_start + 1,
    NEW.span_end - NEW.span_start) FROM documents d WHERE d.id = NEW.document_id)));
  RETURN NEW;
END $$;
CREATE TRIGGER sentence_spans_tsv BEFORE INSERT OR UPDATE OF text, span_start, span_end, document_id ON sentence_spans
  FOR EACH ROW EXECUTE FUNCTION sentence_spans_tsv();
${sentencesView(d)}
ALTER TABLE document_entities DROP CONSTRAINT document_entities_document_id_position_key;
`;

/** The migrations of both backends, in order. A new one is appended here (and run steps, if any, in a backend). */
export const schemaMigrations: MigrationDeclaration[] = [
  { version: 1, name: migrationNames[1]!, sql: initialSchema },
  {
    version: 2,
    name: migrationNames[2]!,
    // Search and entity pages join sentences and mentions to the latest version through this.
    sql: () => 'CREATE UNIQUE INDEX actors_by_latest_document ON actors (latest_document_id);',
  },
  { version: 3, name: migrationNames[3]!, sql: editorialTables },
  {
    version: 4,
    name: migrationNames[4]!,
    sql: () => `
CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
INSERT INTO store_revision (id, revision) VALUES (1, 0);
`,
  },
  {
    version: 5,
    name: migrationNames[5]!,
    sql: (d) => `
CREATE INDEX documents_by_actor_hash ON documents (actor_id, hash);
${d.per(latestPointer)}`,
  },
  {
    version: 6,
    name: migrationNames[6]!,
    sql: (d) => {
      const documents = d.per({ sqlite: 'documents', postgres: 'documents d' });
      const id = d.per({ sqlite: 'documents.id', postgres: 'd.id' });
      return `
ALTER TABLE documents ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
UPDATE ${documents} SET sentence_count = (SELECT count(*) FROM sentences s WHERE s.document_id = ${id});
CREATE INDEX entities_by_edited ON entities (edited);
`;
    },
  },
  {
    version: 7,
    name: migrationNames[7]!,
    sql: (d) => `
ALTER TABLE documents ADD COLUMN kind ${d.text} NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
ALTER TABLE documents ADD COLUMN published ${d.text};
ALTER TABLE documents ADD COLUMN publisher ${d.text};
ALTER TABLE actors ADD COLUMN kind ${d.text} NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
`,
  },
  {
    version: 8,
    name: migrationNames[8]!,
    sql: (d) => `
ALTER TABLE times ADD COLUMN resolved ${d.text} CHECK (resolved IN ('document-date', 'context'));
CREATE TABLE document_subjects (
  ${documentRef(d)},
  position ${d.int} NOT NULL,
  subject ${d.text} NOT NULL,
  how ${d.text} NOT NULL CHECK (how IN ('front-matter', 'title', 'lead', 'most-mentioned')),
  PRIMARY KEY (document_id, position)
);
CREATE INDEX document_subjects_by_subject ON document_subjects (subject, document_id);
CREATE INDEX mentions_by_country ON mentions (country);
`,
  },
  {
    version: 9,
    name: migrationNames[9]!,
    sql: (d) => `
ALTER TABLE relations ADD COLUMN valid ${d.text};
ALTER TABLE relations ADD COLUMN current ${d.bool} NOT NULL DEFAULT ${d.true};
ALTER TABLE events ADD COLUMN valid ${d.text};
ALTER TABLE events ADD COLUMN current ${d.bool} NOT NULL DEFAULT ${d.true};
ALTER TABLE mentions ADD COLUMN via ${d.text} CHECK (via IN ('coreference'));
`,
  },
  { version: 10, name: migrationNames[10]!, sql: (d) => d.per(exactCountries) },
  {
    version: 11,
    name: migrationNames[11]!,
    sql: () => `
CREATE INDEX relations_by_subject ON relations (subject);
CREATE INDEX relations_by_object ON relations (object);
`,
  },
  { version: 12, name: migrationNames[12]!, sql: (d) => `\n${timeBounds(d)}` },
  {
    version: 13,
    name: migrationNames[13]!,
    sql: () => 'CREATE INDEX documents_by_kind_focus ON documents (kind, focus);',
  },
  {
    version: 14,
    name: migrationNames[14]!,
    sql: (d) => `
CREATE INDEX relations_by_claim ON relations (subject, predicate, object);
CREATE INDEX events_by_place ON events (place, type, earliest${d.byteOrder}, latest${d.byteOrder});
`,
  },
  {
    version: 15,
    name: migrationNames[15]!,
    sql: () => `
CREATE INDEX times_by_document_time ON times (document_id, review_status, earliest, span_start, span_end);
CREATE INDEX events_by_document_span ON events (document_id, span_start, review_status, earliest, type);
DROP INDEX sentences_by_span;
CREATE INDEX sentences_by_span ON sentences (document_id, span_start, span_end);
`,
  },
  {
    version: 16,
    name: migrationNames[16]!,
    // A sentence keeps its span (its text only where substr would slice otherwise); the view keeps the name every
    // reader uses. SQLite also rebuilds four tables WITHOUT ROWID (its run step).
    sql: (d) => d.per({ sqlite: sqliteSentenceSpans(d), postgres: postgresSentenceSpans(d) }),
  },
  {
    version: 17,
    name: migrationNames[17]!,
    // SQLite: the full-text index again, with an index of 3-character prefixes: "tal*" reads one doclist instead of
    // merging those of every word it begins (which grows with the collection). PostgreSQL: nothing to change, the GIN
    // index over sentences.tsv answers a prefix (to_tsquery 'tal:*') from its sorted entries already; the version is
    // kept in step.
    sql: (d) =>
      d.per({
        sqlite: `
DROP TABLE sentences_fts;
${sentencesFts(`,\n  prefix = '3'`)}
INSERT INTO sentences_fts (rowid, text)
  SELECT s.id, s.text FROM actors a JOIN sentences s ON s.document_id = a.latest_document_id;
`,
        postgres: 'SELECT 1;',
      }),
  },
  {
    version: 18,
    name: migrationNames[18]!,
    // Compact storage: rule decisions as codes without time (the SQL, the same on both backends); each document's
    // layout compacted by the backend's run step (compact-storage-migration.ts); SQLite vacuums after.
    sql: () => compactRuleDecisionsSql,
  },
  {
    version: 19,
    name: migrationNames[19]!,
    // The profiles of one country (a node of the network) read from an index, not every actor.
    sql: () => 'CREATE INDEX IF NOT EXISTS actors_by_country ON actors (country);',
  },
  {
    version: 20,
    name: migrationNames[20]!,
    // The whole collection's check findings as last computed (src/store/check-snapshots.ts).
    sql: () => `
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
  {
    version: 21,
    name: migrationNames[21]!,
    // Compact storage: a mention's words NULL where they are its document's slice (the backend's run step,
    // compact-mention-migration.ts; SQLite rebuilds the table there and vacuums after). SQLite: the full-text index
    // without the size of each sentence (no bm25() reads it: search-rank.ts ranks).
    sql: (d) =>
      d.per({
        sqlite: `
DROP TABLE sentences_fts;
${sentencesFts(`,\n  prefix = '3',\n  columnsize = 0`)}
INSERT INTO sentences_fts (rowid, text)
  SELECT s.id, s.text FROM actors a JOIN sentences s ON s.document_id = a.latest_document_id;
`,
        postgres: 'ALTER TABLE mentions ALTER COLUMN text DROP NOT NULL;',
      }),
  },
  {
    version: 22,
    name: migrationNames[22]!,
    // The network's figures maintained per latest document and summed per node and edge (graph-totals.ts), filled.
    // interests_by_span: the interest covering a sentence found by a seek (graph-totals.ts).
    sql: (d) =>
      `${graphTotalsSchema(d)}CREATE INDEX IF NOT EXISTS interests_by_span ON interests (document_id, span_start);\n` +
      graphTotalsFill(d.backend),
  },
  {
    version: 23,
    name: migrationNames[23]!,
    // The review queue's levels (src/store/fact-levels.ts), filled by each backend's step from the confidence rules.
    sql: (d) => `
CREATE TABLE fact_levels (
  latest ${d.int} NOT NULL,
  review_status ${d.text} NOT NULL,
  confidence ${d.float} NOT NULL,
  actor_id ${d.text}${d.byteOrder} NOT NULL,
  version ${d.int} NOT NULL,
  document_id ${d.int} NOT NULL,
  kind_order ${d.int} NOT NULL,
  reviewed_by ${d.text}${d.byteOrder} NOT NULL,
  n ${d.int} NOT NULL,
  PRIMARY KEY (latest, review_status, confidence, actor_id, version, document_id, kind_order, reviewed_by)
)${d.sqlite(' WITHOUT ROWID')};
CREATE INDEX fact_levels_by_document ON fact_levels (document_id, kind_order);
CREATE TABLE fact_totals (
  latest ${d.int} NOT NULL,
  review_status ${d.text} NOT NULL,
  kind_order ${d.int} NOT NULL,
  reviewed_by ${d.text} NOT NULL,
  n ${d.int} NOT NULL,
  PRIMARY KEY (latest, review_status, kind_order, reviewed_by)
)${d.sqlite(' WITHOUT ROWID')};
`,
  },
  {
    version: 24,
    name: migrationNames[24]!,
    // The timeline's items per year maintained at every write (timeline-years.ts), and the sources newest first from
    // an index (source-reader.ts walks them and stops once it has a page).
    sql: (d) => `${timelineYearsMigrationSql(d)}
CREATE INDEX documents_by_kind_newest ON documents (kind, (published IS NULL), published DESC, id DESC);
`,
  },
  {
    version: 25,
    name: migrationNames[25]!,
    // The collection's counts maintained by triggers (collection-counts-migration.ts), read in constant time.
    sql: collectionCountsSql,
  },
  {
    version: 26,
    name: migrationNames[26]!,
    // Compact storage: indexes no read needs dropped, mentions by country only where they have one
    // (lean-storage-migration.ts); SQLite also rebuilds small keyed tables WITHOUT ROWID and vacuums (its run step).
    sql: () => leanStorageSql,
  },
  {
    version: 27,
    name: migrationNames[27]!,
    // An event's parties as a set, indexed with its place and type (event-parties.ts): the checks of one profile
    // seek the events that can conflict with its own. Each backend's step fills the column.
    sql: eventPartiesSql,
  },
  {
    version: 28,
    name: migrationNames[28]!,
    // Each edge's actors counted and its first actors kept, the network's node and edge counts kept by triggers
    // (graph-edge-actors.ts); each backend's step fills the columns.
    sql: edgeActorsSchema,
  },
  {
    version: 29,
    name: migrationNames[29]!,
    // When each relation claim holds (claim-bounds.ts), indexed after its words and polarity: the checks of one
    // profile seek the opposite claims whose times overlap its own. Each backend's step fills the columns.
    sql: claimBoundsSql,
  },
  {
    version: 30,
    name: migrationNames[30]!,
    // Which times are the timeline's statements, kept on each time and indexed in date order (timeline-statements.ts):
    // the first page of the timeline no longer reads every time of an event's sentence dated before it.
    sql: timelineStatementsSql,
  },
  {
    version: 31,
    name: migrationNames[31]!,
    // The mention edges of the actor nodes other than sources' indexed by strength (graph-edge-strength.ts): an ego
    // view reads the strongest edges among its nodes strongest first instead of probing every pair of them.
    sql: edgeStrengthSql,
  },
  {
    version: 32,
    name: migrationNames[32]!,
    // The sources by id (actor-page-reader.ts names the kind as a literal, so the planner can use the partial index;
    // one over every actor by kind drew the per-country and timeline reads away from their own indexes).
    sql: (d) => `CREATE INDEX actors_sources_by_id ON actors (id${d.byteOrder}) WHERE kind = 'source';\n`,
  },
  {
    version: 33,
    name: migrationNames[33]!,
    // The entities' names, ids and aliases indexed by trigrams (entity-trigrams.ts): a search of the entities by a
    // word of 3 characters or more reads the entities holding it instead of walking every entity by name.
    sql: entityTrigramsSql,
  },
];
