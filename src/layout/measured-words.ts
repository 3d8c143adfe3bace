// Words measured with the fonts and the lines they are wrapped into: what wrap-words.ts and fit-lines.ts
// produce and line-items.ts draws.
import type { FontStyle } from '../fonts/font-set.js';

export interface MeasuredPiece {
  text: string;
  style: FontStyle;
  size: number;
  /** Raise above the baseline (footnote markers). */
  rise: number;
  width: number;
  href?: string;
  footnote?: number;
}

export interface LineWord {
  /** Index of the word in its block, for recording page breaks. */
  index: number;
  pieces: MeasuredPiece[];
  width: number;
}

export interface WrappedLine {
  words: LineWord[];
  width: number;
  /** The paragraph's last line, or a line ended by a hard break: never justified. */
  last: boolean;
  /** It ends with the first part of a hyphenated word. */
  hyphenated?: boolean;
}
