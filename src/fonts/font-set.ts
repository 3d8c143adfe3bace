// The embedded fonts, parsed once per process (or worker) and shared by every letter it renders.
import { readFontFile } from './font-file.js';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { FALLBACK_SCRIPT, fallbackHas } from './fallback-fonts.js';
import { openFont } from './open-font.js';
import { mixedWidth } from './script-runs.js';
import { inTypedOrder } from './typed-order.js';
import { BoundedCache } from '../bounded-cache.js';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** The four styles, in the order every document registers them (so font ids are the same in every letter). */
export const STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Noto Sans from npm: Latin with every European diacritic, Greek and Cyrillic including Kazakh. */
const FILES: Record<FontStyle, string> = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

/**
 * A piece of text shaped as pdfkit's `layoutRun` gives it: fontkit's glyphs, and their positions in
 * thousandths of the font size, each with the glyph's own advance (`advanceWidth`).
 */
export interface ShapedRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
}

export interface LoadedFont {
  style: FontStyle;
  font: fontkit.Font;
  /** Width of `text` at size 1, in points per point of size. */
  width(text: string): number;
  /**
   * The process-wide shaping of a piece of text: a word, or one space or tab. Layout measures with it
   * and the PDF draws with it (pdfkit's `layoutCached` reads the same runs, see render/document-fonts.ts),
   * so each word is shaped once per process.
   */
  shape(piece: string): ShapedRun;
  /** The runs `shape` keeps, by piece: the object pdfkit takes as a document font's `layoutCache`. */
  runs(): Record<string, ShapedRun>;
  ascent: number;
  descent: number;
}

export interface FontSet {
  fonts: Record<FontStyle, LoadedFont>;
  /** Characters of `text` that neither the four styles nor a fallback font of its script can draw. */
  missingGlyphs(text: string): string[];
  /** Characters of `text` that one of the four styles lacks, fallback fonts or not (missingInLetterFonts). */
  missingInLetterFonts(text: string): string[];
}

let cached: FontSet | undefined;

/** What draws a character: no font, a fallback font only, or all four styles of the letter's font. */
type Coverage = 0 | 1 | 2;
const NONE: Coverage = 0;
const FALLBACK: Coverage = 1;
const LETTER_FONTS: Coverage = 2;

/**
 * fontkit decodes a feature's lookups the first time it shapes with it; the mark-positioning lookups
 * of Noto Sans (anchors for every base and mark) are the largest, some 100 ms of a new process's
 * first letter, and they move only mark glyphs. A piece whose characters include no combining mark
 * (nor Devanagari, whose shaping needs them) is shaped without them.
 *
 * Should the font have made a mark glyph of it all the same, its ccmp has split a letter into letter
 * and accent (Vietnamese "ị", "ọ", Yoruba "ṣ", "ǹ", "ḿ"), and fontkit leaves the accent with no
 * character: pdf.js reads such a glyph as the character of its glyph code ("Thị?"), where poppler
 * reads nothing. Such a piece is shaped again without ccmp, into the font's precomposed letters,
 * which both read as typed; with every feature only if a mark glyph is still left.
 * test/fonts/font-set.test.ts checks every character of the four fonts.
 */
const withoutMarks = (): Record<string, boolean> => ({ mark: false, mkmk: false });
const withoutSplitLetters = (): Record<string, boolean> => ({ mark: false, mkmk: false, ccmp: false });
const MAY_NEED_MARKS = /[\p{M}\p{Script=Devanagari}]/u;

/**
 * Devanagari's above-base substitutions split the vowels ई and ऐ into a letter and a mark the same
 * way (and a ccmp may split a Latin letter among combining marks): a word with such a split is shaped
 * again without them when that changes nothing else, every other glyph of it the same, so the split
 * letter is drawn as the font's own single glyph for it.
 */
const WITHOUT_SPLITS: Record<string, boolean>[] = [{ abvs: false }, { ccmp: false }, { abvs: false, ccmp: false }];
const hasSplit = (run: fontkit.GlyphRun): boolean => run.glyphs.some((glyph) => glyph.codePoints.length === 0);

