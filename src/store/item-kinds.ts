// The item kinds of a stored document, each declared once: its table, its columns (name, type,
// the value written from the extraction), the columns read back and how rows become the
// extraction's field again. Both backends write, read and batch-read every kind from these
// declarations (sql-store.ts, batch-reader.ts); a new kind's table can be made from its
// declaration (itemTableSql). Entities are not an item kind: they are shared across documents
// (upserted, then linked to the document by document_entities).
import {
  eventRecords,
  factKinds,
  interestRecords,
  mentionRecords,
  postureRecords,
  quantityRecords,
  relationRecords,
  sectionRecords,
  sentenceRecords,
  subjectRecords,
  timeRecords,
  type AnyItemRecordKind,
  type Entity,
  type Event,
  type Extraction,
  type FactKind,
  type Mention,
  type MentionType,
  type Posture,
  type Quantity,
  type Relation,
  type SourceSubject,
  type Time,
} from '../model/index.js';
import type { ConfidenceRule } from './confidence-rule.js';
import { fromJson, jsonOrNull, kindFromRow, type DocumentRow, type PreparedDocument } from './rows.js';
import { eventBoundsOf, timeBoundsOf } from './timeline-reader.js';

/** How a column is stored: SQLite and PostgreSQL types follow from it (itemTableSql, the bulk inserts). */
export type ColumnType = 'text' | 'int' | 'float' | 'json' | 'bool' | 'timestamp';

export interface ItemColumn<T> {
  name: string;
  type: ColumnType;
  /** Whether the column may hold null. */
  nullable?: boolean;
  /** The value written for the item at `index` of the document (a boolean for 'bool', JSON text for 'json'). */
  value(item: T, index: number, prepared: PreparedDocument): unknown;
}

/** A stored row of an item table: its read columns, JSON and booleans as the driver returns them. */
export type ItemRow = Record<string, unknown> & { span_start: number; span_end: number };

/** How a payload field of a reviewed item is read from and written to its column. */
export type ReviewFieldType = 'text' | 'number' | 'json' | 'bool';

/** How the items of a kind are reviewed: as facts of `kind`, whose payload is `fields`. */
export interface ItemReview {
  /** The fact kind (fact ids read `<kind>-<document id>-<position>`; rule decisions name it). */
  kind: FactKind;
  /** The payload of a fact, field → column, in order: what a reviewer sees and may edit. */
  fields: Array<[field: string, column: string, type: ReviewFieldType]>;
  /** The value written for a payload field that is null or absent, where the column has no null. */
  whenNull?: Record<string, unknown>;
  /** How certain a fact is, from how it was found (confidence-rule.ts); absent: 0.5 (1 when a person added it). */
  confidence?: ConfidenceRule;
}

export interface ItemKind<T = unknown> {
  /** The field of the extraction the items come from and go back to. */
  field: string;
  table: string;
  /**
   * The name the rows are read whole under when the table keeps less than they hold (sentences: the `sentences`
   * view slices their text from the document), and published under by the sqlite export; else `table`.
   */
  readAs?: string;
  /** How the items are reviewed (rejected rows are not read back), or null for items nobody reviews. */
  review: ItemReview | null;
  /** Rows carry a `position` (their index in the extraction); false for one-per-document kinds (posture). */
  positioned: boolean;
  /** The items of an extraction, in order (what is written, and what rule decisions point into). */
  items(extraction: Extraction): readonly T[];
  /** Columns written after document_id (and position), in order. */
  columns: Array<ItemColumn<T>>;
  /**
   * Text columns stored as NULL where they hold the document's text at the item's span and SQL's substr slices it
   * alike (slicedValue); read through slicedColumnSql in SQL, and filled from the document's text by fromRows.
   */
  sliced?: readonly string[];
  /** Columns read back, in the order of the stored rows. */
  readColumns: string[];
  /** The extraction's value of `field` from the stored rows (in order); undefined leaves the field out. */
  fromRows(rows: ItemRow[], document: { kind: string; text: string }): unknown;
  /** Its model part (model/item-records.ts): its record in the exports; absent: not exported as records. */
  record?: AnyItemRecordKind;
}

