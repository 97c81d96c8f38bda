// The review queue's maintained levels (store/fact-levels.ts) of a test knowledge base, as stored and as computed
// from scratch: tests compare the two after writes.
import Database from 'better-sqlite3';
import pg from 'pg';
import { rebuildLevelsSql } from '../../store/fact-levels.js';

/** The stored levels and those computed from scratch (in a transaction rolled back). */
export async function levelsOf(location: string): Promise<{ stored: string[]; rebuilt: string[] }> {
  const order =
    'SELECT * FROM (SELECT 1 AS t, latest, review_status, confidence, actor_id, version, document_id, kind_order, ' +
    'reviewed_by, n FROM fact_levels UNION ALL SELECT 2, latest, review_status, NULL, NULL, NULL, NULL, kind_order, ' +
    'reviewed_by, n FROM fact_totals WHERE n <> 0) q ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9';
  const rows = (list: unknown[]) =>
    list.map((row) =>
      JSON.stringify(row, (_, v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
    );
  if (!location.startsWith('postgres')) {
    const db = new Database(location);
    try {
      const stored = rows(db.prepare(order).all());
      db.exec('BEGIN');
      for (const { sql, params } of rebuildLevelsSql('sqlite')) db.prepare(sql).run(...params);
      const rebuilt = rows(db.prepare(order).all());
      db.exec('ROLLBACK');
      return { stored, rebuilt };
    } finally {
      db.close();
    }
  }
  const url = new URL(location);
  const schema = url.searchParams.get('schema')!;
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    const stored = rows((await client.query(order)).rows);
    await client.query('BEGIN');
    for (const { sql, params } of rebuildLevelsSql('postgres')) await client.query(sql, params);
    const rebuilt = rows((await client.query(order)).rows);
    await client.query('ROLLBACK');
    return { stored, rebuilt };
  } finally {
    await client.end();
  }
}
