import { describe, expect, it } from 'vitest';
import { contentPieces, MAX_PIECE, MIN_PIECE } from '../../src/render/content-pieces.js';

/** A page's writes as draw-text makes them: a text line each, of varied lengths and text. */
function page(lines: number, seed = 1): string[] {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  return Array.from({ length: lines }, (_, i) => {
    const words = Array.from({ length: 3 + (next() % 12) }, () => (next() % 4096).toString(16).padStart(4, '0'));
    return `BT\n1 0 0 -1 72 ${100 + i * 14} Tm\n[<${words.join('> -250 <')}>] TJ\nET\n`;
  });
}

describe('contentPieces', () => {
  it('gives back every write, in order, cut only after a line end', () => {
    const writes = ['1 0 0 -1 0 841.89 cm\n', ...page(400), 'q\n', 'Q\n'];
    const pieces = contentPieces(writes);
    expect(pieces.join('')).toBe(writes.join(''));
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
  });

  it('cuts pieces no shorter than MIN_PIECE, and no longer than MAX_PIECE plus the write that passes it', () => {
    const writes = page(2000, 7);
    const longest = Math.max(...writes.map((w) => w.length));
    const pieces = contentPieces(writes);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.length).toBeGreaterThanOrEqual(MIN_PIECE);
      expect(piece.length).toBeLessThan(MAX_PIECE + longest);
    }
  });

  it('never cuts after a write given as bytes, which may end inside a token', () => {
    const writes = page(300, 3).flatMap((line) => [line.slice(0, 10), line.slice(10)]);
    const bytes = new Set([...writes.keys()].filter((i) => i % 2 === 0));
    const pieces = contentPieces(writes, bytes);
    expect(pieces.join('')).toBe(writes.join(''));
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('ET\n')).toBe(true);
  });

  it('leaves the pieces away from a changed line as they were: the cuts depend on the text before them in their piece', () => {
    const writes = page(600, 11);
    const changed = [...writes];
    changed[40] = changed[40]!.replace('TJ', 'TJ\n0 g');
    changed.splice(300, 1, changed[300]!.replace('] TJ', ' -250 <00ff00ff>] TJ'), changed[300]!);
    const before = contentPieces(writes);
    const after = contentPieces(changed);
    const kept = after.filter((piece) => before.includes(piece));
    // Two lines differ (one changed, one added): the pieces around them are new, all the others kept.
    expect(after.length - kept.length).toBeLessThanOrEqual(4);
    expect(kept.length).toBeGreaterThan(after.length / 2);
  });

  it('starts a piece at each cut given, whatever its size, except after a write given as bytes', () => {
    const writes = ['1 0 0 -1 0 841.89 cm\n', ...page(40, 5)];
    const pieces = contentPieces(writes, new Set([0]), new Set([1, 3, 4, 12]));
    expect(pieces.join('')).toBe(writes.join(''));
    // No piece ends after the bytes of write 0; 3 and 4 start pieces of one and of eight writes (far below MIN_PIECE).
    expect(pieces.slice(0, 3)).toEqual([writes.slice(0, 3).join(''), writes[3], writes.slice(4, 12).join('')]);
    expect(pieces[3]!.startsWith(writes[12]!)).toBe(true);
  });

  it('gives nothing for no writes, and one piece for a short page', () => {
    expect(contentPieces([])).toEqual([]);
    expect(contentPieces(['1 0 0 -1 0 841.89 cm\n', 'q\n', 'Q\n'])).toEqual(['1 0 0 -1 0 841.89 cm\nq\nQ\n']);
  });
});
