// Sign-in limits: failed logins are counted per client address, per user name, globally and per
// trusted device, each with exponential backoff (past a threshold every further failure doubles
// the wait, up to a cap); a success resets the counter of the user (or of the device).
//
// A client that has signed in as a user holds a signed device cookie for that user (OWASP's
// "device cookies"): its attempts for that user are counted on its device alone, so it is never
// locked out by other clients' failures — not by the per-address, per-user or global limits.
// Clients without one are subject to all three, so spraying one name from many addresses, many
// names from one address, or anything from everywhere is stopped.
//
// An attempt is counted as a failure when it starts (and taken back if it succeeds), so parallel
// guesses cannot all slip through before the first one fails. Memory is bounded: each scope keeps
// at most `maxEntries` counters (least recently failed evicted first; since new counters are only
// made by failures the global limit lets through, evicting a blocked counter by spraying takes
// long), and forgotten counters are swept as new ones arrive.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface BackoffRule {
  /** Failures allowed before the first wait. */
  threshold: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface LoginLimitSettings {
  perUser: BackoffRule;
  perClient: BackoffRule;
  /** Failures of untrusted clients across all users within `globalWindowMs`. */
  global: BackoffRule;
  globalWindowMs: number;
  perDevice: BackoffRule;
  /** A counter is forgotten this long after its last failure or the end of its wait. */
  forgetAfterMs: number;
  /** Most counters kept per scope (user names, client addresses, devices). */
  maxEntries: number;
  now: () => number;
}

/** Defaults for `userThreshold` failures per user name (5 unless configured). */
export function defaultLoginLimits(userThreshold = 5): LoginLimitSettings {
  const minute = 60_000;
  return {
    perUser: { threshold: userThreshold, baseDelayMs: 15_000, maxDelayMs: 15 * minute },
    perClient: { threshold: Math.max(20, userThreshold * 4), baseDelayMs: 15_000, maxDelayMs: 15 * minute },
    global: { threshold: Math.max(200, userThreshold * 40), baseDelayMs: 5_000, maxDelayMs: 5 * minute },
    globalWindowMs: minute,
    perDevice: { threshold: Math.max(10, userThreshold * 2), baseDelayMs: 15_000, maxDelayMs: 15 * minute },
    forgetAfterMs: 15 * minute,
    maxEntries: 20_000,
    now: Date.now,
  };
}

const backoffDelay = (rule: BackoffRule, over: number): number =>
  Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over, 40));

interface Counter {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** Counters of one scope, most recently failed last (a Map keeps insertion order). */
class CounterScope {
  private readonly counters = new Map<string, Counter>();

  constructor(
    readonly rule: BackoffRule,
    private readonly settings: LoginLimitSettings,
  ) {}

  get size(): number {
    return this.counters.size;
  }

  private forgotten(counter: Counter, now: number): boolean {
    return now >= Math.max(counter.lastFailureAt, counter.blockedUntil) + this.settings.forgetAfterMs;
  }

  /** Milliseconds until `key` may try again (0: now). */
  waitOf(key: string, now: number): number {
    const counter = this.counters.get(key);
    if (!counter) return 0;
    if (this.forgotten(counter, now)) {
      this.counters.delete(key);
      return 0;
    }
    return Math.max(0, counter.blockedUntil - now);
  }

  /** Counts a failure; returns the blockedUntil it replaced (to take the failure back). */
  fail(key: string, now: number): number {
    let counter = this.counters.get(key);
    if (counter && this.forgotten(counter, now)) counter = undefined;
    if (counter) this.counters.delete(key);
    else {
      counter = { failures: 0, lastFailureAt: now, blockedUntil: 0 };
      this.sweep(now);
    }
    const previous = counter.blockedUntil;
    counter.failures++;
    counter.lastFailureAt = now;
    if (counter.failures >= this.rule.threshold)
      counter.blockedUntil = now + backoffDelay(this.rule, counter.failures - this.rule.threshold);
    this.counters.set(key, counter);
    return previous;
  }

  /** Takes back one failure counted by `fail` (the attempt succeeded). */
  unfail(key: string, previousBlockedUntil: number): void {
    const counter = this.counters.get(key);
    if (!counter) return;
    counter.failures = Math.max(0, counter.failures - 1);
    if (counter.failures < this.rule.threshold) counter.blockedUntil = previousBlockedUntil;
    if (counter.failures === 0 && counter.blockedUntil === 0) this.counters.delete(key);
  }

  reset(key: string): void {
    this.counters.delete(key);
  }

  /** Drops forgotten counters from the least recently failed end, then the oldest over the bound. */
  private sweep(now: number): void {
    for (const [key, counter] of this.counters) {
      if (!this.forgotten(counter, now)) break;
      this.counters.delete(key);
    }
    while (this.counters.size >= this.settings.maxEntries) {
      const oldest = this.counters.keys().next();
      if (oldest.done) break;
      this.counters.delete(oldest.value);
    }
  }
}

/** Failures of all untrusted clients in fixed windows; each window over the threshold doubles the next wait. */
class GlobalWindow {
  private windowStart = 0;
  private failures = 0;
  private strikes = 0;
  blockedUntil = 0;

