// A word wider than a line (a long URL, or a hostile string with no space) is cut into pieces that
// fit: with work in proportion to its length, since a case or sender file may hold a million of them.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts, type FontSet } from '../../src/fonts/font-set.js';
import { loadHarfBuzz } from '../../src/fonts/harfbuzz.js';
import { BODY, TEXT_WIDTH } from '../../src/layout/page-style.js';
import { splitWords } from '../../src/layout/split-words.js';
import { wrapWords, type WrappedLine } from '../../src/layout/wrap-words.js';

const fonts = loadFonts();

// Thai, Khmer and Bengali are measured by HarfBuzz, which a letter loads before it is laid out.
beforeAll(loadHarfBuzz);
const text = (line: WrappedLine) => line.words.map((w) => w.pieces.map((p) => p.text).join('')).join(' ');

/** The font set, counting the characters it is asked to measure. */
function counting(): { set: FontSet; measured: () => number } {
  let measured = 0;
  const regular = Object.create(fonts.fonts.regular) as FontSet['fonts']['regular'];
  regular.width = (s: string) => {
    measured += s.length;
    return fonts.fonts.regular.width(s);
  };
  return { set: { ...fonts, fonts: { ...fonts.fonts, regular } }, measured: () => measured };
}

function wrapLong(word: string, set: FontSet): WrappedLine[] {
  return wrapWords(splitWords([{ kind: 'text', text: `See ${word} now.` }]), TEXT_WIDTH, BODY.size, set, false, { justify: true });
}

