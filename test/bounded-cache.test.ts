import { describe, expect, it } from 'vitest';
import { BoundedCache, CachesBy } from '../src/bounded-cache.js';

describe('BoundedCache', () => {
  it('makes a value once and keeps it', () => {
    const cache = new BoundedCache<string, number>(3);
    let made = 0;
    expect(cache.getOrMake('a', () => ++made)).toBe(1);
    expect(cache.getOrMake('a', () => ++made)).toBe(1);
    expect(made).toBe(1);
  });

  it('starts over once it holds its limit, so it never holds more', () => {
    const cache = new BoundedCache<number, number>(3);
    for (const n of [1, 2, 3]) cache.set(n, n);
    expect([1, 2, 3].map((n) => cache.get(n))).toEqual([1, 2, 3]);
    cache.set(4, 4);
    expect([1, 2, 3, 4].map((n) => cache.get(n))).toEqual([undefined, undefined, undefined, 4]);
  });

  it('starts over, with a byte budget, before the entry that would take it past the budget', () => {
    const cache = new BoundedCache<string, Buffer>(100, { bytes: 10, sizeOf: (key, value) => key.length + value.length });
    cache.set('a', Buffer.alloc(4));
    cache.set('b', Buffer.alloc(4));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', Buffer.alloc(4));
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
    expect(cache.get('c')).toBeDefined();
  });
});

describe('CachesBy', () => {
  it('gives each owner a cache of its own, the same one every time it is asked', () => {
    let made = 0;
    const caches = new CachesBy<object, string, number>(() => (made++, new BoundedCache(2)));
    const regular = {};
    const bold = {};
    caches.of(regular).set('Dear Anna', 1);
    expect(caches.of(regular).get('Dear Anna')).toBe(1);
    expect(caches.of(bold).get('Dear Anna')).toBeUndefined();
    expect(made).toBe(2);
  });
});
