import type { FallbackFont, ShapedRun } from '../fonts/fallback-fonts.js';
import { STYLES, type FontSet, type FontStyle } from '../fonts/font-set.js';
import { BoundedCache } from '../bounded-cache.js';
import { Attached, own } from './attached.js';
import { reuseFontStreams } from './font-streams.js';
import { glyphsOf, sameBits, type GlyphIndex } from './glyph-sets.js';

/**
 * The shaping caches of the fallback fonts, by key: a fallback's glyph runs depend only on the font and
 * the text, so they outlive documents like the main fonts' (font-set.ts). Cleared every 100,000
 * letters so a long run of ever-new words cannot grow them without bound.
 */
const FALLBACK_SHAPED = new Map<string, Record<string, unknown>>();
const SHAPED_LIMIT = 100_000;
let lettersSinceClear = 0;

interface ShapedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
  widened?: true;
}

/**
 * pdfkit's EmbeddedFont (one per document and font) as far as we extend it: its shaping cache
 * (`layoutCache`, an option of pdfkit's), its `encode`, and the per-document state `encode` fills:
 * the fontkit subset (`glyphs`, `mapping`), and the widths and characters of each glyph id of it.
 */
interface EmbeddedFont {
  /** The fontkit font, which outlives documents. */
  font: object;
  layoutCache?: Record<string, unknown>;
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[]; mapping: Record<number, number | undefined>; includeGlyph(id: number): number };
  layout(text: string, features?: unknown): { glyphs: ShapedGlyph[]; positions: unknown[] };
  layoutRun(text: string, features?: unknown): unknown;
  encode(text: string, features?: unknown): [string[], unknown[]];
}

/**
 * Registers the four fonts in a new document and extends each of its embedded fonts before any
 * use (ours or svg-to-pdfkit's), always in the same order, so font ids are the same in every
 * letter:
 * - the shaping cache is the process-wide one above;
 * - `encode` gives each (glyph, characters) pair its own glyph id in the document's subset.
 *   pdfkit keys its ToUnicode map by glyph alone and keeps the characters of the glyph's first use,
 *   so a glyph met for two texts (a ligature shaped from "fi" and the "ﬁ" character, a base letter
 *   as part of a decomposed accent) would read as the first one everywhere. A repeated glyph is a
 *   second copy of its outline in the subset, with its own ToUnicode entry; a letter's subset,
 *   widths and ToUnicode map are thus built from that letter's own text alone.
 */
export function useDocumentFonts(pdf: PDFKit.PDFDocument, fonts: FontSet): Record<FontStyle, unknown> {
  if (++lettersSinceClear > SHAPED_LIMIT) {
    FALLBACK_SHAPED.clear();
    lettersSinceClear = 0;
  }
  const embedded = {} as Record<FontStyle, unknown>;
  for (const style of STYLES) {
    pdf.registerFont(style, fonts.fonts[style].font as unknown as string);
    pdf.font(style);
    const font = (pdf as unknown as { _font: EmbeddedFont })._font;
    // Words are shaped once per process, for layout and drawing alike, and what pdfkit shapes itself
    // (its own `text`, a width) is shaped the same way (font-set.ts).
    const loaded = fonts.fonts[style];
    if (font.layoutCache) font.layoutCache = loaded.runs();
    SHAPERS.set(font, loaded);
    font.layoutRun = layoutRun;
    encodeByCharacters(font);
    reuseFontStreams(font, wholeNumbering);
    embedded[style] = font;
  }
  return embedded;
}

/**
 * Gives a document's font ids to the glyphs it will draw, before it draws any, in the order of their
 * glyph ids (then characters) rather than the order the text meets them. The subset, its widths and
 * ToUnicode map, and every glyph code on every page then depend on which glyphs the letter has, not on
 * where each first appears: a campaign day's letter to a new addressee whose name brings no new glyph
 * has the same font file and ToUnicode stream as the letter before (compressed once, font-streams.ts),
 * and the same continuation pages (deflated once, pdf.ts). Glyphs drawn later (pdfkit's own text,
 * an SVG's) get the next ids as they come.
 */
export function numberGlyphs(font: unknown, glyphs: ShapedGlyph[]): void {
  const embedded = font as EmbeddedFont;
  const codes = CODES.get(embedded);
  if (codes) numberSorted(embedded, codes, glyphs, unnumbered(embedded, codes));
}

/**
 * numberGlyphs of a list sorted here (in place: the caller's, made for this); its numbering's token.
 * `fresh` when the font has numbered no glyph yet (unnumbered); one that gave glyphs ids before
 * (none does: renderPdf numbers first) numbers the list after them.
 */