/** A column written from a property of the item. */
const prop = <T>(name: string, type: ColumnType, pick: (item: T) => unknown, nullable = false): ItemColumn<T> => ({
  name,
  type,
  nullable,
  value: (item) => pick(item),
});
const spanOf = <T extends { start: number; end: number }>(): Array<ItemColumn<T>> => [
  prop('span_start', 'int', (item) => item.start),
  prop('span_end', 'int', (item) => item.end),
];
const evidenceSpanOf = <T extends { evidence: { start: number; end: number } }>(): Array<ItemColumn<T>> => [
  prop('span_start', 'int', (item) => item.evidence.start),
  prop('span_end', 'int', (item) => item.evidence.end),
];
const span = (row: ItemRow) => ({ start: row.span_start, end: row.span_end });
/** The `current` flag as stored (an older row may lack it: current). */
const currentOf = (value: unknown): boolean => (value === undefined || value === null ? true : Boolean(value));

/** Declares a kind with its item type checked against its columns. */
export const itemKind = <T>(kind: ItemKind<T>): ItemKind => kind as ItemKind;

/** The name a kind's whole rows are read and published under (see `ItemKind.readAs`). */
export const readNameOf = (kind: ItemKind): string => kind.readAs ?? kind.table;

type Section = Extraction['sections'][number];
type Interest = Extraction['interests'][number];
type Sentence = Extraction['sentences'][number];

const sections = itemKind<Section>({
  field: 'sections',
  table: 'sections',
  record: sectionRecords,
  review: null,
  positioned: true,
  items: (x) => x.sections,
  columns: [prop('heading', 'text', (s) => s.heading), ...spanOf<Section>()],
  readColumns: ['heading', 'span_start', 'span_end'],
  fromRows: (rows) => rows.map((row) => ({ heading: row.heading, ...span(row) })),
});

const interests = itemKind<Interest>({
  field: 'interests',
  table: 'interests',
  record: interestRecords,
  review: {
    kind: 'interest',
    fields: [
      ['rank', 'rank', 'number'],
      ['title', 'title', 'text'],
      ['themes', 'themes', 'json'],
    ],
    confidence: { cases: [], otherwise: 0.8 },
  },
  positioned: true,
  items: (x) => x.interests,
  columns: [
    prop('rank', 'int', (i) => i.rank),
    prop('title', 'text', (i) => i.title),
    prop('themes', 'json', (i) => JSON.stringify(i.themes)),
    ...spanOf<Interest>(),
  ],
  readColumns: ['rank', 'title', 'themes', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row) => ({ rank: row.rank, title: row.title, themes: fromJson(row.themes), ...span(row) })),
});

/** The longest document whose sentences are read as slices of it (a profile is about 3.5 KB). */
const sliceableDocumentLength = 16_384;

/**
 * Where SQL's substr (in characters) stops slicing like the UTF-16 spans: the first astral character or NUL; 0
 * for a document longer than sliceableDocumentLength, so that its sentences keep their text.
 */
export const sliceLimitOf = (text: string): number => {
  const at = text.search(/[\u0000\uD800-\uDFFF]/);
  // A long document keeps its sentences' text: the view's substr walks the document from its start for every
  // sentence, which is quadratic in its length (a 64 KB paste of 32,000 sentences took seconds to index).
  return text.length > sliceableDocumentLength ? 0 : at < 0 ? Infinity : at;
};
const sliceLimits = new WeakMap<PreparedDocument, number>();
const sqlSliceLimit = (prepared: PreparedDocument): number => {
  let limit = sliceLimits.get(prepared);
  if (limit === undefined) {
    limit = sliceLimitOf(prepared.document.text);
    sliceLimits.set(prepared, limit);
  }
  return limit;
};

/**
 * The stored value of a sliced text column (ItemKind.sliced): null where `text` is the document's text at the span
 * and SQL slices it alike, else the text.
 */
const slicedValue = (text: string, start: number, end: number, prepared: PreparedDocument): string | null =>
  end <= sqlSliceLimit(prepared) && prepared.document.text.slice(start, end) === text ? null : text;

/**
 * The SQL of column `column` of an item row `x` of a kind whose `sliced` columns are given: a sliced column's NULL
 * read as the text of its document `d` (joined by the query) at the row's span.
 */
export const slicedColumnSql = (sliced: readonly string[] | undefined, column: string, x = 'x', d = 'd'): string =>
  sliced?.includes(column)
    ? `coalesce(${x}.${column}, substr(${d}.text, ${x}.span_start + 1, ${x}.span_end - ${x}.span_start))`
    : `${x}.${column}`;

