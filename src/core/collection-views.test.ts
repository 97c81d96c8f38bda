// Tests of the cross-profile views on two small hand-made profiles: compare matrix, graph,
// timeline, faceted search, related entities and the cache keyed by latest versions.
import { describe, expect, it } from 'vitest';
import type {
  ActorDetail,
  ActorSummary,
  Entity,
  Extraction,
  MentionType,
  SearchQuery,
  SearchResult,
  Theme,
} from '../model/index.js';
import { CollectionViews, edtfYears, type CollectionSource } from './collection-views.js';

const entities: Record<string, Entity> = {
  KAZ: { id: 'KAZ', type: 'country', name: 'Kazakhstan', country: 'KAZ', wikidata: 'Q232' },
  AFG: { id: 'AFG', type: 'country', name: 'Afghanistan', country: 'AFG', wikidata: 'Q889' },
  UZB: { id: 'UZB', type: 'country', name: 'Uzbekistan', country: 'UZB', wikidata: 'Q265' },
  kabul: { id: 'kabul', type: 'place', name: 'Kabul', country: 'AFG', wikidata: 'Q5838' },
  tapi: { id: 'tapi', type: 'project', name: 'TAPI pipeline', country: null, wikidata: null },
  taliban: { id: 'taliban', type: 'organization', name: 'Taliban', country: null, wikidata: 'Q42418' },
};

interface Spec {
  id: string;
  name: string;
  country: string;
  version?: number;
  /** Lines of the document; `#` marks a section heading, `1. ` an interest title. */
  lines: string[];
  interestThemes: Theme[][];
  /** Sentence themes by a substring of the sentence. */
  sentenceThemes?: Record<string, Theme[]>;
  mentions: [string, string, MentionType][];
  times?: [string, string][];
  events?: Extraction['events'];
  relations?: [string, Extraction['relations'][number]['predicate'], string, boolean, string][];
}

