// GET /api/entities/:id: an entity and its mentions across all profiles, each with its sentence, a page
// at a time read from the entity's mentions index (keyset: `next`, `?cursor=`, a Link header; ?limit=
// mentions, `defaultMentionPage` by default). With ?offset= (and ?limit=) and no cursor, the mentions
// come a page of sentences at a time in page order (profiles, then sources newest first), with `page`
// giving the total and the next offset.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EntityMentionPageSchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { pageMentions } from './mention-pages.js';
import { sendCachedPage } from '../cached-json.js';
import { entityParams } from './schema.js';

/** Mentions per keyset page when no ?limit= is given. */
export const defaultMentionPage = 200;

export const entityRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/entities/:id',
      {
        schema: {
          tags: ['entities'],
          summary:
            'An entity with its mentions across the profiles and sources, a page at a time: ' +
            `\`limit\` mentions (default ${defaultMentionPage}), ` +
            '`cursor` (the `next` of the previous page, also in the `Link` header); ' +
            'with `offset` (and `limit`) and no cursor, a page of them counted in sentences (`page`)',
          params: entityParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).optional(),
            offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
            cursor: z.string().min(1).max(600).optional(),
          }),
          response: { 200: EntityMentionPageSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { limit = defaultMentionPage, offset = 0, cursor } = request.query;
        if (request.query.offset !== undefined && cursor === undefined) {
          const detail = await dossier.getEntity(request.params.id);
          return { ...detail, ...pageMentions(detail.mentions, offset, limit) };
        }
        const page = { limit, cursor };
        const key = ['entity-mentions', request.params.id, page.limit, cursor ?? ''].join('\0');
        return sendCachedPage(
          request,
          reply,
          await dossier.viewPageJson(key, () => dossier.entityMentionPage(request.params.id, page)),
        );
      },
    );
  };
