import { describe, expect, it } from 'vitest';
import { codePoint, loadFonts, missingInLetterFonts, piecesOf, STYLES, styleOf, unprintableMessage } from '../../src/fonts/font-set.js';

describe('font set', () => {
  it('loads the four styles once per process, with widths that grow with the text', () => {
    const set = loadFonts();
    expect(loadFonts()).toBe(set);
    expect(Object.keys(set.fonts)).toEqual(['regular', 'bold', 'italic', 'boldItalic']);
    const { regular, bold } = set.fonts;
    expect(regular.width('Brussels')).toBeGreaterThan(regular.width('Brus'));
    expect(bold.width('Brussels')).toBeGreaterThan(regular.width('Brussels'));
  });

  it('finds the characters no embedded font draws, and passes Portuguese, Cyrillic and line breaks', () => {
    expect(loadFonts().missingGlyphs('Intermédio, ação, Ерлан\n\t')).toEqual([]);
    expect(loadFonts().missingGlyphs('a\u{1F600}b')).toEqual(['\u{1F600}']);
  });

  it('draws each Devanagari letter of the four fonts, alone and between Latin letters, with glyphs that read as typed', () => {
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      const chars = (loaded.font as unknown as { characterSet: number[] }).characterSet
        .map((cp) => String.fromCodePoint(cp))
        .filter((ch) => /\p{Script=Devanagari}/u.test(ch) && !/\p{M}/u.test(ch));
      expect(chars.length).toBeGreaterThan(60);
      for (const ch of chars) {
        const consonant = /[\u0915-\u0939\u0958-\u095f\u0979-\u097f]/u.test(ch);
        for (const piece of [ch, `T${ch}f`, `क${ch}`, ...(consonant ? [`${ch}ि`, `र्${ch}ि`] : [])]) {
          const run = loaded.shape(piece);
          const read = String.fromCodePoint(...run.glyphs.flatMap((g) => g.codePoints));
          expect(read, `${style} ${piece}`).toBe(piece);
          // No glyph without characters: pdf.js reads one as the character of its glyph code.
          expect(
            run.glyphs.every((g) => g.codePoints.length > 0),
            `${style} ${piece}`,
          ).toBe(true);
        }
      }
    }
  });

  // fontkit's mark positioning threw on these ("Cannot read properties of undefined"): an internal error for the letter.
  it('shapes a ligature followed by a variation selector and a combining mark, which fontkit alone cannot', () => {
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      expect(() => loaded.font.layout('ff\u{FE00}\u{036E}')).toThrow();
      for (const word of ['ff\u{FE00}\u{036E}', 'baffl\u{FE00}\u{036E}', 'fi\u{FE0F}\u{0301}x']) {
        const run = loaded.shape(word);
        expect(String.fromCodePoint(...run.glyphs.flatMap((g) => g.codePoints)), `${style} ${word}`).toBe(word);
        expect(loaded.width(word)).toBeGreaterThan(0);
      }
    }
  });

  it('shapes a word that mixes Devanagari with Latin a script at a time, so the short i stands before its consonant', () => {
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      const ids = (piece: string) => loaded.shape(piece).glyphs.map((g) => g.id);
      expect(ids('ITUC/2021/हि')).toEqual([...ids('ITUC/2021/'), ...ids('हि')]);
      expect(ids('हि/ITUC')).toEqual([...ids('हि/'), ...ids('ITUC')]);
      // Shaped as Latin, the short i's glyph came after its consonant's.
      const asLatin = loaded.font.layout('ITUC/2021/हि').glyphs.map((g) => g.id);
      expect(ids('हि')[1]).toBe(asLatin.at(-2));
      expect(loaded.width('ITUC/2021/हि')).toBeCloseTo(loaded.width('ITUC/2021/') + loaded.width('हि'), 9);
    }
  });

  it("splits a text into words and single spaces (piecesOf), whose shapes are the whole text's in every style", () => {
    expect(piecesOf('Dear  Mr\u00a0President,\tyes ')).toEqual(['Dear', ' ', ' ', 'Mr\u00a0President,', '\t', 'yes', ' ']);
    // No kerning or ligature across a space in these fonts: what lets layout and drawing shape word by word.
    const chars = [...'AVTWYLPFfrvwy.,;:!?"\'»«“”‘’()[]-–—…0179ÀÉçšžłАВГДЛТУЯавуяΑΤΥαβ'];
    for (const style of STYLES) {
      const { font } = loadFonts().fonts[style];
      const space = font.layout(' ');
      for (const ch of chars) {
        for (const word of [ch, `a${ch}`, `T${ch}`, `${ch}f`]) {
          const whole = font.layout(`${word} `);
          const alone = font.layout(word);
          expect(whole.glyphs.map((g) => g.id)).toEqual([...alone.glyphs, ...space.glyphs].map((g) => g.id));
          expect(whole.positions.map((p) => p.xAdvance)).toEqual([...alone.positions, ...space.positions].map((p) => p.xAdvance));
        }
      }
    }
  });

  it('shapes every character of the four fonts as fontkit does with all its features (marks skipped only where unused)', () => {
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      const { font } = loaded;
      const scale = 1000 / font.unitsPerEm;
      const chars = (font as unknown as { characterSet: number[] }).characterSet.map((cp) => String.fromCodePoint(cp)).filter((ch) => /\S/u.test(ch));
      expect(chars.length).toBeGreaterThan(2000);
      for (const ch of chars) {
        // Devanagari is shaped a script at a time, its split vowels joined: see the tests below.
        if (/\p{Script=Devanagari}/u.test(ch)) continue;
        for (const piece of [ch, `T${ch}f`]) {
          const ours = loaded.shape(piece);
          // A letter the font's ccmp splits into letter and accent is drawn precomposed, as shaped without ccmp.
          const split = font.layout(piece).glyphs.some((g) => g.codePoints.length === 0);
          const full = split ? font.layout(piece, { ccmp: false }) : font.layout(piece);
          expect(
            ours.glyphs.map((g) => g.id),
            piece,
          ).toEqual(full.glyphs.map((g) => g.id));
          expect(
            ours.positions.map((p) => [p.xAdvance, p.xOffset, p.yOffset]),
            piece,
          ).toEqual(full.positions.map((p) => [p.xAdvance * scale, p.xOffset * scale, p.yOffset * scale]));
        }
      }
    }
  });

  it('keeps the characters of invisible ones fontkit draws as a zero-width space, for the text layer', () => {
    // fontkit's hideDefaultIgnorables gives a soft hyphen, a zero-width joiner or space, or a word joiner the
    // space glyph with the space's character: pdf.js read "Gewerk schaft" for "Gewerk\u00adschaft".
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      for (const invisible of ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060']) {
        const run = loaded.shape(`Gewerk${invisible}schaft`);
        expect(run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('')).toBe(`Gewerk${invisible}schaft`);
        expect(run.positions[6]!.xAdvance).toBe(0);
      }
      expect(loaded.shape(' ').glyphs[0]!.codePoints).toEqual([0x20]);
    }
  });

  it('draws a letter that the font would split into letter and accent (Vietnamese “ị”) precomposed, each glyph with its characters', () => {
    // Noto Sans's ccmp draws "ị" as "i" and a dot below, and fontkit left the dot with no character,
    // which pdf.js reads as the character of its glyph code ("Thị?", "Ngọ?c").
    for (const style of STYLES) {
      const loaded = loadFonts().fonts[style];
      for (const word of ['Thị', 'Ngọc', 'Nguyễn', 'Bùi', 'Ṣọla', 'ǹ', 'ḿ', 'Phạm']) {
        const run = loaded.shape(word);
        expect(
          run.glyphs.map((g) => String.fromCodePoint(...g.codePoints)),
          word,
        ).toEqual([...word]);
      }
    }
  });

  it('picks the style of a run', () => {
    expect(styleOf(false, false)).toBe('regular');
    expect(styleOf(true, false)).toBe('bold');
    expect(styleOf(false, true)).toBe('italic');
    expect(styleOf(true, true)).toBe('boldItalic');
  });

  it('names a character by its code point', () => {
    expect(codePoint('é')).toBe('U+00E9');
    expect(codePoint('😀')).toBe('U+1F600');
  });
});

