// A Map whose keys are all known up front and whose values are made when first read: the gazetteer
// index revived from its compact file (reference/compact-reference.ts) holds its entities and its
// transliteration keys this way, so that a process parses only the records its texts reach (a
// document reaches a few dozen of some 1,500 entities) instead of the whole file at start-up.
// It reads as the Map it stands for: get, has and size answer without making other values; the
// first iteration (or change) makes every value, in the keys' order.

/** A list read item by item: an array, or the records of a compact file, each parsed when read. */
export interface ItemList<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

export class LazyValueMap<K, V> extends Map<K, V> {
  /** Each key's position in the list of values; emptied once every value is made. */
  readonly #positions: Map<K, number>;
  readonly #make: (position: number) => V;
  #complete = false;

  /** `keys[i]` maps to `make(i)`, made when first read. */
  constructor(keys: readonly K[], make: (position: number) => V) {
    super();
    this.#positions = new Map(keys.map((key, position) => [key, position]));
    this.#make = make;
  }

  override get(key: K): V | undefined {
    if (this.#complete || super.has(key)) return super.get(key);
    const position = this.#positions.get(key);
    if (position === undefined) return undefined;
    const value = this.#make(position);
    super.set(key, value);
    return value;
  }

  override has(key: K): boolean {
    return this.#complete ? super.has(key) : this.#positions.has(key);
  }

  override get size(): number {
    return this.#complete ? super.size : this.#positions.size;
  }

  /** Makes every value not made yet and orders the entries as the keys were given. */
  #makeAll(): void {
    if (this.#complete) return;
    const made = new Map(super.entries());
    super.clear();
    for (const [key, position] of this.#positions)
      super.set(key, made.has(key) ? (made.get(key) as V) : this.#make(position));
    this.#positions.clear();
    this.#complete = true;
  }

  override entries(): MapIterator<[K, V]> {
    this.#makeAll();
    return super.entries();
  }

  override keys(): MapIterator<K> {
    this.#makeAll();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.#makeAll();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#makeAll();
    super.forEach(callback, thisArg);
  }

  override set(key: K, value: V): this {
    this.#makeAll();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.#makeAll();
    return super.delete(key);
  }

  override clear(): void {
    this.#makeAll();
    super.clear();
  }
}
