// Which entities hold a word (3 characters or more) in their name, id or aliases, read from a trigram index instead of
// walking every entity (migration 33; GET /api/entities?q=). SQLite: entities_trigram, a contentless FTS5 table with
// the trigram tokenizer (case folded), keyed by the entities' rowid and kept by triggers; listEntities reads the
// candidates from it and keeps only those the old LIKE predicate accepts, so the answer is the old one exactly.
// PostgreSQL: pg_trgm's GIN index on the predicate's own lower-cased expressions (the query is unchanged: the planner
// chooses it); where the extension cannot be created the migration leaves the index out and the old plan stays.

/** The words of the filter that the LIKE predicate matches: q trimmed and lower-cased, as listEntities always did. */
export const entityWords = (q: string): string => q.trim().toLowerCase();

/** Whether the trigram index can answer `words` (a trigram needs three characters; shorter words walk by name). */
export const usesTrigrams = (words: string): boolean => [...words].length >= 3;

/** `words` as one FTS5 phrase: every row holding it in a column (case folded) matches; `"` doubled inside. */
export const trigramPhrase = (words: string): string => `"${words.replace(/"/g, '""')}"`;

/**
 * The SQLite index. The entities table has a primary key (its autoindex), so VACUUM keeps its rowids (SQLite renumbers
 * them only in a table without any index): the index stays keyed right. An upsert that leaves name, id and aliases
 * as they were (every save of a known entity) does not touch it.
 */
const sqliteSql = `
CREATE VIRTUAL TABLE entities_trigram USING fts5(
  name, id, aliases,
  content = '', contentless_delete = 1,
  tokenize = 'trigram case_sensitive 0'
);
INSERT INTO entities_trigram (rowid, name, id, aliases) SELECT rowid, name, id, aliases FROM entities;
CREATE TRIGGER entities_trigram_insert AFTER INSERT ON entities BEGIN
  INSERT INTO entities_trigram (rowid, name, id, aliases) VALUES (new.rowid, new.name, new.id, new.aliases);
END;
CREATE TRIGGER entities_trigram_update AFTER UPDATE OF name, id, aliases ON entities
WHEN old.name IS NOT new.name OR old.id IS NOT new.id OR old.aliases IS NOT new.aliases BEGIN
  DELETE FROM entities_trigram WHERE rowid = old.rowid;
  INSERT INTO entities_trigram (rowid, name, id, aliases) VALUES (new.rowid, new.name, new.id, new.aliases);
END;
CREATE TRIGGER entities_trigram_delete AFTER DELETE ON entities BEGIN
  DELETE FROM entities_trigram WHERE rowid = old.rowid;
END;
`;

/**
 * The PostgreSQL index: pg_trgm where it is installed already (in any schema), else created in public, else in the
 * store's schema; the operator class named with its schema. Without the extension (not available, no right to create
 * it) the migration notes it and creates nothing: listEntities' query is the same either way.
 */
const postgresSql = `
DO $trigram$
DECLARE
  home text;
BEGIN
  SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
  IF home IS NULL THEN
    BEGIN
      CREATE EXTENSION pg_trgm SCHEMA public;
    EXCEPTION WHEN others THEN
      BEGIN
        CREATE EXTENSION pg_trgm;
      EXCEPTION WHEN others THEN
        RAISE NOTICE 'pg_trgm is not available (%): the entities'' words are matched without an index', SQLERRM;
      END;
    END;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_trgm';
  END IF;
  IF home IS NOT NULL THEN
    EXECUTE format('CREATE INDEX entities_by_trigram ON entities USING gin (lower(name) %1$I.gin_trgm_ops, '
      'lower(id) %1$I.gin_trgm_ops, lower(CAST(aliases AS TEXT)) %1$I.gin_trgm_ops)', home);
  END IF;
END
$trigram$;
`;

/** Migration 33 on each backend. */
export const entityTrigramsSql = (d: { backend: 'sqlite' | 'postgres' }): string =>
  d.backend === 'sqlite' ? sqliteSql : postgresSql;

/** Undoes migration 33 (for the tests that rewind a database; the extension stays). */
export const entityTrigramsDropSql = (backend: 'sqlite' | 'postgres'): string =>
  backend === 'sqlite'
    ? 'DROP TRIGGER IF EXISTS entities_trigram_insert;\nDROP TRIGGER IF EXISTS entities_trigram_update;\n' +
      'DROP TRIGGER IF EXISTS entities_trigram_delete;\nDROP TABLE IF EXISTS entities_trigram;'
    : 'DROP INDEX IF EXISTS entities_by_trigram;';
