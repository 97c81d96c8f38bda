// The network behind gexf, graphml and kumu: the graph view with QIDs and edge themes, the ego
// network of one actor (scoped exports), and the export status (accepted, confirmed, all) applied
// to the edges after a person confirmed one relation and rejected another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFilter, ExportRecord } from '../../../model/index.js';
import { collectionViewsFor, type GraphView } from '../../collection-views.js';
import { exportRecords, storeExportTables } from '../export-records.js';
import type { ExportContext } from '../exporter.js';
import { buildNetworkGraph, xmlSafe } from './network-graph.js';
import { reviewRules } from '../../review-rules.js';
import { openNetworkDossier, type NetworkDossier } from './test-support/network-dossier.js';

let fixture: NetworkDossier;
let view: GraphView;

const contextFor = (filter: Partial<ExportFilter>): ExportContext => {
  const full: ExportFilter = { status: 'accepted', ...filter };
  return {
    dossier: fixture.dossier,
    filter: full,
    records: () => exportRecords(fixture.dossier, full),
    tables: storeExportTables,
    exportedAt: '2024-05-01T00:00:00.000Z',
  };
};

beforeAll(async () => {
  fixture = await openNetworkDossier('network-graph');
  view = await collectionViewsFor(fixture.dossier).graph();
}, 120_000);
afterAll(() => fixture?.close());

