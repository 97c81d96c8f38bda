// `graphml` read back by two independent readers, graphology-graphml's parser and networkx's
// read_graphml: node and edge counts equal GET /api/graph, typed keys, attributes of a known state
// and a known relation, and the ego network of a source.
import graphml from 'graphology-graphml';
import { MultiDirectedGraph } from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionViewsFor, type GraphView } from '../../collection-views.js';
import { graphmlExporter } from './graphml.js';
import {
  exportText,
  hasNetworkx,
  inCi,
  openNetworkDossier,
  readWithNetworkx,
  type NetworkDossier,
} from './test-support/network-dossier.js';

let fixture: NetworkDossier;
let view: GraphView;
let text: string;
const relation = 'r:KAZ>borders!>AFG';

beforeAll(async () => {
  fixture = await openNetworkDossier('graphml');
  view = await collectionViewsFor(fixture.dossier).graph();
  text = await exportText(graphmlExporter, fixture.dossier);
}, 120_000);
afterAll(() => fixture?.close());

describe('graphml export', () => {
  it('declares every key before the graph, with its type', () => {
    expect(graphmlExporter).toMatchObject({ name: 'graphml', extension: 'graphml', scoped: true });
    expect(text).toContain('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"');
    expect(text.indexOf('<key ')).toBeLessThan(text.indexOf('<graph '));
    expect(text).toContain('<key id="n_mentions" for="node" attr.name="mentions" attr.type="int"/>');
    expect(text).toContain('<key id="e_negated" for="edge" attr.name="negated" attr.type="boolean"/>');
  });

  it('parses back with graphology-graphml with the counts and attributes of the graph view', () => {
    const graph = graphml.parse(MultiDirectedGraph, text);
    expect(graph.type).toBe('directed');
    expect(graph.order).toBe(view.nodes.length);
    expect(graph.size).toBe(view.edges.length);
    expect(graph.getAttributes()).toMatchObject({ status: 'accepted', exportedAt: '2024-05-01T00:00:00.000Z' });
    const kaz = view.nodes.find((n) => n.id === 'KAZ')!;
    expect(graph.getNodeAttributes('KAZ')).toMatchObject({
      label: 'Kazakhstan',
      kind: 'actor',
      type: 'country',
      country: 'KAZ',
      wikidata: 'Q232',
      mentions: kaz.mentions,
      actor: 'kazakhstan',
    });
    const edge = view.edges.find((e) => e.id === relation)!;
    expect(graph.extremities(relation)).toEqual(['KAZ', 'AFG']);
    expect(graph.getEdgeAttributes(relation)).toMatchObject({
      label: 'does not border',
      relation: 'borders',
      negated: true,
      weight: edge.weight,
      confirmed: 0,
      actors: edge.actors.join('|'),
    });
    expect(String(graph.getEdgeAttribute(relation, 'evidence'))).toBe(edge.evidence[0]!.text);
  });

  it('narrows to the ego network of a source', async () => {
    const source = view.nodes.find((n) => n.kind === 'source' && n.actor?.includes('termez'))!;
    const ego = graphml.parse(
      MultiDirectedGraph,
      await exportText(graphmlExporter, fixture.dossier, { actor: source.actor! }),
    );
    const neighbours = new Set(
      view.edges.flatMap((e) => (e.source === source.id ? [e.target] : e.target === source.id ? [e.source] : [])),
    );
    expect(new Set(ego.nodes())).toEqual(new Set([source.id, ...neighbours]));
    expect(ego.getAttribute('ego')).toBe(source.actor);
  });

  it.skipIf(!hasNetworkx && !inCi)(
    'reads back with networkx (read_graphml) with the counts and attributes of the graph view',
    async () => {
      const read = await readWithNetworkx(fixture.folder, 'graphml', text, { nodes: ['KAZ'], edges: [relation] });
      expect(read).toMatchObject({ directed: true, nodes: view.nodes.length, edges: view.edges.length });
      expect(read.node.KAZ).toMatchObject({
        label: 'Kazakhstan',
        kind: 'actor',
        type: 'country',
        country: 'KAZ',
        wikidata: 'Q232',
        mentions: view.nodes.find((n) => n.id === 'KAZ')!.mentions,
      });
      expect(read.edge[relation]).toMatchObject({
        source: 'KAZ',
        target: 'AFG',
        relation: 'borders',
        negated: true,
        weight: 2,
      });
    },
  );
});