describe('a word wider than a line', () => {
  it('is cut between the words of Thai and Khmer, and never a subscript or a mark from its letter', () => {
    const thai = 'สหภาพแรงงานรัฐวิสาหกิจสัมพันธ์'.repeat(16);
    const khmer = 'សហជីពកម្មករកម្ពុជា'.repeat(20);
    for (const run of [thai, khmer]) {
      const lines = wrapLong(run, fonts).map(text);
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.join('').replace(/ /g, '')).toBe(`See${run}now.`);
      // Every cut is one of ICU's word boundaries in the run (its dictionary's, for these scripts).
      const bounds = new Set(Array.from(new Intl.Segmenter(undefined, { granularity: 'word' }).segment(run), (w) => w.index));
      let at = -'See'.length;
      for (const line of lines.slice(0, -1)) {
        at += line.replace(/ /g, '').length;
        if (at > 0 && at < run.length) expect(bounds.has(at), line).toBe(true);
      }
    }
  });

  it('cuts a long word of conjuncts between letters with their marks: never after a virama or coeng, never before a mark', () => {
    for (const word of ['क्षत्रिय'.repeat(40), 'শ্রমিকদের'.repeat(40), 'ស្ត្រីក្មេង'.repeat(200)]) {
      const pieces = wrapLong(word, fonts).flatMap((l) => l.words.flatMap((w) => w.pieces.map((p) => p.text)));
      expect(pieces.join('')).toBe(`See${word}now.`);
      for (const piece of pieces.slice(1)) expect(piece, piece).not.toMatch(/^\p{M}/u);
      for (const piece of pieces) expect(piece, piece).not.toMatch(/[\u094d\u09cd\u17d2]$/u);
    }
  });

  it('cuts a hostile word of 160,000 characters in one pass over its letters (Intl.Segmenter took 23 s)', () => {
    const started = performance.now();
    const lines = wrapLong('[^'.repeat(80_000), fonts);
    expect(lines.length).toBeGreaterThan(100);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('is cut into lines that fit, preferring a cut after / . ? & = _ or before -, and keeps every character', () => {
    const url = 'https://www.ituc-csi.org/kazakhstan-trade-union-leader-erlan-baltabay-jailed?lang=en&utm_source=campaign_day_2020';
    const lines = wrapLong(url, fonts);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(TEXT_WIDTH + 0.001);
    expect(lines.map(text).join('').replace(/ /g, '')).toBe(`See${url}now.`);
    expect(lines.slice(0, -1).every((l, i) => /[/.?&=_]$/.test(text(l)) || text(lines[i + 1]!).startsWith('-') || text(l) === 'See')).toBe(true);
  });

  it('never ends a line with a hyphen of the address: readers take it for a hyphenation and drop it', () => {
    // pdftotext and pdf.js's viewer read "commit-⏎subversion" as "commitsubversion", a broken address;
    // cut before the hyphen (Chicago Manual of Style, 7.42), "commit⏎-subversion" reads back whole.
    const urls = [
      'https://hongkongfp.com/2021/03/01/breaking-47-hong-kong-democrats-charged-with-conspiracy-to-commit-subversion-under-national-security-law/',
      'https://hongkongfp.com/2024/05/30/hong-kong-47-14-democrats-found-guilty-of-subversion-in-citys-largest-national-security-trial/',
      'https://www.example.org/a-very-long-path-made-only-of-short-hyphenated-words-to-be-cut-at-one-of-its-many-hyphens-somewhere-here',
    ];
    for (const url of urls) {
      const lines = wrapLong(url, fonts);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.width).toBeLessThanOrEqual(TEXT_WIDTH + 0.001);
      expect(lines.map(text).join('').replace(/ /g, '')).toBe(`See${url}now.`);
      expect(lines.map(text).filter((t) => t.endsWith('-'))).toEqual([]);
    }
  });

  it('cuts a compound name wider than a narrow column after its hyphen, as names are hyphenated', () => {
    // A letterhead's officer column is some 100 points wide: the hyphen ends the line, never starts the next.
    const lines = wrapWords(splitWords([{ kind: 'text', text: 'Marie-Françoise Vandenbroucke-D’Hondt' }]), 100, BODY.size, fonts);
    expect(lines.map(text)).toEqual(['Marie-Françoise', 'Vandenbroucke-', 'D’Hondt']);
  });

  it('keeps on one line a rest that fits once shaped, though its letters alone are wider (joined Arabic)', () => {
    const arabic = `https://ar.example.org/${'بِسْمِ_اللَّهِ_الرَّحْمَٰنِ_'.repeat(8)}`;
    const lines = wrapLong(arabic, fonts);
    // See, one cut of the address, and its rest with "now.": the rest is not cut again.
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(TEXT_WIDTH + 0.001);
    expect(lines.map(text).join('').replace(/ /g, '')).toBe(`See${arabic}now.`);
  });

  it('never makes a line wider than the measure, even where a ligature is wider than its letters (italic ff)', () => {
    const word = `https://example.org/${'ff'.repeat(400)}`;
    const lines = wrapWords(splitWords([{ kind: 'text', text: word, italic: true }]), TEXT_WIDTH, BODY.size, fonts);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(TEXT_WIDTH + 0.001);
    expect(lines.map(text).join('')).toBe(word);
  });

  // Found by fuzzing: such a word was shaped whole to learn that it is too wide: 240,000 Devanagari letters
  // took 20 s and 600 MB, 160,000 Korean jamo 35 s, and a chain of 60,000 viramas, one "letter", 15 s.
  it('is never shaped whole, nor in parts longer than some hundreds of characters', () => {
    for (const word of ['क'.repeat(240_000), 'क्'.repeat(60_000), 'ᄀ'.repeat(160_000)]) {
      let longest = 0;
      const regular = Object.create(fonts.fonts.regular) as FontSet['fonts']['regular'];
      regular.width = (s: string) => {
        longest = Math.max(longest, s.length);
        return fonts.fonts.regular.width(s);
      };
      const lines = wrapLong(word, { ...fonts, fonts: { ...fonts.fonts, regular } });
      expect(lines.map(text).join('').replace(/ /g, '')).toBe(`See${word}now.`);
      expect(longest, word.slice(0, 2)).toBeLessThan(1_200);
    }
  });

  it('is measured in time linear in its length', () => {
    const measure = (n: number) => {
      const { set, measured } = counting();
      const lines = wrapLong('x'.repeat(n), set);
      expect(lines.map(text).join('').replace(/ /g, '')).toBe(`See${'x'.repeat(n)}now.`);
      return measured();
    };
    const small = measure(4_000);
    const large = measure(16_000);
    // Each remainder measured again made this 4 times as much work for 4 times the length.
    expect(large / small).toBeLessThan(4.5);
    expect(large).toBeLessThan(16_000 * 6);
  });
});
