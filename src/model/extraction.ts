// The extraction contract of extraction.md §3: what `dossier extract --format json` prints and
// what the store keeps for each document version. Every item carries evidence offsets into `text`.
import { z } from 'zod';
import { ActorSchema, DocumentKindSchema, SpanSchema } from './document.js';
import { ThemeSchema, PostureLabelSchema } from './themes.js';
import { EdtfSchema } from './edtf.js';

export const mentionTypes = ['country', 'place', 'organization', 'person', 'project', 'document'] as const;
export const MentionTypeSchema = z.enum(mentionTypes);
export type MentionType = z.infer<typeof MentionTypeSchema>;

export const reviewStatuses = ['machine', 'confirmed', 'edited', 'rejected'] as const;
export const ReviewStatusSchema = z.enum(reviewStatuses);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

const iso3 = z.string().regex(/^[A-Z]{3}$/);

export const ContractSectionSchema = z.object({ heading: z.string(), start: z.number().int(), end: z.number().int() });
export const ContractInterestSchema = z.object({
  rank: z.number().int().positive(),
  title: z.string(),
  themes: z.array(ThemeSchema),
  start: z.number().int(),
  end: z.number().int(),
});
export type ContractInterest = z.infer<typeof ContractInterestSchema>;
export const ContractSentenceSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  themes: z.array(ThemeSchema).optional(),
});

export const MentionSchema = z
  .object({
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    type: MentionTypeSchema,
    entity: z.string(),
    country: iso3.nullable(),
    /**
     * `coreference`: a definite description or pronoun ("the pipeline", "he") that refers back to an entity named in
     * the same paragraph. Absent: the entity is named.
     */
    via: z.enum(['coreference']).optional(),
  })
  .meta({ id: 'Mention' });
export type Mention = z.infer<typeof MentionSchema>;

export const EntitySchema = z
  .object({
    id: z.string(),
    type: MentionTypeSchema,
    name: z.string(),
    country: iso3.nullable(),
    wikidata: z
      .string()
      .regex(/^Q\d+$/)
      .nullable(),
    aliases: z.array(z.string()).optional(),
    /** Free attributes, e.g. a person's role ("Trade and Integration Minister"). */
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Entity' });
export type Entity = z.infer<typeof EntitySchema>;

/**
 * How a time's value was completed when the text did not give it whole: `document-date` when a date
 * without a year ("July 10") took its year from the document's publication date, `context` when it took
 * it from the nearest dated time before it in the text. Absent when the text states the value.
 */
export const timeResolutions = ['document-date', 'context'] as const;
export const TimeResolutionSchema = z.enum(timeResolutions);
export const TimeSchema = z
  .object({
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    value: EdtfSchema,
    resolved: TimeResolutionSchema.optional(),
  })
  .meta({ id: 'Time' });
export type Time = z.infer<typeof TimeSchema>;

export const QuantitySchema = z
  .object({ start: z.number().int(), end: z.number().int(), text: z.string(), value: z.number(), unit: z.string() })
  .meta({ id: 'Quantity' });
export type Quantity = z.infer<typeof QuantitySchema>;

export const eventTypes = [
  'visit',
  'delegation',
  'meeting',
  'aid',
  'statement',
  'agreement',
  'exercise',
  'attack',
] as const;
export const EventTypeSchema = z.enum(eventTypes);
export type EventType = z.infer<typeof EventTypeSchema>;
export const EventSchema = z
  .object({
    type: EventTypeSchema,
    date: EdtfSchema.nullable(),
    actors: z.array(z.string()),
    place: z.string().nullable(),
    evidence: SpanSchema,
    /** The time the text gives the event (its date, or an interval), or null. */
    valid: EdtfSchema.nullable().optional(),
    /** False when the text places the event in a past that no longer holds; absent or true otherwise. */
    current: z.boolean().optional(),
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof EventSchema>;

export const relationPredicates = [
  'borders',
  'supplies',
  'interested_in',
  'participates_in',
  'leads',
  'member_of',
  'provides_aid_to',
  'hosts',
  'recognizes',
  'opposes',
] as const;
export const RelationPredicateSchema = z.enum(relationPredicates);
export type RelationPredicate = z.infer<typeof RelationPredicateSchema>;
export const RelationSchema = z
  .object({
    subject: z.string(),
    predicate: RelationPredicateSchema,
    object: z.string(),
    negated: z.boolean(),
    evidence: SpanSchema,
    /** The time the text gives the relation (EDTF value or interval, e.g. `199X`, `2021/..`), or null. */
    valid: EdtfSchema.nullable().optional(),
    /**
     * False when the text places the relation in the past ("recognized … in the 1990s", "used to", "no longer"); absent
     * or true otherwise.
     */
    current: z.boolean().optional(),
  })
  .meta({ id: 'Relation' });
export type Relation = z.infer<typeof RelationSchema>;

export const PostureSchema = z.object({ label: PostureLabelSchema, evidence: SpanSchema }).meta({ id: 'Posture' });
export type Posture = z.infer<typeof PostureSchema>;

/**
 * Why a source is linked to an entity it concerns: named in its front matter `actors:`, named in its
 * title, named in its lead (the first paragraph), or the entity it mentions most.
 */
export const subjectReasons = ['front-matter', 'title', 'lead', 'most-mentioned'] as const;
export const SubjectReasonSchema = z.enum(subjectReasons);
export type SubjectReason = z.infer<typeof SubjectReasonSchema>;
export const SourceSubjectSchema = z
  .object({
    /**
     * The entity the source concerns: a country's ISO alpha-3, or another entity's id (an actor series id from front
     * matter).
     */
    entity: z.string(),
    how: SubjectReasonSchema,
  })
  .meta({ id: 'SourceSubject' });
export type SourceSubject = z.infer<typeof SourceSubjectSchema>;

/**
 * The fields of the extraction: the document's own and the released item kinds'. The contract's schema
 * (`ExtractionSchema`, extraction-contract.ts) adds the field of every kind declared beyond them.
 */
export const ExtractionFieldsSchema = z.object({
  /** `profile` or `source` (see ProfileDocument.kind). */
  kind: DocumentKindSchema,
  text: z.string(),
  actor: ActorSchema,
  sections: z.array(ContractSectionSchema),
  interests: z.array(ContractInterestSchema),
  sentences: z.array(ContractSentenceSchema),
  mentions: z.array(MentionSchema),
  entities: z.array(EntitySchema),
  times: z.array(TimeSchema),
  quantities: z.array(QuantitySchema),
  events: z.array(EventSchema),
  relations: z.array(RelationSchema),
  posture: PostureSchema.nullable(),
  /** A source only: the entities (actors) it concerns, which link it to their profiles. */
  subjects: z.array(SourceSubjectSchema).optional(),
});
export type Extraction = z.infer<typeof ExtractionFieldsSchema>;
