// Shared mapping between the model (ProfileDocument + Extraction) and the table rows both
// backends use, so SQLite and PostgreSQL store and rebuild exactly the same things.
import {
  DossierError,
  slugify,
  type ActorDetail,
  type DocumentMetadata,
  type Entity,
  type Event,
  type Extraction,
  type Mention,
  type MentionType,
  type Posture,
  type ProfileDocument,
  type Quantity,
  type Relation,
  type SourceFormat,
  type Time,
  type VersionSummary,
} from '../model/index.js';
import type { SaveDocumentInput } from './store.js';

/** The parts of a ProfileDocument that are layout, not extracted items: kept as one JSON value. */
export interface DocumentLayout {
  titleSpan: ProfileDocument['titleSpan'];
  sections: ProfileDocument['sections'];
  interests: ProfileDocument['interests'];
  sentences: ProfileDocument['sentences'];
}

/** Everything of one save, prepared once (validated, flattened) before any database work. */
export interface PreparedDocument {
  actorId: string;
  document: ProfileDocument;
  extraction: Extraction;
  layout: DocumentLayout;
  /** The text of each extraction sentence, in order. */
  sentenceTexts: string[];
  /** Distinct entities to upsert, sorted by id (a stable lock order for concurrent writers). */
  entityUpserts: Entity[];
  /** Entity ids listed by this extraction, first occurrence order. */
  entityLinks: string[];
}

export function prepareDocument(input: SaveDocumentInput): PreparedDocument {
  const { document, extraction } = input;
  if (!document || !extraction) {
    throw new DossierError('BAD_REQUEST', 'saveDocument needs a document and its extraction', { expected: '{ document, extraction }' });
  }
  const actorId = slugify(document.actor.name);
  if (!actorId) {
    throw new DossierError('BAD_REQUEST', `the actor name "${document.actor.name}" gives an empty id`, {
      file: document.source.name,
      expected: 'an actor name with at least one letter or digit',
    });
  }
  if (extraction.text !== document.text) {
    throw new DossierError('BAD_REQUEST', 'the extraction was not made from this document: their texts differ', {
      file: document.source.name,
      expected: 'extraction.text identical to document.text',
    });
  }
  const byId = new Map<string, Entity>();
  const entityLinks: string[] = [];
  for (const entity of extraction.entities) {
    if (!byId.has(entity.id)) entityLinks.push(entity.id);
    byId.set(entity.id, entity);
  }
  const entityUpserts = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    actorId,
    document,
    extraction,
    layout: { titleSpan: document.titleSpan, sections: document.sections, interests: document.interests, sentences: document.sentences },
    sentenceTexts: extraction.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end)),
    entityUpserts,
    entityLinks,
  };
}

/** JSON columns arrive as text from SQLite and already parsed from PostgreSQL. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const isoTime = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

/** Row shapes shared by both backends (column names are the same in both schemas). */
export interface DocumentRow {
  id: number;
  actor_id: string;
  version: number;
  hash: string;
  text: string;
  actor_name: string;
  actor_country: string | null;
  extraction_actor_name: string;
  extraction_actor_country: string | null;
  layout: unknown;
  source_name: string;
  format: string;
  encoding: string;
  bytes: number;
  as_of: string | null;
  source_url: string | null;
  author: string | null;
  focus: string;
  extra: unknown;
  ingested_at: unknown;
}

export interface VersionRow {
  version: number;
  hash: string;
  source_name: string;
  format: string;
  ingested_at: unknown;
  as_of: string | null;
}

export const versionFromRow = (row: VersionRow): VersionSummary => ({
  version: row.version,
  hash: row.hash,
  sourceName: row.source_name,
  format: row.format as SourceFormat,
  ingestedAt: isoTime(row.ingested_at),
  asOf: row.as_of,
});

export const metadataFromRow = (row: DocumentRow): DocumentMetadata => ({
  asOf: row.as_of,
  source: row.source_url,
  author: row.author,
  focus: row.focus,
  extra: fromJson<Record<string, unknown>>(row.extra),
});

export function profileDocumentFromRow(row: DocumentRow): ProfileDocument {
  const layout = fromJson<DocumentLayout>(row.layout);
  return {
    text: row.text,
    actor: { name: row.actor_name, country: row.actor_country },
    titleSpan: layout.titleSpan,
    sections: layout.sections,
    interests: layout.interests,
    sentences: layout.sentences,
    metadata: metadataFromRow(row),
    source: { name: row.source_name, format: row.format as SourceFormat, encoding: row.encoding, bytes: row.bytes, hash: row.hash },
  };
}

