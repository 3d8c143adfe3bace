import { inflateSync } from 'node:zlib';

/**
 * The OpenType file (SFNT) inside a WOFF 1.0 font: HarfBuzz reads only SFNT, while Fontsource ships
 * its fonts as WOFF (each table compressed with zlib). A font that is not WOFF is returned as it is.
 * Every offset and length is checked against the file, so a damaged font is an error, not a crash.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const data = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (data.length < 44 || data.readUInt32BE(0) !== 0x774f4646) return woff;
  const flavor = data.readUInt32BE(4);
  const count = data.readUInt16BE(12);
  if (44 + count * 20 > data.length) throw new Error('damaged WOFF font: its table directory runs past the file');
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const tag = data.readUInt32BE(at);
    const offset = data.readUInt32BE(at + 4);
    const compressed = data.readUInt32BE(at + 8);
    const length = data.readUInt32BE(at + 12);
    const checksum = data.readUInt32BE(at + 16);
    if (offset + compressed > data.length || compressed > length) throw new Error('damaged WOFF font: a table runs past the file');
    const raw = data.subarray(offset, offset + compressed);
    const bytes = compressed < length ? inflateSync(raw, { maxOutputLength: length }) : raw;
    if (bytes.length !== length) throw new Error('damaged WOFF font: a table is not the length its directory gives');
    return { tag, checksum, bytes };
  });
  // Tables in the order of the directory (sorted by tag in every valid WOFF), each 4-byte aligned.
  let size = 12 + 16 * count;
  const offsets = tables.map((t) => {
    const at = size;
    size += (t.bytes.length + 3) & ~3;
    return at;
  });
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log++;
  }
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(count * 16 - power * 16, 10);
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offsets[i]!, at + 8);
    out.writeUInt32BE(t.bytes.length, at + 12);
    out.set(t.bytes, offsets[i]!);
  });
  return out;
}
