/**
 * A page's content as a few streams rather than one (a page's /Contents may be an array of streams,
 * read as if joined), cut where the content itself says: after a write whose own text hashes to a
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
 * The page's writes (each a whole number of operators, as pdfkit and draw-text write them) joined
 * into pieces. A cut falls only after a write that ends a line, so never inside a token.
 */
export function contentPieces(writes: readonly string[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i < writes.length; i++) {
    const write = writes[i]!;
    size += write.length;
    const atLineEnd = write.endsWith('\n');
    if (atLineEnd && ((size >= MIN_PIECE && marks(write)) || size >= MAX_PIECE)) {
      pieces.push(writes.slice(from, i + 1).join(''));
      from = i + 1;
      size = 0;
    }
  }
  if (from < writes.length) pieces.push(writes.slice(from).join(''));
  return pieces;
}

/** One write in eight, by a hash of its own text (sampled: a line's text is long, the cut needs none of it exact). */
function marks(write: string): boolean {
  let hash = write.length;
  for (let i = 0; i < write.length; i += 5) hash = (Math.imul(hash, 31) + write.charCodeAt(i)) | 0;
  return (hash & 7) === 0;
}
