// The published OpenAPI document passes Redocly's recommended ruleset with no error: every
// operation has an operationId, a summary, a 4xx response and its security; tags, servers and
// the licence are declared.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../core/index.js';
import { buildServer } from './server.js';

let workDir: string;
let dossier: Dossier;
let app: FastifyInstance;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-openapi-lint-'));
  dossier = await Dossier.open(path.join(workDir, 'lint.db'));
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

const describeProblem = (problem: NormalizedProblem): string =>
  `${problem.ruleId}: ${problem.message} at ${problem.location.map((location) => location.pointer ?? '').join(', ')}`;

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; security?: unknown[]; description?: string }>>;
  servers?: Array<{ url: string }>;
  info: { license?: { name: string; identifier?: string; url?: string } };
}

describe('GET /openapi.json', () => {
  it("passes Redocly's recommended ruleset with no error", async () => {
    const response = await app.inject('/openapi.json');
    expect(response.statusCode).toBe(200);
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: response.body,
      absoluteRef: path.join(workDir, 'openapi.json'),
      config,
    });
    const errors = problems.filter((problem) => problem.severity === 'error');
    const warnings = problems.filter((problem) => problem.severity === 'warn');
    console.log(`redocly recommended: ${errors.length} errors, ${warnings.length} warnings`);
    for (const warning of warnings) console.log(`  warning ${describeProblem(warning)}`);
    expect(errors.map(describeProblem)).toEqual([]);
  });

  it('names every operation uniquely and states who may call it', async () => {
    const document = (await app.inject('/openapi.json')).json() as OpenApiDocument;
    const operationIds = new Set<string>();
    for (const [url, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.operationId, `${method} ${url}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(operationIds.has(operation.operationId!), `${operation.operationId} is unique`).toBe(false);
        operationIds.add(operation.operationId!);
        expect(operation.security, `${method} ${url} declares its security`).toBeInstanceOf(Array);
        expect(operation.description, `${method} ${url} states its access`).toMatch(/Access: /);
      }
    }
    expect(document.paths['/api/actors/{id}']?.get?.operationId).toBe('getApiActorsById');
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    expect(document.paths['/api/actors']?.get?.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(document.paths['/api/actors']?.get?.description).toMatch(/anyone on a public-read instance/);
    expect(document.servers?.[0]?.url).toBe('/');
    expect(document.info.license?.name).toBe('MIT');
  });
});
