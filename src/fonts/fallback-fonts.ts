// Fonts for the scripts Noto Sans lacks (names and quotations of a case), each read and parsed the
// first time a text needs it: a letter in Latin, Greek or Cyrillic script never touches them.
import { readFontFile } from './font-file.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as fontkit from 'fontkit';
import { BoundedCache } from '../bounded-cache.js';
import { harfBuzzShaper, type HarfBuzzShaper, type PlacedGlyph } from './harfbuzz.js';
import { openFont } from './open-font.js';
import { woffToSfnt } from './woff-to-sfnt.js';

/** The font Han characters are set in: Simplified or Traditional Chinese, Japanese, Korean forms. */
export type HanFont = 'sc' | 'tc' | 'jp' | 'kr';
export const HAN_FONTS: readonly HanFont[] = ['sc', 'tc', 'jp', 'kr'];

/** The scripts HarfBuzz shapes (harfbuzz.ts says why), each in its Noto Sans from Fontsource. */
export type HarfBuzzScript = 'bengali' | 'tamil' | 'thai' | 'myanmar' | 'khmer';
const HARFBUZZ_SCRIPTS: readonly HarfBuzzScript[] = ['bengali', 'tamil', 'thai', 'myanmar', 'khmer'];

export type FallbackName = 'arabic' | 'hebrew' | 'georgian' | 'armenian' | HarfBuzzScript | HanFont;
export type Weight = 'regular' | 'bold';

/** Where a script's font sits, from its npm package's folder. */
const FILES: Record<FallbackName, { pkg: string; regular: string; bold: string }> = {
  // Naskh has every letter of Persian and Urdu as well as Arabic.
  arabic: { pkg: '@embedpdf/fonts-arabic', regular: 'fonts/NotoNaskhArabic-Regular.ttf', bold: 'fonts/NotoNaskhArabic-Bold.ttf' },
  hebrew: { pkg: '@embedpdf/fonts-hebrew', regular: 'fonts/NotoSansHebrew-Regular.ttf', bold: 'fonts/NotoSansHebrew-Bold.ttf' },
  // Noto Sans CJK in its four regional forms (Hans: Simplified, Hant: Traditional).
  sc: { pkg: '@embedpdf/fonts-sc', regular: 'fonts/NotoSansHans-Regular.otf', bold: 'fonts/NotoSansHans-Bold.otf' },
  tc: { pkg: '@embedpdf/fonts-tc', regular: 'fonts/NotoSansHant-Regular.otf', bold: 'fonts/NotoSansHant-Bold.otf' },
  jp: { pkg: '@embedpdf/fonts-jp', regular: 'fonts/NotoSansJP-Regular.otf', bold: 'fonts/NotoSansJP-Bold.otf' },
  kr: { pkg: '@embedpdf/fonts-kr', regular: 'fonts/NotoSansKR-Regular.otf', bold: 'fonts/NotoSansKR-Bold.otf' },
  // Fontsource ships these scripts' subsets as WOFF, which fontkit reads and pdfkit subsets like a TTF.
  georgian: {
    pkg: '@fontsource/noto-sans-georgian',
    regular: 'files/noto-sans-georgian-georgian-400-normal.woff',
    bold: 'files/noto-sans-georgian-georgian-700-normal.woff',
  },
  armenian: {
    pkg: '@fontsource/noto-sans-armenian',
    regular: 'files/noto-sans-armenian-armenian-400-normal.woff',
    bold: 'files/noto-sans-armenian-armenian-700-normal.woff',
  },
  ...(Object.fromEntries(
    HARFBUZZ_SCRIPTS.map((script) => [
      script,
      {
        pkg: `@fontsource/noto-sans-${script}`,
        regular: `files/noto-sans-${script}-${script}-400-normal.woff`,
        bold: `files/noto-sans-${script}-${script}-700-normal.woff`,
      },
    ]),
  ) as Record<HarfBuzzScript, { pkg: string; regular: string; bold: string }>),
};

