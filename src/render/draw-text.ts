import { piecesOf } from '../fonts/font-set.js';
import { Attached } from './attached.js';
import { glyphCoder, hasGlyphCodes, numberingOf } from './document-fonts.js';
import { current, GlyphIndex, type GlyphBits } from './glyph-sets.js';

/** A glyph as fontkit shapes it and pdfkit positions it (in thousandths of the font size). */
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface Position {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** pdfkit's EmbeddedFont as far as drawing a line goes. */
interface DrawingFont {
  id: string;
  /** The process-wide shaping cache of this font (document-fonts.ts). */
  layoutCache?: object;
  ascender: number;
  ref(): unknown;
  layoutCached(text: string): { glyphs: Glyph[]; positions: Position[] };
  widthOfString(text: string, size: number, features?: unknown): number;
}

interface Document {
  _font: DrawingFont;
  _fontSize: number;
  x: number;
  y: number;
  page: { height: number; fonts: Record<string, unknown>; write(chunk: string | Uint8Array): void };
  addContent(data: string): unknown;
}

/** pdfkit's PDFObject.number: what it writes for a number. */
const number = (n: number): number => Math.round(n * 1e6) / 1e6;

/** A line shaped once per process: its glyphs and where each TJ segment ends, with its adjustment. */
interface Line {
  /** The word spacing it was shaped for (a justified line's gap). */
  wordSpacing: number;
  glyphs: Glyph[];
  positions: Position[];
  /** Advance added after a glyph (the word gap of a justified line), in thousandths of the size. */
  extra: number[];
  /** The glyph index ending each segment, and the number written after it; none for a line with offsets. */
  segments?: { end: number; adjust: string }[];
  /** Each glyph object of the line once (lineGlyphs), made when first asked for. */
  distinct?: Glyph[];
  /** The same as bits of the font's glyph index (lineGlyphBits), made when first asked for. */
  bits?: GlyphBits;
  /** The line's TJ operator by glyph numbering (document-fonts.ts numberingOf), for the last few numberings. */
  encoded?: Map<object, string>;
}

/** Numberings whose TJ text a line keeps: a campaign's letters share a few glyph lists. */
const ENCODED_LIMIT = 4;

/**
 * Lines by font (its process-wide shaping cache), size, then text (with the word spacing each was
 * shaped for: a paragraph's line has the same gap in every letter that lays it out); emptied at
 * LINES_LIMIT lines (some 1 KB each, with the TJ text of up to ENCODED_LIMIT numberings). The text is a key of its own: a line's text laid out once
 * (block-lines.ts) is the same string in every letter, whose hash the engine keeps.
 */
interface LineCache {
  count: number;
  /** By size, then text; a line drawn with other word spacing than the one kept replaces it. */
  bySize: Map<number, Map<string, Line>>;
}
const LINES = new WeakMap<object, LineCache>();
const LINES_LIMIT = 5_000;

/**
 * Runs of white space, which a line with word spacing draws as one gap: the white space where layout
 * breaks lines (layout/split-words.ts BREAKING_SPACE), not JavaScript's `\s`, which also holds the thin
 * and hair spaces of `1 000 000`, U+3000 and U+FEFF. Layout measures those as letters of their word;
 * drawn as stretched gaps, they pushed a justified line past the right margin.
 */
const SPACES = /[ \t\n\r\f\v]{2,}/;
const SPACES_ALL = /[ \t\n\r\f\v]{2,}/g;
const GAPS = /[ \t\n\r\f\v]+/;
/** `text` without the word gaps at its ends. */
const trimGaps = (text: string): string => text.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');

/** A line's text as drawn: with word spacing, each run of white space is one gap. */
function asJustified(text: string, wordSpacing: number): string {
  return wordSpacing && SPACES.test(text) ? text.replace(SPACES_ALL, ' ') : text;
}

/**
 * Whether drawText draws a line itself: pdfkit's `text` draws each line of a text on its own (a
 * laid-out line has none), and draws in a font whose glyph ids are not given here.
 */
function drawnHere(font: DrawingFont, text: string): boolean {
  return !text.includes('\n') && hasGlyphCodes(font);
}

/** The font and size last set on each page: text state outlives BT/ET, so a line of the same needs no Tf. */
const PAGE_FONT = new Attached<object, string>('page font');

/**
 * Draws one line of text with its top-left corner at (x, y) (y downwards, as the layout and pdfkit's
 * page have it) in the current font, size and colour: the glyphs pdfkit's
 * `text(line, x, y, { lineBreak: false, wordSpacing })` would show, with the same glyph codes and
 * TJ adjustments, but written as one compact BT/ET object in the page's own coordinates (no q/cm/Q
 * around each line, the font set only when it changes). A line's shaping and TJ segments are kept
 * per process; only the glyph codes, which are the document's (document-fonts.ts), are looked up
 * per letter. A line with a link gets pdfkit's link annotation, over the box pdfkit's `text` gives it.
 */
export function drawText(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, wordSpacing = 0, link?: string): void {
  const doc = pdf as unknown as Document;
  doc.x = x;
  doc.y = y;
  text = asJustified(text, wordSpacing);
  if (!drawnHere(doc._font, text)) {
    pdf.text(text, x, y, { lineBreak: false, ...(wordSpacing ? { wordSpacing } : {}), ...(link ? { link } : {}) });
    return;
  }
  if (text.length === 0) return;
  const font = doc._font;
  const size = doc._fontSize;
  const page = doc.page;
  if (link) {
    // pdfkit's link box: the line's width with its word gaps, one line high, from its top-left corner.
    const words = trimGaps(text) ? trimGaps(text).split(GAPS).length : 0;
    const width = (font.widthOfString(text, size, undefined) * 100) / 100 + wordSpacing * (words - 1);
    pdf.link(x, y, width, pdf.currentLineHeight(), link);
  }
  if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
  const line = shapedLine(font, size, text, wordSpacing);
  // The page is flipped (y downwards, pdfkit's first operator), so the text matrix flips glyphs back.
  const baseline = y + (font.ascender / 1000) * size;
  // One string, built by concatenation (a rope V8 flattens once, with the whole page, in pdf.ts).
  let out = `BT\n1 0 0 -1 ${number(x)} ${number(baseline)} Tm`;
  const tf = `/${font.id} ${number(size)} Tf`;
  if (PAGE_FONT.get(page) !== tf) {
    out += `\n${tf}`;
    PAGE_FONT.set(page, tf);
  }
  const { glyphs } = line;
  if (line.segments) {
    // Every glyph of a line drawn here was numbered before drawing (pdf.ts), so the numbering decides its text.
    const numbering = numberingOf(font);
    let tj = numbering && line.encoded?.get(numbering);
    if (tj === undefined) {
      tj = encodeSegments(glyphCoder(font), glyphs, line.segments);
      if (numbering) {
        if (!line.encoded || line.encoded.size >= ENCODED_LIMIT) line.encoded = new Map();
        line.encoded.set(numbering, tj);
      }
    }
    if (tj !== '') out += `\n${tj}`;
  } else {
    const operators: string[] = [];
    drawOffsets(font, size, line, x, baseline, operators);
    for (const operator of operators) out += `\n${operator}`;
  }
  // pdfkit's page.write adds the line end; renderPdf's pages keep the text as it is until the page ends (pdf.ts).
  doc.page.write(`${out}\nET`);
}

/**
 * The glyphs drawText will draw for a line in `font` (a document's embedded font) at `size`, each once;
 * undefined for a line it leaves to pdfkit's `text`. For numbering a letter's glyphs before drawing
 * (document-fonts.ts numberGlyphs): shaped once per process, as drawText shapes it.
 */
export function lineGlyphs(font: unknown, size: number, text: string, wordSpacing = 0): readonly Glyph[] | undefined {
  const line = lineDrawnHere(font as DrawingFont, size, text, wordSpacing);
  return line && distinctGlyphs(line);
}

const distinctGlyphs = (line: Line): readonly Glyph[] => (line.distinct ??= [...new Set(line.glyphs)]);

/** The shaped line drawText draws for a text itself; undefined for one it leaves to pdfkit's `text`, or none. */
function lineDrawnHere(font: DrawingFont, size: number, text: string, wordSpacing: number): Line | undefined {
  text = asJustified(text, wordSpacing);
  return drawnHere(font, text) && text.length > 0 ? shapedLine(font, size, text, wordSpacing) : undefined;
}

/**
 * lineGlyphs as a set of bits (glyph-sets.ts) in the index of the font's shaping cache, kept with
 * the line while its index's generation lasts: one set per line and process, not per letter.
 */
export function lineGlyphBits(font: unknown, size: number, text: string, wordSpacing = 0): GlyphBits | undefined {
  const line = lineDrawnHere(font as DrawingFont, size, text, wordSpacing);
  if (!line) return undefined;
  if (line.bits && current(line.bits)) return line.bits;
  return (line.bits = indexOfGlyphs(font).bitsOf(distinctGlyphs(line)));
}

/** The glyph index of each shaping cache (or, without one, of the document font), whose glyphs lines hold. */
const INDEXES = new WeakMap<object, GlyphIndex>();

/** The glyph index the bits of this font's lines are in. */
export function indexOfGlyphs(font: unknown): GlyphIndex {
  const drawing = font as DrawingFont;
  const owner = drawing.layoutCache ?? drawing;
  let index = INDEXES.get(owner);
  if (!index) INDEXES.set(owner, (index = new GlyphIndex()));
  return index;
}

/**
 * A line's TJ operator: each segment's glyph codes, then the adjustment after it; empty for no glyphs.
 * Joined from an array, so the string kept in the line's cache is one flat string: built by `+=`, it
 * was a rope of a node per glyph code, some 3 MB of every worker's heap.
 */
function encodeSegments(code: (glyph: Glyph) => string, glyphs: Glyph[], segments: { end: number; adjust: string }[]): string {
  if (segments.length === 0) return '';
  const parts: string[] = ['['];
  let start = 0;
  for (const { end, adjust } of segments) {
    parts.push(parts.length === 1 ? '<' : ' <');
    for (let i = start; i <= end; i++) parts.push(code(glyphs[i]!));
    parts.push('> ', adjust);
    start = end + 1;
  }
  parts.push('] TJ');
  return parts.join('');
}

/** After drawing that sets a font outside a saved state (none of ours does), the next line sets its own. */
export function forgetFont(pdf: PDFKit.PDFDocument): void {
  PAGE_FONT.delete((pdf as unknown as Document).page);
}

/** A line's glyphs and TJ segments, as pdfkit's `_fragment` splits them: after each glyph whose advance differs from its width. */
function shapedLine(font: DrawingFont, size: number, text: string, wordSpacing: number): Line {
  // A font without pdfkit's shaping cache keeps its lines for this document only.
  const owner = font.layoutCache ?? font;
  let cache = LINES.get(owner);
  if (!cache) LINES.set(owner, (cache = { count: 0, bySize: new Map() }));
  let lines = cache.bySize.get(size);
  if (!lines) cache.bySize.set(size, (lines = new Map()));
  let line = lines.get(text);
  if (line && line.wordSpacing === wordSpacing) return line;
  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  const extra: number[] = [];
  if (wordSpacing) {
    // As pdfkit: the words alone, the gaps between them made by the advance after each word.
    const gap = (wordSpacing + (font.widthOfString(' ', size, undefined) * 100) / 100) * (1000 / size);
    for (const word of trimGaps(text).split(GAPS)) {
      shape(font, word, glyphs, positions);
      extra[positions.length - 1] = gap;
    }
  } else shape(font, text, glyphs, positions);
  line = { wordSpacing, glyphs, positions, extra };
  if (!positions.some((p) => p.xOffset || p.yOffset)) {
    const segments: { end: number; adjust: string }[] = [];
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      const advance = p.xAdvance + (extra[i] ?? 0) - p.advanceWidth;
      if (advance !== 0 || i === positions.length - 1) segments.push({ end: i, adjust: String(number(-advance)) });
    }
    line.segments = segments;
  }
  if (cache.count >= LINES_LIMIT) {
    cache.bySize.clear();
    cache.count = 0;
    cache.bySize.set(size, (lines = new Map()));
  }
  lines.set(text, line);
  cache.count++;
  return line;
}

