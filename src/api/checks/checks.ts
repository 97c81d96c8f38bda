// GET /api/checks: claims checked against reference data (border claims against the country
// data), contradictions within a profile, between profiles and with sources (when their times
// overlap), changes between versions and confirmed facts whose evidence was edited away, each
// finding with both pieces of evidence; counts by kind and group, and what was checked.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { CheckReportSchema, referenceChecksFor, type Dossier } from '../../core/index.js';

export const checkRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/checks',
      {
        schema: {
          tags: ['views'],
          summary:
            'Claims checked against the country data, contradictions, changes between versions and stale evidence, with both pieces of evidence',
          description:
            'Border claims between two countries are checked against world-countries (`contradicts-reference`, severity error; `confirmed-by-reference`, severity info). ' +
            'A relation asserted and denied within one profile (`contradicts-itself`), in two profiles (`contradicts-profile`) or in a profile and a source (`contradicts-source`) is a warning when the times the texts give them overlap: ' +
            'a past relation (`current: false`) never contradicts a current one without a time of its own, and a current relation holds in the year of its document. ' +
            'The same event dated in non-overlapping periods (`conflicting-dates`) is a warning. A relation denied in the next version of a profile is a change (`changed-between-versions`, info). ' +
            'A fact confirmed or edited in an earlier version whose sentence the latest version no longer holds is `evidence-removed` (warning). ' +
            '`counts` gives the findings by kind, `summary` by group (`contradictions` are the possible errors), `checked` what was read (always the whole collection). ' +
            'With `actor`, only the findings about claims in that actor’s profile.',
          querystring: z.object({
            actor: z
              .string()
              .max(200)
              .optional()
              .describe('Actor id (as in /api/actors): only findings about its profile'),
          }),
          response: { 200: CheckReportSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => referenceChecksFor(dossier).report(request.query.actor),
    );
  };
