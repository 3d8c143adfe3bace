/**
 * Sets of glyph objects as bitsets. A letter's glyphs per font are the union of its lines' glyphs
 * (numberLetterGlyphs in pdf.ts), some 3,000 glyph objects a letter: marked one by one on each glyph,
 * that was some 90 µs of a warm letter. Lines are shaped once per process (draw-text.ts), so each
 * line's set is made once as bits, a letter's set is the OR of its lines' (a few dozen words each),
 * and a letter whose set is that of one before it is told by comparing bits (document-fonts.ts).
 *
 * A glyph's bit is its place in its GlyphIndex: glyph objects of one shaping cache, numbered in the
 * order first met. An index is emptied when it reaches INDEX_LIMIT glyphs (a long run of ever-new
 * scripts and characters), and its generation goes up: bits of an earlier generation mean nothing
 * and are made again.
 */

export const INDEX_LIMIT = 50_000;

export class GlyphIndex {
  /** Goes up each time the index is emptied: bits made before stand for other glyphs. */
  generation = 0;
  private readonly places = new Map<object, number>();
  /** The glyph of each place. */
  readonly glyphs: object[] = [];

  constructor(private readonly limit = INDEX_LIMIT) {}

  /** The glyphs' bits in this index's current generation (glyphs met for the first time get places). */
  bitsOf(glyphs: readonly object[]): GlyphBits {
    for (;;) {
      const generation = this.generation;
      const places: number[] = [];
      let words = 0;
      for (const glyph of glyphs) {
        const place = this.placeOf(glyph);
        places.push(place);
        words = Math.max(words, (place >>> 5) + 1);
      }
      // Emptied half-way through: the places taken before belong to no glyph now. Once more, from empty.
      if (this.generation !== generation) continue;
      const bits = new Uint32Array(words);
      for (const place of places) bits[place >>> 5] = bits[place >>> 5]! | (1 << (place & 31));
      return { index: this, generation, bits };
    }
  }

  private placeOf(glyph: object): number {
    let place = this.places.get(glyph);
    if (place === undefined) {
      if (this.glyphs.length >= this.limit) {
        this.places.clear();
        this.glyphs.length = 0;
        this.generation++;
      }
      place = this.glyphs.length;
      this.places.set(glyph, place);
      this.glyphs.push(glyph);
    }
    return place;
  }
}

/** A set of glyphs of one index, as bits of one generation. */
export interface GlyphBits {
  index: GlyphIndex;
  generation: number;
  bits: Uint32Array;
}

/** Whether a set's bits still stand for the glyphs they were made for. */
export function current(set: GlyphBits): boolean {
  return set.generation === set.index.generation;
}

/** The union of sets of one index and generation. */
export function union(sets: readonly GlyphBits[]): Uint32Array {
  let words = 0;
  for (const set of sets) words = Math.max(words, set.bits.length);
  const all = new Uint32Array(words);
  for (const { bits } of sets) for (let i = 0; i < bits.length; i++) all[i] = all[i]! | bits[i]!;
  return all;
}

/** Whether two bitsets hold the same bits (trailing zero words aside). */
export function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  for (let i = 0; i < short.length; i++) if (short[i] !== long[i]) return false;
  for (let i = short.length; i < long.length; i++) if (long[i] !== 0) return false;
  return true;
}

/** The glyphs a bitset holds, in the order of their places. */
export function glyphsOf(index: GlyphIndex, bits: Uint32Array): object[] {
  const glyphs: object[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      glyphs.push(index.glyphs[(w << 5) + bit]!);
      word &= word - 1;
    }
  }
  return glyphs;
}
