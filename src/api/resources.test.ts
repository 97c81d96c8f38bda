// The one list of resources: every route of a resource starts with its URL prefix and lives in the
// folder of that name, and a resource added to a list (a toy one here, in a temporary list) is
// served, access-checked and documented in OpenAPI with no other change to the server.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Dossier } from '../core/index.js';
import { ErrorEnvelopeSchema } from '../model/index.js';
import { apiResources, type ApiResource } from './resources.js';
import { buildServer } from './server.js';

let workDir: string;
let dossier: Dossier;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-resources-'));
  dossier = await Dossier.open(path.join(workDir, 'resources.db'));
});

afterAll(async () => {
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The URLs one list of resources routes (each resource served alone). */
async function urlsOf(resource: ApiResource): Promise<string[]> {
  const urls: string[] = [];
  const app = await buildServer(dossier, {
    webRoot: null,
    resources: [resource],
    onRoute: (route: RouteOptions) => void urls.push(route.url!),
  });
  await app.close();
  return [...new Set(urls)].filter((url) => url !== '/');
}

describe('apiResources', () => {
  it('serves every route under its resource prefix, from the folder named after it', async () => {
    const misplaced: string[] = [];
    for (const resource of apiResources) {
      const folder = resource.prefix === '/' ? 'system' : resource.prefix.replace(/^\/api\//, '');
      expect(existsSync(path.join(import.meta.dirname, folder)), `src/api/${folder}`).toBe(true);
      const urls = await urlsOf(resource);
      expect(urls.length, resource.prefix).toBeGreaterThan(0);
      for (const url of urls) {
        const fits =
          resource.prefix === '/'
            ? !url.startsWith('/api/')
            : url === resource.prefix || url.startsWith(`${resource.prefix}/`);
        if (!fits) misplaced.push(`${url} in ${resource.prefix}`);
      }
    }
    expect(misplaced).toEqual([]);
    const prefixes = apiResources.map((resource) => resource.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe('adding a resource (the recipe of docs/ARCHITECTURE.md)', () => {
  const toyPlugin: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/api/toys/:id',
      {
        schema: {
          tags: ['views'],
          summary: 'One toy',
          params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
          response: { 200: z.object({ id: z.string(), squeaks: z.boolean() }), 400: ErrorEnvelopeSchema },
        },
      },
      async (request) => ({ id: request.params.id, squeaks: request.params.id === 'duck' }),
    );
  };
  const toys: ApiResource = {
    prefix: '/api/toys',
    readAccess: 'reader',
    plugins: () => [toyPlugin],
  };

  it('serves it through the server, with validation, the access policy and its OpenAPI entry', async () => {
    const app = await buildServer(dossier, { webRoot: null, resources: [...apiResources, toys] });
    try {
      const answer = await app.inject('/api/toys/duck');
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ id: 'duck', squeaks: true });
      const bad = await app.inject('/api/toys/Duck!');
      expect(bad.statusCode).toBe(400);
      expect(ErrorEnvelopeSchema.parse(bad.json()).error.code).toBe('BAD_REQUEST');
      const document = (await app.inject('/openapi.json')).json();
      expect(document.paths['/api/toys/{id}'].get.description).toContain('Access:');
      // The rest of the list is still served beside it.
      expect((await app.inject('/api/actors')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const privateApp = await buildServer(dossier, { webRoot: null, private: true, resources: [toys] });
    try {
      expect((await privateApp.inject('/api/toys/duck')).statusCode).toBe(401);
    } finally {
      await privateApp.close();
    }
  });
});
