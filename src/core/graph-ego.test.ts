// Tests of the ego view of the network (CollectionViews.graph with `focus` and `depth`) on three
// small hand-made profiles: depth 1 and 2 by breadth-first search over the links, the induced
// edges, the combination with the type/theme/sources filters, and NOT_FOUND for an unknown node.
import { describe, expect, it } from 'vitest';
import {
  isDossierError,
  type ActorDetail,
  type ActorSummary,
  type Entity,
  type Extraction,
  type MentionType,
  type SearchResult,
  type Theme,
} from '../model/index.js';
import { CollectionViews, egoGraph, type CollectionSource } from './collection-views.js';

const entities: Record<string, Entity> = {
  KAZ: { id: 'KAZ', type: 'country', name: 'Kazakhstan', country: 'KAZ', wikidata: null },
  UZB: { id: 'UZB', type: 'country', name: 'Uzbekistan', country: 'UZB', wikidata: null },
  TKM: { id: 'TKM', type: 'country', name: 'Turkmenistan', country: 'TKM', wikidata: null },
  AFG: { id: 'AFG', type: 'country', name: 'Afghanistan', country: 'AFG', wikidata: null },
  kabul: { id: 'kabul', type: 'place', name: 'Kabul', country: 'AFG', wikidata: null },
  tapi: { id: 'tapi', type: 'project', name: 'TAPI pipeline', country: null, wikidata: null },
  taliban: { id: 'taliban', type: 'organization', name: 'Taliban', country: null, wikidata: null },
  termez: { id: 'termez', type: 'place', name: 'Termez', country: 'UZB', wikidata: null },
};

/**
 * A profile of one sentence per line; each line lists the entities it names (by their name), with
 * the line's themes. Relations are [subject, predicate, object, line]; `interestThemes` are the
 * themes of the actor (its one ranked interest, which covers no sentence).
 */
function profile(
  id: string,
  country: string,
  interestThemes: Theme[],
  lines: { text: string; names: string[]; themes?: Theme[] }[],
  relations: [string, 'interested_in' | 'borders', string, number][] = [],
): ActorDetail {
  const name = entities[country]!.name;
  const rows = [name, ...lines.map((l) => l.text)];
  const text = rows.join('\n');
  const starts = rows.map((_, n) => rows.slice(0, n).reduce((sum, row) => sum + row.length + 1, 0));
  const sentences: Extraction['sentences'] = lines.map((l, n) => ({
    start: starts[n + 1]!,
    end: starts[n + 1]! + l.text.length,
    ...(l.themes ? { themes: l.themes } : {}),
  }));
  const mentions = lines.flatMap((l, n) =>
    l.names.map((entityId) => {
      const entity = entities[entityId]!;
      const start = starts[n + 1]! + l.text.indexOf(entity.name);
      if (start < starts[n + 1]!) throw new Error(`line ${n} lacks ${entity.name}`);
      return {
        start,
        end: start + entity.name.length,
        text: entity.name,
        type: entity.type as MentionType,
        entity: entityId,
        country: entity.country,
      };
    }),
  );
  const extraction: Extraction = {
    kind: 'profile',
    text,
    actor: { name, country },
    sections: [],
    interests: [{ rank: 1, title: 'Interests', themes: interestThemes, start: text.length, end: text.length }],
    sentences,
    mentions,
    entities: [...new Set(mentions.map((m) => m.entity))].map((e) => entities[e]!),
    times: [],
    quantities: [],
    events: [],
    relations: relations.map(([subject, predicate, object, line]) => ({
      subject,
      predicate,
      object,
      negated: false,
      evidence: { start: starts[line + 1]!, end: starts[line + 1]! + lines[line]!.text.length },
    })),
    posture: null,
  };
  const version = {
    version: 1,
    hash: 'h',
    sourceName: `${id}.txt`,
    format: 'text' as const,
    ingestedAt: '2024-01-01T00:00:00Z',
    asOf: null,
  };
  return {
    id,
    actor: extraction.actor,
    version,
    versions: [version],
    metadata: {
      asOf: null,
      source: null,
      author: null,
      published: null,
      publisher: null,
      spans: {},
      focus: 'AFG',
      extra: {},
    },
    extraction,
  };
}

// Links: KAZ — AFG, kabul, tapi (and KAZ interested_in tapi); UZB — AFG, kabul, taliban, termez;
// TKM — tapi. So TKM and UZB are two links from KAZ, taliban and termez three.
const kazakhstan = profile(
  'kazakhstan',
  'KAZ',
  ['security', 'energy'],
  [
    { text: 'Kazakhstan watches Afghanistan closely.', names: ['KAZ', 'AFG'], themes: ['security'] },
    { text: 'Its envoys went to Kabul.', names: ['kabul'], themes: ['diplomacy'] },
    { text: 'Kazakhstan backs the TAPI pipeline.', names: ['KAZ', 'tapi'], themes: ['energy'] },
  ],
  [['KAZ', 'interested_in', 'tapi', 2]],
);
const uzbekistan = profile(
  'uzbekistan',
  'UZB',
  ['security', 'trade'],
  [
    { text: 'Uzbekistan trades with Afghanistan through Termez.', names: ['UZB', 'AFG', 'termez'], themes: ['trade'] },
    { text: 'The Taliban met Uzbek envoys in Kabul.', names: ['taliban', 'kabul'], themes: ['security'] },
  ],
);
const turkmenistan = profile(
  'turkmenistan',
  'TKM',
  ['energy'],
  [{ text: 'Turkmenistan supplies the TAPI pipeline.', names: ['tapi'], themes: ['energy'] }],
);

