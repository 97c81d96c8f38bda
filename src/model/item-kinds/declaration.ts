// What an item kind of a document is, declared once as data beside its schemas: the extraction's
// field it fills and the zod schema of its items; its record in the exports (type, plural, the
// record's fields and csv/xlsx columns, how an item — and a rejected fact's payload — becomes a
// record); how its items are reviewed (the fact kind, the payload schema, the confidence rule as
// data); and how they are stored (table, columns by name and type, the item property each holds).
// The store builds its writes, reads, review tables and a new kind's table from this
// (store/item-kinds.ts); the exports and the fact kinds follow it (item-records.ts, review.ts).
// No SQL here: column names and types are data.
import { z } from 'zod';
import type { DocumentKind } from '../document.js';
import { ReviewStatusSchema, type Extraction } from '../extraction.js';

/** How a column is stored: SQLite and PostgreSQL types follow from it (the store's `sqlTypes`). */
export type ColumnType = 'text' | 'int' | 'float' | 'json' | 'bool' | 'timestamp';

/** A stored column of an item kind's table, after document_id (and position). */
export interface ColumnDeclaration {
  name: string;
  type: ColumnType;
  /** Whether the column may hold null. */
  nullable?: boolean;
  /**
   * The item's property the column holds, a dotted path for a nested one (`evidence.start`); default: the column's
   * name. Null: a column the store computes from the item (its store declaration gives the value); not read back.
   */
  item?: string | null;
  /** Written when the property is absent, and read back for a null (an older row may lack the column). */
  default?: string | number | boolean;
  /** Read back: a null leaves the property out of the item (an optional field). */
  omitNull?: boolean;
  /**
   * A text column stored as null where it holds the document's text at the item's span (`span_start`, `span_end`)
   * and SQL slices it alike, and read back as that slice (a mention's words); declare it nullable.
   */
  sliced?: boolean;
}

/** A test on a stored fact (`x`, its row) and, for a kind that links an entity, that entity (`e`). */
export type ConfidenceTest =
  /** The column holds this text. */
  | { is: readonly [column: string, value: string] }
  /** The column holds something: a non-empty text, true, a number other than 0. */
  | { set: string }
  /** The column holds the words of the fact. */
  | { isWords: string }
  /** The words of the fact are the name or an alias of the linked entity. */
  | { namesEntity: true }
  /** The linked entity's column holds a non-empty text. */
  | { entitySet: 'wikidata' | 'name' | 'country' };

/** How certain a machine fact is, as data: the store makes its JavaScript and SQL forms (confidence-rule.ts). */
export interface ConfidenceRule {
  /** The column of the fact's words (SQL reads it where JavaScript has the evidence); default `text`. */
  words?: string;
  /** The column that holds the id of the linked entity (for namesEntity, entitySet). */
  entity?: string;
  /** In order: the first whose tests all hold gives the confidence. */
  cases: ReadonlyArray<{ when: readonly ConfidenceTest[]; then: number }>;
  otherwise: number;
}

/** How a payload field of a reviewed item is read from and written to its column. */
export type ReviewFieldType = 'text' | 'number' | 'json' | 'bool';

/** The columns every record of a document item starts with: the actor (series id) and its version. */
export const documentKeyShape = { actor: z.string(), version: z.number().int().positive() };
/** The columns of a reviewed item's record: the document key, its span, and its review status. */
export const reviewedKeyShape = {
  ...documentKeyShape,
  start: z.number().int(),
  end: z.number().int(),
  status: ReviewStatusSchema,
};

/** What a record of one item is made from besides the item: its index, the document's text and pages. */
export interface RecordContext {
  /** The position of the item among the kind's items of the document. */
  index: number;
  /** The text of the document (every span points into it). */
  text: string;
  /** The page an offset is on (PDF sources), else null. */
  pageOf(offset: number): number | null;
}

/** A column of the kind's csv/xlsx table after the shared ones: the record field of that name, and a README line. */
export type RecordColumn = readonly [name: string, about: string];

/** The model part of an item kind in the exports: its record type, table and schema, and how items become records. */
export interface ItemRecordKind<
  Type extends string = string,
  Shape extends z.ZodRawShape = z.ZodRawShape,
  Item = unknown,
  Key extends z.ZodRawShape = z.ZodRawShape,
  Plural extends string = string,
