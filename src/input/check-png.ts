import { inflateSync } from 'node:zlib';
import CRC32 from 'crc-32';

/**
 * What a PNG holds, read without decoding its pixels:
 * - `plain`: opaque 8-bit grey or RGB, not interlaced, every chunk whole (its checksum right) and its
 *   image data inflating to exactly its rows, each with a valid filter. pdfkit embeds such a PNG's
 *   image data as it is, so it needs no decoding here, nor in any letter. `data` is the PNG pdfkit is
 *   given: the header checked here, the image data and the end, and no other chunk (pdfkit's parser
 *   would read a text chunk of any size, and a second header, which no decoder here judged).
 * - `other`: a PNG of another kind (alpha, a palette, 16-bit, interlaced, a transparent colour), which
 *   load-image.ts decodes in full and flattens onto the page's white.
 * - `damaged`: cut short, a chunk that is not what its checksum says, or image data that does not
 *   inflate to the rows the header declares.
 */
export type PngCheck = { kind: 'plain'; width: number; height: number; data: Buffer } | { kind: 'other' } | { kind: 'damaged' };

const CRITICAL_KNOWN = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/** The end chunk: its length (0), type and checksum. */
const IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** `data` is a PNG whose signature and header size load-image.ts has checked (check-image-header.ts). */
export function checkPng(data: Buffer): PngCheck {
  const idat: Buffer[] = [];
  let header: { width: number; height: number; depth: number; colour: number; methods: number; interlace: number } | undefined;
  let plain = true;
  let ihdr: Buffer | undefined;
  const idatChunks: Buffer[] = [];
  let ended = false;
  for (let at = 8; !ended;) {
    if (at + 12 > data.length) return { kind: 'damaged' };
    const length = data.readUInt32BE(at);
    if (length > data.length - at - 12) return { kind: 'damaged' };
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (CRC32.buf(data.subarray(at + 4, at + 8 + length)) >>> 0 !== data.readUInt32BE(at + 8 + length)) return { kind: 'damaged' };
    if (header === undefined) {
      if (type !== 'IHDR' || length !== 13) return { kind: 'damaged' };
      ihdr = data.subarray(at, at + 12 + length);
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8]!,
        colour: body[9]!,
        methods: body[10]! | body[11]!,
        interlace: body[12]!,
      };
    } else if (type === 'IHDR') return { kind: 'damaged' };
    else if (type === 'IDAT') {
      idat.push(body);
      idatChunks.push(data.subarray(at, at + 12 + length));
    } else if (type === 'IEND') ended = true;
    // A transparent colour, a palette (pdfkit would draw even an RGB image's suggested palette as
    // indexed colours), or a critical chunk pdfkit does not know: the full decoder judges it.
    else if (type === 'tRNS' || type === 'PLTE' || (/^[A-Z]/.test(type) && !CRITICAL_KNOWN.has(type))) plain = false;
    at += 12 + length;
  }
  const { width, height, depth, colour, methods, interlace } = header!;
  if (!plain || depth !== 8 || (colour !== 0 && colour !== 2) || methods !== 0 || interlace !== 0 || idat.length === 0) return { kind: 'other' };
  // Each row: its filter type, then its samples. The header's size was checked against the limits first.
  const row = 1 + width * (colour === 2 ? 3 : 1);
  let rows: Buffer;
  try {
    rows = inflateSync(Buffer.concat(idat), { maxOutputLength: row * height });
  } catch {
    return { kind: 'damaged' };
  }
  if (rows.length !== row * height) return { kind: 'damaged' };
  for (let at = 0; at < rows.length; at += row) if (rows[at]! > 4) return { kind: 'damaged' };
  return { kind: 'plain', width, height, data: Buffer.concat([data.subarray(0, 8), ihdr!, ...idatChunks, IEND]) };
}
