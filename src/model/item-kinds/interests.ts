// The ranked interests of a profile: stored, reviewed (facts of kind `interest`) and exported.
import { z } from 'zod';
import { ContractInterestSchema } from '../extraction.js';
import { ThemeSchema } from '../themes.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const InterestPayloadSchema = z.object({
  rank: z.number().int().positive(),
  title: z.string(),
  themes: z.array(ThemeSchema),
});

export const interestKind = reviewedItemKind({
  type: 'interest',
  plural: 'interests',
  field: 'interests',
  about: 'the ranked interests of each profile',
  item: ContractInterestSchema,
  table: 'interests',
  columns: [
    { name: 'rank', type: 'int' },
    { name: 'title', type: 'text' },
    { name: 'themes', type: 'json' },
    ...spanColumns(),
  ],
  record: {
    shape: { rank: z.number().int(), title: z.string(), themes: z.array(ThemeSchema) },
    columns: [
      ['rank', 'rank of the interest in the profile, 1 first'],
      ['title', 'title of the interest'],
      ['themes', 'themes, primary first, joined with ;'],
    ],
    toRecord: (i) => ({ rank: i.rank, title: i.title, themes: i.themes }),
    fromPayload: (p) => p,
  },
  review: { payload: InterestPayloadSchema, confidence: { cases: [], otherwise: 0.8 } },
});
