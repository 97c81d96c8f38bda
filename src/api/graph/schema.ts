// The request schema of src/api/graph: the query of GET /api/graph (types, theme, sources, the
// ego view's focus and depth, and the node limit).
import { z } from 'zod';
import { MentionTypeSchema, ThemeSchema } from '../../model/index.js';
import { graphEvidencePage, graphLimits } from '../../core/index.js';

const typeList = z
  .string()
  .max(200)
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(MentionTypeSchema))
  .describe('Comma-separated entity types to keep, e.g. place,project');

/** The query of GET /api/graph. */
export const GraphQuerySchema = z.object({
  type: typeList.optional(),
  theme: ThemeSchema.optional(),
  /** `false` leaves the sources out (default: included). */
  sources: z.enum(['true', 'false']).optional(),
  focus: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe('Ego view: the id of a node (actor, source or entity); unknown → 404'),
  depth: z
    .enum(['1', '2'])
    .default('1')
    .transform((value) => (value === '2' ? 2 : 1))
    .describe('Ego view: how many links away from `focus` a node may be'),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, 'a whole number')
    .default(String(graphLimits.default))
    .transform(Number)
    .pipe(z.number().int().min(1).max(graphLimits.max))
    .describe(
      `At most this many nodes (the strongest; for the ego view the focus and its strongest neighbours), ` +
        `1–${graphLimits.max}, default ${graphLimits.default}; \`total\` tells how many there are`,
    ),
});

/** The query of GET /api/graph/evidence. */
export const GraphEvidenceQuerySchema = z.object({
  edge: z.string().min(3).max(700).describe('The id of an edge of GET /api/graph; unknown → 404'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(graphEvidencePage.max)
    .default(graphEvidencePage.default)
    .describe(`Sentences per page, 1–${graphEvidencePage.max}, default ${graphEvidencePage.default}`),
  cursor: z.string().min(1).max(1000).optional().describe('The `next` of the previous page'),
  /** `false` leaves the sources' documents out (default: included). */
  sources: z.enum(['true', 'false']).optional(),
});
