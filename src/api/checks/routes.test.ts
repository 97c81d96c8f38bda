// API test of GET /api/checks over a real SQLite knowledge base holding the seed profile
// (Kazakhstan) and a pasted profile that contradicts it and the country data.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import { CheckReportSchema, Dossier } from '../../core/index.js';
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
    expect(border).toMatchObject({ actor, actorName: 'Kazakhstan', kind: 'confirmed-by-reference', severity: 'info', related: [] });
    expect(border!.evidence.text).toBe('Kazakhstan and Afghanistan do not share a border and ethnic connections.');
    expect(seedText.slice(border!.evidence.start, border!.evidence.end)).toBe(border!.evidence.text);
    expect(border!.evidence.version).toBe(1);
    expect(border!.reference).toMatch(/Afghanistan borders .*Uzbekistan/);
    expect(report.counts).toEqual({ contradictsReference: 0, confirmedByReference: 1, contradictsProfile: 0, conflictingDates: 0 });
  });

  it('flags a later profile that contradicts the country data and the seed, and refreshes after the write', async () => {
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
    expect(contradiction.related.map((r) => [r.actorName, r.text])).toEqual([['Kazakhstan', 'Kazakhstan and Afghanistan do not share a border and ethnic connections.']]);
    expect(report.findings.every((f) => f.actor === outcome.actorId)).toBe(true);
    // The whole collection now also holds the seed's side of the contradiction.
    const all = await checks();
    expect(all.findings.filter((f) => f.kind === 'contradicts-profile').map((f) => f.actorName).sort()).toEqual(['Kazakhstan', 'Mongolia']);
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
  });
});
