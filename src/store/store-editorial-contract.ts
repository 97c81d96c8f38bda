// The editorial part of the Store contract, run on both backends: users, sessions, API tokens,
// facts and their review (with the review rules applied at save), entity edits and merges, the
// audit trail, versions and the digest.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlRunner } from './sql-dialect.js';
import type { RuleDecision, SaveDocumentInput, Store } from './store.js';
import { buildProfile, kazakhstanProfile, uzbekistanProfile, uzbekistanSpec } from './test-support/profile-fixtures.js';

const page = { status: 'any' as const, limit: 500, offset: 0 };

export function describeEditorialContract(name: string, open: () => Promise<Store>): void {
  describe(`Store editorial contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('users, sessions and tokens', () => {
      it('creates users once, lists them without hashes, and audits the creation', async () => {
        const user = await store.createUser({ name: 'ada', role: 'editor', passwordHash: '$argon2id$hash' }, null);
        expect(user).toMatchObject({ name: 'ada', role: 'editor' });
        await expect(store.createUser({ name: 'ada', role: 'admin', passwordHash: 'x' }, null)).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        expect(await store.listUsers()).toEqual([user]);
        expect(await store.getUserCredentials('ada')).toEqual({ ...user, passwordHash: '$argon2id$hash' });
        expect(await store.getUserCredentials('nobody')).toBeNull();
        const audit = await store.listAudit({ limit: 10, offset: 0 });
        expect(audit.entries.map((entry) => [entry.action, entry.targetId])).toEqual([['user.create', 'ada']]);
        expect(JSON.stringify(audit)).not.toContain('argon2');
      });

      it('pages the audit trail by a keyset cursor that stays put when newer entries arrive', async () => {
        const append = (targetId: string) =>
          store.appendAudit({
            user: 'ada',
            action: 'test.note',
            targetType: 'note',
            targetId,
            before: null,
            after: null,
          });
        for (let i = 0; i < 7; i++) await append(`n${i}`);
        const first = await store.listAudit({ limit: 3, offset: 0 });
        expect(first.entries.map((entry) => entry.targetId)).toEqual(['n6', 'n5', 'n4']);
        expect(first).toMatchObject({ total: 7, totalExact: true });
        // Newer entries before the next page: an offset would show n4 again, the cursor goes on after it.
        await append('n7');
        await append('n8');
        const second = await store.listAudit({ limit: 3, offset: 0, cursor: first.next! });
        expect(second.entries.map((entry) => entry.targetId)).toEqual(['n3', 'n2', 'n1']);
        const last = await store.listAudit({ limit: 3, offset: 0, cursor: second.next! });
        expect(last.entries.map((entry) => entry.targetId)).toEqual(['n0']);
        expect(last.next).toBeNull();
        const filtered = await store.listAudit({ targetId: 'n2', limit: 1, offset: 0, cursor: first.next! });
        expect(filtered.entries.map((entry) => entry.targetId)).toEqual(['n2']);
        expect(filtered.next).toBeNull();
      });

      it('keeps sessions until they expire or are deleted', async () => {
        await store.createUser({ name: 'ada', role: 'reader', passwordHash: 'h' }, null);
        await store.createSession({ idHash: 'live', user: 'ada', expiresAt: new Date(Date.now() + 60_000) });
        await store.createSession({ idHash: 'old', user: 'ada', expiresAt: new Date(Date.now() - 1000) });
        expect(await store.getSessionUser('live')).toMatchObject({ name: 'ada', role: 'reader' });
        expect(await store.getSessionUser('old')).toBeNull();
        expect(await store.getSessionUser('live', new Date(Date.now() + 120_000))).toBeNull();
        expect(await store.deleteSession('live')).toBe(true);
        expect(await store.deleteSession('live')).toBe(false);
        expect(await store.getSessionUser('live')).toBeNull();
      });

      it('leaves the data revision as it was on writes to users, sessions and tokens (a login)', async () => {
        await store.saveDocument(uzbekistanProfile());
        const revision = await store.revision();
        await store.createUser({ name: 'ada', role: 'editor', passwordHash: 'h' }, null);
        await store.createSession({ idHash: 'live', user: 'ada', expiresAt: new Date(Date.now() + 60_000) });
        await store.createToken({ id: 'tok1', user: 'ada', label: 'ci', tokenHash: 'abc' }, 'ada');
        await store.setUserRole('ada', 'admin', null);
        await store.setUserPassword('ada', 'h2', null);
        await store.deleteToken('tok1', 'ada');
        await store.deleteSession('live');
        expect(await store.getUserCredentials('ada')).toMatchObject({ role: 'admin', passwordHash: 'h2' });
        expect(await store.revision()).toBe(revision);
        // A write to the data still moves it.
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        expect(await store.revision()).not.toBe(revision);
      });

      it('finds the user of a token by its hash only', async () => {
        await store.createUser({ name: 'bot', role: 'editor', passwordHash: 'h' }, null);
        const token = await store.createToken({ id: 'tok1', user: 'bot', label: 'ci', tokenHash: 'abc' }, 'bot');
        expect(token).toMatchObject({ id: 'tok1', user: 'bot', label: 'ci' });
        expect(await store.getTokenUser('abc')).toMatchObject({ name: 'bot', role: 'editor' });
        expect(await store.getTokenUser('abd')).toBeNull();
        expect(await store.listTokens('bot')).toEqual([token]);
        await expect(
          store.createToken({ id: 'tok2', user: 'ghost', label: '', tokenHash: 'x' }, null),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });

    describe('managing users and tokens', () => {
      const later = () => new Date(Date.now() + 60_000);

      it('changes a role in one audited step; live sessions and tokens see it at once', async () => {
        await store.createUser({ name: 'root', role: 'admin', passwordHash: 'h' }, null);
        const ada = await store.createUser({ name: 'ada', role: 'reader', passwordHash: 'h' }, null);
        await store.createSession({ idHash: 's-ada', user: 'ada', expiresAt: later() });
        await store.createToken({ id: 't-ada', user: 'ada', label: '', tokenHash: 'th-ada' }, 'root');
        const changed = await store.setUserRole('ada', 'editor', 'root');
        expect(changed).toEqual({ ...ada, role: 'editor' });
        expect(await store.getSessionUser('s-ada')).toMatchObject({ name: 'ada', role: 'editor' });
        expect(await store.getTokenUser('th-ada')).toMatchObject({ name: 'ada', role: 'editor' });
        const [entry] = (await store.listAudit({ targetType: 'user', targetId: 'ada', limit: 1, offset: 0 })).entries;
        expect(entry).toMatchObject({
          user: 'root',
          action: 'user.role',
          before: { role: 'reader' },
          after: { role: 'editor' },
        });
        await expect(store.setUserRole('ghost', 'editor', 'root')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(store.setUserRole('root', 'reader', 'root')).rejects.toMatchObject({ code: 'CONFLICT' });
        expect((await store.getUserCredentials('root'))?.role).toBe('admin');
      });

      it('sets a password, ends the sessions but keeps the tokens, and audits without the hash', async () => {
        await store.createUser({ name: 'ada', role: 'editor', passwordHash: 'old-hash' }, null);
        await store.createSession({ idHash: 's1', user: 'ada', expiresAt: later() });
        await store.createSession({ idHash: 's2', user: 'ada', expiresAt: later() });
        await store.createToken({ id: 't1', user: 'ada', label: '', tokenHash: 'th1' }, null);
        expect(await store.setUserPassword('ada', 'new-hash', 'root')).toEqual({ sessionsEnded: 2 });
        expect((await store.getUserCredentials('ada'))?.passwordHash).toBe('new-hash');
        expect(await store.getSessionUser('s1')).toBeNull();
        expect(await store.getSessionUser('s2')).toBeNull();
        expect(await store.getTokenUser('th1')).toMatchObject({ name: 'ada' });
        const audit = await store.listAudit({ targetId: 'ada', limit: 5, offset: 0 });
        expect(audit.entries[0]).toMatchObject({ user: 'root', action: 'user.password' });
        expect(JSON.stringify(audit)).not.toMatch(/hash/);
        await expect(store.setUserPassword('ghost', 'x', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('removes a user with their sessions and tokens; the audit trail keeps the name', async () => {
        await store.createUser({ name: 'root', role: 'admin', passwordHash: 'h' }, null);
        await store.createUser({ name: 'ada', role: 'editor', passwordHash: 'h' }, null);
        await store.createUser({ name: 'bob', role: 'reader', passwordHash: 'h' }, null);
        await store.createSession({ idHash: 's-ada', user: 'ada', expiresAt: later() });
        await store.createSession({ idHash: 's-bob', user: 'bob', expiresAt: later() });
        const token = await store.createToken({ id: 't-ada', user: 'ada', label: 'ci', tokenHash: 'th-ada' }, 'ada');
        await store.createToken({ id: 't-bob', user: 'bob', label: '', tokenHash: 'th-bob' }, null);
        const removed = await store.deleteUser('ada', 'root');
        expect(removed).toMatchObject({
          user: { name: 'ada', role: 'editor' },
          sessionsEnded: 1,
          tokensRevoked: [token],
        });
        expect(await store.getSessionUser('s-ada')).toBeNull();
        expect(await store.getTokenUser('th-ada')).toBeNull();
        expect(await store.getUserCredentials('ada')).toBeNull();
        expect(await store.listTokens()).toEqual([expect.objectContaining({ id: 't-bob' })]);
        expect(await store.getSessionUser('s-bob')).toMatchObject({ name: 'bob' });
        const audit = await store.listAudit({ limit: 10, offset: 0 });
        expect(audit.entries[0]).toMatchObject({
          user: 'root',
          action: 'user.delete',
          targetId: 'ada',
          before: { name: 'ada', role: 'editor' },
        });
        expect(
          audit.entries.find((entry) => entry.action === 'token.create' && entry.targetId === 't-ada'),
        ).toMatchObject({ user: 'ada' });
        expect(JSON.stringify(audit)).not.toContain('th-ada');
        await expect(store.deleteUser('ada', 'root')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(store.deleteUser('root', 'root')).rejects.toMatchObject({ code: 'CONFLICT' });
        expect((await store.listUsers()).map((user) => user.name)).toEqual(['bob', 'root']);
        // A new user of the same name starts with nothing of the old one.
        await store.createUser({ name: 'ada', role: 'reader', passwordHash: 'h2' }, 'root');
        expect(await store.listTokens('ada')).toEqual([]);
      });

      it('revokes a token by id in one audited step', async () => {
        await store.createUser({ name: 'bot', role: 'editor', passwordHash: 'h' }, null);
        const one = await store.createToken({ id: 'tok1', user: 'bot', label: 'ci', tokenHash: 'h1' }, null);
        await store.createToken({ id: 'tok2', user: 'bot', label: 'cd', tokenHash: 'h2' }, null);
        expect(await store.deleteToken('tok1', 'root')).toEqual(one);
        expect(await store.getTokenUser('h1')).toBeNull();
        expect(await store.getTokenUser('h2')).toMatchObject({ name: 'bot' });
        const [entry] = (await store.listAudit({ limit: 1, offset: 0 })).entries;
        expect(entry).toMatchObject({
          user: 'root',
          action: 'token.revoke',
          targetType: 'token',
          targetId: 'tok1',
          before: one,
          after: null,
        });
        expect(JSON.stringify(entry)).not.toContain('h1');
        const digest = await store.contentDigest();
        await expect(store.deleteToken('tok1', 'root')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await store.contentDigest()).toBe(digest);
      });
    });

    describe('facts and review', () => {
      it("reads a page of an actor's facts in a few statements, not one per fact", async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(kazakhstanProfile());
        const whole = await store.listFacts({ ...page, actor: 'uzbekistan' });
        const reader = (store as unknown as { reader: SqlRunner }).reader;
        const statements = vi.spyOn(reader, 'all');
        try {
          for (const order of ['position', 'uncertainty'] as const) {
            statements.mockClear();
            const again = await store.listFacts({ ...page, actor: 'uzbekistan', order });
            expect(again.facts.length).toBeGreaterThan(20);
            expect(new Set(again.facts.map((fact) => fact.id))).toEqual(new Set(whole.facts.map((fact) => fact.id)));
            // count, keys, one per kind of the page, the document's text, the sentences (100 facts a statement).
            expect(statements.mock.calls.length).toBeLessThanOrEqual(4 + 8 + Math.ceil(again.facts.length / 100));
          }
          statements.mockClear();
          const queue = await store.listFacts({ ...page, status: 'machine', order: 'uncertainty', limit: 40 });
          expect(queue.facts.length).toBeGreaterThan(20);
          expect(statements.mock.calls.length).toBeLessThanOrEqual(6 + 8 + 1);
        } finally {
          statements.mockRestore();
        }
        for (const fact of whole.facts.filter((one) => one.sentence))
          expect(fact.sentence!.start <= fact.start && fact.sentence!.end >= fact.end).toBe(true);
      });

      it('pages the queue in text order from its first documents: the same facts as every actor in turn', async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(kazakhstanProfile());
        await store.saveDocument(kazakhstanProfile({ revision: 1 }));
        await store.saveDocument(buildProfile({ ...uzbekistanSpec(), actor: { name: 'Tajikistan', country: 'TJK' } }));
        const rejected = (await store.listFacts({ ...page, actor: 'tajikistan', limit: 3 })).facts;
        for (const fact of rejected) await store.reviewFact(fact.id, { status: 'rejected' }, 'ada');
        for (const status of ['any', 'machine', 'rejected'] as const) {
          // Each actor's facts in text order (an actor's listing reads its own facts), actors in byte order.
          const expected: string[] = [];
          for (const actor of ['kazakhstan', 'tajikistan', 'uzbekistan'])
            for (const fact of (await store.listFacts({ ...page, status, actor, order: 'position' })).facts)
              expected.push(fact.id);
          const walked: string[] = [];
          let next: string | null | undefined;
          do {
            const one = await store.listFacts({
              ...page,
              status,
              order: 'position',
              limit: 7,
              after: next ?? undefined,
            });
            walked.push(...one.facts.map((fact) => fact.id));
            next = one.next;
          } while (next);
          expect(walked).toEqual(expected);
          const offset = await store.listFacts({ ...page, status, order: 'position', limit: 5, offset: 9 });
          expect(offset.facts.map((fact) => fact.id)).toEqual(expected.slice(9, 14));
          expect(offset.total).toBe(expected.length);
          // Limit 0: the total alone.
          for (const order of ['position', 'uncertainty'] as const)
            expect(await store.listFacts({ ...page, status, order, limit: 0 })).toEqual({
              total: expected.length,
              facts: [],
              next: null,
            });
        }
      });

      it('lists every extracted item of the latest versions with a stable id, its evidence and sentence', async () => {
        await store.saveDocument(uzbekistanProfile());
        const { total, facts } = await store.listFacts(page);
        const detail = (await store.getActor('uzbekistan'))!;
        const x = detail.extraction;
        expect(total).toBe(
          x.mentions.length +
            x.times.length +
            x.quantities.length +
            x.events.length +
            x.relations.length +
            1 +
            x.interests.length,
        );
        expect(new Set(facts.map((fact) => fact.id)).size).toBe(total);
        const railway = facts.find(
          (fact) => fact.kind === 'mention' && fact.payload.entity === 'trans-afghan-railway',
        )!;
        expect(railway.evidence).toBe('trans-Afghan railway');
        expect(railway.sentence?.text).toContain('trans-Afghan railway');
        expect(railway).toMatchObject({
          actor: 'uzbekistan',
          version: 1,
          latest: true,
          status: 'machine',
          origin: 'machine',
        });
        expect(await store.getFact(railway.id)).toEqual(railway);
        expect(await store.getFact('mention-999999-0')).toBeNull();
        expect(await store.getFact('nonsense')).toBeNull();
        const relations = await store.listFacts({ ...page, kind: 'relation', actor: 'uzbekistan' });
        expect(relations.facts.map((fact) => fact.payload.predicate)).toEqual(
          ['borders', 'interested_in', 'supplies'].sort(
            (a, b) =>
              x.relations.find((r) => r.predicate === a)!.evidence.start -
              x.relations.find((r) => r.predicate === b)!.evidence.start,
          ),
        );
        const second = await store.listFacts({ ...page, limit: 3, offset: 3 });
        expect(second.facts.map((fact) => fact.id)).toEqual(facts.slice(3, 6).map((fact) => fact.id));
      });

      it('pages the queue with a keyset cursor: lowest confidence first, each fact once', async () => {
        await store.saveDocument(uzbekistanProfile());
        const queue = { ...page, order: 'uncertainty' as const, limit: 500 };
        const whole = await store.listFacts(queue);
        expect(whole.next).toBeNull();
        const confidences = whole.facts.map((fact) => fact.confidence);
        expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
        expect(new Set(confidences).size).toBeGreaterThan(2);
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const next = await store.listFacts({ ...queue, limit: 7, after });
          expect(next.total).toBe(whole.total);
          expect(next.facts.length).toBeLessThanOrEqual(7);
          seen.push(...next.facts.map((fact) => fact.id));
          after = next.next ?? undefined;
        } while (after);
        expect(seen).toEqual(whole.facts.map((fact) => fact.id));
        const byOffset = await store.listFacts({ ...queue, limit: 5, offset: 5 });
        expect(byOffset.facts.map((fact) => fact.id)).toEqual(seen.slice(5, 10));
        await expect(store.listFacts({ ...queue, after: 'not-a-cursor' })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
        });
      });

      it('confirms, rejects and edits facts, audits each, and hides rejected facts from the extraction', async () => {
        await store.saveDocument(uzbekistanProfile());
        const relations = (await store.listFacts({ ...page, kind: 'relation' })).facts;
        const borders = relations.find((fact) => fact.payload.predicate === 'borders')!;
        const supplies = relations.find((fact) => fact.payload.predicate === 'supplies')!;
        const confirmed = await store.reviewFact(borders.id, { status: 'confirmed' }, 'ada');
        expect(confirmed).toMatchObject({ status: 'confirmed', reviewedBy: 'ada' });
        expect(confirmed.reviewedAt).toMatch(/^\d{4}-/);
        await store.reviewFact(supplies.id, { status: 'rejected' }, 'ada');
        const time = (await store.listFacts({ ...page, kind: 'time' })).facts[0]!;
        const edited = await store.reviewFact(
          time.id,
          { status: 'edited', payload: { ...time.payload, value: '2021-10-15' } },
          'bob',
        );
        expect(edited).toMatchObject({ status: 'edited', payload: { value: '2021-10-15' }, reviewedBy: 'bob' });

        const x = (await store.getActor('uzbekistan'))!.extraction;
        expect(x.relations.map((r) => r.predicate)).not.toContain('supplies');
        expect(x.times[0]!.value).toBe('2021-10-15');
        expect(
          (await store.listFacts({ ...page, status: 'machine', kind: 'relation' })).facts.map(
            (f) => f.payload.predicate,
          ),
        ).toEqual(['interested_in']);
        const audit = await store.listAudit({ user: 'ada', limit: 10, offset: 0 });
        expect(audit.entries.map((entry) => entry.action)).toEqual(['fact.reject', 'fact.confirm']);
        const edit = (await store.listAudit({ targetId: time.id, limit: 10, offset: 0 })).entries[0]!;
        expect(edit).toMatchObject({ action: 'fact.edit', user: 'bob', targetType: 'fact' });
        expect((edit.before as { payload: { value: string } }).payload.value).toBe('2021-10');
        expect((edit.after as { payload: { value: string } }).payload.value).toBe('2021-10-15');
        await expect(store.reviewFact('relation-999999-0', { status: 'confirmed' }, 'ada')).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      });

      it('re-points a mention to another entity and refuses an unknown entity without changing anything', async () => {
        await store.saveDocument(uzbekistanProfile());
        const mention = (await store.listFacts({ ...page, kind: 'mention' })).facts.find(
          (fact) => fact.payload.entity === 'termez',
        )!;
        const before = await store.contentDigest();
        await expect(
          store.reviewFact(mention.id, { status: 'edited', payload: { ...mention.payload, entity: 'no-such' } }, 'ada'),
        ).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect(await store.contentDigest()).toBe(before);
        await store.reviewFact(
          mention.id,
          { status: 'edited', payload: { ...mention.payload, entity: 'tashkent' } },
          'ada',
        );
        expect((await store.getEntity('tashkent'))!.mentions.some((m) => m.start === mention.start)).toBe(true);
      });

      it('adds facts on selected words, creating a new entity when asked', async () => {
        await store.saveDocument(kazakhstanProfile());
        const text = (await store.getDocument('kazakhstan'))!.text;
        const start = text.indexOf('grain exports');
        const fact = await store.addFact(
          {
            actorId: 'kazakhstan',
            kind: 'mention',
            start,
            end: start + 5,
            payload: { text: 'grain', type: 'project', entity: 'kazakh-grain', country: 'KAZ' },
            newEntity: { id: 'kazakh-grain', type: 'project', name: 'Kazakh grain', country: 'KAZ', wikidata: null },
          },
          'ada',
        );
        expect(fact).toMatchObject({
          kind: 'mention',
          origin: 'human',
          status: 'confirmed',
          evidence: 'grain',
          reviewedBy: 'ada',
        });
        expect((await store.getEntity('kazakh-grain'))!.mentions).toHaveLength(1);
        const relation = await store.addFact(
          {
            actorId: 'kazakhstan',
            kind: 'relation',
            start,
            end: start + 13,
            payload: { subject: 'KAZ', predicate: 'supplies', object: 'kazakh-grain', negated: false },
          },
          'ada',
        );
        expect((await store.getActor('kazakhstan'))!.extraction.relations.at(-1)).toEqual({
          subject: 'KAZ',
          predicate: 'supplies',
          object: 'kazakh-grain',
          negated: false,
          evidence: { start: relation.start, end: relation.end },
          // A fact added by hand holds at the time of writing until someone gives it a time.
          valid: null,
          current: true,
        });
        await expect(
          store.addFact(
            {
              actorId: 'kazakhstan',
              kind: 'time',
              start: 0,
              end: text.length + 1,
              payload: { text: 'x', value: '2021' },
            },
            'ada',
          ),
        ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        await expect(
          store.addFact(
            { actorId: 'nobody', kind: 'time', start: 0, end: 1, payload: { text: 'x', value: '2021' } },
            'ada',
          ),
        ).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect(
          (await store.listAudit({ limit: 10, offset: 0 })).entries.map((entry) => entry.action).slice(0, 3),
        ).toEqual(['fact.add', 'fact.add', 'entity.create']);
      });

      it('carries human decisions to a new version on unchanged sentences', async () => {
        await store.saveDocument(uzbekistanProfile());
        const facts = (await store.listFacts(page)).facts;
        const borders = facts.find((fact) => fact.kind === 'relation' && fact.payload.predicate === 'borders')!;
        const supplies = facts.find((fact) => fact.kind === 'relation' && fact.payload.predicate === 'supplies')!;
        const time = facts.find((fact) => fact.kind === 'time')!;
        await store.reviewFact(borders.id, { status: 'confirmed' }, 'ada');
        await store.reviewFact(supplies.id, { status: 'rejected' }, 'ada');
        await store.reviewFact(time.id, { status: 'edited', payload: { ...time.payload, value: '2021-10-15' } }, 'bob');
        const text = (await store.getDocument('uzbekistan'))!.text;
        const start = text.indexOf('long-term route');
        await store.addFact(
          { actorId: 'uzbekistan', kind: 'time', start, end: start + 9, payload: { text: 'long-term', value: '2030' } },
          'ada',
        );

        expect((await store.saveDocument({ ...uzbekistanProfile({ revision: 1 }), savedBy: 'ada' })).version).toBe(2);
        const next = (await store.listFacts(page)).facts;
        expect(next.every((fact) => fact.version === 2)).toBe(true);
        const status = (kind: string, test: (fact: (typeof next)[number]) => boolean) =>
          next.filter((fact) => fact.kind === kind && test(fact)).map((f) => f.status);
        expect(status('relation', (f) => f.payload.predicate === 'borders')).toEqual(['confirmed']);
        expect(status('relation', (f) => f.payload.predicate === 'supplies')).toEqual(['rejected']);
        expect(
          next.filter((f) => f.kind === 'time').map((f) => [f.payload.value, f.status, f.origin, f.reviewedBy]),
        ).toEqual([
          ['2021-10-15', 'edited', 'machine', 'bob'],
          ['2030', 'confirmed', 'human', 'ada'],
        ]);
        expect(status('relation', (f) => f.payload.predicate === 'interested_in')).toEqual(['machine']);
        // Version 1 keeps its own decisions; the rejected relation stays out of version 2's extraction.
        expect((await store.listFacts({ ...page, version: 1, kind: 'relation', status: 'rejected' })).total).toBe(1);
        expect((await store.getActor('uzbekistan'))!.extraction.relations.map((r) => r.predicate)).not.toContain(
          'supplies',
        );
        expect((await store.listAudit({ targetType: 'actor', limit: 5, offset: 0 })).entries[0]).toMatchObject({
          action: 'document.save',
          user: 'ada',
          targetId: 'uzbekistan',
        });
        expect((await store.listVersions('uzbekistan')).map((v) => v.version)).toEqual([1, 2]);
        expect((await store.getDocument('uzbekistan', 1))!.text).toBe(text);
      });
    });

    describe('confidence, the rule of exact country names, bulk review', () => {
      it('confirms exact country names by rule at save, lists them, and keeps an undo in later versions', async () => {
        await store.saveDocument(uzbekistanProfile());
        const byRule = (await store.listFacts({ ...page, reviewedBy: 'rule:exact-country' })).facts;
        expect(byRule.length).toBeGreaterThan(0);
        expect(
          new Set(
            byRule.map((fact) => [fact.kind, fact.payload.type, fact.status, fact.origin, fact.confidence].join(' ')),
          ),
        ).toEqual(new Set(['mention country confirmed machine 0.99']));
        expect(new Set(byRule.map((fact) => fact.evidence))).toEqual(new Set(['Uzbekistan', 'Uzbek', 'Afghanistan']));
        const queue = (await store.listFacts({ ...page, status: 'machine', order: 'uncertainty' })).facts;
        expect(queue.some((fact) => fact.kind === 'mention' && fact.payload.type === 'country')).toBe(false);
        expect(queue.find((fact) => fact.evidence === 'Tashkent')).toMatchObject({
          status: 'machine',
          reviewedBy: null,
        });
        const confidences = queue.map((fact) => fact.confidence);
        expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
        expect(queue.find((fact) => fact.kind === 'relation')!.confidence).toBeLessThan(
          queue.find((fact) => fact.evidence === 'Tashkent')!.confidence,
        );

        const afghanistan = byRule.filter((fact) => fact.evidence === 'Afghanistan').map((fact) => fact.id);
        const undone = await store.reviewFacts(afghanistan, { status: 'machine' }, 'ada');
        expect(undone.map((fact) => [fact.status, fact.reviewedBy])).toEqual(afghanistan.map(() => ['machine', 'ada']));
        await store.saveDocument({ ...uzbekistanProfile({ revision: 1 }), savedBy: 'ada' });
        const next = (await store.listFacts({ ...page, kind: 'mention' })).facts.filter(
          (fact) => fact.payload.type === 'country',
        );
        expect(next.every((fact) => fact.version === 2)).toBe(true);
        expect(
          new Set(
            next.filter((fact) => fact.evidence === 'Afghanistan').map((fact) => `${fact.status} ${fact.reviewedBy}`),
          ),
        ).toEqual(new Set(['machine ada']));
        expect(
          new Set(
            next.filter((fact) => fact.evidence !== 'Afghanistan').map((fact) => `${fact.status} ${fact.reviewedBy}`),
          ),
        ).toEqual(new Set(['confirmed rule:exact-country']));
      });

      it(
        'applies the rule decisions of a save to facts still machine, lists them by rule, and keeps a person’s ' +
          'decision and an undo in later versions',
        async () => {
          const decisionsFor = (input: SaveDocumentInput): RuleDecision[] => [
            ...input.extraction.mentions.flatMap((mention, index) =>
              // "trans-Afghan railway" does not name its entity exactly ("Trans-Afghan railway"): the store leaves it,
              // whatever core decided.
              mention.text === 'Tashkent' || mention.text === 'trans-Afghan railway'
                ? [{ kind: 'mention' as const, index, rule: 'rule:exact-gazetteer' }]
                : [],
            ),
            ...input.extraction.times.map((_, index) => ({ kind: 'time' as const, index, rule: 'rule:explicit-date' })),
          ];
          const first = uzbekistanProfile();
          await expect(
            store.saveDocument({
              ...first,
              ruleDecisions: [
                { kind: 'mention', index: first.extraction.mentions.length, rule: 'rule:exact-gazetteer' },
              ],
            }),
          ).rejects.toMatchObject({
            code: 'BAD_REQUEST',
          });
          await expect(
            store.saveDocument({ ...first, ruleDecisions: [{ kind: 'time', index: 0, rule: 'ada' }] }),
          ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
          expect(await store.listActors()).toEqual([]);

          await store.saveDocument({ ...first, ruleDecisions: decisionsFor(first) });
          const tashkents = first.extraction.mentions.filter((mention) => mention.text === 'Tashkent').length;
          const byGazetteer = (
            await store.listFacts({ ...page, status: 'confirmed', reviewedBy: 'rule:exact-gazetteer' })
          ).facts;
          expect(byGazetteer.map((fact) => [fact.kind, fact.evidence, fact.status, fact.origin])).toEqual(
            Array.from({ length: tashkents }, () => ['mention', 'Tashkent', 'confirmed', 'machine']),
          );
          const byDate = (await store.listFacts({ ...page, status: 'confirmed', reviewedBy: 'rule:explicit-date' }))
            .facts;
          expect(byDate.map((fact) => [fact.kind, fact.evidence, fact.payload.value])).toEqual([
            ['time', 'October 2021', '2021-10'],
          ]);
          const queue = (await store.listFacts({ ...page, status: 'machine', order: 'uncertainty' })).facts;
          expect(queue.some((fact) => fact.evidence === 'Tashkent' || fact.kind === 'time')).toBe(false);
          expect(
            queue.filter((fact) => fact.evidence === 'trans-Afghan railway').map((fact) => fact.reviewedBy),
          ).toEqual([null, null]);
          const all = (await store.listFacts(page)).total;
          expect(
            queue.length +
              byGazetteer.length +
              byDate.length +
              (await store.listFacts({ ...page, status: 'confirmed', reviewedBy: 'rule:exact-country' })).total,
          ).toBe(all);

          // A person rejects one rule decision and undoes another (back to the queue, the reviewer kept).
          const rejected = byGazetteer[0]!;
          await store.reviewFact(rejected.id, { status: 'rejected' }, 'ada');
          const [undone] = await store.reviewFacts([byDate[0]!.id], { status: 'machine' }, 'ada');
          expect(undone).toMatchObject({ status: 'machine', reviewedBy: 'ada' });
          expect(
            (await store.listFacts({ ...page, status: 'confirmed', reviewedBy: 'rule:explicit-date' })).total,
          ).toBe(0);

          const second = uzbekistanProfile({ revision: 1 });
          await store.saveDocument({ ...second, savedBy: 'ada', ruleDecisions: decisionsFor(second) });
          const next = (await store.listFacts(page)).facts;
          expect(next.every((fact) => fact.version === 2)).toBe(true);
          expect(next.filter((fact) => fact.kind === 'time').map((fact) => [fact.status, fact.reviewedBy])).toEqual([
            ['machine', 'ada'],
          ]);
          const tashkentsNext = next
            .filter((fact) => fact.evidence === 'Tashkent')
            .map((fact) => `${fact.status} ${fact.reviewedBy}`);
          expect(tashkentsNext).toHaveLength(tashkents + 1);
          expect(tashkentsNext.filter((line) => line === 'rejected ada')).toHaveLength(1);
          expect(tashkentsNext.filter((line) => line === 'confirmed rule:exact-gazetteer')).toHaveLength(tashkents);
          expect(
            (await store.listFacts({ ...page, status: 'confirmed', reviewedBy: 'rule:exact-gazetteer' })).total,
          ).toBe(tashkents);
        },
      );

      it(
        'keeps the time a relation holds (valid, current) as an ' +
          'editor sets it, with the change in the audit trail',
        async () => {
          await store.saveDocument(uzbekistanProfile());
          const borders = (await store.listFacts({ ...page, kind: 'relation' })).facts.find(
            (fact) => fact.payload.predicate === 'borders',
          )!;
          expect(borders.payload).toMatchObject({ valid: null, current: true });
          const edited = await store.reviewFact(
            borders.id,
            { status: 'edited', payload: { ...borders.payload, valid: '1991/..', current: false } },
            'ada',
          );
          expect(edited.payload).toMatchObject({ predicate: 'borders', valid: '1991/..', current: false });
          const relation = (await store.getActor('uzbekistan'))!.extraction.relations.find(
            (r) => r.predicate === 'borders',
          )!;
          expect(relation).toMatchObject({ valid: '1991/..', current: false });
          const [entry] = (await store.listAudit({ targetId: borders.id, limit: 1, offset: 0 })).entries;
          expect(entry).toMatchObject({ action: 'fact.edit', user: 'ada' });
          expect((entry!.before as { payload: Record<string, unknown> }).payload).toMatchObject({
            valid: null,
            current: true,
          });
          expect((entry!.after as { payload: Record<string, unknown> }).payload).toMatchObject({
            valid: '1991/..',
            current: false,
          });
          // Unknown (null) is kept as the extraction keeps a relation the text gives no end: current.
          const unknown = await store.reviewFact(
            borders.id,
            { status: 'edited', payload: { ...edited.payload, valid: null, current: null } },
            'ada',
          );
          expect(unknown.payload).toMatchObject({ valid: null, current: true });
          // An edited relation is carried to a new version with its time.
          await store.reviewFact(
            borders.id,
            { status: 'edited', payload: { ...edited.payload, valid: '1991', current: false } },
            'ada',
          );
          await store.saveDocument(uzbekistanProfile({ revision: 1 }));
          const carried = (await store.listFacts({ ...page, kind: 'relation' })).facts.find(
            (fact) => fact.payload.predicate === 'borders',
          )!;
          expect(carried).toMatchObject({ version: 2, status: 'edited', payload: { valid: '1991', current: false } });
        },
      );

      it('reviews a selection in one audited transaction, and writes nothing when one fact is missing', async () => {
        await store.saveDocument(uzbekistanProfile());
        const facts = (await store.listFacts({ ...page, status: 'machine' })).facts;
        const relations = facts.filter((fact) => fact.kind === 'relation').map((fact) => fact.id);
        const confirmed = await store.reviewFacts(relations, { status: 'confirmed' }, 'ada');
        expect(confirmed.map((fact) => [fact.id, fact.status, fact.reviewedBy])).toEqual(
          relations.map((id) => [id, 'confirmed', 'ada']),
        );
        const audit = await store.listAudit({ user: 'ada', limit: 50, offset: 0 });
        expect(
          audit.entries
            .filter((entry) => entry.action === 'fact.confirm')
            .map((entry) => entry.targetId)
            .sort(),
        ).toEqual([...relations].sort());
        const time = facts.find((fact) => fact.kind === 'time')!;
        await expect(
          store.reviewFacts([time.id, 'mention-999999-0'], { status: 'rejected' }, 'bob'),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await store.getFact(time.id))!.status).toBe('machine');
        expect((await store.listAudit({ user: 'bob', limit: 5, offset: 0 })).total).toBe(0);
      });

      it('lists entities by name, filtered by type, country and words, keyset-paginated', async () => {
        await store.saveDocument(uzbekistanProfile());
        await store.saveDocument(kazakhstanProfile());
        const all: string[] = [];
        let after: { name: string; id: string } | undefined;
        for (let pages = 0; pages < 50; pages++) {
          const listed = await store.listEntities({ limit: 2, after });
          expect(listed.entities.length).toBeLessThanOrEqual(2);
          all.push(...listed.entities.map((entity) => entity.name));
          if (!listed.next) break;
          after = listed.next;
        }
        const whole = (await store.listEntities({ limit: 200 })).entities.map((entity) => entity.name);
        expect(all).toEqual(whole);
        expect(whole.length).toBeGreaterThan(5);
        expect(
          new Set((await store.listEntities({ limit: 200, type: 'country' })).entities.map((entity) => entity.type)),
        ).toEqual(new Set(['country']));
        expect((await store.listEntities({ limit: 200, country: 'UZB' })).entities.map((entity) => entity.id)).toEqual([
          'tashkent',
          'termez',
          'UZB',
        ]);
        expect((await store.listEntities({ limit: 200, q: 'nur-sul' })).entities.map((entity) => entity.id)).toEqual([
          'astana',
        ]);
        expect((await store.listEntities({ limit: 200, q: 'KABU' })).entities.map((entity) => entity.id)).toEqual([
          'kabul',
        ]);
        expect((await store.listEntities({ limit: 200, q: '%' })).entities).toEqual([]);
      });
    });

    describe('entities', () => {
      it('keeps an editor’s entity data when a profile is saved again', async () => {
        await store.saveDocument(uzbekistanProfile());
        const updated = await store.updateEntity(
          'termez',
          { aliases: ['Termiz', 'Termiz', 'Термез'], wikidata: 'Q208599', name: 'Termez city' },
          'ada',
        );
        expect(updated).toMatchObject({ name: 'Termez city', wikidata: 'Q208599', aliases: ['Termiz', 'Термез'] });
        await store.saveDocument(uzbekistanProfile({ revision: 1 }));
        expect((await store.getEntity('termez'))!.entity).toEqual(updated);
        await expect(store.updateEntity('nope', { name: 'x' }, 'ada')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect((await store.listAudit({ targetId: 'termez', limit: 5, offset: 0 })).entries[0]).toMatchObject({
          action: 'entity.update',
          user: 'ada',
        });
      });

      it(
        'merges an entity into another, re-pointing mentions, ' + 'relations and events, also in later versions',
        async () => {
          await store.saveDocument(uzbekistanProfile());
          await store.saveDocument(kazakhstanProfile());
          const kabulMentions = (await store.getEntity('kabul'))!.mentions.length;
          const tashkentMentions = (await store.getEntity('tashkent'))!.mentions.length;
          const result = await store.mergeEntities('kabul', 'tashkent', 'ada');
          expect(result.mentionsMoved).toBe(kabulMentions);
          expect(result.entity.aliases).toContain('Kabul');
          expect(await store.getEntity('kabul')).toBeNull();
          expect((await store.getEntity('tashkent'))!.mentions).toHaveLength(kabulMentions + tashkentMentions);
          await store.saveDocument(uzbekistanProfile({ revision: 2 }));
          const x = (await store.getActor('uzbekistan'))!.extraction;
          expect(x.mentions.some((m) => m.entity === 'kabul')).toBe(false);
          expect(x.entities.some((e) => e.id === 'kabul')).toBe(false);
          expect(await store.getEntity('kabul')).toBeNull();
          await expect(store.mergeEntities('tashkent', 'tashkent', 'ada')).rejects.toMatchObject({
            code: 'BAD_REQUEST',
          });
          await expect(store.mergeEntities('kabul', 'tashkent', 'ada')).rejects.toMatchObject({ code: 'NOT_FOUND' });
        },
      );
    });

    describe('digest', () => {
      it('changes with any write and not with reads', async () => {
        const empty = await store.contentDigest();
        expect(empty).toMatch(/^[0-9a-f]{64}$/);
        await store.saveDocument(uzbekistanProfile());
        const saved = await store.contentDigest();
        expect(saved).not.toBe(empty);
        await store.listFacts(page);
        await store.getActor('uzbekistan');
        expect(await store.contentDigest()).toBe(saved);
        const fact = (await store.listFacts(page)).facts[0]!;
        await store.reviewFact(fact.id, { status: 'confirmed' }, 'ada');
        expect(await store.contentDigest()).not.toBe(saved);
      });
    });
  });
}
