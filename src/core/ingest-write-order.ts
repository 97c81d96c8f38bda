// Write order of a batch ingest whose documents are processed in parallel: the documents of one
// actor are written in input order (so versions come out as a sequential ingest makes them),
// while documents of different actors may be written concurrently. The unit is a task: one
// document, or a few consecutive ones written in one transaction. A unit may write once every
// earlier unit's actors are known (it has been processed, or refused) and no earlier unit with
// one of its actors is still unwritten.
interface Entry {
  /** The actor keys once processed (undefined: not processed yet). */
  actorKeys?: readonly string[];
  grant?: () => void;
  granted: boolean;
  finished: boolean;
}

export class IngestWriteOrder {
  private readonly entries: Entry[];
  /** Every entry before this index is finished. */
  private firstOpen = 0;

  constructor(count: number) {
    this.entries = Array.from({ length: count }, () => ({ granted: false, finished: false }));
  }

  /**
   * Unit `index` is processed and is for `actorKeys`; `grant` is called when it may write. A unit
   * that was granted already (its documents run again after a worker failure, for a subset of
   * the same actors) is granted again at once.
   */
  processed(index: number, actorKeys: readonly string[], grant: () => void): void {
    const entry = this.entries[index]!;
    if (entry.granted && !entry.finished) {
      grant();
      return;
    }
    entry.actorKeys = actorKeys;
    entry.grant = grant;
    this.pump();
  }

  /** Unit `index` is done: written, refused or failed (before or after it was processed). */
  finished(index: number): void {
    const entry = this.entries[index]!;
    entry.finished = true;
    entry.granted = true;
    this.pump();
  }

  /** Resolves when unit `index` (processed, for `actorKeys`) may write. */
  turn(index: number, actorKeys: readonly string[]): Promise<void> {
    return new Promise((resolve) => this.processed(index, actorKeys, resolve));
  }

  private pump(): void {
    while (this.firstOpen < this.entries.length && this.entries[this.firstOpen]!.finished) this.firstOpen++;
    const unwrittenActors = new Set<string>();
    for (let index = this.firstOpen; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (entry.finished) continue;
      if (entry.actorKeys === undefined) return;
      if (!entry.granted && !entry.actorKeys.some((key) => unwrittenActors.has(key))) {
        entry.granted = true;
        entry.grant?.();
      }
      for (const key of entry.actorKeys) unwrittenActors.add(key);
    }
  }
}

/** Lets documents pass one at a time in input order (they hand their task to the pool in input order). */
export class InputOrderTurns {
  private next = 0;
  private readonly passed = new Set<number>();
  private readonly waiting = new Map<number, () => void>();

  /** Resolves when every document before `index` has passed. */
  turn(index: number): Promise<void> {
    if (index <= this.next) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(index, resolve));
  }

  /** Document `index` has passed (its task is queued, or it was refused before). */
  pass(index: number): void {
    this.passed.add(index);
    while (this.passed.delete(this.next)) {
      this.next++;
      const resolve = this.waiting.get(this.next);
      this.waiting.delete(this.next);
      resolve?.();
    }
  }
}