// The sentences view (migration 16) reads a sentence's text from its document; it is stored only where SQL would
// slice it differently.
const sentences = itemKind<Sentence>({
  field: 'sentences',
  table: 'sentence_spans',
  readAs: 'sentences',
  record: sentenceRecords,
  review: null,
  positioned: true,
  items: (x) => x.sentences,
  columns: [
    {
      name: 'text',
      type: 'text',
      nullable: true,
      value: (s, index, prepared) => (s.end <= sqlSliceLimit(prepared) ? null : prepared.sentenceTexts[index]),
    },
    prop('themes', 'json', (s) => jsonOrNull(s.themes), true),
    ...spanOf<Sentence>(),
  ],
  readColumns: ['themes', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row) => {
      const sentence: Sentence = span(row);
      if (row.themes !== null && row.themes !== undefined) sentence.themes = fromJson(row.themes);
      return sentence;
    }),
});

const mentions = itemKind<Mention>({
  field: 'mentions',
  table: 'mentions',
  record: mentionRecords,
  review: {
    kind: 'mention',
    fields: [
      ['text', 'text', 'text'],
      ['type', 'type', 'text'],
      ['entity', 'entity_id', 'text'],
      ['country', 'country', 'text'],
    ],
    // Coreference ("the pipeline", "he") 0.5; the words exactly the entity's name or an alias: a country 0.99 (the
    // gazetteer's own name: confirmed by rule), another gazetteer entity (a Wikidata id) 0.9, a detected name 0.7;
    // linked through other words (a demonym, a variant) 0.6.
    confidence: {
      entity: 'entity_id',
      cases: [
        { when: [{ is: ['via', 'coreference'] }], then: 0.5 },
        { when: [{ namesEntity: true }, { is: ['type', 'country'] }], then: 0.99 },
        { when: [{ namesEntity: true }, { entitySet: 'wikidata' }], then: 0.9 },
        { when: [{ namesEntity: true }], then: 0.7 },
      ],
      otherwise: 0.6,
    },
  },
  positioned: true,
  items: (x) => x.mentions,
  // A mention's words are (almost always) its document's text at its span: stored only where they differ (21).
  sliced: ['text'],
  columns: [
    {
      name: 'text',
      type: 'text',
      nullable: true,
      value: (m, _index, prepared) => slicedValue(m.text, m.start, m.end, prepared),
    },
    prop('type', 'text', (m) => m.type),
    prop('entity_id', 'text', (m) => m.entity),
    prop('country', 'text', (m) => m.country, true),
    prop('via', 'text', (m) => m.via ?? null, true),
    ...spanOf<Mention>(),
  ],
  readColumns: ['text', 'type', 'entity_id', 'country', 'via', 'span_start', 'span_end'],
  fromRows: (rows, document) =>
    rows.map((row) => {
      const mention: Mention = {
        ...span(row),
        text: (row.text ?? document.text.slice(row.span_start, row.span_end)) as string,
        type: row.type as MentionType,
        entity: row.entity_id as string,
        country: (row.country ?? null) as string | null,
      };
      if (row.via === 'coreference') mention.via = 'coreference';
      return mention;
    }),
});

/** The SQL of a mention `m`'s words, its document joined as `d` (its text is NULL where it is the slice). */
export const mentionTextSql = (m = 'm', d = 'd'): string => slicedColumnSql(mentions.sliced, 'text', m, d);

const times = itemKind<Time>({
  field: 'times',
  table: 'times',
  record: timeRecords,
  review: {
    kind: 'time',
    fields: [
      ['text', 'text', 'text'],
      ['value', 'value', 'text'],
    ],
    // Written in full (its words are its value) 0.9, completed from the document's date or its context 0.6.
    confidence: {
      cases: [
        { when: [{ isWords: 'value' }], then: 0.9 },
        { when: [{ set: 'resolved' }], then: 0.6 },
      ],
      otherwise: 0.75,
    },
  },
  positioned: true,
  items: (x) => x.times,
  columns: [
    prop('text', 'text', (t) => t.text),
    prop('value', 'text', (t) => t.value),
    prop('resolved', 'text', (t) => t.resolved ?? null, true),
    prop('earliest', 'text', (t) => timeBoundsOf(t.value).earliest, true),
    prop('latest', 'text', (t) => timeBoundsOf(t.value).latest, true),
    ...spanOf<Time>(),
  ],
  readColumns: ['text', 'value', 'resolved', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row) => {
      const time: Time = { ...span(row), text: row.text as string, value: row.value as string };
      if (row.resolved) time.resolved = row.resolved as NonNullable<Time['resolved']>;
      return time;
    }),
});

