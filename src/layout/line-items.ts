import { bidiAlgorithm } from '../fonts/bidi.js';
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
      /**
       * The embedding level of each character, as the bidi algorithm resolved them in the whole line,
       * for a piece of a line with right-to-left text that has some right to left (draw-script-text.ts).
       */
      levels?: readonly number[];
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
  // A line with right-to-left text is drawn piece by piece, each piece placed where the bidi
  // algorithm puts it in the line: a run of one style can hold only part of a Hebrew or Persian
  // phrase (a word of it in bold, a letter-spaced line drawn word by word), and runs drawn side by
  // side in typed order would set the phrase's words in the wrong order.
  const bidi = line.words.some((word) => word.pieces.some((p) => RIGHT_TO_LEFT.test(p.text)));
  let typed = '';
  const parts: { item: TextItem; start: number; width: number; footnote: boolean }[] = [];
  line.words.forEach((word, w) => {
    if (w > 0) {
      // A letter-spaced line is drawn word by word: pdfkit would letter-space its spaces too.
      if (tracking > 0 || bidi) run = undefined;
      if (run) run.text += ' ';
      cursor += space + extra;
      typed += ' ';
    }
    for (const piece of word.pieces) {
      if (bidi) run = undefined;
      // pdfkit spreads a run's word spacing over every white space in it, no-break spaces included: a
      // piece holding one is a run of its own, drawn without word spacing. Not beside right-to-left
      // text: the bidi algorithm orders the words of each run drawn (draw-script-text.ts, which spaces
      // only its plain spaces), so a Persian quotation cut at « » would be drawn in the wrong order.
      const apart = NO_BREAK_SPACE.test(piece.text) && !RIGHT_TO_LEFT.test(piece.text) && !(run && RIGHT_TO_LEFT.test(run.text));
      const sameRun = run && tracking === 0 && !apart && !piece.footnote && run.style === piece.style && run.size === piece.size && run.href === piece.href;
      let drawn: TextItem;
      if (sameRun) {
        (drawn = run!).text += piece.text;
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
        items.push((drawn = run));
        if (piece.footnote || apart) run = undefined;
      }
      const width = piece.width + (tracking > 0 && !piece.footnote ? tracking * (glyphs(piece) - 1) : 0);
      if (bidi) parts.push({ item: drawn, start: typed.length, width, footnote: !!piece.footnote });
      typed += piece.text;
      cursor += width;
    }
  });
  if (bidi) inVisualOrder(items, parts, typed, x, space + extra, fonts);
  for (const item of items) {
    if (item.kind !== 'text') continue;
    item.text = item.text.replace(/ +$/, '');
    if (!item.text.includes(' ')) delete item.wordSpacing;
  }
  return items;
}

/**
 * The pieces of a line with right-to-left text (one item each, at `start` in the line's typed text)
 * cut and placed left to right as the Unicode Bidirectional Algorithm orders the line (a
 * left-to-right paragraph), a `gap` for each space: a segment for each stretch of one piece whose
 * characters stand side by side, in one direction ("«ما" is "«" at the left of a Persian quotation
 * and "ما" at its right end), as wide as its share of the piece's measured width. A segment with
 * right-to-left characters keeps the levels the line gave them (draw-script-text.ts). The segments
 * replace the line's items in typed order, the order pdf.js and pdftotext read them back in when a
 * phrase's words are in several fonts (bold, regular).
 */
function inVisualOrder(
  items: Item[],
  parts: { item: TextItem; start: number; width: number; footnote: boolean }[],
  typed: string,
  x: number,
  gap: number,
  fonts: FontSet,
): void {
  const bidi = bidiAlgorithm();
  // A footnote marker is no number of the text: a neutral, it stands with the words it follows (at
  // the right of a Hebrew name in an English sentence), and is drawn left to right.
  let ordered = typed;
  for (const part of parts) {
    if (part.footnote) ordered = ordered.slice(0, part.start) + '!'.repeat(part.item.text.length) + ordered.slice(part.start + part.item.text.length);
  }
  const levels = bidi.getEmbeddingLevels(ordered, 'ltr');
  const order = Array.from({ length: typed.length }, (_, i) => i);
  for (const [start, end] of bidi.getReorderSegments(ordered, levels) as [number, number][]) {
    const flipped = order.slice(start, end + 1).reverse();
    order.splice(start, flipped.length, ...flipped);
  }
  const partAt: (number | undefined)[] = new Array(typed.length);
  parts.forEach((part, p) => partAt.fill(p, part.start, part.start + part.item.text.length));

  const segments: ({ part: number; from: number; to: number; rtl: boolean } | 'gap')[] = [];
  let current: { part: number; from: number; to: number; rtl: boolean } | undefined;
  let last = -1;
  for (const i of order) {
    const part = partAt[i];
    if (part === undefined) {
      segments.push('gap');
      current = undefined;
      continue;
    }
    const rtl = (levels.levels[i]! & 1) === 1;
    if (current && current.part === part && current.rtl === rtl && i === (rtl ? last - 1 : last + 1)) {
      if (rtl) current.from = i;
      else current.to = i + 1;
    } else {
      segments.push((current = { part, from: i, to: i + 1, rtl }));
    }
    last = i;
  }

  // Each segment's share of its piece's width, by the measured widths of the piece's segments.
  const measured = segments.map((s) => (s === 'gap' ? 0 : fonts.fonts[parts[s.part]!.item.style].width(typed.slice(s.from, s.to))));
  const sums = new Array<number>(parts.length).fill(0);
  segments.forEach((s, k) => {
    if (s !== 'gap') sums[s.part]! += measured[k]!;
  });
  const drawn: TextItem[] = [];
  const from: number[] = [];
  let cursor = x;
  segments.forEach((s, k) => {
    if (s === 'gap') {
      cursor += gap;
      return;
    }
    const { item, width, footnote } = parts[s.part]!;
    const segment: TextItem = { ...item, x: cursor, text: typed.slice(s.from, s.to) };
    const own = levels.levels.subarray(s.from, s.to);
    if (!footnote && own.some((level) => (level & 1) === 1)) segment.levels = Array.from(own);
    drawn.push(segment);
    from.push(s.from);
    cursor += sums[s.part]! > 0 ? (width * measured[k]!) / sums[s.part]! : width;
  });
  items.splice(
    0,
    items.length,
    ...drawn
      .map((_, k) => k)
      .sort((a, b) => from[a]! - from[b]!)
      .map((k) => drawn[k]!),
  );
}
