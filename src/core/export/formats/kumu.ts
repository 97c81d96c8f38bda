// `kumu`: the network as the JSON "blueprint" Kumu imports ({"elements": [...], "connections":
// [...]}): each node an element (id, label, type, description, tags = kind and themes, and the
// fields Country, Wikidata, Mentions, Actor), each edge a directed connection (from/to by element
// id, type = the relation or `mention`, a description quoting its evidence sentences, tags = its
// themes, and the fields Weight, Negated, Confirmed, Rejected, Actors). Written element by element.
import type { Exporter } from '../exporter.js';
import {
  buildNetworkGraph,
  edgeLabel,
  type NetworkEdgeAttributes,
  type NetworkNodeAttributes,
} from './network-graph.js';

export interface KumuElement {
  id: string;
  label: string;
  type: string;
  description: string;
  tags: string[];
  [field: string]: unknown;
}

export interface KumuConnection {
  id: string;
  from: string;
  to: string;
  type: string;
  direction: 'directed' | 'undirected' | 'mutual';
  label: string;
  description: string;
  tags: string[];
  [field: string]: unknown;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The element type Kumu colours by: the entity type (`Country`, `Organization`…), `Source`, or `Actor`/`Entity`. */
function elementType(node: NetworkNodeAttributes): string {
  if (node.kind === 'source') return 'Source';
  if (node.type) return capitalized(node.type);
  return node.kind === 'actor' ? 'Actor' : 'Entity';
}

export function kumuElement(id: string, node: NetworkNodeAttributes): KumuElement {
  const what =
    node.kind === 'actor'
      ? 'Profiled actor'
      : node.kind === 'source'
        ? 'Source document'
        : capitalized(node.type ?? 'entity');
  const facts = [
    node.country ? `country ${node.country}` : null,
    node.wikidata ? `Wikidata [${node.wikidata}](https://www.wikidata.org/wiki/${node.wikidata})` : null,
    `${node.mentions} mention${node.mentions === 1 ? '' : 's'}`,
  ];
  const element: KumuElement = {
    id,
    label: node.label,
    type: elementType(node),
    description: `${what}; ${facts.filter(Boolean).join(', ')}.`,
    tags: [node.kind, ...node.themes],
    Kind: node.kind,
    Mentions: node.mentions,
  };
  if (node.country) element.Country = node.country;
  if (node.wikidata) element.Wikidata = node.wikidata;
  if (node.actor) element.Actor = node.actor;
  if (node.entity) element.Entity = node.entity;
  return element;
}

export function kumuConnection(id: string, from: string, to: string, edge: NetworkEdgeAttributes): KumuConnection {
  const quotes = edge.evidence.map(
    (e) =>
      `> ${e.text.replace(/\s+/g, ' ').trim()}\n\n— ${e.actor}, version ${e.version}, characters ${e.start}–${e.end}`,
  );
  return {
    id,
    from,
    to,
    type: edge.relation,
    direction: 'directed',
    label: edgeLabel(edge),
    description: quotes.join('\n\n'),
    tags: [...(edge.negated ? ['negated'] : []), ...edge.themes],
    Weight: edge.weight,
    Negated: edge.negated,
    Confirmed: edge.confirmed,
    Rejected: edge.rejected,
    Actors: edge.actors,
  };
}

export const kumuExporter: Exporter = {
  name: 'kumu',
  description:
    'the network of actors, sources and entities as the elements/connections JSON (blueprint) Kumu imports; with ' +
    'an actor, its ego network',
  mediaType: 'application/json; charset=utf-8',
  extension: 'kumu.json',
  scoped: true,
  async *write(context) {
    const graph = await buildNetworkGraph(context);
    // Kumu wants ids unique across elements and connections.
    const connectionId = (edge: string): string => (graph.hasNode(edge) ? `connection:${edge}` : edge);
    let batch = '{"elements":[';
    let first = true;
    for (const { node, attributes } of graph.nodeEntries()) {
      batch += `${first ? '\n' : ',\n'}${JSON.stringify(kumuElement(node, attributes))}`;
      first = false;
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    batch += '\n],"connections":[';
    first = true;
    for (const { edge, attributes, source, target } of graph.edgeEntries()) {
      batch += first ? '\n' : ',\n';
      batch += JSON.stringify(kumuConnection(connectionId(edge), source, target, attributes));
      first = false;
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}\n]}\n`;
  },
};
