// `kumu` read back as Kumu's blueprint: the shape validated with a JSON Schema (ajv), ids unique
// across elements and connections, every connection's from/to an element id, counts equal
// GET /api/graph, and the fields of a known state and a known relation.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionViewsFor, type GraphView } from '../../collection-views.js';
import { kumuExporter, type KumuConnection, type KumuElement } from './kumu.js';
import { exportText, openNetworkDossier, type NetworkDossier } from './test-support/network-dossier.js';

let fixture: NetworkDossier;
let view: GraphView;
let blueprint: { elements: KumuElement[]; connections: KumuConnection[] };

const tags = { type: 'array', items: { type: 'string', minLength: 1 } };
const blueprintSchema = {
  type: 'object',
  required: ['elements', 'connections'],
  additionalProperties: false,
  properties: {
    elements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'type', 'description', 'tags'],
        properties: {
          id: { type: 'string', minLength: 1 },
          label: { type: 'string', minLength: 1 },
          type: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          tags,
        },
      },
    },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'from', 'to', 'type', 'direction'],
        properties: {
          id: { type: 'string', minLength: 1 },
          from: { type: 'string' },
          to: { type: 'string' },
          type: { type: 'string', minLength: 1 },
          direction: { enum: ['directed', 'undirected', 'mutual'] },
          description: { type: 'string' },
          tags,
        },
      },
    },
  },
};

beforeAll(async () => {
  fixture = await openNetworkDossier('kumu');
  view = await collectionViewsFor(fixture.dossier).graph();
  blueprint = JSON.parse(await exportText(kumuExporter, fixture.dossier)) as typeof blueprint;
}, 120_000);
afterAll(() => fixture?.close());

describe('kumu export', () => {
  it('is a blueprint Kumu imports: elements and connections of the expected shape', () => {
    expect(kumuExporter).toMatchObject({ name: 'kumu', extension: 'kumu.json', scoped: true });
    const validate = new Ajv({ allErrors: true }).compile(blueprintSchema);
    expect(validate(blueprint), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('has the nodes and edges of the graph view, every connection between elements, ids unique', () => {
    expect(blueprint.elements).toHaveLength(view.nodes.length);
    expect(blueprint.connections).toHaveLength(view.edges.length);
    const ids = new Set(blueprint.elements.map((e) => e.id));
    for (const connection of blueprint.connections) {
      expect(ids.has(connection.from), connection.from).toBe(true);
      expect(ids.has(connection.to), connection.to).toBe(true);
    }
    const all = [...blueprint.elements, ...blueprint.connections].map((item) => item.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives a state its type, country, QID and themes, and a relation its evidence', () => {
    const uzbekistan = blueprint.elements.find((e) => e.id === 'UZB')!;
    const viewed = view.nodes.find((n) => n.id === 'UZB')!;
    expect(uzbekistan).toMatchObject({
      label: 'Uzbekistan',
      type: 'Country',
      Country: 'UZB',
      Wikidata: 'Q265',
      Mentions: viewed.mentions,
      Actor: 'uzbekistan',
    });
    expect(uzbekistan.tags).toEqual(['actor', ...viewed.themes]);
    expect(blueprint.elements.find((e) => e.id === 'KAZ')).toMatchObject({ Country: 'KAZ', Wikidata: 'Q232' });
    const source = blueprint.elements.find((e) => e.id.startsWith('source:'))!;
    expect(source.type).toBe('Source');

    const edge = view.edges.find((e) => e.id === 'r:UZB>borders>AFG')!;
    const connection = blueprint.connections.find((c) => c.id === edge.id)!;
    expect(connection).toMatchObject({
      from: 'UZB',
      to: 'AFG',
      type: 'borders',
      direction: 'directed',
      Negated: false,
      Weight: edge.weight,
      Actors: edge.actors,
    });
    expect(connection.description).toContain(edge.evidence[0]!.text.replace(/\s+/g, ' ').trim());
    const negated = blueprint.connections.find((c) => c.id === 'r:KAZ>borders!>AFG')!;
    expect(negated).toMatchObject({ label: 'does not border', Negated: true, Weight: 2 });
    expect(negated.tags[0]).toBe('negated');
  });
});