function numberSorted(font: EmbeddedFont, codes: GlyphCodes, glyphs: ShapedGlyph[], fresh: boolean): object {
  // By glyph id; the characters decide only between copies of one glyph (rare: "fi" and "ﬁ").
  const sorted = glyphs.sort((a, b) => a.id - b.id || byKey(keyOf(a), keyOf(b)));
  for (const glyph of sorted) codeOf(font, codes, glyph);
  // Documents whose fonts number the same glyph list from scratch give every numbered glyph the same
  // code: one token for them all. A numbering after other ids is this font's alone.
  const token = fresh ? NUMBERINGS.getOrMake(sorted.map(keyOf).join(' '), () => ({})) : {};
  NUMBERING.set(font, { token, ids: font.unicode.length });
  return token;
}

/**
 * numberGlyphs of the glyphs of a set of bits in the index of the font's lines (glyph-sets.ts). A
 * document font that has numbered no glyph yet and is given the very set an earlier one was numbers
 * them as it did (the same subset, widths, characters and codes, whatever the document): a campaign
 * day's letters whose glyphs are those of a letter before take copies of its numbering rather than
 * sorting and numbering glyph by glyph (some 60 µs a letter).
 */
export function numberGlyphBits(font: unknown, index: GlyphIndex, bits: Uint32Array): void {
  const embedded = font as EmbeddedFont;
  const codes = CODES.get(embedded);
  if (!codes) return;
  if (!unnumbered(embedded, codes)) {
    numberSorted(embedded, codes, glyphsOf(index, bits) as ShapedGlyph[], false);
    return;
  }
  let kept = NUMBERED.get(index);
  const before = kept?.find((n) => n.font === embedded.font && n.generation === index.generation && sameBits(n.bits, bits));
  if (before) return numberAsBefore(embedded, codes, before);
  const token = numberSorted(embedded, codes, glyphsOf(index, bits) as ShapedGlyph[], true);
  if (!kept) NUMBERED.set(index, (kept = []));
  if (kept.length >= NUMBERINGS_KEPT) kept.pop();
  kept.unshift({
    font: embedded.font,
    generation: index.generation,
    bits,
    token,
    subsetGlyphs: [...embedded.subset.glyphs],
    mapping: { ...embedded.subset.mapping },
    widths: [...embedded.widths],
    unicode: [...embedded.unicode],
    ids: new Map(codes.ids),
    codes: new Map(codes.codes),
  });
}

/** A document font's numbering of a set of glyphs, as numberGlyphBits left a font that had numbered none before. */
interface Numbered {
  /** The fontkit font (its scale and glyph 0 are every document's), and the set, in its index's generation. */
  font: object;
  generation: number;
  bits: Uint32Array;
  token: object;
  subsetGlyphs: readonly number[];
  mapping: Readonly<Record<number, number | undefined>>;
  widths: readonly number[];
  unicode: readonly number[][];
  ids: ReadonlyMap<string, number>;
  codes: ReadonlyMap<ShapedGlyph, string>;
}
/** The last NUMBERINGS_KEPT numberings of each glyph index: a campaign's letters share a few glyph sets. */
const NUMBERED = new WeakMap<GlyphIndex, Numbered[]>();
const NUMBERINGS_KEPT = 4;

/** Whether a document font has numbered no glyph yet: its subset holds only glyph 0, as pdfkit makes it. */
function unnumbered(font: EmbeddedFont, codes: GlyphCodes): boolean {
  return (
    codes.rtl === undefined &&
    codes.before === undefined &&
    codes.ids.size === 0 &&
    codes.codes.size === 0 &&
    font.subset.glyphs.length === 1 &&
    font.unicode.length === 1 &&
    font.widths.length === 1
  );
}

function numberAsBefore(font: EmbeddedFont, codes: GlyphCodes, numbered: Numbered): void {
  font.subset.glyphs = [...numbered.subsetGlyphs];
  font.subset.mapping = { ...numbered.mapping };
  font.widths = [...numbered.widths];
  font.unicode = [...numbered.unicode];
  // The numbering's ids and codes are read where the document's own have none (codeOf), not copied.
  codes.before = numbered;
  NUMBERING.set(font, { token: numbered.token, ids: font.unicode.length });
}

/** One token per list of numbered glyphs (numberGlyphs), kept while the process has room for them. */
const NUMBERINGS = new BoundedCache<string, object>(2_000);
/** Each numbered font's token, and how many glyph ids it had when numberGlyphs was done with it. */
const NUMBERING = new Attached<EmbeddedFont, { token: object; ids: number }>('numbering');

/**
 * The numbering token of a font that has given no glyph an id since numberGlyphs: its whole subset,
 * widths and ToUnicode map are then those of every document with that token (font-streams.ts).
 */
