import { describe, expect, it } from 'vitest';
import { fallbackFor, hanFontFor, loadedFallbacks, scriptOf } from '../../src/fonts/fallback-fonts.js';
import { loadFonts } from '../../src/fonts/font-set.js';
import { fontsForHan } from '../../src/fonts/letter-fonts.js';
import { fontRuns } from '../../src/fonts/script-runs.js';

describe('fallback fonts', () => {
  it('parses no fallback font for Latin, Greek and Cyrillic text', () => {
    const { regular } = loadFonts().fonts;
    regular.width('Erlan Baltabay, Ерлан Балтабай, Αλέξης «Decent Work» – “ok”');
    expect(loadFonts().missingGlyphs('Erlan Ерлан Αλέξης')).toEqual([]);
    expect(loadedFallbacks()).toEqual([]);
  });

  it('knows the script of each character', () => {
    expect(['ر', 'ש', 'ქ', 'Ա', '李', 'や', '김', 'A', 'Ж', 'Ω', '«'].map((ch) => scriptOf(ch.codePointAt(0)!))).toEqual([
      'arabic',
      'hebrew',
      'georgian',
      'armenian',
      'han',
      'kana',
      'hangul',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('accepts every supported script, and still names an emoji or a private-use character as missing', () => {
    const text = 'رضا شهابی نمی‌خواهیم عبدالله שלום 李卓人 山田やまだ 김민수 ნინო Արամ Αλέξης';
    expect(loadFonts().missingGlyphs(text)).toEqual([]);
    expect(loadFonts().missingGlyphs('رضا 😀 李 \u{E000}')).toEqual(['😀', '\u{E000}']);
  });

  it('splits a text into runs by the font that has its glyphs, spaces and punctuation in the style’s own', () => {
    const runs = fontRuns('Reza (رضا شهابی), 李卓人!', false, 'sc');
    expect(runs.map((r) => [r.text, r.fallback?.key ?? 'main'])).toEqual([
      ['Reza (', 'main'],
      ['رضا', 'arabic-regular'],
      [' ', 'main'],
      ['شهابی', 'arabic-regular'],
      ['), ', 'main'],
      ['李卓人', 'sc-regular'],
      ['!', 'main'],
    ]);
    // A zero-width non-joiner stays in its word's run, so the word is shaped whole.
    expect(fontRuns('نمی‌خواهیم', true, 'sc').map((r) => [r.text, r.fallback?.key])).toEqual([['نمی‌خواهیم', 'arabic-bold']]);
  });

  it('sets Han characters in the letter’s choice, kana runs in Japanese and hangul runs in Korean', () => {
    expect(fallbackFor('han', '李卓人', 'regular', 'tc').key).toBe('tc-regular');
    expect(fallbackFor('han', '李卓人', 'regular', 'sc').key).toBe('sc-regular');
    expect(fallbackFor('han', '山田やまだ', 'regular', 'tc').key).toBe('jp-regular');
    expect(fallbackFor('han', '김민수', 'bold', 'sc').key).toBe('kr-bold');
  });

  it('chooses the Han forms by the case’s letter.han, else by its country', () => {
    expect(hanFontFor('China')).toBe('sc');
    expect(hanFontFor('Hong Kong SAR, China')).toBe('tc');
    expect(hanFontFor('Taiwan')).toBe('tc');
    expect(hanFontFor('Macau')).toBe('tc');
    expect(hanFontFor('Japan')).toBe('jp');
    expect(hanFontFor('Republic of Korea')).toBe('kr');
    expect(hanFontFor('China', 'traditional')).toBe('tc');
  });

  it('measures mixed text by its runs, and a Korean letter’s hangul in the Korean font', () => {
    const { regular } = loadFonts().fonts;
    const arabic = fallbackFor('arabic', 'رضا', 'regular', 'sc');
    expect(regular.width('Reza رضا')).toBeCloseTo(regular.width('Reza ') + arabic.width('رضا'), 10);
    // Joined forms are narrower than the letters standing alone.
    expect(arabic.width('شهابی')).toBeLessThan([...'شهابی'].reduce((w, ch) => w + arabic.width(ch), 0));
    expect(fontsForHan(loadFonts(), 'kr').fonts.regular.width('김민수')).toBeCloseTo(fallbackFor('han', '김민수', 'regular', 'kr').width('김민수'), 10);
    expect(fontsForHan(loadFonts(), 'sc')).toBe(loadFonts());
  });
});
