// Takes the migrations after 21 back out of a database (the network's figures of 22, the review queue's levels of 23,
// the timeline's year counts of 24, the
// collection counts of 25), for the tests that rewind a database to schema 20 or 21 and migrate it again. A
// migration after 21 that creates tables, triggers or indexes adds its undoing here.
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import { graphTotalsTables } from '../graph-totals.js';
import { postgresTimelineYearsDropSql, sqliteTimelineYearsDropSql } from './timeline-years-drop.js';

const tablesDropSql = [...graphTotalsTables, 'fact_levels', 'fact_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`)
  .join('\n');

/** SQLite: what migrations 22 and later created, dropped (what is missing is skipped). */
export const sqliteAfter21DropSql = [tablesDropSql, sqliteTimelineYearsDropSql, dropCollectionCountsSql('sqlite')].join(
  '\n',
);

/** PostgreSQL: the same. */
export const postgresAfter21DropSql = [
  tablesDropSql,
  postgresTimelineYearsDropSql,
  dropCollectionCountsSql('postgres'),
].join('\n');
