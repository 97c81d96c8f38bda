// Shared mapping between the model (ProfileDocument + Extraction) and the table rows both
// backends use, so SQLite and PostgreSQL store and rebuild exactly the same things, and the
// backend-independent half of saving: preparing documents and the batch save (saveBatch).
import {
  DossierError,
  isDossierError,
  seriesIdOf,
  type ActorDetail,
  type IngestOutcome,
  type DocumentKind,
  type DocumentMetadata,
  type Entity,
  type Extraction,
  type MentionType,
  type ProfileDocument,
  type SourceFormat,
  type VersionSummary,
} from '../model/index.js';
import { storeError } from './store-error.js';
import type { BatchSaveResult, RuleDecision, SaveDocumentInput } from './store.js';
import type { ItemKind } from './item-kinds.js';
import { layoutFromStored, metadataSpansOfStored } from './compact-layout.js';

/** The parts of a ProfileDocument that are layout, not extracted items: kept as one JSON value. */
export interface DocumentLayout {
  titleSpan: ProfileDocument['titleSpan'];
  sections: ProfileDocument['sections'];
  interests: ProfileDocument['interests'];
  sentences: ProfileDocument['sentences'];
  /** PDF only: the page spans of the text (absent for other formats). */
  pages?: ProfileDocument['pages'];
  /** Spans of the metadata values the text states (a source's byline, dateline, publisher); absent when none. */
  metadataSpans?: DocumentMetadata['spans'];
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
  /** Items of the extraction a review rule confirms at save (checked against the extraction). */
  ruleDecisions: RuleDecision[];
}

/** The rule decisions of a save, each checked: a known kind, an index into the extraction, a `rule:` reviewer. */
function checkRuleDecisions(
  decisions: readonly RuleDecision[] | undefined,
  extraction: Extraction,
  file: string,
  kinds: readonly ItemKind[],
): RuleDecision[] {
  if (decisions === undefined) return [];
  if (!Array.isArray(decisions))
    throw new DossierError('BAD_REQUEST', 'ruleDecisions is not a list', { file, expected: '[{ kind, index, rule }]' });
  return (decisions as readonly RuleDecision[]).map((decision, n) => {
    // The items of the reviewed kind the decision names (item-kinds.ts), in extraction order.
    const kind =
      typeof decision === 'object' && decision !== null
        ? kinds.find((candidate) => candidate.review !== null && candidate.review.kind === decision.kind)
        : undefined;
    const items = kind ? kind.items(extraction) : null;
    const ok =
      items !== null &&
      Number.isInteger(decision.index) &&
      decision.index >= 0 &&
      decision.index < items.length &&
      typeof decision.rule === 'string' &&
      /^rule:[a-z0-9-]{1,90}$/.test(decision.rule);
    if (!ok)
      throw new DossierError('BAD_REQUEST', `ruleDecisions[${n}] does not name an item of the extraction`, {
        file,
        expected: '{ kind: a fact kind, index: a position in the extraction, rule: "rule:<name>" }',
      });
    return { kind: decision.kind, index: decision.index, rule: decision.rule };
  });
}

/** The layout JSON of a document: `pages` only when the document has them (PDF). */
function layoutOf(document: ProfileDocument): DocumentLayout {
  const layout: DocumentLayout = {
    titleSpan: document.titleSpan,
    sections: document.sections,
    interests: document.interests,
    sentences: document.sentences,
  };
  if (document.pages) layout.pages = document.pages;
  if (Object.keys(document.metadata.spans ?? {}).length > 0) layout.metadataSpans = document.metadata.spans;
  return layout;
}

/** Prepares a save; `kinds` are the store's item kinds (what rule decisions may point into). */
export function prepareDocument(input: SaveDocumentInput, kinds: readonly ItemKind[]): PreparedDocument {
  const { document, extraction } = input;
  if (!document || !extraction) {
    throw new DossierError('BAD_REQUEST', 'saveDocument needs a document and its extraction', {
      expected: '{ document, extraction }',
    });
  }
  const actorId = seriesIdOf({ kind: document.kind ?? 'profile', actor: document.actor });
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
    layout: layoutOf(document),
    sentenceTexts: extraction.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end)),
    entityUpserts,
    entityLinks,
    ruleDecisions: checkRuleDecisions(input.ruleDecisions, extraction, document.source.name, kinds),
  };
}