export interface FallbackFont {
  /** The name pdfkit knows it by in a document: "arabic-regular". */
  key: string;
  name: FallbackName;
  font: fontkit.Font;
  /** Right-to-left script: fontkit returns its glyphs in visual order. */
  rtl: boolean;
  /** Width of `text` at size 1. */
  width(text: string): number;
  ascent: number;
  /**
   * For a script HarfBuzz shapes: a run of it as HarfBuzz shapes it, in font units, the glyphs in
   * fontkit's form (what pdfkit draws and document-fonts.ts numbers); such a font's `width` is measured
   * from it. Other fonts are shaped by fontkit, through pdfkit.
   */
  shape?(text: string): ShapedRun;
}

/** A run shaped by HarfBuzz, as fontkit gives a glyph run: glyphs, their places, the run's advance. */
export interface ShapedRun {
  /** `widened`: the glyph's width in the PDF is not its own (shapedRun says why). */
  glyphs: { id: number; advanceWidth: number; codePoints: number[]; widened?: true }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
}

/** The scripts of the fallback fonts, by code point; Han, kana and hangul all go to a CJK font. */
export type Script = 'arabic' | 'hebrew' | 'georgian' | 'armenian' | HarfBuzzScript | 'han' | 'kana' | 'hangul';

const RANGES: [number, number, Script][] = [
  [0x0530, 0x058f, 'armenian'],
  [0x0590, 0x05ff, 'hebrew'],
  [0x0600, 0x06ff, 'arabic'],
  [0x0750, 0x077f, 'arabic'],
  [0x08a0, 0x08ff, 'arabic'],
  [0x0980, 0x09ff, 'bengali'],
  [0x0b80, 0x0bff, 'tamil'],
  [0x0e00, 0x0e7f, 'thai'],
  [0x1000, 0x109f, 'myanmar'],
  [0x10a0, 0x10ff, 'georgian'],
  [0x1100, 0x11ff, 'hangul'],
  [0x1780, 0x17ff, 'khmer'],
  [0x19e0, 0x19ff, 'khmer'],
  [0x1c90, 0x1cbf, 'georgian'],
  [0x2d00, 0x2d2f, 'georgian'],
  [0x2e80, 0x2fdf, 'han'],
  [0x3000, 0x303f, 'han'], // CJK punctuation: 、。「」
  [0x3040, 0x30ff, 'kana'],
  [0x3130, 0x318f, 'hangul'],
  [0x31f0, 0x31ff, 'kana'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xa960, 0xa97f, 'hangul'],
  [0xa9e0, 0xa9ff, 'myanmar'],
  [0xaa60, 0xaa7f, 'myanmar'],
  [0xac00, 0xd7ff, 'hangul'],
  [0xf900, 0xfaff, 'han'],
  [0xfb13, 0xfb17, 'armenian'],
  [0xfb1d, 0xfb4f, 'hebrew'],
  [0xfb50, 0xfdff, 'arabic'],
  // Arabic presentation forms B end at U+FEFC; U+FEFF (a zero-width no-break space, in any script's text) is no Arabic.
  [0xfe70, 0xfefc, 'arabic'],
  [0xff00, 0xffef, 'han'], // full-width forms
  [0x20000, 0x3134f, 'han'],
];

