// Class 4 of the battery, hostile searches: seeded queries built from quotes, FTS5 and tsquery
// operators, NEAR(, unbalanced parentheses, column filters, lone `*`, very long queries,
// unicode, control characters, SQL fragments and empty strings, each sent through the API
// (GET /api/search) and straight to the store on SQLite and PostgreSQL (Dossier.search).
// Survived = the result shape (SearchResultSchema) or a BAD_REQUEST refusal (400 envelope),
// never 5xx or another error, each within a generous time bound.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorEnvelopeSchema, SearchResultSchema } from '../src/model/index.js';
import { loadCore, loadModel } from './app-modules.js';
import {
  ClassResult,
  Random,
  replayHint,
  repositoryRoot,
  throwAwaySchema,
  type BatteryOptions,
} from './battery-support.js';
import { startBatteryServer } from './battery-server.js';
import { jsonOf, percentEncode, send } from './raw-http.js';

const searchTimeoutMs = 5000;

const fragments: readonly string[] = [
  '"',
  '""',
  '"grain exports"',
  '"unterminated',
  "'",
  "''",
  '(',
  ')',
  '((',
  '))',
  '(grain',
  'grain)',
  'NEAR(',
  'NEAR(grain trade, 2)',
  'NEAR(a b',
  'AND',
  'OR',
  'NOT',
  'AND OR NOT',
  'grain AND',
  'OR trade',
  'NOT NOT',
  '*',
  '**',
  'gra*',
  '*grain',
  'grain:*',
  'text:grain',
  'sentences:trade',
  '{text}:x',
  'actor:kazakhstan',
  '-grain',
  '+trade',
  '^grain',
  'grain^2',
  '~',
  'a & b | !c <-> d',
  '!!',
  '<->',
  '<2>',
  ':*',
  '$$',
  '\\',
  '\\x00',
  '%',
  '_',
  '%_%',
  "'; DROP TABLE sentences; --",
  '1 OR 1=1',
  'UNION SELECT',
  '/* */',
  '--',
  ';',
  'Kazakhstan',
  'Taliban',
  'Astana',
  'trade',
  'grain',
  'Казахстан',
  'أفغانستان',
  'ישראל',
  '哈萨克斯坦',
  '🇰🇿',
  'e\u0301',
  '\u0000',
  '\u001b[2J',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\ud800',
  'NEAR',
  'MATCH',
  'rank',
  'bm25(',
  'highlight(',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '|',
  '&',
  '!',
  '?',
  '#',
  '@',
];

/** A seeded hostile query. */
export function hostileQuery(random: Random): string {
  switch (random.int(0, 9)) {
    case 0:
      return random.pick(['', ' ', '\t\n', '*', '"', '(', ')', 'NEAR(', 'AND', 'OR', 'NOT', ':', '-', '^', '\u0000']);
    case 1:
      return random
        .pick(['grain ', 'x', '"a ', '( ', 'NEAR( ', 'Казахстан '])
        .repeat(random.pick([50, 200, 333, 400, 2000]));
    case 2:
      return Array.from({ length: random.int(1, 4) }, () => String.fromCharCode(random.int(0, 0x2fff))).join('');
    default:
      return Array.from({ length: random.int(1, 8) }, () => random.pick(fragments)).join(
        random.pick([' ', '', ' ', '  ', '\t']),
      );
  }
}

const wrongShape = (value: unknown) => {
  const parsed = SearchResultSchema.safeParse(value);
  return parsed.success
    ? null
    : `not the search result shape: ${parsed.error.issues[0]?.message ?? ''} ${JSON.stringify(value).slice(0, 150)}`;
};

