// The item kinds of a stored document, built from their declarations in the model
// (model/item-kinds/): the table, the columns (name, type, the value written from the extraction),
// the columns read back and how rows become the extraction's field again, and how the items are
// reviewed. `itemKindOf` makes all of it from the declaration's data; a kind gives the store only
// what the data cannot say (a column the store computes, its own reading). Both backends write,
// read and batch-read every kind from these (sql-store.ts, batch-reader.ts); a kind declared
// `since` a schema version gets its table from the declaration in that version's migration
// (itemTableSql, migration-ddl.ts). Entities are not an item kind: they are shared across documents
// (upserted, then linked to the document by document_entities).
import {
  eventKind,
  factKinds,
  itemKinds,
  itemPathOf,
  relationKind,
  sentenceKind,
  timeKind,
  type AnyItemKindDeclaration,
  type AnyItemRecordKind,
  type ColumnDeclaration,
  type ColumnType,
  type ConfidenceRule,
  type Entity,
  type Event,
  type Extraction,
  type FactKind,
  type Relation,
  type ReviewFieldType,
  type Time,
} from '../model/index.js';
import type { MigrationDeclaration } from './migration-ddl.js';
import { fromJson, jsonOrNull, kindFromRow, type DocumentRow, type PreparedDocument } from './rows.js';
import { eventBoundsOf, timeBoundsOf } from './timeline-reader.js';
import { eventPartyKey } from './event-parties.js';
import { relationTimeOf } from './claim-bounds.js';

export type { ColumnType, ReviewFieldType };

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
  /** The schema version whose migration makes the table from this kind (itemTableSql); absent: made by hand. */
  since?: number;
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

/** What a kind's store part adds to its declaration: only what the data cannot say. */
export interface StoreOverrides<T> {
  /** The values of the columns the store computes (declared with `item: null`), by column name. */
  values?: Record<string, ItemColumn<T>['value']>;
}

/** The name a kind's whole rows are read and published under (see `ItemKind.readAs`). */
export const readNameOf = (kind: ItemKind): string => kind.readAs ?? kind.table;

const valueAt = (item: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item);

/** How the span of an item is read: the properties its span_start and span_end columns hold. */
const spanReader = (columns: readonly ColumnDeclaration[]) => {
  const pathOf = (name: string) => {
    const column = columns.find((candidate) => candidate.name === name);
    return (column && itemPathOf(column)?.split('.')) ?? [];
  };
  const [start, end] = [pathOf('span_start'), pathOf('span_end')];
  return (item: unknown) => ({ start: valueAt(item, start) as number, end: valueAt(item, end) as number });
};

/**
 * The value written for a column that holds an item property: its default when absent, JSON as text, a sliced
 * column's null where it is the document's text at the item's span (`span` reads the span of an item).
 */
function writerOf<T>(
  column: ColumnDeclaration,
  path: readonly string[],
  span: (item: unknown) => { start: number; end: number },
): ItemColumn<T>['value'] {
  const fallback = column.default ?? null;
  if (column.sliced) {
    return (item, _index, prepared) => {
      const { start, end } = span(item);
      return slicedValue(valueAt(item, path) as string, start, end, prepared);
    };
  }
  if (column.type === 'json') return (item) => jsonOrNull(valueAt(item, path) ?? fallback);
  if (column.type === 'bool') {
    return (item) => {
      const value = valueAt(item, path) ?? fallback;
      return value === null ? null : Boolean(value);
    };
  }
  return (item) => valueAt(item, path) ?? fallback;
}

/** What an item is read with besides its row: the text of its document (a sliced column's null is its slice). */
type ReadContext = { kind: string; text: string };

/** The item property read back from a stored value (undefined: left out of the item). */
function readerOf(column: ColumnDeclaration): (value: unknown, row: ItemRow, document: ReadContext) => unknown {
  return (value, row, document) => {
    if ((value === null || value === undefined) && column.sliced)
      return document.text.slice(row.span_start, row.span_end);
    if (value === null || value === undefined) return column.omitNull ? undefined : (column.default ?? null);
    if (column.type === 'json') return fromJson(value);
    if (column.type === 'bool') return Boolean(value);
    if (column.type === 'float') return Number(value);
    return value;
  };
}

/**
 * An item from its stored row: each read column's value at its property (one level of nesting, e.g.
 * `evidence.start`), the properties in the order of the item schema's keys.
 */
function itemReader(declaration: AnyItemKindDeclaration): (row: ItemRow, document: ReadContext) => unknown {
  const readers = declaration.columns.flatMap((column) => {
    const path = itemPathOf(column);
    return path === null ? [] : [{ name: column.name, path: path.split('.'), read: readerOf(column) }];
  });
  const order = Object.keys(declaration.item.shape);
  return (row, document) => {
    const found = new Map<string, unknown>();
    for (const { name, path, read } of readers) {
      const value = read(row[name], row, document);
      if (value === undefined) continue;
      const [key, nested] = path as [string, string?];
      if (nested === undefined) found.set(key, value);
      else found.set(key, { ...(found.get(key) as object | undefined), [nested]: value });
    }
    const item: Record<string, unknown> = {};
    for (const key of order) if (found.has(key)) item[key] = found.get(key);
    for (const [key, value] of found) if (!(key in item)) item[key] = value;
    return item;
  };
}

/** The extraction's value of a declared kind from its rows: a list, the one item or null, or nothing. */
function rowsReader(declaration: AnyItemKindDeclaration): ItemKind['fromRows'] {
  const read = itemReader(declaration);
  return (rows, document) => {
    if (declaration.documents && document.kind !== declaration.documents) return undefined;
    if (declaration.single) return rows[0] ? read(rows[0], document) : null;
    return rows.map((row) => read(row, document));
  };
}

