import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { jpegOrientation } from '../../src/input/jpeg-orientation.js';
import { loadImage } from '../../src/input/load-image.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeJpeg } from './make-jpeg.js';

/** A 32×16 grey JPEG, as a phone would write it before turning: its header says 32 wide. */
const plain = makeJpeg({ width: 32, height: 16, components: [{ id: 1, h: 1, v: 1 }], coefficient: (_c, row, column, k) => (k === 0 ? (row + column) * 8 : 0) });

/** `plain` with an EXIF segment after its start marker holding `orientation`, in either byte order. */
function withExif(orientation: number, little: boolean): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write(little ? 'II' : 'MM', 0, 'latin1');
  const u16 = (v: number, at: number) => (little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(1, 8);
  // One entry: tag 0x0112 (Orientation), type SHORT, count 1, the value in the first two bytes.
  u16(0x0112, 10);
  u16(3, 12);
  u32(1, 14);
  u16(orientation, 18);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([plain.subarray(0, 2), app1, body, plain.subarray(2)]);
}

describe('jpegOrientation', () => {
  it('reads what pdfkit reads, in both byte orders', () => {
    // pdfkit's own reading, through its openImage (not in its types).
    const pdf = new PDFDocument() as unknown as { openImage(src: Buffer): { orientation: number } };
    for (const little of [true, false]) {
      for (let orientation = 1; orientation <= 8; orientation++) {
        const data = withExif(orientation, little);
        expect(jpegOrientation(data)).toBe(orientation);
        expect(pdf.openImage(data).orientation).toBe(orientation);
      }
    }
    expect(jpegOrientation(plain)).toBe(1);
    expect(jpegOrientation(withExif(9, true))).toBe(1);
  });

  it('gives a turned photo the size pdfkit draws it at, so its letter box is not squeezed', () => {
    const dir = tempDir('letters-orientation-');
    const load = (name: string, data: Buffer) => {
      writeFileSync(join(dir, name), data);
      return loadImage(join(dir, name));
    };
    expect(load('plain.jpg', plain)).toMatchObject({ ok: true, image: { width: 32, height: 16 } });
    expect(load('upside-down.jpg', withExif(3, true))).toMatchObject({ ok: true, image: { width: 32, height: 16 } });
    expect(load('portrait.jpg', withExif(6, true))).toMatchObject({ ok: true, image: { width: 16, height: 32 } });
    expect(load('portrait-mm.jpg', withExif(8, false))).toMatchObject({ ok: true, image: { width: 16, height: 32 } });
  });
});

/** A segment of type `marker` holding `body`. */
function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

describe('the metadata of a JPEG', () => {
  it('is left out of the letters, but for JFIF, Adobe’s colour transform and the first EXIF segment, which keeps its orientation', () => {
    const exif = withExif(6, true);
    const exifSegment = exif.subarray(2, 2 + 4 + exif.readUInt16BE(4) - 2);
    const metadata = [
      segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0', 'latin1'), Buffer.alloc(60_000, 7)])),
      segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.alloc(30_000, 32)])),
      segment(0xed, Buffer.alloc(20_000, 1)),
      segment(0xfe, Buffer.from('a comment', 'latin1')),
      segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.alloc(10_000)])),
    ];
    const adobe = segment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1'));
    const file = Buffer.concat([plain.subarray(0, 2), ...metadata.slice(0, 2), exifSegment, ...metadata.slice(2), adobe, plain.subarray(2)]);
    const dir = tempDir('letters-lean-jpeg-');
    writeFileSync(join(dir, 'phone.jpg'), file);
    const result = loadImage(join(dir, 'phone.jpg'));
    expect(result).toMatchObject({ ok: true, image: { width: 16, height: 32 } });
    if (!result.ok) return;
    expect(result.data.length).toBe(plain.length + exifSegment.length + adobe.length);
    expect(result.data.includes(exifSegment)).toBe(true);
    expect(result.data.includes(adobe)).toBe(true);
    expect(result.data.subarray(result.data.length - (plain.length - 2))).toEqual(plain.subarray(2));
    // A JPEG with nothing to leave out is kept as it is.
    writeFileSync(join(dir, 'plain.jpg'), plain);
    expect(loadImage(join(dir, 'plain.jpg'))).toMatchObject({ ok: true, data: plain });
  });

  it('is copied without fill bytes before its markers, which throw pdfkit’s own walk of the segments off', () => {
    // The first Huffman table, after the quantisation table and the frame header.
    let huffman = 2;
    while (plain[huffman + 1] !== 0xc4) huffman += 2 + plain.readUInt16BE(huffman + 2);
    expect(plain[huffman + 1]).toBe(0xc4);
    const filled = Buffer.concat([plain.subarray(0, huffman), Buffer.from([0xff, 0xff, 0xff]), plain.subarray(huffman)]);
    const dir = tempDir('letters-lean-jpeg-');
    writeFileSync(join(dir, 'filled.jpg'), filled);
    const result = loadImage(join(dir, 'filled.jpg'));
    expect(result).toMatchObject({ ok: true, image: { width: 32, height: 16 } });
    if (!result.ok) return;
    expect(result.data).toEqual(plain);
    const pdf = new PDFDocument() as unknown as { openImage(src: Buffer): { width: number; height: number } };
    expect(pdf.openImage(result.data)).toMatchObject({ width: 32, height: 16 });
  });
});
