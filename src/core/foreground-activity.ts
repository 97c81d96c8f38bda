// The requests a server is answering, as background work sees them: the whole collection's checks (computed in
// slices on the event loop after a start or a write) await `turn()` between slices, which lets them go on only once
// no request has been in flight for a moment. A slice that starts while a request is served holds that request back
// by the slice's length (and by the garbage collection its allocations bring): at 10,000 documents a `dossier serve`
// computing its checks answered /healthz in 8-20 ms at the median instead of 0.5 ms. Background work is never
// starved: after `maxWaitMs` of uninterrupted traffic a slice runs anyway, and work that a request waits for (a
// `fresh` page of the checks) says so (`urgent`) and is not held back.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

export interface ForegroundActivityOptions {
  /** Milliseconds without a request in flight before background work goes on (default 8). */
  quietMs?: number;
  /** Milliseconds background work waits for a quiet moment at most before it runs a slice anyway (default 1000). */
  maxWaitMs?: number;
  /** Milliseconds between two looks at `urgent` while requests are in flight (default 5). */
  pollMs?: number;
}

export class ForegroundActivity {
  private inFlight = 0;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;

  constructor(options: ForegroundActivityOptions = {}) {
    this.quietMs = options.quietMs ?? 8;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.pollMs = options.pollMs ?? 5;
  }

  /** A request starts; the function returned ends it (calling it again does nothing). */
  begin(): () => void {
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      this.lastEnd = performance.now();
    };
  }

  /** Requests in flight now. */
  get active(): number {
    return this.inFlight;
  }

  /**
   * Resolves when background work may run its next slice: after a turn of the event loop, once no request has been in
   * flight for `quietMs`, once `urgent()` answers true (a request waits for the work), or after `maxWaitMs`.
   */
  async turn(urgent: () => boolean = () => false): Promise<void> {
    await nextTurn();
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      if (urgent() || now - started >= this.maxWaitMs) return;
      const quietFor = this.inFlight > 0 ? 0 : now - this.lastEnd;
      if (quietFor >= this.quietMs) return;
      const wait = this.inFlight > 0 ? this.pollMs : this.quietMs - quietFor;
      await sleep(Math.max(1, Math.min(wait, this.maxWaitMs - (now - started))));
    }
  }
}