/** The store's part of a declared kind: its columns' values and reading made from the declaration's data. */
export function itemKindOf<T = unknown>(
  declaration: AnyItemKindDeclaration,
  overrides: StoreOverrides<T> = {},
): ItemKind {
  const span = spanReader(declaration.columns);
  const columns = declaration.columns.map((column): ItemColumn<T> => {
    const path = itemPathOf(column);
    const value =
      overrides.values?.[column.name] ?? (path === null ? undefined : writerOf<T>(column, path.split('.'), span));
    if (!value)
      throw new Error(`item kind ${declaration.table}: the store computes ${column.name}, and gives no value`);
    return { name: column.name, type: column.type, nullable: column.nullable ?? false, value };
  });
  const review = declaration.review;
  const sliced = declaration.columns.filter((column) => column.sliced).map((column) => column.name);
  return {
    field: declaration.field,
    table: declaration.table,
    ...(declaration.readAs ? { readAs: declaration.readAs } : {}),
    ...(declaration.since === undefined ? {} : { since: declaration.since }),
    record: declaration.record,
    review: review && {
      // A registry may hold a kind the model's fact kinds do not list (a test's toy).
      kind: review.kind as FactKind,
      fields: review.fields,
      ...(review.whenNull ? { whenNull: review.whenNull } : {}),
      ...(review.confidence ? { confidence: review.confidence } : {}),
    },
    positioned: !declaration.single,
    items: declaration.items as ItemKind['items'],
    columns: columns as Array<ItemColumn<unknown>>,
    ...(sliced.length > 0 ? { sliced } : {}),
    readColumns: declaration.columns.filter((column) => itemPathOf(column) !== null).map((column) => column.name),
    fromRows: rowsReader(declaration),
  };
}

type Sentence = Extraction['sentences'][number];

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
 * read as the text of its document at the row's span. The document's text is read by a subquery, only for a row
 * whose column is NULL: naming the joined document's text in the expression made SQLite load it for every row (a
 * 1.4 MB document of 26,400 mentions, whose words are all stored, took 156 s to compute its review levels).
 */
export const slicedColumnSql = (sliced: readonly string[] | undefined, column: string, x = 'x'): string =>
  sliced?.includes(column)
    ? `coalesce(${x}.${column}, (SELECT substr(sliced_document.text, ${x}.span_start + 1, ` +
      `${x}.span_end - ${x}.span_start) FROM documents sliced_document WHERE sliced_document.id = ${x}.document_id))`
    : `${x}.${column}`;

/** The values of a kind's computed columns, for the map below (whatever the kind's item type). */
const computed = <T>(values: Record<string, ItemColumn<T>['value']>): StoreOverrides<never> =>
  ({ values }) as StoreOverrides<never>;

/**
 * The store's parts of the columns it computes: a sentence's text (the sentences view of migration 16 reads it
 * from its document; it is stored only where SQL would slice it differently), the time bounds the timeline reads.
 */
const storeOverrides = new Map<AnyItemKindDeclaration, StoreOverrides<never>>([
  [
    sentenceKind,
    computed<Sentence>({
      text: (s, index, prepared) => (s.end <= sqlSliceLimit(prepared) ? null : prepared.sentenceTexts[index]),
    }),
  ],
  [
    timeKind,
    computed<Time>({
      earliest: (t) => timeBoundsOf(t.value).earliest,
      latest: (t) => timeBoundsOf(t.value).latest,
    }),
  ],
  [
    relationKind,
    computed<Relation>({
      earliest: (r, _index, prepared) => relationTimeOf(r, prepared).earliest,
      latest: (r, _index, prepared) => relationTimeOf(r, prepared).latest,
      tense: (r, _index, prepared) => relationTimeOf(r, prepared).tense,
    }),
  ],
  [
    eventKind,
    computed<Event>({
      earliest: (e) => eventBoundsOf(e).earliest,
      latest: (e) => eventBoundsOf(e).latest,
      parties: (e) => eventPartyKey(e),
    }),
  ],
]);

/**
 * The item kinds of the store, in write and read order (the order of the extraction's fields; the
 * document's entities come right after its mentions): the model's declarations, with the store's overrides.
 */
export const documentItemKinds: readonly ItemKind[] = itemKinds.map((declaration) =>
  itemKindOf(declaration, storeOverrides.get(declaration)),
);

/** The SQL of a mention `m`'s words (its text is NULL where it is its document's slice). */
export const mentionTextSql = (m = 'm'): string =>
  slicedColumnSql(documentItemKinds.find((kind) => kind.field === 'mentions')?.sliced, 'text', m);

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

/**
 * The migrations that make the tables of the kinds declared `since` a schema version: each kind's CREATE TABLE
 * (itemTableSql), in its version's migration (named after its table); migration-ddl.ts adds them to the declared
 * migrations, after the SQL of a migration of the same version. The released kinds declare none.
 */
export function itemKindMigrations(kinds: readonly ItemKind[]): MigrationDeclaration[] {
  const versions = [...new Set(kinds.flatMap((kind) => (kind.since === undefined ? [] : [kind.since])))];
  return versions.map((version) => {
    const made = kinds.filter((kind) => kind.since === version);
    return {
      version,
      name: `item kinds: ${made.map((kind) => kind.table).join(', ')}`,
      sql: (d) => made.map((kind) => itemTableSql(kind, d.backend)).join('\n'),
    };
  });
}
