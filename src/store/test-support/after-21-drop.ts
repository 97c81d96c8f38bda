// Takes the migrations after 21 back out of a database (the network's figures of 22, the review queue's levels of 23,
// the timeline's year counts of 24, the collection counts of 25, the events' party sets of 27), for the tests that
// rewind a database to schema 20 or 21 and migrate it again. A migration after 21 that creates tables, triggers,
// columns or indexes adds its undoing here.
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import { graphTotalsTables } from '../graph-totals.js';
import { postgresTimelineYearsDropSql, sqliteTimelineYearsDropSql } from './timeline-years-drop.js';

const tablesDropSql = [...graphTotalsTables, 'graph_counts', 'fact_levels', 'fact_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`)
  .join('\n');

/** Migration 27's column and index (a database these tests rewind was made by today's store: it has them). */
export const eventPartiesDropSql = 'DROP INDEX IF EXISTS events_by_parties;\nALTER TABLE events DROP COLUMN parties;';

/** SQLite: what migrations 22 and later created, dropped (what is missing is skipped). */
export const sqliteAfter21DropSql = [
  tablesDropSql,
  sqliteTimelineYearsDropSql,
  dropCollectionCountsSql('sqlite'),
  eventPartiesDropSql,
].join('\n');

/** PostgreSQL: the same. */
export const postgresAfter21DropSql = [
  tablesDropSql,
  postgresTimelineYearsDropSql,
  dropCollectionCountsSql('postgres'),
  eventPartiesDropSql,
].join('\n');
