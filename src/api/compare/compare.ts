// GET /api/compare: a page of the actors × themes matrix (keyset cursor, `next` and a Link header;
// sorted by id, or by the rank of `theme`); a cell is the rank of the interest carrying the theme
// (or "narrative" when only sentences do) with its evidence sentences. GET /api/compare/map: for
// each country with a profile, the best rank of one theme (the home page's map and ranking).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorEnvelopeSchema,
  ThemeSchema,
  CompareMapSchema,
  ComparePageRequestSchema,
  CompareViewSchema,
} from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { sendCachedJson, sendCachedPage } from '../cached-json.js';

export const compareRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/compare',
      {
        schema: {
          tags: ['views'],
          summary:
            'A page of the actors × themes matrix: the rank of the interest that carries each theme, with ' +
            'evidence; in id order, or by the rank of `theme` (unranked last): ' +
            ('`limit` (default 50, at most 200), `cursor` (the `next` of the previous page, also in the `Link` ' +
              'header), `theme`'),
          querystring: ComparePageRequestSchema,
          response: { 200: CompareViewSchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => sendCachedPage(request, reply, await dossier.comparePageJson(request.query)),
    );

    app.get(
      '/api/compare/map',
      {
        schema: {
          tags: ['views'],
          summary:
            'For each country with a profile, the best rank of `theme` (default security) among its profiles’ ' +
            'interests, or narrative when only sentences carry it',
          querystring: z.object({ theme: ThemeSchema.default('security') }),
          response: { 200: CompareMapSchema, 400: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => sendCachedJson(request, reply, await dossier.compareMapJson(request.query.theme)),
    );
  };
