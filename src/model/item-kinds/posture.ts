// A profile's posture toward the focus country, one per document at most: stored, reviewed (facts of
// kind `posture`) and exported.
import { z } from 'zod';
import { PostureSchema } from '../extraction.js';
import { PostureLabelSchema } from '../themes.js';
import { reviewedItemKind, spanColumns } from './declaration.js';

export const PosturePayloadSchema = z.object({ label: PostureLabelSchema });

export const postureKind = reviewedItemKind({
  type: 'posture',
  plural: 'postures',
  field: 'posture',
  about: "each profile's posture toward the focus country",
  item: PostureSchema,
  single: true,
  table: 'postures',
  columns: [{ name: 'label', type: 'text' }, ...spanColumns('evidence')],
  record: {
    shape: { label: PostureLabelSchema },
    columns: [['label', "the actor's stance toward the focus country's government"]],
    toRecord: (p) => ({ label: p.label }),
    fromPayload: (p) => p,
  },
  review: { payload: PosturePayloadSchema, confidence: { cases: [], otherwise: 0.6 } },
});