/** Whether a text has a character of a fallback font's script: the quick test before any other work. */
export const FALLBACK_SCRIPT =
  /[\u0530-\u08ff\u0980-\u09ff\u0b80-\u0bff\u0e00-\u0e7f\u1000-\u11ff\u1780-\u17ff\u19e0-\u19ff\u1c90-\u1cbf\u2d00-\u2d2f\u2e80-\u9fff\ua960-\ua97f\ua9e0-\ua9ff\uaa60-\uaa7f\uac00-\ud7ff\uf900-\ufaff\ufb13-\ufdff\ufe70-\ufefc\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;

/** Whether a text has a character of a script HarfBuzz shapes: a letter with one loads it first (pipeline/ready-to-shape.ts). */
export const HARFBUZZ_SCRIPT = /[\u0980-\u09ff\u0b80-\u0bff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f]/;

/** Whether a text has a letter of a right-to-left script (Hebrew, Arabic): its words are ordered by the bidi algorithm. */
export const RIGHT_TO_LEFT = /[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

export function scriptOf(cp: number): Script | undefined {
  if (cp < 0x0530) return undefined;
  for (const [from, to, script] of RANGES) if (cp >= from && cp <= to) return script;
  return undefined;
}

const cache = new Map<string, FallbackFont>();

/**
 * Widths kept per fallback font, by text (the names and quotations of a day's letters come back letter
 * after letter); then the cache starts over, so a day of ever-new names cannot grow it without bound.
 */
export const FALLBACK_WIDTHS_LIMIT = 20_000;

/** A fallback font, parsed on first use and kept for the process (as the main fonts are). */
export function fallbackFont(name: FallbackName, weight: Weight): FallbackFont {
  const key = `${name}-${weight}`;
  let loaded = cache.get(key);
  if (loaded) return loaded;
  // Shared by every letter of the process, as the main fonts are (see glyph-characters.ts).
  const bytes = readFontFile(FILES[name].pkg, () => fallbackFontFile(name, weight));
  const font = openFont(bytes);
  const scale = 1 / font.unitsPerEm;
  const widths = new BoundedCache<string, number>(FALLBACK_WIDTHS_LIMIT);
  const shape = (HARFBUZZ_SCRIPTS as readonly string[]).includes(name) ? harfBuzzRuns(font, bytes) : undefined;
  loaded = {
    key,
    name,
    font,
    rtl: name === 'arabic' || name === 'hebrew',
    width: (text) => widths.getOrMake(text, () => (shape ? shape(text) : font.layout(text)).advanceWidth * scale),
    ascent: font.ascent * scale,
    ...(shape ? { shape } : {}),
  };
  cache.set(key, loaded);
  return loaded;
}

/** Runs shaped once per process per text, as fontkit's are through the shaping caches. */
const SHAPED_RUNS_LIMIT = 20_000;

/** The HarfBuzz shaping of a fallback font's runs (FallbackFont.shape), the shaper made on first use. */
function harfBuzzRuns(font: fontkit.Font, bytes: Uint8Array): (text: string) => ShapedRun {
  let shaper: HarfBuzzShaper | undefined;
  // The blank glyph that carries marks for pdf.js (carryMarks), where the font has one: found once per font.
  const space = font.glyphForCodePoint(0x20);
  const blank = space.id !== 0 && space.path.toSVG() === '' ? space.id : undefined;
  const runs = new BoundedCache<string, ShapedRun>(SHAPED_RUNS_LIMIT);
  return (text) => runs.getOrMake(text, () => shapedRun(font, (shaper ??= harfBuzzShaper(woffToSfnt(bytes))).shape(text), text, blank));
}

/**
 * HarfBuzz's glyphs as fontkit's, with the characters each stands for in the PDF's text layer, which
 * text extractors read glyph by glyph, left to right, and where a glyph that takes room but reads as
 * nothing is taken for a space. A cluster (the glyphs HarfBuzz made from a run of characters, a
 * reordered syllable as one; with the clusters of marks alone that follow it) gives its characters
 * to its glyphs that take room, one each in the order typed and the rest to the last; its marks read
 * as nothing. So Bengali কি, drawn vowel sign first, reads as typed (as typed-order.ts does for
 * Devanagari). A glyph left without characters (a vowel drawn in two parts around its consonant,
 * Tamil தொ) hands its width in the PDF to the glyph before it that reads, so nothing reads as a gap;
 * where each glyph is drawn does not change (document-fonts.ts keys glyph copies by that width).
 */
function shapedRun(font: fontkit.Font, placed: PlacedGlyph[], text: string, blank: number | undefined): ShapedRun {
  // Each glyph's width in the PDF is its advance on the line, which HarfBuzz may have changed from
  // the font's own (a conjunct widened for its parts): an extractor that finds a glyph's successor
  // further on than its width takes the distance for a space.
  const glyphs: ShapedRun['glyphs'] = placed.map((g) => {
    const own = font.getGlyph(g.id)!.advanceWidth;
    return { id: g.id, advanceWidth: g.xAdvance, codePoints: [], ...(g.xAdvance !== own ? { widened: true as const } : {}) };
  });
  const takesRoom = (i: number) => placed[i]!.xAdvance > 0;
  const carried = new Map<number, number[]>();
  // The least cluster from each glyph on, found once: a cluster's characters run up to the next one's
  // start (scanning every later glyph for each cluster made a long run without spaces quadratic).
  const least = new Array<number>(placed.length + 1);
  least[placed.length] = text.length;
  for (let i = placed.length - 1; i >= 0; i--) least[i] = Math.min(placed[i]!.cluster, least[i + 1]!);
  for (let from = 0; from < placed.length;) {
    let to = from + 1;
    // The cluster, and the clusters after it that are marks alone (a below-base consonant, Bengali ক্ত).
    for (let cluster = placed[from]!.cluster; to < placed.length; to++) {
      if (placed[to]!.cluster === cluster) continue;
      let next = to;
      while (next < placed.length && placed[next]!.cluster === placed[to]!.cluster) next++;
      let roomy = false;
      for (let k = to; k < next && !roomy; k++) roomy = takesRoom(k);
      if (roomy) break;
      cluster = placed[to]!.cluster;
      to = next - 1;
    }
    // No spread of the cluster's glyphs into Math.min: thousands of marks on one letter overflow the stack.
    let start = text.length;
    for (let i = from; i < to; i++) start = Math.min(start, placed[i]!.cluster);
    // Clusters run in the text's order in a left-to-right run, each up to the next one's start.
    const end = least[to]!;
    const characters = [...text.slice(start, end)].map((ch) => ch.codePointAt(0)!);
    const roomy = Array.from({ length: to - from }, (_, k) => from + k).filter(takesRoom);
    const takers = (roomy.length > 0 ? roomy : [from]).slice(0, Math.max(1, characters.length));
    takers.forEach((i, k) => (glyphs[i]!.codePoints = k < takers.length - 1 ? [characters[k]!] : characters.slice(k)));
    if (blank !== undefined) carryMarks(glyphs, from, to, takesRoom, carried);
    let reader = -1;
    for (let i = from; i < to; i++) {
      const glyph = glyphs[i]!;
      if (glyph.codePoints.length > 0) reader = i;
      else if (takesRoom(i) && reader >= 0) {
        glyphs[reader]!.advanceWidth += glyph.advanceWidth;
        glyphs[reader]!.widened = true;
        glyph.advanceWidth = 0;
        glyph.widened = true;
      }
    }
    from = to;
  }
  const positions = placed.map((g) => ({ xAdvance: g.xAdvance, yAdvance: g.yAdvance, xOffset: g.xOffset, yOffset: g.yOffset }));
  const advanceWidth = positions.reduce((sum, p) => sum + p.xAdvance, 0);
  if (carried.size === 0) return { glyphs, positions, advanceWidth };
  // Each carrier goes in just before the glyph it was made for (or at the run's end), after the
  // glyphs that read nothing: their advance stays with the glyph that reads before them (document-fonts.ts).
  const withCarriers: ShapedRun = { glyphs: [], positions: [], advanceWidth };
  for (let i = 0; i <= glyphs.length; i++) {
    const marks = carried.get(i);
    if (marks) {
      withCarriers.glyphs.push({ id: blank!, advanceWidth: 0, codePoints: marks, widened: true });
      withCarriers.positions.push({ xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    if (i < glyphs.length) {
      withCarriers.glyphs.push(glyphs[i]!);
      withCarriers.positions.push(positions[i]!);
    }
  }
  return withCarriers;
}

/**
 * pdf.js takes a glyph whose text has a nonspacing mark (\p{Mn}: a virama, Thai ุ, Khmer ៊) anywhere in
 * it for a mark of no width, and one whose text ends in a format character (ZWJ, ZWNJ) for nothing:
 * it moves on by nothing for it, then reads the room the glyph took as a space after it ("রুং ঈ"
 * for one word) and misses the space before it. So within a cluster (from..to) a glyph that takes
 * room keeps the characters before its first such one, and the rest are moved, in the order typed, to
 * a zero-width blank glyph (a carrier) that reads them, set in `carried` at the index of the next
 * glyph that reads (or `to`). A glyph left with nothing hands its room to the glyph before it that
 * reads (shapedRun). A glyph that reads such a character first, with no reader before it in its
 * cluster (a lone mark on a dotted circle), keeps it.
 */
function carryMarks(glyphs: ShapedRun['glyphs'], from: number, to: number, takesRoom: (i: number) => boolean, carried: Map<number, number[]>): void {
  let pending: number[] = [];
  let reader = false;
  const flush = (at: number) => {
    if (pending.length > 0) carried.set(at, pending);
    pending = [];
  };
  for (let i = from; i < to; i++) {
    const glyph = glyphs[i]!;
    if (glyph.codePoints.length === 0) continue;
    const cut = takesRoom(i) ? glyph.codePoints.findIndex((cp) => MARK_FOR_PDFJS.test(String.fromCodePoint(cp))) : -1;
    if (cut === 0 && reader) {
      pending.push(...glyph.codePoints);
      glyph.codePoints = [];
      continue;
    }
    flush(i);
    reader = true;
    if (cut > 0) {
      pending = glyph.codePoints.slice(cut);
      glyph.codePoints = glyph.codePoints.slice(0, cut);
    }
  }
  flush(to);
}

/** The characters pdf.js reads a glyph by as a mark of no width or as nothing (carryMarks). */
const MARK_FOR_PDFJS = /^[\p{Mn}\p{Cf}]$/u;

/** The file of a fallback font. */
export function fallbackFontFile(name: FallbackName, weight: Weight): string {
  // These packages export no file paths: their fonts sit beside their package.json.
  return join(packageDir(createRequire(import.meta.url), FILES[name].pkg), FILES[name][weight]);
}

function packageDir(require: NodeJS.Require, pkg: string): string {
  // The entry point of @embedpdf's packages is dist/index.*; Fontsource's exports its files.
  if (pkg.startsWith('@fontsource/')) return dirname(require.resolve(`${pkg}/package.json`));
  return dirname(dirname(require.resolve(pkg)));
}

/**
 * The fallback font for the characters of one run of a script. A run of CJK characters with kana is
 * Japanese and one with hangul Korean, whatever the letter's choice for Han characters; a font that
 * lacks one of the run's characters gives way to the first of the four that has them all.
 */
export function fallbackFor(script: Script, run: string, weight: Weight, han: HanFont): FallbackFont {
  if (script !== 'han' && script !== 'kana' && script !== 'hangul') return fallbackFont(script, weight);
  const cjk = /[\u3040-\u30ff\u31f0-\u31ff]/.test(run) ? 'jp' : /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/.test(run) ? 'kr' : han;
  const chosen = fallbackFont(cjk, weight);
  if (hasAll(chosen, run)) return chosen;
  for (const other of HAN_FONTS) {
    if (other !== cjk && hasAll(fallbackFont(other, weight), run)) return fallbackFont(other, weight);
  }
  return chosen;
}

function hasAll(f: FallbackFont, run: string): boolean {
  for (const ch of run) if (!f.font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return false;
  return true;
}

/** Whether some fallback font draws this character (the bold of each has the same characters). */
export function fallbackHas(cp: number): boolean {
  const script = scriptOf(cp);
  if (!script) return false;
  const names: FallbackName[] = script === 'han' || script === 'kana' || script === 'hangul' ? [...HAN_FONTS] : [script];
  return names.some((n) => fallbackFont(n, 'regular').font.hasGlyphForCodePoint(cp));
}

const CHOICES: Record<'simplified' | 'traditional' | 'japanese' | 'korean', HanFont> = { simplified: 'sc', traditional: 'tc', japanese: 'jp', korean: 'kr' };

/** The Han font of a letter: the case's `letter.han`, else by the state addressed (the case's `country`). */
export function hanFontFor(country: string, chosen?: keyof typeof CHOICES): HanFont {
  if (chosen) return CHOICES[chosen];
  const c = country.toLowerCase();
  if (/taiwan|hong kong|macao|macau/.test(c)) return 'tc';
  if (/japan/.test(c)) return 'jp';
  if (/korea/.test(c)) return 'kr';
  return 'sc';
}

/** The fallback fonts this process has parsed so far ("arabic-regular"): a letter without their scripts parses none. */
export function loadedFallbacks(): string[] {
  return [...cache.keys()].sort();
}
