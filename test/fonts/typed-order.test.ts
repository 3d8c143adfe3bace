import { describe, expect, it } from 'vitest';
import { loadFonts, STYLES } from '../../src/fonts/font-set.js';
import { inTypedOrder } from '../../src/fonts/typed-order.js';

const cps = (text: string) => [...text].map((ch) => ch.codePointAt(0)!);
const glyph = (text: string) => ({ id: 1, codePoints: cps(text) });
const read = (glyphs: { codePoints: number[] }[]) => String.fromCodePoint(...glyphs.flatMap((g) => g.codePoints));

describe('inTypedOrder', () => {
  it('leaves a word whose glyphs read as typed as it is (the same array)', () => {
    const glyphs = [glyph('f'), glyph('fi'), glyph('x')];
    expect(inTypedOrder(glyphs, 'ffix')).toBe(glyphs);
  });

  it('gives the glyphs of a syllable drawn out of order its characters in typed order, each glyph as many as before', () => {
    // "कि": the short i is drawn before the consonant; "र्क": the reph after the letter.
    const glyphs = [glyph('ि'), glyph('क'), glyph('म'), glyph('क'), glyph('र्')];
    const out = inTypedOrder(glyphs, 'किमर्क');
    expect(read(out)).toBe('किमर्क');
    expect(out.map((g) => g.codePoints.length)).toEqual([1, 1, 1, 1, 2]);
    // Untouched glyphs are the same objects; rewritten ones are copies, the originals unchanged.
    expect(out[2]).toBe(glyphs[2]);
    expect(out[0]).not.toBe(glyphs[0]);
    expect(read(glyphs)).toBe('िकमकर्');
  });

  it('leaves a word whose glyphs stand for other characters than it has (a decomposition, a dotted circle) as it was', () => {
    const glyphs = [glyph('◌'), glyph('ि')];
    expect(inTypedOrder(glyphs, 'ि')).toBe(glyphs);
    expect(inTypedOrder([glyph('ে'), glyph('ক'), glyph('া')], 'কো')).toEqual([glyph('ে'), glyph('ক'), glyph('া')]);
  });

  it('makes every Devanagari word Noto Sans shapes read back as typed, in all four styles', () => {
    const words = ['किशोर', 'क्षेत्र', 'हिन्दी', 'कर्म', 'धर्मेंद्र', 'प्रिंसिपल', 'श्रमिक', 'संघ', 'र्कि', 'स्त्रियाँ'];
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      for (const word of words) expect(read(loaded.shape(word).glyphs), `${style} ${word}`).toBe(word);
    }
  });
});