> {
  /** The record type (the `type` of each record; for a reviewed kind also its fact kind). */
  type: Type;
  /** The plural: the key of the `json` export, the csv file and the xlsx sheet. */
  plural: Plural;
  /** One line on the table for the README of a csv/xlsx export. */
  about: string;
  /** The fields of the record after the shared ones, in order. */
  shape: Shape;
  /** The csv/xlsx columns after the shared ones, in order (list cells joined with `;`, objects as JSON). */
  columns: readonly RecordColumn[];
  /** The items of an extraction, in order. */
  items(extraction: Extraction): readonly Item[];
  /** The fields of the record of one item after the shared ones. */
  toRecord(item: Item, context: RecordContext): z.infer<z.ZodObject<Shape>>;
  /** Whether items are reviewed: their records carry start, end and status, and an export's status filters them. */
  reviewed: boolean;
  /** The span of an item in the text (what its review status is looked up by). */
  span?(item: Item): { start: number; end: number };
  /** The record fields of a rejected fact, from its payload (rejected facts are not in the extraction). */
  fromPayload?(payload: unknown): z.infer<z.ZodObject<Shape>> | null;
  /** The schema of the record: type, the shared fields, then `shape`. */
  schema: z.ZodObject<{ type: z.ZodLiteral<Type> } & Key & Shape>;
}

/** An item kind's model part, whatever its record (a registry of kinds lists these). */
export type AnyItemRecordKind = ItemRecordKind;

/** How the items of a kind are reviewed: as facts of its type, whose payload is `fields`. */
export interface ItemReviewDeclaration<Kind extends string = string, Payload extends z.ZodObject = z.ZodObject> {
  /** The fact kind: the kind's type (fact ids read `<kind>-<document id>-<position>`; rule decisions name it). */
  kind: Kind;
  /** The payload of a fact (what a reviewer sees and may edit), validated on an edit. */
  payload: Payload;
  /** The payload's fields, field → column (the column holding that item property), in order. */
  fields: Array<[field: string, column: string, type: ReviewFieldType]>;
  /** The value written for a payload field that is null or absent, where the column has no null. */
  whenNull?: Record<string, unknown>;
  /** How certain a fact is, from how it was found; absent: 0.5 (1 when a person added it). */
  confidence?: ConfidenceRule;
}

/** An item kind, declared once (see `documentItemKind`, `reviewedItemKind`). */
export interface ItemKindDeclaration<
  Type extends string = string,
  Item = unknown,
  Record extends ItemRecordKind = ItemRecordKind,
  Review extends ItemReviewDeclaration | null = ItemReviewDeclaration | null,
> {
  type: Type;
  /** The field of the extraction the items come from and go back to. */
  field: string;
  /** The schema of one item (its keys in order: the order an item read back from the store has them in). */
  item: z.ZodObject;
  /** One item per document or none (posture): the field holds the item or null. */
  single: boolean;
  /** Only documents of this kind have the field (a profile has no `subjects`); absent: every document. */
  documents?: DocumentKind;
  /**
   * The schema version whose migration makes the kind's table from this declaration; absent for the kinds whose
   * tables earlier migrations wrote by hand.
   */
  since?: number;
  table: string;
  /**
   * The name the rows are read whole under when the table keeps less than they hold (sentences: the `sentences`
   * view slices their text from the document), and published under by the sqlite export; else `table`.
   */
  readAs?: string;
  /** The stored columns after document_id (and position), in order. */
  columns: readonly ColumnDeclaration[];
  /** The items of an extraction, in order. */
  items(extraction: Extraction): readonly Item[];
  /** Its record in the exports. */
  record: Record;
  /** How its items are reviewed, or null for items nobody reviews. */
  review: Review;
}

/** Any declared kind (a registry lists these). */
export type AnyItemKindDeclaration = ItemKindDeclaration;

/** What both declarations share: the kind's identity, its items and its storage. */
interface KindBase<Type extends string, Plural extends string, ItemSchema extends z.ZodObject> {
  type: Type;
  plural: Plural;
  field: string;
  /** One line on the kind's table for the README of a csv/xlsx export. */
  about: string;
  item: ItemSchema;
  single?: boolean;
  documents?: DocumentKind;
  since?: number;
  table: string;
  readAs?: string;
  columns: readonly ColumnDeclaration[];
}

/** The record part as declared: the record's own fields and csv/xlsx columns, and how an item becomes them. */
interface RecordPart<Shape extends z.ZodRawShape, Item> {
  shape: Shape;
  columns: readonly RecordColumn[];
  toRecord(item: Item, context: RecordContext): z.infer<z.ZodObject<Shape>>;
}

/** The items of `field` in an extraction: the list, or the one item of a single kind. */
const itemsOf =
  <Item>(field: string, single: boolean) =>
  (extraction: Extraction): readonly Item[] => {
    const value = (extraction as unknown as Record<string, unknown>)[field];
    if (single) return value ? [value as Item] : [];
    return (value ?? []) as readonly Item[];
  };