/** A line with glyphs set off their place (combining accents): each such glyph positioned on its own, as pdfkit does. */
function drawOffsets(font: DrawingFont, size: number, line: Line, x: number, y: number, out: string[]): void {
  const { glyphs, positions, extra } = line;
  const scale = size / 1000;
  const code = glyphCoder(font);
  const commands: string[] = [];
  let hex = '';
  let hadOffset = false;
  const segment = (i: number) => {
    if (hex !== '') {
      const p = positions[i]!;
      commands.push(`<${hex}> ${number(-(p.xAdvance + (extra[i] ?? 0) - p.advanceWidth))}`);
      hex = '';
    }
  };
  const flush = (i: number) => {
    segment(i);
    if (commands.length > 0) {
      out.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    const xAdvance = p.xAdvance + (extra[i] ?? 0);
    if (p.xOffset || p.yOffset) {
      flush(i - 1);
      // y grows downwards on the page, upwards in the font.
      out.push(`1 0 0 -1 ${number(x + p.xOffset * scale)} ${number(y - p.yOffset * scale)} Tm`);
      hex = code(glyphs[i]!);
      flush(i);
      hadOffset = true;
    } else {
      if (hadOffset) {
        out.push(`1 0 0 -1 ${number(x)} ${number(y)} Tm`);
        hadOffset = false;
      }
      hex += code(glyphs[i]!);
      if (xAdvance - p.advanceWidth !== 0) segment(i);
    }
    x += xAdvance * scale;
  }
  flush(positions.length - 1);
}

/** The text shaped word by word and space by space (piecesOf), through the document font's shaping cache: the process's (font-set.ts). */
function shape(font: DrawingFont, text: string, glyphs: Glyph[], positions: Position[]): void {
  for (const piece of piecesOf(text)) push(font.layoutCached(piece), glyphs, positions);
}

function push(run: { glyphs: Glyph[]; positions: Position[] }, glyphs: Glyph[], positions: Position[]): void {
  for (let i = 0; i < run.glyphs.length; i++) {
    glyphs.push(run.glyphs[i]!);
    positions.push(run.positions[i]!);
  }
}
