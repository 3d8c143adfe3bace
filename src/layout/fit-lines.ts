import { BoundedCache, CachesBy } from '../bounded-cache.js';
import type { FontSet } from '../fonts/font-set.js';
import type { Hyphenator } from './hyphenate.js';
import type { LineWord, MeasuredPiece, WrappedLine } from './measured-words.js';

/**
 * How far a justified line's word gaps may stretch and shrink, as fractions of a space: a gap wider
 * than 1.5 spaces reads as a hole, one narrower than 0.8 runs the words together.
 */
export const STRETCH = 0.5;
export const SHRINK = 1 / 3;

/** Demerits, in the manner of Knuth and Plass: a line beyond the stretch limit is taken only when no break avoids it. */
const TOO_LOOSE = 100_000;
const HYPHEN = 50 * 50;
const TWO_HYPHENS = 3_000;
const MORE_HYPHENS = 1_000_000;
/** A paragraph's last line holding a single word: worse than any line within the stretch limit. */
const LONE_WORD = 10_000_000;

interface Fragment {
  word: number;
  start: number;
  end: number;
  width: number;
  /** A space stands before it (it starts a word that is not the line's first). */
  startsWord: boolean;
  /** Breaking after it needs no hyphen. */
  endsWord: boolean;
  /** Width of the hyphen drawn when the line breaks after it. */
  hyphen: number;
}

/** The text of a word's pieces, as one string (footnote markers included, at their places). */
function textOf(word: LineWord): string {
  return word.pieces.map((p) => p.text).join('');
}

/** The pieces of `word` between two offsets of its text, measured. */
function slice(word: LineWord, start: number, end: number, fonts: FontSet): MeasuredPiece[] {
  const out: MeasuredPiece[] = [];
  let at = 0;
  for (const piece of word.pieces) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + piece.text.length);
    if (from < to) {
      const text = piece.text.slice(from - at, to - at);
      out.push(text === piece.text ? piece : { ...piece, text, width: fonts.fonts[piece.style].width(text) * piece.size });
    }
    at += piece.text.length;
  }
  return out;
}

/** Width of the first `end` UTF-16 units of a word's text, and the piece holding the unit before `end`. */
function head(word: LineWord, end: number, fonts: FontSet): { width: number; piece: MeasuredPiece } {
  let width = 0;
  let at = 0;
  for (const piece of word.pieces) {
    const length = piece.text.length;
    if (end <= at + length) {
      const part = end - at === length ? piece.width : fonts.fonts[piece.style].width(piece.text.slice(0, end - at)) * piece.size;
      return { width: width + part, piece };
    }
    width += piece.width;
    at += length;
  }
  return { width, piece: word.pieces[word.pieces.length - 1]! };
}

function fragments(words: readonly LineWord[], hyphenate: Hyphenator | undefined, fonts: FontSet): Fragment[] {
  const out: Fragment[] = [];
  words.forEach((word, i) => {
    const points = hyphenate ? hyphenate(textOf(word)) : [];
    let previous = 0;
    let start = 0;
    for (const point of points) {
      const { width, piece } = head(word, point, fonts);
      out.push({
        word: i,
        start,
        end: point,
        width: width - previous,
        startsWord: start === 0 && i > 0,
        endsWord: false,
        hyphen: fonts.fonts[piece.style].width('-') * piece.size,
      });
      previous = width;
      start = point;
    }
    out.push({ word: i, start, end: Infinity, width: word.width - previous, startsWord: start === 0 && i > 0, endsWord: true, hyphen: 0 });
  });
  return out;
}

/** Best breaks over the fragments: the index of the last fragment of each line. */
function bestBreaks(frags: readonly Fragment[], maxWidth: number, space: number): number[] | undefined {
  const n = frags.length;
  // cost[j + 1]: least demerits of the lines up to a break after fragment j; from[j + 1] the break before that line.
  const cost = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  const run = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  for (let b = 0; b < n; b++) {
    const last = b === n - 1;
    const hyphenated = !frags[b]!.endsWord;
    let width = 0;
    let gaps = 0;
    for (let a = b; a >= 0; a--) {
      width += frags[a]!.width;
      if (a < b && frags[a + 1]!.startsWord) gaps++;
      const natural = width + gaps * space + (hyphenated ? frags[b]!.hyphen : 0);
      if (natural - gaps * space * SHRINK > maxWidth && a < b) break;
      if (cost[a] === Infinity) continue;
      let demerits: number;
      if (last) {
        // The last line is set with plain spaces: it cannot shrink.
        if (natural > maxWidth && a < b) continue;
        demerits = 0;
        if (gaps === 0 && a > 0) demerits += LONE_WORD;
      } else {
        // A line of one word stretches nothing: its whole empty end counts as one gap.
        const stretch = Math.max(1, gaps) * space * STRETCH;
        const ratio = natural <= maxWidth ? (maxWidth - natural) / stretch : (natural - maxWidth) / (gaps * space * SHRINK);
        const badness = Math.min(100 * ratio ** 3, 1e7) + (natural < maxWidth && ratio > 1 ? TOO_LOOSE : 0);
        demerits = (10 + badness) ** 2;
        if (hyphenated) {
          demerits += HYPHEN;
          const before = run[a]!;
          if (before >= 2) demerits += MORE_HYPHENS;
          else if (before === 1) demerits += TWO_HYPHENS;
        }
      }
      const total = cost[a]! + demerits;
      if (total < cost[b + 1]!) {
        cost[b + 1] = total;
        from[b + 1] = a;
        run[b + 1] = hyphenated ? run[a]! + 1 : 0;
      }
    }
  }
  if (cost[n] === Infinity) return undefined;
  const breaks: number[] = [];
  for (let j = n; j > 0; j = from[j]!) breaks.unshift(j - 1);
  return breaks;
}

