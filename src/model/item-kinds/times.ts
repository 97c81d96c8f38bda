// Time expressions with their EDTF value: stored (with the bounds the timeline reads, computed by
// the store), reviewed (facts of kind `time`) and exported.
import { z } from 'zod';
import { EdtfSchema } from '../edtf.js';
import { TimeResolutionSchema, TimeSchema } from '../extraction.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const TimePayloadSchema = z.object({ text: z.string(), value: EdtfSchema });

export const timeKind = reviewedItemKind({
  type: 'time',
  plural: 'times',
  field: 'times',
  about: 'time expressions',
  item: TimeSchema,
  table: 'times',
  columns: [
    { name: 'text', type: 'text' },
    { name: 'value', type: 'text' },
    { name: 'resolved', type: 'text', nullable: true, omitNull: true },
    { name: 'earliest', type: 'text', nullable: true, item: null },
    { name: 'latest', type: 'text', nullable: true, item: null },
    ...spanColumns(),
  ],
  record: {
    shape: { text: z.string(), value: z.string(), resolved: TimeResolutionSchema.nullable() },
    columns: [
      ['text', 'the words of the time expression'],
      ['value', 'normalized value (EDTF)'],
      ['resolved', 'how the value was resolved, if recorded'],
    ],
    toRecord: (t) => ({ text: t.text, value: t.value, resolved: t.resolved ?? null }),
    fromPayload: (p) => ({ text: p.text, value: p.value, resolved: null }),
  },
  review: {
    payload: TimePayloadSchema,
    // Written in full (its words are its value) 0.9, completed from the document's date or its context 0.6.
    confidence: {
      cases: [
        { when: [{ isWords: 'value' }], then: 0.9 },
        { when: [{ set: 'resolved' }], then: 0.6 },
      ],
      otherwise: 0.75,
    },
  },
});
