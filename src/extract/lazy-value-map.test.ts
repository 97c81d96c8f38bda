// LazyValueMap: values made on first read, once each; get, has and size answer without making
// others; iteration makes the rest in the keys' order; it reads as the Map it stands for.
import { describe, expect, it } from 'vitest';
import { LazyValueMap } from './lazy-value-map.js';

/** A map of the given keys whose values record which positions were made. */
function tracked(keys: string[]) {
  const made: number[] = [];
  const map = new LazyValueMap(keys, (position) => {
    made.push(position);
    return { position };
  });
  return { map, made };
}

describe('LazyValueMap', () => {
  it('makes a value when its key is first read, once', () => {
    const { map, made } = tracked(['a', 'b', 'c']);
    expect(map.size).toBe(3);
    expect(map.has('b')).toBe(true);
    expect(map.has('z')).toBe(false);
    expect(made).toEqual([]);
    const b = map.get('b');
    expect(b).toEqual({ position: 1 });
    expect(map.get('b')).toBe(b);
    expect(map.get('z')).toBeUndefined();
    expect(made).toEqual([1]);
  });

  it('iterates every entry in the keys’ order, keeping the values already made', () => {
    const { map, made } = tracked(['a', 'b', 'c']);
    const c = map.get('c');
    expect([...map.keys()]).toEqual(['a', 'b', 'c']);
    expect(made).toEqual([2, 0, 1]);
    expect(map.get('c')).toBe(c);
    expect([...map].map(([key, value]) => `${key}${value.position}`)).toEqual(['a0', 'b1', 'c2']);
    expect(new Map(map)).toEqual(
      new Map([
        ['a', { position: 0 }],
        ['b', { position: 1 }],
        ['c', { position: 2 }],
      ]),
    );
    expect(made).toHaveLength(3);
  });

  it('changes as a Map does', () => {
    const { map } = tracked(['a', 'b']);
    map.set('d', { position: 9 });
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(2);
    expect([...map.keys()]).toEqual(['b', 'd']);
    const seen: string[] = [];
    map.forEach((value, key) => seen.push(`${key}${value.position}`));
    expect(seen).toEqual(['b1', 'd9']);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.has('b')).toBe(false);
  });
});
