import { describe, expect, it } from 'vitest';
import { current, GlyphIndex, glyphsOf, sameBits, union } from '../../src/render/glyph-sets.js';

const glyphs = (n: number) => Array.from({ length: n }, (_, id) => ({ id }));

describe('GlyphIndex', () => {
  it('gives each glyph object one bit, in the order first met, and gives the set back', () => {
    const [a, b, c] = glyphs(3);
    const index = new GlyphIndex();
    const set = index.bitsOf([b!, a!, b!]);
    expect([...set.bits]).toEqual([0b11]);
    expect(glyphsOf(index, index.bitsOf([c!, b!]).bits)).toEqual([b, c]);
    expect(current(set)).toBe(true);
  });

  it('sets past 32 glyphs over several words', () => {
    const all = glyphs(70);
    const index = new GlyphIndex();
    const set = index.bitsOf(all);
    expect(set.bits.length).toBe(3);
    expect(glyphsOf(index, set.bits)).toEqual(all);
  });

  it('starts over when full, and a set made before then is no longer current', () => {
    const [a, b, c, d] = glyphs(4);
    const index = new GlyphIndex(3);
    const before = index.bitsOf([a!, b!, c!]);
    const after = index.bitsOf([d!]);
    expect(current(before)).toBe(false);
    expect(current(after)).toBe(true);
    expect(glyphsOf(index, after.bits)).toEqual([d]);
  });

  it('makes a set emptied half-way through once more, from the emptied index', () => {
    const [a, b, c, d] = glyphs(4);
    const index = new GlyphIndex(3);
    index.bitsOf([a!, b!]);
    // c fits; d empties the index, so c's place belongs to nothing: both are placed anew (d first).
    const set = index.bitsOf([c!, d!]);
    expect(current(set)).toBe(true);
    expect(glyphsOf(index, set.bits)).toEqual([d, c]);
  });
});

describe('union and sameBits', () => {
  it('join sets of different lengths and compare them, trailing zero words aside', () => {
    const index = new GlyphIndex();
    const all = glyphs(40);
    const low = index.bitsOf(all.slice(0, 5));
    const high = index.bitsOf([all[39]!]);
    const both = union([low, high]);
    expect(glyphsOf(index, both)).toEqual([...all.slice(0, 5), all[39]]);
    expect(sameBits(low.bits, new Uint32Array([low.bits[0]!, 0, 0]))).toBe(true);
    expect(sameBits(low.bits, both)).toBe(false);
    expect(sameBits(both, low.bits)).toBe(false);
  });
});
