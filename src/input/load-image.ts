import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageRef } from '../letter-document.js';
import { oncePerPath } from './once-per-path.js';

/** `reason` says what is wrong with the file, without naming it: callers name it as the user wrote it. */
export type ImageResult = { ok: true; image: ImageRef; data: Buffer; svg?: string } | { ok: false; reason: string };
type Decoded = { ok: true; image: Pick<ImageRef, 'path' | 'width' | 'height'>; data: Buffer; svg?: string } | { ok: false; reason: string };

/**
 * Reads and fully decodes a PNG, JPEG or SVG once per process, so a truncated or mislabelled image is
 * caught when the sender is loaded rather than showing up as a broken letter.
 */
export const loadImage: (path: string) => ImageResult = oncePerPath((path) => withBytes(decode(path)));

/** The decoded bytes travel in the ImageRef, so the LetterDocument carries what a renderer draws. */
function withBytes(result: Decoded): ImageResult {
  if (!result.ok) return result;
  return { ...result, image: { ...result.image, data: result.data, ...(result.svg !== undefined ? { svg: result.svg } : {}) } };
}

function decode(path: string): Decoded {
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
      return { ok: true, image: { path, width: png.width, height: png.height }, data: flatten(png) };
    }
    if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8) {
      const img = jpeg.decode(data, { useTArray: true, maxMemoryUsageInMB: 256 });
      return { ok: true, image: { path, width: img.width, height: img.height }, data };
    }
  } catch {
    // The decoders' own messages ("read requests waiting on finished stream") mean nothing to a user.
    return { ok: false, reason: 'the image is damaged or cut short: it could not be decoded to the end' };
  }
  const svg = asSvg(data);
  if (svg) return svg.ok ? { ok: true, image: { path, width: svg.width, height: svg.height }, data, svg: svg.text } : { ok: false, reason: svg.reason };
  return { ok: false, reason: 'the file is not a PNG, JPEG or SVG image' };
}

/**
 * pdfkit embeds an opaque, non-interlaced 8-bit PNG as it is, but decodes any other PNG (alpha,
 * palette, 16-bit, interlaced) again for every letter. Such an image is flattened onto the white page
 * once here and re-encoded, so each letter only copies bytes.
 */
function flatten(png: PNG): Buffer {
  const { width, height, data } = png;
  let gray = true;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * a + 255 * (1 - a));
    data[i + 3] = 255;
    if (gray && (data[i] !== data[i + 1] || data[i] !== data[i + 2])) gray = false;
  }
  const out = new PNG({ width, height });
  out.data = data;
  return PNG.sync.write(out, { colorType: gray ? 0 : 2, inputColorType: 6, bitDepth: 8 });
}

type SvgResult = { ok: true; text: string; width: number; height: number } | { ok: false; reason: string };

/** An SVG file: its text and intrinsic size (width/height attributes, else the viewBox). */
function asSvg(data: Buffer): SvgResult | undefined {
  const text = data.toString('utf8');
  const open = /<svg\b[^>]*>/i.exec(text.slice(0, 4096));
  if (!open) return undefined;
  if (!/<\/svg>\s*$/i.test(text) && !/\/>\s*$/.test(open[0])) return { ok: false, reason: 'the SVG image is cut short: it has no closing </svg>' };
  const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']\\s*([0-9.]+)\\s*(px|pt)?\\s*["']`, 'i').exec(open[0])?.[1];
  const viewBox = /\bviewBox\s*=\s*["']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*["']/i.exec(open[0]);
  const width = Number(attr('width') ?? viewBox?.[1] ?? 0);
  const height = Number(attr('height') ?? viewBox?.[2] ?? 0);
  if (!(width > 0 && height > 0)) return { ok: false, reason: 'the SVG image has no size: give its <svg> element width and height, or a viewBox' };
  return { ok: true, text, width, height };
}