const quantities = itemKind<Quantity>({
  field: 'quantities',
  table: 'quantities',
  record: quantityRecords,
  review: {
    kind: 'quantity',
    fields: [
      ['text', 'text', 'text'],
      ['value', 'value', 'number'],
      ['unit', 'unit', 'text'],
    ],
    confidence: { cases: [], otherwise: 0.8 },
  },
  positioned: true,
  items: (x) => x.quantities,
  columns: [
    prop('text', 'text', (q) => q.text),
    prop('value', 'float', (q) => q.value),
    prop('unit', 'text', (q) => q.unit),
    ...spanOf<Quantity>(),
  ],
  readColumns: ['text', 'value', 'unit', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row): Quantity => ({
      ...span(row),
      text: row.text as string,
      value: Number(row.value),
      unit: row.unit as string,
    })),
});

const events = itemKind<Event>({
  field: 'events',
  table: 'events',
  record: eventRecords,
  review: {
    kind: 'event',
    fields: [
      ['type', 'type', 'text'],
      ['date', 'date', 'text'],
      ['actors', 'actors', 'json'],
      ['place', 'place', 'text'],
    ],
    confidence: { cases: [], otherwise: 0.5 },
  },
  positioned: true,
  items: (x) => x.events,
  columns: [
    prop('type', 'text', (e) => e.type),
    prop('date', 'text', (e) => e.date, true),
    prop('actors', 'json', (e) => JSON.stringify(e.actors)),
    prop('place', 'text', (e) => e.place, true),
    prop('valid', 'text', (e) => e.valid ?? null, true),
    prop('current', 'bool', (e) => e.current !== false),
    prop('earliest', 'text', (e) => eventBoundsOf(e).earliest, true),
    prop('latest', 'text', (e) => eventBoundsOf(e).latest, true),
    ...evidenceSpanOf<Event>(),
  ],
  readColumns: ['type', 'date', 'actors', 'place', 'valid', 'current', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row): Event => ({
      type: row.type as Event['type'],
      date: (row.date ?? null) as string | null,
      actors: fromJson<string[]>(row.actors),
      place: (row.place ?? null) as string | null,
      evidence: span(row),
      valid: (row.valid ?? null) as string | null,
      current: currentOf(row.current),
    })),
});

const relations = itemKind<Relation>({
  field: 'relations',
  table: 'relations',
  record: relationRecords,
  review: {
    kind: 'relation',
    fields: [
      ['subject', 'subject', 'text'],
      ['predicate', 'predicate', 'text'],
      ['object', 'object', 'text'],
      ['negated', 'negated', 'bool'],
      ['valid', 'valid', 'text'],
      ['current', 'current', 'bool'],
    ],
    // The column has no "unknown": a relation whose time nobody knows is kept as the extraction keeps it, current.
    whenNull: { current: true },
    confidence: { cases: [{ when: [{ set: 'negated' }], then: 0.4 }], otherwise: 0.5 },
  },
  positioned: true,
  items: (x) => x.relations,
  columns: [
    prop('subject', 'text', (r) => r.subject),
    prop('predicate', 'text', (r) => r.predicate),
    prop('object', 'text', (r) => r.object),
    prop('negated', 'bool', (r) => r.negated),
    prop('valid', 'text', (r) => r.valid ?? null, true),
    prop('current', 'bool', (r) => r.current !== false),
    ...evidenceSpanOf<Relation>(),
  ],
  readColumns: ['subject', 'predicate', 'object', 'negated', 'valid', 'current', 'span_start', 'span_end'],
  fromRows: (rows) =>
    rows.map((row): Relation => ({
      subject: row.subject as string,
      predicate: row.predicate as Relation['predicate'],
      object: row.object as string,
      negated: Boolean(row.negated),
      evidence: span(row),
      valid: (row.valid ?? null) as string | null,
      current: currentOf(row.current),
    })),
});

const posture = itemKind<Posture>({
  field: 'posture',
  table: 'postures',
  record: postureRecords,
  review: { kind: 'posture', fields: [['label', 'label', 'text']], confidence: { cases: [], otherwise: 0.6 } },
  positioned: false,
  items: (x) => (x.posture ? [x.posture] : []),
  columns: [prop('label', 'text', (p) => p.label), ...evidenceSpanOf<Posture>()],
  readColumns: ['label', 'span_start', 'span_end'],
  fromRows: ([row]) => (row ? ({ label: row.label, evidence: span(row) } as Posture) : null),
});

const subjects = itemKind<SourceSubject>({
  field: 'subjects',
  table: 'document_subjects',
  record: subjectRecords,
  review: null,
  positioned: true,
  items: (x) => x.subjects ?? [],
  columns: [prop('subject', 'text', (s) => s.entity), prop('how', 'text', (s) => s.how)],
  readColumns: ['subject', 'how'],
  // A profile has no subjects field at all.
  fromRows: (rows, document) =>
    document.kind === 'source'
      ? rows.map((row) => ({ entity: row.subject as string, how: row.how as SourceSubject['how'] }))
      : undefined,
});

