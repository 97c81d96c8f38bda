// Migration 25: the collection's counts (actors, stored versions, their sentences) kept in one row of
// collection_counts, so that a server start and /healthz read one row instead of counting every
// actor, document and sentence (a full scan whose time grows with the collection). The row is
// filled once from the tables and then moved by triggers on actors and documents (a version's
// sentences are its documents.sentence_count), so every write path keeps it right: saves, new
// versions, deletions (also by ON DELETE CASCADE), merges and restores. PostgreSQL moves it in
// deferred constraint triggers (at commit, after the store revision: concurrent writers hold the
// row only while they commit) and sets a table's counts to 0 when a restore truncates it.
// Also the entity list's order as an index (name, id): its first page reads 50 index entries instead
// of sorting every entity.
import type { MigrationDdl } from './migration-ddl.js';

const table = `
CREATE TABLE collection_counts (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  actors BIGINT NOT NULL,
  versions BIGINT NOT NULL,
  sentences BIGINT NOT NULL
);
INSERT INTO collection_counts (id, actors, versions, sentences)
  SELECT 1, (SELECT count(*) FROM actors), (SELECT count(*) FROM documents),
         (SELECT coalesce(sum(sentence_count), 0) FROM documents);
CREATE INDEX entities_by_name ON entities (name, id);
`;

/** SQLite: one trigger per change (SQLite has no trigger functions). */
const sqliteTriggers = [
  ['actor_added', 'INSERT ON actors', 'actors = actors + 1'],
  ['actor_removed', 'DELETE ON actors', 'actors = actors - 1'],
  ['document_added', 'INSERT ON documents', 'versions = versions + 1, sentences = sentences + NEW.sentence_count'],
  ['document_removed', 'DELETE ON documents', 'versions = versions - 1, sentences = sentences - OLD.sentence_count'],
  [
    'document_recounted',
    'UPDATE OF sentence_count ON documents',
    'sentences = sentences + NEW.sentence_count - OLD.sentence_count',
  ],
]
  .map(
    ([name, event, change]) =>
      `CREATE TRIGGER collection_counts_${name} AFTER ${event} BEGIN\n` +
      `  UPDATE collection_counts SET ${change} WHERE id = 1;\nEND;`,
  )
  .join('\n');

const postgresTriggers = `
CREATE FUNCTION collection_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'actors' THEN
    UPDATE collection_counts SET actors = actors + CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END WHERE id = 1;
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE collection_counts SET versions = versions + 1, sentences = sentences + NEW.sentence_count WHERE id = 1;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE collection_counts SET versions = versions - 1, sentences = sentences - OLD.sentence_count WHERE id = 1;
  ELSE
    UPDATE collection_counts SET sentences = sentences + NEW.sentence_count - OLD.sentence_count WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER collection_counts_actors AFTER INSERT OR DELETE ON actors
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION collection_counts_moved();
CREATE CONSTRAINT TRIGGER collection_counts_documents AFTER INSERT OR DELETE OR UPDATE OF sentence_count ON documents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION collection_counts_moved();
CREATE FUNCTION collection_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'actors' THEN
    UPDATE collection_counts SET actors = 0 WHERE id = 1;
  ELSE
    UPDATE collection_counts SET versions = 0, sentences = 0 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER collection_counts_actors_truncated AFTER TRUNCATE ON actors
  FOR EACH STATEMENT EXECUTE FUNCTION collection_counts_truncated();
CREATE TRIGGER collection_counts_documents_truncated AFTER TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION collection_counts_truncated();
`;

/** The SQL of migration 25 for a backend. */
export const collectionCountsSql = (d: MigrationDdl): string =>
  table + d.per({ sqlite: sqliteTriggers, postgres: postgresTriggers });

/** Takes migration 25 back (test support: a schema of an older version migrated again). */
export const dropCollectionCountsSql = (backend: 'sqlite' | 'postgres'): string =>
  'DROP INDEX entities_by_name;\n' +
  (backend === 'sqlite'
    ? ['actor_added', 'actor_removed', 'document_added', 'document_removed', 'document_recounted']
        .map((name) => `DROP TRIGGER collection_counts_${name};`)
        .concat('DROP TABLE collection_counts;')
        .join('\n')
    : 'DROP FUNCTION collection_counts_moved() CASCADE;\nDROP FUNCTION collection_counts_truncated() CASCADE;\n' +
      'DROP TABLE collection_counts;');
