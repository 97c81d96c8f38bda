// `gexf` read back by two independent readers, graphology-gexf's parser and networkx's read_gexf:
// node and edge counts equal GET /api/graph, attributes of a known state and a known relation, and
// the ego network of one actor.
import gexf from 'graphology-gexf';
import { MultiDirectedGraph } from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionViewsFor, type GraphView } from '../../collection-views.js';
import { gexfExporter } from './gexf.js';
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
  fixture = await openNetworkDossier('gexf');
  view = await collectionViewsFor(fixture.dossier).graph();
  text = await exportText(gexfExporter, fixture.dossier);
}, 120_000);
afterAll(() => fixture?.close());

describe('gexf export', () => {
  it('declares a network format of its own', () => {
    expect(gexfExporter).toMatchObject({ name: 'gexf', extension: 'gexf', scoped: true });
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('xmlns="http://www.gexf.net/1.2draft"');
    // Only what GEXF 1.2's <meta> allows.
    expect(text).toContain('<meta lastmodifieddate="2024-05-01">');
    expect(text).toContain('<creator>Dossier</creator>');
    expect(text).not.toMatch(/<(title|status|exportedAt)>/);
  });

  it('parses back with graphology-gexf with the counts and attributes of the graph view', () => {
    const graph = gexf.parse(MultiDirectedGraph, text);
    expect(graph.order).toBe(view.nodes.length);
    expect(graph.size).toBe(view.edges.length);
    const kaz = view.nodes.find((n) => n.id === 'KAZ')!;
    expect(graph.getNodeAttributes('KAZ')).toMatchObject({
      label: 'Kazakhstan',
      kind: 'actor',
      type: 'country',
      country: 'KAZ',
      wikidata: 'Q232',
      mentions: kaz.mentions,
      themes: kaz.themes.join('|'),
    });
    const edge = view.edges.find((e) => e.id === relation)!;
    expect(graph.extremities(relation)).toEqual(['KAZ', 'AFG']);
    expect(graph.getEdgeAttributes(relation)).toMatchObject({
      relation: 'borders',
      negated: true,
      weight: edge.weight,
      actors: edge.actors.join('|'),
    });
    expect(String(graph.getEdgeAttribute(relation, 'themes'))).toMatch(/^[a-z]+(\|[a-z]+)*$/);
    const mention = view.edges.find((e) => e.kind === 'mention')!;
    expect(graph.getEdgeAttributes(mention.id)).toMatchObject({
      relation: 'mention',
      negated: false,
      weight: mention.weight,
    });
  });

  it('narrows to the ego network of an actor', async () => {
    const ego = gexf.parse(
      MultiDirectedGraph,
      await exportText(gexfExporter, fixture.dossier, { actor: 'kyrgyzstan' }),
    );
    const neighbours = new Set(
      view.edges.flatMap((e) => (e.source === 'KGZ' ? [e.target] : e.target === 'KGZ' ? [e.source] : [])),
    );
    expect(ego.order).toBe(neighbours.size + 1);
    expect(ego.edges()).toContain('r:KGZ>borders>TJK');
    expect(ego.hasNode('CHN')).toBe(neighbours.has('CHN'));
  });

  it.skipIf(!hasNetworkx && !inCi)(
    'reads back with networkx (read_gexf) with the counts and attributes of the graph view',
    async () => {
      const read = await readWithNetworkx(fixture.folder, 'gexf', text, { nodes: ['KAZ'], edges: [relation] });
      expect(read).toMatchObject({ directed: true, nodes: view.nodes.length, edges: view.edges.length });
      expect(read.node.KAZ).toMatchObject({
        label: 'Kazakhstan',
        kind: 'actor',
        type: 'country',
        country: 'KAZ',
        wikidata: 'Q232',
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