/**
 * The item kinds of the store, in write and read order (the order of the extraction's fields; the
 * document's entities come right after its mentions).
 */
export const documentItemKinds: readonly ItemKind[] = [
  sections,
  interests,
  sentences,
  mentions,
  times,
  quantities,
  events,
  relations,
  posture,
  subjects,
];

/** A kind whose items are reviewed. */
export type ReviewedItemKind = ItemKind & { review: ItemReview };

/**
 * The reviewed kinds of a registry, in the order of the model's fact kinds (the review queue's), then any
 * other (a kind whose fact kind the model does not list yet).
 */
export function reviewedItemKinds(kinds: readonly ItemKind[]): ReviewedItemKind[] {
  const order = (kind: ReviewedItemKind) => {
    const index = (factKinds as readonly string[]).indexOf(kind.review.kind);
    return index < 0 ? factKinds.length : index;
  };
  return kinds.filter((kind): kind is ReviewedItemKind => kind.review !== null).sort((a, b) => order(a) - order(b));
}

/** The SELECT of one kind's rows for the documents of `where` (a condition on document_id). */
export function itemSelectSql(kind: ItemKind, where: string, withDocumentId = false): string {
  const columns = [...(withDocumentId ? ['document_id'] : []), ...kind.readColumns].join(', ');
  const rejected = kind.review ? ` AND review_status <> 'rejected'` : '';
  const order = kind.positioned ? ` ORDER BY ${withDocumentId ? 'document_id, ' : ''}position` : '';
  return `SELECT ${columns} FROM ${kind.table} WHERE ${where}${rejected}${order}`;
}

export const sqlTypes: Record<'sqlite' | 'postgres', Record<ColumnType, string>> = {
  sqlite: { text: 'TEXT', int: 'INTEGER', float: 'REAL', json: 'TEXT', bool: 'INTEGER', timestamp: 'TEXT' },
  postgres: {
    text: 'text',
    int: 'integer',
    float: 'double precision',
    json: 'jsonb',
    bool: 'boolean',
    timestamp: 'timestamptz',
  },
};

/** The columns of a reviewed item (as the migrations gave the fact tables). */
const reviewColumns = (types: Record<ColumnType, string>): string[] => [
  `review_status ${types.text} NOT NULL DEFAULT 'machine'` +
    ` CHECK (review_status IN ('machine', 'confirmed', 'edited', 'rejected'))`,
  `reviewed_by ${types.text}`,
  `reviewed_at ${types.timestamp}`,
  `origin ${types.text} NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'human'))`,
  `machine_payload ${types.json}`,
];

/**
 * The CREATE TABLE of a new item kind, for its migration: document_id (cascading), position,
 * its columns, and the review columns when its items are reviewed. Existing kinds keep the tables
 * their migrations made.
 */
export function itemTableSql(kind: ItemKind, backend: 'sqlite' | 'postgres'): string {
  const types = sqlTypes[backend];
  const id = backend === 'sqlite' ? 'INTEGER' : 'integer';
  const lines = [
    `document_id ${id} NOT NULL REFERENCES documents(id) ON DELETE CASCADE`,
    ...(kind.positioned ? [`position ${types.int} NOT NULL`] : []),
    ...kind.columns.map((c) => `${c.name} ${types[c.type]}${c.nullable ? '' : ' NOT NULL'}`),
    ...(kind.review ? reviewColumns(types) : []),
    `PRIMARY KEY (document_id${kind.positioned ? ', position' : ''})`,
  ];
  return `CREATE TABLE ${kind.table} (\n  ${lines.join(',\n  ')}\n);`;
}

/**
 * Rebuilds the Extraction of one version from its document row, its entities and each kind's rows
 * (in stored order): the fields in kind order, the entities right after the mentions.
 */
export function extractionFromItemRows(
  doc: DocumentRow,
  kinds: readonly ItemKind[],
  rowsOf: (kind: ItemKind) => ItemRow[],
  entities: Entity[],
): Extraction {
  const document = { kind: kindFromRow(doc), text: doc.text };
  const extraction: Record<string, unknown> = {
    kind: document.kind,
    text: doc.text,
    actor: { name: doc.extraction_actor_name, country: doc.extraction_actor_country },
  };
  for (const kind of kinds) {
    const value = kind.fromRows(rowsOf(kind), document);
    if (value !== undefined) extraction[kind.field] = value;
    if (kind.field === 'mentions') extraction.entities = entities;
  }
  extraction.entities ??= entities;
  return extraction as unknown as Extraction;
}
