// The model part of each item kind of a document, declared once: the record it leaves Dossier as
// (its type, its plural table name, its schema made of the shared item columns and its own, its
// columns in the csv/xlsx tables) and how an item of the extraction — and the payload of a rejected
// fact — becomes that record. The store's declaration of the kind (store/item-kinds.ts) links to it;
// the export records, the json/ndjson/csv/xlsx formats and the JSON Schema of the exports follow it.
import { z } from 'zod';
import {
  EventTypeSchema,
  MentionTypeSchema,
  RelationPredicateSchema,
  ReviewStatusSchema,
  SubjectReasonSchema,
  TimeResolutionSchema,
  type Event,
  type Extraction,
  type Mention,
  type Posture,
  type Quantity,
  type Relation,
  type SourceSubject,
  type Time,
} from './extraction.js';
import { factPayloadSchemas } from './review.js';
import { PostureLabelSchema, ThemeSchema } from './themes.js';

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

/** The model part of an item kind, as declared (see `reviewedRecordKind`, `documentRecordKind`). */
interface RecordKindDeclaration<
  Type extends string,
  Shape extends z.ZodRawShape,
  Item,
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
}

interface ReviewedDeclaration<
  Type extends string,
  Shape extends z.ZodRawShape,
  Item,
  Plural extends string,
> extends RecordKindDeclaration<Type, Shape, Item, Plural> {
  /** The span of an item in the text (what its review status is looked up by). */
  span(item: Item): { start: number; end: number };
  /** The record fields of a rejected fact, from its payload (rejected facts are not in the extraction). */
  fromPayload?(payload: unknown): z.infer<z.ZodObject<Shape>> | null;
}

/** The model part of an item kind, with its record schema. */
export interface ItemRecordKind<
  Type extends string = string,
  Shape extends z.ZodRawShape = z.ZodRawShape,
  Item = unknown,
  Key extends z.ZodRawShape = z.ZodRawShape,
  Plural extends string = string,
> extends RecordKindDeclaration<Type, Shape, Item, Plural> {
  /** Whether items are reviewed: their records carry start, end and status, and an export's status filters them. */
  reviewed: boolean;
  span?(item: Item): { start: number; end: number };
  fromPayload?(payload: unknown): z.infer<z.ZodObject<Shape>> | null;
  /** The schema of the record: type, the shared fields, then `shape`. */
  schema: z.ZodObject<{ type: z.ZodLiteral<Type> } & Key & Shape>;
}

/** A kind whose items nobody reviews: records carry the document key only. */
export const documentRecordKind = <
  const Type extends string,
  Shape extends z.ZodRawShape,
  Item,
  const Plural extends string,
>(
  declaration: RecordKindDeclaration<Type, Shape, Item, Plural>,
): ItemRecordKind<Type, Shape, Item, typeof documentKeyShape, Plural> => ({
  ...declaration,
  reviewed: false,
  schema: z.object({ type: z.literal(declaration.type), ...documentKeyShape, ...declaration.shape }),
});

/** A reviewed kind: records carry the document key, the span and the review status. */
export const reviewedRecordKind = <
  const Type extends string,
  Shape extends z.ZodRawShape,
  Item,
  const Plural extends string,
>(
  declaration: ReviewedDeclaration<Type, Shape, Item, Plural>,
): ItemRecordKind<Type, Shape, Item, typeof reviewedKeyShape, Plural> => ({
  ...declaration,
  reviewed: true,
  schema: z.object({ type: z.literal(declaration.type), ...reviewedKeyShape, ...declaration.shape }),
});

/** The payload of a rejected fact of `kind` as parsed by its schema, or null. */
const parsed = <K extends keyof typeof factPayloadSchemas>(kind: K, payload: unknown) => {
  const result = factPayloadSchemas[kind].safeParse(payload);
  return result.success ? (result.data as z.infer<(typeof factPayloadSchemas)[K]>) : null;
};

type Section = Extraction['sections'][number];
type Interest = Extraction['interests'][number];
type Sentence = Extraction['sentences'][number];

export const subjectRecords = documentRecordKind({
  type: 'subject',
  plural: 'subjects',
  about: 'the entities each source is about',
  shape: { entity: z.string(), how: SubjectReasonSchema },
  columns: [
    ['entity', 'entity a source is about (joins entities.id)'],
    ['how', 'how that was decided'],
  ],
  items: (x): readonly SourceSubject[] => x.subjects ?? [],
  toRecord: (s) => ({ entity: s.entity, how: s.how }),
});

