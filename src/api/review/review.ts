// The review of extracted facts (editors): the queue (GET /api/review) and the review rules with
// their counts (GET /api/review/rules). One fact and bulk review are src/api/facts, an actor's
// facts src/api/actors/actor-facts.ts, the audit trail src/api/audit.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReviewQuerySchema, ReviewRuleCountsSchema, ScoredFactPageSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedPage } from '../cached-json.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404);

export const reviewRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/review',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'The review queue: facts of the latest versions with their confidence, ' +
            'by default those nobody reviewed yet, lowest confidence first; filter by actor, type, status, ' +
            'reviewedBy (e.g. rule:exact-country: the facts a rule confirmed); ' +
            'a page at a time: `limit`, `cursor` (the `next` of the previous page, also in the `Link` header)',
          querystring: ReviewQuerySchema,
          response: { 200: ScoredFactPageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const key = ['review', q.actor, q.type, q.status, q.version, q.reviewedBy, q.order, q.limit, q.offset, q.cursor]
          .map((part) => part ?? '')
          .join('\0');
        return sendCachedPage(request, reply, await dossier.viewPageJson(key, () => dossier.review.queue(q)));
      },
    );

    app.get(
      '/api/review/rules',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'The review rules that confirm facts at save (reviewedBy rule:…), each with what it confirms in ' +
            'plain words and how many facts of the latest versions it confirmed; list them with GET ' +
            '/api/review?status=confirmed&reviewedBy=<rule>, undo with POST /api/facts/bulk (status machine)',
          response: { 200: ReviewRuleCountsSchema, ...errors },
        },
      },
      async () => ({ rules: await dossier.review.ruleCounts() }),
    );
  };
