// Takes a PostgreSQL schema of today's store back to schema version 15 (before the compact storage
// of migration 16): sentences a table holding their text with a generated tsvector, the entity
// links with their unique position again. Tests migrate such a schema and compare answers.
import { postgresTimelineYearsDropSql } from './timeline-years-drop.js';
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import {
  claimBoundsDropSql,
  eventPartiesDropSql,
  sourcesByIdDropSql,
  timelineStatementsDropSql,
} from './after-21-drop.js';
import { entityTrigramsDropSql } from '../entity-trigrams.js';

export const backToPostgresSchema15 = `
DROP VIEW sentences;
DROP TRIGGER sentence_spans_tsv ON sentence_spans;
DROP FUNCTION sentence_spans_tsv();
UPDATE sentence_spans s SET text = substr(d.text, s.span_start + 1, s.span_end - s.span_start) FROM documents d
  WHERE s.text IS NULL AND d.id = s.document_id;
ALTER TABLE sentence_spans ALTER COLUMN text SET NOT NULL;
ALTER TABLE sentence_spans DROP COLUMN tsv;
ALTER TABLE sentence_spans ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED;
CREATE INDEX sentences_tsv ON sentence_spans USING gin (tsv);
ALTER TABLE sentence_spans RENAME TO sentences;
ALTER TABLE document_entities ADD CONSTRAINT document_entities_document_id_position_key UNIQUE (document_id, position);
DROP TABLE check_findings;
DROP TABLE fact_levels;
DROP TABLE fact_totals;
DROP TABLE check_snapshot;
${postgresTimelineYearsDropSql}
DROP TABLE graph_node_themes, graph_nodes, graph_edges, graph_pairs, graph_relations, graph_documents, graph_counts;
${dropCollectionCountsSql('postgres')}
${eventPartiesDropSql}
${timelineStatementsDropSql}
${sourcesByIdDropSql}
${entityTrigramsDropSql('postgres')}
${claimBoundsDropSql}
DELETE FROM schema_migrations WHERE version >= 16;
`;
