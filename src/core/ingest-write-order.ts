// Write order of a batch ingest whose documents are processed in parallel: the documents of one
// actor are written in input order (so versions come out as a sequential ingest makes them),
// while documents of different actors may be written concurrently. A document may write once
// every earlier document's actor is known (it has been processed, or refused) and no earlier
// document of the same actor is still unwritten.
interface Entry {
  /** The actor key once processed (undefined: not processed yet). */
  actorKey?: string;
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

  /** Document `index` is processed and is for `actorKey`; `grant` is called when it may write. */
  processed(index: number, actorKey: string, grant: () => void): void {
    const entry = this.entries[index]!;
    entry.actorKey = actorKey;
    entry.grant = grant;
    this.pump();
  }

  /** Document `index` is done: written, refused or failed (before or after it was processed). */
  finished(index: number): void {
    const entry = this.entries[index]!;
    entry.finished = true;
    entry.granted = true;
    this.pump();
  }

  /** Resolves when document `index` (processed, for `actorKey`) may write. */
  turn(index: number, actorKey: string): Promise<void> {
    return new Promise((resolve) => this.processed(index, actorKey, resolve));
  }

  private pump(): void {
    while (this.firstOpen < this.entries.length && this.entries[this.firstOpen]!.finished) this.firstOpen++;
    const unwrittenActors = new Set<string>();
    for (let index = this.firstOpen; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (entry.finished) continue;
      if (entry.actorKey === undefined) return;
      if (!entry.granted && !unwrittenActors.has(entry.actorKey)) {
        entry.granted = true;
        entry.grant?.();
      }
      unwrittenActors.add(entry.actorKey);
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