export const sectionRecords = documentRecordKind({
  type: 'section',
  plural: 'sections',
  about: 'the sections (headings) of each document',
  shape: { index: z.number().int(), heading: z.string(), start: z.number().int(), end: z.number().int() },
  columns: [
    ['index', 'position of the section in the document, from 0'],
    ['heading', 'section heading'],
    ['start', 'start offset in documents.text'],
    ['end', 'end offset (exclusive) in documents.text'],
  ],
  items: (x): readonly Section[] => x.sections,
  toRecord: (s, { index }) => ({ index, heading: s.heading, start: s.start, end: s.end }),
});

export const interestRecords = reviewedRecordKind({
  type: 'interest',
  plural: 'interests',
  about: 'the ranked interests of each profile',
  shape: { rank: z.number().int(), title: z.string(), themes: z.array(ThemeSchema) },
  columns: [
    ['rank', 'rank of the interest in the profile, 1 first'],
    ['title', 'title of the interest'],
    ['themes', 'themes, primary first, joined with ;'],
  ],
  items: (x): readonly Interest[] => x.interests,
  span: (i) => i,
  toRecord: (i) => ({ rank: i.rank, title: i.title, themes: i.themes }),
  fromPayload: (payload) => parsed('interest', payload),
});

export const sentenceRecords = documentRecordKind({
  type: 'sentence',
  plural: 'sentences',
  about: 'every sentence of every document, with its themes',
  shape: {
    index: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    themes: z.array(ThemeSchema),
    /** PDF only: the page the sentence starts on. */
    page: z.number().int().positive().nullable(),
  },
  columns: [
    ['index', 'position of the sentence in the document, from 0'],
    ['start', 'start offset in documents.text'],
    ['end', 'end offset (exclusive) in documents.text; text = documents.text sliced by start/end'],
    ['page', 'PDF sources: the page the sentence starts on'],
    ['themes', 'themes the sentence itself carries, joined with ;'],
    ['text', 'the sentence'],
  ],
  items: (x): readonly Sentence[] => x.sentences,
  toRecord: (s, { index, text, pageOf }) => ({
    index,
    start: s.start,
    end: s.end,
    text: text.slice(s.start, s.end),
    themes: s.themes ?? [],
    page: pageOf(s.start),
  }),
});

export const mentionRecords = reviewedRecordKind({
  type: 'mention',
  plural: 'mentions',
  about: 'every mention of an entity, with its span',
  shape: {
    text: z.string(),
    mentionType: MentionTypeSchema,
    entity: z.string(),
    country: z.string().nullable(),
    /** `coreference` for a description or pronoun that refers back to the entity; null when the entity is named. */
    via: z.enum(['coreference']).nullable(),
  },
  columns: [
    ['text', 'the words of the mention (documents.text sliced by start/end)'],
    ['mentionType', 'type of the entity mentioned'],
    ['entity', 'the entity mentioned (joins entities.id)'],
    ['country', 'ISO alpha-3 country of the mention, if any'],
    ['via', '"coreference" when the words refer back to the entity ("the pipeline", "he"); empty when they name it'],
  ],
  items: (x): readonly Mention[] => x.mentions,
  span: (m) => m,
  toRecord: (m) => ({ text: m.text, mentionType: m.type, entity: m.entity, country: m.country, via: m.via ?? null }),
  fromPayload: (payload) => {
    const p = parsed('mention', payload);
    return p && { text: p.text, mentionType: p.type, entity: p.entity, country: p.country, via: null };
  },
});

export const timeRecords = reviewedRecordKind({
  type: 'time',
  plural: 'times',
  about: 'time expressions',
  shape: { text: z.string(), value: z.string(), resolved: TimeResolutionSchema.nullable() },
  columns: [
    ['text', 'the words of the time expression'],
    ['value', 'normalized value (EDTF)'],
    ['resolved', 'how the value was resolved, if recorded'],
  ],
  items: (x): readonly Time[] => x.times,
  span: (t) => t,
  toRecord: (t) => ({ text: t.text, value: t.value, resolved: t.resolved ?? null }),
  fromPayload: (payload) => {
    const p = parsed('time', payload);
    return p && { text: p.text, value: p.value, resolved: null };
  },
});

