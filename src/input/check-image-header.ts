import { IMAGE_LIMITS } from './image-limits.js';
import { PNG_SIGNATURE } from './png-parts.js';

export type ImageKind = 'png' | 'jpeg' | 'svg';

const NAMES: Record<ImageKind, string> = { png: 'PNG', jpeg: 'JPEG', svg: 'SVG' };
const A: Record<ImageKind, string> = { png: 'a', jpeg: 'a', svg: 'an' };
const EXTENSIONS: Record<string, ImageKind> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.svg': 'svg' };

/** What the file's bytes are, from their first bytes alone. */
export function sniffImage(data: Buffer): ImageKind | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  // An SVG opens with an optional BOM, XML declaration, comments or doctype, then `<svg`.
  const head = data.subarray(0, 4096).toString('utf8');
  if (/^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>/]/i.test(head)) return 'svg';
  return undefined;
}

/** What the file's name says it is; undefined for a name that is not a PNG, JPEG or SVG name. */
export function kindOfName(path: string): ImageKind | undefined {
  const ext = /\.[^./\\]*$/.exec(path)?.[0].toLowerCase();
  return ext ? EXTENSIONS[ext] : undefined;
}

/** Why the bytes do not fit the name, with the fix; undefined when they do. */
export function kindMismatch(path: string, actual: ImageKind): string | undefined {
  const named = kindOfName(path);
  if (named === undefined) return `the file name must end in .png, .jpg, .jpeg or .svg (it holds ${A[actual]} ${NAMES[actual]} image): rename it`;
  if (named === actual) return undefined;
  const ext = actual === 'jpeg' ? '.jpg' : `.${actual}`;
  return `the file is named as ${A[named]} ${NAMES[named]} image but holds ${A[actual]} ${NAMES[actual]} image: rename it to end in ${ext}, or export it again as ${NAMES[named]}`;
}

export type HeaderCheck = { ok: true; width: number; height: number } | { ok: false; reason: string; withFix?: boolean };

/**
 * The pixel size of a PNG or JPEG read from its header, before anything is decoded, and refused
 * when over the limit: decoding a small file that declares 20000×20000 pixels takes gigabytes.
 */
export function checkRasterHeader(data: Buffer, kind: 'png' | 'jpeg'): HeaderCheck {
  const size = kind === 'png' ? pngSize(data) : jpegSize(data);
  if (!size) return { ok: false, reason: `the ${NAMES[kind]} image is damaged or cut short: its size cannot be read` };
  const { width, height } = size;
  if (!(width > 0 && height > 0)) return { ok: false, reason: `the ${NAMES[kind]} image is damaged: it declares a size of ${width}×${height} pixels` };
  const max = IMAGE_LIMITS.rasterSide;
  if (width > max || height > max) {
    return {
      ok: false,
      reason: `the image is ${width}×${height} pixels, more than the ${max}×${max} allowed: scale it down (a signature needs about 600×200 pixels)`,
      withFix: true,
    };
  }
  return { ok: true, width, height };
}

type Size = { width: number; height: number };

/** A PNG's first chunk is its header, IHDR, which opens with the width and height. */
function pngSize(data: Buffer): Size | undefined {
  if (data.length < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * A JPEG is a run of marked segments; the size is in the start-of-frame segment (SOF0–SOF15 but for
 * DHT, JPG and DAC), which comes before the image data. Walked here rather than with a library, as the
 * usual one misses a frame that directly follows the start marker.
 */
function jpegSize(data: Buffer): Size | undefined {
  let i = 2;
  while (i + 4 <= data.length) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or image data before any frame
    const length = data.readUInt16BE(i + 2);
    if (length < 2) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > data.length) return undefined;
      return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return undefined;
}
