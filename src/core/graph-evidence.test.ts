// An edge's evidence a page at a time (CollectionViews.graphEdgeEvidence, read by the store from the edge's
// documents): walked page by page with the `next` cursor it equals every sentence giving the edge a fact, computed
// here from every actor's detail (mention edges of a country's profiles and of a source, relation edges; with and
// without the sources); it follows a review decision; an unknown edge is a NOT_FOUND and a foreign cursor a
// BAD_REQUEST. The in-memory path (no store) pages the same. On SQLite and on PostgreSQL (required under CI).
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isDossierError, type EvidenceSentence } from '../model/index.js';
import { CollectionViews, type GraphView } from './collection-views.js';
import type { Dossier } from './dossier.js';
import { expandProfilePaths } from './path-expander.js';
import { describeOn, openTestDossier, testBackends, type TestDossier } from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Every evidence sentence of `edge`, from every actor's detail (computed without the store's tables). */
async function expectedEvidence(dossier: Dossier, edge: string, withSources: boolean): Promise<EvidenceSentence[]> {
  const summaries = [...(await dossier.listActors()), ...(withSources ? await dossier.listSources() : [])];
  const found = new Map<string, EvidenceSentence>();
  for (const summary of summaries) {
    const detail = await dossier.getActor(summary.id);
    const x = detail.extraction;
    const node = x.kind === 'source' ? `source:${detail.id}` : (detail.actor.country ?? `actor:${detail.id}`);
    const spans = [
      ...x.mentions.filter((m) => m.entity !== node && edge === `m:${node}>${m.entity}`),
      ...x.relations
        .filter((r) => edge === `r:${r.subject}>${r.predicate}${r.negated ? '!' : ''}>${r.object}`)
        .map((r) => r.evidence),
    ];
    for (const span of spans) {
      const { start, end } = x.sentences.find((s) => s.start <= span.start && span.start < s.end) ?? span;
      found.set(`${detail.id}\0${start}`, {
        actor: detail.id,
        version: detail.version.version,
        start,
        end,
        text: x.text.slice(start, end),
      });
    }
  }
  return [...found.values()].sort((a, b) => byBytes(a.actor, b.actor) || a.start - b.start);
}

/** Every page of the edge's evidence, walked with the `next` cursor. */
async function walked(views: CollectionViews, edge: string, limit: number, sources = true) {
  const evidence: EvidenceSentence[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await views.graphEdgeEvidence({ edge, limit, cursor, sources });
    expect(page.edge).toBe(edge);
    expect(page.evidence.length).toBeLessThanOrEqual(limit);
    evidence.push(...page.evidence);
    cursor = page.next ?? undefined;
    pages++;
  } while (cursor && pages < 200);
  return { evidence, pages };
}

for (const backend of testBackends) {
  describeOn(backend)(`an edge's evidence page by page on ${backend}`, () => {
    let test: TestDossier;
    let dossier: Dossier;
    let fromStore: CollectionViews;
    let fromEveryActor: CollectionViews;
    let whole: GraphView;

    beforeAll(async () => {
      test = await openTestDossier(backend, 'graph_evidence');
      dossier = test.dossier;
      const { files } = await expandProfilePaths([
        path.join(root, 'examples'),
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
      ]);
      expect((await dossier.ingestFiles(files)).refused).toBe(0);
      fromStore = new CollectionViews(dossier);
      fromEveryActor = new CollectionViews({
        listActors: () => dossier.listActors(),
        listSources: () => dossier.listSources(),
        getActor: (id, version) => dossier.getActor(id, version),
        search: (query) => dossier.search(query),
      });
      whole = await fromEveryActor.graph();
    }, 120_000);

    afterAll(() => test?.close());

    /** Edges of each kind, the ones with the most evidence first. */
    const edges = () => {
      const strongest = [...whole.edges].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
      const sourceNodes = new Set(whole.nodes.filter((n) => n.kind === 'source').map((n) => n.id));
      return [
        strongest.find((e) => e.kind === 'mention' && !sourceNodes.has(e.source))!,
        strongest.find((e) => e.kind === 'mention' && sourceNodes.has(e.source))!,
        ...strongest.filter((e) => e.kind === 'relation').slice(0, 3),
        strongest.filter((e) => e.kind === 'mention').at(-1)!,
      ];
    };

    it('walks to every sentence giving the edge a fact, in pages, by both paths', async () => {
      const chosen = edges();
      expect(chosen.filter((e) => e.kind === 'relation')).toHaveLength(3);
      expect(chosen[0]!.weight).toBeGreaterThan(5);
      for (const edge of chosen) {
        const expected = await expectedEvidence(dossier, edge.id, true);
        expect(expected.length, edge.id).toBeGreaterThan(0);
        const paged = await walked(fromStore, edge.id, 2);
        expect(paged.evidence, edge.id).toEqual(expected);
        expect(paged.pages).toBe(Math.max(1, Math.ceil(expected.length / 2)));
        expect((await walked(fromStore, edge.id, 500)).evidence, edge.id).toEqual(expected);
        expect((await walked(fromEveryActor, edge.id, 3)).evidence, edge.id).toEqual(expected);
        // The edge's own evidence (its first sentences) is among them.
        for (const e of edge.evidence) expect(expected, edge.id).toContainEqual(e);
      }
      // The strongest mention edge of a country's profiles has more evidence than a page.
      expect((await expectedEvidence(dossier, chosen[0]!.id, true)).length).toBeGreaterThan(2);
    });

    it('leaves the sources out on request', async () => {
      for (const edge of edges()) {
        const expected = await expectedEvidence(dossier, edge.id, false);
        expect((await walked(fromStore, edge.id, 4, false)).evidence, edge.id).toEqual(expected);
      }
    });

    it('follows a review decision at once', async () => {
      const edge = edges()[0]!;
      const before = await walked(fromStore, edge.id, 500);
      const first = before.evidence[0]!;
      const facts = await dossier.store.listFacts({
        actor: first.actor,
        kind: 'mention',
        status: 'any',
        limit: 500,
        offset: 0,
      });
      const inSentence = facts.facts.filter(
        (f) => f.payload.entity === edge.target && f.start >= first.start && f.start < first.end,
      );
      expect(inSentence.length).toBeGreaterThan(0);
      await dossier.store.reviewFacts(
        inSentence.map((f) => f.id),
        { status: 'rejected' },
        'ada',
      );
      const after = await walked(fromStore, edge.id, 500);
      expect(after.evidence).toEqual(await expectedEvidence(dossier, edge.id, true));
      expect(after.evidence).not.toContainEqual(first);
      expect(after.evidence).toHaveLength(before.evidence.length - 1);
    });

    it('answers NOT_FOUND for an unknown edge and BAD_REQUEST for a foreign cursor', async () => {
      for (const edge of ['m:nowhere>nothing', 'r:a>supports>b', 'x:y', 'm:>']) {
        const failure = await fromStore.graphEdgeEvidence({ edge }).catch((error: unknown) => error);
        expect(isDossierError(failure) && failure.code, edge).toBe('NOT_FOUND');
      }
      const cursor = Buffer.from('s:[1,2]').toString('base64url');
      const failure = await fromStore
        .graphEdgeEvidence({ edge: edges()[0]!.id, cursor })
        .catch((error: unknown) => error);
      expect(isDossierError(failure) && failure.code).toBe('BAD_REQUEST');
    });
  });
}