describe('unprintableMessage', () => {
  it('names each character with its code point, in the singular or plural, with the fix', () => {
    expect(unprintableMessage(['🙂'])).toBe('character `🙂` (U+1F642) is in no embedded font, so the letter cannot print it: replace or remove it.');
    expect(unprintableMessage(['☭', 'ឈ'])).toBe(
      'characters `☭` (U+262D), `ឈ` (U+1788) are in no embedded font, so the letter cannot print them: replace or remove them.',
    );
    expect(unprintableMessage(['ឈ'], 'the letter to tokayev')).toBe(
      'character `ឈ` (U+1788) is in no embedded font, and the letter to tokayev prints it: replace or remove it, or leave the field out of the body and template.',
    );
  });
});

describe('missingGlyphs and missingInLetterFonts, from one cached answer per character', () => {
  it('tells characters no font has from those only a fallback font has', () => {
    const fonts = loadFonts();
    // Twice each: the second answer comes from the cache and must be the same.
    for (let i = 0; i < 2; i++) {
      expect(fonts.missingGlyphs('Été 中文 רצ 🙂\t\n🙂')).toEqual(['🙂']);
      expect(missingInLetterFonts('Été 中文 רצ 🙂\t\n🙂')).toEqual(['中', '文', 'ר', 'צ', '🙂']);
      expect(fonts.missingInLetterFonts('Ерлан Балтабай')).toEqual([]);
    }
  });
});
