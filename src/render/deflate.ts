import { deflateSync, type ZlibOptions } from 'node:zlib';

/**
 * zlib's deflate, in a buffer of its own size. deflateSync hands back a view of its 16 KB output
 * chunk: a 500-byte ToUnicode map kept in a cache kept the whole 16 KB alive, and the caches of
 * compressed streams (font-streams.ts, pdf.ts) counted 500.
 */
export function deflateExactly(data: Uint8Array, options?: ZlibOptions): Buffer {
  const out = deflateSync(data, options);
  if (out.buffer.byteLength === out.length) return out;
  // Not Buffer.from, which takes small buffers from Node's shared pool: a slice of that would keep its 8 KB.
  const own = Buffer.allocUnsafeSlow(out.length);
  out.copy(own);
  return own;
}
