// Versioned schema migrations of the SQLite backend, applied in order and recorded in
// schema_migrations: the migrations declared once for both backends (schema-migrations.ts) as SQLite
// runs them, with its own steps (EDTF parsed in JavaScript, tables rebuilt WITHOUT ROWID, vacuum).
// Never edit a released migration: append a new one.
import type Database from 'better-sqlite3';
import { timeBoundsOf } from '../timeline-reader.js';
import { migrationsFor } from '../migration-ddl.js';
import { schemaMigrations } from '../schema-migrations.js';
import { compactLayoutsSqlite } from '../compact-storage-migration.js';
import { compactMentionTextsSqlite } from '../compact-mention-migration.js';
import { rebuildLevelsSql } from '../fact-levels.js';
import { leanStorageTables } from '../lean-storage-migration.js';
import { eventPartyKey } from '../event-parties.js';
import { claimBoundsOf } from '../claim-bounds.js';
import { fromJson } from '../rows.js';
import { edgeActorsFill, registerFirstActors } from '../graph-edge-actors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A step SQL cannot do (parsing EDTF), run after `sql` in the same transaction. */
  run?: (db: Database.Database) => void;
  /** The migration frees many pages (tables rebuilt): the file is vacuumed once the migrations are applied. */
  vacuum?: boolean;
}

/**
 * Copies a table keyed by its primary key into `<table>_compact` WITHOUT ROWID (the rows live in the
 * primary key's b-tree: no rowid, no second b-tree for the key); answers the CREATE INDEX of the
 * original, to run once the copy has its name. `edit` changes the CREATE TABLE (a constraint left
 * out, a reference renamed).
 */
function compactCopy(db: Database.Database, table: string, edit: (sql: string) => string = (sql) => sql): string[] {
  const schema = db
    .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL`)
    .all(table) as Array<{ type: string; sql: string }>;
  const create = schema.find((entry) => entry.type === 'table')!.sql;
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>)
    .map((column) => column.name)
    .join(', ');
  db.exec(`${edit(create).replace(/^CREATE TABLE (\w+|"\w+")/, `CREATE TABLE ${table}_compact`)} WITHOUT ROWID`);
  db.exec(`INSERT INTO ${table}_compact (${columns}) SELECT ${columns} FROM ${table}`);
  return schema.filter((entry) => entry.type === 'index').map((entry) => entry.sql);
}

/**
 * Migration 16's rebuild: mentions, a document's entities (without the unique position no query
 * reads), times and events WITHOUT ROWID. The new mentions refer to the new entity links, whose
 * rename carries the reference; the originals go children first (their foreign keys stay checked).
 */
function compactItemTables(db: Database.Database): void {
  const tables = ['document_entities', 'mentions', 'times', 'events'];
  const edits: Record<string, (sql: string) => string> = {
    document_entities: (sql) => sql.replace(/,\s*UNIQUE \(document_id, position\)/, ''),
    mentions: (sql) => sql.replace(/REFERENCES "?document_entities"? /, 'REFERENCES document_entities_compact '),
  };
  const indexes = tables.map((table) => compactCopy(db, table, edits[table]));
  for (const table of ['mentions', 'document_entities', 'times', 'events']) db.exec(`DROP TABLE ${table}`);
  tables.forEach((table, i) => {
    db.exec(`ALTER TABLE ${table}_compact RENAME TO ${table}`);
    for (const sql of indexes[i]!) db.exec(sql);
  });
}

/**
 * Migration 26's rebuild: small keyed tables WITHOUT ROWID (no table refers to them; none has a trigger); one that is
 * already (a test's database taken back to an older version) is left as it is.
 */
function leanKeyedTables(db: Database.Database): void {
  const definition = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck();
  for (const table of leanStorageTables) {
    if (/WITHOUT ROWID\s*$/i.test(String(definition.get(table)))) continue;
    const indexes = compactCopy(db, table);
    db.exec(`DROP TABLE ${table}; ALTER TABLE ${table}_compact RENAME TO ${table}`);
    for (const sql of indexes) db.exec(sql);
  }
}

/** SQLite's own steps of the declared migrations, by version. */
const sqliteSteps: Record<number, Pick<Migration, 'run' | 'vacuum'>> = {
  12: {
    run: (db) => {
      // Filled from the EDTF values by a function of this connection, then indexed.
      db.function('dossier_edtf_bound', { deterministic: true }, (value: unknown, end: unknown) =>
        typeof value === 'string' ? timeBoundsOf(value)[end === 'latest' ? 'latest' : 'earliest'] : null,
      );
      db.exec(`
UPDATE events SET earliest = dossier_edtf_bound(coalesce(date, valid), 'earliest'), latest =
  dossier_edtf_bound(coalesce(date, valid), 'latest')
  WHERE coalesce(date, valid) IS NOT NULL;
UPDATE times SET earliest = dossier_edtf_bound(value, 'earliest'), latest = dossier_edtf_bound(value, 'latest');
CREATE INDEX events_by_earliest ON events (earliest, document_id, position, latest);
CREATE INDEX times_by_earliest ON times (earliest, document_id, position, latest);
`);
    },
  },
  16: { run: compactItemTables, vacuum: true },
  18: { run: compactLayoutsSqlite, vacuum: true },
  21: { run: compactMentionTextsSqlite, vacuum: true },
  // The review queue's levels computed from the fact tables by the confidence rules (fact-levels.ts).
  23: { run: (db) => rebuildLevelsSql('sqlite').forEach(({ sql, params }) => db.prepare(sql).run(...params)) },
  26: { run: leanKeyedTables, vacuum: true },
  // The events' party sets, from their rows by a function of this connection.
  27: {
    run: (db) => {
      db.function('dossier_party_key', { deterministic: true }, (actors: unknown, place: unknown, date: unknown) =>
        eventPartyKey({
          actors: fromJson<string[]>(actors),
          place: place as string | null,
          date: date as string | null,
        }),
      );
      db.exec(
        'UPDATE events SET parties = dossier_party_key(actors, place, date) ' +
          'WHERE place IS NOT NULL AND date IS NOT NULL',
      );
    },
  },
  // Each edge's actors and first actors, ordered by an aggregate function of this connection (graph-edge-actors.ts).
  28: {
    run: (db) => {
      registerFirstActors(db);
      db.exec(edgeActorsFill('sqlite'));
    },
  },
  // When each relation claim holds (claim-bounds.ts), from its row and its document's date by a function of this
  // connection.
  29: {
    run: (db) => {
      db.function(
        'dossier_claim_bound',
        { deterministic: true },
        (valid: unknown, current: unknown, date: unknown, part: unknown) =>
          claimBoundsOf({ valid: valid as string | null, current: current !== 0 }, date as string | null)[
            part as 'earliest' | 'latest' | 'tense'
          ],
      );
      db.exec(`UPDATE relations SET
        earliest = dossier_claim_bound(valid, current, d.date, 'earliest'),
        latest = dossier_claim_bound(valid, current, d.date, 'latest'),
        tense = dossier_claim_bound(valid, current, d.date, 'tense')
      FROM (SELECT id, coalesce(published, as_of) AS date FROM documents) AS d WHERE d.id = relations.document_id`);
    },
  },
};

export const sqliteMigrations: Migration[] = [
  ...migrationsFor('sqlite', schemaMigrations).map((migration) => ({
    ...migration,
    ...sqliteSteps[migration.version],
  })),
];

/** The schema version this code writes: the highest migration it knows. */
export const sqliteSchemaVersion = Math.max(...sqliteMigrations.map((migration) => migration.version));
