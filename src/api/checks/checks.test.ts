// API test of GET /api/checks over a real SQLite knowledge base holding the seed profile
// (Kazakhstan), a pasted profile that contradicts it and the country data, and new fixtures for
// issue 11: a profile that contradicts itself, a past relation against a current denial (not a
// contradiction), a source that says the opposite of a profile, and a confirmed fact whose
// sentence was edited away in the next version (with the change between versions listed).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { CheckReportSchema, Dossier, processDocument, referenceChecksFor } from '../../core/index.js';
import type { Relation } from '../../model/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;
let seedText: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-checks-'));
  dossier = await Dossier.open(path.join(workDir, 'checks.db'));
  seedText = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
  await dossier.ingestBytes(Buffer.from(seedText), 'seed-kazakhstan.txt');
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

const checks = async (query = '') => {
  const response = await app.inject(`/api/checks${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return CheckReportSchema.parse(response.json());
};

describe('GET /api/checks', () => {
  it('confirms the seed’s “Kazakhstan and Afghanistan do not share a border” by the country data', async () => {
    const [actor] = (await dossier.listActors()).map((a) => a.id);
    const report = await checks(`?actor=${actor}`);
    const border = report.findings.find((f) => f.claim === 'Kazakhstan does not border Afghanistan');
    expect(border).toMatchObject({
      actor,
      actorName: 'Kazakhstan',
      kind: 'confirmed-by-reference',
      severity: 'info',
      related: [],
    });
    expect(border!.evidence.text).toBe('Kazakhstan and Afghanistan do not share a border and ethnic connections.');
    expect(seedText.slice(border!.evidence.start, border!.evidence.end)).toBe(border!.evidence.text);
    expect(border!.evidence.version).toBe(1);
    expect(border!.reference).toMatch(/Afghanistan borders .*Uzbekistan/);
    expect(report.counts).toMatchObject({
      contradictsReference: 0,
      confirmedByReference: 1,
      contradictsProfile: 0,
      conflictingDates: 0,
    });
    expect(report.summary).toEqual({ contradictions: 0, confirmed: 1, changes: 0, staleEvidence: 0 });
    expect(report.checked).toMatchObject({ profiles: 1, versions: 1, sources: 0, borderClaims: 1 });
  });

  it(
    'flags a later profile that contradicts the country data ' + 'and the seed, and refreshes after the write',
    async () => {
      const before = await checks();
      expect(before.counts.contradictsReference).toBe(0);
      const pasted = [
        'Mongolia',
        '',
        'Profile',
        'Mongolia watches Afghanistan from afar. Kazakhstan borders Afghanistan, and Kazakh traders cross it often.',
        'Key Interests & Priorities',
        '1. Trade',
        'Mongolia wants trade with Afghanistan.',
        '',
      ].join('\n');
      const outcome = await dossier.ingestBytes(Buffer.from(pasted), 'mongolia.txt');
      const report = await checks(`?actor=${outcome.actorId}`);
      const kinds = report.findings.map((f) => [f.kind, f.claim]);
      expect(kinds).toContainEqual(['contradicts-reference', 'Kazakhstan borders Afghanistan']);
      expect(kinds).toContainEqual(['contradicts-profile', 'Kazakhstan borders Afghanistan']);
      const contradiction = report.findings.find((f) => f.kind === 'contradicts-profile')!;
      expect(contradiction.related.map((r) => [r.actorName, r.text])).toEqual([
        ['Kazakhstan', 'Kazakhstan and Afghanistan do not share a border and ethnic connections.'],
      ]);
      expect(report.findings.every((f) => f.actor === outcome.actorId)).toBe(true);
      // The whole collection now also holds the seed's side of the contradiction (fresh: not the list before it).
      const all = await checks('?fresh=true');
      expect(
        all.findings
          .filter((f) => f.kind === 'contradicts-profile')
          .map((f) => f.actorName)
          .sort(),
      ).toEqual(['Kazakhstan', 'Mongolia']);
    },
  );

  /**
   * Ingests a document through the pipeline, giving relations whose sentence holds `within` the time the text gives
   * them.
   */
  const ingestTimed = async (
    lines: string[],
    name: string,
    times: Array<[within: string, time: Pick<Relation, 'valid' | 'current'>]> = [],
  ) => {
    const { document, extraction } = await processDocument(Buffer.from(lines.join('\n')), name);
    for (const relation of extraction.relations) {
      const sentence = extraction.text.slice(relation.evidence.start, relation.evidence.end);
      const time = times.find(([within]) => sentence.includes(within))?.[1];
      if (time) Object.assign(relation, time);
    }
    return dossier.store.saveDocument({ document, extraction });
  };
  const profileLines = (name: string, body: string[]) => [
    name,
    '',
    'Profile',
    ...body,
    'Key Interests & Priorities',
    '1. Security',
    `${name} wants a stable neighbour.`,
    '',
  ];

  it(
    'flags a profile that recognizes and does not recognize the ' + 'same group today, but not a past recognition',
    async () => {
      const recognizes = 'Qatar recognizes the Taliban.';
      const denies = 'Qatar does not recognize the Taliban.';
      const outcome = await ingestTimed(profileLines('Qatar', [`Doha mediates. ${recognizes} ${denies}`]), 'qatar.txt');
      const report = await checks(`?actor=${outcome.actorId}`);
      const own = report.findings.filter((f) => f.kind === 'contradicts-itself');
      expect(own.map((f) => [f.claim, f.evidence.text, f.related.map((r) => [r.actor, r.version, r.text])])).toEqual([
        ['Qatar recognizes Taliban', recognizes, [[outcome.actorId, 1, denies]]],
      ]);
      expect(report.summary.contradictions).toBe(1);

      const past = 'Saudi Arabia recognized the Taliban in the 1990s.';
      const now = 'Saudi Arabia does not recognize the Taliban.';
      const saudi = await ingestTimed(profileLines('Saudi Arabia', [`Riyadh watches. ${past} ${now}`]), 'saudi.txt', [
        ['in the 1990s', { valid: '199X', current: false }],
      ]);
      const saudiReport = await checks(`?actor=${saudi.actorId}`);
      expect(saudiReport.findings.filter((f) => f.kind !== 'confirmed-by-reference')).toEqual([]);
      expect(saudiReport.summary.contradictions).toBe(0);
    },
  );

  it('flags a profile claim that a source states the opposite of, linking the source sentence', async () => {
    const claim = 'Turkmenistan supplies electricity to Afghanistan.';
    const profile = await ingestTimed(profileLines('Turkmenistan', [`Ashgabat trades. ${claim}`]), 'turkmenistan.txt');
    const denial = 'Turkmenistan does not supply electricity to Afghanistan, officials said.';
    const source = await ingestTimed(
      [
        '# Power cuts in Kabul',
        '',
        'Kabul was dark on Monday after a line failed. ' + denial + ' Repairs may take weeks.',
        '',
      ],
      'power-cuts.md',
    );
    const report = await checks(`?actor=${profile.actorId}`);
    const found = report.findings.filter((f) => f.kind === 'contradicts-source');
    expect(found.map((f) => [f.evidence.text, f.related.map((r) => [r.actor, r.documentKind, r.text])])).toEqual([
      [claim, [[source.actorId, 'source', denial]]],
    ]);
    expect((await checks('?fresh=true')).checked.sources).toBeGreaterThanOrEqual(1);
  });

  it(
    'lists a confirmed fact whose sentence was edited away, and ' + 'the denial in the next version as a change',
    async () => {
      const before = 'Oman recognizes the Taliban.';
      const after = 'Oman does not recognize the Taliban.';
      const v1 = await ingestTimed(profileLines('Oman', [`Oman is far away. ${before}`]), 'oman.txt');
      const facts = await dossier.review.listFacts({ actor: v1.actorId, type: 'relation', status: 'machine' });
      const recognized = facts.facts.find((f) => f.payload.predicate === 'recognizes')!;
      await dossier.review.confirm(recognized.id, 'editor');
      const v2 = await ingestTimed(profileLines('Oman', [`Oman is far away. ${after}`]), 'oman.txt');
      expect(v2.version).toBe(2);
      const report = await checks(`?actor=${v1.actorId}`);
      const stale = report.findings.filter((f) => f.kind === 'evidence-removed');
      expect(
        stale.map((f) => [f.evidence.version, f.evidence.text, f.related.map((r) => [r.version, r.text])]),
      ).toEqual([[1, before, [[2, after]]]]);
      const changes = report.findings.filter((f) => f.kind === 'changed-between-versions');
      expect(
        changes.map((f) => [
          f.severity,
          f.evidence.version,
          f.evidence.text,
          f.related.map((r) => [r.version, r.text]),
        ]),
      ).toEqual([['info', 2, after, [[1, before]]]]);
      expect(report.summary).toMatchObject({ changes: 1, staleEvidence: 1 });
      expect(report.checked.confirmedFacts).toBeGreaterThanOrEqual(1);
    },
  );

  it('gives the whole list a page at a time: next, a Link header, the counts of all findings', async () => {
    const all = await checks('?limit=500&fresh=true');
    expect(all.stale).toBeUndefined();
    expect(all.next).toBeNull();
    expect(all.findings.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let path: string | null = '/api/checks?limit=2';
    while (path) {
      const response = await app.inject(path);
      expect(response.statusCode, response.body).toBe(200);
      const page = CheckReportSchema.parse(response.json());
      expect(page.findings.length).toBeLessThanOrEqual(2);
      expect(page.counts).toEqual(all.counts);
      seen.push(...page.findings.map((f) => f.id));
      const link = response.headers.link as string | undefined;
      if (page.next === null) expect(link).toBeUndefined();
      else expect(link).toBe(`</api/checks?limit=2&cursor=${page.next}>; rel="next"`);
      path = page.next === null ? null : link!.slice(1, link!.indexOf('>'));
    }
    expect(seen).toEqual(all.findings.map((f) => f.id));
    const contradictions = await checks('?kind=contradicts-reference');
    expect(contradictions.findings.map((f) => f.id)).toEqual(
      all.findings.filter((f) => f.kind === 'contradicts-reference').map((f) => f.id),
    );
    const bad = await app.inject('/api/checks?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(ErrorEnvelopeSchema.parse(bad.json()).error.code).toBe('BAD_REQUEST');
  });

  it('answers the list at once after a write with the previous findings marked stale, then the new ones', async () => {
    const before = await checks('?fresh=true');
    expect(before.stale).toBeUndefined();
    await ingestTimed(profileLines('Chad', ['Chad is far away. Kazakhstan borders Afghanistan.']), 'chad.txt');
    const during = await checks('?limit=500');
    expect(during.stale).toBe(true);
    expect(during.counts).toEqual(before.counts);
    // The new revision's findings are computed in the background; once done they are served, not stale.
    await referenceChecksFor(dossier).settledComputation();
    const after = await checks('?limit=500');
    expect(after.stale).toBeUndefined();
    expect(after.counts.contradictsReference).toBeGreaterThan(before.counts.contradictsReference);
    expect(after.findings.some((f) => f.actorName === 'Chad' && f.kind === 'contradicts-reference')).toBe(true);
  });

  it('answers a collection nobody asked the checks of at once, with its progress, and waits when fresh', async () => {
    const other = await Dossier.open(path.join(workDir, 'unasked.db'));
    const otherApp = await buildServer(other, { webRoot: null });
    try {
      await other.ingestBytes(Buffer.from(seedText), 'seed-kazakhstan.txt');
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const getActors = other.store.getActors.bind(other.store);
      other.store.getActors = async (refs) => {
        await gate;
        return getActors(refs);
      };
      const get = async (url: string) => {
        const response = await otherApp.inject(url);
        expect(response.statusCode, response.body).toBe(200);
        return CheckReportSchema.parse(response.json());
      };
      const computing = await get('/api/checks');
      expect(computing).toMatchObject({ findings: [], next: null, computing: { checked: 0 } });
      expect([0, 1]).toContain(computing.computing?.of); // 0 while the documents are listed
      expect(computing.summary).toEqual({ contradictions: 0, confirmed: 0, changes: 0, staleEvidence: 0 });
      const fresh = otherApp.inject('/api/checks?fresh=true');
      release();
      const done = CheckReportSchema.parse((await fresh).json());
      expect(done.computing).toBeUndefined();
      expect(done.summary.confirmed).toBe(1);
      expect((await get('/api/checks')).findings).toEqual(done.findings);
    } finally {
      await otherApp.close();
      await referenceChecksFor(other).settledComputation();
      await other.close();
    }
  });

  it('answers an unknown actor with the error envelope', async () => {
    const response = await app.inject('/api/checks?actor=atlantis');
    expect(response.statusCode).toBe(404);
    expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe('NOT_FOUND');
  });

  it('is described in /openapi.json', async () => {
    const document = (await app.inject('/openapi.json')).json();
    const operation = document.paths['/api/checks']?.get;
    expect(operation?.tags).toEqual(['views']);
    expect(JSON.stringify(operation.parameters)).toContain('"actor"');
    expect(document.components?.schemas).toHaveProperty('CheckFinding');
    expect(document.components?.schemas?.CheckReport?.properties).toHaveProperty('computing');
    expect(document.components?.schemas).toHaveProperty('CheckProgress');
  });
});
