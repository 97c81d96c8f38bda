// GET /api/entities/:id: an entity and its mentions across all profiles, each with its sentence.
// With ?limit= (and ?offset=) the mentions come a page of sentences at a time, in page order
// (profiles, then sources newest first), with `page` giving the total and the next offset.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EntityDetailSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { pageMentions } from './mention-pages.js';

const EntityMentionPageSchema = EntityDetailSchema.extend({
  /** Present when ?limit= was given: which sentences these mentions belong to, and where the next page starts. */
  page: z
    .object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive(),
      /** Sentences (across all documents) that mention the entity. */
      sentences: z.number().int().nonnegative(),
      /** The offset of the next page, or null on the last. */
      next: z.number().int().nonnegative().nullable(),
    })
    .optional(),
}).meta({ id: 'EntityMentionPage' });

export const entityRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/entities/:id',
      {
        schema: {
          tags: ['entities'],
          summary: 'An entity with every mention of it across the profiles (or a page of them, counted in sentences)',
          params: z.object({ id: z.string().min(1).max(200) }),
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).optional(),
            offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
          }),
          response: { 200: EntityMentionPageSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const detail = await dossier.getEntity(request.params.id);
        const { limit, offset = 0 } = request.query;
        if (limit === undefined) return detail;
        return { ...detail, ...pageMentions(detail.mentions, offset, limit) };
      },
    );
  };
