// GET /api/graph: actors, entities and relations for the network view: the strongest `limit` nodes
// and how many there are in all; with `focus` and `depth`, the ego network of one node.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, MentionTypeSchema, ThemeSchema } from '../../model/index.js';
import { collectionViewsFor, graphLimits, GraphViewSchema, type Dossier } from '../../core/index.js';

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

export const graphRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/graph',
      {
        schema: {
          tags: ['views'],
          summary: 'Actors and entities as nodes; mentions and extracted relations (with evidence) as edges',
          querystring: z.object({
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
                `At most this many nodes (the strongest; for the ego view the focus and its strongest neighbours), 1–${graphLimits.max}, default ${graphLimits.default}; \`total\` tells how many there are`,
              ),
          }),
          response: { 200: GraphViewSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const { type, theme, sources, focus, depth, limit } = request.query;
        return collectionViewsFor(dossier).graph({
          types: type,
          theme,
          sources: sources !== 'false',
          limit,
          ...(focus === undefined ? {} : { focus, depth }),
        });
      },
    );
  };