/**
 * fontkit's layout, which throws on some hostile sequences: a ligature, a variation selector and a
 * combining mark ("ff\u{FE00}\u{036E}") fail in its mark positioning ("Cannot read properties of
 * undefined"), and the letter ended in an internal error. Such a piece is shaped without ligatures,
 * and failing that a character at a time, the characters side by side.
 */
function layoutSafely(font: fontkit.Font, piece: string, features?: Record<string, boolean>): fontkit.GlyphRun {
  try {
    return font.layout(piece, features && { ...features });
  } catch {
    try {
      return font.layout(piece, { ...features, liga: false, clig: false });
    } catch {
      const runs = [...piece].map((ch) => font.layout(ch, { ...features, mark: false, mkmk: false }));
      const positions = runs.flatMap((run) => run.positions);
      return {
        glyphs: runs.flatMap((run) => run.glyphs),
        positions,
        advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0),
      } as unknown as fontkit.GlyphRun;
    }
  }
}

function shapeWithMarks(font: fontkit.Font, piece: string): fontkit.GlyphRun {
  const whole = layoutSafely(font, piece);
  if (!hasSplit(whole)) return whole;
  for (const features of WITHOUT_SPLITS) {
    const joined = layoutSafely(font, piece, { ...features });
    if (!hasSplit(joined) && onlyJoined(whole.glyphs, joined.glyphs)) return joined;
  }
  return whole;
}

/** Whether `joined` is `whole` with each letter split into glyphs without characters drawn as one glyph. */
function onlyJoined(whole: fontkit.Glyph[], joined: fontkit.Glyph[]): boolean {
  let j = 0;
  for (let i = 0; i < whole.length; j++) {
    const glyph = whole[i]!;
    const other = joined[j];
    if (!other) return false;
    let end = i + 1;
    while (end < whole.length && whole[end]!.codePoints.length === 0) end++;
    if (end === i + 1 ? other.id !== glyph.id : other.codePoints.join() !== glyph.codePoints.join()) return false;
    i = end;
  }
  return j === joined.length;
}

function shapeWithoutUnusedMarks(font: fontkit.Font, isMark: (id: number) => boolean, piece: string): fontkit.GlyphRun {
  if (MAY_NEED_MARKS.test(piece)) return shapeWithMarks(font, piece);
  // A new object each time: fontkit writes every feature it applied into the one it is given.
  const run = layoutSafely(font, piece, withoutMarks());
  if (!run.glyphs.some((glyph) => isMark(glyph.id))) return run;
  const whole = layoutSafely(font, piece, withoutSplitLetters());
  return whole.glyphs.some((glyph) => isMark(glyph.id)) ? layoutSafely(font, piece) : whole;
}

/**
 * fontkit shapes a text in the script of its first letter: in "ITUC/2021/हि" that is Latin, and the
 * Devanagari short i stayed after its consonant on the page. A piece that mixes Devanagari with the
 * letters of another script is shaped a script at a time (punctuation, digits and combining marks go with
 * the letters before them), and the runs put end to end: Noto Sans has no kerning between the scripts.
 */
const DEVANAGARI = /\p{Script=Devanagari}/u;
const MARK = /\p{M}/u;
const OTHER_LETTER = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;