/** A document of a batch that passed preparation: its position among the inputs, what to write, who saves it. */
export interface BatchItem {
  index: number;
  prepared: PreparedDocument;
  savedBy: string | null;
}

/** The backend's part of a batch save (saveBatch does the rest). */
export interface BatchWriter {
  /** The store's item kinds. */
  itemKinds: readonly ItemKind[];
  /**
   * For each item (same order): 'unchanged' with the version number when its actor already has a
   * committed version of its text, otherwise null. Read outside any write transaction.
   */
  knownVersions(items: BatchItem[]): Promise<Array<IngestOutcome | null>>;
  /**
   * Writes the items in order in one write transaction (redone whole where the backend retries),
   * moving the store revision once when anything changed; one outcome per item, in order.
   */
  writeAll(items: BatchItem[]): Promise<IngestOutcome[]>;
}

/** The error of an input that cannot be prepared: prepareDocument's own, or BAD_REQUEST for a malformed value. */
function preparationError(error: unknown): DossierError {
  if (isDossierError(error)) return error;
  return new DossierError(
    'BAD_REQUEST',
    'the document cannot be saved: it is not a complete document with its extraction',
    {
      expected: '{ document: ProfileDocument, extraction: Extraction }',
      cause: error,
    },
  );
}

/**
 * Saves a batch the way Store.saveDocuments promises: prepares every input (a failure is that
 * input's error), answers texts already stored from committed data without a write transaction,
 * writes the rest in one transaction, and when that transaction fails saves each of them on its
 * own, so that a bad document gets its own classified error and the others are stored.
 */
/**
 * Store failures that are not about the documents being saved and do not pass: a batch that meets
 * one is not retried document by document (STORE_BUSY may pass, and is).
 */
const storeWideFailures: ReadonlySet<string> = new Set([
  'STORE_READ_ONLY',
  'STORE_DISK_FULL',
  'STORE_NOT_A_DATABASE',
  'STORE_MISSING',
  'STORE_SCHEMA_VERSION',
  'STORE_UNREACHABLE',
  'STORE_AUTH',
  'STORE_NATIVE_MODULE',
]);

export async function saveBatch(inputs: SaveDocumentInput[], writer: BatchWriter): Promise<BatchSaveResult[]> {
  if (!Array.isArray(inputs)) {
    throw new DossierError('BAD_REQUEST', 'saveDocuments needs an array of documents', {
      expected: '[{ document, extraction }, …]',
    });
  }
  const results: Array<BatchSaveResult | undefined> = inputs.map(() => undefined);
  const items: BatchItem[] = [];
  inputs.forEach((input, index) => {
    try {
      items.push({ index, prepared: prepareDocument(input, writer.itemKinds), savedBy: input.savedBy ?? null });
    } catch (error) {
      results[index] = { error: preparationError(error) };
    }
  });
  const saveAction = (item: BatchItem) => `save the document of ${item.prepared.actorId}`;
  /**
   * Answers the items whose text is stored (committed) already, and returns the others (none when the check failed:
   * each got its error).
   */
  const answerKnown = async (group: BatchItem[]): Promise<BatchItem[]> => {
    try {
      const known = await writer.knownVersions(group);
      return group.filter((item, position) => {
        const outcome = known[position];
        if (outcome) results[item.index] = { outcome };
        return !outcome;
      });
    } catch (error) {
      for (const item of group) results[item.index] = { error: storeError(saveAction(item), error) };
      return [];
    }
  };
  const write = async (group: BatchItem[]): Promise<void> => {
    try {
      const outcomes = await writer.writeAll(group);
      group.forEach((item, position) => {
        results[item.index] = { outcome: outcomes[position]! };
      });
    } catch (error) {
      if (group.length === 1) {
        results[group[0]!.index] = { error: storeError(saveAction(group[0]!), error) };
        return;
      }
      // A failure of the store itself (read-only, full, busy, gone) would only repeat per document: every one gets it.
      const classified = storeError(saveAction(group[0]!), error);
      if (storeWideFailures.has(classified.code)) {
        for (const item of group) results[item.index] = { error: storeError(saveAction(item), error) };
        return;
      }
      // Nothing of the batch was kept: each document is saved on its own, in order, as saveDocument would.
      for (const item of group) {
        const [alone] = await answerKnown([item]);
        if (alone) await write([alone]);
      }
    }
  };
  const pending = items.length > 0 ? await answerKnown(items) : [];
  if (pending.length > 0) await write(pending);
  return results as BatchSaveResult[];
}

