// Versioned schema migrations of the PostgreSQL backend, applied in order and recorded in
// schema_migrations (in the store's schema). Never edit a released migration: append a new one.

export interface Migration {
  version: number;
  name: string;
  sql: string;
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
    name: 'documents, extraction items, entities, sentence full-text index',
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
];
