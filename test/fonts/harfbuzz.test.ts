import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fallbackFont, fallbackFontFile, scriptOf } from '../../src/fonts/fallback-fonts.js';
import { harfBuzzShaper, loadHarfBuzz } from '../../src/fonts/harfbuzz.js';
import { openFont } from '../../src/fonts/open-font.js';
import { woffToSfnt } from '../../src/fonts/woff-to-sfnt.js';

const read = (text: string, glyphs: { codePoints: number[] }[]) => glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('') === text;

describe('HarfBuzz shaping', () => {
  it('refuses to shape before HarfBuzz is loaded, then shapes Khmer as HarfBuzz does (fontkit drew a stray glyph here)', async () => {
    const sfnt = woffToSfnt(readFileSync(fallbackFontFile('khmer', 'regular')));
    expect(() => harfBuzzShaper(sfnt)).toThrow(/before it was loaded/);
    await loadHarfBuzz();
    // hb-shape (HarfBuzz 6) and harfbuzzjs give these glyphs for ហ៊ុន; fontkit gave five.
    expect(
      harfBuzzShaper(sfnt)
        .shape('ហ៊ុន')
        .map((g) => g.id),
    ).toEqual([80, 140, 111, 65]);
  });

  it('knows the scripts it shapes', () => {
    expect(['ক', 'த', 'ก', 'က', 'ក', String.fromCodePoint(0x19e0)].map((ch) => scriptOf(ch.codePointAt(0)!))).toEqual([
      'bengali',
      'tamil',
      'thai',
      'myanmar',
      'khmer',
      'khmer',
    ]);
  });

  it('gives a reordered syllable its characters in the typed order, and every glyph that takes room some', async () => {
    await loadHarfBuzz();
    const bengali = fallbackFont('bengali', 'regular').shape!('কি');
    // The vowel sign is drawn before its consonant, and still reads after it.
    expect(bengali.glyphs).toHaveLength(2);
    expect(read('কি', bengali.glyphs)).toBe(true);
    const tamil = fallbackFont('tamil', 'regular').shape!('தொ');
    // ொ is drawn in two parts around த: three glyphs that take room for two characters. The one left
    // without a character hands its width to the glyph before it, so no gap reads as a space.
    expect(tamil.glyphs).toHaveLength(3);
    expect(read('தொ', tamil.glyphs)).toBe(true);
    const empty = tamil.glyphs.filter((g) => g.codePoints.length === 0);
    expect(empty.map((g) => g.advanceWidth)).toEqual([0]);
    expect(tamil.glyphs.reduce((sum, g) => sum + g.advanceWidth, 0)).toBe(tamil.advanceWidth);
  });
});

describe('HarfBuzz runs of hostile input', () => {
  it('maps a cluster of 150,000 marks on one letter without overflowing the stack', async () => {
    await loadHarfBuzz();
    const text = `ক${'ি'.repeat(150_000)}`;
    expect(read(text, fallbackFont('bengali', 'regular').shape!(text).glyphs)).toBe(true);
  });

  it('maps a run of 60,000 characters without a space in linear time', async () => {
    await loadHarfBuzz();
    const thai = fallbackFont('thai', 'regular');
    const time = (n: number) => {
      const text = 'ประเทศไทย'.repeat(n / 9);
      const start = performance.now();
      expect(read(text, thai.shape!(text).glyphs)).toBe(true);
      return performance.now() - start;
    };
    time(900);
    // Four times the characters, not sixteen times the time (each cluster's end was found by
    // scanning every glyph after it).
    expect(time(60_000) / Math.max(1, time(15_000))).toBeLessThan(8);
  }, 60_000);
});

describe('woffToSfnt', () => {
  const woff = readFileSync(fallbackFontFile('thai', 'bold'));

  it('unpacks a WOFF font into the same font, table for table', () => {
    const sfnt = woffToSfnt(woff);
    expect(Buffer.from(sfnt).readUInt32BE(0)).toBe(0x00010000);
    const a = openFont(woff);
    const b = openFont(sfnt);
    expect(b.numGlyphs).toBe(a.numGlyphs);
    expect(b.postscriptName).toBe(a.postscriptName);
    expect(b.layout('ประเทศไทย').glyphs.map((g) => g.id)).toEqual(a.layout('ประเทศไทย').glyphs.map((g) => g.id));
  });

  it('leaves a font that is not WOFF as it is, and refuses a damaged one', () => {
    const ttf = readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'));
    expect(woffToSfnt(ttf)).toBe(ttf);
    expect(() => woffToSfnt(woff.subarray(0, 200))).toThrow(/damaged WOFF font/);
  });
});