function wholeNumbering(embedded: unknown): object | undefined {
  const font = embedded as EmbeddedFont;
  const numbering = NUMBERING.get(font);
  return numbering?.ids === font.unicode.length ? numbering.token : undefined;
}

/**
 * The token of the glyph numbering of a document's font, once numberGlyphs has numbered it: two
 * documents with one token give each numbered glyph the same code, so a line of numbered glyphs
 * encodes to the same text in both (draw-text.ts keeps it by token).
 */
export function numberingOf(font: unknown): object | undefined {
  return NUMBERING.get(font as EmbeddedFont)?.token;
}

/**
 * The hex code of each shaped glyph in a document's font (the id `encode` gives its glyph and
 * characters), as one function: looked up once for a line of many glyphs.
 */
export function glyphCoder(font: unknown): (glyph: ShapedGlyph) => string {
  const codes = CODES.get(font as EmbeddedFont)!;
  return (glyph) => codeOf(font as EmbeddedFont, codes, glyph);
}

/** Whether a document's font gives its glyphs their ids here (every font useDocumentFonts registers). */
export function hasGlyphCodes(font: unknown): boolean {
  return CODES.has(font as EmbeddedFont);
}

/** A document font's glyph codes (encodeByCharacters). */
interface GlyphCodes {
  /** The id given to each glyph and characters key. */
  ids: Map<string, number>;
  /** The code of each glyph object met in this document, so a repeated word costs no key. */
  codes: Map<ShapedGlyph, string>;
  /** The numbering this document's font took as it was (numberGlyphBits): ids and codes it holds are this font's too. */
  before?: Numbered;
  /** Given for a fallback font: whether its script runs right to left. */
  rtl?: boolean;
}

const CODES = new Attached<EmbeddedFont, GlyphCodes>('glyph codes');

/** The shaper of each document font's words, the process-wide one of its font set. */
const SHAPERS = new Attached<EmbeddedFont, { shape(text: string): unknown }>('shaper');

/** pdfkit's `layoutRun`, shaping a run without features by the font set's cache (useDocumentFonts). */
function layoutRun(this: EmbeddedFont, text: string, features?: unknown): unknown {
  return features ? own(this).layoutRun.call(this, text, features) : SHAPERS.get(this)!.shape(text);
}

/**
 * A glyph's id and characters as one key, and its width where that is not its own (a HarfBuzz glyph
 * that takes over a neighbour's width in the text layer, fallback-fonts.ts): each key is one copy of
 * the glyph in a document's subset, with one width. Glyph objects never change: computed once.
 */
const KEYS = new WeakMap<ShapedGlyph, string>();
function keyOf(glyph: ShapedGlyph): string {
  let key = KEYS.get(glyph);
  if (key === undefined) KEYS.set(glyph, (key = `${glyph.id}:${glyph.codePoints.join(',')}${glyph.widened ? `:${glyph.advanceWidth}` : ''}`));
  return key;
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The fallback fonts each document has registered, so it embeds only those it draws with. */
const DOCUMENT_FALLBACKS = new Attached<PDFKit.PDFDocument, Set<string>>('fallback fonts');

/**
 * Makes a fallback font (fallback-fonts.ts) the current one, registering and extending it as
 * useDocumentFonts does the first time this document draws with it: a letter without the script
 * has neither the font nor its font id, and a letter's font ids follow the order of its own text.
 */
export function useFallbackFont(pdf: PDFKit.PDFDocument, fallback: FallbackFont): void {
  let used = DOCUMENT_FALLBACKS.get(pdf);
  if (!used) DOCUMENT_FALLBACKS.set(pdf, (used = new Set()));
  if (used.has(fallback.key)) {
    pdf.font(fallback.key);
    return;
  }
  used.add(fallback.key);
  pdf.registerFont(fallback.key, fallback.font as unknown as string);
  pdf.font(fallback.key);
  const font = (pdf as unknown as { _font: EmbeddedFont })._font;
  let shaped = FALLBACK_SHAPED.get(fallback.key);
  if (!shaped) FALLBACK_SHAPED.set(fallback.key, (shaped = {}));
  if (font.layoutCache) font.layoutCache = shaped;
  // A script HarfBuzz shapes is drawn as it was measured, not as fontkit would shape it.
  const shape = fallback.shape;
  if (shape) {
    SHAPERS.set(font, { shape: (text) => inPdfUnits(shape(text), font.scale) });
    font.layoutRun = layoutRun;
  }
  encodeByCharacters(font, fallback.rtl);
}

/**
 * The text of a HarfBuzz run as pdfkit's `layoutRun` gives one: places in thousandths of the font
 * size, each with the glyph's width in the PDF beside it. The glyphs that stand for no character (a
 * mark a vowel decomposed into, the second part of a vowel drawn around its consonant) are left out:
 * text extractors read such a glyph as something (pdf.js as its glyph code, a control character), so
 * draw-script-text.ts draws them as shapes, where they were. The pen still moves past them: each
 * one's advance is added to the glyph before it, or, first in the run, moves the glyph after it.
 */
function inPdfUnits(run: ShapedRun, scale: number): unknown {
  const glyphs: ShapedRun['glyphs'] = [];
  const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[] = [];
  let lead = 0;
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    if (glyph.codePoints.length === 0) {
      const last = positions[positions.length - 1];
      if (last) last.xAdvance += p.xAdvance * scale;
      else lead += p.xAdvance * scale;
      return;
    }
    glyphs.push(glyph);
    positions.push({
      xAdvance: p.xAdvance * scale + lead,
      yAdvance: p.yAdvance * scale,
      xOffset: p.xOffset * scale + lead,
      yOffset: p.yOffset * scale,
      advanceWidth: glyph.advanceWidth * scale,
    });
    lead = 0;
  });
  return { glyphs, positions, advanceWidth: run.advanceWidth * scale };
}