/** The value at a dotted path of an item. */
export const valueAt = (item: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item);

/** The item property a column holds, or null for a column the store computes. */
export const itemPathOf = (column: ColumnDeclaration): string | null =>
  column.item === undefined ? column.name : column.item;

const reviewTypes: Record<ColumnType, ReviewFieldType> = {
  text: 'text',
  int: 'number',
  float: 'number',
  json: 'json',
  bool: 'bool',
  timestamp: 'text',
};

/** The payload's fields with the column that holds each (the column of the item property of that name). */
function reviewFieldsOf(table: string, payload: z.ZodObject, columns: readonly ColumnDeclaration[]) {
  return Object.keys(payload.shape).map((field): [string, string, ReviewFieldType] => {
    const column = columns.find((candidate) => itemPathOf(candidate) === field);
    if (!column) throw new Error(`item kind ${table}: no column holds the payload field ${field}`);
    return [field, column.name, reviewTypes[column.type]];
  });
}

const pathOf = (columns: readonly ColumnDeclaration[], name: string): string => {
  const column = columns.find((candidate) => candidate.name === name);
  const path = column && itemPathOf(column);
  if (!path) throw new Error(`a reviewed item kind needs a ${name} column (the span its review is looked up by)`);
  return path;
};

/** A kind whose items nobody reviews: records carry the document key only. */
export const documentItemKind = <
  const Type extends string,
  const Plural extends string,
  ItemSchema extends z.ZodObject,
  Shape extends z.ZodRawShape,
>(
  declaration: KindBase<Type, Plural, ItemSchema> & { record: RecordPart<Shape, z.infer<ItemSchema>> },
): ItemKindDeclaration<
  Type,
  z.infer<ItemSchema>,
  ItemRecordKind<Type, Shape, z.infer<ItemSchema>, typeof documentKeyShape, Plural>,
  null
> => {
  const { type, plural, about, record, ...rest } = declaration;
  const items = itemsOf<z.infer<ItemSchema>>(declaration.field, declaration.single ?? false);
  return {
    ...rest,
    type,
    single: declaration.single ?? false,
    items,
    record: {
      ...record,
      type,
      plural,
      about,
      items,
      reviewed: false,
      schema: z.object({ type: z.literal(type), ...documentKeyShape, ...record.shape }),
    },
    review: null,
  };
};

/** A reviewed kind: records carry the document key, the span and the review status; facts the payload. */
export const reviewedItemKind = <
  const Type extends string,
  const Plural extends string,
  ItemSchema extends z.ZodObject,
  Shape extends z.ZodRawShape,
  Payload extends z.ZodObject,
>(
  declaration: KindBase<Type, Plural, ItemSchema> & {
    record: RecordPart<Shape, z.infer<ItemSchema>> & {
      /** The record fields of a rejected fact, from its (valid) payload. */
      fromPayload?(payload: z.infer<Payload>): z.infer<z.ZodObject<Shape>>;
    };
    review: Omit<ItemReviewDeclaration<Type, Payload>, 'kind' | 'fields'>;
  },
): ItemKindDeclaration<
  Type,
  z.infer<ItemSchema>,
  ItemRecordKind<Type, Shape, z.infer<ItemSchema>, typeof reviewedKeyShape, Plural>,
  ItemReviewDeclaration<Type, Payload>
> => {
  const { type, plural, about, record, review, ...rest } = declaration;
  const items = itemsOf<z.infer<ItemSchema>>(declaration.field, declaration.single ?? false);
  const [start, end] = [pathOf(rest.columns, 'span_start'), pathOf(rest.columns, 'span_end')];
  const { fromPayload } = record;
  return {
    ...rest,
    type,
    single: declaration.single ?? false,
    items,
    record: {
      ...record,
      type,
      plural,
      about,
      items,
      reviewed: true,
      span: (item) => ({ start: valueAt(item, start) as number, end: valueAt(item, end) as number }),
      fromPayload: fromPayload
        ? (payload) => {
            const parsed = review.payload.safeParse(payload);
            return parsed.success ? fromPayload(parsed.data) : null;
          }
        : undefined,
      schema: z.object({ type: z.literal(type), ...reviewedKeyShape, ...record.shape }),
    },
    review: { ...review, kind: type, fields: reviewFieldsOf(rest.table, review.payload, rest.columns) },
  };
};

/** The stored columns of a span `{ start, end }` of the item (`at`: a nested one, e.g. `evidence`). */
export const spanColumns = (at?: string): ColumnDeclaration[] => [
  { name: 'span_start', type: 'int', item: at ? `${at}.start` : 'start' },
  { name: 'span_end', type: 'int', item: at ? `${at}.end` : 'end' },
];
