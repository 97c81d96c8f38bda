// Takes a SQLite database of today's schema back to schema version 15 (before the compact storage
// of migration 16): sentences a table holding their text, and the item tables with rowids (the
// entity links with their unique position again). Tests migrate such a database and compare answers.
import type Database from 'better-sqlite3';
import { sqliteTimelineYearsDropSql } from './timeline-years-drop.js';
import { graphTotalsTables } from '../graph-totals.js';

/** The network's figures (migration 22) and the review queue's levels (23), newer than this schema. */
const dropNewer = [...graphTotalsTables, 'graph_counts', 'fact_levels', 'fact_totals']
  .map((table) => `DROP TABLE ${table};`)
  .join(' ');
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import {
  claimBoundsDropSql,
  eventPartiesDropSql,
  sourcesByIdDropSql,
  timelineStatementsDropSql,
} from './after-21-drop.js';
import { entityTrigramsDropSql } from '../entity-trigrams.js';

const rowidTables = ['document_entities', 'mentions', 'times', 'events'];

export function backToSchema15(db: Database.Database): void {
  db.exec(eventPartiesDropSql);
  db.exec(timelineStatementsDropSql);
  db.exec(sourcesByIdDropSql);
  db.exec(entityTrigramsDropSql('sqlite'));
  db.exec(claimBoundsDropSql);
  db.exec(`
CREATE TABLE sentences_v15 (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  themes TEXT,
  span_start INTEGER NOT NULL CHECK (span_start >= 0),
  span_end INTEGER NOT NULL CHECK (span_end >= span_start),
  review_status TEXT NOT NULL DEFAULT 'machine' CHECK (review_status IN ('machine', 'confirmed', 'edited', 'rejected')),
  reviewed_by TEXT,
  reviewed_at TEXT,
  UNIQUE (document_id, position)
);
INSERT INTO sentences_v15 SELECT id, document_id, position, text, themes, span_start, span_end, review_status,
  reviewed_by, reviewed_at FROM sentences;
DROP VIEW sentences;
DROP TABLE sentence_spans;
ALTER TABLE sentences_v15 RENAME TO sentences;
CREATE INDEX sentences_by_span ON sentences (document_id, span_start, span_end);`);
  const indexes = rowidTables.map((table) => {
    const schema = db
      .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL`)
      .all(table) as Array<{ type: string; sql: string }>;
    let create = schema
      .find((entry) => entry.type === 'table')!
      .sql.replace(/\s*WITHOUT ROWID\s*$/, '')
      .replace(/^CREATE TABLE (\w+|"\w+")/, `CREATE TABLE ${table}_v15`);
    if (table === 'document_entities') create = create.replace(/\)\s*$/, ',\n  UNIQUE (document_id, position)\n)');
    if (table === 'mentions')
      create = create.replace(/REFERENCES "?document_entities"?/, 'REFERENCES document_entities_v15');
    db.exec(create);
    db.exec(`INSERT INTO ${table}_v15 SELECT * FROM ${table}`);
    return schema.filter((entry) => entry.type === 'index').map((entry) => entry.sql);
  });
  for (const table of ['mentions', 'document_entities', 'times', 'events']) db.exec(`DROP TABLE ${table}`);
  rowidTables.forEach((table, i) => {
    db.exec(`ALTER TABLE ${table}_v15 RENAME TO ${table}`);
    for (const sql of indexes[i]!) db.exec(sql);
  });
  db.exec(`DROP TABLE check_findings; DROP TABLE check_snapshot; ${dropNewer}`);
  db.exec(sqliteTimelineYearsDropSql);
  db.exec(dropCollectionCountsSql('sqlite'));
  db.exec('DELETE FROM schema_migrations WHERE version >= 16');
}