/**
 * `rtl` is given for a fallback font (true for a right-to-left script's). A right-to-left font's
 * glyphs come from fontkit in visual order. Text extractors (pdf.js, poppler) read such a run's
 * glyphs right to left to give the typed order, so a glyph standing for several characters (the
 * lam-alef ligature, "الله") lists them in reverse in the ToUnicode map, to come out in their typed
 * order when the run is read back.
 */
function encodeByCharacters(font: EmbeddedFont, rtl?: boolean): void {
  CODES.set(font, { ids: new Map(), codes: new Map(), ...(rtl === undefined ? {} : { rtl }) });
  font.encode = encode;
}

/** pdfkit's `encode` of a document font: its glyphs' codes in this document (encodeByCharacters). */
function encode(this: EmbeddedFont, text: string, features?: unknown): [string[], unknown[]] {
  const codes = CODES.get(this)!;
  const { glyphs, positions } = this.layout(text, features);
  return [(codes.rtl === undefined ? glyphs : withIgnorables(glyphs, text, codes.rtl)).map((glyph) => codeOf(this, codes, glyph)), positions];
}

/** The hex code of a glyph in a document's font, given an id in the font's subset the first time. */
function codeOf(font: EmbeddedFont, glyphCodes: GlyphCodes, glyph: ShapedGlyph): string {
  const { ids, codes, rtl, before } = glyphCodes;
  let hex = codes.get(glyph) ?? before?.codes.get(glyph);
  if (hex === undefined) {
    const key = keyOf(glyph);
    let id = ids.get(key) ?? before?.ids.get(key);
    if (id === undefined) {
      if (font.subset.mapping[glyph.id] === undefined) {
        id = font.subset.includeGlyph(glyph.id);
      } else {
        // The glyph is in the subset for other characters: a copy of it under a new id.
        font.subset.glyphs.push(glyph.id);
        id = font.subset.glyphs.length - 1;
      }
      ids.set(key, id);
      font.widths[id] = glyph.advanceWidth * font.scale;
      font.unicode[id] = rtl && glyph.codePoints.length > 1 ? [...glyph.codePoints].reverse() : glyph.codePoints;
    }
    codes.set(glyph, (hex = id.toString(16).padStart(4, '0')));
  }
  return hex;
}

/** Invisible characters that fontkit draws as a zero-width space glyph (its hideDefaultIgnorables). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const SPACE = [0x20];

/**
 * fontkit replaces a zero-width non-joiner (Persian writes it inside words: "می‌خواهم") and other
 * invisible characters by the space glyph standing for a space, so the text layer would read a
 * space where the letter has the joiner. A fallback font is never given a space to draw
 * (draw-script-text.ts draws spaces as gaps), so each space glyph of its runs is such a character:
 * it gets back the character it stands for, in visual order in a right-to-left run.
 */
function withIgnorables(glyphs: ShapedGlyph[], text: string, rtl: boolean): ShapedGlyph[] {
  const hidden = text.match(IGNORABLE);
  if (!hidden) return glyphs;
  if (rtl) hidden.reverse();
  let k = 0;
  return glyphs.map((glyph) => {
    if (k >= hidden.length || glyph.codePoints.length !== 1 || glyph.codePoints[0] !== SPACE[0]) return glyph;
    return Object.create(glyph, { codePoints: { value: [hidden[k++]!.codePointAt(0)!], enumerable: true } }) as ShapedGlyph;
  });
}
