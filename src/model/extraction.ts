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

export const MentionSchema = z
  .object({
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    type: MentionTypeSchema,
    entity: z.string(),
    country: iso3.nullable(),
  })
  .meta({ id: 'Mention' });
export type Mention = z.infer<typeof MentionSchema>;

export const EntitySchema = z
  .object({
    id: z.string(),
    type: MentionTypeSchema,
    name: z.string(),
    country: iso3.nullable(),
    wikidata: z.string().regex(/^Q\d+$/).nullable(),
    aliases: z.array(z.string()).optional(),
    /** Free attributes, e.g. a person's role ("Trade and Integration Minister"). */
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Entity' });
export type Entity = z.infer<typeof EntitySchema>;

export const TimeSchema = z
  .object({ start: z.number().int(), end: z.number().int(), text: z.string(), value: EdtfSchema })
  .meta({ id: 'Time' });
export type Time = z.infer<typeof TimeSchema>;

export const QuantitySchema = z
  .object({ start: z.number().int(), end: z.number().int(), text: z.string(), value: z.number(), unit: z.string() })
  .meta({ id: 'Quantity' });
export type Quantity = z.infer<typeof QuantitySchema>;

export const eventTypes = ['visit', 'delegation', 'meeting', 'aid', 'statement', 'agreement', 'exercise', 'attack'] as const;
export const EventTypeSchema = z.enum(eventTypes);
export const EventSchema = z
  .object({
    type: EventTypeSchema,
    date: EdtfSchema.nullable(),
    actors: z.array(z.string()),
    place: z.string().nullable(),
    evidence: SpanSchema,
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
export const RelationSchema = z
  .object({
    subject: z.string(),
    predicate: RelationPredicateSchema,
    object: z.string(),
    negated: z.boolean(),
    evidence: SpanSchema,
  })
  .meta({ id: 'Relation' });
export type Relation = z.infer<typeof RelationSchema>;

export const SentenceThemesSchema = z.object({ start: z.number().int(), end: z.number().int(), themes: z.array(ThemeSchema) });
export type SentenceThemes = z.infer<typeof SentenceThemesSchema>;

export const PostureSchema = z
  .object({ label: PostureLabelSchema, evidence: SpanSchema })
  .meta({ id: 'Posture' });
export type Posture = z.infer<typeof PostureSchema>;

export const ExtractionSchema = z
  .object({
    /** `profile` or `source` (see ProfileDocument.kind). */
    kind: DocumentKindSchema,
    text: z.string(),
    actor: ActorSchema,
    sections: z.array(ContractSectionSchema),
    interests: z.array(ContractInterestSchema),
    sentences: z.array(z.object({ start: z.number().int(), end: z.number().int(), themes: z.array(ThemeSchema).optional() })),
    mentions: z.array(MentionSchema),
    entities: z.array(EntitySchema),
    times: z.array(TimeSchema),
    quantities: z.array(QuantitySchema),
    events: z.array(EventSchema),
    relations: z.array(RelationSchema),
    posture: PostureSchema.nullable(),
  })
  .meta({ id: 'Extraction' });
export type Extraction = z.infer<typeof ExtractionSchema>;
