// GET /api/audit: the audit trail (editors), newest first: who did what, when, to which target.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPageSchema, AuditQuerySchema, ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';

const errors = {
  400: ErrorEnvelopeSchema,
  401: ErrorEnvelopeSchema,
  403: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
};

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
