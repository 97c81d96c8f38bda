// GET /api/graph: actors, entities and relations for the network view: the strongest `limit` nodes
// and how many there are in all; with `focus` and `depth`, the ego network of one node. Each edge
// carries its first actors and evidence sentences only (graphEdgeCaps, `actorCount` telling how many
// actors it has), so that an answer stays small; GET /api/graph/evidence?edge= pages through all of
// an edge's evidence (keyset: `next`, `?cursor=`, a Link header).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorEnvelopeSchema,
  GraphEdgeEvidencePageSchema,
  GraphViewSchema,
  graphEdgeCaps,
  type GraphView,
} from '../../model/index.js';
import { collectionViewsFor, graphEvidencePage, type Dossier } from '../../core/index.js';
import { sendCachedJson, sendCachedPage } from '../cached-json.js';
import { GraphEvidenceQuerySchema, GraphQuerySchema } from './schema.js';

/** The graph with each edge's actors and evidence cut to their first (graphEdgeCaps), the actors counted. */
export function cappedEdges(graph: GraphView): GraphView {
  return {
    ...graph,
    edges: graph.edges.map((edge) =>
      edge.actors.length <= graphEdgeCaps.actors && edge.evidence.length <= graphEdgeCaps.evidence
        ? edge
        : {
            ...edge,
            actors: edge.actors.slice(0, graphEdgeCaps.actors),
            ...(edge.actors.length > graphEdgeCaps.actors ? { actorCount: edge.actors.length } : {}),
            evidence: edge.evidence.slice(0, graphEdgeCaps.evidence),
          },
    ),
  };
}

export const graphRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/graph',
      {
        schema: {
          tags: ['views'],
          summary:
            'Actors and entities as nodes; mentions and extracted relations as edges, each with its first ' +
            `${graphEdgeCaps.actors} actors (\`actorCount\`: how many in all) and ${graphEdgeCaps.evidence} ` +
            'evidence sentences (GET /api/graph/evidence pages through the rest)',
          querystring: GraphQuerySchema,
          response: { 200: GraphViewSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { type, theme, sources, focus, depth, limit } = request.query;
        // Serialised once per store revision and query: a repeated request costs no validation or stringify of
        // its (up to some hundred KB) answer.
        const key = JSON.stringify(['graph', type ?? [], theme ?? '', sources ?? '', focus ?? '', depth, limit]);
        const answer = await dossier.viewJson(key, async () =>
          cappedEdges(
            await collectionViewsFor(dossier).graph({
              types: type,
              theme,
              sources: sources !== 'false',
              limit,
              evidence: graphEdgeCaps.evidence,
              actors: graphEdgeCaps.actors,
              ...(focus === undefined ? {} : { focus, depth }),
            }),
          ),
        );
        return sendCachedJson(request, reply, answer);
      },
    );

    app.get(
      '/api/graph/evidence',
      {
        schema: {
          tags: ['views'],
          summary:
            'Every evidence sentence of one edge of the network, a page at a time: `limit` sentences ' +
            `(default ${graphEvidencePage.default}), \`cursor\` (the \`next\` of the previous page, also in the ` +
            '`Link` header); by actor id, then place in the text',
          querystring: GraphEvidenceQuerySchema,
          response: { 200: GraphEdgeEvidencePageSchema, 400: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const { edge, limit, cursor, sources } = request.query;
        const key = JSON.stringify(['graph-evidence', edge, limit, cursor ?? '', sources ?? '']);
        const page = await dossier.viewPageJson(key, () =>
          collectionViewsFor(dossier).graphEdgeEvidence({ edge, limit, cursor, sources: sources !== 'false' }),
        );
        return sendCachedPage(request, reply, page);
      },
    );
  };