/** Builds an ActorDetail whose offsets are found in the text (each sentence is one line). */
function profile(spec: Spec): ActorDetail {
  const text = spec.lines.map((line) => line.replace(/^#/, '')).join('\n');
  const lineStarts: number[] = [];
  let at = 0;
  for (const line of spec.lines) {
    lineStarts.push(at);
    at += line.replace(/^#/, '').length + 1;
  }
  const sentences: Extraction['sentences'] = [];
  const interests: Extraction['interests'] = [];
  spec.lines.forEach((line, n) => {
    const start = lineStarts[n]!;
    const end = start + line.replace(/^#/, '').length;
    if (n === 0 || line.startsWith('#')) return;
    const rank = /^(\d+)\. (.*)$/.exec(line);
    if (rank) {
      interests.push({
        rank: Number(rank[1]),
        title: rank[2]!,
        themes: spec.interestThemes[Number(rank[1]) - 1] ?? [],
        start,
        end: text.length,
      });
      const previous = interests.at(-2);
      if (previous) previous.end = start - 1;
      return;
    }
    const themes = Object.entries(spec.sentenceThemes ?? {}).find(([key]) => line.includes(key))?.[1];
    sentences.push(themes ? { start, end, themes } : { start, end });
  });
  const find = (needle: string, from = 0) => {
    const pattern = new RegExp(`\\b${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    pattern.lastIndex = from;
    const start = pattern.exec(text)?.index ?? -1;
    if (start < 0) throw new Error(`fixture text lacks "${needle}"`);
    return { start, end: start + needle.length };
  };
  const seen = new Map<string, number>();
  const mentions = spec.mentions.map(([surface, entity, type]) => {
    const span = find(surface, seen.get(surface) ?? 0);
    seen.set(surface, span.end);
    return { ...span, text: surface, type, entity, country: entities[entity]?.country ?? null };
  });
  const extraction: Extraction = {
    kind: 'profile',
    text,
    actor: { name: spec.name, country: spec.country },
    sections: [],
    interests,
    sentences,
    mentions,
    entities: [...new Set(mentions.map((m) => m.entity))].map((id) => entities[id]!).filter(Boolean),
    times: (spec.times ?? []).map(([surface, value]) => ({ ...find(surface), text: surface, value })),
    quantities: [],
    events: spec.events ?? [],
    relations: (spec.relations ?? []).map(([subject, predicate, object, negated, evidence]) => ({
      subject,
      predicate,
      object,
      negated,
      evidence: find(evidence),
    })),
    posture: null,
  };
  const version = {
    version: spec.version ?? 1,
    hash: 'h',
    sourceName: `${spec.id}.txt`,
    format: 'text' as const,
    ingestedAt: '2024-01-01T00:00:00Z',
    asOf: null,
  };
  return {
    id: spec.id,
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

const kazakhstanLines = [
  'Kazakhstan',
  '#Profile',
  'Kazakhstan and Afghanistan do not share a border.',
  'Astana sent a working group to Kabul in mid-October 2021 to discuss trade.',
  '#Key Interests & Priorities',
  '1. Spillover of Insecurity',
  'Kazakhstan fears extremism spreading from Afghanistan.',
  'It keeps sending wheat to Afghanistan.',
  '2. Economic Opportunities',
  'Kazakhstan wants gas to flow through the TAPI pipeline by 2030.',
];

const kazakhstan = (version = 1) =>
  profile({
    id: 'kazakhstan',
    name: 'Kazakhstan',
    country: 'KAZ',
    version,
    lines: kazakhstanLines,
    interestThemes: [
      ['security', 'extremism'],
      ['trade', 'energy'],
    ],
    sentenceThemes: { wheat: ['humanitarian', 'trade'], 'working group': ['diplomacy'] },
    mentions: [
      ['Kazakhstan', 'KAZ', 'country'],
      ['Kazakhstan', 'KAZ', 'country'],
      ['Afghanistan', 'AFG', 'country'],
      ['Kabul', 'kabul', 'place'],
      ['Kazakhstan', 'KAZ', 'country'],
      ['Afghanistan', 'AFG', 'country'],
      ['Afghanistan', 'AFG', 'country'],
      ['Kazakhstan', 'KAZ', 'country'],
      ['TAPI pipeline', 'tapi', 'project'],
    ],
    times: [
      ['mid-October 2021', '2021-10'],
      ['2030', '2030'],
    ],
    events: [{ type: 'visit', date: '2021-10', actors: ['KAZ'], place: 'kabul', evidence: { start: 0, end: 0 } }],
    relations: [
      ['KAZ', 'borders', 'AFG', true, 'do not share a border'],
      ['KAZ', 'interested_in', 'tapi', false, 'gas to flow'],
    ],
  });

const uzbekistan = profile({
  id: 'uzbekistan',
  name: 'Uzbekistan',
  country: 'UZB',
  lines: [
    'Uzbekistan',
    '#Profile',
    'Uzbekistan borders Afghanistan and trades through Termez.',
    'The Taliban met Uzbek officials in Kabul in 2022.',
    '#Key Interests & Priorities',
    '1. Trade and Transit',
    'Uzbekistan wants a railway through Afghanistan.',
    '2. Border Security',
    'Uzbekistan guards its border against the Taliban.',
  ],
  interestThemes: [['trade', 'transport'], ['security']],
  sentenceThemes: { railway: ['transport'], guards: ['security'] },
  mentions: [
    ['Uzbekistan', 'UZB', 'country'],
    ['Uzbekistan', 'UZB', 'country'],
    ['Afghanistan', 'AFG', 'country'],
    ['Taliban', 'taliban', 'organization'],
    ['Uzbek', 'UZB', 'country'],
    ['Kabul', 'kabul', 'place'],
    ['Uzbekistan', 'UZB', 'country'],
    ['Afghanistan', 'AFG', 'country'],
    ['Uzbekistan', 'UZB', 'country'],
    ['Taliban', 'taliban', 'organization'],
  ],
  times: [['2022', '2022']],
});

/** A source over fixed details; search is a plain case-insensitive substring match per sentence. */
class FixtureSource implements CollectionSource {
  getActorCalls = 0;
  constructor(public details: ActorDetail[]) {}
  async listActors(): Promise<ActorSummary[]> {
    return this.details.map((d) => ({
      id: d.id,
      name: d.actor.name,
      country: d.actor.country,
      latestVersion: d.version.version,
      versions: d.version.version,
      asOf: null,
      interests: d.extraction.interests.map(({ rank, title, themes }) => ({ rank, title, themes })),
      sentenceCount: d.extraction.sentences.length,
    }));
  }
  async getActor(id: string, version?: number): Promise<ActorDetail> {
    this.getActorCalls++;
    const found = this.details.find((d) => d.id === id && (version === undefined || d.version.version === version));
    if (!found) throw new Error(`no ${id}`);
    return found;
  }
  async search(query: SearchQuery): Promise<SearchResult> {
    const needle = query.q.toLowerCase();
    const hits = this.details.flatMap((d) =>
      d.extraction.sentences
        .map((s) => ({ s, text: d.extraction.text.slice(s.start, s.end) }))
        .filter(({ text }) => text.toLowerCase().includes(needle))
        .map(({ s, text }) => ({
          actor: d.id,
          actorName: d.actor.name,
          version: d.version.version,
          text,
          snippet: text,
          start: s.start,
          end: s.end,
          score: 1,
        })),
    );
    const offset = Number(query.offset ?? 0);
    return { total: hits.length, totalExact: true, hits: hits.slice(offset, offset + Number(query.limit ?? 20)) };
  }
}

function withVisitEvidence(detail: ActorDetail): ActorDetail {
  const start = detail.extraction.text.indexOf('Astana sent');
  const end = detail.extraction.text.indexOf('\n', start);
  return {
    ...detail,
    extraction: {
      ...detail.extraction,
      events: detail.extraction.events.map((e) => ({ ...e, evidence: { start: start + 7, end } })),
    },
  };
}

const source = () => new FixtureSource([withVisitEvidence(kazakhstan()), uzbekistan]);

describe('compare', () => {
  it('gives each theme the rank of the best interest carrying it, or narrative', async () => {
    const view = await new CollectionViews(source()).compare();
    expect(view.focus).toEqual([{ country: 'AFG', name: 'Afghanistan' }]);
    expect(view.rows.map((r) => r.actor)).toEqual(['kazakhstan', 'uzbekistan']);
    const kaz = view.rows[0]!;
    expect(kaz.cells.security).toMatchObject({
      kind: 'interest',
      rank: 1,
      interest: 'Spillover of Insecurity',
      primary: true,
    });
    expect(kaz.cells.extremism).toMatchObject({ kind: 'interest', rank: 1, primary: false });
    expect(kaz.cells.trade).toMatchObject({ kind: 'interest', rank: 2, primary: true });
    expect(kaz.cells.humanitarian).toMatchObject({ kind: 'narrative', rank: null });
    expect(kaz.cells.humanitarian!.evidence.map((e) => e.text)).toEqual(['It keeps sending wheat to Afghanistan.']);
    expect(kaz.cells.water).toBeUndefined();
    // Evidence of an interest cell: its title line, then its sentences.
    expect(kaz.cells.security!.evidence[0]!.text).toBe('1. Spillover of Insecurity');
    expect(kaz.cells.security!.evidence.slice(1).map((e) => e.text)).toContain(
      'Kazakhstan fears extremism spreading from Afghanistan.',
    );
    const uzb = view.rows[1]!;
    expect(uzb.cells.security).toMatchObject({ rank: 2 });
    expect(uzb.cells.transport).toMatchObject({ rank: 1, primary: false });
  });

  it('offsets of evidence index the document text', async () => {
    const src = source();
    const view = await new CollectionViews(src).compare();
    const text = src.details[0]!.extraction.text;
    for (const cell of Object.values(view.rows[0]!.cells))
      for (const e of cell.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('cache', () => {
  it('reuses details until an actor gets a new latest version', async () => {
    const src = source();
    const views = new CollectionViews(src);
    await views.compare();
    await views.graph();
    expect(src.getActorCalls).toBe(2);
    const revised = kazakhstan(2);
    revised.extraction.interests[0]!.themes = ['narcotics'];
    src.details[0] = revised;
    const view = await views.compare();
    expect(src.getActorCalls).toBe(3);
    expect(view.rows[0]!.version).toBe(2);
    expect(view.rows[0]!.cells.narcotics).toMatchObject({ rank: 1 });
    expect(view.rows[0]!.cells.security).toBeUndefined();
  });
});

describe('graph', () => {
  it('links actors to the entities they mention and carries relations with evidence', async () => {
    const graph = await new CollectionViews(source()).graph();
    const node = (id: string) => graph.nodes.find((n) => n.id === id);
    expect(node('KAZ')).toMatchObject({ kind: 'actor', actor: 'kazakhstan', entity: 'KAZ', label: 'Kazakhstan' });
    expect(node('tapi')).toMatchObject({ kind: 'entity', type: 'project', label: 'TAPI pipeline' });
    expect(node('kabul')!.mentions).toBe(2);
    const kabulEdges = graph.edges.filter((e) => e.target === 'kabul' && e.kind === 'mention');
    expect(kabulEdges.map((e) => e.source).sort()).toEqual(['KAZ', 'UZB']);
    const border = graph.edges.find((e) => e.kind === 'relation' && e.predicate === 'borders');
    expect(border).toMatchObject({ source: 'KAZ', target: 'AFG', negated: true });
    expect(border!.evidence[0]!.text).toBe('Kazakhstan and Afghanistan do not share a border.');
    // No self loops from an actor mentioning its own country.
    expect(graph.edges.some((e) => e.source === e.target)).toBe(false);
  });

  it('filters entity nodes by type and theme, keeping actors', async () => {
    const views = new CollectionViews(source());
    const projects = await views.graph({ types: ['project'] });
    expect(projects.nodes.map((n) => n.id).sort()).toEqual(['KAZ', 'UZB', 'tapi']);
    expect(projects.edges.every((e) => e.target === 'tapi')).toBe(true);
    const security = await views.graph({ theme: 'security' });
    expect(security.nodes.some((n) => n.id === 'taliban')).toBe(true);
    expect(security.nodes.some((n) => n.id === 'tapi')).toBe(false);
  });
});

describe('timeline', () => {
  it('lists events and dated statements in date order with their evidence', async () => {
    const items = await new CollectionViews(source()).timeline();
    expect(items.map((i) => [i.kind, i.type, i.date, i.actor])).toEqual([
      ['event', 'visit', '2021-10', 'kazakhstan'],
      ['statement', 'statement', '2022', 'uzbekistan'],
      ['statement', 'statement', '2030', 'kazakhstan'],
    ]);
    const visit = items[0]!;
    expect(visit.place).toEqual({ id: 'kabul', name: 'Kabul' });
    expect(visit.participants).toEqual([{ id: 'KAZ', name: 'Kazakhstan' }]);
    expect(visit.dateText).toBe('mid-October 2021');
    expect(visit.evidence.text).toBe('Astana sent a working group to Kabul in mid-October 2021 to discuss trade.');
    expect(visit.earliest).toBe('2021-10-01');
    expect(visit.latest).toBe('2021-10-31');
  });

  it('filters by actor, type and date range', async () => {
    const views = new CollectionViews(source());
    expect((await views.timeline({ actor: 'uzbekistan' })).map((i) => i.date)).toEqual(['2022']);
    expect((await views.timeline({ type: 'visit' })).map((i) => i.actor)).toEqual(['kazakhstan']);
    expect((await views.timeline({ from: '2022', to: '2029-12-31' })).map((i) => i.date)).toEqual(['2022']);
    expect((await views.timeline({ from: '2021-10-15' })).map((i) => i.date)).toEqual(['2021-10', '2022', '2030']);
    expect(await views.timeline({ to: '2021-09' })).toEqual([]);
  });
});

describe('faceted search', () => {
  it('counts actors, themes, types and years over the hits and filters by them', async () => {
    const views = new CollectionViews(source());
    const all = await views.search({ q: 'afghanistan' });
    expect(all.total).toBe(5);
    expect(all.facets.actor).toEqual([
      { value: 'kazakhstan', label: 'Kazakhstan', count: 3 },
      { value: 'uzbekistan', label: 'Uzbekistan', count: 2 },
    ]);
    expect(all.facets.theme.find((f) => f.value === 'security')?.count).toBe(2);
    const wheat = all.hits.find((h) => h.text.includes('wheat'))!;
    expect(wheat.themes.sort()).toEqual(['extremism', 'humanitarian', 'security', 'trade']);
    expect(wheat.types).toEqual(['country']);

    const trade = await views.search({ q: 'afghanistan', theme: 'trade' });
    expect(trade.hits.map((h) => h.text)).toEqual([
      'It keeps sending wheat to Afghanistan.',
      'Uzbekistan wants a railway through Afghanistan.',
    ]);
    // The theme facet still counts every theme over the other filters (none here).
    expect(trade.facets.theme.find((f) => f.value === 'security')?.count).toBe(2);
    const kazTrade = await views.search({ q: 'afghanistan', theme: 'trade', actor: 'kazakhstan' });
    expect(kazTrade.total).toBe(1);
    expect(kazTrade.facets.actor.map((f) => [f.value, f.count])).toEqual([
      ['kazakhstan', 1],
      ['uzbekistan', 1],
    ]);
    expect(kazTrade.facets.theme.find((f) => f.value === 'security')?.count).toBe(2);
  });

  it('facets years from dated sentences and browses with an empty query and a filter', async () => {
    const views = new CollectionViews(source());
    const years = await views.search({ q: 'kabul' });
    expect(years.facets.year).toEqual([
      { value: '2021', label: '2021', count: 1 },
      { value: '2022', label: '2022', count: 1 },
    ]);
    const browse = await views.search({ year: '2022' });
    expect(browse.hits.map((h) => h.text)).toEqual(['The Taliban met Uzbek officials in Kabul in 2022.']);
    expect(browse.hits[0]!.snippet).toBe('The Taliban met Uzbek officials in Kabul in 2022.');
    expect((await views.search({})).total).toBe(0);
  });

  it('pages through the filtered hits', async () => {
    const views = new CollectionViews(source());
    const page = await views.search({ q: 'a', limit: 2, offset: 2 });
    const all = await views.search({ q: 'a', limit: 100 });
    expect(page.hits).toEqual(all.hits.slice(2, 4));
    expect(page.total).toBe(all.total);
  });
});

describe('related entities', () => {
  it('finds co-mentioned entities and relations in both directions', async () => {
    const views = new CollectionViews(source());
    const related = await views.related('AFG');
    const kaz = related.find((r) => r.id === 'KAZ')!;
    expect(kaz.relations).toEqual([expect.objectContaining({ predicate: 'borders', negated: true, direction: 'in' })]);
    expect(kaz.cooccurrences).toBe(2);
    expect(related[0]!.id).toBe('KAZ');
    expect(related.find((r) => r.id === 'UZB')!.cooccurrences).toBe(2);
    const kabul = await views.related('kabul');
    expect(kabul.map((r) => r.id).sort()).toEqual(['UZB', 'taliban']);
  });
});

describe('edtfYears', () => {
  it('expands short periods and ignores long or open ones', () => {
    expect(edtfYears('2021-10')).toEqual(['2021']);
    expect(edtfYears('199X')).toHaveLength(10);
    expect(edtfYears('2021/2023')).toEqual(['2021', '2022', '2023']);
    expect(edtfYears('20XX')).toEqual([]);
    expect(edtfYears('2021-08-15/..')).toEqual(['2021']);
  });
});
