import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageRef } from '../letter-document.js';

export type ImageResult = { ok: true; image: ImageRef; data: Buffer } | { ok: false; reason: string };

const cache = new Map<string, ImageResult>();

/**
 * Reads and fully decodes a PNG or JPEG once per process, so a truncated or mislabelled image is
 * caught when the sender is loaded rather than showing up as a broken letter.
 */
export function loadImage(path: string): ImageResult {
  let result = cache.get(path);
  if (!result) {
    result = decode(path);
    cache.set(path, result);
  }
  return result;
}

function decode(path: string): ImageResult {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `image file not found: ${path}` : `cannot read image ${path} (${code})` };
  }
  try {
    if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47) {
      const png = PNG.sync.read(data);
      return { ok: true, image: { path, width: png.width, height: png.height }, data };
    }
    if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8) {
      const img = jpeg.decode(data, { useTArray: true, maxMemoryUsageInMB: 256 });
      return { ok: true, image: { path, width: img.width, height: img.height }, data };
    }
  } catch (err) {
    return { ok: false, reason: `image ${path} is damaged or truncated (${(err as Error).message})` };
  }
  return { ok: false, reason: `${path} is not a PNG or JPEG image` };
}