function shapeByScript(
  font: fontkit.Font,
  isMark: (id: number) => boolean,
  piece: string,
): { glyphs: unknown[]; positions: { xAdvance: number }[]; advanceWidth: number } {
  if (!DEVANAGARI.test(piece) || !OTHER_LETTER.test(piece)) return shapeWithoutUnusedMarks(font, isMark, piece);
  const runs: string[] = [];
  let devanagari: boolean | undefined;
  for (const ch of piece) {
    // A combining mark stays with the letter before it, whatever its script.
    const own = MARK.test(ch) ? devanagari : DEVANAGARI.test(ch) ? true : OTHER_LETTER.test(ch) ? false : devanagari;
    if (runs.length === 0 || (own !== undefined && devanagari !== undefined && own !== devanagari)) runs.push(ch);
    else runs[runs.length - 1] += ch;
    devanagari = own ?? devanagari;
  }
  const shaped = runs.map((run) => shapeWithoutUnusedMarks(font, isMark, run));
  const positions = shaped.flatMap((run) => run.positions);
  return { glyphs: shaped.flatMap((run) => run.glyphs), positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
}

interface ClassDef {
  version: number;
  startGlyph?: number;
  classValueArray?: number[];
  classRangeRecord?: { start: number; end: number; class: number }[];
}

/** Whether a glyph is a mark (class 3 of the font's GDEF glyph classes); every glyph may be, without GDEF. */
function markGlyphs(font: fontkit.Font): (id: number) => boolean {
  const classes = (font as unknown as { GDEF?: { glyphClassDef?: ClassDef } }).GDEF?.glyphClassDef;
  if (!classes) return () => true;
  const marks = new Uint8Array(font.numGlyphs);
  if (classes.version === 1) classes.classValueArray!.forEach((c, i) => c === 3 && (marks[classes.startGlyph! + i] = 1));
  else for (const r of classes.classRangeRecord!) if (r.class === 3) marks.fill(1, r.start, r.end + 1);
  return (id) => marks[id] === 1;
}

/** Shaped pieces kept per font (each some hundreds of bytes); then the cache starts over. */
const RUNS_LIMIT = 30_000;

/**
 * A text as pdfkit shapes it, split into words and single spaces or tabs. Noto Sans has no kerning or
 * ligature across a space, so the pieces give the glyphs and widths of the whole text, and a word
 * shaped for measuring is the word drawn.
 */
export function piecesOf(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9) {
      if (i > start) pieces.push(text.slice(start, i));
      pieces.push(text[i]!);
      start = i + 1;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Invisible characters that fontkit draws as the space glyph with no advance (its hideDefaultIgnorables). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * fontkit gives a soft hyphen, a zero-width joiner, non-joiner or space and a word joiner the space glyph
 * and the space's character, so the text layer read a space inside the word ("Gewerk schaft" in pdf.js
 * for "Gewerk\u00adschaft"). A piece other than a space or a tab holds no space, so each space glyph of
 * it is one of them: it gets back the character it stands for (as document-fonts.ts withIgnorables does
 * for the fallback fonts' runs).
 */
function withHiddenCharacters(run: ShapedRun, piece: string): void {
  if (piece === ' ' || piece === '\t') return;
  const hidden = piece.match(IGNORABLE);
  if (!hidden) return;
  let k = 0;
  run.glyphs.forEach((glyph, i) => {
    if (k >= hidden.length || glyph.codePoints.length !== 1 || glyph.codePoints[0] !== 0x20) return;
    run.glyphs[i] = Object.create(glyph, { codePoints: { value: [hidden[k++]!.codePointAt(0)!], enumerable: true } }) as ShapedRun['glyphs'][number];
  });
}

export function loadFonts(): FontSet {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const load = (style: FontStyle): LoadedFont => {
    const font = openFont(readFontFile(FILES[style].split('/').slice(0, 2).join('/'), () => require.resolve(FILES[style])));
    const scale = 1 / font.unitsPerEm;
    // pdfkit's positions are in thousandths of the size.
    const thousandths = 1000 / font.unitsPerEm;
    // On first use: the glyph classes of a style the letters never set (italic, often) stay undecoded.
    let marks: ((id: number) => boolean) | undefined;
    const isMark = (id: number): boolean => (marks ??= markGlyphs(font))(id);
    let runs: Record<string, ShapedRun> = Object.create(null) as Record<string, ShapedRun>;
    let runCount = 0;
    // Widths in font units, by piece, kept beside the runs (whose positions are scaled): the same sums as fontkit's.
    const advances = new Map<string, number>();
    const shaped = (piece: string): { run: ShapedRun; advance: number } => {
      let run = runs[piece];
      let advance = advances.get(piece);
      if (run === undefined || advance === undefined) {
        // A piece pdfkit shaped into these runs itself (its own `text`) is shaped again here, for its width in font units.
        const laid = shapeByScript(font, isMark, piece) as unknown as ShapedRun & { advanceWidth: number };
        withHiddenCharacters(laid, piece);
        laid.glyphs = inTypedOrder(laid.glyphs, piece);
        advance = laid.advanceWidth;
        if (run === undefined) {
          // As pdfkit's EmbeddedFont.layoutRun, which makes the runs its layoutCache holds.
          laid.positions.forEach((position, i) => {
            const p = position as unknown as Record<string, number>;
            for (const key in p) p[key]! *= thousandths;
            p.advanceWidth = laid.glyphs[i]!.advanceWidth * thousandths;
          });
          if (runCount >= RUNS_LIMIT) {
            runs = Object.create(null) as Record<string, ShapedRun>;
            advances.clear();
            runCount = 0;
          }
          runs[piece] = run = laid;
          runCount++;
        }
        advances.set(piece, advance);
      }
      return { run, advance };
    };
    // Widths are asked for the same words letter after letter: remember them.
    const widths = new BoundedCache<string, number>(RUNS_LIMIT);
    const own = { width: (text: string) => piecesOf(text).reduce((sum, piece) => sum + shaped(piece).advance, 0) * scale };
    return {
      style,
      font,
      width: (text) =>
        // Characters of other scripts are measured in their fallback fonts (fallback-fonts.ts).
        widths.getOrMake(text, () => (FALLBACK_SCRIPT.test(text) ? mixedWidth(text, own, style === 'bold' || style === 'boldItalic', 'sc') : own.width(text))),
      shape: (piece) => shaped(piece).run,
      runs: () => runs,
      ascent: font.ascent * scale,
      descent: font.descent * scale,
    };
  };
  const fonts = { regular: load('regular'), bold: load('bold'), italic: load('italic'), boldItalic: load('boldItalic') };
  const all = Object.values(fonts);
  // Which fonts draw a character, by code point: every text of every letter is checked, and asking
  // four fonts' character maps for each character was a good part of a campaign letter's time.
  const coverage = new Map<number, Coverage>();
  const drawnBy = (cp: number): Coverage => {
    let known = coverage.get(cp);
    if (known === undefined) coverage.set(cp, (known = all.every((f) => f.font.hasGlyphForCodePoint(cp)) ? LETTER_FONTS : fallbackHas(cp) ? FALLBACK : NONE));
    return known;
  };
  /** The characters of `text` (once each) drawn by less than `needs`. */
  const missing = (text: string, needs: Coverage): string[] => {
    const found = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Line breaks and tabs are white space to the layout, never drawn.
      if (cp === 10 || cp === 13 || cp === 9) continue;
      if (drawnBy(cp) < needs) found.add(ch);
    }
    return [...found];
  };
  cached = {
    fonts,
    missingGlyphs: (text) => missing(text, FALLBACK),
    missingInLetterFonts: (text) => missing(text, LETTER_FONTS),
  };
  return cached;
}

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/**
 * Characters of `text` that one of the four styles lacks: what an SVG signature's `<text>` cannot draw,
 * since svg-to-pdfkit sets it in these fonts alone, with no fallback font.
 */
export function missingInLetterFonts(text: string): string[] {
  return loadFonts().missingInLetterFonts(text);
}

/** "U+1F642" for messages. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The message for characters no embedded font draws (as missingGlyphs gives them), wherever they are
 * written: "character `🙂` (U+1F642) is in no embedded font, so the letter cannot print it: replace or
 * remove it." With `printedBy` (a letter that prints an optional field), that letter is named instead.
 */
export function unprintableMessage(missing: readonly string[], printedBy?: string): string {
  const many = missing.length > 1;
  const them = many ? 'them' : 'it';
  const what = `character${many ? 's' : ''} ${missing.map((ch) => `\`${ch}\` (${codePoint(ch)})`).join(', ')} ${many ? 'are' : 'is'} in no embedded font`;
  const fix = `replace or remove ${them}`;
  return printedBy
    ? `${what}, and ${printedBy} prints ${them}: ${fix}, or leave the field out of the body and template.`
    : `${what}, so the letter cannot print ${them}: ${fix}.`;
}