export async function runHostileSearches(options: BatteryOptions): Promise<ClassResult> {
  const result = new ClassResult('hostile searches');
  const folder = path.join(options.workFolder, 'search');
  await mkdir(folder, { recursive: true });
  const count = options.reduced ? 200 : 2000;
  const random = new Random(options.seed ^ 0x5ea4c);
  const queries = Array.from({ length: count }, () => hostileQuery(random));
  const reproduce = replayHint(options, 'search');
  const label = (query: string) =>
    JSON.stringify(query.length > 80 ? `${query.slice(0, 80)}…(${query.length})` : query);

  // Through the API.
  const server = await startBatteryServer(folder, 'search-api');
  try {
    for (const [index, query] of queries.entries()) {
      const extra =
        index % 7 === 0
          ? `&limit=${random.pick(['0', '201', '-1', 'x', '1e3', '20'])}` +
            `&offset=${random.pick(['-5', 'x', '999999', '0'])}`
          : index % 11 === 0
            ? `&actor=${percentEncode(random.pick(['kazakhstan', 'nobody', '', '%', "'"]))}`
            : '';
      let failure: string | null = null;
      let ms = 0;
      try {
        const response = await send(
          server.port,
          { method: 'GET', url: `/api/search?q=${percentEncode(query)}${extra}` },
          30_000,
        );
        ms = response.ms;
        const body = jsonOf(response);
        if (response.status === 200) failure = wrongShape(body);
        // 400 for a refused query; 414/431 for a URL longer than the server takes (very long queries).
        else if (response.status === 400 || response.status === 414 || response.status === 431)
          failure = ErrorEnvelopeSchema.safeParse(body).success
            ? null
            : `${response.status} outside the envelope: ${response.body.toString('utf8').slice(0, 150)}`;
        else failure = `answered ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`;
        if (!failure && ms > searchTimeoutMs) failure = `took ${Math.round(ms)} ms (bound ${searchTimeoutMs})`;
      } catch (error) {
        failure = `no answer: ${error instanceof Error ? error.message : String(error)}`;
      }
      result.record(
        `api ${label(query)}${extra}`,
        ms,
        failure,
        `curl -s '127.0.0.1:8080/api/search?q=${percentEncode(query).slice(0, 200)}${extra}'  (or ${reproduce})`,
      );
    }
  } finally {
    result.noteRss(server.peakRss());
    await server.stop();
  }
  options.log(`search: API done (${result.failed} failed)`);

  // Straight to the store, both backends.
  const { Dossier } = await loadCore();
  const { isDossierError } = await loadModel();
  const stores: Array<{ name: string; location: string; dispose(): Promise<void> }> = [
    { name: 'sqlite', location: path.join(folder, 'search-store.db'), dispose: async () => undefined },
  ];
  if (options.postgresUrl) {
    const schema = throwAwaySchema(options.postgresUrl, 'dossier_battery_search');
    stores.push({ name: 'postgres', location: schema.location, dispose: () => schema.drop() });
  } else if (process.env.CI === 'true')
    result.record(
      'postgres',
      0,
      `PostgreSQL is required under CI=true: ${options.postgresMissing}`,
      'start PostgreSQL or set DOSSIER_TEST_PG_URL',
    );
  else result.notes.push(`PostgreSQL part skipped (not reachable: ${options.postgresMissing})`);
  for (const store of stores) {
    const dossier = await Dossier.open(store.location);
    try {
      for (const file of [
        'test-fixtures/seed-kazakhstan.txt',
        'examples/tajikistan.md',
        'examples/uzbekistan.md',
        'examples/iran.md',
      ]) {
        await dossier.ingestBytes(await readFile(path.join(repositoryRoot, file)), path.basename(file));
      }
      for (const [index, query] of queries.entries()) {
        const started = performance.now();
        let failure: string | null = null;
        try {
          const answer = await dossier.search({
            q: query,
            limit: index % 5 === 0 ? 200 : 20,
            offset: index % 13 === 0 ? 100 : 0,
            actor: index % 11 === 0 ? 'kazakhstan' : undefined,
          });
          failure = wrongShape(answer);
        } catch (error) {
          if (!isDossierError(error))
            failure = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
          else if (error.code !== 'BAD_REQUEST') failure = `refused with ${error.code}: ${error.message}`;
        }
        const ms = performance.now() - started;
        if (!failure && ms > searchTimeoutMs) failure = `took ${Math.round(ms)} ms (bound ${searchTimeoutMs})`;
        result.record(
          `${store.name} ${label(query)}`,
          ms,
          failure,
          `bin/dossier search ${JSON.stringify(query.slice(0, 200))} --db ` +
            `${store.name === 'sqlite' ? 'DB' : 'postgres://…'}  (or ${reproduce})`,
        );
      }
    } finally {
      await dossier.close();
      await store.dispose();
    }
    options.log(`search: ${store.name} store done (${result.failed} failed)`);
  }
  result.noteRss(process.resourceUsage().maxRSS * 1024);
  return result;
}
