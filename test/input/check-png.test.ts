import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkPng } from '../../src/input/check-png.js';
import { ROOT } from '../helpers/run-cli.js';
import { chunk, SIGNATURE } from './make-png.js';

/** A PNG of `height` rows of `width` grey (or RGB) pixels, each row given its filter byte, with extra chunks before IDAT. */
function png(width: number, height: number, options: { colour?: 0 | 2; filter?: number; rows?: number; extra?: Buffer[] } = {}): Buffer {
  const colour = options.colour ?? 0;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colour;
  const row = 1 + width * (colour === 2 ? 3 : 1);
  const raw = Buffer.alloc(row * (options.rows ?? height), 0x80);
  for (let at = 0; at < raw.length; at += row) raw[at] = options.filter ?? 0;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), ...(options.extra ?? []), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('checkPng', () => {
  it('passes an opaque 8-bit grey or RGB PNG as it is, with its size', () => {
    expect(checkPng(readFileSync(join(ROOT, 'senders', 'signatures', 'example-es.png')))).toMatchObject({ kind: 'plain', width: 360, height: 120 });
    expect(checkPng(png(7, 3, { colour: 2 }))).toMatchObject({ kind: 'plain', width: 7, height: 3 });
    // pdfkit is given the checked header, the image data and the end: a text chunk (of any size) stays behind.
    const withText = png(7, 3, { extra: [chunk('tEXt', Buffer.from(`Comment\0${'x'.repeat(400_000)}`))] });
    const checked = checkPng(withText);
    expect(checked).toMatchObject({ kind: 'plain', width: 7, height: 3 });
    expect(checked.kind === 'plain' && checked.data.toString('latin1')).not.toContain('tEXt');
    expect(checked.kind === 'plain' && PNG.sync.read(checked.data)).toMatchObject({ width: 7, height: 3 });
  });

  it('leaves alpha, palette and transparent-colour PNGs to the full decoder', () => {
    const rgba = new PNG({ width: 4, height: 2 });
    expect(checkPng(PNG.sync.write(rgba))).toMatchObject({ kind: 'other', header: { width: 4, height: 2, depth: 8, colour: 6, interlace: 0 } });
    expect(checkPng(png(4, 2, { extra: [chunk('tRNS', Buffer.from([0, 0x80]))] }))).toMatchObject({ kind: 'other', transparency: Buffer.from([0, 0x80]) });
    // An RGB image's suggested palette, which pdfkit would take for the image's colours.
    const palette = Buffer.from([255, 0, 0, 0, 0, 255]);
    expect(checkPng(png(4, 2, { colour: 2, extra: [chunk('PLTE', palette)] }))).toMatchObject({ kind: 'other', palette });
  });

  it('joins the image data of many chunks, and leaves out of a plain PNG what follows its zlib stream', () => {
    const rows = Buffer.alloc(3 * (1 + 7 * 3), 0x80);
    for (let at = 0; at < rows.length; at += 1 + 7 * 3) rows[at] = 0;
    const stream = deflateSync(rows);
    const pieces = Array.from({ length: stream.length }, (_, i) => chunk('IDAT', stream.subarray(i, i + 1)));
    const ihdr = Buffer.from([0, 0, 0, 7, 0, 0, 0, 3, 8, 2, 0, 0, 0]);
    const file = (...idat: Buffer[]) => Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), ...idat, chunk('IEND', Buffer.alloc(0))]);
    const one = checkPng(file(chunk('IDAT', stream)));
    expect(checkPng(file(...pieces, chunk('IDAT', Buffer.alloc(0))))).toEqual(one);
    expect(checkPng(file(chunk('IDAT', Buffer.concat([stream, Buffer.alloc(100_000, 7)]))))).toEqual(one);
    expect(one.kind === 'plain' && PNG.sync.read(one.data).data.subarray(0, 4)).toEqual(Buffer.from([0x80, 0x80, 0x80, 255]));
  });

  it('finds a PNG cut short, a chunk its checksum does not match, and image data short of its rows or with a bad filter', () => {
    const good = png(20, 10);
    expect(checkPng(good.subarray(0, good.length - 20))).toEqual({ kind: 'damaged', reason: 'it could not be decoded to the end' });
    const flipped = Buffer.from(good);
    flipped[good.indexOf('IDAT') + 6]! ^= 0x01;
    expect(checkPng(flipped)).toEqual({ kind: 'damaged', reason: 'its IDAT chunk at byte 33 does not match its checksum' });
    expect(checkPng(png(20, 10, { rows: 9 }))).toEqual({ kind: 'damaged', reason: 'its image data ends before its last row' });
    expect(checkPng(png(20, 10, { rows: 11 }))).toEqual({ kind: 'damaged', reason: 'its image data inflates to more than the rows its header declares' });
    expect(checkPng(png(20, 10, { filter: 7 }))).toEqual({ kind: 'damaged', reason: 'row 1 has filter type 7, which PNG does not have' });
    // A second header, which pdfkit's parser would take over the first (a size past the limits).
    const big = Buffer.alloc(13);
    big.writeUInt32BE(100000, 0);
    big.writeUInt32BE(10, 4);
    big[8] = 8;
    big[9] = 6;
    expect(checkPng(png(20, 10, { extra: [chunk('IHDR', big)] }))).toEqual({ kind: 'damaged', reason: 'it has a second header chunk (IHDR)' });
    // No IEND: the file stops after its image data.
    expect(checkPng(good.subarray(0, good.length - 12))).toEqual({ kind: 'damaged', reason: 'it could not be decoded to the end' });
  });
});
