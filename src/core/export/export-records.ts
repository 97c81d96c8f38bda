// The typed records of an export (src/model/export.ts), produced document by document so that any
// collection streams in constant memory: for each actor and source (or the one asked for), its
// actor and document records, subjects, sections, interests, sentences, the entities it is the
// first to name, its mentions, times, quantities, events, relations and posture, each with its
// review status, filtered by the export's status (accepted, confirmed — by a person, not a rule —, all).
import {
  DossierError,
  factPayloadSchemas,
  type ActorDetail,
  type ExportFilter,
  type ExportRecord,
  type Fact,
  type ReviewStatus,
} from '../../model/index.js';
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

export async function* exportRecords(dossier: Dossier, filter: ExportFilter): AsyncGenerator<ExportRecord> {
  const entitiesSeen = new Set<string>();
  const documents = await scope(dossier, filter);
  const reviewed = await reviewedFacts(dossier, filter);
  // Read in batches: a handful of queries per batch instead of a dozen per document.
  for (let from = 0; from < documents.length; from += readBatch) {
    const details = await dossier.store.getActors(documents.slice(from, from + readBatch));
    for (const detail of details) yield* documentRecords(dossier, detail, filter, entitiesSeen, reviewed);
  }
}

/** The review status of a fact of one document, by kind and span. */
type StatusOf = (kind: string, span: { start: number; end: number }) => ReviewStatus;

async function* documentRecords(
  dossier: Dossier,
  detail: ActorDetail,
  filter: ExportFilter,
  entitiesSeen: Set<string>,
  reviewed: Reviewed,
): AsyncGenerator<ExportRecord> {
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

  yield* headerRecords(detail);
  yield* interestRecords(detail, filter, statusOf);
  yield* textRecords(detail, pageOf, entitiesSeen);
  yield* spanRecords(detail, filter, statusOf);
  yield* claimRecords(detail, filter, statusOf);
  // Rejected facts are not in the extraction the store rebuilds: with `all`, they come from the review records.
  if (filter.status === 'all')
    for (const fact of reviewed.rejected.get(`${actor}@${version}`) ?? []) yield* rejectedRecord(fact);
}

/** The actor and document records of a document, then its subjects and sections. */
function* headerRecords(detail: ActorDetail): Generator<ExportRecord> {
  const x = detail.extraction;
  const actor = detail.id;
  const version = detail.version.version;
  yield {
    type: 'actor',
    id: actor,
    name: detail.actor.name,
    country: detail.actor.country,
    kind: x.kind,
    version,
    versions: detail.versions.length,
  };
  yield {
    type: 'document',
    actor,
    version,
    kind: x.kind,
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
    text: x.text,
  };
  for (const subject of x.subjects ?? [])
    yield { type: 'subject', actor, version, entity: subject.entity, how: subject.how };
  for (const [index, section] of x.sections.entries())
    yield { type: 'section', actor, version, index, heading: section.heading, start: section.start, end: section.end };
}

/** The ranked interests of a document the export's status keeps. */
function* interestRecords(detail: ActorDetail, filter: ExportFilter, statusOf: StatusOf): Generator<ExportRecord> {
  const actor = detail.id;
  const version = detail.version.version;
  for (const interest of detail.extraction.interests) {
    const status = statusOf('interest', interest);
    if (wanted(filter, status))
      yield {
        type: 'interest',
        actor,
        version,
        start: interest.start,
        end: interest.end,
        status,
        rank: interest.rank,
        title: interest.title,
        themes: interest.themes,
      };
  }
}

