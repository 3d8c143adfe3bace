import type { FontSet, FontStyle } from '../fonts/font-set.js';
import { reuseFontStreams } from './font-streams.js';

export const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/**
 * Shaping a word with fontkit is the costliest step of a letter, and its result depends only on the
 * font and the word (the glyphs, their positions and the characters each glyph stands for: see
 * font-set.ts). pdfkit keeps a shaping cache per document; these caches outlive documents, so a
 * campaign day shapes each word once per process. Cleared every 100,000 letters so a long run of
 * ever-new words cannot grow it without bound.
 */
const SHAPED: Record<FontStyle, Record<string, unknown>> = { regular: {}, bold: {}, italic: {}, boldItalic: {} };
const SHAPED_LIMIT = 100_000;
let lettersSinceClear = 0;

interface ShapedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/**
 * pdfkit's EmbeddedFont (one per document and font) as far as we extend it: its shaping cache
 * (`layoutCache`, an option of pdfkit's), its `encode`, and the per-document state `encode` fills:
 * the fontkit subset (`glyphs`, `mapping`), and the widths and characters of each glyph id of it.
 */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[]; mapping: Record<number, number | undefined>; includeGlyph(id: number): number };
  layout(text: string, features?: unknown): { glyphs: ShapedGlyph[]; positions: unknown[] };
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
export function useDocumentFonts(pdf: PDFKit.PDFDocument, fonts: FontSet): void {
  if (++lettersSinceClear > SHAPED_LIMIT) {
    for (const style of STYLES) SHAPED[style] = {};
    lettersSinceClear = 0;
  }
  for (const style of STYLES) {
    pdf.registerFont(style, fonts.fonts[style].font as unknown as string);
    pdf.font(style);
    const font = (pdf as unknown as { _font: EmbeddedFont })._font;
    if (font.layoutCache) font.layoutCache = SHAPED[style];
    encodeByCharacters(font);
    reuseFontStreams(font);
  }
}

/** The hex code of a shaped glyph in a document's font: the id `encode` gives its glyph and characters. */
export function glyphCode(font: unknown, glyph: ShapedGlyph): string {
  return CODES.get(font as EmbeddedFont)!(glyph);
}

/** Whether a document's font gives its glyphs their ids here (every font useDocumentFonts registers). */
export function hasGlyphCodes(font: unknown): boolean {
  return CODES.has(font as EmbeddedFont);
}

const CODES = new WeakMap<EmbeddedFont, (glyph: ShapedGlyph) => string>();

/** A glyph's id and characters as one key; glyph objects never change, so it is computed once. */
const KEYS = new WeakMap<ShapedGlyph, string>();
function keyOf(glyph: ShapedGlyph): string {
  let key = KEYS.get(glyph);
  if (key === undefined) KEYS.set(glyph, (key = `${glyph.id}:${glyph.codePoints.join(',')}`));
  return key;
}

function encodeByCharacters(font: EmbeddedFont): void {
  const ids = new Map<string, number>();
  // The code of each glyph object met in this document, so a repeated word costs no key.
  const codes = new Map<ShapedGlyph, string>();
  const code = (glyph: ShapedGlyph): string => {
    let hex = codes.get(glyph);
    if (hex === undefined) {
      const key = keyOf(glyph);
      let id = ids.get(key);
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
        font.unicode[id] = glyph.codePoints;
      }
      codes.set(glyph, (hex = id.toString(16).padStart(4, '0')));
    }
    return hex;
  };
  CODES.set(font, code);
  font.encode = (text, features) => {
    const { glyphs, positions } = font.layout(text, features);
    return [glyphs.map(code), positions];
  };
}
