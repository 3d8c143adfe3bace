import { RIGHT_TO_LEFT } from '../fonts/fallback-fonts.js';
import { piecesOf, type FontSet, type FontStyle } from '../fonts/font-set.js';
import type { ImageRef } from '../letter-document.js';
import { STRETCH } from './fit-lines.js';
import type { MeasuredPiece, WrappedLine } from './wrap-words.js';

/** The most letter spacing a loose line takes, as a fraction of the type size. */
const MAX_TRACKING = 0.05;

export type Item =
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      style: FontStyle;
      size: number;
      color: string;
      wordSpacing?: number;
      /** Letter spacing, in points, of a line that could not be filled within the word-gap limit. */
      characterSpacing?: number;
      href?: string;
    }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: ImageRef }
  | { kind: 'rule'; x1: number; y1: number; x2: number; y2: number; width: number; color: string };

export type TextItem = Extract<Item, { kind: 'text' }>;

const NO_BREAK_SPACE = /[\u00a0\u202f]/;
/** Soft hyphens: break points for layout (hyphenate.ts), never drawn (the preview leaves them out too, text.ts). */
const SOFT_HYPHENS = /\u00ad/g;

/**
 * Draw items for one wrapped line whose box starts at (x, 0). Pieces of one style are merged into a
 * run, spaces included, so a justified line costs a few text operations rather than one per word.
 */
export function lineItems(
  line: WrappedLine,
  x: number,
  maxWidth: number,
  lineSize: number,
  fonts: FontSet,
  options: { justify: boolean; color: string },
): Item[] {
  // Not drawn, a soft hyphen takes no letter spacing either, and leaves no glyph for readers to misplace.
  if (line.words.some((word) => word.pieces.some((p) => p.text.includes('\u00ad')))) {
    const unhyphenated = (p: MeasuredPiece): MeasuredPiece => ({ ...p, text: p.text.replace(SOFT_HYPHENS, '') });
    line = { ...line, words: line.words.map((word) => ({ ...word, pieces: word.pieces.map(unhyphenated) })) };
  }
  const gaps = line.words.length - 1;
  const space = fonts.fonts.regular.width(' ') * lineSize;
  // Negative when the line's breaks shrank its gaps (fit-lines.ts).
  let extra = options.justify && !line.last && gaps > 0 ? (maxWidth - line.width) / gaps : 0;
  // A line that no choice of breaks could fill within the stretch limit (long unbreakable words, a
  // date held together) takes the rest in a slight letter spacing, so its gaps stay within the limit;
  // one that even that cannot fill is left unjustified.
  let tracking = 0;
  // The glyphs drawn: the font set's shaping (font-set.ts), which may join what fontkit alone splits.
  const glyphs = (p: MeasuredPiece) => piecesOf(p.text).reduce((n, s) => n + fonts.fonts[p.style].shape(s).glyphs.length, 0);
  if (extra > space * STRETCH) {
    // Spaced between the glyphs of each piece, never after a piece's last glyph or in a footnote marker.
    const count = line.words.reduce((n, w) => n + w.pieces.reduce((m, p) => m + (p.footnote ? 0 : glyphs(p) - 1), 0), 0);
    const rest = (extra - space * STRETCH) * gaps;
    tracking = Math.min(rest / Math.max(1, count), lineSize * MAX_TRACKING);
    extra -= (tracking * count) / gaps;
    // Still wider than the limit (a long address pushed to the next line): set unjustified, with
    // plain spaces, rather than with gaps of several spaces.
    if (extra > space * STRETCH + 1e-6) {
      extra = 0;
      tracking = 0;
    }
  }
  const baseline = fonts.fonts.regular.ascent * lineSize;
  const items: Item[] = [];
  let run: TextItem | undefined;
  let cursor = x;
  line.words.forEach((word, w) => {
    if (w > 0) {
      // A letter-spaced line is drawn word by word: pdfkit would letter-space its spaces too.
      if (tracking > 0) run = undefined;
      if (run) run.text += ' ';
      cursor += space + extra;
    }
    for (const piece of word.pieces) {
      // pdfkit spreads a run's word spacing over every white space in it, no-break spaces included: a
      // piece holding one is a run of its own, drawn without word spacing. Not beside right-to-left
      // text: the bidi algorithm orders the words of each run drawn (draw-script-text.ts, which spaces
      // only its plain spaces), so a Persian quotation cut at « » would be drawn in the wrong order.
      const apart = NO_BREAK_SPACE.test(piece.text) && !RIGHT_TO_LEFT.test(piece.text) && !(run && RIGHT_TO_LEFT.test(run.text));
      const sameRun = run && tracking === 0 && !apart && !piece.footnote && run.style === piece.style && run.size === piece.size && run.href === piece.href;
      if (sameRun) {
        run!.text += piece.text;
      } else {
        if (run) run.text = run.text.replace(/ +$/, '');
        // pdfkit places text by the top of its line box: shift small markers so their baseline is raised by `rise`.
        const y = baseline - piece.rise - fonts.fonts[piece.style].ascent * piece.size;
        run = {
          kind: 'text',
          x: cursor,
          y,
          text: piece.text,
          style: piece.style,
          size: piece.size,
          color: options.color,
          ...(piece.href ? { href: piece.href } : {}),
        };
        if (extra !== 0 && !apart && tracking === 0) run.wordSpacing = extra;
        if (tracking > 0 && !piece.footnote) run.characterSpacing = tracking;
        items.push(run);
        if (piece.footnote || apart) run = undefined;
      }
      cursor += piece.width + (tracking > 0 && !piece.footnote ? tracking * (glyphs(piece) - 1) : 0);
    }
  });
  for (const item of items) {
    if (item.kind !== 'text') continue;
    item.text = item.text.replace(/ +$/, '');
    if (!item.text.includes(' ')) delete item.wordSpacing;
  }
  return items;
}
