import { glyphCode } from './document-fonts.js';

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
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

/** pdfkit's PDFObject.number: what it writes for a number. */
const number = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * Draws one line of text at (x, y) in the current font, size and colour: the very operators pdfkit's
 * `text(line, x, y, { lineBreak: false, wordSpacing })` writes (its `_fragment`, left-aligned, top
 * baseline), in one content write instead of one per operator, and without the line wrapper, option
 * copies and width measuring that a line already laid out does not need. Links still go through
 * pdfkit's `text`, which adds their annotation.
 */
export function drawText(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, wordSpacing = 0): void {
  const doc = pdf as unknown as Document;
  doc.x = x;
  doc.y = y;
  if (wordSpacing) text = text.replace(/\s{2,}/g, ' ');
  // pdfkit's `text` draws each line of a text on its own; a laid-out line has none of these.
  if (text.includes('\n')) {
    pdf.text(text, x, y, { lineBreak: false, ...(wordSpacing ? { wordSpacing } : {}) });
    return;
  }
  if (text.length === 0) return;
  const font = doc._font;
  const size = doc._fontSize;
  const page = doc.page;
  const dy = (font.ascender / 1000) * size;
  y = page.height - y - dy;
  if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();

  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  /** Extra advance after a glyph: the word gap, in thousandths of the size, after each word's last glyph. */
  const extra: number[] = [];
  if (wordSpacing) {
    // As pdfkit: the words alone, the gaps between them made by the advance after each word.
    const gap = (wordSpacing + (font.widthOfString(' ', size, undefined) * 100) / 100) * (1000 / size);
    for (const word of text.trim().split(/\s+/)) {
      shape(font, word, glyphs, positions);
      extra[positions.length - 1] = gap;
    }
  } else shape(font, text, glyphs, positions);

  const out: string[] = ['q', `1 0 0 -1 0 ${number(page.height)} cm`, 'BT', `1 0 0 1 ${number(x)} ${number(y)} Tm`, `/${font.id} ${number(size)} Tf`];
  const scale = size / 1000;
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
      // A glyph set off its place (a combining accent): positioned on its own, as pdfkit does.
      flush(i - 1);
      out.push(`1 0 0 1 ${number(x + p.xOffset * scale)} ${number(y + p.yOffset * scale)} Tm`);
      hex = glyphCode(font, glyphs[i]!);
      flush(i);
      hadOffset = true;
    } else {
      if (hadOffset) {
        out.push(`1 0 0 1 ${number(x)} ${number(y)} Tm`);
        hadOffset = false;
      }
      hex += glyphCode(font, glyphs[i]!);
      if (xAdvance - p.advanceWidth !== 0) segment(i);
    }
    x += xAdvance * scale;
  }
  flush(positions.length - 1);
  out.push('ET', 'Q');
  doc.addContent(out.join('\n'));
}

/** pdfkit's EmbeddedFont.layout: the text shaped in runs that end after each space or tab. */
function shape(font: DrawingFont, text: string, glyphs: Glyph[], positions: Position[]): void {
  let last = 0;
  for (let index = 0; index < text.length; index++) {
    const ch = text.charCodeAt(index);
    if (ch === 32 || ch === 9) {
      push(font.layoutCached(text.slice(last, index + 1)), glyphs, positions);
      last = index + 1;
    }
  }
  if (last < text.length) push(font.layoutCached(text.slice(last)), glyphs, positions);
}

function push(run: { glyphs: Glyph[]; positions: Position[] }, glyphs: Glyph[], positions: Position[]): void {
  for (let i = 0; i < run.glyphs.length; i++) {
    glyphs.push(run.glyphs[i]!);
    positions.push(run.positions[i]!);
  }
}