interface SpanRow {
  span_start: number;
  span_end: number;
}

export interface ItemRows {
  sections: Array<SpanRow & { heading: string }>;
  interests: Array<SpanRow & { rank: number; title: string; themes: unknown }>;
  sentences: Array<SpanRow & { themes: unknown }>;
  entities: Array<{ id: string; type: string; name: string; country: string | null; wikidata: string | null; aliases: unknown; attributes: unknown }>;
  mentions: Array<SpanRow & { text: string; type: string; entity_id: string; country: string | null }>;
  times: Array<SpanRow & { text: string; value: string }>;
  quantities: Array<SpanRow & { text: string; value: number; unit: string }>;
  events: Array<SpanRow & { type: string; date: string | null; actors: unknown; place: string | null }>;
  relations: Array<SpanRow & { subject: string; predicate: string; object: string; negated: unknown }>;
  postures: Array<SpanRow & { label: string }>;
}

export function entityFromRow(row: ItemRows['entities'][number]): Entity {
  const entity: Entity = { id: row.id, type: row.type as MentionType, name: row.name, country: row.country, wikidata: row.wikidata };
  if (row.aliases !== null && row.aliases !== undefined) entity.aliases = fromJson<string[]>(row.aliases);
  if (row.attributes !== null && row.attributes !== undefined) entity.attributes = fromJson<Record<string, string>>(row.attributes);
  return entity;
}

const evidence = (row: SpanRow) => ({ start: row.span_start, end: row.span_end });

/** Rebuilds the Extraction of one version from its document row and item rows (each in stored order). */
export function extractionFromRows(doc: DocumentRow, rows: ItemRows): Extraction {
  const posture = rows.postures[0];
  return {
    text: doc.text,
    actor: { name: doc.extraction_actor_name, country: doc.extraction_actor_country },
    sections: rows.sections.map((row) => ({ heading: row.heading, start: row.span_start, end: row.span_end })),
    interests: rows.interests.map((row) => ({
      rank: row.rank,
      title: row.title,
      themes: fromJson(row.themes),
      start: row.span_start,
      end: row.span_end,
    })),
    sentences: rows.sentences.map((row) => {
      const sentence: Extraction['sentences'][number] = { start: row.span_start, end: row.span_end };
      if (row.themes !== null && row.themes !== undefined) sentence.themes = fromJson(row.themes);
      return sentence;
    }),
    mentions: rows.mentions.map(
      (row): Mention => ({
        start: row.span_start,
        end: row.span_end,
        text: row.text,
        type: row.type as MentionType,
        entity: row.entity_id,
        country: row.country,
      }),
    ),
    entities: rows.entities.map(entityFromRow),
    times: rows.times.map((row): Time => ({ start: row.span_start, end: row.span_end, text: row.text, value: row.value })),
    quantities: rows.quantities.map(
      (row): Quantity => ({ start: row.span_start, end: row.span_end, text: row.text, value: Number(row.value), unit: row.unit }),
    ),
    events: rows.events.map(
      (row): Event => ({
        type: row.type as Event['type'],
        date: row.date,
        actors: fromJson<string[]>(row.actors),
        place: row.place,
        evidence: evidence(row),
      }),
    ),
    relations: rows.relations.map(
      (row): Relation => ({
        subject: row.subject,
        predicate: row.predicate as Relation['predicate'],
        object: row.object,
        negated: Boolean(row.negated),
        evidence: evidence(row),
      }),
    ),
    posture: posture ? ({ label: posture.label, evidence: evidence(posture) } as Posture) : null,
  };
}

export function actorDetailFrom(doc: DocumentRow, versions: VersionRow[], rows: ItemRows): ActorDetail {
  return {
    id: doc.actor_id,
    actor: { name: doc.actor_name, country: doc.actor_country },
    version: versionFromRow(doc),
    versions: versions.map(versionFromRow),
    metadata: metadataFromRow(doc),
    extraction: extractionFromRows(doc, rows),
  };
}

/** JSON text of a value, or null for undefined/null (used for optional JSON columns). */
export const jsonOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export const nowIso = (): string => new Date().toISOString();
