// Review of extracted facts, the audit trail, and version history: the shapes the review
// queue, the fact edits, the audit page and the history/diff views exchange with the API.
import { z } from 'zod';
import { MentionTypeSchema, ReviewStatusSchema } from './extraction.js';
import { factOrder, itemKinds, type ReviewedItemKindOf } from './item-kinds/index.js';

/** Every extracted item that can be reviewed: the reviewed item kinds (item-kinds/), in the review queue's order. */
const reviewedKinds = factOrder(itemKinds) as ReviewedItemKindOf[];
export type FactKind = ReviewedItemKindOf['type'];
export const factKinds = reviewedKinds.map((kind) => kind.type) as readonly FactKind[] as readonly [
  FactKind,
  ...FactKind[],
];
export const FactKindSchema = z.enum(factKinds);

export const FactOriginSchema = z.enum(['machine', 'human']);
export type FactOrigin = z.infer<typeof FactOriginSchema>;

/** The kind-specific content of a fact (the columns of its row), by fact kind: each kind's `review.payload`. */
export const factPayloadSchemas = Object.fromEntries(
  reviewedKinds.map((kind) => [kind.type, kind.review.payload]),
) as unknown as { [K in ReviewedItemKindOf as K['type']]: K['review']['payload'] };

export const FactSchema = z
  .object({
    /** Stable id: `<kind>-<document row id>-<position>`. */
    id: z.string(),
    kind: FactKindSchema,
    actor: z.string(),
    version: z.number().int().positive(),
    /** Whether the fact belongs to the actor's latest version. */
    latest: z.boolean(),
    start: z.number().int(),
    end: z.number().int(),
    /** The words of the document the fact stands on. */
    evidence: z.string(),
    sentence: z.object({ text: z.string(), start: z.number().int(), end: z.number().int() }).nullable(),
    status: ReviewStatusSchema,
    origin: FactOriginSchema,
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Fact' });
export type Fact = z.infer<typeof FactSchema>;

export const FactQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  type: FactKindSchema.optional(),
  /** Default `machine`: the facts awaiting review. `any` lists all. */
  status: z.enum([...ReviewStatusSchema.options, 'any']).default('machine'),
  /** Default: the latest version of each actor. */
  version: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type FactQuery = z.input<typeof FactQuerySchema>;

export const FactPageSchema = z
  .object({ total: z.number().int().nonnegative(), facts: z.array(FactSchema) })
  .meta({ id: 'FactPage' });
export type FactPage = z.infer<typeof FactPageSchema>;

/** PATCH /api/facts/:id: the fields to change (validated against the fact's kind). */
export const FactEditSchema = z.record(z.string(), z.unknown()).meta({ id: 'FactEdit' });

/** POST /api/actors/:id/facts: a fact on selected words of the latest version. */
export const NewFactSchema = z
  .object({
    kind: z.enum(['mention', 'entity', 'relation', 'event', 'time', 'quantity']),
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    /**
     * mention: {entity, type}; entity: {name, type, wikidata?, aliases?}; relation: {subject, predicate, object,
     * negated?}; event: {type, date?, actors?, place?}; time: {value}; quantity: {value, unit}.
     */
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'NewFact' });
export type NewFact = z.infer<typeof NewFactSchema>;

export const EntityPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(300).optional(),
    aliases: z.array(z.string().trim().min(1).max(300)).max(200).optional(),
    wikidata: z
      .string()
      .regex(/^Q\d+$/)
      .nullable()
      .optional(),
    country: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullable()
      .optional(),
    type: MentionTypeSchema.optional(),
  })
  .meta({ id: 'EntityPatch' });
export type EntityPatch = z.infer<typeof EntityPatchSchema>;

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    user: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  user: z.string().max(64).optional(),
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The entries after the first `offset` (when no cursor): its cost grows with the offset, prefer `cursor`. */
  offset: z.coerce.number().int().min(0).default(0),
  /** The `next` of the previous page: the entries older than its last (keyset; `offset` is then not used). */
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'expected the `next` value of the previous page')
    .optional(),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

/** Audit entries are counted up to this many (`totalExact: false` beyond). */
export const auditCountCap = 10_000;

export const AuditPageSchema = z
  .object({
    /** The matching entries, counted up to auditCountCap. */
    total: z.number().int().nonnegative(),
    /** False when there are more than `total` (the count stopped at auditCountCap). */
    totalExact: z.boolean(),
    entries: z.array(AuditEntrySchema),
    /** The cursor of the following page (`?cursor=`, also in the `Link` header), or null on the last. */
    next: z.string().nullable(),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const VersionDiffSchema = z
  .object({
    actor: z.string(),
    from: z.number().int().positive(),
    to: z.number().int().positive(),
    granularity: z.enum(['word', 'sentence']),
    changes: z.array(z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() })),
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    /** The diff as sanitised HTML: <ins> and <del> around changed text, everything else escaped. */
    html: z.string(),
  })
  .meta({ id: 'VersionDiff' });
export type VersionDiff = z.infer<typeof VersionDiffSchema>;

export const InterestHistorySchema = z
  .object({
    actor: z.string(),
    versions: z.array(
      z.object({ version: z.number().int().positive(), ingestedAt: z.string(), asOf: z.string().nullable() }),
    ),
    /** Each interest (by title) with its rank in every version (null: absent from that version). */
    interests: z.array(
      z.object({
        title: z.string(),
        ranks: z.array(z.object({ version: z.number().int().positive(), rank: z.number().int().nullable() })),
      }),
    ),
  })
  .meta({ id: 'InterestHistory' });
export type InterestHistory = z.infer<typeof InterestHistorySchema>;
