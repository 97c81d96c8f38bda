// `graphml`: the network (actors, sources and entities; mentions and relations) as GraphML for
// yEd, Cytoscape, igraph and networkx. graphology-graphml only parses, so the file is written with
// xmlbuilder2's streaming builder, node by node and edge by edge, from the graph of
// network-graph.ts: node keys label, kind, type, country (ISO3), wikidata (QID), mentions, themes,
// actor, entity; edge keys label, relation (predicate or `mention`), negated, weight (evidence
// count), confirmed, rejected, themes, actors, evidence (the first evidence sentence). Lists are
// joined with `|`; absent values are left out.
import type { Exporter } from '../exporter.js';
import { buildNetworkGraph, edgeLabel, scalarEdgeAttributes, scalarNodeAttributes, xmlSafe } from './network-graph.js';

type GraphmlType = 'string' | 'int' | 'double' | 'boolean';
interface GraphmlKey {
  for: 'graph' | 'node' | 'edge';
  name: string;
  type: GraphmlType;
}

/** Every key of the file, declared before the graph (GraphML requires it). */
export const graphmlKeys: readonly GraphmlKey[] = [
  { for: 'graph', name: 'title', type: 'string' },
  { for: 'graph', name: 'exportedAt', type: 'string' },
  { for: 'graph', name: 'status', type: 'string' },
  { for: 'graph', name: 'ego', type: 'string' },
  { for: 'node', name: 'label', type: 'string' },
  { for: 'node', name: 'kind', type: 'string' },
  { for: 'node', name: 'type', type: 'string' },
  { for: 'node', name: 'country', type: 'string' },
  { for: 'node', name: 'wikidata', type: 'string' },
  { for: 'node', name: 'mentions', type: 'int' },
  { for: 'node', name: 'themes', type: 'string' },
  { for: 'node', name: 'actor', type: 'string' },
  { for: 'node', name: 'entity', type: 'string' },
  { for: 'edge', name: 'label', type: 'string' },
  { for: 'edge', name: 'relation', type: 'string' },
  { for: 'edge', name: 'negated', type: 'boolean' },
  { for: 'edge', name: 'weight', type: 'double' },
  { for: 'edge', name: 'confirmed', type: 'int' },
  { for: 'edge', name: 'rejected', type: 'int' },
  { for: 'edge', name: 'themes', type: 'string' },
  { for: 'edge', name: 'actors', type: 'string' },
  { for: 'edge', name: 'evidence', type: 'string' },
];

const keyId = (key: Pick<GraphmlKey, 'for' | 'name'>): string => `${key.for[0]}_${key.name}`;
const chunk = 64 * 1024;

export const graphmlExporter: Exporter = {
  name: 'graphml',
  description:
    'the network of actors, sources and entities (mentions and relations, with evidence counts and themes) as ' +
    'GraphML for yEd, Cytoscape and networkx; with an actor, its ego network',
  mediaType: 'application/graphml+xml; charset=utf-8',
  extension: 'graphml',
  scoped: true,
  async *write(context) {
    const graph = await buildNetworkGraph(context);
    // xmlbuilder2 loaded on the first GraphML export, not at every start of the server.
    const { createCB } = await import('xmlbuilder2');
    let pending = '';
    const xml = createCB({
      data: (text: string) => {
        pending += text;
      },
      prettyPrint: true,
    });
    const take = (): string => {
      const out = pending;
      pending = '';
      return out;
    };
    const data = (owner: 'graph' | 'node' | 'edge', values: Record<string, string | number | boolean | null>) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === null || value === '') continue;
        xml
          .ele('data', { key: keyId({ for: owner, name }) })
          .txt(typeof value === 'string' ? xmlSafe(value) : String(value))
          .up();
      }
    };

    xml.dec({ version: '1.0', encoding: 'UTF-8' });
    xml.ele('graphml', {
      xmlns: 'http://graphml.graphdrawing.org/xmlns',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation':
        'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
    });
    for (const key of graphmlKeys)
      xml.ele('key', { id: keyId(key), for: key.for, 'attr.name': key.name, 'attr.type': key.type }).up();
    xml.ele('graph', { id: 'dossier', edgedefault: 'directed' });
    const { title, exportedAt, status, ego } = graph.getAttributes();
    data('graph', { title, exportedAt, status, ego });
    yield take();

    for (const { node, attributes } of graph.nodeEntries()) {
      xml.ele('node', { id: xmlSafe(node) });
      data('node', { label: xmlSafe(attributes.label), ...scalarNodeAttributes(attributes) });
      xml.up();
      if (pending.length >= chunk) yield take();
    }
    for (const { edge, attributes, source, target } of graph.edgeEntries()) {
      xml.ele('edge', { id: xmlSafe(edge), source: xmlSafe(source), target: xmlSafe(target) });
      data('edge', { label: edgeLabel(attributes), weight: attributes.weight, ...scalarEdgeAttributes(attributes) });
      xml.up();
      if (pending.length >= chunk) yield take();
    }
    xml.up().up().end();
    yield take();
  },
};
