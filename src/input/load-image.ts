import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageRef } from '../letter-document.js';

/** `reason` says what is wrong with the file, without naming it: callers name it as the user wrote it. */
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
    return { ok: false, reason: code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code ?? String(err)})` };
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
  } catch {
    // The decoders' own messages ("read requests waiting on finished stream") mean nothing to a user.
    return { ok: false, reason: 'the image is damaged or cut short: it could not be decoded to the end' };
  }
  return { ok: false, reason: 'the file is not a PNG or JPEG image' };
}
