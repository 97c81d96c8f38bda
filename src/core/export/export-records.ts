// The typed records of an export (src/model/export.ts), produced document by document so that any
// collection streams in constant memory: for each actor and source (or the one asked for), its
// actor and document records, subjects, sections, interests, sentences, the entities it is the
// first to name, its mentions, times, quantities, events, relations and posture, each with its
// review status, filtered by the export's status (accepted, confirmed — by a person, not a rule —, all).
import {
  DossierError,
  exportTablesOf,
  itemRecordKinds,
  type ActorDetail,
  type AnyItemRecordKind,
  type ExportTable,
  type ExportFilter,
  type ExportRecord,
  type Fact,
  type ReviewStatus,
} from '../../model/index.js';
import { documentItemKinds, type ItemKind } from '../../store/item-kinds.js';
import type { Dossier } from '../dossier.js';

const factPage = 500;
/** Documents read together (each batch is held while its records are written). */
const readBatch = 16;

interface Reviewed {
  /** Status of each reviewed fact, keyed `actor@version:kind:start:end` (facts not in it are machine facts). */
  status: Map<string, ReviewStatus>;
  /** The rejected facts of each `actor@version` (not in the extraction the store rebuilds). */
  rejected: Map<string, Fact[]>;
  /** The `actor@version`s that have any reviewed fact (the others are all machine facts). */
  documents: Set<string>;
  /** Facts confirmed by a rule (`reviewedBy: rule:…`), not by a person: `confirmed` exports leave them out. */
  byRule: Set<string>;
}

/**
 * Every fact a person reviewed, in the export's scope, read once before the documents (few next to
 * the machine facts, so a collection export makes no review query per document).
 */
async function reviewedFacts(dossier: Dossier, filter: ExportFilter): Promise<Reviewed> {
  const reviewed: Reviewed = { status: new Map(), rejected: new Map(), documents: new Set(), byRule: new Set() };
  for (const status of ['confirmed', 'edited', 'rejected'] as const) {
    for (let offset = 0; ; offset += factPage) {
      const page = await dossier.store.listFacts({
        actor: filter.actor,
        version: filter.version,
        status,
        limit: factPage,
        offset,
      });
      for (const fact of page.facts) {
        const document = `${fact.actor}@${fact.version}`;
        reviewed.status.set(`${document}:${fact.kind}:${fact.start}:${fact.end}`, fact.status);
        reviewed.documents.add(document);
        if (fact.reviewedBy?.startsWith('rule:'))
          reviewed.byRule.add(`${document}:${fact.kind}:${fact.start}:${fact.end}`);
        if (fact.status === 'rejected')
          reviewed.rejected.set(document, [...(reviewed.rejected.get(document) ?? []), fact]);
      }
      if (page.facts.length < factPage) break;
    }
  }
  return reviewed;
}

/** Whether a fact of this status goes into an export with this filter. */
const wanted = (filter: ExportFilter, status: ReviewStatus): boolean =>
  filter.status === 'all' ||
  (filter.status === 'confirmed' ? status === 'confirmed' || status === 'edited' : status !== 'rejected');

/** The actors and sources an export covers, with the version of each. */
async function scope(
  dossier: Dossier,
  filter: ExportFilter,
): Promise<Array<{ id: string; version: number | undefined }>> {
  if (filter.actor) {
    const detail = await dossier.store.getActor(filter.actor, filter.version);
    if (!detail) {
      throw new DossierError(
        'NOT_FOUND',
        filter.version ? `no version ${filter.version} of actor "${filter.actor}"` : `no actor "${filter.actor}"`,
        {
          expected: 'an actor or source id from GET /api/actors or /api/sources',
        },
      );
    }
    return [{ id: detail.id, version: detail.version.version }];
  }
  const [profiles, sources] = await Promise.all([
    dossier.store.listActors('profile'),
    dossier.store.listActors('source'),
  ]);
  return [...profiles, ...sources].map((summary) => ({ id: summary.id, version: summary.latestVersion }));
}

/** The item kinds of a registry of the store that the exports carry, in the model's order, then any other. */
export function exportedItemKinds(kinds: readonly ItemKind[]): AnyItemRecordKind[] {
  const order = (kind: AnyItemRecordKind) => {
    const index = (itemRecordKinds as readonly AnyItemRecordKind[]).indexOf(kind);
    return index < 0 ? itemRecordKinds.length : index;
  };
  return kinds.flatMap((kind) => (kind.record ? [kind.record] : [])).sort((a, b) => order(a) - order(b));
}

/** The tables of the exports of the store's item kinds (the application's; a test passes a registry of its own). */
export const storeExportTables: readonly ExportTable[] = exportTablesOf(exportedItemKinds(documentItemKinds));

export async function* exportRecords(
  dossier: Dossier,
  filter: ExportFilter,
  tables: readonly ExportTable[] = storeExportTables,
): AsyncGenerator<ExportRecord> {
  const entitiesSeen = new Set<string>();
  const documents = await scope(dossier, filter);
  const reviewed = await reviewedFacts(dossier, filter);
  // Read in batches: a handful of queries per batch instead of a dozen per document.
  for (let from = 0; from < documents.length; from += readBatch) {
    const details = await dossier.store.getActors(documents.slice(from, from + readBatch));
    for (const detail of details) yield* documentRecords({ dossier, detail, filter, entitiesSeen, reviewed, tables });
  }
}