/** Whether every justified line keeps its gaps within the stretch limit, and the last line holds more than one word. */
function goodEnough(frags: readonly Fragment[], breaks: readonly number[], maxWidth: number, space: number): boolean {
  let start = 0;
  return breaks.every((b, k) => {
    const line = frags.slice(start, b + 1);
    start = b + 1;
    const gaps = line.filter((f, i) => i > 0 && f.startsWord).length;
    const natural = line.reduce((s, f) => s + f.width, 0) + gaps * space;
    if (k === breaks.length - 1) return breaks.length === 1 || gaps > 0;
    return gaps === 0 ? false : maxWidth - natural <= gaps * space * STRETCH;
  });
}

/** The lines of the given breaks, hyphenated words cut into a head ending in "-" and their rest. */
function linesOf(words: readonly LineWord[], frags: readonly Fragment[], breaks: readonly number[], space: number, fonts: FontSet): WrappedLine[] {
  const lines: WrappedLine[] = [];
  let start = 0;
  for (const b of breaks) {
    const line = frags.slice(start, b + 1);
    start = b + 1;
    const lineWords: LineWord[] = [];
    for (let i = 0; i < line.length;) {
      const f = line[i]!;
      let j = i;
      while (j + 1 < line.length && line[j + 1]!.word === f.word) j++;
      const word = words[f.word]!;
      const end = line[j]!.end;
      if (f.start === 0 && end === Infinity) lineWords.push(word);
      else {
        const text = textOf(word);
        const pieces = slice(word, f.start, Math.min(end, text.length), fonts);
        if (end !== Infinity) {
          const tail = pieces[pieces.length - 1]!;
          // At a soft hyphen (hyphenate.ts softHyphens) the hyphen drawn takes its place.
          const withHyphen = `${tail.text.replace(/\u00ad$/, '')}-`;
          pieces[pieces.length - 1] = { ...tail, text: withHyphen, width: fonts.fonts[tail.style].width(withHyphen) * tail.size };
        }
        lineWords.push({ index: word.index, pieces, width: pieces.reduce((s, p) => s + p.width, 0) });
      }
      i = j + 1;
    }
    const width = lineWords.reduce((s, w) => s + w.width, 0) + space * (lineWords.length - 1);
    lines.push({ words: lineWords, width, last: false, hyphenated: !line[line.length - 1]!.endsWord });
  }
  return lines;
}

/**
 * Breaks a run of words (no hard breaks inside) into justified lines, choosing the breaks over the
 * whole paragraph: first without hyphens, and when that leaves a gap wider than the stretch limit or
 * a lone word on the last line, again with the words' hyphenation points. `space` is the width of
 * a space. Every line is returned with `last` false: the caller marks the paragraph's last.
 */
export function fitLines(
  words: readonly LineWord[],
  maxWidth: number,
  space: number,
  fonts: FontSet,
  hyphenate: Hyphenator | undefined,
): WrappedLine[] | undefined {
  if (words.length === 0) return undefined;
  const key = cacheKey(words, maxWidth, space, hyphenate);
  const cache = CACHES.of(fonts);
  let lines = cache.get(key);
  if (!lines) {
    lines = bestLines(words, maxWidth, space, fonts, hyphenate);
    if (!lines) return undefined;
    cache.set(key, lines);
  }
  // Copies: the caller marks the last line.
  return lines.map((line) => ({ ...line }));
}

function bestLines(words: readonly LineWord[], maxWidth: number, space: number, fonts: FontSet, hyphenate: Hyphenator | undefined): WrappedLine[] | undefined {
  const plain = fragments(words, undefined, fonts);
  const first = bestBreaks(plain, maxWidth, space);
  if (first && (goodEnough(plain, first, maxWidth, space) || !hyphenate)) return linesOf(words, plain, first, space, fonts);
  const split = fragments(words, hyphenate, fonts);
  const second = bestBreaks(split, maxWidth, space);
  if (second) return linesOf(words, split, second, space, fonts);
  return first ? linesOf(words, plain, first, space, fonts) : undefined;
}

/**
 * The same paragraph comes back letter after letter in a campaign (the body of a case, to each
 * official): its lines are kept, keyed by everything they depend on: the font set that measured the
 * words (one per Han font a letter may use: fonts/letter-fonts.ts), then the words, their hyphenation
 * points (which depend on the letter's language and names), the measure.
 */
const CACHES = new CachesBy<FontSet, string, WrappedLine[]>(() => new BoundedCache(2_000));

function cacheKey(words: readonly LineWord[], maxWidth: number, space: number, hyphenate: Hyphenator | undefined): string {
  // The hyphenator's key, with the words it keeps whole, stands for the break points of every word (hyphenate.ts).
  // Joined from parts, not built with +=: a key so built was a rope of a node per part (a thousand
  // and more for a paragraph, 32 bytes each), which the cache kept as it was.
  const parts = [`${maxWidth}|${space}|${words[0]!.index}|${hyphenate?.key ?? ''}`];
  for (const word of words) {
    parts.push(hyphenate?.keeps(textOf(word)) ? '\u0004' : '\u0003');
    for (const p of word.pieces) parts.push(`${p.style}|${p.size}|${p.rise}|${p.href ?? ''}|${p.footnote ?? ''}\u0001${p.text}\u0002`);
  }
  return parts.join('');
}
