// GET /api/compare: the actors × themes matrix; a cell is the rank of the interest carrying the
// theme (or "narrative" when only sentences do) with its evidence sentences.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { collectionViewsFor, CompareViewSchema, type Dossier } from '../../core/index.js';

export const compareRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/compare',
      {
        schema: {
          tags: ['views'],
          summary: 'Actors × themes: the rank of the interest that carries each theme, with evidence',
          response: { 200: CompareViewSchema },
        },
      },
      async () => collectionViewsFor(dossier).compare(),
    );
  };
