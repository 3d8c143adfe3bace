// Writes PNGs of every kind for the tests: any colour type and bit depth, Adam7 interlacing, each row's
// filter chosen, a palette and transparency, the image data cut into chunks, extra chunks. pngjs writes
// only 8- and 16-bit grey and RGB(A), without interlacing or a chosen filter per row.
import { deflateSync } from 'node:zlib';
import CRC32 from 'crc-32';

export const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export interface PngSpec {
  width: number;
  height: number;
  depth: number;
  colour: number;
  interlace?: 0 | 1;
  /** RGB of each palette entry. */
  palette?: [number, number, number][];
  transparency?: Buffer;
  /** Sample `c` of pixel (x, y), at the image's depth. */
  sample: (x: number, y: number, c: number) => number;
  /** The filter type of the `row`th row written (all passes counted); None by default. */
  filter?: (row: number) => number;
  /** Chunks put after the header (before the palette); `after` ones after the image data. */
  extra?: Buffer[];
  after?: Buffer[];
  /** The zlib stream of the image data, given the filtered rows (deflateSync by default). */
  compress?: (rows: Buffer) => Buffer;
  /** How many IDAT chunks the stream is cut into. */
  idatChunks?: number;
}

export function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(CRC32.buf(Buffer.concat([head.subarray(4), body])) >>> 0);
  return Buffer.concat([head, body, crc]);
}

export function ihdr(width: number, height: number, depth: number, colour: number, interlace = 0): Buffer {
  const body = Buffer.alloc(13);
  body.writeUInt32BE(width, 0);
  body.writeUInt32BE(height, 4);
  body[8] = depth;
  body[9] = colour;
  body[12] = interlace;
  return chunk('IHDR', body);
}

/** The filtered rows of the image, pass after pass, as they are inflated. */
export function filteredRows(spec: PngSpec): Buffer {
  const { width, height, depth, colour } = spec;
  const channels = CHANNELS[colour]!;
  const bpp = Math.max(1, (channels * depth) >> 3);
  const rows: Buffer[] = [];
  for (const [x0, y0, dx, dy] of spec.interlace ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const columns = Math.max(0, Math.ceil((width - x0) / dx));
    const count = columns === 0 ? 0 : Math.max(0, Math.ceil((height - y0) / dy));
    const bytes = Math.ceil((columns * channels * depth) / 8);
    let prev = Buffer.alloc(bytes);
    for (let r = 0; r < count; r++) {
      const raw = Buffer.alloc(bytes);
      let bit = 0;
      for (let i = 0; i < columns; i++) {
        for (let c = 0; c < channels; c++, bit += depth) {
          const v = spec.sample(x0 + i * dx, y0 + r * dy, c);
          if (depth === 16) raw.writeUInt16BE(v, bit >> 3);
          else if (depth === 8) raw[bit >> 3] = v;
          else raw[bit >> 3]! |= v << (8 - depth - (bit & 7));
        }
      }
      const type = spec.filter?.(rows.length) ?? 0;
      const row = Buffer.alloc(1 + bytes);
      row[0] = type;
      for (let i = 0; i < bytes; i++) {
        const a = i >= bpp ? raw[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const predicted = [0, a, b, (a + b) >> 1, paeth][type] ?? 0;
        row[1 + i] = (raw[i]! - predicted) & 255;
      }
      rows.push(row);
      prev = raw;
    }
  }
  return Buffer.concat(rows);
}

export function makePng(spec: PngSpec): Buffer {
  const stream = (spec.compress ?? ((rows: Buffer) => deflateSync(rows)))(filteredRows(spec));
  const pieces = spec.idatChunks ?? 1;
  const idat: Buffer[] = [];
  for (let i = 0; i < pieces; i++) {
    idat.push(chunk('IDAT', stream.subarray(Math.floor((i * stream.length) / pieces), Math.floor(((i + 1) * stream.length) / pieces))));
  }
  return Buffer.concat([
    SIGNATURE,
    ihdr(spec.width, spec.height, spec.depth, spec.colour, spec.interlace ?? 0),
    ...(spec.extra ?? []),
    ...(spec.palette ? [chunk('PLTE', Buffer.from(spec.palette.flat()))] : []),
    ...(spec.transparency ? [chunk('tRNS', spec.transparency)] : []),
    ...idat,
    ...(spec.after ?? []),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
