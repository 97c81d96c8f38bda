// Class 5 of the battery, login abuse against the real server: 20 client addresses × 1 user
// (real loopback addresses 127.0.x.y, and spoofed X-Forwarded-For from one untrusted peer),
// 1 address × 60 users (plain and with a different spoofed X-Forwarded-For each time), and a
// slow brute force that waits out every Retry-After. Survived = the attacker is limited (few
// passwords actually checked; refusals are 429 envelopes with Retry-After) while the legitimate
// users, holding the device cookie of an earlier sign-in, still get in with their correct
// password — from their own address and from the attacker's.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorEnvelopeSchema } from '../src/model/index.js';
import { ClassResult, replayHint, type BatteryOptions } from './battery-support.js';
import { startBatteryServer, type BatteryServer } from './battery-server.js';
import { cookieHeader, cookieString, jsonOf, send, type RawResponse } from './raw-http.js';

interface AttemptLog {
  /** Answers other than 429: the password was checked. */
  checked: number;
  limited: number;
  problems: string[];
}

async function attempt(
  server: BatteryServer,
  user: string,
  password: string,
  from: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(server.port, {
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: user, password }),
    localAddress: from,
  });
}

function judge(response: RawResponse, log: AttemptLog): void {
  if (response.status === 429) {
    log.limited++;
    if (!response.headers['retry-after']) log.problems.push('429 without Retry-After');
    const body = ErrorEnvelopeSchema.safeParse(jsonOf(response));
    if (!body.success || body.data.error.code !== 'RATE_LIMITED')
      log.problems.push(`429 body is not a RATE_LIMITED envelope: ${response.body.toString('utf8').slice(0, 120)}`);
  } else if (response.status === 401) log.checked++;
  else
    log.problems.push(`a wrong password answered ${response.status}: ${response.body.toString('utf8').slice(0, 120)}`);
}

const verdict = (log: AttemptLog, allowedChecks: number, tried: number): string | null => {
  const problems = [...new Set(log.problems)].slice(0, 3);
  if (log.checked > allowedChecks)
    problems.unshift(
      `not limited: ${log.checked} of ${tried} wrong passwords were checked (at most ${allowedChecks} allowed)`,
    );
  return problems.length ? problems.join('; ') : null;
};

export async function runLoginAbuse(options: BatteryOptions): Promise<ClassResult> {
  const result = new ClassResult('login abuse');
  const folder = path.join(options.workFolder, 'login');
  await mkdir(folder, { recursive: true });
  const reproduce = replayHint(options, 'login');
  // Short per-user backoff so that the slow brute force can run in seconds (the thresholds stay the defaults).
  const server = await startBatteryServer(folder, 'login', {
    loginLimits: { perUser: { threshold: 5, baseDelayMs: 1000, maxDelayMs: 60_000 } },
  });
  const legitimateAddress = '127.0.9.9';
  try {
    // The legitimate users sign in once: their browsers keep the cookies (a device cookie among them).
    const devices: Record<string, Record<string, string>> = {};
    for (const user of ['editor1', 'admin1', 'reader1']) {
      const response = await attempt(server, user, server.password, legitimateAddress);
      if (response.status !== 200)
        throw new Error(
          `the first sign-in of ${user} failed: ${response.status} ${response.body.toString('utf8').slice(0, 200)}`,
        );
      // Only the device cookie: a browser whose session has ended (a live session cookie would need a CSRF token).
      devices[user] = Object.fromEntries(
        Object.entries(cookieHeader(response.setCookies)).filter(([name]) => /device/i.test(name)),
      );
    }
    const legitimate = async (name: string, user: string, from: string) => {
      const started = performance.now();
      let failure: string | null = null;
      try {
        const response = await attempt(server, user, server.password, from, {
          cookie: cookieString(devices[user] ?? {}),
        });
        if (response.status !== 200)
          failure =
            `the legitimate ${user} with the correct password was refused: ${response.status} ` +
            `${response.body.toString('utf8').slice(0, 160)}`;
      } catch (error) {
        failure = `no answer: ${error instanceof Error ? error.message : String(error)}`;
      }
      result.record(name, performance.now() - started, failure, reproduce);
    };
    const scenario = async (
      name: string,
      allowedChecks: number,
      attempts: Array<{ user: string; from: string; headers?: Record<string, string> }>,
    ) => {
      const started = performance.now();
      const log: AttemptLog = { checked: 0, limited: 0, problems: [] };
      for (const item of attempts) {
        try {
          judge(await attempt(server, item.user, 'wrong-password', item.from, item.headers), log);
        } catch (error) {
          log.problems.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      result.record(
        `${name} (${log.checked} checked, ${log.limited} limited)`,
        performance.now() - started,
        verdict(log, allowedChecks, attempts.length),
        reproduce,
      );
    };
    const range = (count: number) => Array.from({ length: count }, (_, i) => i);

    await scenario(
      '20 addresses × 1 user, twice each',
      10,
      [...range(20), ...range(20)].map((i) => ({ user: 'editor1', from: `127.0.1.${i + 1}` })),
    );
    await legitimate(
      'legitimate editor1 from its own address after 20 addresses × 1 user',
      'editor1',
      legitimateAddress,
    );
    await legitimate('legitimate editor1 from an attacking address', 'editor1', '127.0.1.1');
    await scenario(
      '20 spoofed X-Forwarded-For × 1 user from one untrusted peer',
      10,
      [...range(20), ...range(20)].map((i) => ({
        user: 'reader1',
        from: '127.0.2.1',
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      })),
    );
    await legitimate('legitimate reader1 after the spoofed spray', 'reader1', legitimateAddress);
    await scenario(
      '1 address × 60 users',
      30,
      range(60).map((i) => ({ user: `sprayed-${i}`, from: '127.0.3.1' })),
    );
    await scenario(
      '1 address × 60 users with a new spoofed X-Forwarded-For each',
      30,
      range(60).map((i) => ({
        user: `spoofed-${i}`,
        from: '127.0.4.1',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}` },
      })),
    );
    await legitimate('legitimate admin1 from the blocked address after 1 address × 60 users', 'admin1', '127.0.3.1');
    await legitimate('legitimate editor1 from the spoofing address', 'editor1', '127.0.4.1');

    // Slow brute force: one guess, then wait out every Retry-After, from ever new addresses.
    const seconds = options.reduced ? 12 : 40;
    const started = performance.now();
    const log: AttemptLog = { checked: 0, limited: 0, problems: [] };
    let tries = 0;
    while (performance.now() - started < seconds * 1000) {
      const response = await attempt(server, 'admin1', `guess-${tries}`, `127.0.5.${(tries % 250) + 1}`);
      tries++;
      judge(response, log);
      const wait = response.status === 429 ? Math.min(Number(response.headers['retry-after']) || 1, 5) * 1000 : 100;
      await sleep(Math.min(wait, Math.max(0, seconds * 1000 - (performance.now() - started))));
    }
    // Threshold 5, then a wait that doubles from 1 s: about log2(seconds) more checks.
    const allowed = 5 + Math.ceil(Math.log2(seconds)) + 3;
    result.record(
      `slow brute force for ${seconds} s (${log.checked} checked of ${tries})`,
      performance.now() - started,
      verdict(log, allowed, tries),
      reproduce,
    );
    await legitimate('legitimate admin1 during the slow brute force', 'admin1', legitimateAddress);
    result.record(
      'server alive after the login abuse',
      0,
      server.alive() ? null : `the server died: ${server.stderrTail()}`,
      reproduce,
    );
  } finally {
    result.noteRss(server.peakRss());
    await server.stop();
  }
  return result;
}
