// Hostile PNGs within the size limits: each ends in a refusal that says what is wrong, or in the right
// image, and the memory a decode takes is bounded by the image's own size. No test here asserts a time.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadImage, type ImageResult } from '../../src/input/load-image.js';
import { tempDir } from '../helpers/temp-dir.js';
import { chunk, ihdr, makePng, SIGNATURE, type PngSpec } from './make-png.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = tempDir('letters-png-');
let files = 0;

/** loadImage of `data` as a new file (loadImage keeps what it read of each path). */
function load(data: Buffer): ImageResult {
  const path = join(dir, `image-${files++}.png`);
  writeFileSync(path, data);
  return loadImage(path);
}

function refusal(data: Buffer): string {
  const result = load(data);
  if (result.ok) throw new Error('the image was not refused');
  return result.reasons.join('\n');
}

function pixels(result: ImageResult): Buffer {
  if (!result.ok) throw new Error(result.reasons.join('\n'));
  return PNG.sync.read(result.data).data;
}

/**
 * The bytes of ArrayBuffers (Buffers) `run` leaves behind, from a collected heap: what it allocated,
 * less what V8 collected on the way, which is none in the runs here (the product itself cannot ask V8
 * to collect: `--expose-gc` spoils the code cache).
 */
function arrayBytesOf(run: () => void): number {
  gc();
  const before = process.memoryUsage().arrayBuffers;
  run();
  return process.memoryUsage().arrayBuffers - before;
}

/**
 * How far the process's resident memory rose above its start while `run` ran, sampled every
 * millisecond by a thread of its own: a peak, which buffers collected on the way do not hide.
 */
async function peakRssOf(run: () => void): Promise<number> {
  gc();
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const sampler = new Worker(
    `const { parentPort, workerData: stop } = require('node:worker_threads');
    let peak = 0;
    parentPort.postMessage('started');
    while (Atomics.load(stop, 0) === 0) {
      peak = Math.max(peak, process.memoryUsage.rss());
      Atomics.wait(stop, 0, 0, 1);
    }
    parentPort.postMessage(Math.max(peak, process.memoryUsage.rss()));`,
    { eval: true, workerData: stop },
  );
  await once(sampler, 'message');
  const start = process.memoryUsage.rss();
  run();
  Atomics.store(stop, 0, 1);
  Atomics.notify(stop, 0);
  const [peak] = (await once(sampler, 'message')) as [number];
  await sampler.terminate();
  return peak - start;
}

const MB = 1024 * 1024;

/**
 * A 4000×4000 16-bit RGBA signature, the largest the limits allow: a band of ink on transparency, its
 * rows filtered with Sub, Up or Paeth. Made once, from its filtered rows, in a few hundred milliseconds.
 */
const bigSignature = (() => {
  let made: { file: Buffer; inflated: number } | undefined;
  return () => {
    if (made) return made;
    const [width, height] = [4000, 4000];
    const row = 1 + width * 8;
    const rows = Buffer.alloc(height * row);
    // Filtered with Sub, a row of one colour is that colour in its first pixel and nothing after; under
    // a row of one colour, Up and Paeth repeat it from nothing. The ink is rows 1990 to 2009.
    for (let y = 0; y < height; y++) rows[y * row] = y === 1990 || y === 2010 ? 1 : y > 1990 && y < 2010 ? [2, 4][y % 2]! : [1, 2, 4][y % 3]!;
    Buffer.from([0x0f, 0xa0, 0x1f, 0x40, 0x75, 0x30, 0xff, 0xff]).copy(rows, 1990 * row + 1);
    made = { file: makePng({ width, height, depth: 16, colour: 6, sample: () => 0, compress: () => deflateSync(rows, { level: 1 }) }), inflated: rows.length };
    return made;
  };
})();

