// GET /api/graph: actors, entities and relations for the network view: the strongest `limit` nodes
// and how many there are in all; with `focus` and `depth`, the ego network of one node.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, GraphViewSchema } from '../../model/index.js';
import { collectionViewsFor, type Dossier } from '../../core/index.js';
import { GraphQuerySchema } from './schema.js';

export const graphRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/graph',
      {
        schema: {
          tags: ['views'],
          summary: 'Actors and entities as nodes; mentions and extracted relations (with evidence) as edges',
          querystring: GraphQuerySchema,
          response: { 200: GraphViewSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request) => {
        const { type, theme, sources, focus, depth, limit } = request.query;
        return collectionViewsFor(dossier).graph({
          types: type,
          theme,
          sources: sources !== 'false',
          limit,
          ...(focus === undefined ? {} : { focus, depth }),
        });
      },
    );
  };