/** The outcome of a one-document batch, or its error thrown (saveDocument on top of saveBatch). */
export function outcomeOf(result: BatchSaveResult | undefined): IngestOutcome {
  if (!result) throw new DossierError('STORE_ERROR', 'Could not save the document: the store gave no result');
  if (result.error !== undefined) throw result.error;
  return result.outcome;
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
  /** Added by migration 7 (older rows read as a profile without publication metadata). */
  kind?: string | null;
  published?: string | null;
  publisher?: string | null;
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

/** The metadata of a document row; `layout` is its layout JSON when the caller has parsed it already. */
export const metadataFromRow = (
  row: DocumentRow,
  layout: Pick<DocumentLayout, 'metadataSpans'> | null = row.layout === undefined || row.layout === null
    ? null
    : { metadataSpans: metadataSpansOfStored(fromJson(row.layout)) },
): DocumentMetadata => ({
  asOf: row.as_of,
  source: row.source_url,
  author: row.author,
  published: row.published ?? null,
  publisher: row.publisher ?? null,
  spans: layout?.metadataSpans ?? {},
  focus: row.focus,
  extra: fromJson<Record<string, unknown>>(row.extra),
});

/** The kind of a stored document (rows from before migration 7 are profiles). */
export const kindFromRow = (row: { kind?: string | null }): DocumentKind =>
  row.kind === 'source' ? 'source' : 'profile';

export function profileDocumentFromRow(row: DocumentRow): ProfileDocument {
  const layout = layoutFromStored(fromJson(row.layout), row.text);
  const document: ProfileDocument = {
    kind: kindFromRow(row),
    text: row.text,
    actor: { name: row.actor_name, country: row.actor_country },
    titleSpan: layout.titleSpan,
    sections: layout.sections,
    interests: layout.interests,
    sentences: layout.sentences,
    metadata: metadataFromRow(row, layout),
    source: {
      name: row.source_name,
      format: row.format as SourceFormat,
      encoding: row.encoding,
      bytes: row.bytes,
      hash: row.hash,
    },
  };
  if (layout.pages) document.pages = layout.pages;
  return document;
}

/** A row of the entities table (JSON columns as the driver returns them). */
export interface EntityRow {
  id: string;
  type: string;
  name: string;
  country: string | null;
  wikidata: string | null;
  aliases: unknown;
  attributes: unknown;
}

export function entityFromRow(row: EntityRow): Entity {
  const entity: Entity = {
    id: row.id,
    type: row.type as MentionType,
    name: row.name,
    country: row.country,
    wikidata: row.wikidata,
  };
  if (row.aliases !== null && row.aliases !== undefined) entity.aliases = fromJson<string[]>(row.aliases);
  if (row.attributes !== null && row.attributes !== undefined)
    entity.attributes = fromJson<Record<string, string>>(row.attributes);
  return entity;
}

/** An actor's version as the API gives it: its document row, every version, and its rebuilt extraction. */
export function actorDetailFrom(doc: DocumentRow, versions: VersionRow[], extraction: Extraction): ActorDetail {
  return {
    id: doc.actor_id,
    actor: { name: doc.actor_name, country: doc.actor_country },
    version: versionFromRow(doc),
    versions: versions.map(versionFromRow),
    metadata: metadataFromRow(doc),
    extraction,
  };
}

/** JSON text of a value, or null for undefined/null (used for optional JSON columns). */
export const jsonOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** An entity as the values of the columns id, type, name, country, wikidata, aliases, attributes, updated_at. */
export const entityValues = (e: Entity, updatedAt: string): unknown[] => [
  e.id,
  e.type,
  e.name,
  e.country,
  e.wikidata,
  jsonOrNull(e.aliases),
  jsonOrNull(e.attributes),
  updatedAt,
];

export const nowIso = (): string => new Date().toISOString();
