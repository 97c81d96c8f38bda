// Sessions, CSRF, login rate limit, upload limits, security headers and the editor's workflow
// (upload a new version, confirm and reject facts, a reader sees them, the diff and the audit),
// on SQLite and PostgreSQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditPageSchema,
  ErrorEnvelopeSchema,
  FactPageSchema,
  InterestHistorySchema,
  SessionInfoSchema,
  VersionDiffSchema,
  type Role,
} from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { csrfHeaderName, sessionCookieName } from './access-policy.js';
import { buildServer } from './server.js';
import { backends, multipart, password, populate, seedText, type Person } from './test-support/security-fixture.js';

const sessionCookieOf = (response: LightMyRequestResponse) =>
  response.cookies.find((cookie) => cookie.name === sessionCookieName);

for (const backend of await backends()) {
  describe(`security on ${backend.name}`, () => {
    let dossier: Dossier;
    let dispose: () => Promise<void>;
    let people: Record<Role, Person>;
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ dossier, dispose } = await backend.open());
      people = await populate(dossier);
      app = await buildServer(dossier, { webRoot: null, loginAttempts: 1000, maxUploadBytes: 64 * 1024 });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    const login = async (name: string, headers: Record<string, string> = {}, target = app) => {
      const response = await target.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: name, password },
        headers,
      });
      const cookie = sessionCookieOf(response);
      return { response, cookie, csrf: (response.json() as { csrfToken: string }).csrfToken };
    };

    describe('sessions', () => {
      it('sets an HttpOnly, SameSite=Lax cookie holding a 128-bit id, Secure only over https', async () => {
        const { response, cookie } = await login(people.editor.name);
        expect(response.statusCode).toBe(200);
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
        expect(cookie!.secure).toBeFalsy();
        expect(Buffer.from(cookie!.value, 'base64url')).toHaveLength(16);
        expect(SessionInfoSchema.parse(response.json())).toMatchObject({
          authenticated: true,
          via: 'session',
          user: { name: 'editor1', role: 'editor' },
        });

        const proxied = await buildServer(dossier, { webRoot: null, trustProxy: true });
        const https = await login(people.editor.name, { 'x-forwarded-proto': 'https' }, proxied);
        expect(https.cookie!.secure).toBe(true);
        const untrusted = await login(people.editor.name, { 'x-forwarded-proto': 'https' });
        expect(untrusted.cookie!.secure).toBeFalsy();
        await proxied.close();
      });

      it('refuses a wrong password or an unknown user with 401 and no cookie', async () => {
        for (const payload of [
          { username: 'editor1', password: 'wrong password' },
          { username: 'nobody', password },
        ]) {
          const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
          expect(response.statusCode).toBe(401);
          expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe('UNAUTHORIZED');
          expect(sessionCookieOf(response)).toBeUndefined();
        }
      });

      it('gives a new session id at every login and ends the previous one', async () => {
        const first = await login(people.reader.name);
        const second = await login(people.reader.name, {
          cookie: `${sessionCookieName}=${first.cookie!.value}`,
          [csrfHeaderName]: first.csrf,
        });
        expect(second.response.statusCode).toBe(200);
        expect(second.cookie!.value).not.toBe(first.cookie!.value);
        const old = await app.inject({
          url: '/api/auth/session',
          headers: { cookie: `${sessionCookieName}=${first.cookie!.value}` },
        });
        expect(old.json()).toMatchObject({ authenticated: false, csrfToken: null });
        const current = await app.inject({
          url: '/api/auth/session',
          headers: { cookie: `${sessionCookieName}=${second.cookie!.value}` },
        });
        expect(current.json()).toMatchObject({ authenticated: true, csrfToken: second.csrf });
      });

      it('logs out on the server: the old cookie no longer authenticates', async () => {
        const { cookie, csrf } = await login(people.editor.name);
        const headers = { cookie: `${sessionCookieName}=${cookie!.value}`, [csrfHeaderName]: csrf };
        const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
        expect(logout.statusCode).toBe(204);
        expect(sessionCookieOf(logout)?.value).toBe('');
        const replay = await app.inject({ method: 'POST', url: '/api/facts/time-1-0/confirm', headers });
        expect(replay.statusCode).toBe(401);
        expect((await app.inject({ url: '/api/auth/session', headers })).json()).toMatchObject({
          authenticated: false,
        });
      });
    });

    describe('CSRF', () => {
      it('requires the session’s own token on state-changing session requests, not on bearer requests', async () => {
        const fact = (await dossier.review.listFacts({ type: 'relation', limit: 1 })).facts[0]!;
        const editor = await login(people.editor.name);
        const admin = await login(people.admin.name);
        const cookie = `${sessionCookieName}=${editor.cookie!.value}`;
        const url = `/api/facts/${fact.id}/confirm`;
        const before = await dossier.store.contentDigest();
        for (const token of [undefined, '', 'x', admin.csrf, `${editor.csrf}x`]) {
          const headers: Record<string, string> =
            token === undefined ? { cookie } : { cookie, [csrfHeaderName]: token };
          const response = await app.inject({ method: 'POST', url, headers });
          expect(response.statusCode, String(token)).toBe(403);
          expect(ErrorEnvelopeSchema.parse(response.json()).error.message).toMatch(/CSRF/);
        }
        expect(await dossier.store.contentDigest()).toBe(before);
        const session = await app.inject({ url: '/api/auth/session', headers: { cookie } });
        expect(session.json().csrfToken).toBe(editor.csrf);
        expect(
          (await app.inject({ method: 'POST', url, headers: { cookie, [csrfHeaderName]: editor.csrf } })).statusCode,
        ).toBe(200);
        expect(
          (await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${people.editor.token}` } }))
            .statusCode,
        ).toBe(200);
        // Reads need no token.
        expect((await app.inject({ url: `/api/facts/${fact.id}`, headers: { cookie } })).statusCode).toBe(200);
      });
    });

    describe('login rate limit', () => {
      it('answers 429 with Retry-After after 5 attempts per IP and user name within a minute', async () => {
        const limited = await buildServer(dossier, { webRoot: null });
        const attempt = (username: string) =>
          limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong password' } });
        for (let i = 0; i < 5; i++) expect((await attempt('editor1')).statusCode).toBe(401);
        const refused = await attempt('editor1');
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(ErrorEnvelopeSchema.parse(refused.json()).error.code).toBe('RATE_LIMITED');
        // Even the right password is refused until the window ends; another name is not limited.
        expect(
          (await limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'editor1', password } }))
            .statusCode,
        ).toBe(429);
        expect((await attempt('reader1')).statusCode).toBe(401);
        await limited.close();
      });
    });

    describe('headers', () => {
      it('sends JSON with a CSP that allows nothing, frame-ancestors none, nosniff and a Referrer-Policy', async () => {
        const response = await app.inject('/api/actors');
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      });

      it('sends the app shell with a fresh script nonce in its CSP and on its script tags', async () => {
        const webRoot = await mkdtemp(path.join(os.tmpdir(), 'dossier-shell-'));
        await writeFile(
          path.join(webRoot, 'index.html'),
          '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
        );
        const shellApp = await buildServer(dossier, { webRoot });
        try {
          const pages = [
            await shellApp.inject({ url: '/', headers: { accept: 'text/html' } }),
            await shellApp.inject({ url: '/actors/kazakhstan', headers: { accept: 'text/html' } }),
          ];
          const nonces = pages.map((page) => {
            expect(page.statusCode).toBe(200);
            const csp = String(page.headers['content-security-policy']);
            expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
            expect(csp).toContain("frame-ancestors 'none'");
            expect(csp).toContain("object-src 'none'");
            const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
            expect(page.body).toContain(`<script nonce="${nonce}" type="module"`);
            return nonce;
          });
          expect(nonces[0]).not.toBe(nonces[1]);
        } finally {
          await shellApp.close();
          await rm(webRoot, { recursive: true, force: true });
        }
      });
    });

    describe('uploads', () => {
      const editorHeaders = () => ({ authorization: `Bearer ${people.editor.token}` });

      it('answers 413 in the envelope for an upload or a paste over the limit, and stores nothing', async () => {
        const before = await dossier.store.contentDigest();
        const big = `${seedText}\n${'More words. '.repeat(7000)}`;
        const upload = multipart('kazakhstan.txt', big);
        const uploaded = await app.inject({
          method: 'POST',
          url: '/api/documents',
          payload: upload.body,
          headers: { ...editorHeaders(), 'content-type': upload.contentType },
        });
        expect(uploaded.statusCode).toBe(413);
        expect(ErrorEnvelopeSchema.parse(uploaded.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
        const pasted = await app.inject({
          method: 'POST',
          url: '/api/documents/paste',
          payload: { name: 'k.txt', content: big },
          headers: editorHeaders(),
        });
        expect(pasted.statusCode).toBe(413);
        expect(ErrorEnvelopeSchema.parse(pasted.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await dossier.store.contentDigest()).toBe(before);
      });

      it('refuses a binary upload with the ingest error, and an upload with no file', async () => {
        const upload = multipart('blob.txt', Buffer.from([0, 1, 2, 3, 0, 0, 255, 0, 1]));
        const response = await app.inject({
          method: 'POST',
          url: '/api/documents',
          payload: upload.body,
          headers: { ...editorHeaders(), 'content-type': upload.contentType },
        });
        expect(response.statusCode).toBe(415);
        const empty = await app.inject({
          method: 'POST',
          url: '/api/documents',
          payload: { x: 1 },
          headers: editorHeaders(),
        });
        expect(empty.statusCode).toBe(400);
      });
    });

    describe('editor workflow', () => {
      it(
        'uploads a new version, reviews facts, and a reader sees the ' +
          'decisions, the diff, the history and no audit',
        async () => {
          const editor = await login(people.editor.name);
          const headers = { cookie: `${sessionCookieName}=${editor.cookie!.value}`, [csrfHeaderName]: editor.csrf };
          const queue = FactPageSchema.parse(
            (await app.inject({ url: '/api/review?actor=kazakhstan&type=relation', headers })).json(),
          );
          expect(queue.total).toBeGreaterThan(0);
          expect(queue.facts.every((fact) => fact.status === 'machine' && fact.kind === 'relation')).toBe(true);
          const [keep, drop] = queue.facts;
          expect(
            (await app.inject({ method: 'POST', url: `/api/facts/${keep!.id}/confirm`, headers })).json(),
          ).toMatchObject({ status: 'confirmed', reviewedBy: 'editor1' });
          if (drop)
            expect(
              (await app.inject({ method: 'POST', url: `/api/facts/${drop.id}/reject`, headers })).json(),
            ).toMatchObject({ status: 'rejected' });

          const revised = seedText.replace('Profile\n', 'Profile\nA new opening sentence was added by an editor.\n');
          const upload = multipart('kazakhstan.txt', revised);
          const uploaded = await app.inject({
            method: 'POST',
            url: '/api/documents',
            payload: upload.body,
            headers: { ...headers, 'content-type': upload.contentType },
          });
          expect(uploaded.statusCode, uploaded.body).toBe(201);
          const { version } = uploaded.json() as { version: number };
          expect(version).toBeGreaterThan(1);

          // The reader (anonymous on a public-read instance) sees the carried decisions on the new version.
          const facts = FactPageSchema.parse(
            (await app.inject(`/api/actors/kazakhstan/facts?type=relation`)).json(),
          ).facts;
          expect(facts.every((fact) => fact.version === version)).toBe(true);
          const carried = facts.find(
            (fact) =>
              fact.payload.predicate === keep!.payload.predicate && fact.sentence?.text === keep!.sentence?.text,
          );
          expect(carried).toMatchObject({ status: 'confirmed', reviewedBy: 'editor1' });
          if (drop) {
            const relations = (await app.inject('/api/actors/kazakhstan')).json().extraction.relations as Array<{
              evidence: { start: number };
            }>;
            const rejected = facts.find((fact) => fact.status === 'rejected');
            expect(rejected).toBeDefined();
            expect(
              relations.some(
                (relation) =>
                  relation.evidence.start === rejected!.start &&
                  facts.filter((f) => f.start === rejected!.start).length === 1,
              ),
            ).toBe(false);
          }
          const diff = VersionDiffSchema.parse(
            (await app.inject(`/api/actors/kazakhstan/diff?from=${version - 1}&to=${version}`)).json(),
          );
          expect(
            diff.changes
              .filter((change) => change.op === 'added')
              .map((change) => change.text)
              .join(''),
          ).toContain('new opening sentence');
          expect(diff.html).toContain('<ins>');
          const sentenceDiff = VersionDiffSchema.parse(
            (await app.inject(`/api/actors/kazakhstan/diff?from=1&to=${version}&granularity=sentence`)).json(),
          );
          expect(sentenceDiff.granularity).toBe('sentence');
          expect((await app.inject(`/api/actors/kazakhstan/diff?from=1&to=99`)).statusCode).toBe(404);
          const history = InterestHistorySchema.parse((await app.inject('/api/actors/kazakhstan/history')).json());
          expect(history.versions.length).toBe(version);
          expect(
            history.interests.find((interest) => interest.title.includes('Economic'))?.ranks.map((rank) => rank.rank),
          ).toEqual(Array(version).fill(3));

          expect(
            (await app.inject({ url: '/api/audit', headers: { authorization: `Bearer ${people.reader.token}` } }))
              .statusCode,
          ).toBe(403);
          const audit = AuditPageSchema.parse((await app.inject({ url: '/api/audit?user=editor1', headers })).json());
          expect(audit.entries.map((entry) => entry.action)).toEqual(
            expect.arrayContaining(['fact.confirm', 'document.save']),
          );
          const confirm = audit.entries.find(
            (entry) => entry.action === 'fact.confirm' && entry.targetId === keep!.id,
          )!;
          expect(confirm.before).toMatchObject({ status: 'machine' });
          expect(confirm.after).toMatchObject({ status: 'confirmed' });
        },
      );

      it('edits a fact, adds facts on selected words, edits and merges entities, with clear errors', async () => {
        const headers = { authorization: `Bearer ${people.editor.token}` };
        const time = (await dossier.review.listFacts({ actor: 'kazakhstan', type: 'time', status: 'any', limit: 1 }))
          .facts[0]!;
        const edited = await app.inject({
          method: 'PATCH',
          url: `/api/facts/${time.id}`,
          payload: { value: '2021-08' },
          headers,
        });
        expect(edited.json()).toMatchObject({ status: 'edited', payload: { value: '2021-08' } });
        const badValue = await app.inject({
          method: 'PATCH',
          url: `/api/facts/${time.id}`,
          payload: { value: 'last year' },
          headers,
        });
        expect(badValue.statusCode).toBe(400);
        const badField = await app.inject({
          method: 'PATCH',
          url: `/api/facts/${time.id}`,
          payload: { text: 'x' },
          headers,
        });
        expect(badField.statusCode).toBe(400);

        const text = (await dossier.store.getDocument('kazakhstan'))!.text;
        const start = text.indexOf('Strategy 2050');
        const added = await app.inject({
          method: 'POST',
          url: '/api/actors/kazakhstan/facts',
          payload: { kind: 'entity', start, end: start + 'Strategy 2050'.length, payload: { type: 'document' } },
          headers,
        });
        expect(added.statusCode, added.body).toBe(201);
        expect(added.json()).toMatchObject({
          kind: 'mention',
          origin: 'human',
          evidence: 'Strategy 2050',
          payload: { entity: 'strategy-2050', type: 'document' },
        });
        const entity = await app.inject({
          method: 'PATCH',
          url: '/api/entities/strategy-2050',
          payload: { aliases: ['Kazakhstan-2050'], wikidata: 'Q4636561' },
          headers,
        });
        expect(entity.json()).toMatchObject({
          id: 'strategy-2050',
          aliases: ['Kazakhstan-2050'],
          wikidata: 'Q4636561',
        });
        const relation = await app.inject({
          method: 'POST',
          url: '/api/actors/kazakhstan/facts',
          payload: {
            kind: 'relation',
            start,
            end: start + 13,
            payload: { subject: 'KAZ', predicate: 'leads', object: 'strategy-2050' },
          },
          headers,
        });
        expect(relation.statusCode).toBe(201);
        const badKind = await app.inject({
          method: 'POST',
          url: '/api/actors/kazakhstan/facts',
          payload: { kind: 'relation', start, end: start + 3, payload: { predicate: 'likes' } },
          headers,
        });
        expect(badKind.statusCode).toBe(400);
        const outside = await app.inject({
          method: 'POST',
          url: '/api/actors/kazakhstan/facts',
          payload: { kind: 'time', start: 0, end: text.length + 5, payload: { value: '2021' } },
          headers,
        });
        expect(outside.statusCode).toBe(400);

        const merged = await app.inject({
          method: 'POST',
          url: '/api/entities/strategy-2050/merge',
          payload: { into: 'kabul' },
          headers,
        });
        expect(merged.statusCode, merged.body).toBe(200);
        expect(merged.json().entity.aliases).toEqual(expect.arrayContaining([entity.json().name, 'Kazakhstan-2050']));
        expect((await app.inject('/api/entities/strategy-2050')).statusCode).toBe(404);
        const mentions = (await app.inject('/api/entities/kabul')).json().mentions as Array<{ text: string }>;
        expect(mentions.some((mention) => mention.text === 'Strategy 2050')).toBe(true);
      });
    });
  });
}
