import type { FontSet, FontStyle } from '../fonts/font-set.js';
import type { ImageRef } from '../letter-document.js';
import type { WrappedLine } from './wrap-words.js';

export type Item =
  | { kind: 'text'; x: number; y: number; text: string; style: FontStyle; size: number; color: string; wordSpacing?: number; href?: string }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: ImageRef }
  | { kind: 'rule'; x1: number; y1: number; x2: number; y2: number; width: number; color: string };

export type TextItem = Extract<Item, { kind: 'text' }>;

const NO_BREAK_SPACE = /[\u00a0\u202f]/;

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
  const gaps = line.words.length - 1;
  const space = fonts.fonts.regular.width(' ') * lineSize;
  // Negative when the line's breaks shrank its gaps (fit-lines.ts).
  const extra = options.justify && !line.last && gaps > 0 ? (maxWidth - line.width) / gaps : 0;
  const baseline = fonts.fonts.regular.ascent * lineSize;
  const items: Item[] = [];
  let run: TextItem | undefined;
  let cursor = x;
  line.words.forEach((word, w) => {
    if (w > 0) {
      if (run) run.text += ' ';
      cursor += space + extra;
    }
    for (const piece of word.pieces) {
      // pdfkit spreads a run's word spacing over every white space in it, no-break spaces included: a
      // piece holding one is a run of its own, drawn without word spacing.
      const noBreak = NO_BREAK_SPACE.test(piece.text);
      const sameRun = run && !noBreak && !piece.footnote && run.style === piece.style && run.size === piece.size && run.href === piece.href;
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
        if (extra !== 0 && !noBreak) run.wordSpacing = extra;
        items.push(run);
        if (piece.footnote || noBreak) run = undefined;
      }
      cursor += piece.width;
    }
  });
  for (const item of items) {
    if (item.kind !== 'text') continue;
    item.text = item.text.replace(/ +$/, '');
    if (!item.text.includes(' ')) delete item.wordSpacing;
  }
  return items;
}
