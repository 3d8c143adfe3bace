import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { ImageRef } from '../letter-document.js';
import { checkRasterHeader, kindMismatch, kindOfName, sniffImage } from './check-image-header.js';
import { checkJpeg } from './check-jpeg.js';
import { jpegOrientation } from './jpeg-orientation.js';
import { leanJpeg } from './lean-jpeg.js';
import { checkPng } from './check-png.js';
import { checkSvg } from './check-svg.js';
import { flattenPng } from './flatten-png.js';
import { IMAGE_LIMITS } from './image-limits.js';
import { oncePerPath } from './once-per-path.js';

/**
 * `reasons` say what is wrong with the file, without naming it: callers name it as the user wrote it.
 * `svg` is the checked and rebuilt SVG document, the only form of it the renderer is given.
 * `withFix` tells the reasons already say how to fix them; else the caller adds "give a PNG, JPEG or SVG file".
 */
export type ImageResult = { ok: true; image: ImageRef; data: Buffer; svg?: string } | { ok: false; reasons: string[]; withFix?: boolean };
type Decoded =
  { ok: true; image: Pick<ImageRef, 'path' | 'width' | 'height'>; data: Buffer; svg?: string } | { ok: false; reasons: string[]; withFix?: boolean };

/** How many decoded images a process keeps: a campaign of thousands of senders, each with its own signature, must not hold them all. */
export const IMAGES_KEPT = 64;

/**
 * Reads, checks and decodes a PNG, JPEG or SVG once per process (of the last IMAGES_KEPT). Limits (docs/images.md) are checked
 * from the file's size and header before anything is decoded; then the image is decoded in full, so a
 * truncated or mislabelled image is caught when the sender is loaded rather than showing up as a
 * broken letter.
 */
export const loadImage: (path: string) => ImageResult = oncePerPath((path) => withBytes(decode(path)), IMAGES_KEPT);

/** The decoded bytes travel in the ImageRef, so the LetterDocument carries what a renderer draws. */
function withBytes(result: Decoded): ImageResult {
  if (!result.ok) return result;
  return { ...result, image: { ...result.image, data: result.data, ...(result.svg !== undefined ? { svg: result.svg } : {}) } };
}

function decode(path: string): Decoded {
  const read = readCapped(path, kindOfName(path) === 'svg' ? IMAGE_LIMITS.svgBytes : IMAGE_LIMITS.rasterBytes);
  if (!read.ok) return { ok: false, reasons: [read.reason], withFix: read.withFix };
  const data = read.data;
  // A file named .svg that is text but opens with more than the sniffed prologue is left to the XML parser to judge.
  const kind = sniffImage(data) ?? (kindOfName(path) === 'svg' && data.length > 0 && !data.includes(0) ? 'svg' : undefined);
  if (!kind) return { ok: false, reasons: [data.length === 0 ? 'the file is empty' : 'the file is not a PNG, JPEG or SVG image'] };
  const mismatch = kindMismatch(path, kind);
  if (mismatch) return { ok: false, reasons: [mismatch], withFix: true };
  if (kind === 'svg') {
    const svg = checkSvg(data.toString('utf8'));
    return svg.ok
      ? { ok: true, image: { path, width: svg.width, height: svg.height }, data, svg: svg.text }
      : { ok: false, reasons: svg.reasons, withFix: true };
  }
  const header = checkRasterHeader(data, kind);
  if (!header.ok) return { ok: false, reasons: [header.reason], withFix: header.withFix };
  try {
    if (kind === 'png') {
      const check = checkPng(data);
      if (check.kind === 'damaged') return damaged(check.reason);
      // Opaque 8-bit grey or RGB: pdfkit embeds its image data as it is, checked whole above (and only its checked chunks).
      if (check.kind === 'plain') return { ok: true, image: { path, width: check.width, height: check.height }, data: check.data };
      const flat = flattenPng(check);
      if (!flat.ok) return damaged(flat.reason);
      return { ok: true, image: { path, width: flat.width, height: flat.height }, data: flat.data };
    }
    const jpeg = checkJpeg(data);
    if (!jpeg.ok) return jpeg.withFix ? { ok: false, reasons: [`the image cannot be used: ${jpeg.reason}`], withFix: true } : damaged(jpeg.reason);
    // Bytes after the end marker are no image, nor is the metadata no PDF viewer reads (lean-jpeg.ts):
    // both are left out of the letters. A photo pdfkit turns (EXIF orientation 5 to 8) is as wide as
    // its header says it is high.
    const lean = leanJpeg(data.subarray(0, jpeg.end));
    const turned = jpegOrientation(lean) > 4;
    const [width, height] = turned ? [header.height, header.width] : [header.width, header.height];
    return { ok: true, image: { path, width, height }, data: lean };
  } catch {
    // The checks refuse with reasons; anything else a hostile file might make them throw (a read past the end) is damage too.
    return damaged();
  }
}

function damaged(reason = 'it could not be decoded to the end'): Decoded {
  return { ok: false, reasons: [`the image is damaged or cut short: ${reason}`] };
}

type Read = { ok: true; data: Buffer } | { ok: false; reason: string; withFix?: boolean };

/**
 * The bytes of a regular file of at most `limit` bytes. A folder, device or FIFO is refused from its
 * stat before it is opened, and the file is opened non-blocking and read no further than the limit,
 * so neither /dev/stdin nor /dev/zero nor a file swapped in meanwhile can hang or fill memory.
 */
function readCapped(path: string, limit: number): Read {
  let fd: number;
  try {
    const before = notRegular(statSync(path));
    if (before) return { ok: false, reason: before, withFix: true };
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: unreadable(err) };
  }
  try {
    const stats = fstatSync(fd);
    const after = notRegular(stats);
    if (after) return { ok: false, reason: after, withFix: true };
    if (stats.size > limit) return { ok: false, reason: tooBig(stats.size, limit), withFix: true };
    const data = Buffer.alloc(Math.min(stats.size, limit) + 1);
    let length = 0;
    for (let n; length < data.length && (n = readSync(fd, data, length, data.length - length, null)) > 0;) length += n;
    if (length > limit) return { ok: false, reason: tooBig(length, limit), withFix: true };
    return { ok: true, data: data.subarray(0, length) };
  } catch (err) {
    return { ok: false, reason: unreadable(err) };
  } finally {
    closeSync(fd);
  }
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  const what = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a file';
  return `it is ${what}, not an image file: give the path of a PNG, JPEG or SVG file`;
}

function unreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read: you have no permission to read it';
  return `the file cannot be read (${code ?? String(err)})`;
}

function tooBig(size: number, limit: number): string {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  const kind = limit === IMAGE_LIMITS.svgBytes ? 'an SVG' : 'a PNG or JPEG';
  return `the file is ${mb(size)}, more than the ${mb(limit)} allowed for ${kind} image: make it smaller`;
}
