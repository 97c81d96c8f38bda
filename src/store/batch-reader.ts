// Reads many document versions at once, written once over SQL for both backends: the documents of
// a batch of actors, then each item table for all their versions in one query (`document_id IN
// (…)`), grouped back per document. What getActor answers for one version, at a fraction of its
// per-query cost: the path of exports and other whole-collection reads.
import type { ActorDetail } from '../model/index.js';
import { sqlPlaceholders, type SqlRunner } from './sql-dialect.js';
import { actorDetailFrom, entityFromRow, type DocumentRow, type EntityRow, type VersionRow } from './rows.js';
import { documentItemKinds, extractionFromItemRows, itemSelectSql, type ItemKind, type ItemRow } from './item-kinds.js';

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
  constructor(
    private readonly db: SqlRunner,
    private readonly itemKinds: readonly ItemKind[] = documentItemKinds,
  ) {}

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
    const [entities, ...itemRows] = await Promise.all([
      this.db
        .all(
          `SELECT de.document_id, e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes
           FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.${inIds} ORDER BY de.document_id,
             de.position`,
          ids,
        )
        .then(groupByDocument),
      ...this.itemKinds.map((kind) => this.db.all(itemSelectSql(kind, inIds, true), ids).then(groupByDocument)),
    ]);
    const groupedOf = new Map(this.itemKinds.map((kind, index) => [kind, itemRows[index]!]));
    return chosen.map((doc) => {
      const id = Number(doc.id);
      const of = (grouped: Grouped) => grouped.get(id) ?? [];
      const extraction = extractionFromItemRows(
        doc,
        this.itemKinds,
        (kind) => of(groupedOf.get(kind)!) as ItemRow[],
        (of(entities) as unknown as EntityRow[]).map(entityFromRow),
      );
      const versions = (byActor.get(doc.actor_id) ?? []) as unknown as VersionRow[];
      return actorDetailFrom(doc, versions, extraction);
    });
  }
}
