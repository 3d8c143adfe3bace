import { BoundedCache, CachesBy } from '../bounded-cache.js';
import { styleOf, type FontSet, type FontStyle } from '../fonts/font-set.js';
import { BREAKING_SPACE, type Word } from './split-words.js';
import type { LineWord, MeasuredPiece, WrappedLine } from './measured-words.js';
import { MARKER } from './page-style.js';
import { fitLines } from './fit-lines.js';
import type { Hyphenator } from './hyphenate.js';

export type { LineWord, MeasuredPiece, WrappedLine } from './measured-words.js';

export interface WrapOptions {
  /** Justified text: breaks chosen over the whole paragraph, hyphenated where that closes wide gaps. */
  justify?: boolean;
  hyphenate?: Hyphenator;
}

function measure(word: Word, index: number, size: number, fonts: FontSet, bold: boolean): LineWord {
  const pieces = word.pieces.map((p): MeasuredPiece => {
    const style = p.footnote ? 'regular' : styleOf(p.bold || bold, p.italic);
    const pieceSize = p.footnote ? size * MARKER.scale : size;
    return {
      text: p.text,
      style,
      size: pieceSize,
      rise: p.footnote ? size * MARKER.rise : 0,
      width: pieceWidthOf(p.text, fonts, style) * pieceSize,
      ...(p.href ? { href: p.href } : {}),
      ...(p.footnote ? { footnote: p.footnote } : {}),
    };
  });
  return { index, pieces, width: pieces.reduce((s, p) => s + p.width, 0) };
}

/**
 * Longest piece of a word measured by shaping it whole. A longer one is far wider than any line and will
 * be cut (splitLong), so its width is the sum of its parts', cut between letters: shaped whole, a
 * "word" of 240,000 Devanagari letters took 20 s and 600 MB, 160,000 Korean jamo 35 s (fontkit's
 * shaping, and the run it keeps), where its parts take a second.
 */
const MAX_SHAPED = 1_000;

function pieceWidthOf(text: string, fonts: FontSet, style: FontStyle): number {
  const font = fonts.fonts[style];
  if (text.length <= MAX_SHAPED) return font.width(text);
  let sum = 0;
  let part = '';
  for (const letter of text.match(LETTER) ?? []) {
    part += letter;
    if (part.length >= PART_LENGTH) {
      sum += font.width(part);
      part = '';
    }
  }
  return part === '' ? sum : sum + font.width(part);
}
/** Length of a part of an over-long piece measured in parts. */
const PART_LENGTH = 500;

/** Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer. */
const WITHOUT_SPACES = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f]/;

let words: Intl.Segmenter | undefined;

/**
 * Longest text given to ICU's word segmenter: its time grows faster than the text's length (some
 * 9 ms for 20,000 characters), and a name or a quotation is far shorter. A longer run is cut between
 * its letters, as any other script's.
 */
const MAX_SEGMENTED = 2_000;

/**
 * A letter with what stays with it: its marks and joiners, and a virama (or Khmer coeng, Myanmar
 * stacker) with the letter after it, which together draw one conjunct or subscript, up to 40 of these (a
 * conjunct joins three or four letters, a letter carries at most 30 marks: a chain of 60,000 viramas was
 * one "letter", shaped whole for 15 s). Read in one pass:
 * Intl.Segmenter's graphemes took time growing with the square of a word's length (23 s for a word of
 * 160,000 characters).
 */
const LETTER = /[\s\S](?:[\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d\u1039\u17d2][^\p{M}\s]|[\p{M}\u200c\u200d]){0,40}/gu;

/**
 * The pieces a word too wide for a line may be cut between: its words, in a script written without
 * spaces (ICU's dictionaries: Thai, Khmer, Myanmar), else its letters with their marks and conjuncts
 * (LETTER), never a mark torn from its letter. The segmenter's language is fixed: without one it takes
 * the process's locale (LANG), whose rules a letter's bytes must not hang on; the dictionaries serve any.
 */
function cuttingUnits(text: string): string[] {
  if (text.length <= MAX_SEGMENTED && WITHOUT_SPACES.test(text)) {
    return Array.from((words ??= new Intl.Segmenter('en', { granularity: 'word' })).segment(text), (s) => s.segment);
  }
  return text.match(LETTER) ?? [];
}

