// scripts/bundle-patches.ts has fontkit read its range records as plain objects, search its coverage
// and class lists by halves and pass over the glyphs a lookup cannot start at: bundled with the
// patches, fontkit must shape every text in every font of a letter exactly as it does without them,
// and the searches find what reading from the start finds.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fontkitShaperTriesLazy, SEARCHED_RANGES_HELPERS } from '../../scripts/bundle-patches.js';
import { bundled } from '../helpers/bundled.js';

const root = resolve(import.meta.dirname, '..', '..');

interface Run {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}
interface Subtable {
  version: number;
  _startOffset: number;
  backtrackGlyphCount?: number;
  extension?: Subtable;
}
interface Gsub {
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(i: number): { lookupType: number; subTables: Subtable[] } };
}
interface Fontkit {
  create(buffer: Buffer): { layout(text: string, features?: Record<string, boolean>): Run };
}

/** fontkit bundled as the build bundles it, with or without its patches, and loaded. */
const fontkit = (plugins: Plugin[]) => bundled<Fontkit>("export { create } from 'fontkit';", plugins);

const FONTS = [
  '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
  '@embedpdf/fonts-arabic/fonts/NotoNaskhArabic-Regular.ttf',
  '@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf',
  '@fontsource/noto-sans-georgian/files/noto-sans-georgian-georgian-400-normal.woff',
  '@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-700-normal.woff',
];

/** Kerning pairs, ligatures, accents, marks and every script the fonts above draw. */
const TEXTS = [
  'AVATAR To Wa Yo P. T, LT AT Ty Ve',
  'office affiliate fluffy ffi ffl',
  'Confédération syndicale internationale, Žilina, Łódź, Ærøskøbing, Ştefan, İstanbul',
  'Ерлан Балтабай, Қазақстан Республикасының Президенті Тоқаев',
  'Διεθνής Συνομοσπονδία Συνδικάτων «ΑΥΤΟ»',
  'नमस्ते क्षत्रिय हिन्दी श्रमिक',
  'a\u0301e\u0300o\u0302 q\u0307\u0323 n\u0303',
  'الاتحاد الدولي لنقابات العمال',
  'ارلان بالتاباي',
  'הקונפדרציה הבינלאומית של האיגודים המקצועיים',
  'საერთაშორისო პროფკავშირული კონფედერაცია',
  'Միջազգային արհմիությունների համադաշնություն',
  '1/2 3\u20444 «», „“ — – … 2019–2024 №12 €100',
];

