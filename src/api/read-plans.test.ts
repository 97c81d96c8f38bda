// No read of the API costs more as the collection grows: every GET route the server exposes (enumerated from its
// route table, so a new route is covered or the test fails) is called on a SQLite knowledge base holding the bundled
// examples and their sources, a few more sources, profiles of several versions and a person's decisions, with
// parameters drawn from that collection (actors, entities, documents, facts, graph nodes and edges, searches of each
// kind, the second page of every paged answer). Every statement the store runs meanwhile is recorded with its
// parameters and SQLite's plan of it is read with the rule of the writes' test (store/sqlite/save-plans.test.ts): a
// SCAN of a collection-sized table, or a SEARCH constrained by few-valued columns only, is a read whose time grows
// with the collection (issue 13: p99 under 100 ms at 100,000 documents). The statements that must read a whole
// table are listed below with their reason.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandProfilePaths } from '../core/index.js';
import { openTestDossier, type TestDossier } from '../core/test-support/test-backends.js';
// The test reads SQLite's plans of what the routes run, with the store's test support (shared with save-plans) and
// its profile fixtures; the API itself imports no store.
/* eslint-disable no-restricted-imports */
import { buildProfile, kazakhstanProfile, uzbekistanSpec } from '../store/test-support/profile-fixtures.js';
import {
  oneLine,
  planOffences,
  recordStatements,
  type KnownScan,
  type RecordedStatement,
} from '../store/sqlite/test-support/query-plans.js';
/* eslint-enable no-restricted-imports */
import { buildServer } from './server.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A statement allowed to read a whole table, on the request URLs `routes` matches, and why. */
interface AllowedScan extends KnownScan {
  routes: RegExp;
}

/** An allowed statement: its SQL begins with `start` (whitespace collapsed), on the URLs `routes` matches. */
const allow = (routes: RegExp, start: string, reason: string, step?: RegExp): AllowedScan => ({
  routes,
  sql: new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  ...(step ? { step } : {}),
  reason,
});

const anyRoute = /./;

