import { describe, expect, it } from 'vitest';
import { codePoint, loadFonts, styleOf } from '../../src/fonts/font-set.js';

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
