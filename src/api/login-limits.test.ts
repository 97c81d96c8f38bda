// Login limits through the API (SQLite; the limiter does not depend on the store): per user name,
// per client address and global, exponential backoff that grows and resets, trusted proxies as an
// explicit list (spoofed X-Forwarded-For ignored, a trusted hop honoured), device cookies that let
// the legitimate user in while an attacker hammers the account, parallel guesses counted, and the
// limiter's memory bounded.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, type Role } from '../model/index.js';
import type { Dossier } from '../core/index.js';
import { deviceCookieName } from './auth/auth.js';
import { LoginLimiter, defaultLoginLimits } from './login-limiter.js';
import { buildServer, type ServerOptions } from './server.js';
import { backends, password, populate, type Person } from './test-support/security-fixture.js';
import { clientKeyOf, parseTrustedProxies, trustedProxiesOf } from './trusted-proxies.js';

const [sqlite] = await backends();

/** A clock the test moves by hand. */
const manualClock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

/**
 * Small thresholds keep the tests quick (every counted failure costs an argon2 verification):
 * 3 failures per user name, 6 per client address, 12 globally, 4 per device.
 */
const small: ServerOptions['loginLimits'] = {
  perUser: { threshold: 3, baseDelayMs: 15_000, maxDelayMs: 900_000 },
  perClient: { threshold: 6, baseDelayMs: 15_000, maxDelayMs: 900_000 },
  global: { threshold: 12, baseDelayMs: 5_000, maxDelayMs: 300_000 },
  perDevice: { threshold: 4, baseDelayMs: 15_000, maxDelayMs: 900_000 },
};

const retryAfterOf = (response: LightMyRequestResponse) => Number(response.headers['retry-after']);

const expectRateLimited = (response: LightMyRequestResponse, label = '') => {
  expect(response.statusCode, `${label} ${response.body}`).toBe(429);
  expect(ErrorEnvelopeSchema.parse(response.json()).error.code).toBe('RATE_LIMITED');
  expect(retryAfterOf(response)).toBeGreaterThan(0);
};