  constructor(
    private readonly rule: BackoffRule,
    private readonly settings: LoginLimitSettings,
  ) {}

  private roll(now: number): void {
    if (now >= this.windowStart + this.settings.globalWindowMs) {
      this.windowStart = now;
      this.failures = 0;
    }
    if (this.strikes > 0 && now >= this.blockedUntil + this.settings.forgetAfterMs) this.strikes = 0;
  }

  waitOf(now: number): number {
    this.roll(now);
    return Math.max(0, this.blockedUntil - now);
  }

  fail(now: number): { windowStart: number; struck: boolean; previous: number } {
    this.roll(now);
    const previous = this.blockedUntil;
    this.failures++;
    let struck = false;
    if (this.failures >= this.rule.threshold) {
      this.blockedUntil = now + backoffDelay(this.rule, this.strikes);
      this.strikes++;
      this.failures = 0;
      struck = true;
    }
    return { windowStart: this.windowStart, struck, previous };
  }

  unfail(ticket: { windowStart: number; struck: boolean; previous: number }): void {
    if (ticket.struck) {
      this.strikes = Math.max(0, this.strikes - 1);
      this.blockedUntil = ticket.previous;
    } else if (ticket.windowStart === this.windowStart) {
      this.failures = Math.max(0, this.failures - 1);
    }
  }
}

export type LoginScope = 'user' | 'client' | 'global' | 'device';

/**
 * The outcome of `begin`: a refusal with its wait, or an attempt (already counted as failed) to call `succeeded` on if
 * it does.
 */
export type LoginAttempt =
  { allowed: false; retryAfterMs: number; scope: LoginScope } | { allowed: true; succeeded(): void };

export interface LoginAttemptKeys {
  /** The client address key (see clientKeyOf). */
  client: string;
  user: string;
  /** The id of a valid device cookie for this user, if the client presented one. */
  device?: string;
}

export class LoginLimiter {
  readonly settings: LoginLimitSettings;
  private readonly users: CounterScope;
  private readonly clients: CounterScope;
  private readonly devices: CounterScope;
  private readonly global: GlobalWindow;

  constructor(settings: Partial<LoginLimitSettings> = {}) {
    this.settings = { ...defaultLoginLimits(), ...settings };
    this.users = new CounterScope(this.settings.perUser, this.settings);
    this.clients = new CounterScope(this.settings.perClient, this.settings);
    this.devices = new CounterScope(this.settings.perDevice, this.settings);
    this.global = new GlobalWindow(this.settings.global, this.settings);
  }

  /** How many counters are held (the memory bound's measure). */
  get size(): { users: number; clients: number; devices: number } {
    return { users: this.users.size, clients: this.clients.size, devices: this.devices.size };
  }

  /** Checks the limits for an attempt and counts it as a failure until it is settled. */
  begin(keys: LoginAttemptKeys): LoginAttempt {
    const now = this.settings.now();
    const user = keys.user.toLowerCase();
    if (keys.device !== undefined) {
      const device = keys.device;
      const wait = this.devices.waitOf(device, now);
      if (wait > 0) return { allowed: false, retryAfterMs: wait, scope: 'device' };
      this.devices.fail(device, now);
      return { allowed: true, succeeded: () => this.devices.reset(device) };
    }
    const waits: Array<[LoginScope, number]> = [
      ['user', this.users.waitOf(user, now)],
      ['client', this.clients.waitOf(keys.client, now)],
      ['global', this.global.waitOf(now)],
    ];
    const [scope, wait] = waits.reduce((longest, candidate) => (candidate[1] > longest[1] ? candidate : longest));
    if (wait > 0) return { allowed: false, retryAfterMs: wait, scope };
    this.users.fail(user, now);
    const clientPrevious = this.clients.fail(keys.client, now);
    const globalTicket = this.global.fail(now);
    return {
      allowed: true,
      succeeded: () => {
        this.users.reset(user);
        this.clients.unfail(keys.client, clientPrevious);
        this.global.unfail(globalTicket);
      },
    };
  }
}

/** Signed device cookies: `<user>.<device id>.<HMAC-SHA256 of both under the server's key>`. */
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(key?: Buffer | string) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
  }

  private mac(user: string, device: string): string {
    return createHmac('sha256', this.key)
      .update(`dossier-device\0${user.toLowerCase()}\0${device}`, 'utf8')
      .digest('base64url');
  }

  /** A new cookie value for a user who just signed in. */
  issue(user: string): string {
    const device = randomBytes(16).toString('base64url');
    return `${Buffer.from(user.toLowerCase(), 'utf8').toString('base64url')}.${device}.${this.mac(user, device)}`;
  }

  /** The device id of a valid cookie for `user`, else undefined. */
  deviceFor(cookie: string | undefined, user: string): string | undefined {
    if (!cookie || cookie.length > 300) return undefined;
    const parts = cookie.split('.');
    if (parts.length !== 3) return undefined;
    const [encodedUser, device, mac] = parts as [string, string, string];
    if (Buffer.from(encodedUser, 'base64url').toString('utf8') !== user.toLowerCase()) return undefined;
    const expected = Buffer.from(this.mac(user, device));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? device : undefined;
  }
}
