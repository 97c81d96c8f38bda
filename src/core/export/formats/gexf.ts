// `gexf`: the network (actors, sources and entities; mentions and relations) as GEXF 1.2 for Gephi
// and networkx, written by graphology-gexf from the graph of network-graph.ts. Node attributes:
// kind, type, country (ISO3), wikidata (QID), mentions, themes, actor, entity; edge attributes:
// relation (predicate or `mention`), negated, confirmed, rejected, themes, actors, evidence (the
// first evidence sentence), with the evidence count as the edge weight. Lists are joined with `|`.
import type { Exporter } from '../exporter.js';
import {
  buildNetworkGraph,
  edgeLabel,
  scalarEdgeAttributes,
  scalarNodeAttributes,
  xmlSafe,
  type NetworkEdgeAttributes,
  type NetworkNodeAttributes,
} from './network-graph.js';

const chunk = 64 * 1024;

export const gexfExporter: Exporter = {
  name: 'gexf',
  description:
    'the network of actors, sources and entities (mentions and relations, with evidence counts and themes) as ' +
    'GEXF for Gephi; with an actor, its ego network',
  mediaType: 'application/gexf+xml; charset=utf-8',
  extension: 'gexf',
  scoped: true,
  async *write(context) {
    const graph = await buildNetworkGraph(context);
    // GEXF 1.2's <meta> holds creator, description and keywords (pedantic: nothing else).
    const { ego, status, exportedAt } = graph.getAttributes();
    const meta = {
      creator: 'Dossier',
      description:
        `${ego ? `Ego network of ${ego}` : 'Network of the collection'}: actors, sources and entities linked by ` +
        `mentions and relations (status ${status}).`,
      keywords: 'dossier, network, mentions, relations',
      lastModifiedDate: exportedAt.slice(0, 10),
    };
    (graph as unknown as { replaceAttributes(attributes: typeof meta): void }).replaceAttributes(meta);
    // graphology-gexf (and its XML writer) loaded on the first GEXF export, not at every start of the server.
    const { default: gexf } = await import('graphology-gexf');
    const text = gexf.write(graph, {
      version: '1.2',
      pretty: true,
      pedantic: true,
      formatNode: (_key: string, node: NetworkNodeAttributes) => ({
        label: xmlSafe(node.label),
        attributes: scalarNodeAttributes(node),
      }),
      formatEdge: (_key: string, edge: NetworkEdgeAttributes) => ({
        label: edgeLabel(edge),
        weight: edge.weight,
        attributes: scalarEdgeAttributes(edge),
      }),
    });
    for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
  },
};
