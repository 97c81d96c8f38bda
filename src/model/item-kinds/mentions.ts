// Every mention of an entity with its span: stored, reviewed (facts of kind `mention`) and exported.
import { z } from 'zod';
import { MentionSchema, MentionTypeSchema } from '../extraction.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const MentionPayloadSchema = z.object({
  text: z.string(),
  type: MentionTypeSchema,
  entity: z.string(),
  country: z.string().nullable(),
});

export const mentionKind = reviewedItemKind({
  type: 'mention',
  plural: 'mentions',
  field: 'mentions',
  about: 'every mention of an entity, with its span',
  item: MentionSchema,
  table: 'mentions',
  columns: [
    // A mention's words are (almost always) its document's text at its span: stored only where they differ (21).
    { name: 'text', type: 'text', nullable: true, sliced: true },
    { name: 'type', type: 'text' },
    { name: 'entity_id', type: 'text', item: 'entity' },
    { name: 'country', type: 'text', nullable: true },
    { name: 'via', type: 'text', nullable: true, omitNull: true },
    ...spanColumns(),
  ],
  record: {
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
    toRecord: (m) => ({ text: m.text, mentionType: m.type, entity: m.entity, country: m.country, via: m.via ?? null }),
    fromPayload: (p) => ({ text: p.text, mentionType: p.type, entity: p.entity, country: p.country, via: null }),
  },
  review: {
    payload: MentionPayloadSchema,
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
});
