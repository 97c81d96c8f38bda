// One extracted fact: GET /api/facts/:id, and for editors confirm / reject
// (POST /api/facts/:id/confirm, /reject), edit (PATCH /api/facts/:id) and one status for a
// selection of facts (POST /api/facts/bulk), each audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BulkReviewResultSchema,
  BulkReviewSchema,
  FactEditSchema,
  ScoredFactSchema as FactSchema,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { factParams } from './schema.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404);

export const factRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/facts/bulk',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'Give a selection of facts one status (confirmed, rejected, or machine: back to the queue, e.g. to ' +
            'undo a rule) in one transaction, each audited',
          body: BulkReviewSchema,
          response: { 200: BulkReviewResultSchema, ...errors },
        },
      },
      async (request) => dossier.review.bulkReview(request.body, actingUser(request).name),
    );

    app.get(
      '/api/facts/:id',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['review'],
          summary: 'One fact with its evidence, sentence and review status',
          params: factParams,
          response: { 200: FactSchema, ...errors },
        },
      },
      async (request) => dossier.review.getFact(request.params.id),
    );

    app.post(
      '/api/facts/:id/confirm',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary: 'Confirm a fact',
          params: factParams,
          response: { 200: FactSchema, ...errors },
        },
      },
      async (request) => dossier.review.confirm(request.params.id, actingUser(request).name),
    );

    app.post(
      '/api/facts/:id/reject',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary: 'Reject a fact: it leaves the extraction shown to readers',
          params: factParams,
          response: { 200: FactSchema, ...errors },
        },
      },
      async (request) => dossier.review.reject(request.params.id, actingUser(request).name),
    );

    app.patch(
      '/api/facts/:id',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            "Edit a fact's fields: a mention's entity or type, a time's value, a quantity's value or unit, an " +
            "event's type, date, actors or place, a relation's subject, predicate, object, negated, valid (EDTF " +
            "or null: unknown) or current (true, false, or null: unknown, kept as true), a posture's label, an " +
            "interest's rank, title or themes",
          params: factParams,
          body: FactEditSchema,
          response: { 200: FactSchema, ...errors },
        },
      },
      async (request) => dossier.review.edit(request.params.id, request.body, actingUser(request).name),
    );
  };