describe('a large PNG', () => {
  it('is decoded in about the memory of its inflated rows, and flattened onto white', async () => {
    const { file, inflated } = bigSignature();
    let result: ImageResult | undefined;
    const peak = await peakRssOf(() => (result = load(file)));
    // pngjs held its inflated rows and a 16-bit bitmap at once, then an 8-bit one and the filtered rows it wrote.
    expect(peak).toBeLessThan(inflated + 32 * MB);
    const rgba = pixels(result!);
    expect([...rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    for (const y of [1990, 2000, 2009]) expect([...rgba.subarray(y * 4000 * 4, y * 4000 * 4 + 8)], `row ${y}`).toEqual([16, 31, 117, 255, 16, 31, 117, 255]);
    expect([...rgba.subarray(2010 * 4000 * 4, 2010 * 4000 * 4 + 4)]).toEqual([255, 255, 255, 255]);
  });

  it('holds one image’s rows at a time, however many are loaded one after the other', async () => {
    const { file, inflated } = bigSignature();
    const after: number[] = [];
    const start = process.memoryUsage().arrayBuffers;
    const peak = await peakRssOf(() => {
      for (let i = 0; i < 6; i++) {
        expect(load(file).ok).toBe(true);
        after.push(process.memoryUsage().arrayBuffers - start);
      }
    });
    // pngjs's buffers piled up, some 70 MB an image. A decode's rows, once promoted to V8's old
    // generation, were freed only after the next image's were made: two images' rows at a time.
    expect(Math.max(...after)).toBeLessThan(2 * inflated + 8 * MB);
    expect(peak).toBeLessThan(inflated + 48 * MB);
  });
});

describe('hostile PNGs', () => {
  const rgba = (width: number, height: number, extra: Partial<PngSpec> = {}): PngSpec => ({
    width,
    height,
    depth: 8,
    colour: 6,
    sample: (x, y, c) => (c === 3 ? (x + y) % 256 : 40 * c),
    ...extra,
  });

  it.each([0, 1] as const)('refuses image data inflating past its rows (a decompression bomb), interlace %i, in bounded memory', (interlace) => {
    const bomb = deflateSync(Buffer.alloc(64 * MB), { level: 9 });
    const file = makePng(rgba(100, 100, { interlace, compress: () => bomb }));
    let message = '';
    // pngjs inflated an interlaced image's data without a limit: all 64 MB of it.
    expect(arrayBytesOf(() => (message = refusal(file)))).toBeLessThan(4 * MB);
    expect(message).toBe('the image is damaged or cut short: its image data inflates to more than the rows its header declares');
  });

  it('decodes image data followed by bytes past the end of its zlib stream, which are left out', () => {
    const file = makePng(rgba(5, 4, { compress: (rows) => Buffer.concat([deflateSync(rows), Buffer.alloc(2 * MB, 0x55)]) }));
    const result = load(file);
    expect(pixels(result)).toEqual(pixels(load(makePng(rgba(5, 4)))));
    expect(result.ok && result.data.length).toBeLessThan(1000);
  });

  it('decodes image data cut into 400,000 chunks, and refuses it short of its rows', () => {
    const spec = rgba(64, 64, { compress: (rows) => deflateSync(rows, { level: 0 }), idatChunks: 400_000 });
    expect(pixels(load(makePng(spec)))).toEqual(pixels(load(makePng(rgba(64, 64)))));
    const short = makePng({ ...spec, compress: (rows) => deflateSync(rows.subarray(0, rows.length - 10), { level: 0 }) });
    expect(refusal(short)).toBe('the image is damaged or cut short: its image data ends before its last row');
  });

  it('decodes a PNG with 4.5 MB of text and unknown ancillary chunks', () => {
    const text = chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0'), deflateSync(Buffer.alloc(3 * MB))]));
    const itxt = chunk('iTXt', Buffer.concat([Buffer.from('Comment\0\0\0\0\0'), Buffer.alloc(4 * MB, 0x41)]));
    expect(pixels(load(makePng(rgba(9, 9, { extra: [text, chunk('prIv', Buffer.alloc(1000))], after: [itxt] }))))).toEqual(pixels(load(makePng(rgba(9, 9)))));
  });

  it('refuses a PNG cut short anywhere, or with a chunk that does not match its checksum', () => {
    const good = makePng(rgba(30, 20, { filter: (row) => row % 5 }));
    for (let end = 8; end < good.length; end += 7) expect(refusal(good.subarray(0, end))).toMatch(/^the (PNG )?image is damaged or cut short: /);
    const flipped = Buffer.from(good);
    flipped[good.indexOf('IDAT') + 20]! ^= 0x10;
    expect(refusal(flipped)).toBe('the image is damaged or cut short: its IDAT chunk at byte 33 does not match its checksum');
  });

  it('refuses a pixel past the end of its palette', () => {
    const spec: PngSpec = { width: 6, height: 3, depth: 4, colour: 3, palette: [[0, 0, 0]], sample: (x, y) => (x === 4 && y === 2 ? 9 : 0) };
    expect(refusal(makePng(spec))).toBe('the image is damaged or cut short: a pixel in row 3 is colour 9 of a palette of 1');
    expect(refusal(makePng({ ...spec, interlace: 1 }))).toBe('the image is damaged or cut short: a pixel in row 3 is colour 9 of a palette of 1');
  });

  it.each([
    ['a palette image without a palette', { colour: 3, depth: 8 }, 'it is a palette image without a palette (PLTE chunk)'],
    ['a palette of 257 colours', { colour: 3, depth: 8, palette: Array(257).fill([1, 2, 3]) }, 'its palette (PLTE chunk) is not 1 to 256 colours'],
    [
      'more transparencies than colours',
      { colour: 3, depth: 8, palette: [[1, 2, 3]], transparency: Buffer.from([0, 0]) },
      'its transparency chunk (tRNS) has more entries than its palette',
    ],
    ['a short transparent colour', { colour: 2, depth: 8, transparency: Buffer.from([0, 0]) }, 'its transparency chunk (tRNS) is too short'],
    ['16-bit palette', { colour: 3, depth: 16, palette: [[1, 2, 3]] }, 'its header gives bit depth 16, which PNG does not have for colour type 3'],
    ['4-bit RGB', { colour: 2, depth: 4 }, 'its header gives bit depth 4, which PNG does not have for colour type 2'],
    ['colour type 5', { colour: 5, depth: 8 }, 'its header gives colour type 5, which PNG does not have'],
  ] as const)('refuses %s', (_what, kind, reason) => {
    const spec = { width: 4, height: 4, sample: () => 0, ...kind } as PngSpec;
    // makePng writes each sample at the header's depth; a colour type PNG lacks is written as grey.
    const file = makePng({ ...spec, colour: spec.colour === 5 ? 0 : spec.colour });
    if (spec.colour === 5) file[25] = 5;
    expect(refusal(fixHeader(file))).toBe(`the image is damaged or cut short: ${reason}`);
  });

  it('refuses an unknown filter type, an unknown critical chunk and a second palette', () => {
    expect(refusal(makePng(rgba(4, 4, { filter: (row) => (row === 2 ? 5 : 0) })))).toBe(
      'the image is damaged or cut short: row 3 has filter type 5, which PNG does not have',
    );
    expect(refusal(makePng(rgba(4, 4, { extra: [chunk('XYZW', Buffer.alloc(4))] })))).toBe(
      'the image is damaged or cut short: it has a critical chunk of unknown type XYZW, which a reader must refuse',
    );
    const palette = chunk('PLTE', Buffer.from([1, 2, 3]));
    expect(refusal(makePng({ width: 2, height: 2, depth: 8, colour: 3, palette: [[0, 0, 0]], sample: () => 0, extra: [palette] }))).toBe(
      'the image is damaged or cut short: it has a second PLTE chunk',
    );
  });

  it('refuses a header with another compression, filter or interlace method', () => {
    for (const [at, what] of [
      [10, 'compression method 1'],
      [11, 'filter method 1'],
      [12, 'interlace method 2'],
    ] as const) {
      const file = makePng(rgba(4, 4));
      file[16 + at] = at === 12 ? 2 : 1;
      expect(refusal(fixHeader(file))).toBe(`the image is damaged or cut short: its header gives ${what}, which PNG does not have`);
    }
  });

  it('refuses a PNG with no image data', () => {
    const file = Buffer.concat([SIGNATURE, ihdr(4, 4, 8, 6), chunk('IEND', Buffer.alloc(0))]);
    expect(refusal(file)).toBe('the image is damaged or cut short: it has no image data (IDAT chunk)');
  });
});

/** The PNG with its header chunk's checksum made right again after its bytes were changed. */
function fixHeader(file: Buffer): Buffer {
  const header = file.subarray(8, 8 + 25);
  const fixed = chunk('IHDR', Buffer.from(header.subarray(8, 21)));
  return Buffer.concat([file.subarray(0, 8), fixed, file.subarray(33)]);
}
