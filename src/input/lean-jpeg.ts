/**
 * A checked JPEG (check-jpeg.ts, up to its end marker) without the metadata no PDF viewer reads: XMP,
 * ICC profiles, Photoshop blocks, comments and every other APPn segment before the image data, except
 * JFIF (APP0), Adobe's colour transform (APP14, which says how a CMYK JPEG's colours are coded) and the
 * first EXIF segment (APP1, whose orientation pdfkit follows when it draws the photo; its thumbnail, a
 * few KB, stays with it). pdfkit embeds a JPEG's bytes whole in every letter: a phone photo's profiles
 * and XMP, or thousands of segments within the 5 MB limit, went into each PDF. A JPEG with none of these is returned as it is;
 * else segments are copied without any fill bytes before their markers, and from the first scan on,
 * the bytes as they are.
 */
export function leanJpeg(data: Buffer): Buffer {
  const kept: Buffer[] = [data.subarray(0, 2)];
  let exif = false;
  let dropped = false;
  let at = 2;
  while (at + 4 <= data.length) {
    // Fill bytes are left out too, so pdfkit's walk (which they throw off) and ours read the same segments.
    while (data[at + 1] === 0xff) {
      at++;
      dropped = true;
    }
    const marker = data[at + 1]!;
    if (marker === 0xda) break;
    const end = at + 2 + data.readUInt16BE(at + 2);
    const isExif = marker === 0xe1 && data.toString('latin1', at + 4, at + 10) === 'Exif\0\0';
    const keep = !((marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe) || (isExif && !exif);
    if (isExif && keep) exif = true;
    if (keep) kept.push(data.subarray(at, end));
    else dropped = true;
    at = end;
  }
  if (!dropped) return data;
  kept.push(data.subarray(at));
  return Buffer.concat(kept);
}
