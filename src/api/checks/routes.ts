// GET /api/checks: claims checked against reference data (border claims against the country
// data) and contradictions between profiles, each finding with its evidence sentence.
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
          summary: 'Claims checked against the country data, and contradictions between profiles, with evidence',
          description:
            'Border claims between two countries are checked against world-countries (`contradicts-reference`, severity error; `confirmed-by-reference`, severity info). ' +
            'A relation asserted in one profile and denied in another (`contradicts-profile`) and the same event dated in non-overlapping periods (`conflicting-dates`) are warnings. ' +
            'With `actor`, only the findings about claims in that actor’s profile.',
          querystring: z.object({ actor: z.string().max(200).optional().describe('Actor id (as in /api/actors): only findings about its profile') }),
          response: { 200: CheckReportSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => referenceChecksFor(dossier).report(request.query.actor),
    );
  };
