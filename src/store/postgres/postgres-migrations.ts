// Versioned schema migrations of the PostgreSQL backend, applied in order and recorded in
// schema_migrations (in the store's schema). Never edit a released migration: append a new one.

import type pg from 'pg';
import { timeBoundsOf } from '../timeline-reader.js';
import { migrationNames } from '../migration-names.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step SQL cannot do (parsing EDTF), run after `sql` in the same transaction. */
  run?: (client: pg.ClientBase) => Promise<void>;
}

const review = `
  review_status text NOT NULL DEFAULT 'machine' CHECK (review_status IN ('machine', 'confirmed', 'edited', 'rejected')),
  reviewed_by text,
  reviewed_at timestamptz`;

const span = `
  span_start integer NOT NULL CHECK (span_start >= 0),
  span_end integer NOT NULL CHECK (span_end >= span_start)`;

const docRef = 'document_id integer NOT NULL REFERENCES documents(id)';

export const postgresMigrations: Migration[] = [
  {
    version: 1,
    name: migrationNames[1]!,
    sql: `
CREATE TABLE actors (
  id text PRIMARY KEY,
  name text NOT NULL,
  country text,
  latest_document_id integer
);

CREATE TABLE documents (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id text NOT NULL REFERENCES actors(id),
  version integer NOT NULL CHECK (version > 0),
  hash text NOT NULL,
  text text NOT NULL,
  actor_name text NOT NULL,
  actor_country text,
  extraction_actor_name text NOT NULL,
  extraction_actor_country text,
  layout jsonb NOT NULL,
  source_name text NOT NULL,
  format text NOT NULL,
  encoding text NOT NULL,
  bytes integer NOT NULL,
  as_of text,
  source_url text,
  author text,
  focus text NOT NULL,
  extra jsonb NOT NULL,
  ingested_at timestamptz NOT NULL,
  UNIQUE (actor_id, version)
);

ALTER TABLE actors ADD FOREIGN KEY (latest_document_id) REFERENCES documents(id);

CREATE TABLE entities (
  id text PRIMARY KEY,
  type text NOT NULL,
  name text NOT NULL,
  country text,
  wikidata text,
  aliases jsonb,
  attributes jsonb,
  updated_at timestamptz NOT NULL
);

CREATE TABLE sections (
  ${docRef},
  position integer NOT NULL,
  heading text NOT NULL,${span},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE interests (
  ${docRef},
  position integer NOT NULL,
  rank integer NOT NULL,
  title text NOT NULL,
  themes jsonb NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE sentences (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ${docRef},
  position integer NOT NULL,
  text text NOT NULL,
  themes jsonb,${span},${review},
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED,
  UNIQUE (document_id, position)
);
CREATE INDEX sentences_by_span ON sentences (document_id, span_start);
CREATE INDEX sentences_tsv ON sentences USING gin (tsv);

CREATE TABLE document_entities (
  ${docRef},
  entity_id text NOT NULL REFERENCES entities(id),
  position integer NOT NULL,
  PRIMARY KEY (document_id, entity_id),
  UNIQUE (document_id, position)
);
CREATE INDEX document_entities_by_entity ON document_entities (entity_id);

CREATE TABLE mentions (
  ${docRef},
  position integer NOT NULL,
  text text NOT NULL,
  type text NOT NULL,
  entity_id text NOT NULL,
  country text,${span},${review},
  PRIMARY KEY (document_id, position),
  FOREIGN KEY (document_id, entity_id) REFERENCES document_entities (document_id, entity_id)
);
CREATE INDEX mentions_by_entity ON mentions (entity_id);

CREATE TABLE times (
  ${docRef},
  position integer NOT NULL,
  text text NOT NULL,
  value text NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE quantities (
  ${docRef},
  position integer NOT NULL,
  text text NOT NULL,
  value double precision NOT NULL,
  unit text NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE events (
  ${docRef},
  position integer NOT NULL,
  type text NOT NULL,
  date text,
  actors jsonb NOT NULL,
  place text,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE relations (
  ${docRef},
  position integer NOT NULL,
  subject text NOT NULL,
  predicate text NOT NULL,
  object text NOT NULL,
  negated boolean NOT NULL,${span},${review},
  PRIMARY KEY (document_id, position)
);

CREATE TABLE postures (
  document_id integer PRIMARY KEY REFERENCES documents(id),
  label text NOT NULL,${span},${review}
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
  name text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  user_name text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  before_value jsonb,
  after_value jsonb
);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id);

CREATE TABLE entity_merges (
  from_id text PRIMARY KEY,
  into_id text NOT NULL,
  merged_by text,
  merged_at timestamptz NOT NULL
);

ALTER TABLE entities ADD COLUMN edited boolean NOT NULL DEFAULT false;
ALTER TABLE interests ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE interests ADD COLUMN machine_payload jsonb;
ALTER TABLE mentions ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE mentions ADD COLUMN machine_payload jsonb;
ALTER TABLE times ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE times ADD COLUMN machine_payload jsonb;
ALTER TABLE quantities ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE quantities ADD COLUMN machine_payload jsonb;
ALTER TABLE events ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE events ADD COLUMN machine_payload jsonb;
ALTER TABLE relations ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE relations ADD COLUMN machine_payload jsonb;
ALTER TABLE postures ADD COLUMN origin text NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'));
ALTER TABLE postures ADD COLUMN machine_payload jsonb;
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

-- Actors without a latest-version pointer get their highest version.
UPDATE actors a SET latest_document_id = (SELECT d.id FROM documents d WHERE d.actor_id = a.id ORDER BY d.version DESC
  LIMIT 1)
  WHERE a.latest_document_id IS NULL;

-- The pointer only ever names a document of the same actor.
ALTER TABLE documents ADD CONSTRAINT documents_id_actor UNIQUE (id, actor_id);
ALTER TABLE actors ADD CONSTRAINT actors_latest_is_own_document
  FOREIGN KEY (latest_document_id, id) REFERENCES documents (id, actor_id);
`,
  },
  {
    version: 6,
    name: migrationNames[6]!,
    sql: `
ALTER TABLE documents ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
UPDATE documents d SET sentence_count = (SELECT count(*) FROM sentences s WHERE s.document_id = d.id);
CREATE INDEX entities_by_edited ON entities (edited);
`,
  },
  {
    version: 7,
    name: migrationNames[7]!,
    sql: `
ALTER TABLE documents ADD COLUMN kind text NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
ALTER TABLE documents ADD COLUMN published text;
ALTER TABLE documents ADD COLUMN publisher text;
ALTER TABLE actors ADD COLUMN kind text NOT NULL DEFAULT 'profile' CHECK (kind IN ('profile', 'source'));
`,
  },
  {
    version: 8,
    name: migrationNames[8]!,
    sql: `
ALTER TABLE times ADD COLUMN resolved text CHECK (resolved IN ('document-date', 'context'));
CREATE TABLE document_subjects (
  document_id integer NOT NULL REFERENCES documents(id),
  position integer NOT NULL,
  subject text NOT NULL,
  how text NOT NULL CHECK (how IN ('front-matter', 'title', 'lead', 'most-mentioned')),
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
ALTER TABLE relations ADD COLUMN valid text;
ALTER TABLE relations ADD COLUMN current boolean NOT NULL DEFAULT true;
ALTER TABLE events ADD COLUMN valid text;
ALTER TABLE events ADD COLUMN current boolean NOT NULL DEFAULT true;
ALTER TABLE mentions ADD COLUMN via text CHECK (via IN ('coreference'));
`,
  },
  {
    version: 10,
    name: migrationNames[10]!,
    sql: `
UPDATE mentions m SET review_status = 'confirmed', reviewed_by = 'rule:exact-country', reviewed_at = now()
FROM documents d, entities e
WHERE d.id = m.document_id AND e.id = m.entity_id
  AND m.type = 'country' AND m.review_status = 'machine' AND m.origin = 'machine' AND m.reviewed_by IS NULL AND m.via IS
    NULL
  AND (e.name = substr(d.text, m.span_start + 1, m.span_end - m.span_start)
    OR coalesce(e.aliases, '[]'::jsonb) ? substr(d.text, m.span_start + 1, m.span_end - m.span_start));
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
ALTER TABLE events ADD COLUMN earliest text, ADD COLUMN latest text;
ALTER TABLE times ADD COLUMN earliest text, ADD COLUMN latest text;
`,
    run: async (client) => {
      // The distinct EDTF values, parsed here, joined back in one UPDATE per table; then indexed.
      const { rows } = await client.query<{ value: string }>(
        `SELECT coalesce(date, valid) AS value FROM events WHERE coalesce(date, valid) IS NOT NULL UNION SELECT ` +
          `value FROM times`,
      );
      const bounds = rows.map((row) => ({ value: row.value, ...timeBoundsOf(row.value) }));
      await client.query(
        `CREATE TEMP TABLE dossier_time_bounds (value text PRIMARY KEY, earliest text, latest text) ON COMMIT DROP`,
      );
      await client.query(`INSERT INTO dossier_time_bounds SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
        bounds.map((b) => b.value),
        bounds.map((b) => b.earliest),
        bounds.map((b) => b.latest),
      ]);
      await client.query(
        `UPDATE events e SET earliest = b.earliest, latest = b.latest FROM dossier_time_bounds b WHERE b.value = ` +
          `coalesce(e.date, e.valid)`,
      );
      await client.query(
        `UPDATE times t SET earliest = b.earliest, latest = b.latest FROM dossier_time_bounds b WHERE b.value = ` +
          `t.value`,
      );
      await client.query(`CREATE INDEX events_by_earliest ON events (earliest COLLATE "C", document_id, position, latest
        COLLATE "C");
CREATE INDEX times_by_earliest ON times (earliest COLLATE "C", document_id, position, latest COLLATE "C");`);
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
CREATE INDEX events_by_place ON events (place, type, earliest COLLATE "C", latest COLLATE "C");
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
    // A sentence keeps its span (its text only where substr would slice otherwise, as SQLite's migration 16); its
    // tsvector is filled from the document's slice on insert; the view keeps the name every reader uses.
    sql: `
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
CREATE VIEW sentences AS
  SELECT s.id, s.document_id, s.position,
    coalesce(s.text, (SELECT substr(d.text, s.span_start + 1, s.span_end - s.span_start) FROM documents d
      WHERE d.id = s.document_id)) AS text,
    s.themes, s.span_start, s.span_end, s.review_status, s.reviewed_by, s.reviewed_at, s.tsv
  FROM sentence_spans s;
ALTER TABLE document_entities DROP CONSTRAINT document_entities_document_id_position_key;
`,
  },
  {
    version: 17,
    name: migrationNames[17]!,
    // Nothing to change here: the GIN index over sentences.tsv answers a prefix (to_tsquery 'tal:*')
    // from its sorted entries already. The version is kept in step with SQLite's.
    sql: 'SELECT 1;',
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
export const postgresSchemaVersion = Math.max(...postgresMigrations.map((migration) => migration.version));
