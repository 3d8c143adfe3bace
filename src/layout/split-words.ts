import type { Inline } from '../letter-document.js';

/** A styled piece of a word: "**Decent Work**”¹." is one word of three pieces (the marker is one). */
export interface Piece {
  text: string;
  bold: boolean;
  italic: boolean;
  href?: string;
  /** Set on a footnote marker; `text` is then its number, after a comma when it follows another marker. */
  footnote?: number;
}

/** The unit that both renderers wrap: the preview never splits a word, the PDF splits only over-long ones. */
export interface Word {
  pieces: Piece[];
  /** A hard line break follows this word. */
  breakAfter: boolean;
}

/**
 * Splits a paragraph's runs into words at white space. Both renderers call this on the same inlines,
 * so a page break recorded as "block b, word w" by the layout means the same place in the preview.
 */
export function splitWords(inlines: readonly Inline[]): Word[] {
  const words: Word[] = [];
  let current: Word | undefined;
  const close = () => {
    if (current && current.pieces.length > 0) words.push(current);
    current = undefined;
  };
  const push = (piece: Piece) => {
    current ??= { pieces: [], breakAfter: false };
    const prev = current.pieces[current.pieces.length - 1];
    if (prev && !prev.footnote && !piece.footnote && prev.bold === piece.bold && prev.italic === piece.italic && prev.href === piece.href) {
      prev.text += piece.text;
    } else {
      current.pieces.push(piece);
    }
  };
  for (const run of inlines) {
    if (run.kind === 'break') {
      const last = current ?? words[words.length - 1];
      close();
      if (last) last.breakAfter = true;
      continue;
    }
    if (run.kind === 'footnote') {
      // A marker belongs to the word before it: "charges¹".
      if (!current && words.length > 0) current = words.pop();
      // Markers side by side are set apart, "free¹,⁴", or they read as one number: footnote 14.
      const after = current?.pieces[current.pieces.length - 1]?.footnote !== undefined;
      push({ text: `${after ? ',' : ''}${run.number}`, bold: false, italic: false, footnote: run.number });
      continue;
    }
    // Only ordinary white space separates words: a no-break space (U+00A0, U+202F) holds them together.
    for (const part of run.text.split(BREAKING_SPACE)) {
      if (part === '') continue;
      if (BREAKING_SPACE_ONLY.test(part)) close();
      else push({ text: part, bold: !!run.bold, italic: !!run.italic, href: run.href });
    }
  }
  close();
  return words;
}

/** White space where a line may break, captured for split(); no-break spaces are not in it. */
export const BREAKING_SPACE = /([ \t\n\r\f\v]+)/;
const BREAKING_SPACE_ONLY = /^[ \t\n\r\f\v]+$/;
