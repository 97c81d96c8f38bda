// Review of extracted facts: the queue (GET /api/review), the review rules with their counts
// (GET /api/review/rules), an actor's facts with their status
// (GET /api/actors/:id/facts), one fact, confirm / reject / edit, facts added on selected words
// (POST /api/actors/:id/facts), bulk review of a selection (POST /api/facts/bulk), and the audit
// trail (GET /api/audit).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditPageSchema,
  AuditQuerySchema,
  ErrorEnvelopeSchema,
  FactEditSchema,
  FactQuerySchema,
  NewFactSchema,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import {
  BulkReviewResultSchema,
  BulkReviewSchema,
  ReviewQuerySchema,
  ReviewRuleCountsSchema,
  ScoredFactPageSchema,
  ScoredFactSchema as FactSchema,
} from '../../core/review.js';
import { actingUser } from '../access-policy.js';

const errors = {
  400: ErrorEnvelopeSchema,
  401: ErrorEnvelopeSchema,
  403: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
};
const factParams = z.object({ id: z.string().min(1).max(100) });
const actorParams = z.object({ id: z.string().min(1).max(200) });

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
            'The review queue: facts of the latest versions with their confidence, by default those nobody reviewed yet, lowest confidence first; filter by actor, type, status, reviewedBy (e.g. rule:exact-country: the facts a rule confirmed)',
          querystring: ReviewQuerySchema,
          response: { 200: ScoredFactPageSchema, ...errors },
        },
      },
      async (request) => dossier.review.queue(request.query),
    );

    app.get(
      '/api/review/rules',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'The review rules that confirm facts at save (reviewedBy rule:…), each with what it confirms in plain words and how many facts of the latest versions it confirmed; list them with GET /api/review?status=confirmed&reviewedBy=<rule>, undo with POST /api/facts/bulk (status machine)',
          response: { 200: ReviewRuleCountsSchema, ...errors },
        },
      },
      async () => ({ rules: await dossier.review.ruleCounts() }),
    );

    app.post(
      '/api/facts/bulk',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'Give a selection of facts one status (confirmed, rejected, or machine: back to the queue, e.g. to undo a rule) in one transaction, each audited',
          body: BulkReviewSchema,
          response: { 200: BulkReviewResultSchema, ...errors },
        },
      },
      async (request) => dossier.review.bulkReview(request.body, actingUser(request).name),
    );

    app.get(
      '/api/actors/:id/facts',
      {
        config: { access: 'reader' },
        schema: {
          tags: ['review'],
          summary: "An actor's facts with their review status (default: every status of the latest version)",
          params: actorParams,
          querystring: FactQuerySchema.omit({ actor: true }).extend({
            status: FactQuerySchema.shape.status.unwrap().default('any'),
          }),
          response: { 200: ScoredFactPageSchema, ...errors },
        },
      },
      async (request) => dossier.review.listFacts({ ...request.query, actor: request.params.id }),
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
            "Edit a fact's fields: a mention's entity or type, a time's value, a quantity's value or unit, an event's type, date, actors or place, a relation's subject, predicate, object, negated, valid (EDTF or null: unknown) or current (true, false, or null: unknown, kept as true), a posture's label, an interest's rank, title or themes",
          params: factParams,
          body: FactEditSchema,
          response: { 200: FactSchema, ...errors },
        },
      },
      async (request) => dossier.review.edit(request.params.id, request.body, actingUser(request).name),
    );

    app.post(
      '/api/actors/:id/facts',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['review'],
          summary:
            'Add a fact on words selected in the latest version (start/end offsets into its text): a mention, a new entity, a relation, an event, a time or a quantity',
          params: actorParams,
          body: NewFactSchema,
          response: { 201: FactSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await dossier.review.addFact(request.params.id, request.body, actingUser(request).name)),
    );

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
