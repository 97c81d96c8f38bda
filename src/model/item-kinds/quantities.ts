// Quantities (amounts, money, counts): stored, reviewed (facts of kind `quantity`) and exported.
import { z } from 'zod';
import { QuantitySchema } from '../extraction.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const QuantityPayloadSchema = z.object({ text: z.string(), value: z.number(), unit: z.string() });

export const quantityKind = reviewedItemKind({
  type: 'quantity',
  plural: 'quantities',
  field: 'quantities',
  about: 'quantities (amounts, money, counts)',
  item: QuantitySchema,
  table: 'quantities',
  columns: [
    { name: 'text', type: 'text' },
    { name: 'value', type: 'float' },
    { name: 'unit', type: 'text' },
    ...spanColumns(),
  ],
  record: {
    shape: { text: z.string(), value: z.number(), unit: z.string() },
    columns: [
      ['text', 'the words of the quantity'],
      ['value', 'the number'],
      ['unit', 'its unit'],
    ],
    toRecord: (q) => ({ text: q.text, value: q.value, unit: q.unit }),
    fromPayload: (p) => p,
  },
  review: { payload: QuantityPayloadSchema, confidence: { cases: [], otherwise: 0.8 } },
});
