import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import type { FallbackFont, HanFont, ShapedRun } from '../fonts/fallback-fonts.js';
import type { FontSet } from '../fonts/font-set.js';
import { fontRuns } from '../fonts/script-runs.js';
import type { TextItem } from '../layout/line-items.js';
import { useFallbackFont } from './document-fonts.js';

let loaded: Bidi | undefined;
/** bidi-js, loaded by the first letter with another script (its module is the factory its types call the default export). */
function bidiAlgorithm(): Bidi {
  return (loaded ??= (createRequire(import.meta.url)('bidi-js') as () => Bidi)());
}

/** A piece of the item drawn with one text operation: logical offsets, font, embedding level. */
interface Segment {
  from: number;
  to: number;
  fallback?: FallbackFont;
  rtl: boolean;
}

/**
 * Draws a text item that has characters of fallback scripts (fallback-fonts.ts): each piece in the
 * font that has its glyphs, in the visual order the Unicode Bidirectional Algorithm gives a
 * left-to-right line (an Arabic name's words right to left, its letters joined by fontkit's shaping).
 * Spaces are gaps as wide as the layout's (a space and the line's extra word spacing), so the pieces
 * stand where the layout measured them. Text extractors read the visual order back to the typed
 * order: a right-to-left run's words are drawn in visual order, each shaped from its typed string.
 */
export function drawScriptText(pdf: PDFKit.PDFDocument, item: TextItem, fonts: FontSet, han: HanFont): void {
  const text = item.text;
  const bold = item.style === 'bold' || item.style === 'boldItalic';
  const fontAt: (FallbackFont | undefined)[] = new Array(text.length);
  for (const run of fontRuns(text, bold, han)) fontAt.fill(run.fallback, run.start, run.end);
  const bidi = bidiAlgorithm();
  const levels = bidi.getEmbeddingLevels(text, 'ltr');
  const order = Array.from({ length: text.length }, (_, i) => i);
  for (const [start, end] of bidi.getReorderSegments(text, levels) as [number, number][]) {
    const flipped = order.slice(start, end + 1).reverse();
    order.splice(start, flipped.length, ...flipped);
  }

  const segments: (Segment | 'space')[] = [];
  let current: Segment | undefined;
  let last = -1;
  for (const i of order) {
    if (text[i] === ' ') {
      segments.push('space');
      current = undefined;
      continue;
    }
    const rtl = (levels.levels[i]! & 1) === 1;
    const fallback = fontAt[i];
    if (current && current.fallback === fallback && current.rtl === rtl && i === (rtl ? last - 1 : last + 1)) {
      if (rtl) current.from = i;
      else current.to = i + 1;
    } else {
      segments.push((current = { from: i, to: i + 1, fallback, rtl }));
    }
    last = i;
  }

  const style = fonts.fonts[item.style];
  const gap = fonts.fonts.regular.width(' ') * item.size + (item.wordSpacing ?? 0);
  let x = item.x;
  for (const segment of segments) {
    if (segment === 'space') {
      x += gap;
      continue;
    }
    const typed = text.slice(segment.from, segment.to);
    const f = segment.fallback;
    // fontkit lays a run of a right-to-left script out right to left by itself; any other piece of
    // a right-to-left run, and a left-to-right piece in a right-to-left font (Arabic digits), is
    // handed over already reversed.
    const reversedByFontkit = !!f && f.rtl && f.font.layout(typed).direction === 'rtl';
    const drawn = reversedByFontkit === segment.rtl ? typed : reversed(typed, segment.rtl);
    let y = item.y;
    if (f) {
      useFallbackFont(pdf, f);
      // pdfkit places text by the top of the font's line box: keep the style's baseline.
      y += (style.ascent - f.ascent) * item.size;
    } else {
      pdf.font(item.style);
    }
    pdf.fontSize(item.size);
    pdf.text(drawn, x, y, { lineBreak: false, ...(item.href ? { link: item.href } : {}) });
    if (f?.shape) drawSilentGlyphs(pdf, f, f.shape(drawn), x, item.y + style.ascent * item.size, item.size);
    x += (f ? f.width(drawn) : style.width(drawn)) * item.size;
  }
}

/** A text's characters in reverse order; in a right-to-left run, brackets take their mirrored form. */
function reversed(text: string, mirror: boolean): string {
  return [...text]
    .reverse()
    .map((ch) => (mirror ? (bidiAlgorithm().getMirroredCharacter(ch) ?? ch) : ch))
    .join('');
}

/**
 * The glyphs of a HarfBuzz run that stand for no character, drawn as their outlines where HarfBuzz
 * placed them, in the current fill colour: the run's text leaves them out (document-fonts.ts says
 * why), and a shape is no text to an extractor. `baseline` is the line's, in pdfkit's top-down units.
 */
function drawSilentGlyphs(pdf: PDFKit.PDFDocument, f: FallbackFont, run: ShapedRun, x: number, baseline: number, size: number): void {
  const k = size / f.font.unitsPerEm;
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    if (glyph.codePoints.length === 0) {
      const outline = outlineOf(f, glyph.id);
      if (outline) {
        pdf
          .save()
          .translate(x + (pen + p.xOffset) * k, baseline - p.yOffset * k)
          .scale(k, -k)
          .path(outline)
          .fill()
          .restore();
      }
    }
    pen += p.xAdvance;
  });
}

/** Each fallback glyph's outline as SVG path data, made once per process; '' for a glyph that draws nothing. */
const OUTLINES = new Map<string, string>();
function outlineOf(f: FallbackFont, id: number): string {
  const key = `${f.key}:${id}`;
  let outline = OUTLINES.get(key);
  if (outline === undefined) OUTLINES.set(key, (outline = f.font.getGlyph(id)?.path.toSVG() ?? ''));
  return outline;
}
