// The review routes over HTTP on a small SQLite knowledge base (the seed and one example): the queue a page at a
// time (GET /api/review with its cursor), the review rules with their counts (GET /api/review/rules), the facts
// each rule confirmed, and an editor setting the time a relation holds (PATCH /api/facts/:id with valid and
// current; a bad EDTF gets a clear 400).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

let dossier: Dossier;
let app: FastifyInstance;
let workDir: string;
let auth: { authorization: string };

interface Fact {
  id: string;
  kind: string;
  status: string;
  reviewedBy: string | null;
  payload: Record<string, unknown>;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-review-routes-'));
  dossier = await Dossier.open(path.join(workDir, 'review.db'));
  expect(
    (
      await dossier.ingestFiles([
        path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'),
        path.join(root, 'examples', 'kyrgyzstan.md'),
      ])
    ).refused,
  ).toBe(0);
  await dossier.accounts.addUser('ines', 'editor', 'correct horse battery staple');
  auth = { authorization: `Bearer ${(await dossier.accounts.createToken('ines', 'tests')).token}` };
  app = await buildServer(dossier, { webRoot: null });
});

afterAll(async () => {
  await app?.close();
  await dossier?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('GET /api/review', () => {
  it('answers the queue a page at a time: `next` and a Link header to the following page, each fact once', async () => {
    const whole = (await app.inject({ url: '/api/review?limit=500', headers: auth })).json() as {
      total: number;
      facts: Fact[];
      next: string | null;
    };
    expect(whole.facts.length).toBe(whole.total);
    expect(whole.next).toBeNull();
    const ids: string[] = [];
    let url: string | null = '/api/review?limit=40';
    while (url) {
      const response = await app.inject({ url, headers: auth });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { total: number; facts: Fact[]; next: string | null };
      expect(body.total).toBe(whole.total);
      ids.push(...body.facts.map((fact) => fact.id));
      const link = response.headers.link as string | undefined;
      expect(link !== undefined).toBe(body.next !== null);
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    }
    expect(ids).toEqual(whole.facts.map((fact) => fact.id));
    const bad = await app.inject({ url: '/api/review?cursor=nonsense', headers: auth });
    expect(bad.statusCode).toBe(400);
    const actorFirst = (await app.inject('/api/actors/kyrgyzstan/facts?limit=5')).json() as {
      facts: Fact[];
      next: string | null;
    };
    expect(actorFirst.next).not.toBeNull();
    const actorNext = (
      await app.inject(`/api/actors/kyrgyzstan/facts?limit=5&cursor=${encodeURIComponent(actorFirst.next!)}`)
    ).json() as { facts: Fact[] };
    const actorBoth = (await app.inject('/api/actors/kyrgyzstan/facts?limit=10')).json() as { facts: Fact[] };
    expect([...actorFirst.facts, ...actorNext.facts].map((f) => f.id)).toEqual(actorBoth.facts.map((f) => f.id));
  });
});

describe('GET /api/review/rules', () => {
  it('lists each rule with what it confirms and how many facts, matching the facts listed by reviewer', async () => {
    expect((await app.inject('/api/review/rules')).statusCode).toBe(401);
    const response = await app.inject({ url: '/api/review/rules', headers: auth });
    expect(response.statusCode).toBe(200);
    const { rules } = response.json() as { rules: { rule: string; description: string; confirmed: number }[] };
    expect(rules.map((rule) => rule.rule)).toEqual([
      'rule:exact-country',
      'rule:exact-gazetteer',
      'rule:explicit-date',
    ]);
    expect(rules.map((rule) => rule.description)).toEqual([
      'a country named exactly as in the gazetteer',
      'a gazetteer name matched exactly and unambiguously',
      'a date written in full',
    ]);
    for (const rule of rules) {
      expect(rule.confirmed, rule.rule).toBeGreaterThan(0);
      const listed = (
        await app.inject({
          url: `/api/review?status=confirmed&reviewedBy=${encodeURIComponent(rule.rule)}&limit=500`,
          headers: auth,
        })
      ).json() as { total: number; facts: Fact[] };
      expect(listed.total).toBe(rule.confirmed);
      expect(listed.facts.every((fact) => fact.reviewedBy === rule.rule && fact.status === 'confirmed')).toBe(true);
    }
  });
});

describe('PATCH /api/facts/:id on a relation', () => {
  const relation = async (): Promise<Fact> => {
    const page = (
      await app.inject({ url: '/api/actors/kazakhstan/facts?type=relation&limit=500', headers: auth })
    ).json() as { facts: Fact[] };
    expect(page.facts.length).toBeGreaterThan(0);
    return page.facts[0]!;
  };
  const patch = (id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PATCH', url: `/api/facts/${encodeURIComponent(id)}`, payload, headers: auth });

  it('sets when the relation holds and whether it still does; the actor and the audit trail show it', async () => {
    const fact = await relation();
    expect(fact.payload).toHaveProperty('valid');
    expect(fact.payload).toHaveProperty('current');
    const response = await patch(fact.id, { valid: '2021-08-15/..', current: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: fact.id,
      status: 'edited',
      reviewedBy: 'ines',
      payload: { valid: '2021-08-15/..', current: false },
    });
    const detail = (await app.inject({ url: '/api/actors/kazakhstan', headers: auth })).json() as {
      extraction: { relations: { evidence: { start: number }; valid: string | null; current: boolean }[] };
    };
    const stored = (
      await app.inject({ url: `/api/facts/${encodeURIComponent(fact.id)}`, headers: auth })
    ).json() as Fact & { start: number };
    expect(detail.extraction.relations.find((r) => r.evidence.start === stored.start)).toMatchObject({
      valid: '2021-08-15/..',
      current: false,
    });
    const audit = (
      await app.inject({ url: `/api/audit?targetId=${encodeURIComponent(fact.id)}&limit=1`, headers: auth })
    ).json() as {
      entries: {
        action: string;
        before: { payload: Record<string, unknown> };
        after: { payload: Record<string, unknown> };
      }[];
    };
    expect(audit.entries[0]).toMatchObject({
      action: 'fact.edit',
      before: { payload: { valid: fact.payload.valid, current: fact.payload.current } },
      after: { payload: { valid: '2021-08-15/..', current: false } },
    });

    // No time again, and holding now.
    const cleared = await patch(fact.id, { valid: null, current: true });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ payload: { valid: null, current: true } });
  });

  it('answers a bad EDTF or a current that is not true or false with a clear 400 and changes nothing', async () => {
    const fact = await relation();
    const before = (
      await app.inject({ url: `/api/facts/${encodeURIComponent(fact.id)}`, headers: auth })
    ).json() as Fact;
    const bad = await patch(fact.id, { valid: 'late 2021' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((bad.json() as { error: { message: string } }).error.message).toMatch(
      /relation\.valid: expected an EDTF date/,
    );
    const empty = await patch(fact.id, { valid: '' });
    expect(empty.statusCode).toBe(400);
    const notBoolean = await patch(fact.id, { current: 'yes' });
    expect(notBoolean.statusCode).toBe(400);
    expect((notBoolean.json() as { error: { message: string } }).error.message).toMatch(/relation\.current/);
    expect((await app.inject({ url: `/api/facts/${encodeURIComponent(fact.id)}`, headers: auth })).json()).toEqual(
      before,
    );
  });
});
