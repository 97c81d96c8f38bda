// GET /api/audit: the audit trail (editors), newest first: who did what, when, to which target; keyset pages
// (`cursor`, `next` and a Link header).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPageSchema, AuditQuerySchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404);

export const auditRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'The audit trail, newest first: who did what, when, to which target, with the before and after values; ' +
            'a page at a time: `limit`, `cursor` (the `next` of the previous page, also in the `Link` header); ' +
            '`total` counts up to 10,000 (`totalExact: false` beyond)',
          querystring: AuditQuerySchema,
          response: { 200: AuditPageSchema, ...errors },
        },
      },
      async (request, reply) => {
        const page = await dossier.review.listAudit(request.query);
        if (page.next !== null) {
          const url = new URL(request.url, 'http://dossier.invalid');
          url.searchParams.delete('offset');
          url.searchParams.set('cursor', page.next);
          void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
        }
        return page;
      },
    );
  };