describe('the network of the collection', () => {
  it('has the nodes and edges of the graph view, keyed by their ids', async () => {
    const graph = await buildNetworkGraph(contextFor({}));
    expect(graph.order).toBe(view.nodes.length);
    expect(graph.size).toBe(view.edges.length);
    expect(graph.nodes().sort()).toEqual(view.nodes.map((n) => n.id).sort());
    for (const edge of view.edges) {
      expect(graph.source(edge.id)).toBe(edge.source);
      expect(graph.target(edge.id)).toBe(edge.target);
      expect(graph.getEdgeAttribute(edge.id, 'weight')).toBe(edge.weight);
    }
  });

  it('gives a state its country, QID, mention count and themes', async () => {
    const graph = await buildNetworkGraph(contextFor({}));
    const viewed = view.nodes.find((n) => n.id === 'KAZ')!;
    expect(graph.getNodeAttributes('KAZ')).toMatchObject({
      kind: 'actor',
      type: 'country',
      country: 'KAZ',
      wikidata: 'Q232',
      actor: 'kazakhstan',
      mentions: viewed.mentions,
      themes: viewed.themes,
    });
    // Another state, an entity only: Afghanistan.
    expect(graph.getNodeAttributes('AFG')).toMatchObject({
      kind: 'entity',
      type: 'country',
      country: 'AFG',
      wikidata: 'Q889',
    });
  });

  it('gives an edge the themes of every sentence giving evidence for it (with its interest)', async () => {
    const graph = await buildNetworkGraph(contextFor({}));
    const records: ExportRecord[] = [];
    for await (const record of exportRecords(fixture.dossier, { status: 'accepted' })) records.push(record);
    const of = <T extends ExportRecord['type']>(type: T) =>
      records.filter((r): r is Extract<ExportRecord, { type: T }> => r.type === type);
    // Every document stating it (the profile, and any source) gives the edge its sentence's themes.
    const expected = new Set<string>();
    for (const relation of of('relation').filter(
      (r) => r.subject === 'KAZ' && r.predicate === 'supplies' && r.object === 'AFG' && !r.negated,
    )) {
      const sentence = of('sentence').find(
        (r) => r.actor === relation.actor && r.start <= relation.start && relation.start < r.end,
      )!;
      const interest = of('interest').find(
        (r) => r.actor === relation.actor && r.start <= sentence.start && sentence.start < r.end,
      );
      for (const theme of [...sentence.themes, ...(interest?.themes ?? [])]) expected.add(theme);
    }
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(graph.getEdgeAttribute('r:KAZ>supplies>AFG', 'themes'))).toEqual(expected);
    expect(graph.getEdgeAttributes('r:KAZ>borders!>AFG')).toMatchObject({
      relation: 'borders',
      negated: true,
      weight: 2,
      confirmed: 0,
      rejected: 0,
    });
    expect(graph.getEdgeAttribute('r:KAZ>borders!>AFG', 'actors').sort()).toEqual(
      view.edges.find((e) => e.id === 'r:KAZ>borders!>AFG')!.actors.sort(),
    );
  });

  it('narrows to the ego network of an actor or a source', async () => {
    for (const actor of ['turkmenistan', 'source-pakistans-deportation-drive-sends-afghans-back-through-torkham']) {
      const ego = view.nodes.find((n) => n.actor === actor && n.kind !== 'entity')!.id;
      const keep = new Set([
        ego,
        ...view.edges.flatMap((e) => (e.source === ego ? [e.target] : e.target === ego ? [e.source] : [])),
      ]);
      const edges = view.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
      const graph = await buildNetworkGraph(contextFor({ actor }));
      expect(graph.getAttribute('ego')).toBe(actor);
      expect(new Set(graph.nodes())).toEqual(keep);
      expect(graph.edges().sort()).toEqual(edges.map((e) => e.id).sort());
      expect(graph.order).toBeLessThan(view.nodes.length);
    }
  });

  it('takes the latest version of an actor and refuses an older one', async () => {
    const graph = await buildNetworkGraph(contextFor({ actor: 'qatar', version: 1 }));
    expect(graph.hasNode('QAT')).toBe(true);
    await expect(buildNetworkGraph(contextFor({ actor: 'qatar', version: 2 }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('keeps only the characters XML can carry', () => {
    expect(xmlSafe('Bishkek\u0000 & Osh\u0007\uFFFE — Ош')).toBe('Bishkek & Osh — Ош');
  });
});

describe('the export status', () => {
  it('counts confirmations, leaves rejected relations out, and marks them with `all`', async () => {
    // The review rules confirmed mentions and times at save: send them back to the queue so that only this test's
    // decisions are confirmed.
    for (const rule of Object.values(reviewRules)) {
      for (
        let page = await fixture.dossier.review.listFacts({
          status: 'confirmed',
          reviewedBy: rule,
          limit: 500,
          offset: 0,
        });
        page.total > 0;
        page = await fixture.dossier.review.listFacts({ status: 'confirmed', reviewedBy: rule, limit: 500, offset: 0 })
      ) {
        await fixture.dossier.review.bulkReview(
          { ids: page.facts.map((fact) => fact.id), status: 'machine' },
          'editor',
        );
      }
    }
    const facts = (
      await fixture.dossier.store.listFacts({
        actor: 'kazakhstan',
        kind: 'relation',
        status: 'machine',
        limit: 500,
        offset: 0,
      })
    ).facts;
    const factOf = (predicate: string, object: string) =>
      facts.find((f) => f.payload.predicate === predicate && f.payload.object === object)!;
    await fixture.dossier.review.confirm(factOf('supplies', 'AFG').id, 'editor');
    await fixture.dossier.review.reject(factOf('participates_in', 'trans-afghan-railway').id, 'editor');

    const accepted = await buildNetworkGraph(contextFor({}));
    expect(accepted.hasEdge('r:KAZ>participates_in>trans-afghan-railway')).toBe(false);
    expect(accepted.getEdgeAttributes('r:KAZ>supplies>AFG')).toMatchObject({ confirmed: 1, rejected: 0 });

    const confirmed = await buildNetworkGraph(contextFor({ status: 'confirmed' }));
    expect(confirmed.edges()).toEqual(['r:KAZ>supplies>AFG']);
    expect(confirmed.getEdgeAttributes('r:KAZ>supplies>AFG')).toMatchObject({ weight: 1, actors: ['kazakhstan'] });
    expect(confirmed.filterNodes((_, a) => a.kind === 'entity')).toEqual(['AFG']);
    expect(confirmed.filterNodes((_, a) => a.kind !== 'entity')).toHaveLength(
      view.nodes.filter((n) => n.kind !== 'entity').length,
    );

    const all = await buildNetworkGraph(contextFor({ status: 'all' }));
    expect(all.getEdgeAttributes('r:KAZ>participates_in>trans-afghan-railway')).toMatchObject({
      relation: 'participates_in',
      negated: false,
      weight: 1,
      rejected: 1,
      actors: ['kazakhstan'],
    });
    expect(all.getEdgeAttribute('r:KAZ>participates_in>trans-afghan-railway', 'evidence')[0]?.text).toMatch(/railway/i);
    expect(all.size).toBe(accepted.size + 1);
  });
});
