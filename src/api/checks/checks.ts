// GET /api/checks: claims checked against reference data (border claims against the country
// data), contradictions within a profile, between profiles and with sources (when their times
// overlap), changes between versions and confirmed facts whose evidence was edited away, each
// finding with both pieces of evidence; counts by kind and group, and what was checked. The whole
// collection's findings come a page at a time (keyset cursor, `next` and a Link header); one
// actor's findings come whole, read from the documents around it. While the collection's findings are first
// computed, the list answers at once with its progress (`computing`).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { CheckKindSchema, CheckReportSchema, referenceChecksFor, type Dossier } from '../../core/index.js';

export const checkRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/checks',
      {
        schema: {
          tags: ['views'],
          summary:
            'Claims checked against the country data, contradictions, changes between versions and stale evidence, ' +
            'with both pieces of evidence',
          description:
            'Border claims between two countries are checked against world-countries ' +
            '(`contradicts-reference`, severity error; `confirmed-by-reference`, severity info). ' +
            'A relation asserted and denied within one profile (`contradicts-itself`), in two profiles ' +
            '(`contradicts-profile`) or in a profile and a source (`contradicts-source`) is a warning when the times ' +
            'the texts give them overlap: a past relation (`current: false`) never contradicts a current one without ' +
            'a time of its own, and a current relation holds in the year of its document. ' +
            'The same event dated in non-overlapping periods (`conflicting-dates`) is a warning. ' +
            'A relation denied in the next version of a profile is a change (`changed-between-versions`, info). ' +
            'A fact confirmed or edited in an earlier version whose sentence the latest version no longer holds is ' +
            '`evidence-removed` (warning). ' +
            '`counts` gives the findings by kind, `summary` by group (`contradictions` are the possible errors), ' +
            '`checked` what was read. ' +
            'Without `actor`: a page of the whole collection’s findings (`limit`, default 100, at most 500; `kind`; ' +
            '`cursor`, the `next` of the previous page, also in the `Link` header), with the counts and summary of ' +
            'all of them. After a write the first pages answer the previous findings with `stale: true` while the ' +
            'new ones are computed in the background, unless `fresh=true`. A collection whose findings were never ' +
            'computed (nobody asked since it was ingested) answers at once with no findings and `computing` (the ' +
            'documents read of those to read) while they are computed in the background; `fresh=true` waits. ' +
            'With `actor`: all the findings about claims in that actor’s profile, read from its versions and the ' +
            'documents that share a claim or an event with it (`checked` describes those).',
          querystring: z.object({
            actor: z
              .string()
              .max(200)
              .optional()
              .describe('Actor id (as in /api/actors): only findings about its profile'),
            limit: z.coerce
              .number()
              .int()
              .min(1)
              .max(500)
              .default(100)
              .describe('Findings per page (whole collection)'),
            cursor: z.string().max(2000).optional().describe('The `next` of the previous page'),
            kind: CheckKindSchema.optional().describe('Only findings of this kind (whole collection)'),
            fresh: z
              .enum(['true', 'false'])
              .optional()
              .describe(
                'Whole collection: wait for the findings at the current revision rather than answer the previous ' +
                  'ones marked `stale` while they are computed',
              ),
          }),
          response: { 200: CheckReportSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { actor, limit, cursor, kind, fresh } = request.query;
        const checks = referenceChecksFor(dossier);
        if (actor !== undefined) return checks.report(actor);
        const page = await checks.page({ limit, cursor, kind, fresh: fresh === 'true' });
        if (page.next !== null) {
          const url = new URL(request.url, 'http://dossier.invalid');
          url.searchParams.set('cursor', page.next);
          void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
        }
        return page;
      },
    );
  };
