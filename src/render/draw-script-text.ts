import { bidiAlgorithm } from '../fonts/bidi.js';
import type { FallbackFont, HanFont, ShapedRun } from '../fonts/fallback-fonts.js';
import type { FontSet } from '../fonts/font-set.js';
import { fontRuns } from '../fonts/script-runs.js';
import type { TextItem } from '../layout/line-items.js';
import { Attached } from './attached.js';
import { useFallbackFont } from './document-fonts.js';

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
  // A piece of a line with right-to-left text comes with the levels the line gave its characters
  // (line-items.ts): alone, a Persian word's closing comma would be set after it, not before.
  const levels = item.levels
    ? { levels: Uint8Array.from(item.levels), paragraphs: [{ start: 0, end: text.length - 1, level: 0 }] }
    : bidi.getEmbeddingLevels(text, 'ltr');
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
 * why), and a shape is no text to an extractor. Each outline is one form XObject of the document,
 * drawn wherever the glyph is met (a Thai ำ's ring on every word that has one). `baseline` is the
 * line's, in pdfkit's top-down units.
 */
function drawSilentGlyphs(pdf: PDFKit.PDFDocument, f: FallbackFont, run: ShapedRun, x: number, baseline: number, size: number): void {
  const k = size / f.font.unitsPerEm;
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    if (glyph.codePoints.length === 0) {
      const form = glyphForm(pdf, f, glyph.id);
      if (form) {
        (pdf as unknown as { page: { xobjects: Record<string, unknown> } }).page.xobjects[form.name] = form.ref;
        // The outline is in font units, y up: scaled to the size and turned upright in pdfkit's top-down space.
        pdf.addContent(`q ${num(k)} 0 0 ${num(-k)} ${num(x + (pen + p.xOffset) * k)} ${num(baseline - p.yOffset * k)} cm /${form.name} Do Q`);
      }
    }
    pen += p.xAdvance;
  });
}

/** pdfkit's PDFObject.number: what it writes for a number. */
const num = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Each document's glyph outlines as form XObjects, by font and glyph, in the order first drawn. */
const FORMS = new Attached<PDFKit.PDFDocument, Map<string, { name: string; ref: unknown } | null>>('glyph forms');

/** The form XObject of a fallback glyph's outline in this document, made on its first use; null for a glyph that draws nothing. */
function glyphForm(pdf: PDFKit.PDFDocument, f: FallbackFont, id: number): { name: string; ref: unknown } | null {
  let forms = FORMS.get(pdf);
  if (!forms) FORMS.set(pdf, (forms = new Map()));
  const key = `${f.key}:${id}`;
  let form = forms.get(key);
  if (form === undefined) {
    const path = f.font.getGlyph(id)?.path;
    const ops = path ? pathOperators(path.commands) : '';
    if (!path || ops === '') form = null;
    else {
      const { minX, minY, maxX, maxY } = path.bbox;
      const ref = (pdf as unknown as { ref(data: object): { end(data: string): void } }).ref({
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [minX, minY, maxX, maxY],
        Resources: {},
      });
      ref.end(`${ops}f`);
      form = { name: `Gl${forms.size + 1}`, ref };
    }
    forms.set(key, form);
  }
  return form;
}

/** A fontkit outline as PDF path operators; TrueType's quadratic curves become the cubic ones PDF draws. */
function pathOperators(commands: { command: string; args: number[] }[]): string {
  let ops = '';
  let x = 0;
  let y = 0;
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') ops += `${(x = a[0]!)} ${(y = a[1]!)} m\n`;
    else if (command === 'lineTo') ops += `${(x = a[0]!)} ${(y = a[1]!)} l\n`;
    else if (command === 'quadraticCurveTo') {
      const [cx, cy, ex, ey] = a as [number, number, number, number];
      ops += `${num(x + (2 / 3) * (cx - x))} ${num(y + (2 / 3) * (cy - y))} ${num(ex + (2 / 3) * (cx - ex))} ${num(ey + (2 / 3) * (cy - ey))} ${ex} ${ey} c\n`;
      x = ex;
      y = ey;
    } else if (command === 'bezierCurveTo') {
      ops += `${a.slice(0, 6).join(' ')} c\n`;
      x = a[4]!;
      y = a[5]!;
    } else if (command === 'closePath') ops += 'h\n';
  }
  return ops;
}
