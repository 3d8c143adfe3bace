/**
 * The EXIF orientation of a JPEG (1-8), read as pdfkit reads it (its `parseExifOrientation`, the same
 * steps), or 1. A phone writes a portrait photo as a landscape image with orientation 6 or 8, and pdfkit
 * turns it when it draws it: for 5 to 8 the picture's width and height are the header's swapped, and
 * the box a letter gives it must be sized so, or the turned picture is squeezed into the header's.
 */
export function jpegOrientation(data: Uint8Array): number {
  if (data.length < 20) return 1;
  const u16 = (at: number, little = false) => (little ? data[at]! | (data[at + 1]! << 8) : (data[at]! << 8) | data[at + 1]!);
  const u32 = (at: number, little: boolean) =>
    little
      ? (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0
      : ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
  const text = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  let pos = 2;
  while (pos < data.length - 4) {
    while (pos < data.length && data[pos] !== 0xff) pos++;
    if (pos >= data.length - 4) return 1;
    const marker = u16(pos);
    pos += 2;
    if (marker === 0xffda) return 1;
    if ((marker >= 0xffd0 && marker <= 0xffd9) || marker === 0xff01) continue;
    if (pos + 2 > data.length) return 1;
    const length = u16(pos);
    if (marker === 0xffe1 && pos + 8 <= data.length && text(pos + 2, pos + 8) === 'Exif\0\0') {
      const tiff = pos + 8;
      if (tiff + 8 > data.length) return 1;
      const order = text(tiff, tiff + 2);
      const little = order === 'II';
      if (!little && order !== 'MM') return 1;
      if (u16(tiff + 2, little) !== 42) return 1;
      const ifd = tiff + u32(tiff + 4, little);
      if (ifd + 2 > data.length) return 1;
      const entries = u16(ifd, little);
      for (let i = 0; i < entries; i++) {
        const entry = ifd + 2 + i * 12;
        if (entry + 12 > data.length) return 1;
        if (u16(entry, little) === 0x0112) {
          const value = u16(entry + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    pos += length;
  }
  return 1;
}
