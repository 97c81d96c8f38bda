// What the checks of one actor read, written once over SQL for both backends: the actor's latest
// version, and the other documents (latest versions of profiles and sources) that can take part in
// a finding about it: those holding a relation with the same (subject, predicate, object) as one of
// the actor's relations (either way round for `borders`), read through the relation indexes, and
// those holding an event of the same type and place as one of its dated events (events by place).
// The checks then run over these few documents only, so their cost follows the actor's claims, not
// the size of the collection. The list is a superset: the checker itself decides what conflicts.

import type { SqlRunner } from './editorial.js';

/** A document as the checks of an actor list it: the latest version of a profile or a source. */
export interface CheckedDocumentRef {
  id: string;
  name: string;
  latestVersion: number;
}

export interface CheckNeighbourhood {
  /** The actor (a profile) and its latest version. */
  actor: CheckedDocumentRef;
  /** Other profiles sharing a relation key or an event (type and place) with the actor's latest version. */
  profiles: CheckedDocumentRef[];
  /** Sources sharing a relation key with the actor's latest version. */
  sources: CheckedDocumentRef[];
  /**
   * The names of the entities of the actor's versions that a latest version of any document holds: the names the
   * whole collection gives the facts of earlier versions.
   */
  entityNames: Array<{ id: string; name: string }>;
}

interface DocumentRow {
  id: string;
  name: string;
  kind: string;
  version: unknown;
  document_id: unknown;
}

const refOf = (row: DocumentRow): CheckedDocumentRef => ({
  id: row.id,
  name: row.name,
  latestVersion: Number(row.version),
});

export class ChecksReader {
  constructor(private readonly db: SqlRunner) {}

  /** The documents the checks of profile `actor` read; null when no profile has that id. */
  async neighbourhood(actor: string): Promise<CheckNeighbourhood | null> {
    const [own] = await this.db.all<DocumentRow>(
      `SELECT a.id, a.name, a.kind, d.version, d.id AS document_id
       FROM actors a JOIN documents d ON d.id = a.latest_document_id
       WHERE a.id = ? AND a.kind = 'profile'`,
      [actor],
    );
    if (!own) return null;
    const document = Number(own.document_id);
    const others = await this.db.all<DocumentRow>(
      `SELECT DISTINCT a.id, a.name, a.kind, d.version, d.id AS document_id
       FROM (
         SELECT r.document_id FROM relations mine
         JOIN relations r ON r.subject = mine.subject AND r.predicate = mine.predicate AND r.object = mine.object
         WHERE mine.document_id = ?
         UNION
         SELECT r.document_id FROM relations mine
         JOIN relations r ON r.subject = mine.object AND r.predicate = mine.predicate AND r.object = mine.subject
         WHERE mine.document_id = ? AND mine.predicate = 'borders'
         UNION
         SELECT e.document_id FROM events mine
         JOIN events e ON e.place = mine.place AND e.type = mine.type
         WHERE mine.document_id = ? AND mine.place IS NOT NULL AND mine.date IS NOT NULL
       ) hit
       JOIN actors a ON a.latest_document_id = hit.document_id
       JOIN documents d ON d.id = hit.document_id
       WHERE a.id <> ?`,
      [document, document, document, actor],
    );
    const entityNames = await this.db.all<{ id: string; name: string }>(
      `SELECT DISTINCT e.id, e.name
       FROM documents d
       JOIN document_entities de ON de.document_id = d.id
       JOIN entities e ON e.id = de.entity_id
       WHERE d.actor_id = ? AND EXISTS (
         SELECT 1 FROM document_entities x JOIN actors a ON a.latest_document_id = x.document_id
         WHERE x.entity_id = de.entity_id)`,
      [actor],
    );
    return {
      actor: refOf(own),
      entityNames,
      profiles: others.filter((row) => row.kind === 'profile').map(refOf),
      sources: others.filter((row) => row.kind === 'source').map(refOf),
    };
  }
}