describe('fontkit bundled with the patches', () => {
  it('shapes every text in every font of a letter exactly as fontkit without them', async () => {
    const [plain, patched] = [await fontkit([]), await fontkit([fontkitShaperTriesLazy])];
    let glyphs = 0;
    for (const path of FONTS) {
      const bytes = readFileSync(join(root, 'node_modules', path));
      const [a, b] = [plain.create(bytes), patched.create(bytes)];
      for (const text of TEXTS) {
        for (const features of [undefined, { mark: false, mkmk: false }, { liga: false, kern: false }] as (Record<string, boolean> | undefined)[]) {
          const [x, y] = [a.layout(text, features && { ...features }), b.layout(text, features && { ...features })];
          const seen = (run: Run) => ({ ids: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => ({ ...p })) });
          expect([path, text, seen(y)]).toEqual([path, text, seen(x)]);
          glyphs += x.glyphs.length;
        }
      }
    }
    expect(glyphs).toBeGreaterThan(1000);
    // The kerning the class lists give is there: "AV" is narrower than A and V apart.
    const font = patched.create(readFileSync(join(root, 'node_modules', FONTS[0]!)));
    const width = (text: string) => font.layout(text).positions.reduce((sum, p) => sum + p.xAdvance, 0);
    expect(width('AV')).toBeLessThan(width('A') + width('V'));
  });

  // Found by a review: each made the patched fontkit shape otherwise than fontkit, or stop the process.
  it('shapes a malformed font as fontkit does: a substitution short of glyphs, an unreadable context, a coverage of a million glyphs', async () => {
    const [plain, patched] = [await fontkit([]), await fontkit([fontkitShaperTriesLazy])];
    const original = readFileSync(join(root, 'node_modules', FONTS[0]!));
    /** The GSUB subtables of a feature, as fontkit decodes them (each knows its offset in the file). */
    const subtables = (tag: string): Subtable[] => {
      const gsub = (plain.create(original) as unknown as { GSUB: Gsub }).GSUB;
      const indexes = gsub.featureList.filter((r) => r.tag === tag).flatMap((r) => r.feature.lookupListIndexes);
      return indexes.flatMap((i) => {
        const lookup = gsub.lookupList.get(i);
        return lookup.subTables.map((sub) => (lookup.lookupType === 7 ? sub.extension! : sub));
      });
    };
    const same = (bytes: Buffer, texts: string[], features: string[]) => {
      const [a, b] = [plain.create(bytes), patched.create(bytes)];
      const seen = (font: ReturnType<Fontkit['create']>, text: string) => {
        try {
          const run = font.layout(text, features as unknown as Record<string, boolean>);
          return { ids: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => ({ ...p })) };
        } catch (err) {
          return { threw: (err as Error).message };
        }
      };
      for (const text of texts) expect([text, seen(b, text)]).toEqual([text, seen(a, text)]);
    };
    const texts = ['-a', "'a", '(H)', 'A-V', 'xyz', '1a', '2o', 'abc', 'office'];

    // Single substitutions of format 2 that list no substitutes for the glyphs their coverage has.
    const short = Buffer.from(original);
    const singles = subtables('smcp').filter((t) => t.version === 2);
    expect(singles.length).toBeGreaterThan(0);
    for (const t of singles) short.writeUInt16BE(0, t._startOffset + 4);
    same(short, texts, ['smcp']);

    // Chaining contexts of format 3 whose glyphs before cannot be read (their offsets 0).
    const unreadable = Buffer.from(original);
    const chains = subtables('ordn').filter((t) => t.version === 3 && (t.backtrackGlyphCount ?? 0) > 0);
    expect(chains.length).toBeGreaterThan(0);
    for (const t of chains) for (let k = 0; k < t.backtrackGlyphCount!; k++) unreadable.writeUInt16BE(0, t._startOffset + 4 + 2 * k);
    same(unreadable, texts, ['ordn']);

    // A coverage of 1,800 ranges each over every glyph id.
    const wide = Buffer.from(original);
    const at = singles[0]!._startOffset + 40_000;
    wide.writeUInt16BE(40_000, singles[0]!._startOffset + 2);
    wide.writeUInt16BE(2, at);
    wide.writeUInt16BE(1800, at + 2);
    for (let i = 0; i < 1800; i++) {
      wide.writeUInt16BE(0, at + 4 + 6 * i);
      wide.writeUInt16BE(65535, at + 6 + 6 * i);
      wide.writeUInt16BE(0, at + 8 + 6 * i);
    }
    same(wide, ['abc'], ['smcp']);
  });

  it('finds by halves the entry reading from the start finds, and reads from the start a list out of order', () => {
    type Range = { start: number; end: number; class: number };
    const { lettersRangeOf, lettersIndexOfGlyph } = new Function(`${SEARCHED_RANGES_HELPERS}\nreturn { lettersRangeOf, lettersIndexOfGlyph };`)() as {
      lettersRangeOf: (ranges: Range[], glyph: number) => Range | undefined;
      lettersIndexOfGlyph: (glyphs: number[], glyph: number) => number;
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      const count = random(40);
      // Sorted and apart; or, one round in three, shuffled, overlapping or with a range backwards.
      let at = random(5);
      let ranges: Range[] = Array.from({ length: count }, (_, i) => {
        const start = at + random(4);
        const end = start + random(6);
        at = end + 1;
        return { start, end, class: i + 1 };
      });
      const glyphs = [...new Set(ranges.map((r) => r.start))];
      if (round % 3 === 1 && count > 1) {
        ranges = [...ranges].sort(() => random(3) - 1);
        glyphs.reverse();
      }
      if (round % 3 === 2 && count > 1) {
        ranges[random(count)]!.end += 15;
        ranges[random(count)]!.start += 20;
        glyphs.push(glyphs[0]!);
      }
      for (let glyph = 0; glyph < at + 25; glyph++) {
        expect(lettersRangeOf(ranges, glyph)).toBe(ranges.find((r) => r.start <= glyph && glyph <= r.end));
        expect(lettersIndexOfGlyph(glyphs, glyph)).toBe(glyphs.indexOf(glyph));
      }
      // A substitution's missing glyph: fontkit asks about undefined, which no range holds.
      expect(lettersRangeOf(ranges, undefined as unknown as number)).toBe(undefined);
      expect(lettersIndexOfGlyph(glyphs, undefined as unknown as number)).toBe(-1);
    }
  });
});