/** The sentences of a document (with their page), then the entities no earlier document named. */
function* textRecords(
  detail: ActorDetail,
  pageOf: (offset: number) => number | null,
  entitiesSeen: Set<string>,
): Generator<ExportRecord> {
  const x = detail.extraction;
  const actor = detail.id;
  const version = detail.version.version;
  for (const [index, sentence] of x.sentences.entries()) {
    yield {
      type: 'sentence',
      actor,
      version,
      index,
      start: sentence.start,
      end: sentence.end,
      text: x.text.slice(sentence.start, sentence.end),
      themes: sentence.themes ?? [],
      page: pageOf(sentence.start),
    };
  }
  for (const entity of x.entities) {
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

/** The mentions, times and quantities of a document the export's status keeps. */
function* spanRecords(detail: ActorDetail, filter: ExportFilter, statusOf: StatusOf): Generator<ExportRecord> {
  const x = detail.extraction;
  const actor = detail.id;
  const version = detail.version.version;
  for (const m of x.mentions) {
    const status = statusOf('mention', m);
    if (wanted(filter, status))
      yield {
        type: 'mention',
        actor,
        version,
        start: m.start,
        end: m.end,
        status,
        text: m.text,
        mentionType: m.type,
        entity: m.entity,
        country: m.country,
        via: m.via ?? null,
      };
  }
  for (const t of x.times) {
    const status = statusOf('time', t);
    if (wanted(filter, status))
      yield {
        type: 'time',
        actor,
        version,
        start: t.start,
        end: t.end,
        status,
        text: t.text,
        value: t.value,
        resolved: t.resolved ?? null,
      };
  }
  for (const q of x.quantities) {
    const status = statusOf('quantity', q);
    if (wanted(filter, status))
      yield {
        type: 'quantity',
        actor,
        version,
        start: q.start,
        end: q.end,
        status,
        text: q.text,
        value: q.value,
        unit: q.unit,
      };
  }
}

/** The events, relations and posture of a document the export's status keeps. */
function* claimRecords(detail: ActorDetail, filter: ExportFilter, statusOf: StatusOf): Generator<ExportRecord> {
  const x = detail.extraction;
  const actor = detail.id;
  const version = detail.version.version;
  for (const e of x.events) {
    const status = statusOf('event', e.evidence);
    if (wanted(filter, status))
      yield {
        type: 'event',
        actor,
        version,
        ...e.evidence,
        status,
        eventType: e.type,
        date: e.date,
        actors: e.actors,
        place: e.place,
        valid: e.valid ?? e.date,
        current: e.current ?? true,
      };
  }
  for (const r of x.relations) {
    const status = statusOf('relation', r.evidence);
    if (wanted(filter, status))
      yield {
        type: 'relation',
        actor,
        version,
        ...r.evidence,
        status,
        subject: r.subject,
        predicate: r.predicate,
        object: r.object,
        negated: r.negated,
        valid: r.valid ?? null,
        current: r.current ?? true,
      };
  }
  if (x.posture) {
    const status = statusOf('posture', x.posture.evidence);
    if (wanted(filter, status))
      yield { type: 'posture', actor, version, ...x.posture.evidence, status, label: x.posture.label };
  }
}

function* rejectedRecord(fact: Fact): Generator<ExportRecord> {
  const base = { actor: fact.actor, version: fact.version, start: fact.start, end: fact.end, status: fact.status };
  switch (fact.kind) {
    case 'mention': {
      const p = factPayloadSchemas.mention.safeParse(fact.payload);
      if (p.success)
        yield {
          type: 'mention',
          ...base,
          text: p.data.text,
          mentionType: p.data.type,
          entity: p.data.entity,
          country: p.data.country,
          via: null,
        };
      break;
    }
    case 'time': {
      const p = factPayloadSchemas.time.safeParse(fact.payload);
      if (p.success) yield { type: 'time', ...base, text: p.data.text, value: p.data.value, resolved: null };
      break;
    }
    case 'quantity': {
      const p = factPayloadSchemas.quantity.safeParse(fact.payload);
      if (p.success) yield { type: 'quantity', ...base, ...p.data };
      break;
    }
    case 'event': {
      const p = factPayloadSchemas.event.safeParse(fact.payload);
      if (p.success)
        yield {
          type: 'event',
          ...base,
          eventType: p.data.type,
          date: p.data.date,
          actors: p.data.actors,
          place: p.data.place,
          valid: p.data.date,
          current: true,
        };
      break;
    }
    case 'relation': {
      const p = factPayloadSchemas.relation.safeParse(fact.payload);
      if (p.success) yield { type: 'relation', ...base, ...p.data, valid: null, current: true };
      break;
    }
    case 'posture': {
      const p = factPayloadSchemas.posture.safeParse(fact.payload);
      if (p.success) yield { type: 'posture', ...base, ...p.data };
      break;
    }
    case 'interest': {
      const p = factPayloadSchemas.interest.safeParse(fact.payload);
      if (p.success) yield { type: 'interest', ...base, ...p.data };
      break;
    }
  }
}