class FixtureSource implements CollectionSource {
  constructor(private readonly details: ActorDetail[]) {}
  async listActors(): Promise<ActorSummary[]> {
    return this.details.map((d) => ({
      id: d.id,
      name: d.actor.name,
      country: d.actor.country,
      latestVersion: 1,
      versions: 1,
      asOf: null,
      interests: [],
      sentenceCount: d.extraction.sentences.length,
    }));
  }
  async getActor(id: string): Promise<ActorDetail> {
    return this.details.find((d) => d.id === id)!;
  }
  /** The graph never searches; a bare empty result (cast: the result type gains fields over time). */
  async search(): Promise<SearchResult> {
    return { total: 0, hits: [] } as unknown as SearchResult;
  }
}

const views = () => new CollectionViews(new FixtureSource([kazakhstan, uzbekistan, turkmenistan]));
const ids = (view: { nodes: { id: string }[] }) => view.nodes.map((n) => n.id).sort();

describe('graph ego view', () => {
  it('keeps the focus and its neighbours at depth 1, and their neighbours too at depth 2', async () => {
    const v = views();
    expect(ids(await v.graph({ focus: 'tapi' }))).toEqual(['KAZ', 'TKM', 'tapi']);
    expect(ids(await v.graph({ focus: 'tapi', depth: 1 }))).toEqual(['KAZ', 'TKM', 'tapi']);
    expect(ids(await v.graph({ focus: 'tapi', depth: 2 }))).toEqual(['AFG', 'KAZ', 'TKM', 'kabul', 'tapi']);
    // An actor's neighbours are what it mentions; depth 2 reaches the other actors mentioning the same.
    expect(ids(await v.graph({ focus: 'KAZ' }))).toEqual(['AFG', 'KAZ', 'kabul', 'tapi']);
    expect(ids(await v.graph({ focus: 'KAZ', depth: 2 }))).toEqual(['AFG', 'KAZ', 'TKM', 'UZB', 'kabul', 'tapi']);
  });

  it('keeps every edge between the kept nodes (the mention and the relation alike) and no other', async () => {
    const full = await views().graph();
    const ego = await views().graph({ focus: 'tapi', depth: 2 });
    const kept = new Set(ids(ego));
    const expected = full.edges
      .filter((e) => kept.has(e.source) && kept.has(e.target))
      .map((e) => e.id)
      .sort();
    expect(ego.edges.map((e) => e.id).sort()).toEqual(expected);
    expect(ego.edges.some((e) => e.kind === 'relation' && e.source === 'KAZ' && e.target === 'tapi')).toBe(true);
    expect(ego.edges.some((e) => e.kind === 'mention' && e.source === 'KAZ' && e.target === 'kabul')).toBe(true);
    // The nodes keep their order and data from the full graph.
    expect(ego.nodes.find((n) => n.id === 'tapi')).toEqual(full.nodes.find((n) => n.id === 'tapi'));
  });

  it('follows only the links the type and theme filters leave', async () => {
    const v = views();
    // Projects only: KAZ reaches tapi, and TKM through it; AFG and kabul are filtered out.
    expect(ids(await v.graph({ focus: 'KAZ', depth: 2, types: ['project'] }))).toEqual(['KAZ', 'TKM', 'tapi']);
    // Security theme: tapi and TKM (energy) drop out; KAZ reaches UZB through AFG and kabul.
    expect(ids(await v.graph({ focus: 'KAZ', depth: 2, theme: 'security' }))).toEqual(['AFG', 'KAZ', 'UZB', 'kabul']);
    // Without the sources changes nothing here (there are none), and combines with the focus.
    expect(ids(await v.graph({ focus: 'TKM', depth: 2, sources: false }))).toEqual(['KAZ', 'TKM', 'tapi']);
    // A focus the filters leave out stands alone.
    expect(await v.graph({ focus: 'kabul', types: ['project'] })).toMatchObject({
      nodes: [{ id: 'kabul' }],
      edges: [],
    });
  });

  it('answers NOT_FOUND for a node the network lacks', async () => {
    const failure = await views()
      .graph({ focus: 'nowhere' })
      .then(() => null)
      .catch((error: unknown) => error);
    expect(isDossierError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(() => egoGraph({ nodes: [], edges: [] }, { nodes: [], edges: [] }, 'x')).toThrow(/no node "x"/);
  });

  it('leaves the whole network unchanged without a focus', async () => {
    const v = views();
    const whole = await v.graph();
    expect(ids(whole)).toEqual(['AFG', 'KAZ', 'TKM', 'UZB', 'kabul', 'taliban', 'tapi', 'termez']);
    expect(await v.graph({ depth: 2 })).toBe(whole);
  });
});
