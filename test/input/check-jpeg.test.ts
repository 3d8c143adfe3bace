import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { checkJpeg } from '../../src/input/check-jpeg.js';
import { IMAGE_LIMITS } from '../../src/input/image-limits.js';
import { loadImage } from '../../src/input/load-image.js';
import { tempDir } from '../helpers/temp-dir.js';
import { libjpegScript, makeJpeg, type JpegComponent, type JpegSpec } from './make-jpeg.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** A repeatable stream of numbers below `n`. */
function numbers(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

/** Coefficients as a photograph's are: large DC, a few AC ones falling off with frequency, many blocks of none. */
function coefficients(seed: number): JpegSpec['coefficient'] {
  const next = numbers(seed);
  const blocks = new Map<string, Int16Array>();
  return (c, row, column, k) => {
    const key = `${c},${row},${column}`;
    let block = blocks.get(key);
    if (!block) {
      block = new Int16Array(64);
      block[0] = next(400) - 200;
      if (next(4) > 0) for (let i = 1; i < 64; i++) if (next(i + 2) === 0) block[i] = (next(2) ? 1 : -1) * (1 + next(Math.max(1, 60 >> (i >> 3))));
      blocks.set(key, block);
    }
    return block[k]!;
  };
}

const GREY: JpegComponent[] = [{ id: 1, h: 1, v: 1 }];
const COLOUR: JpegComponent[] = [
  { id: 1, h: 1, v: 1 },
  { id: 2, h: 1, v: 1 },
  { id: 3, h: 1, v: 1 },
];
const COLOUR_420: JpegComponent[] = [
  { id: 1, h: 2, v: 2 },
  { id: 2, h: 1, v: 1 },
  { id: 3, h: 1, v: 1 },
];

const pixelsOf = (file: Buffer) => Buffer.from(jpeg.decode(file, { useTArray: true }).data);

describe('checkJpeg', () => {
  describe.each([
    ['grey', GREY],
    ['colour', COLOUR],
    ['colour 4:2:0', COLOUR_420],
  ] as const)('%s', (_name, components) => {
    it.each([
      [37, 21, 0],
      [64, 64, 3],
      [9, 70, 1],
    ])('passes %i×%i baseline and progressive JPEGs of the same coefficients (restart interval %i)', (width, height, interval) => {
      const spec: JpegSpec = { width, height, components, interval, coefficient: coefficients(width * height + interval) };
      const baseline = makeJpeg(spec);
      const progressive = makeJpeg({ ...spec, progressive: true, scans: libjpegScript(components.length) });
      // jpeg-js draws the same pixels from both: the test's writer codes the scans rightly.
      expect(pixelsOf(progressive)).toEqual(pixelsOf(baseline));
      expect(checkJpeg(baseline)).toMatchObject({ ok: true });
      expect(checkJpeg(progressive)).toMatchObject({ ok: true });
    });
  });

  it('passes a progressive JPEG whose last restart interval is short', () => {
    // jpeg-js decodes a one-component scan in whole intervals and refused this one ("invalid huffman
    // sequence"); poppler draws it as the baseline JPEG of the same coefficients.
    const spec: JpegSpec = { width: 40, height: 33, components: COLOUR_420, interval: 2, coefficient: coefficients(99) };
    expect(checkJpeg(makeJpeg({ ...spec, progressive: true, scans: libjpegScript(3) }))).toMatchObject({ ok: true });
  });

  it('passes JPEGs that jpeg-js writes, with trailing bytes after the end marker', () => {
    const next = numbers(7);
    const data = Buffer.from(Array.from({ length: 50 * 30 * 4 }, () => next(256)));
    const file = Buffer.from(jpeg.encode({ width: 50, height: 30, data }, 80).data);
    expect(checkJpeg(file)).toMatchObject({ ok: true });
    expect(checkJpeg(Buffer.concat([file, Buffer.alloc(1000, 0x20)]))).toEqual({ ok: true, end: file.length });
  });

  it('refuses a JPEG cut short anywhere', () => {
    const spec: JpegSpec = { width: 24, height: 17, components: COLOUR_420, interval: 2, coefficient: coefficients(3) };
    for (const file of [makeJpeg(spec), makeJpeg({ ...spec, progressive: true, scans: libjpegScript(3) })]) {
      for (let end = 2; end < file.length - 1; end++) {
        const check = checkJpeg(file.subarray(0, end));
        expect(check.ok, `cut at ${end} of ${file.length}`).toBe(false);
      }
    }
  });

  it('refuses restart markers missing or out of order, and bytes before one', () => {
    const file = makeJpeg({ width: 32, height: 8, components: GREY, interval: 1, coefficient: coefficients(5) });
    const rst = file.indexOf(Buffer.from([0xff, 0xd1]));
    const swapped = Buffer.from(file);
    swapped[rst + 1] = 0xd2;
    expect(checkJpeg(swapped)).toEqual({ ok: false, reason: 'its image data is damaged: scan 1 lacks restart marker 1 after restart interval 2' });
    const extra = Buffer.concat([file.subarray(0, rst), Buffer.from([0x12, 0x34]), file.subarray(rst)]);
    expect(checkJpeg(extra)).toEqual({ ok: false, reason: 'its image data is damaged: scan 1 has bytes past restart interval 2' });
    const none = Buffer.concat([file.subarray(0, rst), file.subarray(rst + 2)]);
    expect(checkJpeg(none).ok).toBe(false);
  });

  it('refuses a code its Huffman table does not have, and a table with more codes than fit', () => {
    const file = makeJpeg({ width: 16, height: 16, components: GREY, coefficient: coefficients(9) });
    // The DC table has 12 codes of 4 bits: 1111 is none of them.
    const sos = file.indexOf(Buffer.from([0xff, 0xda]));
    const bad = Buffer.from(file);
    bad[sos + 10] = 0xff;
    bad[sos + 11] = 0x00;
    expect(checkJpeg(bad)).toEqual({ ok: false, reason: 'its image data is damaged: scan 1 has a code its Huffman table does not have' });
    const dht = file.indexOf(Buffer.from([0xff, 0xc4]));
    // Two 1-bit codes, 0 and 1, leave no room: 1 is all ones.
    const full = Buffer.from(file);
    full[dht + 5] = 2;
    full[dht + 5 + 3] = 10;
    expect(checkJpeg(full)).toEqual({ ok: false, reason: 'its Huffman table has more codes than fit in 16 bits' });
  });

  it.each([
    [0xc3, 'lossless'],
    [0xc9, 'arithmetic-coded'],
    [0xca, 'arithmetic-coded progressive'],
  ])('refuses a frame of type 0xFF%s (%s), which PDF viewers may not show', (marker) => {
    const file = makeJpeg({ width: 8, height: 8, components: GREY, coefficient: () => 0 });
    file[file.indexOf(Buffer.from([0xff, 0xc0])) + 1] = marker;
    expect(checkJpeg(file)).toEqual({
      ok: false,
      reason: 'it is a lossless, hierarchical or arithmetic-coded JPEG, which PDF viewers may not show: save it again as a baseline JPEG, or as a PNG',
      withFix: true,
    });
  });

  it('refuses a 12-bit JPEG, two colour components, and fill bytes that pdfkit would take for a segment', () => {
    const file = makeJpeg({ width: 8, height: 8, components: GREY, coefficient: () => 0 });
    const sof = file.indexOf(Buffer.from([0xff, 0xc0]));
    const twelve = Buffer.from(file);
    twelve[sof + 4] = 12;
    expect(checkJpeg(twelve)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^it is a 12-bit JPEG, which PDF viewers may not show/),
      withFix: true,
    });
    const two = makeJpeg({
      width: 8,
      height: 8,
      components: COLOUR.slice(0, 2),
      scans: [{ components: [0, 1], start: 0, end: 63, high: 0, low: 0 }],
      coefficient: () => 0,
    });
    expect(checkJpeg(two)).toMatchObject({ ok: false, reason: expect.stringMatching(/^it has 2 colour components, which a PDF cannot show/), withFix: true });
    const filled = Buffer.concat([file.subarray(0, sof), Buffer.from([0xff, 0xff]), file.subarray(sof)]);
    expect(checkJpeg(filled)).toEqual({ ok: false, reason: 'its segments are laid out in a way the PDF writer cannot follow: save it again', withFix: true });
    // Fill bytes after the frame header are nothing to pdfkit.
    const sos = file.indexOf(Buffer.from([0xff, 0xda]));
    expect(checkJpeg(Buffer.concat([file.subarray(0, sos), Buffer.from([0xff, 0xff, 0xff]), file.subarray(sos)]))).toMatchObject({ ok: true });
  });

  it('passes a JPEG with 200,000 Huffman table segments and 70,000 application segments before its frame', () => {
    const file = makeJpeg({ width: 16, height: 16, components: GREY, coefficient: coefficients(4) });
    const table = Buffer.from([0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...Array<number>(15).fill(0), 0]);
    const app = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 0x44]), Buffer.alloc(0x42, 0xff)]);
    const many = Buffer.concat([file.subarray(0, 2), ...Array<Buffer>(200_000).fill(table), ...Array<Buffer>(70_000).fill(app), file.subarray(2)]);
    expect(checkJpeg(many)).toMatchObject({ ok: true });
  });

  it('refuses scans a progressive JPEG may not have, and a component with no scan', () => {
    const spec: JpegSpec = { width: 16, height: 16, components: COLOUR, progressive: true, coefficient: coefficients(2) };
    const acOfTwo = makeJpeg({
      ...spec,
      scans: [
        { components: [0, 1, 2], start: 0, end: 0, high: 0, low: 0 },
        { components: [0, 1], start: 1, end: 63, high: 0, low: 0 },
      ],
    });
    expect(checkJpeg(acOfTwo)).toEqual({ ok: false, reason: 'its scan 1-63 (successive approximation 0, 0) is not one a progressive JPEG may have' });
    const noBlue = makeJpeg({ ...spec, scans: [{ components: [0, 1], start: 0, end: 0, high: 0, low: 0 }] });
    expect(checkJpeg(noBlue)).toEqual({ ok: false, reason: 'its colour component 3 has no image data' });
  });
});

