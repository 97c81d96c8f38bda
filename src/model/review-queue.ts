// The review queue and the pickers of the review desk: facts with their confidence and the queue's
// query, bulk reviews, the counts of the review rules, and the entity listing of the picker of entity
// fields. Served by /api/review, /api/actors/:id/facts, /api/facts/bulk and /api/entities.
import { z } from 'zod';
import { EntitySchema, MentionTypeSchema } from './extraction.js';
import { FactQuerySchema, FactSchema } from './review.js';

/** A fact with its confidence (0..1, from how it was found: see factConfidence in the store). */
export const ScoredFactSchema = FactSchema.extend({ confidence: z.number().min(0).max(1) }).meta({ id: 'ScoredFact' });
export type ScoredFact = z.infer<typeof ScoredFactSchema>;
export const ScoredFactPageSchema = z
  .object({
    total: z.number().int().nonnegative(),
    facts: z.array(ScoredFactSchema),
    /** The cursor of the following page (`?cursor=`, also in the `Link` header), or null on the last. */
    next: z.string().nullable(),
  })
  .meta({ id: 'ScoredFactPage' });
export type ScoredFactPage = z.infer<typeof ScoredFactPageSchema>;

/** The queue's query: the fact filters, who reviewed (e.g. `rule:exact-country`), and the order. */
export const ReviewQuerySchema = FactQuerySchema.extend({
  reviewedBy: z.string().min(1).max(100).optional(),
  /** `uncertainty`: lowest confidence first (the queue's default); `position`: by actor and place in the text. */
  order: z.enum(['uncertainty', 'position']).optional(),
  /** The `next` of the previous page: the page after it (keyset; `offset` is then not used). */
  cursor: z.string().min(1).max(600).optional(),
});
export type ReviewQuery = z.input<typeof ReviewQuerySchema>;

/** POST /api/facts/bulk: one status for a selection; `machine` sends facts back to the queue (undo). */
export const BulkReviewSchema = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1).max(1000),
    status: z.enum(['confirmed', 'rejected', 'machine']),
  })
  .meta({ id: 'BulkReview' });
export type BulkReview = z.infer<typeof BulkReviewSchema>;
export const BulkReviewResultSchema = z
  .object({ reviewed: z.number().int().nonnegative(), facts: z.array(ScoredFactSchema) })
  .meta({ id: 'BulkReviewResult' });
export type BulkReviewResult = z.infer<typeof BulkReviewResultSchema>;

/**
 * GET /api/review/rules: every review rule, what it confirms in plain words, and how many facts of the latest versions
 * it confirmed.
 */
export const ReviewRuleCountSchema = z
  .object({ rule: z.string(), description: z.string(), confirmed: z.number().int().nonnegative() })
  .meta({ id: 'ReviewRuleCount' });
export type ReviewRuleCount = z.infer<typeof ReviewRuleCountSchema>;
export const ReviewRuleCountsSchema = z
  .object({ rules: z.array(ReviewRuleCountSchema) })
  .meta({ id: 'ReviewRuleCounts' });
export type ReviewRuleCounts = z.infer<typeof ReviewRuleCountsSchema>;

/** GET /api/entities: filters and the keyset cursor (`after`, the `next` of the previous page). */
export const EntityListQuerySchema = z.object({
  type: MentionTypeSchema.optional(),
  country: z.string().min(1).max(100).optional(),
  q: z.string().max(200).optional(),
  after: z.string().max(600).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EntityListQuery = z.input<typeof EntityListQuerySchema>;
export const EntityListSchema = z
  .object({ entities: z.array(EntitySchema), next: z.string().nullable() })
  .meta({ id: 'EntityList' });
export type EntityList = z.infer<typeof EntityListSchema>;
