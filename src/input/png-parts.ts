import CRC32 from 'crc-32';

/** The fields of a PNG's header chunk (IHDR). */
export interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colour: number;
  compression: number;
  filter: number;
  interlace: number;
}

/** The eight bytes every PNG file opens with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The end chunk: its length (0), type and checksum. */
const IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** A PNG file of a header chunk with the 13 bytes `ihdr`, one image data chunk holding `zlib`, and the end. */
export function pngFile(ihdr: Uint8Array, zlib: Uint8Array): Buffer {
  const file = Buffer.allocUnsafe(PNG_SIGNATURE.length + 25 + 12 + zlib.length + IEND.length);
  let at = PNG_SIGNATURE.copy(file, 0);
  at = chunk(file, at, 'IHDR', ihdr);
  at = chunk(file, at, 'IDAT', zlib);
  IEND.copy(file, at);
  return file;
}

function chunk(file: Buffer, at: number, type: string, body: Uint8Array): number {
  file.writeUInt32BE(body.length, at);
  file.write(type, at + 4, 'latin1');
  file.set(body, at + 8);
  file.writeUInt32BE(CRC32.buf(file.subarray(at + 4, at + 8 + body.length)) >>> 0, at + 8 + body.length);
  return at + 12 + body.length;
}

/** What is wrong with image data that node:zlib refused to inflate, said for the user. */
export function imageDataProblem(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  if (code === 'ERR_BUFFER_TOO_LARGE') return 'its image data inflates to more than the rows its header declares';
  if (code === 'Z_BUF_ERROR') return 'its image data stops before the end of its compressed stream';
  return `its compressed image data is damaged (${code === 'Z_DATA_ERROR' ? message : 'it cannot be inflated'})`;
}