const allowedScans: AllowedScan[] = [
  // Walks that stop after a page: the index is read in the statement's ORDER BY and the LIMIT cuts it.
  allow(
    anyRoute,
    'SELECT a.latest_document_id AS id FROM actors a WHERE a.latest_document_id IS NOT NULL ORDER BY a.id LIMIT ?',
    'bounded: every actor has a latest document, so the walk of actors in id order stops after LIMIT rows (the ' +
      'documents a page of the queue in text order draws from)',
    /^actors: SCAN a USING INDEX sqlite_autoindex_actors_1$/,
  ),
  allow(
    /^\/api\/entities\?(limit=\d+)?(&after=[^&]*)?$/,
    'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities ORDER BY name, id LIMIT ?',
    'bounded: the entity list unfiltered walks entities_by_name from the cursor and stops after LIMIT rows',
    /^entities: SCAN entities USING INDEX entities_by_name$/,
  ),
  allow(
    /^\/api\/review\?/,
    'SELECT confidence, actor_id, version, document_id, kind_order, reviewed_by, n FROM fact_levels WHERE latest = ? ' +
      'AND review_status = ? ORDER BY',
    "bounded: a range of fact_levels' key in key order, read a batch at a time until the page is covered " +
      '(fact-levels.ts pageSources)',
    /^fact_levels: SEARCH fact_levels USING PRIMARY KEY \(latest=\? AND review_status=\?\)$/,
  ),
  allow(
    /^\/api\/sources\?(limit=\d+|country=\w+)(&cursor=[^&]*)?$/,
    'SELECT a.id, a.name, a.country, d.id AS document_id, d.version, d.as_of, d.sentence_count, (SELECT count(*) FROM',
    'bounded: the first page of the sources walks actors_sources_by_id (sources only) and stops after LIMIT rows',
    /^actors: SCAN a USING INDEX actors_sources_by_id$/,
  ),
  allow(
    /^\/api\/audit\?limit=\d+(&cursor=\d+)?$/,
    'SELECT * FROM audit_log',
    'bounded: the audit trail newest first walks the rowid down and stops after OFFSET + LIMIT rows (the ' +
      "pages after the first seek their cursor's rowid)",
    /^audit_log: SCAN audit_log$/,
  ),
  allow(
    /^\/api\/audit\b/,
    'SELECT count(*) AS n FROM (SELECT 1 AS x FROM audit_log',
    "bounded: the audit trail's total is counted up to 10,001 rows (`totalExact: false` beyond; issue 13)",
    /^audit_log: SCAN audit_log USING COVERING INDEX audit_by_target$/,
  ),
  allow(
    anyRoute,
    "WITH RECURSIVE candidates (focus) AS ( SELECT min(focus) FROM documents WHERE kind = 'profile'",
    "bounded: a skip scan of documents_by_kind_focus, one seek per distinct focus (the plan's SEARCH by kind is " +
      'the min() of an index range, one row)',
    /^documents: SEARCH documents USING COVERING INDEX documents_by_kind_focus \(kind=\?\)$/,
  ),
  allow(
    /^\/api\/(graph|screens\/network)\b/,
    'SELECT g.node, g.weight FROM graph_nodes g',
    "bounded: the network's strongest nodes walk graph_nodes_by_weight from the top and stop after LIMIT rows; with " +
      'a type filter, after LIMIT rows of those types or actors (a rare type walks further)',
    /^graph_nodes: SEARCH g USING (COVERING )?INDEX graph_nodes_by_weight \(scope=\?\)$/,
  ),
  allow(
    /^\/api\/events\b/,
    'WITH w AS MATERIALIZED (SELECT t.* FROM times t INDEXED BY times_statements_by_earliest',
    "bounded: the timeline's next statements are a window of LIMIT rows read from times_statements_by_earliest " +
      '(its SEARCH by earliest); the SCAN is of that materialised window, named t like the table',
    /^times: SCAN t$/,
  ),
  allow(
    /^\/api\/users$/,
    'SELECT name, role, created_at FROM users ORDER BY name',
    "users are the instance's people, not the collection: a table that does not grow with the documents",
  ),
  // Exports of the whole collection read the collection by definition (streamed, a page at a time).
  allow(
    /^\/api\/export\/\w+$/,
    '',
    'an export of the whole collection reads every document: its cost is the collection, streamed',
  ),
  // Reads whose cost grows with the collection, left for their own changes (reported, issue 13).
  allow(
    /^\/api\/(actors|compare|checks|export)\b/,
    'SELECT a.id, a.',
    'grows with the sources: profiles in id order walk the actors of both kinds, so a page whose ids cross ' +
      "'source-' reads every source (the sources have their own index, migration 32)",
  ),
  allow(
    /^\/api\/(actors|sources)\?q=/,
    'SELECT a.id, a.name',
    'grows: words of the name are matched by LIKE on every actor of the kind (29 ms at 10k documents)',
  ),
  allow(
    /^\/api\/entities\?(type|country)=/,
    'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE',
    'grows: a filter by type or country walks entities by name until the page is full, every entity for a rare ' +
      'value (24 ms at 10k documents for a country; words read the trigram index of migration 33)',
  ),
  allow(
    /^\/api\/(compare\?theme=|export\/\w+\?actor=)/,
    'SELECT a.id, a.latest_document_id AS document_id, coalesce(r.rank',
    "grows: profiles by a theme's best rank rank every profile's interests (themes are JSON in interests; needs a " +
      'maintained (theme, rank, actor) table; 38 ms at 10k documents)',
  ),
  allow(
    /^\/api\/review\?status=confirmed&reviewedBy=/,
    'SELECT confidence, actor_id, version, document_id, kind_order, reviewed_by, n FROM fact_levels WHERE latest = ? ' +
      'AND review_status = ? AND reviewed_by = ?',
    "grows: a reviewer's facts are found by walking the status's levels (reviewed_by is last in the key): every " +
      'confirmed level for a person who confirmed few (6-18 ms at 10k documents)',
  ),
  allow(
    /^\/api\/audit\?user=/,
    'SELECT',
    'grows: the audit trail of one user walks the whole trail (one entry per saved document; no index by user)',
  ),
  allow(
    /^\/api\/export\/\w+\?actor=/,
    'SELECT i.document_id, i.rank, i.title, i.themes FROM interests i JOIN actors a',
    "grows: a network export of one actor (gexf, graphml, kumu) reads every profile's interests and every actor",
  ),
];