/** The review status of a fact of one document, by kind and span. */
type StatusOf = (kind: string, span: { start: number; end: number }) => ReviewStatus;

interface DocumentInput {
  dossier: Dossier;
  detail: ActorDetail;
  filter: ExportFilter;
  entitiesSeen: Set<string>;
  reviewed: Reviewed;
  tables: readonly ExportTable[];
}

async function* documentRecords(input: DocumentInput): AsyncGenerator<ExportRecord> {
  const { dossier, detail, filter, reviewed } = input;
  const actor = detail.id;
  const version = detail.version.version;
  const anyReviewed = reviewed.documents.has(`${actor}@${version}`);
  const statusOf: StatusOf = (kind, span) => {
    if (!anyReviewed) return 'machine';
    const key = `${actor}@${version}:${kind}:${span.start}:${span.end}`;
    // A `confirmed` export keeps what a person confirmed: a fact confirmed by a rule counts as unreviewed there.
    if (filter.status === 'confirmed' && reviewed.byRule.has(key)) return 'machine';
    return reviewed.status.get(key) ?? 'machine';
  };
  const pages = detail.version.format === 'pdf' ? ((await dossier.store.getDocument(actor, version))?.pages ?? []) : [];
  const pageOf = (offset: number): number | null =>
    pages.find((page) => offset >= page.start && offset < page.end)?.number ?? null;

  for (const table of input.tables) {
    if (table.type === 'actor') yield actorRecord(detail);
    else if (table.type === 'document') yield documentRecord(detail);
    else if (table.type === 'entity') yield* entityRecords(detail, input.entitiesSeen);
    else if ('item' in table) yield* itemRecordsOf(table.item, detail, { filter, statusOf, pageOf });
  }
  // Rejected facts are not in the extraction the store rebuilds: with `all`, they come from the review records.
  if (filter.status === 'all')
    for (const fact of reviewed.rejected.get(`${actor}@${version}`) ?? []) yield* rejectedRecord(fact, input.tables);
}

const actorRecord = (detail: ActorDetail): ExportRecord => ({
  type: 'actor',
  id: detail.id,
  name: detail.actor.name,
  country: detail.actor.country,
  kind: detail.extraction.kind,
  version: detail.version.version,
  versions: detail.versions.length,
});

const documentRecord = (detail: ActorDetail): ExportRecord => ({
  type: 'document',
  actor: detail.id,
  version: detail.version.version,
  kind: detail.extraction.kind,
  title: detail.actor.name,
  sourceName: detail.version.sourceName,
  format: detail.version.format,
  hash: detail.version.hash,
  ingestedAt: detail.version.ingestedAt,
  asOf: detail.metadata.asOf,
  published: detail.metadata.published,
  publisher: detail.metadata.publisher,
  author: detail.metadata.author,
  sourceUrl: detail.metadata.source && /^https?:\/\//i.test(detail.metadata.source) ? detail.metadata.source : null,
  text: detail.extraction.text,
});

/** The entities of a document no earlier document named. */
function* entityRecords(detail: ActorDetail, entitiesSeen: Set<string>): Generator<ExportRecord> {
  for (const entity of detail.extraction.entities) {
    if (entitiesSeen.has(entity.id)) continue;
    entitiesSeen.add(entity.id);
    yield {
      type: 'entity',
      id: entity.id,
      entityType: entity.type,
      name: entity.name,
      country: entity.country,
      wikidata: entity.wikidata,
      aliases: entity.aliases ?? [],
      attributes: entity.attributes ?? {},
    };
  }
}

/**
 * The records of one item kind of a document, from its model part: the document key, for a reviewed kind the
 * span and the review status (only the items the export's status keeps), then the kind's own fields.
 */
function* itemRecordsOf(
  kind: AnyItemRecordKind,
  detail: ActorDetail,
  at: { filter: ExportFilter; statusOf: StatusOf; pageOf: (offset: number) => number | null },
): Generator<ExportRecord> {
  const key = { type: kind.type, actor: detail.id, version: detail.version.version };
  const text = detail.extraction.text;
  for (const [index, item] of kind.items(detail.extraction).entries()) {
    if (!kind.reviewed) {
      yield { ...key, ...kind.toRecord(item, { index, text, pageOf: at.pageOf }) } as ExportRecord;
      continue;
    }
    const { start, end } = kind.span!(item);
    const status = at.statusOf(kind.type, { start, end });
    if (wanted(at.filter, status))
      yield { ...key, start, end, status, ...kind.toRecord(item, { index, text, pageOf: at.pageOf }) } as ExportRecord;
  }
}

/** The record of a rejected fact, from its payload, when its kind has one. */
function* rejectedRecord(fact: Fact, tables: readonly ExportTable[]): Generator<ExportRecord> {
  const table = tables.find((candidate) => candidate.type === fact.kind);
  const fields = table && 'item' in table ? table.item.fromPayload?.(fact.payload) : null;
  if (fields)
    yield {
      type: fact.kind,
      actor: fact.actor,
      version: fact.version,
      start: fact.start,
      end: fact.end,
      status: fact.status,
      ...fields,
    } as ExportRecord;
}
