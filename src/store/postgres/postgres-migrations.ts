// Versioned schema migrations of the PostgreSQL backend, applied in order and recorded in
// schema_migrations (in the store's schema): the migrations declared once for both backends
// (schema-migrations.ts) as PostgreSQL runs them, with its own step (EDTF parsed in JavaScript).
// Never edit a released migration: append a new one.

import type pg from 'pg';
import { timeBoundsOf } from '../timeline-reader.js';
import { migrationsFor } from '../migration-ddl.js';
import { schemaMigrations } from '../schema-migrations.js';
import { compactLayoutsPostgres } from '../compact-storage-migration.js';
import { compactMentionTextsPostgres } from '../compact-mention-migration.js';
import { rebuildLevelsSql } from '../fact-levels.js';
import { eventPartyKey } from '../event-parties.js';
import { claimBoundsOf } from '../claim-bounds.js';
import { edgeActorsFill } from '../graph-edge-actors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step SQL cannot do (parsing EDTF), run after `sql` in the same transaction. */
  run?: (client: pg.ClientBase) => Promise<void>;
}

/** PostgreSQL's own steps of the declared migrations, by version. */
const postgresSteps: Record<number, Pick<Migration, 'run'>> = {
  12: {
    run: async (client) => {
      // The distinct EDTF values, parsed here, joined back in one UPDATE per table; then indexed.
      const { rows } = await client.query<{ value: string }>(
        `SELECT coalesce(date, valid) AS value FROM events WHERE coalesce(date, valid) IS NOT NULL UNION SELECT ` +
          `value FROM times`,
      );
      const bounds = rows.map((row) => ({ value: row.value, ...timeBoundsOf(row.value) }));
      await client.query(
        `CREATE TEMP TABLE dossier_time_bounds (value text PRIMARY KEY, earliest text, latest text) ON COMMIT DROP`,
      );
      await client.query(`INSERT INTO dossier_time_bounds SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
        bounds.map((b) => b.value),
        bounds.map((b) => b.earliest),
        bounds.map((b) => b.latest),
      ]);
      await client.query(
        `UPDATE events e SET earliest = b.earliest, latest = b.latest FROM dossier_time_bounds b WHERE b.value = ` +
          `coalesce(e.date, e.valid)`,
      );
      await client.query(
        `UPDATE times t SET earliest = b.earliest, latest = b.latest FROM dossier_time_bounds b WHERE b.value = ` +
          `t.value`,
      );
      await client.query(`CREATE INDEX events_by_earliest ON events (earliest COLLATE "C", document_id, position, latest
        COLLATE "C");
CREATE INDEX times_by_earliest ON times (earliest COLLATE "C", document_id, position, latest COLLATE "C");`);
    },
  },
  18: { run: compactLayoutsPostgres },
  21: { run: compactMentionTextsPostgres },
  // The review queue's levels computed from the fact tables by the confidence rules (fact-levels.ts).
  23: {
    run: async (client) => {
      for (const { sql, params } of rebuildLevelsSql('postgres')) await client.query(sql, params);
    },
  },
  // The events' party sets: the distinct party lists keyed here, joined back in one UPDATE.
  27: {
    run: async (client) => {
      const { rows } = await client.query<{ actors: string[] }>(
        'SELECT DISTINCT actors FROM events WHERE place IS NOT NULL AND date IS NOT NULL',
      );
      const keyed = rows.map((row) => ({
        actors: JSON.stringify(row.actors),
        key: eventPartyKey({ actors: row.actors, place: '', date: '' }),
      }));
      await client.query(
        `UPDATE events e SET parties = k.key FROM unnest($1::jsonb[], $2::text[]) AS k(actors, key)
         WHERE e.actors = k.actors AND e.place IS NOT NULL AND e.date IS NOT NULL`,
        [keyed.map((k) => k.actors), keyed.map((k) => k.key)],
      );
    },
  },
  // Each edge's actors and first actors (graph-edge-actors.ts).
  28: {
    run: async (client) => {
      await client.query(edgeActorsFill('postgres'));
    },
  },
  // When each relation claim holds (claim-bounds.ts): computed here for each distinct time, polarity of tense and
  // year of document ('' standing for none: claimTime reads only a date's first four characters, and an empty time
  // as none), joined back in one UPDATE.
  29: {
    run: async (client) => {
      const { rows } = await client.query<{ valid: string; current: boolean; year: string }>(
        `SELECT DISTINCT coalesce(r.valid, '') AS valid, coalesce(r.current, true) AS current,
           coalesce(left(coalesce(d.published, d.as_of), 4), '') AS year
         FROM relations r JOIN documents d ON d.id = r.document_id`,
      );
      const bounds = rows.map((row) => claimBoundsOf({ valid: row.valid, current: row.current }, row.year));
      await client.query(
        `UPDATE relations r SET earliest = k.earliest, latest = k.latest, tense = k.tense
         FROM documents d, unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::integer[])
           AS k(valid, current, year, earliest, latest, tense)
         WHERE d.id = r.document_id AND coalesce(r.valid, '') = k.valid AND coalesce(r.current, true) = k.current
           AND coalesce(left(coalesce(d.published, d.as_of), 4), '') = k.year`,
        [
          rows.map((row) => row.valid),
          rows.map((row) => row.current),
          rows.map((row) => row.year),
          bounds.map((b) => b.earliest),
          bounds.map((b) => b.latest),
          bounds.map((b) => b.tense),
        ],
      );
    },
  },
};

export const postgresMigrations: Migration[] = [
  ...migrationsFor('postgres', schemaMigrations).map((migration) => ({
    ...migration,
    ...postgresSteps[migration.version],
  })),
];

/** The schema version this code writes: the highest migration it knows. */
export const postgresSchemaVersion = Math.max(...postgresMigrations.map((migration) => migration.version));