/** Cuts a word wider than a line (a long URL) into pieces that fit, preferring to cut after / . ? & = _, and at a hyphen. */
function splitLong(word: LineWord, max: number, fonts: FontSet): LineWord[] {
  const out: LineWord[] = [];
  let current: MeasuredPiece[] = [];
  let width = 0;
  const flush = () => {
    if (current.length > 0) out.push({ index: word.index, pieces: current, width });
    current = [];
    width = 0;
  };
  // An address (a URL, an e-mail) is cut before its hyphens: readers (pdftotext, pdf.js) take a
  // line-final hyphen for a hyphenation and drop it. A name ("Vandenbroucke-D’Hondt") is cut after.
  const address = word.pieces.some((p) => /[/@]/.test(p.text));
  for (const piece of word.pieces) {
    const pieceWidth = (s: string) => fonts.fonts[piece.style].width(s) * piece.size;
    // The piece's units and the running sum of their widths, made once: measuring all that was
    // left of it for every line cut made a 16,000-character word take 6.5 s and 380 MB (each remainder
    // shaped, and kept by the widths cache).
    const chars = cuttingUnits(piece.text);
    const sum = [0];
    for (const ch of chars) sum.push(sum[sum.length - 1]! + pieceWidth(ch));
    let from = 0;
    while (from < chars.length) {
      // Longest prefix that fits by its characters' own widths.
      let n = from;
      while (n < chars.length && width + sum[n + 1]! - sum[from]! <= max) n++;
      // The rest, when it may fit, measured as drawn: shaped, joined Arabic letters are narrower than
      // alone, kerned pairs too, ligatures wider. Asked only once the rest holds at most some four times
      // the characters that fit, so the work stays in proportion to the word.
      if (chars.length - from <= 4 * (n - from) + 16) {
        const rest = chars.slice(from).join('');
        const restWidth = pieceWidth(rest);
        if (width + restWidth <= max) {
          current.push({ ...piece, text: rest, width: restWidth });
          width += restWidth;
          break;
        }
      }
      if (n === from) {
        if (current.length === 0) n = from + 1;
        else {
          flush();
          continue;
        }
      }
      // Back off to a natural cutting point when there is one: after / . ? & = _, and after a hyphen
      // or, in an address, before it.
      let cut = n;
      for (let k = n; k > from + Math.floor((n - from) * 0.6); k--) {
        if ('/.?&=_'.includes(chars[k - 1]!) || (chars[k - 1] === '-' && !address)) {
          cut = k;
          break;
        }
        if (chars[k - 1] === '-' && k - 1 > from) {
          cut = k - 1;
          break;
        }
      }
      let head = chars.slice(from, cut).join('');
      let headWidth = pieceWidth(head);
      // Shaped wider than its characters (an italic "ff" ligature): a character or a few fewer.
      for (let tries = 0; width + headWidth > max && cut > from + 1 && tries < 8; tries++) {
        head = chars.slice(from, --cut).join('');
        headWidth = pieceWidth(head);
      }
      current.push({ ...piece, text: head, width: headWidth });
      width += headWidth;
      flush();
      from = cut;
    }
  }
  flush();
  return out;
}

/**
 * Lines of a paragraph. Justified text is broken over the whole paragraph (fit-lines.ts), between
 * hard breaks; other text, and a stretch holding a word wider than a line (a long URL, cut into
 * pieces), is filled greedily: each line takes as many words as fit.
 */
export function wrapWords(words: readonly Word[], maxWidth: number, size: number, fonts: FontSet, bold = false, options: WrapOptions = {}): WrappedLine[] {
  const space = fonts.fonts[bold ? 'bold' : 'regular'].width(' ') * size;
  const lines: WrappedLine[] = [];
  let current: LineWord[] = [];
  let width = 0;
  const end = (last: boolean) => {
    if (current.length > 0 || last) lines.push({ words: current, width, last });
    current = [];
    width = 0;
  };
  let stretch: LineWord[] = [];
  let fits = true;
  /** Sets the words since the last hard break, ending with a last line when `last`. */
  const flush = (last: boolean) => {
    const fitted = options.justify && fits ? fitLines(stretch, maxWidth, space, fonts, options.hyphenate) : undefined;
    if (fitted) {
      if (last) fitted[fitted.length - 1]!.last = true;
      lines.push(...fitted);
    } else {
      for (const measured of stretch) {
        const parts = measured.width > maxWidth ? splitLong(measured, maxWidth, fonts) : [measured];
        parts.forEach((part, k) => {
          const needed = current.length === 0 ? part.width : width + space + part.width;
          if (current.length > 0 && (needed > maxWidth || k > 0)) end(false);
          width = current.length === 0 ? part.width : width + space + part.width;
          current.push(part);
        });
      }
      if (last && current.length > 0) end(true);
    }
    stretch = [];
    fits = true;
  };
  words.forEach((word, index) => {
    const measured = measure(word, index, size, fonts, bold);
    if (measured.width > maxWidth) fits = false;
    stretch.push(measured);
    if (word.breakAfter) flush(true);
  });
  if (stretch.length > 0) flush(true);
  else if (lines.length > 0) lines[lines.length - 1]!.last = true;
  return lines;
}

/**
 * Plain lines (letterheads, addresses, footnotes, closings) repeat from letter to letter: kept per
 * font set, keyed by all the arguments; cleared when full.
 */
const PLAIN = new CachesBy<FontSet, string, readonly string[]>(() => new BoundedCache(5_000));

/** Wraps a plain string of one style. */
export function wrapPlain(text: string, style: FontStyle, maxWidth: number, size: number, fonts: FontSet): string[] {
  const lines = PLAIN.of(fonts).getOrMake(`${style}|${maxWidth}|${size}|${text}`, () => wrapPlainUncached(text, style, maxWidth, size, fonts));
  return [...lines];
}

function wrapPlainUncached(text: string, style: FontStyle, maxWidth: number, size: number, fonts: FontSet): string[] {
  const words: Word[] = text
    .split(BREAKING_SPACE)
    .filter((_, i) => i % 2 === 0)
    .filter(Boolean)
    .map((t) => ({
      pieces: [{ text: t, bold: style === 'bold' || style === 'boldItalic', italic: style === 'italic' || style === 'boldItalic' }],
      breakAfter: false,
    }));
  return wrapWords(words, maxWidth, size, fonts).map((line) => line.words.map((w) => w.pieces.map((p) => p.text).join('')).join(' '));
}