export const quantityRecords = reviewedRecordKind({
  type: 'quantity',
  plural: 'quantities',
  about: 'quantities (amounts, money, counts)',
  shape: { text: z.string(), value: z.number(), unit: z.string() },
  columns: [
    ['text', 'the words of the quantity'],
    ['value', 'the number'],
    ['unit', 'its unit'],
  ],
  items: (x): readonly Quantity[] => x.quantities,
  span: (q) => q,
  toRecord: (q) => ({ text: q.text, value: q.value, unit: q.unit }),
  fromPayload: (payload) => parsed('quantity', payload),
});

export const eventRecords = reviewedRecordKind({
  type: 'event',
  plural: 'events',
  about: 'events and their parties',
  shape: {
    eventType: EventTypeSchema,
    date: z.string().nullable(),
    actors: z.array(z.string()),
    place: z.string().nullable(),
    valid: z.string().nullable(),
    current: z.boolean(),
  },
  columns: [
    ['eventType', 'type of the event'],
    ['date', 'date of the event (EDTF), if known'],
    ['actors', 'entity ids of the parties, joined with ; (each joins entities.id)'],
    ['place', 'entity id of the place, if known (joins entities.id)'],
    ['valid', 'the time the event holds (EDTF), if the text gives it'],
    ['current', 'false when the text places the event in a past that no longer holds'],
  ],
  items: (x): readonly Event[] => x.events,
  span: (e) => e.evidence,
  toRecord: (e) => ({
    eventType: e.type,
    date: e.date,
    actors: e.actors,
    place: e.place,
    valid: e.valid ?? e.date,
    current: e.current ?? true,
  }),
  fromPayload: (payload) => {
    const p = parsed('event', payload);
    return p && { eventType: p.type, date: p.date, actors: p.actors, place: p.place, valid: p.date, current: true };
  },
});

export const relationRecords = reviewedRecordKind({
  type: 'relation',
  plural: 'relations',
  about: 'relations between entities',
  shape: {
    subject: z.string(),
    predicate: RelationPredicateSchema,
    object: z.string(),
    negated: z.boolean(),
    valid: z.string().nullable(),
    current: z.boolean(),
  },
  columns: [
    [
      'subject',
      'entity id of the subject (joins entities.id); a plain word (delegation) when the party is no named entity',
    ],
    ['predicate', 'the relation'],
    ['object', 'entity id of the object (joins entities.id); a plain word when the party is no named entity'],
    ['negated', 'true when the text denies the relation'],
    ['valid', 'the time the relation holds (EDTF value or interval), if the text gives it'],
    ['current', 'false when the text places the relation in the past ("in the 1990s", "used to", "no longer")'],
  ],
  items: (x): readonly Relation[] => x.relations,
  span: (r) => r.evidence,
  toRecord: (r) => ({
    subject: r.subject,
    predicate: r.predicate,
    object: r.object,
    negated: r.negated,
    valid: r.valid ?? null,
    current: r.current ?? true,
  }),
  fromPayload: (payload) => {
    const p = parsed('relation', payload);
    return p && { ...p, valid: null, current: true };
  },
});

export const postureRecords = reviewedRecordKind({
  type: 'posture',
  plural: 'postures',
  about: "each profile's posture toward the focus country",
  shape: { label: PostureLabelSchema },
  columns: [['label', "the actor's stance toward the focus country's government"]],
  items: (x): readonly Posture[] => (x.posture ? [x.posture] : []),
  span: (p) => p.evidence,
  toRecord: (p) => ({ label: p.label }),
  fromPayload: (payload) => parsed('posture', payload),
});

/**
 * The item kinds in the exports, in the order a document's records are emitted and the tables are
 * listed (the document's new entities come right before its mentions). A new kind appends its part here
 * and links it from its store declaration (`ItemKind.record`).
 */
export const itemRecordKinds = [
  subjectRecords,
  sectionRecords,
  interestRecords,
  sentenceRecords,
  mentionRecords,
  timeRecords,
  quantityRecords,
  eventRecords,
  relationRecords,
  postureRecords,
] as const;

/** An item kind's model part, whatever its record (a registry of kinds lists these). */
export type AnyItemRecordKind = ItemRecordKind;
