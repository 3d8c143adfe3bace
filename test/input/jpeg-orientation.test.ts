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
