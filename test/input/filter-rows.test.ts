import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { filterRows } from '../../src/input/filter-rows.js';
import { pngFile } from '../../src/input/png-parts.js';

/** Rows of `width` grey (bpp 1) or RGB (bpp 3) pixels, each after a filter type byte of 0. */
function rowsOf(width: number, height: number, bpp: number, sample: (x: number, y: number, c: number) => number): Buffer {
  const rows = Buffer.alloc(height * (1 + width * bpp));
  for (let y = 0; y < height; y++) for (let i = 0; i < width * bpp; i++) rows[y * (1 + width * bpp) + 1 + i] = sample((i / bpp) | 0, y, i % bpp);
  return rows;
}

/** The PNG of the rows, filtered or not, as pngjs reads it back: RGBA. */
function decoded(rows: Buffer, width: number, height: number, bpp: number): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 8, bpp === 3 ? 2 : 0, 0, 0, 0]);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  return PNG.sync.read(pngFile(ihdr, deflateSync(rows))).data;
}

describe('filterRows', () => {
  it.each([
    [1, 1, 1],
    [7, 5, 3],
    [300, 4, 1],
    // Rows past 1024 bytes, whose filter is chosen from a sample of their bytes.
    [1500, 6, 3],
  ])('filters %i×%i rows (%i bytes a pixel) so that they decode to the same pixels', (width, height, bpp) => {
    let s = width * height + bpp;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    // Smooth parts, noise and flat runs, so that every filter wins some row.
    const rows = rowsOf(width, height, bpp, (x, y, c) => (y % 3 === 0 ? next() : y % 3 === 1 ? (x * 3 + y * 5 + c * 40) & 255 : 255));
    const before = decoded(rows, width, height, bpp);
    filterRows(rows, width, height, bpp);
    expect(decoded(rows, width, height, bpp)).toEqual(before);
    const kinds = new Set(Array.from({ length: height }, (_, y) => rows[y * (1 + width * bpp)]));
    if (width * height > 20) expect(kinds.size).toBeGreaterThan(1);
  });

  it('makes a smooth gradient a small fraction of its size unfiltered', () => {
    const [width, height] = [1200, 800];
    const rows = rowsOf(width, height, 3, (x, y, c) => [(x * 255) / width, (y * 255) / height, 128][c]!);
    const unfiltered = deflateSync(rows).length;
    filterRows(rows, width, height, 3);
    expect(deflateSync(rows).length).toBeLessThan(unfiltered / 10);
  });
});
