import { GCProfiler } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Attached } from '../../src/render/attached.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { otherAddressee } from '../../bench/ours-warm.js';
import { loadSample } from '../../bench/sample.js';

describe('Attached', () => {
  it('keeps a value per object, out of its keys and its JSON', () => {
    const pages = new Attached<object, string>('page font');
    const a = { n: 1 };
    const b = { n: 2 };
    pages.set(a, '/F1 11 Tf');
    expect(pages.get(a)).toBe('/F1 11 Tf');
    expect(pages.has(a)).toBe(true);
    expect(pages.get(b)).toBeUndefined();
    expect(pages.has(b)).toBe(false);
    expect(Object.keys(a)).toEqual(['n']);
    expect(JSON.stringify(a)).toBe('{"n":1}');
    pages.delete(a);
    expect(pages.has(a)).toBe(false);
  });

  it('keeps an object’s value its own: a view made with Object.create has none of it', () => {
    const listed = new Attached<object, number>('listed for letter');
    const glyph = { id: 7 };
    listed.set(glyph, 3);
    const view = Object.create(glyph) as object;
    expect(listed.get(view)).toBeUndefined();
    expect(listed.has(view)).toBe(false);
    listed.set(view, 4);
    expect([listed.get(glyph), listed.get(view)]).toEqual([3, 4]);
  });

  it('gives two attachments of one description two places', () => {
    const first = new Attached<object, number>('state');
    const second = new Attached<object, number>('state');
    const owner = {};
    first.set(owner, 1);
    second.set(owner, 2);
    expect([first.get(owner), second.get(owner)]).toEqual([1, 2]);
  });
});

describe('a letter rendered leaves nothing for the scavenger to promote', () => {
  it('promotes a few KB per letter, not the letter', async () => {
    // Promoted bytes are what the old generation gains in each scavenge. A letter's document kept
    // alive through scavenges (a closure of its own as a method, its state in a module WeakMap: see
    // src/render/attached.ts) was promoted whole, some 110 KB a letter.
    const { spec } = loadSample();
    const letters = (n: number, from: number) => Array.from({ length: n }, (_, i) => (i % 2 ? spec : otherAddressee(spec, from + i)));
    for (const letter of letters(60, 0)) await produceLetter(letter);
    const profiler = new GCProfiler();
    profiler.start();
    const measured = letters(400, 1000);
    for (const letter of measured) await produceLetter(letter);
    const scavenges = profiler.stop().statistics.filter((gc) => gc.gcType === 'Scavenge');
    const old = (heap: (typeof scavenges)[number]['beforeGC']) => heap.heapSpaceStatistics.find((space) => space.spaceName === 'old_space')!.spaceUsedSize;
    const promoted = scavenges.reduce((sum, gc) => sum + Math.max(0, old(gc.afterGC) - old(gc.beforeGC)), 0);
    // Enough scavenges that a letter's 110 KB could not hide between them.
    expect(scavenges.length).toBeGreaterThanOrEqual(3);
    expect(promoted / measured.length).toBeLessThan(20 * 1024);
  }, 60_000);
});
