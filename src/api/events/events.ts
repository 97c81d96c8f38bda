// GET /api/events: events and dated statements of every profile and source on one time axis,
// earliest first (undated last), a page at a time (keyset cursor, `next` and a Link header),
// filterable by actor, kind, type and date range; GET /api/events/years: how many items start in
// each year (the timeline's overview). Both cached per store revision with ETags.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DocumentKindSchema,
  ErrorEnvelopeSchema,
  TimelineItemTypeSchema,
  TimelinePageSchema,
  TimelineYearsSchema,
} from '../../model/index.js';
import { collectionViewsFor, defaultTimelineLimit, maxTimelineLimit, type Dossier } from '../../core/index.js';
import { sendCachedJson, sendCachedPage } from '../cached-json.js';

const isoPrefix = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'expected a year or an ISO date: 2021, 2021-10 or 2021-10-15');

const filters = {
  actor: z.string().max(200).optional(),
  documentKind: DocumentKindSchema.optional(),
  type: TimelineItemTypeSchema.optional(),
};

export const eventRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/events',
      {
        schema: {
          tags: ['views'],
          summary:
            'Events and dated statements, earliest first (undated last), each with its evidence sentence, a page ' +
            'at a time: ' +
            (`\`limit\` (default ${defaultTimelineLimit}, at most ${maxTimelineLimit}), \`cursor\` (the \`next\` ` +
              `of the previous page, also in the \`Link\` header); `) +
            '`from`/`to` keep the items whose time overlaps the range',
          querystring: z.object({
            ...filters,
            from: isoPrefix.optional(),
            to: isoPrefix.optional(),
            limit: z.coerce.number().int().min(1).max(maxTimelineLimit).default(defaultTimelineLimit),
            cursor: z.string().min(1).max(400).optional(),
          }),
          response: { 200: TimelinePageSchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const key = ['events', q.actor, q.documentKind, q.type, q.from, q.to, q.limit, q.cursor]
          .map((part) => part ?? '')
          .join('\0');
        return sendCachedPage(
          request,
          reply,
          await dossier.viewPageJson(key, () => collectionViewsFor(dossier).timelinePage(q)),
        );
      },
    );

    app.get(
      '/api/events/years',
      {
        schema: {
          tags: ['views'],
          summary:
            'How many events and dated statements start in each year (the filters of /api/events but the date ' +
            'range), and how many are undated',
          querystring: z.object(filters),
          response: { 200: TimelineYearsSchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const key = ['events-years', q.actor, q.documentKind, q.type].map((part) => part ?? '').join('\0');
        return sendCachedJson(
          request,
          reply,
          await dossier.viewJson(key, () => collectionViewsFor(dossier).timelineYears(q)),
        );
      },
    );
  };
