// Consistency checks both backends run for `diagnose()`: every actor's latest-version pointer
// names one of its own documents, and that document is its highest version (a new version
// always becomes the latest; an unchanged save moves nothing).
import type { SqlRunner } from './editorial.js';

/** Counts shown by `dossier doctor`. */
export async function diagnosisCounts(
  db: SqlRunner,
): Promise<{ actors: number; documents: number; sentences: number; entities: number }> {
  const [row] = await db.all<{ actors: unknown; documents: unknown; sentences: unknown; entities: unknown }>(
    `SELECT (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM sentences) AS sentences, (SELECT count(*) FROM entities) AS entities`,
  );
  return {
    actors: Number(row?.actors ?? 0),
    documents: Number(row?.documents ?? 0),
    sentences: Number(row?.sentences ?? 0),
    entities: Number(row?.entities ?? 0),
  };
}

/** Human-readable findings about the latest-version pointers (empty when consistent). */
export async function latestPointerProblems(db: SqlRunner): Promise<string[]> {
  const problems: string[] = [];
  const dangling = await db.all<{ id: string }>(
    `SELECT a.id FROM actors a LEFT JOIN documents d ON d.id = a.latest_document_id
     WHERE d.id IS NULL OR d.actor_id <> a.id ORDER BY a.id`,
  );
  for (const { id } of dangling) problems.push(`actor ${id}: its latest-version pointer names no document of its own`);
  const behind = await db.all<{ id: string; latest: unknown; highest: unknown }>(
    `SELECT a.id, d.version AS latest, (SELECT max(v.version) FROM documents v WHERE v.actor_id = a.id) AS highest
     FROM actors a JOIN documents d ON d.id = a.latest_document_id AND d.actor_id = a.id
     WHERE d.version <> (SELECT max(v.version) FROM documents v WHERE v.actor_id = a.id) ORDER BY a.id`,
  );
  for (const row of behind)
    problems.push(
      `actor ${row.id}: the latest-version pointer is at version ${Number(row.latest)}, but version ` +
        `${Number(row.highest)} exists`,
    );
  return problems;
}