/** GET routes the test does not call, each with its reason (any other route not called fails the test). */
const notExercised: Record<string, string> = {};

/** Requests whose answer is not a 2xx by design (the rest must succeed, or the reads would not be the real ones). */
const expectedStatus: Record<string, number> = {
  // A prefix of fewer than three characters is refused before any read (issue 13).
  '/api/search?q=ta*': 400,
  '/api/search/facets?q=ta*': 400,
};

/** The ids the requests are drawn from, read through the API before the recording starts. */
interface Sample {
  actor: string;
  versionedActor: string;
  source: string;
  sourceActor: string;
  country: string;
  entity: string;
  place: string;
  person: string;
  fact: string;
  actorNode: string;
  sourceNode: string;
  edge: string;
  formats: string[];
}

/** The page-cursor query parameter of a route whose answers carry `next` (default `cursor`). */
const cursorParameter: Record<string, string> = { '/api/entities': 'after' };

const searches = {
  common: 'Afghanistan',
  twoCharacterPrefix: 'ta*',
  prefix: 'tal*',
  twoCharacterWord: 'un',
  phrase: '"Friendship Bridge"',
  rare: 'Hairatan',
  words: 'wheat flour rail',
} as const;

/** Every GET route pattern → the URLs that exercise it. */
function requestsFor(s: Sample): Record<string, string[]> {
  const search = Object.values(searches).map((q) => encodeURIComponent(q));
  return {
    '/': ['/'],
    '/healthz': ['/healthz'],
    '/openapi.json': ['/openapi.json'],
    '/metrics': ['/metrics'],
    '/api/actors': ['/api/actors?limit=3', `/api/actors?country=${s.country}`, '/api/actors?q=stan', '/api/actors'],
    '/api/actors/:id': [
      `/api/actors/${s.actor}`,
      `/api/actors/${s.versionedActor}`,
      `/api/actors/${s.versionedActor}?version=1`,
      `/api/actors/${s.source}`,
    ],
    '/api/actors/:id/sources': [`/api/actors/${s.sourceActor}/sources`, `/api/actors/${s.actor}/sources?limit=2`],
    '/api/actors/:id/diff': [
      `/api/actors/${s.versionedActor}/diff?from=1&to=2`,
      `/api/actors/${s.versionedActor}/diff?from=1&to=3&granularity=sentence`,
    ],
    '/api/actors/:id/history': [`/api/actors/${s.versionedActor}/history`],
    '/api/actors/:id/facts': [
      `/api/actors/${s.actor}/facts?limit=5`,
      `/api/actors/${s.actor}/facts?type=relation&status=machine`,
      `/api/actors/${s.versionedActor}/facts?version=1&limit=5&offset=5`,
      `/api/actors/${s.versionedActor}/facts?status=confirmed`,
    ],
    '/api/sources': ['/api/sources?limit=2', `/api/sources?country=${s.country}`, '/api/sources?q=wheat'],
    '/api/entities/:id': [
      `/api/entities/${s.entity}?limit=5`,
      `/api/entities/${s.place}`,
      `/api/entities/${s.entity}?offset=2&limit=3`,
    ],
    '/api/entities': [
      '/api/entities?limit=5',
      '/api/entities?type=place&limit=5',
      `/api/entities?country=${s.country}`,
      '/api/entities?q=kab',
    ],
    '/api/entities/:id/related': [`/api/entities/${s.entity}/related`, `/api/entities/${s.person}/related`],
    '/api/search': [
      ...search.map((q) => `/api/search?q=${q}`),
      `/api/search?q=${search[0]}&limit=5&offset=5`,
      `/api/search?q=${search[0]}&count=exact`,
      `/api/search?q=${search[0]}&actor=${s.actor}`,
    ],
    '/api/search/facets': [
      ...search.map((q) => `/api/search/facets?q=${q}`),
      `/api/search/facets?q=${search[0]}&theme=trade&type=place&year=2021`,
      `/api/search/facets?q=${search[0]}&kind=source&published=2024`,
      `/api/search/facets?q=${search[0]}&actor=${s.actor}&limit=5&offset=5`,
    ],
    '/api/compare': ['/api/compare?limit=3', '/api/compare?theme=trade&limit=3'],
    '/api/compare/map': ['/api/compare/map', '/api/compare/map?theme=water'],
    '/api/graph': [
      '/api/graph?limit=20',
      '/api/graph?type=place,project&sources=false',
      '/api/graph?theme=trade',
      `/api/graph?focus=${s.entity}`,
      `/api/graph?focus=${s.sourceNode}`,
      `/api/graph?focus=${s.actorNode}&depth=2&limit=30`,
    ],
    '/api/graph/evidence': [`/api/graph/evidence?edge=${encodeURIComponent(s.edge)}&limit=1`],
    '/api/events': [
      '/api/events?limit=5',
      `/api/events?actor=${s.actor}`,
      '/api/events?documentKind=source',
      '/api/events?type=visit&from=2021&to=2023-06',
    ],
    '/api/events/years': ['/api/events/years', `/api/events/years?actor=${s.actor}&type=meeting`],
    '/api/checks': [
      '/api/checks?fresh=true&limit=2',
      `/api/checks?actor=${s.versionedActor}`,
      '/api/checks?kind=changed-between-versions',
    ],
    '/api/export': ['/api/export'],
    '/api/export/json/schema': ['/api/export/json/schema'],
    '/api/export/:format': s.formats.flatMap((format) => [
      `/api/export/${format}?actor=${s.actor}`,
      `/api/export/${format}`,
    ]),
    '/api/phrases': ['/api/phrases'],
    '/api/screens/network': ['/api/screens/network?limit=20', `/api/screens/network?focus=${s.entity}&depth=2`],
    '/api/auth/session': ['/api/auth/session'],
    '/api/users': ['/api/users'],
    '/api/review': [
      '/api/review?limit=5',
      `/api/review?actor=${s.actor}&type=mention`,
      '/api/review?status=confirmed&reviewedBy=admin1',
      '/api/review?status=any&order=position&limit=5',
      `/api/review?actor=${s.versionedActor}&version=1&offset=2&limit=2`,
    ],
    '/api/review/rules': ['/api/review/rules'],
    '/api/facts/:id': [`/api/facts/${encodeURIComponent(s.fact)}`],
    '/api/audit': [
      '/api/audit?limit=2',
      '/api/audit?user=admin1',
      `/api/audit?targetType=fact&targetId=${encodeURIComponent(s.fact)}`,
    ],
  };
}

