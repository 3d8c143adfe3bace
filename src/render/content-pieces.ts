/**
 * A page's content as a few streams rather than one (a page's /Contents may be an array of streams,
 * read as if joined), cut where the content itself says: after a write whose length hashes to a
 * mark, once the piece has MIN characters, or at MAX. A campaign's letters differ in a few lines of
 * page 1 (the addressee, the greeting): cut this way, a piece that holds none of them has the same
 * bytes from letter to letter, so its deflated stream comes from the cache (pdf.ts), and only the
 * pieces around the lines that differ are compressed again. Where a cut falls depends only on the
 * writes before it in the same piece, so lines that differ move the cuts near them, not the others.
 */

/** A piece is cut no sooner than this many characters… */
export const MIN_PIECE = 2048;
/** …and no later than this many, mark or not. */
export const MAX_PIECE = 16384;

/**
 * The page's writes (each a whole number of operators ending a line, as pdfkit and draw-text write
 * them) joined into pieces. `byteWrites` are the writes given as bytes, which may end inside a token:
 * no cut falls after one. `cuts` are writes that start a piece of their own whatever its size (the
 * layout's, between blocks that differ from letter to letter), after any write but one of bytes.
 */
export function contentPieces(writes: readonly string[], byteWrites: ReadonlySet<number> = NONE, cuts: ReadonlySet<number> = NONE): string[] {
  const pieces: string[] = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i < writes.length; i++) {
    const length = writes[i]!.length;
    size += length;
    if (!byteWrites.has(i) && (cuts.has(i + 1) || (size >= MIN_PIECE && marks(length)) || size >= MAX_PIECE)) {
      pieces.push(writes.slice(from, i + 1).join(''));
      from = i + 1;
      size = 0;
    }
  }
  if (from < writes.length) pieces.push(writes.slice(from).join(''));
  return pieces;
}

const NONE: ReadonlySet<number> = new Set();

/**
 * One write in eight, by a hash of its length: a drawn line's length follows its glyphs and spacing.
 * Not its characters: a line is a rope of small strings until the piece is joined, and reading a
 * character of it would copy the whole line first.
 */
function marks(length: number): boolean {
  return Math.imul(length, 0x9e3779b1) >>> 29 === 0;
}
