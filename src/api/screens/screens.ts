// GET /api/screens/…: what a page of the web UI needs for its first screen, in one small answer
// cached per store revision (with its ETag). /api/screens/network is the network page's graph: the
// nodes and links of GET /api/graph (same query) without each link's list of actors and with a
// relation's first evidence sentence only — at 10,000 documents 0.2 MB where the graph is 1.6 MB.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorEnvelopeSchema, NetworkScreenSchema, type GraphView, type NetworkScreen } from '../../model/index.js';
import { collectionViewsFor, type Dossier } from '../../core/index.js';
import { sendCachedJson } from '../cached-json.js';
import { GraphQuerySchema } from '../graph/schema.js';

/** The graph as the network page reads it: no actor lists, a relation's first evidence sentence, a mention's none. */
export function networkScreen(graph: GraphView): NetworkScreen {
  return {
    nodes: graph.nodes,
    edges: graph.edges.map(({ actors: _actors, evidence, ...edge }) => ({
      ...edge,
      evidence: edge.kind === 'relation' ? evidence.slice(0, 1) : [],
    })),
    ...(graph.total ? { total: graph.total } : {}),
  };
}

export const screenRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/screens/network',
      {
        schema: {
          tags: ['views'],
          summary:
            'The network page’s graph: the nodes and links of GET /api/graph (same query) without each link’s ' +
            'actors, with a relation’s first evidence sentence only; cached per revision',
          querystring: GraphQuerySchema,
          response: { 200: NetworkScreenSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { type, theme, sources, focus, depth, limit } = request.query;
        const key = JSON.stringify([
          'screens-network',
          type ?? [],
          theme ?? '',
          sources ?? '',
          focus ?? '',
          depth,
          limit,
        ]);
        const cached = await dossier.viewJson(key, async () =>
          networkScreen(
            await collectionViewsFor(dossier).graph({
              types: type,
              theme,
              sources: sources !== 'false',
              limit,
              evidence: 1,
              ...(focus === undefined ? {} : { focus, depth }),
            }),
          ),
        );
        return sendCachedJson(request, reply, cached);
      },
    );
  };
