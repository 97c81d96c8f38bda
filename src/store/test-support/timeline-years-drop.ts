// Takes migration 24 back out of a database (its counts, triggers and index), for the tests that rewind a database to
// an older schema and migrate it again.
const tables = ['timeline_year_parts', 'timeline_year_counts', 'timeline_dirty'];

/** SQLite: the triggers, tables and index of migration 24 dropped (those missing are skipped). */
export const sqliteTimelineYearsDropSql = [
  ...['events', 'times', 'actors'].flatMap((table) =>
    ['insert', 'update', 'delete'].map((event) => `DROP TRIGGER IF EXISTS ${table}_timeline_${event};`),
  ),
  ...tables.map((table) => `DROP TABLE IF EXISTS ${table};`),
  'DROP INDEX IF EXISTS documents_by_kind_newest;',
].join('\n');

/** PostgreSQL: the same, with the trigger functions. */
export const postgresTimelineYearsDropSql = [
  ...['events', 'times', 'actors'].map((table) => `DROP TRIGGER IF EXISTS ${table}_timeline ON ${table};`),
  'DROP FUNCTION IF EXISTS timeline_mark_item();',
  'DROP FUNCTION IF EXISTS timeline_mark_actor();',
  ...tables.map((table) => `DROP TABLE IF EXISTS ${table};`),
  'DROP INDEX IF EXISTS documents_by_kind_newest;',
].join('\n');
