import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkPng } from '../../src/input/check-png.js';
import { flattenPng, type FlattenedPng } from '../../src/input/flatten-png.js';
import { makePng, type PngSpec } from './make-png.js';

/** A repeatable stream of numbers below `n`. */
function numbers(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/** What load-image.ts made of a PNG before flatten-png.ts: pngjs's RGBA, flattened onto white in floating point. */
function pngjsOnWhite(file: Buffer): number[] {
  const { data } = PNG.sync.read(file);
  const rgb: number[] = [];
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) rgb.push(Math.round(data[i + c]! * a + 255 * (1 - a)));
  }
  return rgb;
}

/** The PNG a letter is given: flattened, or an opaque 8-bit grey or RGB one as it is. */
function flattened(file: Buffer): FlattenedPng {
  const check = checkPng(file);
  if (check.kind === 'damaged') throw new Error(check.reason);
  return check.kind === 'plain' ? { ok: true, ...check } : flattenPng(check);
}

/** The flattened image's RGB read back by pngjs, and its colour type (0 grey, 2 RGB). */
function ours(file: Buffer): { rgb: number[]; colour: number; depth: number; interlace: number } {
  const flat = flattened(file);
  if (!flat.ok) throw new Error(flat.reason);
  const { data } = PNG.sync.read(flat.data);
  const rgb: number[] = [];
  for (let i = 0; i < data.length; i += 4) rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
  return { rgb, colour: flat.data[25]!, depth: flat.data[24]!, interlace: flat.data[28]! };
}

const KINDS: { colour: number; depths: number[] }[] = [
  { colour: 0, depths: [1, 2, 4, 8, 16] },
  { colour: 2, depths: [8, 16] },
  { colour: 3, depths: [1, 2, 4, 8] },
  { colour: 4, depths: [8, 16] },
  { colour: 6, depths: [8, 16] },
];
const SIZES: [number, number][] = [
  [1, 1],
  [3, 2],
  [13, 7],
  [8, 9],
  [33, 5],
];

/** A PNG of the kind, with samples and each row's filter drawn from `seed`; a transparent colour or palette alpha when `transparent`. */
function specOf(colour: number, depth: number, interlace: 0 | 1, transparent: boolean, [width, height]: [number, number], seed: number): PngSpec {
  const next = numbers(seed);
  const top = 2 ** depth;
  const entries = colour === 3 ? 1 + next(Math.min(top, 40)) : 0;
  const palette = colour === 3 ? Array.from({ length: entries }, () => [next(256), next(256), next(256)] as [number, number, number]) : undefined;
  // A few samples repeat often, so that a transparent colour is met.
  const key = [next(top), next(top), next(top)];
  let transparency: Buffer | undefined;
  if (transparent && colour === 3) transparency = Buffer.from(Array.from({ length: next(entries + 1) }, () => [0, 255, next(256)][next(3)]!));
  if (transparent && (colour === 0 || colour === 2)) {
    transparency = Buffer.alloc(colour === 0 ? 2 : 6);
    for (let c = 0; c < transparency.length / 2; c++) transparency.writeUInt16BE(key[c]!, 2 * c);
  }
  const pixels = new Map<string, number>();
  const sample = (x: number, y: number, c: number) => {
    const at = `${x},${y},${c}`;
    if (!pixels.has(at)) {
      const v = colour === 3 ? next(entries) : next(3) === 0 ? key[colour === 0 ? 0 : c]! : [0, top - 1, next(top)][next(3)]!;
      pixels.set(at, v);
    }
    return pixels.get(at)!;
  };
  const firstPixel = (x: number, y: number) => `${x},${y}`;
  // Some pixels wholly the transparent colour: all three samples of an RGB one.
  const keyed = new Set<string>();
  for (let i = 0; i < (width * height) / 3; i++) keyed.add(firstPixel(next(width), next(height)));
  return {
    width,
    height,
    depth,
    colour,
    interlace,
    ...(palette ? { palette } : {}),
    ...(transparency ? { transparency } : {}),
    sample: (x, y, c) => (colour === 2 && keyed.has(firstPixel(x, y)) ? key[c]! : sample(x, y, c)),
    filter: (row) => (row * 7 + seed) % 5,
  };
}

describe('flattenPng', () => {
  describe.each(KINDS.flatMap(({ colour, depths }) => depths.map((depth) => ({ colour, depth }))))('colour type $colour, $depth-bit', ({ colour, depth }) => {
    it.each([
      [0, false],
      [1, false],
      [0, true],
      [1, true],
    ] as const)('interlace %i, transparency %s: the pixels of pngjs, flattened onto white', (interlace, transparent) => {
      if (transparent && (colour === 4 || colour === 6)) return;
      SIZES.forEach((size, i) => {
        const file = makePng(specOf(colour, depth, interlace, transparent, size, colour * 1000 + depth * 100 + interlace * 10 + i));
        const expected = pngjsOnWhite(file);
        const got = ours(file);
        expect(got.rgb, `${size.join('×')}`).toEqual(expected);
        const grey = expected.every((v, j) => j % 3 !== 0 || (v === expected[j + 1] && v === expected[j + 2]));
        expect(got).toMatchObject({ colour: grey ? 0 : 2, depth: 8, interlace: 0 });
      });
    });
  });

  it('keeps an RGBA image with colour RGB, and one with only greys grey', () => {
    const rgba = (r: number, g: number, b: number) =>
      makePng({ width: 4, height: 3, depth: 8, colour: 6, sample: (x, _y, c) => [r, g, b, x * 60][c]!, filter: (row) => row });
    expect(ours(rgba(10, 200, 30))).toMatchObject({ colour: 2 });
    expect(ours(rgba(90, 90, 90))).toMatchObject({ colour: 0 });
  });

  it('unfilters rows filtered with Sub, Up, Average and Paeth, ties of the Paeth predictor included', () => {
    for (const filter of [1, 2, 3, 4]) {
      for (const [depth, top] of [
        [16, 65536],
        [8, 256],
        [8, 3],
      ] as const) {
        // Samples of 0, 1 and 2 make Paeth's distances tie often: the left sample wins, then the one above.
        const next = numbers(filter * depth + top);
        const file = makePng({ width: 41, height: 12, depth, colour: 6, sample: () => next(top), filter: () => filter });
        expect(ours(file).rgb, `filter ${filter}, ${depth}-bit samples below ${top}`).toEqual(pngjsOnWhite(file));
      }
    }
  });
});
