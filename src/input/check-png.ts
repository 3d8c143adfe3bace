import { inflateSync } from 'node:zlib';
import CRC32 from 'crc-32';
import { imageDataProblem, pngFile, type PngHeader } from './png-parts.js';
import { releaseBuffer } from './release-buffer.js';

/**
 * What a PNG holds, read without decoding its pixels:
 * - `plain`: opaque 8-bit grey or RGB, not interlaced, every chunk whole (its checksum right) and its
 *   image data inflating to exactly its rows, each with a valid filter. pdfkit embeds such a PNG's
 *   image data as it is, so it needs no decoding here, nor in any letter. `data` is the PNG pdfkit is
 *   given: the header checked here, the image data (up to the end of its zlib stream) and the end, and
 *   no other chunk (pdfkit's parser would read a text chunk of any size, and a second header, which no
 *   decoder here judged).
 * - `other`: a PNG of another kind (alpha, a palette, 16-bit, fewer bits, interlaced, a transparent
 *   colour), which flatten-png.ts decodes and flattens onto the page's white: its header, its palette
 *   and transparency chunks, and its image data's zlib stream (the IDAT chunks joined).
 * - `damaged`: cut short, a chunk that is not what its checksum says, image data that does not inflate
 *   to the rows the header declares; `reason` says which, for the user.
 */
export type PngCheck =
  | { kind: 'plain'; width: number; height: number; data: Buffer }
  | { kind: 'other'; header: PngHeader; palette?: Buffer; transparency?: Buffer; idat: Buffer }
  | { kind: 'damaged'; reason: string };

const CRITICAL_KNOWN = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const CUT_SHORT = 'it could not be decoded to the end';

/** `data` is a PNG whose signature and header size load-image.ts has checked (check-image-header.ts). */
export function checkPng(data: Buffer): PngCheck {
  let header: PngHeader | undefined;
  let plain = true;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  // The image data's chunks are counted and summed here and joined below: a file of 400,000 empty IDAT
  // chunks must not become 400,000 objects.
  let idatCount = 0;
  let idatBytes = 0;
  let firstIdat = 0;
  let ended = false;
  for (let at = 8; !ended;) {
    if (at + 12 > data.length) return damaged(CUT_SHORT);
    const length = data.readUInt32BE(at);
    if (length > data.length - at - 12) return damaged(CUT_SHORT);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (CRC32.buf(data.subarray(at + 4, at + 8 + length)) >>> 0 !== data.readUInt32BE(at + 8 + length)) {
      return damaged(`its ${printable(type)} chunk at byte ${at} does not match its checksum`);
    }
    if (header === undefined) {
      if (type !== 'IHDR' || length !== 13) return damaged('it does not start with its header chunk (IHDR)');
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8]!,
        colour: body[9]!,
        compression: body[10]!,
        filter: body[11]!,
        interlace: body[12]!,
      };
    } else if (type === 'IHDR') return damaged('it has a second header chunk (IHDR)');
    else if (type === 'IDAT') {
      if (idatCount++ === 0) firstIdat = at;
      idatBytes += length;
    } else if (type === 'IEND') ended = true;
    else if (type === 'PLTE' || type === 'tRNS') {
      if ((type === 'PLTE' ? palette : transparency) !== undefined) return damaged(`it has a second ${type} chunk`);
      if (type === 'PLTE') palette = body;
      else transparency = body;
      // A transparent colour or a palette (pdfkit would draw even an RGB image's suggested palette as
      // indexed colours): the image is decoded and flattened.
      plain = false;
    }
    // A chunk whose type starts with a capital is critical: one PNG does not define cannot be skipped.
    else if (/^[A-Z]/.test(type) && !CRITICAL_KNOWN.has(type))
      return damaged(`it has a critical chunk of unknown type ${printable(type)}, which a reader must refuse`);
    at += 12 + length;
  }
  if (idatCount === 0) return damaged('it has no image data (IDAT chunk)');
  const idat = joinedIdat(data, firstIdat, idatCount, idatBytes);
  const { width, height, depth, colour, compression, filter, interlace } = header!;
  if (!plain || depth !== 8 || (colour !== 0 && colour !== 2) || compression !== 0 || filter !== 0 || interlace !== 0) {
    return { kind: 'other', header: header!, ...(palette ? { palette } : {}), ...(transparency ? { transparency } : {}), idat };
  }
  // Each row: its filter type, then its samples. The header's size was checked against the limits first.
  const row = 1 + width * (colour === 2 ? 3 : 1);
  let rows: Buffer;
  let used: number;
  try {
    // `info` gives the engine too, whose bytesWritten is how much of `idat` the zlib stream took.
    const options = { maxOutputLength: row * height, chunkSize: Math.max(64, row * height + 1), info: true };
    const inflated = inflateSync(idat, options) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    rows = inflated.buffer;
    used = inflated.engine.bytesWritten;
  } catch (err) {
    return damaged(imageDataProblem(err));
  }
  const problem = rowsProblem(rows, row * height, row);
  releaseBuffer(rows);
  if (problem) return damaged(problem);
  // Bytes after the end of the zlib stream are no image: they are left out of the letters.
  return { kind: 'plain', width, height, data: pngFile(data.subarray(8 + 8, 8 + 8 + 13), idat.subarray(0, used)) };
}

/** What is wrong with inflated rows of `row` bytes, each a filter type and samples, that should take `size` bytes. */
function rowsProblem(rows: Buffer, size: number, row: number): string | undefined {
  if (rows.length !== size) return 'its image data ends before its last row';
  for (let at = 0; at < rows.length; at += row) {
    if (rows[at]! > 4) return `row ${at / row + 1} has filter type ${rows[at]}, which PNG does not have`;
  }
  return undefined;
}

function damaged(reason: string): PngCheck {
  return { kind: 'damaged', reason };
}

/** The zlib stream of the image data: the bodies of the IDAT chunks, in order, from the first at `first`. */
function joinedIdat(data: Buffer, first: number, count: number, bytes: number): Buffer {
  if (count === 1) return data.subarray(first + 8, first + 8 + bytes);
  const idat = Buffer.allocUnsafe(bytes);
  let filled = 0;
  for (let at = first; count > 0;) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') {
      filled += data.copy(idat, filled, at + 8, at + 8 + length);
      count--;
    }
    at += 12 + length;
  }
  return idat;
}

/** A chunk type as it can be shown: four letters, else its bytes in hex. */
function printable(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : `0x${Buffer.from(type, 'latin1').toString('hex')}`;
}
