// GET /api/audit: the audit trail (editors), newest first: who did what, when, to which target.
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
            'The audit trail, newest first: who did what, when, to which target, with the before and after values',
          querystring: AuditQuerySchema,
          response: { 200: AuditPageSchema, ...errors },
        },
      },
      async (request) => dossier.review.listAudit(request.query),
    );
  };
