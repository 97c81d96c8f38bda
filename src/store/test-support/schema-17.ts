// Takes a database of today's schema back to version 17 (before migration 18's compact storage; 19's index is
// created only if missing, 20's tables are dropped): rule decisions
// stored by the rule's name with a time (the document's ingest time), layouts as plain JSON. With the answers a
// store gives about its documents, facts and reviewers, for the tests that upgrade such a database to 18.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { dropCollectionCountsSql } from '../collection-counts-migration.js';
import { layoutFromStored } from '../compact-layout.js';
import type { SaveDocumentInput, Store } from '../store.js';
import { answerFixtures, storedAnswers } from './stored-answers.js';
import { postgresTimelineYearsDropSql, sqliteTimelineYearsDropSql } from './timeline-years-drop.js';
import { graphTotalsTables } from '../graph-totals.js';
import {
  claimBoundsDropSql,
  eventPartiesDropSql,
  sourcesByIdDropSql,
  timelineStatementsDropSql,
} from './after-21-drop.js';
import { entityTrigramsDropSql } from '../entity-trigrams.js';

/** The network's figures (migration 22) and the review queue's levels (23), newer than this schema. */
const dropNewer = [...graphTotalsTables, 'graph_counts', 'fact_levels', 'fact_totals']
  .map((table) => `DROP TABLE ${table};`)
  .join(' ');

const reviewedTables = ['interests', 'mentions', 'times', 'quantities', 'events', 'relations', 'postures'];

/** SQL (both backends): rule codes back to rule names, each with its document's ingest time. */
export const ruleDecisionsAt17Sql = reviewedTables
  .map(
    (table) =>
      `UPDATE ${table} SET reviewed_at = (SELECT d.ingested_at FROM documents d WHERE d.id = ${table}.document_id), ` +
      `reviewed_by = CASE reviewed_by WHEN ':c' THEN 'rule:exact-country' WHEN ':g' THEN 'rule:exact-gazetteer' ` +
      `WHEN ':d' THEN 'rule:explicit-date' ELSE reviewed_by END WHERE reviewed_at IS NULL AND reviewed_by IS NOT NULL;`,
  )
  .join('\n');

/** SQLite: back to 17 (the migration recorded as not applied). */
export function backToSqliteSchema17(db: Database.Database): void {
  db.exec(ruleDecisionsAt17Sql);
  const rows = db.prepare('SELECT id, text, layout FROM documents').all() as Array<{
    id: number;
    text: string;
    layout: string;
  }>;
  const write = db.prepare('UPDATE documents SET layout = ? WHERE id = ?');
  for (const row of rows) write.run(JSON.stringify(layoutFromStored(JSON.parse(row.layout), row.text)), row.id);
  db.exec(`DROP TABLE check_findings; DROP TABLE check_snapshot; ${dropNewer}`);
  db.exec(sqliteTimelineYearsDropSql);
  db.exec(dropCollectionCountsSql('sqlite'));
  db.exec(eventPartiesDropSql);
  db.exec(timelineStatementsDropSql);
  db.exec(sourcesByIdDropSql);
  db.exec(entityTrigramsDropSql('sqlite'));
  db.exec(claimBoundsDropSql);
  db.exec('DELETE FROM schema_migrations WHERE version >= 18');
}

/** PostgreSQL (search_path set to the store's schema): back to 17. */
export async function backToPostgresSchema17(client: pg.ClientBase): Promise<void> {
  await client.query(ruleDecisionsAt17Sql);
  const { rows } = await client.query<{ id: number; text: string; layout: unknown }>(
    'SELECT id, text, layout FROM documents',
  );
  for (const row of rows)
    await client.query('UPDATE documents SET layout = $1::jsonb WHERE id = $2', [
      JSON.stringify(layoutFromStored(row.layout, row.text)),
      row.id,
    ]);
  await client.query(`DROP TABLE check_findings; DROP TABLE check_snapshot; ${dropNewer}`);
  await client.query(postgresTimelineYearsDropSql);
  await client.query(dropCollectionCountsSql('postgres'));
  await client.query(eventPartiesDropSql);
  await client.query(timelineStatementsDropSql);
  await client.query(sourcesByIdDropSql);
  await client.query(entityTrigramsDropSql('postgres'));
  await client.query(claimBoundsDropSql);
  await client.query('DELETE FROM schema_migrations WHERE version >= 18');
}

/** The answer fixtures, every time of them confirmed by rule:explicit-date where the store takes it. */
export const reviewFixtures = (): SaveDocumentInput[] =>
  answerFixtures().map((input) => ({
    ...input,
    ruleDecisions: input.extraction.times.map((_, index) => ({
      kind: 'time' as const,
      index,
      rule: 'rule:explicit-date',
    })),
  }));

/** A person's decision on the first fact (kept with its time), then the store's answers with facts and documents. */
export async function reviewedAnswers(store: Store): Promise<Record<string, unknown>> {
  const answers = await storedAnswers(store);
  const page = { status: 'any' as const, limit: 1000, offset: 0 };
  for (const actor of await store.listActors()) {
    answers[`document:${actor.id}`] = await store.getDocument(actor.id);
    answers[`document:${actor.id}:1`] = await store.getDocument(actor.id, 1);
    answers[`facts:${actor.id}`] = await store.listFacts({ ...page, actor: actor.id, version: 1 });
  }
  answers.facts = await store.listFacts(page);
  for (const rule of ['rule:exact-country', 'rule:exact-gazetteer', 'rule:explicit-date', 'ada'])
    answers[`facts:${rule}`] = await store.listFacts({ ...page, reviewedBy: rule });
  return answers;
}