/** A second version of an example profile: its first paragraph gains a sentence and loses none. */
async function secondVersion(file: string): Promise<Buffer> {
  const text = await readFile(file, 'utf8');
  const changed = text.replace(
    /\n## Profile\n\n([^\n]+)/,
    (_all, paragraph: string) =>
      `\n## Profile\n\n${paragraph} In 2024 its officials reportedly met Taliban ministers in Kabul again.`,
  );
  expect(changed).not.toBe(text);
  return Buffer.from(changed);
}

/** A few more sources: articles about several actors, from two publishers, a year apart. */
function extraSources(): Array<{ name: string; text: string }> {
  return [2023, 2024, 2025].map((year, index) => ({
    name: `extra-source-${year}.md`,
    text: [
      '---',
      `title: Border trade at Termez in ${year}`,
      `published: ${year}-0${index + 3}-15`,
      `publisher: ${index % 2 ? 'Dossier Examples Desk (illustrative outlet)' : 'Another Illustrative Wire'}`,
      'author: Example Author',
      'actors: [Uzbekistan, Tajikistan]',
      'kind: source',
      '---',
      `# Border trade at Termez in ${year}`,
      '',
      `Uzbekistan sent a delegation to Kabul in March ${year}. Tajikistan and Afghanistan discussed water ` +
        'sharing on the Amu Darya. Wheat and flour crossed the Friendship Bridge to Hairatan, and the Taliban ' +
        `authorities met Uzbek officials in Termez in ${year}.`,
      '',
    ].join('\n'),
  }));
}

