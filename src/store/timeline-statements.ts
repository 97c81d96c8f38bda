// Which times are the timeline's statements, kept on each time (migration 30): a time is one when a sentence holds it
// and that sentence holds no event that is not rejected (timeline-years.ts's statementSentenceJoin and
// noEventInSentence). The first page of /api/events found its statements by testing that for every dated time in
// date order, so it read every time of an event's sentence dated before the first statement: 1,137 rows at 10,000
// documents, 4,461 at 40,000 (the times query 7 and 23 ms of CPU warm), growing with the collection. The flag
// (`is_statement`, 1 or 0) is set again for every document a write marks for the timeline's counts
// (settleTimelineYears: its events, times or latest pointer changed), and the statements are indexed in date order
// on their own.
import type { MigrationDdl } from './migration-ddl.js';

/** Whether the time `alias` is a statement (1) or not (0): held by a sentence that holds no event not rejected. */
export const isStatementSql = (alias: string): string => `CASE WHEN EXISTS (
    SELECT 1 FROM sentences s
    WHERE s.document_id = ${alias}.document_id AND s.span_end >= ${alias}.span_end
      AND s.span_start = (
        SELECT max(q.span_start) FROM sentences q
        WHERE q.document_id = ${alias}.document_id AND q.span_start <= ${alias}.span_start
      )
      AND NOT EXISTS (
        SELECT 1 FROM events x
        WHERE x.document_id = s.document_id AND x.review_status <> 'rejected'
          AND x.span_start >= s.span_start AND x.span_start < s.span_end
      )
  ) THEN 1 ELSE 0 END`;

/** Sets `is_statement` of the times that `where` (a condition on `times`) selects, from their sentence and events. */
export const statementFlagSql = (where: string): string =>
  `UPDATE times SET is_statement = ${isStatementSql('times')} WHERE ${where}`;

/** Migration 30: the flag, filled for every time, and the statements in date order (the timeline's keyset). */
export const timelineStatementsSql = (d: MigrationDdl): string => `ALTER TABLE times ADD COLUMN is_statement ${d.int};
${statementFlagSql('1 = 1')};
CREATE INDEX times_statements_by_earliest ON times (earliest${d.byteOrder}, document_id, position)
  WHERE is_statement = 1;
`;
