// Relations between entities: stored, reviewed (facts of kind `relation`) and exported.
import { z } from 'zod';
import { EdtfSchema } from '../edtf.js';
import { RelationPredicateSchema, RelationSchema } from '../extraction.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const RelationPayloadSchema = z.object({
  subject: z.string(),
  predicate: RelationPredicateSchema,
  object: z.string(),
  negated: z.boolean(),
  /** The time the relation holds (EDTF value or interval, e.g. `199X`, `2021/..`); null: unknown. */
  valid: EdtfSchema.nullable().default(null),
  /**
   * Whether the relation still holds: false when it no longer does; true when it does or the text does not say
   * otherwise (as in the extraction).
   */
  current: z.boolean().default(true),
});

export const relationKind = reviewedItemKind({
  type: 'relation',
  plural: 'relations',
  field: 'relations',
  about: 'relations between entities',
  item: RelationSchema,
  table: 'relations',
  columns: [
    { name: 'subject', type: 'text' },
    { name: 'predicate', type: 'text' },
    { name: 'object', type: 'text' },
    { name: 'negated', type: 'bool' },
    { name: 'valid', type: 'text', nullable: true },
    // An older row may lack it: current.
    { name: 'current', type: 'bool', default: true },
    // When the claim holds (claim-time.ts: its days and tense, from `valid`, `current` and its document's date), for
    // the checks of one profile: computed by the store (migration 29).
    { name: 'earliest', type: 'text', nullable: true, item: null },
    { name: 'latest', type: 'text', nullable: true, item: null },
    { name: 'tense', type: 'int', nullable: true, item: null },
    ...spanColumns('evidence'),
  ],
  record: {
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
    toRecord: (r) => ({
      subject: r.subject,
      predicate: r.predicate,
      object: r.object,
      negated: r.negated,
      valid: r.valid ?? null,
      current: r.current ?? true,
    }),
    fromPayload: (p) => ({ ...p, valid: null, current: true }),
  },
  review: {
    payload: RelationPayloadSchema,
    // The column has no "unknown": a relation whose time nobody knows is kept as the extraction keeps it, current.
    whenNull: { current: true },
    confidence: { cases: [{ when: [{ set: 'negated' }], then: 0.4 }], otherwise: 0.5 },
  },
});
