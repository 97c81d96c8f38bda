// GET /api/events: events and dated statements of every profile on one time axis, filterable by
// actor, type and date range.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DocumentKindSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import { collectionViewsFor, TimelineItemSchema, TimelineItemTypeSchema, type Dossier } from '../../core/index.js';

const isoPrefix = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'expected a year or an ISO date: 2021, 2021-10 or 2021-10-15');

export const eventRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/events',
      {
        schema: {
          tags: ['views'],
          summary: 'Events and dated statements, earliest first, each with its evidence sentence',
          querystring: z.object({
            actor: z.string().max(200).optional(),
            documentKind: DocumentKindSchema.optional(),
            type: TimelineItemTypeSchema.optional(),
            from: isoPrefix.optional(),
            to: isoPrefix.optional(),
          }),
          response: { 200: z.object({ items: z.array(TimelineItemSchema) }), 400: ErrorEnvelopeSchema },
        },
      },
      async (request) => ({ items: await collectionViewsFor(dossier).timeline(request.query) }),
    );
  };