/** Fills the knowledge base: examples and their sources, more sources, versions, users and some decisions. */
async function fill(test: TestDossier, folder: string): Promise<{ token: string }> {
  const { dossier } = test;
  const { files } = await expandProfilePaths([path.join(root, 'examples')]);
  expect((await dossier.ingestFiles(files)).refused).toBe(0);
  for (const source of extraSources()) {
    const file = path.join(folder, source.name);
    await writeFile(file, source.text);
    expect((await dossier.ingestFiles([file], { relativeTo: folder })).refused).toBe(0);
  }
  // Uzbekistan in two versions; Kazakhstan (the store's fixtures) in three.
  const second = await dossier.ingestBytes(await secondVersion(path.join(root, 'examples', 'uzbekistan.md')), 'u.md');
  expect(second.status).toBe('new-version');
  for (const revision of [undefined, 1, 2]) await dossier.store.saveDocument(kazakhstanProfile({ revision }));
  await dossier.store.saveDocument(
    buildProfile({ ...uzbekistanSpec(), actor: { name: 'Kyrgyz Republic', country: 'KGZ' } }),
  );
  for (const role of ['reader', 'editor', 'admin'] as const)
    await dossier.accounts.addUser(`${role}1`, role, 'correct horse battery staple');
  const { token } = await dossier.accounts.createToken('admin1', 'read-plans');
  // A person's decisions: a confirmed, a rejected and an edited fact, an entity renamed and a merge.
  const facts = (await dossier.review.listFacts({ actor: 'kazakhstan', status: 'any', limit: 40, offset: 0 })).facts;
  await dossier.review.confirm(facts[0]!.id, 'admin1');
  await dossier.review.reject(facts[1]!.id, 'admin1');
  await dossier.review.confirm(facts[2]!.id, 'editor1');
  await dossier.review.updateEntity('termez', { name: 'Termiz' }, 'admin1');
  await dossier.review.mergeEntities('bakhyt-sultanov', 'taliban', 'admin1');
  return { token };
}

