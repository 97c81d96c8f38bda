// ForegroundActivity: background work awaiting turn() goes on at once when no request is in flight, waits while one
// is (until a quiet moment after it ends), never longer than maxWaitMs, and not at all when a request waits for it.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ForegroundActivity } from './foreground-activity.js';

/** Milliseconds until `promise` settles. */
async function timed(promise: Promise<unknown>): Promise<number> {
  const began = performance.now();
  await promise;
  return performance.now() - began;
}

describe('ForegroundActivity.turn', () => {
  it('lets background work go on at once when no request is in flight', async () => {
    const activity = new ForegroundActivity({ quietMs: 50 });
    expect(await timed(activity.turn())).toBeLessThan(40);
  });

  it('holds background work while a request is in flight, until a quiet moment after it ends', async () => {
    const activity = new ForegroundActivity({ quietMs: 30, maxWaitMs: 60_000 });
    const end = activity.begin();
    expect(activity.active).toBe(1);
    let went = 0;
    const turn = activity.turn().then(() => (went = performance.now()));
    await sleep(150);
    expect(went).toBe(0);
    end();
    end(); // ending twice counts once
    expect(activity.active).toBe(0);
    const ended = performance.now();
    await turn;
    expect(went - ended).toBeGreaterThanOrEqual(25);
    expect(went - ended).toBeLessThan(5_000);
  });

  it('runs a slice anyway once maxWaitMs have passed (background work is never starved)', async () => {
    const activity = new ForegroundActivity({ quietMs: 10, maxWaitMs: 100 });
    const end = activity.begin();
    const waited = await timed(activity.turn());
    end();
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(5_000);
  });

  it('does not hold back work that a request waits for (urgent)', async () => {
    const activity = new ForegroundActivity({ quietMs: 10, maxWaitMs: 60_000 });
    const end = activity.begin();
    let urgent = false;
    const turn = activity.turn(() => urgent);
    await sleep(50);
    urgent = true;
    expect(await timed(turn)).toBeLessThan(5_000);
    end();
  });
});