describe('JPEGs within the limits', () => {
  const dir = tempDir('letters-jpeg-');
  let files = 0;
  const load = (data: Buffer) => {
    const path = join(dir, `image-${files++}.jpg`);
    writeFileSync(path, data);
    return loadImage(path);
  };

  it('passes a 4000×4000 colour JPEG, checked in a few megabytes', () => {
    // jpeg-js decoded it in full, in some 300 MB, and refused it as damaged past its 128 MB limit.
    const data = Buffer.alloc(4000 * 4000 * 4, 255);
    for (let x = 100; x < 3900; x++) data.fill(0, (2000 * 4000 + x) * 4, (2000 * 4000 + x) * 4 + 3);
    const file = Buffer.from(jpeg.encode({ width: 4000, height: 4000, data }, 90).data);
    gc();
    const before = process.memoryUsage().arrayBuffers;
    const result = load(file);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(file.length + 2 * MB);
    expect(result).toMatchObject({ ok: true, image: { width: 4000, height: 4000 } });
  });

  it('leaves out of the letters what follows the end marker, such as the video of a phone’s “motion photo”', () => {
    const file = makeJpeg({ width: 16, height: 16, components: GREY, coefficient: coefficients(6) });
    const result = load(Buffer.concat([file, Buffer.from('ftypmp42'), Buffer.alloc(4 * MB, 0x33)]));
    expect(result.ok && result.data).toEqual(file);
  });

  it(`refuses a progressive JPEG of more than ${IMAGE_LIMITS.jpegScans} scans, each of the whole image in a few bytes`, () => {
    const spec: JpegSpec = { width: 4000, height: 4000, components: GREY, progressive: true, coefficient: () => 0 };
    const scan = { components: [0], start: 1, end: 63, high: 0, low: 0 };
    const two = makeJpeg({ ...spec, scans: [{ ...scan, start: 0, end: 0 }, scan] });
    // The AC scan, which codes 250,000 blocks in 8 end-of-block runs, repeated: 5 MB would hold 150,000 of them.
    const acScan = two.subarray(two.lastIndexOf(Buffer.from([0xff, 0xda])), two.length - 2);
    const many = (n: number) => Buffer.concat([two.subarray(0, two.length - 2), ...Array<Buffer>(n - 2).fill(acScan), Buffer.from([0xff, 0xd9])]);
    expect(acScan.length).toBeLessThan(64);
    expect(load(many(IMAGE_LIMITS.jpegScans))).toMatchObject({ ok: true });
    expect(load(many(IMAGE_LIMITS.jpegScans + 1))).toEqual({
      ok: false,
      reasons: [
        `the image cannot be used: it has more than ${IMAGE_LIMITS.jpegScans} scans (a progressive JPEG has about 10): save it again as a baseline JPEG`,
      ],
      withFix: true,
    });
  });
});