describe('login limits', () => {
  let dossier: Dossier;
  let dispose: () => Promise<void>;
  let people: Record<Role, Person>;
  const servers: FastifyInstance[] = [];

  beforeAll(async () => {
    ({ dossier, dispose } = await sqlite!.open());
    people = await populate(dossier);
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
    await dispose?.();
  });

  const server = async (options: ServerOptions = {}) => {
    const app = await buildServer(dossier, { webRoot: null, ...options });
    servers.push(app);
    return app;
  };

  const login = (
    app: FastifyInstance,
    username: string,
    options: {
      password?: string;
      ip?: string;
      headers?: Record<string, string>;
      cookies?: Record<string, string>;
    } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: options.password ?? 'wrong password' },
      remoteAddress: options.ip ?? '203.0.113.1',
      headers: options.headers,
      cookies: options.cookies,
    });

  it('stops one user name tried from 20 addresses (default limits)', async () => {
    const app = await server();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await login(app, people.editor.name, { ip: `198.51.100.${i + 1}` })).statusCode);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));
    expectRateLimited(await login(app, people.editor.name, { ip: '192.0.2.77' }));
  }, 120_000);

  it('stops 60 user names tried from one address, and not another address', async () => {
    const app = await server({ loginLimits: small });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await login(app, `sprayed-${i}`, { ip: '198.51.100.200' })).statusCode);
    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(statuses.slice(6)).toEqual(Array(54).fill(429));
    expect((await login(app, 'sprayed-61', { ip: '198.51.100.201' })).statusCode).toBe(401);
  }, 120_000);

  it('has defaults that stop 20 addresses × 1 user and 1 address × 60 users', () => {
    const limiter = new LoginLimiter(defaultLoginLimits());
    const oneUser = Array.from(
      { length: 20 },
      (_, i) => limiter.begin({ client: `198.51.100.${i}`, user: 'editor1' }).allowed,
    );
    expect(oneUser.filter(Boolean)).toHaveLength(5);
    const oneAddress = Array.from(
      { length: 60 },
      (_, i) => limiter.begin({ client: '192.0.2.1', user: `name-${i}` }).allowed,
    );
    expect(oneAddress.filter(Boolean)).toHaveLength(20);
    const everywhere = Array.from({ length: 400 }, (_, i) => limiter.begin({ client: `c${i}`, user: `u${i}` }).allowed);
    expect(everywhere.filter(Boolean).length).toBeLessThanOrEqual(200);
  });

  it('stops a distributed spray with the global limit', async () => {
    const app = await server({ loginLimits: small });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await login(app, `global-${i}`, { ip: `192.0.2.${i + 1}` })).statusCode);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401));
    expect(statuses.slice(12)).toEqual(Array(8).fill(429));
  }, 120_000);

  it('treats an IPv6 /64 as one client and IPv4-mapped addresses as IPv4', async () => {
    expect(clientKeyOf('2001:db8:1:2:aaaa::1')).toBe(clientKeyOf('2001:db8:1:2:bbbb::9'));
    expect(clientKeyOf('2001:db8:1:3::1')).not.toBe(clientKeyOf('2001:db8:1:2::1'));
    expect(clientKeyOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKeyOf('not an address')).toBe('raw:not an address');
    const app = await server({ loginLimits: small });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await login(app, `v6-${i}`, { ip: `2001:db8:5:6::${(i + 1).toString(16)}` })).statusCode);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  }, 120_000);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    for (const options of [
      { loginLimits: small },
      { loginLimits: small, trustProxy: ['10.0.0.0/8'] },
    ] satisfies ServerOptions[]) {
      const app = await server(options);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const spoofed = { 'x-forwarded-for': `100.64.${i}.${i + 1}`, 'x-forwarded-proto': 'https' };
        const response = await login(app, `spoof-${i}`, { ip: '198.51.100.50', headers: spoofed });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 6), JSON.stringify(options)).toEqual(Array(6).fill(401));
      expect(statuses.slice(6), JSON.stringify(options)).toEqual(Array(4).fill(429));
    }
  }, 120_000);

  it('honours the hop of a trusted proxy, and only the first untrusted hop from the right', async () => {
    const app = await server({
      trustProxy: ['10.0.0.0/8', '192.168.1.1'],
      loginLimits: { ...small, global: { threshold: 100, baseDelayMs: 5_000, maxDelayMs: 5_000 } },
    });
    // Different clients behind the proxy are different clients.
    for (let i = 0; i < 9; i++) {
      const response = await login(app, `behind-${i}`, {
        ip: '10.1.2.3',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      expect(response.statusCode, `client ${i}`).toBe(401);
    }
    // One client behind two trusted hops, prepending spoofed addresses of its choice, is one client.
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const chain = `${i}.${i}.${i}.${i}, 203.0.113.99, 192.168.1.1`;
      statuses.push(
        (await login(app, `chain-${i}`, { ip: '10.9.9.9', headers: { 'x-forwarded-for': chain } })).statusCode,
      );
    }
    expect(statuses).toEqual([...Array(6).fill(401), ...Array(3).fill(429)]);
    // X-Forwarded-Proto counts from a trusted peer only (Secure cookie).
    const https = await login(app, people.reader.name, {
      password,
      ip: '10.0.0.1',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' },
    });
    expect(https.cookies.find((cookie) => cookie.name === 'dossier_session')?.secure).toBe(true);
    const plain = await login(app, people.reader.name, {
      password,
      ip: '198.51.100.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.cookies.find((cookie) => cookie.name === 'dossier_session')?.secure).toBeFalsy();
  }, 120_000);

  it('reads DOSSIER_TRUSTED_PROXIES, keeps DOSSIER_TRUST_PROXY=1 as loopback only, and refuses a bad entry', () => {
    expect(trustedProxiesOf(undefined, { DOSSIER_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1 ::1' })).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    expect(trustedProxiesOf(undefined, { DOSSIER_TRUST_PROXY: '1' })).toEqual(['127.0.0.0/8', '::1/128']);
    expect(trustedProxiesOf(undefined, { DOSSIER_TRUSTED_PROXIES: '192.0.2.1', DOSSIER_TRUST_PROXY: '1' })).toEqual([
      '192.0.2.1',
    ]);
    expect(trustedProxiesOf(undefined, {})).toEqual([]);
    expect(trustedProxiesOf(true, {})).toEqual(['127.0.0.0/8', '::1/128']);
    expect(() => parseTrustedProxies('10.0.0.0/8,evil.example.com')).toThrow(/evil\.example\.com/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
  }, 120_000);

  it('lets the user with a device cookie in while an attacker hammers the same account', async () => {
    const app = await server({ loginLimits: small });
    const first = await login(app, people.editor.name, { password, ip: '198.51.100.10' });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((cookie) => cookie.name === deviceCookieName)!;
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });

    // The attacker: many addresses including the user's own (a shared NAT), enough to trip the
    // per-user, per-address and global limits.
    const attacker: number[] = [];
    for (let i = 0; i < 24; i++)
      attacker.push(
        (
          await login(app, i % 3 === 0 ? people.editor.name : `victim-spray-${i}`, {
            ip: i % 2 ? '198.51.100.10' : `192.0.2.${i}`,
          })
        ).statusCode,
      );
    expect(attacker.filter((status) => status === 401)).toHaveLength(12);
    expect(attacker.filter((status) => status === 429)).toHaveLength(12);
    expectRateLimited(
      await login(app, people.editor.name, { password, ip: '203.0.113.200' }),
      'a new device with the right password',
    );

    // The legitimate browser, from the blocked shared address: in.
    const legit = await login(app, people.editor.name, {
      password,
      ip: '198.51.100.10',
      cookies: { [deviceCookieName]: device.value },
    });
    expect(legit.statusCode, legit.body).toBe(200);
    // A tampered cookie, or the cookie for another user, gives nothing.
    const tampered = `${device.value.slice(0, -2)}xx`;
    expectRateLimited(
      await login(app, people.editor.name, {
        password,
        ip: '198.51.100.10',
        cookies: { [deviceCookieName]: tampered },
      }),
    );
    const otherUser = await login(app, people.admin.name, {
      password,
      ip: '198.51.100.10',
      cookies: { [deviceCookieName]: device.value },
    });
    expectRateLimited(otherUser, 'the device cookie of editor1 for admin1');
    // The device's own failures are limited on their own.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await login(app, people.editor.name, { ip: '198.51.100.10', cookies: { [deviceCookieName]: device.value } }))
          .statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  }, 120_000);

  it('doubles the wait at every failure past the threshold, and a success resets the user', async () => {
    const clock = manualClock();
    const app = await server({ loginLimits: { ...small, now: clock.now } });
    // A new address for every attempt: only the per-user counter is at work here.
    let address = 0;
    const attempt = (options: { password?: string } = {}) =>
      login(app, people.reader.name, { ...options, ip: `192.0.2.${++address}` });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const waits: number[] = [];
    for (let step = 0; step < 4; step++) {
      const refused = await attempt({ password });
      expectRateLimited(refused, `step ${step}`);
      waits.push(retryAfterOf(refused));
      clock.advance(retryAfterOf(refused) * 1000);
      if (step < 3) expect((await attempt()).statusCode).toBe(401);
    }
    expect(waits).toEqual([15, 30, 60, 120]);
    // The wait is over: the right password gets in and the counter starts again.
    expect((await attempt({ password })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt()).statusCode).toBe(401);
    expect((await attempt({ password })).statusCode).toBe(200);
  }, 120_000);

  it('caps the wait and forgets a quiet counter', () => {
    const clock = manualClock();
    const limiter = new LoginLimiter({ ...defaultLoginLimits(2), now: clock.now });
    const keys = { client: '192.0.2.1', user: 'someone' };
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      let attempt = limiter.begin(keys);
      if (!attempt.allowed) {
        waits.push(attempt.retryAfterMs);
        clock.advance(attempt.retryAfterMs);
        attempt = limiter.begin(keys);
      }
      expect(attempt.allowed).toBe(true);
    }
    expect(Math.max(...waits)).toBe(limiter.settings.perUser.maxDelayMs);
    clock.advance(limiter.settings.perUser.maxDelayMs + limiter.settings.forgetAfterMs);
    expect(limiter.begin(keys).allowed).toBe(true);
    expect(limiter.begin(keys).allowed).toBe(true);
    expect(limiter.begin(keys)).toMatchObject({
      allowed: false,
      retryAfterMs: limiter.settings.perUser.baseDelayMs,
      scope: 'user',
    });
  }, 120_000);

  it('counts parallel guesses before they finish', async () => {
    const app = await server({ loginLimits: small });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(app, people.admin.name, { ip: `192.0.2.${100 + i}` })),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
  }, 120_000);

  it('keeps its memory bounded while names and addresses are sprayed', () => {
    const clock = manualClock();
    const limiter = new LoginLimiter({
      ...defaultLoginLimits(),
      maxEntries: 500,
      perClient: { threshold: 1e9, baseDelayMs: 1, maxDelayMs: 1 },
      global: { threshold: 1e9, baseDelayMs: 1, maxDelayMs: 1 },
      now: clock.now,
    });
    for (let i = 0; i < 50_000; i++) {
      const attempt = limiter.begin({ client: `c${i}`, user: `name-${i}` });
      expect(attempt.allowed).toBe(true);
      if (i % 1000 === 0) clock.advance(1);
    }
    expect(limiter.size.users).toBeLessThanOrEqual(500);
    expect(limiter.size.clients).toBeLessThanOrEqual(500);
    // Quiet counters are swept as new ones come.
    clock.advance(limiter.settings.forgetAfterMs + 1);
    limiter.begin({ client: 'late', user: 'late' });
    expect(limiter.size.users).toBe(1);
  }, 120_000);
});
