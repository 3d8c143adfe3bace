import { deflateSync, type ZlibOptions } from 'node:zlib';
import { BoundedCache } from '../bounded-cache.js';

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

/**
 * A cache of compressed streams by the text they were made from (font files by glyph list, ToUnicode
 * maps, page pieces): bounded in entries and in bytes, key and compressed bytes counted together.
 */
export function compressedCache(entries: number, bytes: number): BoundedCache<string, Buffer> {
  return new BoundedCache<string, Buffer>(entries, { bytes, sizeOf: (key, value) => key.length + value.length });
}
