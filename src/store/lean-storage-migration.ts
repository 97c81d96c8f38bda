// Migration 26, compact storage: an index that no read needs dropped, one narrowed, and (SQLite) the small keyed
// tables stored in their primary key's b-tree. Measured on a 10k-document SQLite collection (31.1 KiB per document):
// - times_by_document_time (0.47 KiB/doc): the times of a document are read by the key of the table (document_id,
//   position; SQLite stores them in that key's order, WITHOUT ROWID since migration 16), a dozen rows a document;
//   the whole timeline's counts are maintained since migration 24 and no longer scan it.
// - mentions_by_country only where a mention has a country other than its entity (0.63 KiB/doc): a quarter of the
//   mentions have no country, and a country's own mentions (entity_id = country, 41% of all) are found by
//   mentions_by_entity; its reader (source-reader.ts) asks for the two halves apart, each from its index.
// - SQLite: timeline_year_parts, graph_node_themes, graph_nodes, graph_relations, quantities and interests WITHOUT
//   ROWID (each lost the copy of its key in a second b-tree, 0.7 KiB/doc in all); the run step in
//   sqlite-migrations.ts rebuilds them, then the file is vacuumed (the pages of the dropped indexes given back).
// The FTS prefix index stays: without it the short-prefix searches' p95 doubled (16-38 ms → 52-73 ms at 10k).

/** The SQL of migration 26 (the same on both backends; IF EXISTS: a test's older schema may lack an index). */
export const leanStorageSql = `
DROP INDEX IF EXISTS times_by_document_time;
DROP INDEX IF EXISTS mentions_by_country;
CREATE INDEX mentions_by_country ON mentions (country) WHERE country IS NOT NULL AND country <> entity_id;
`;

/** The tables SQLite rebuilds WITHOUT ROWID in migration 26 (each keyed by its primary key, no rowid read). */
export const leanStorageTables = [
  'timeline_year_parts',
  'graph_node_themes',
  'graph_nodes',
  'graph_relations',
  'quantities',
  'interests',
] as const;
