// Reads many document versions at once, written once over SQL for both backends: the documents of
// a batch of actors, then each item table for all their versions in one query (`document_id IN
// (…)`), grouped back per document. What getActor answers for one version, at a fraction of its
// per-query cost: the path of exports and other whole-collection reads.
import type { ActorDetail } from '../model/index.js';
import { reviewedTables, sqlPlaceholders, type SqlRunner } from './editorial.js';
import { actorDetailFrom, itemColumns, type DocumentRow, type ItemRows, type VersionRow } from './rows.js';

/** One version of one actor; `version` absent: the latest. */
export interface VersionRef {
  id: string;
  version?: number;
}

type Grouped = Map<number, Array<Record<string, unknown>>>;

function groupByDocument(rows: Array<Record<string, unknown>>): Grouped {
  const grouped: Grouped = new Map();
  for (const row of rows) {
    const id = Number(row.document_id);
    let list = grouped.get(id);
    if (!list) grouped.set(id, (list = []));
    list.push(row);
  }
  return grouped;
}

export class BatchReader {
  constructor(private readonly db: SqlRunner) {}

  /** The details of the given versions, in the order asked (an unknown actor or version is left out). */
  async getActors(refs: readonly VersionRef[]): Promise<ActorDetail[]> {
    if (refs.length === 0) return [];
    const actorIds = [...new Set(refs.map((ref) => ref.id))];
    const [documentRows, latestRows] = await Promise.all([
      this.db.all<DocumentRow>(
        `SELECT * FROM documents WHERE actor_id IN (${sqlPlaceholders(actorIds.length)}) ORDER BY actor_id, version`,
        actorIds,
      ),
      this.db.all<{ id: string; latest: unknown }>(
        `SELECT id, latest_document_id AS latest FROM actors WHERE id IN (${sqlPlaceholders(actorIds.length)})`,
        actorIds,
      ),
    ]);
    const latestOf = new Map(latestRows.map((row) => [row.id, row.latest === null ? null : Number(row.latest)]));
    const byActor = new Map<string, DocumentRow[]>();
    for (const row of documentRows) byActor.set(row.actor_id, [...(byActor.get(row.actor_id) ?? []), row]);
    const chosen: DocumentRow[] = [];
    for (const ref of refs) {
      const versions = byActor.get(ref.id) ?? [];
      const wanted = ref.version === undefined ? latestOf.get(ref.id) : undefined;
      const doc =
        ref.version === undefined
          ? versions.find((row) => Number(row.id) === wanted)
          : versions.find((row) => Number(row.version) === ref.version);
      if (doc) chosen.push(doc);
    }
    if (chosen.length === 0) return [];
    const ids = [...new Set(chosen.map((doc) => Number(doc.id)))];
    const inIds = `document_id IN (${sqlPlaceholders(ids.length)})`;
    const items = async (table: keyof typeof itemColumns): Promise<Grouped> =>
      groupByDocument(
        await this.db.all(
          `SELECT document_id, ${itemColumns[table]} FROM ${table} WHERE ${inIds}${reviewedTables.has(table) ? ` AND review_status <> 'rejected'` : ''} ORDER BY document_id, position`,
          ids,
        ),
      );
    const [
      sections,
      interests,
      sentences,
      mentions,
      times,
      quantities,
      events,
      relations,
      entities,
      postures,
      subjects,
    ] = await Promise.all([
      items('sections'),
      items('interests'),
      items('sentences'),
      items('mentions'),
      items('times'),
      items('quantities'),
      items('events'),
      items('relations'),
      this.db
        .all(
          `SELECT de.document_id, e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes
           FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.${inIds} ORDER BY de.document_id, de.position`,
          ids,
        )
        .then(groupByDocument),
      this.db
        .all(
          `SELECT document_id, label, span_start, span_end FROM postures WHERE ${inIds} AND review_status <> 'rejected'`,
          ids,
        )
        .then(groupByDocument),
      this.db
        .all(
          `SELECT document_id, subject, how FROM document_subjects WHERE ${inIds} ORDER BY document_id, position`,
          ids,
        )
        .then(groupByDocument),
    ]);
    return chosen.map((doc) => {
      const id = Number(doc.id);
      const of = (grouped: Grouped) => grouped.get(id) ?? [];
      const rows = {
        sections: of(sections),
        interests: of(interests),
        sentences: of(sentences),
        entities: of(entities),
        mentions: of(mentions),
        times: of(times),
        quantities: of(quantities),
        events: of(events),
        relations: of(relations),
        postures: of(postures),
        subjects: of(subjects),
      } as unknown as ItemRows;
      const versions = (byActor.get(doc.actor_id) ?? []) as unknown as VersionRow[];
      return actorDetailFrom(doc, versions, rows);
    });
  }
}
