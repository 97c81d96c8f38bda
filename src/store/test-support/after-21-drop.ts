// Takes the migrations after 21 back out of a database (the network's figures of 22, the review queue's levels of 23,
// the timeline's year counts of 24, the collection counts of 25, the events' party sets of 27, the claims' times of
// 29, the times' statement flags of 30, the sources' index of 32, the entities' trigram index of 33), for the tests
// that rewind a database to schema 20 or 21 and migrate it again. A migration after 21 that creates tables, triggers,
// columns or indexes adds its undoing here.
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import { graphTotalsTables } from '../graph-totals.js';
import { postgresTimelineYearsDropSql, sqliteTimelineYearsDropSql } from './timeline-years-drop.js';
import { entityTrigramsDropSql } from '../entity-trigrams.js';

const tablesDropSql = [...graphTotalsTables, 'graph_counts', 'fact_levels', 'fact_totals']
  .map((table) => `DROP TABLE IF EXISTS ${table};`)
  .join('\n');

/** Migration 27's column and index (a database these tests rewind was made by today's store: it has them). */
export const eventPartiesDropSql = 'DROP INDEX IF EXISTS events_by_parties;\nALTER TABLE events DROP COLUMN parties;';

/** Migration 30's column and index (timeline-statements.ts). */
export const timelineStatementsDropSql =
  'DROP INDEX IF EXISTS times_statements_by_earliest;\nALTER TABLE times DROP COLUMN is_statement;';
/** Migration 32's index. */
export const sourcesByIdDropSql = 'DROP INDEX IF EXISTS actors_sources_by_id;';

/**
 * Migration 29's columns, and relations_by_claim as migration 27 left it (a database these tests rewind was made by
 * today's store: it has them); with eventPartiesDropSql.
 */
export const claimBoundsDropSql = `DROP INDEX IF EXISTS relations_by_claim;
ALTER TABLE relations DROP COLUMN earliest;
ALTER TABLE relations DROP COLUMN latest;
ALTER TABLE relations DROP COLUMN tense;
CREATE INDEX relations_by_claim ON relations (subject, predicate, object, negated);`;

/** SQLite: what migrations 22 and later created, dropped (what is missing is skipped). */
export const sqliteAfter21DropSql = [
  tablesDropSql,
  sqliteTimelineYearsDropSql,
  dropCollectionCountsSql('sqlite'),
  eventPartiesDropSql,
  timelineStatementsDropSql,
  sourcesByIdDropSql,
  entityTrigramsDropSql('sqlite'),
  claimBoundsDropSql,
].join('\n');

/** PostgreSQL: the same. */
export const postgresAfter21DropSql = [
  tablesDropSql,
  postgresTimelineYearsDropSql,
  dropCollectionCountsSql('postgres'),
  eventPartiesDropSql,
  timelineStatementsDropSql,
  sourcesByIdDropSql,
  entityTrigramsDropSql('postgres'),
  claimBoundsDropSql,
].join('\n');
