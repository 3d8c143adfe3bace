import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('widths kept for texts of fallback scripts', () => {
  // Kept per process, by text: the fallback fonts' own and a Han view's were Maps that only grew, some
  // 120 bytes a text, over a day of letters to ever-new officials with names in Chinese or Arabic.
  it('stay within bounds over ever-new texts', async () => {
    const view = fontsForHan(loadFonts(), 'jp').fonts.regular;
    // Three characters each, all different texts: a Han character, another, a kana.
    const text = (i: number) => String.fromCodePoint(0x4e00 + (i % 5000), 0x4e00 + 5000 + Math.floor(i / 5000), 0x3042 + (i % 80));
    const measure = (from: number, count: number) => {
      for (let i = from; i < from + count; i++) view.width(text(i));
    };
    const settled = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      gc();
      return getHeapStatistics().used_heap_size;
    };
    const count = 100_000;
    // The first texts fill whatever is kept (and load the glyphs); as many more must keep no more.
    measure(0, count);
    const before = await settled();
    measure(count, count);
    const after = await settled();
    expect((after - before) / count).toBeLessThan(20);
  }, 120_000);
});