describe('every GET route of the API seeks, never scans, the collection-sized tables (SQLite)', () => {
  let test: TestDossier;
  let folder: string;
  let app: FastifyInstance;
  let token: string;
  const getRoutes = new Set<string>();

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-read-plans-'));
    test = await openTestDossier('sqlite', 'read-plans');
    ({ token } = await fill(test, folder));
    app = await buildServer(test.dossier, {
      webRoot: null,
      onRoute: (route) => {
        if ([route.method].flat().includes('GET')) getRoutes.add(route.url);
      },
    });
    await app.ready();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await test?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  const json = async <T>(url: string): Promise<T> => {
    const response = await get(url);
    expect(response.statusCode, url).toBe(200);
    return response.json() as T;
  };

  /** Ids of the collection, read before the recording. */
  async function sample(): Promise<Sample> {
    const entities = (await json<{ entities: Array<{ id: string; type: string }> }>('/api/entities?limit=200'))
      .entities;
    const sources = (await json<{ sources: Array<{ id: string }> }>('/api/sources')).sources;
    const graph = await json<{
      nodes: Array<{ id: string; kind: string }>;
      edges: Array<{ id: string; kind: string }>;
    }>('/api/graph?limit=2000');
    const node = (kind: string) => graph.nodes.find((each) => each.kind === kind)!.id;
    const facts = await json<{ facts: Array<{ id: string }> }>('/api/actors/kazakhstan/facts?status=confirmed');
    const formats = (await json<{ formats: Array<{ name: string }> }>('/api/export')).formats.map((f) => f.name);
    const ofType = (type: string) => entities.find((entity) => entity.type === type)!.id;
    return {
      actor: 'tajikistan',
      versionedActor: 'kazakhstan',
      source: sources[0]!.id,
      sourceActor: 'uzbekistan',
      country: 'UZB',
      entity: 'AFG',
      place: ofType('place'),
      person: ofType('person'),
      fact: facts.facts[0]!.id,
      actorNode: node('actor'),
      sourceNode: node('source'),
      edge: graph.edges.find((edge) => edge.kind === 'relation')!.id,
      formats,
    };
  }

  it('calls every GET route, and reads each through keys and indexes', { timeout: 240_000 }, async () => {
    const requests = requestsFor(await sample());
    const uncovered = [...getRoutes].filter((route) => !requests[route]?.length && !(route in notExercised));
    expect(uncovered, 'GET routes neither called nor listed in notExercised').toEqual([]);
    expect(
      Object.keys(requests).filter((route) => !getRoutes.has(route)),
      'requests of no route',
    ).toEqual([]);

    // Statements are put down to the request in flight (the checks computed in the background run between them).
    let current = '(between requests)';
    const byUrl = new Map<string, RecordedStatement[]>();
    const failed: string[] = [];
    const statements = await recordStatements(
      async () => {
        for (const [route, urls] of Object.entries(requests)) {
          for (const first of urls) {
            let url: string | null = first;
            for (let page = 0; url && page < 2; page++) {
              current = url;
              const response = await get(url);
              current = '(between requests)';
              const expected = expectedStatus[url] ?? 200;
              if (response.statusCode !== expected) failed.push(`${url} → ${response.statusCode} (${expected})`);
              url = nextPage(route, url, response.headers['content-type'], response.body);
            }
          }
        }
      },
      (statement) => {
        const list = byUrl.get(current) ?? [];
        list.push(statement);
        byUrl.set(current, list);
      },
    );
    expect(failed).toEqual([]);
    expect(statements.length).toBeGreaterThan(200);

    const offences: string[] = [];
    const unused = new Set(allowedScans);
    for (const [url, list] of byUrl) {
      const allowed = allowedScans.filter((scan) => scan.routes.test(url));
      offences.push(...planOffences(test.file!, list, allowed).map((offence) => `${url} — ${offence}`));
      // An entry is used when it excuses a plan step of a statement it names on this URL.
      for (const scan of allowed.filter((each) => unused.has(each))) {
        const named = list.filter((statement) => scan.sql.test(oneLine(statement.sql)));
        const steps = named.length ? planOffences(test.file!, named).map((offence) => offence.split('\n')[0]!) : [];
        if (steps.some((step) => !scan.step || scan.step.test(step))) unused.delete(scan);
      }
    }
    expect(offences).toEqual([]);
    // Words of three characters or more are read from the entities' trigram index (migration 33), not by a walk.
    const entitySearch = (byUrl.get('/api/entities?q=kab') ?? []).map((statement) => oneLine(statement.sql));
    expect(entitySearch.filter((sql) => sql.includes('FROM entities_trigram CROSS JOIN entities e'))).toHaveLength(1);
    expect(
      [...unused].map((scan) => scan.reason),
      'allowed scans that excused nothing',
    ).toEqual([]);
  });
});

/** The URL of the next page of a paged JSON answer (its `next` as the route's cursor), or null. */
function nextPage(route: string, url: string, type: unknown, body: string): string | null {
  if (!String(type).startsWith('application/json')) return null;
  let next: unknown;
  try {
    next = (JSON.parse(body) as { next?: unknown }).next;
  } catch {
    return null; // a streamed export, not an answer of the API's envelope
  }
  if (typeof next !== 'string' || !next) return null;
  const parameter = cursorParameter[route] ?? 'cursor';
  const target = new URL(url, 'http://x');
  target.searchParams.set(parameter, next);
  target.searchParams.delete('offset');
  return `${target.pathname}${target.search}`;
}
