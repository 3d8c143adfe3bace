import { deflateSync, inflateSync } from 'node:zlib';
import type { PngCheck } from './check-png.js';
import { filterRows, predictPaeth } from './filter-rows.js';
import { imageDataProblem, pngFile } from './png-parts.js';
import { releaseBuffer } from './release-buffer.js';

export type FlattenedPng = { ok: true; width: number; height: number; data: Buffer } | { ok: false; reason: string };
type OtherPng = Extract<PngCheck, { kind: 'other' }>;

/** Samples per pixel of each colour type PNG has: grey, RGB, palette, grey and alpha, RGBA. */
const CHANNELS: Partial<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Partial<Record<number, number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7's seven passes: first column, first row, and the steps between columns and between rows. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  columns: number;
  rows: number;
  /** Bytes of one row's samples, after its filter type byte. */
  bytes: number;
}

/** How a row's samples become RGBA, as pngjs makes them: its colour type, depth, transparent colour and palette. */
interface Form {
  colour: number;
  depth: number;
  /** The transparent grey, or red, green and blue, of a grey or RGB image's tRNS chunk; -1 for none. */
  key: [number, number, number];
  /** RGBA of each palette entry (alpha from tRNS), and how many entries there are. */
  palette: Uint8Array;
  entries: number;
}

/**
 * Decodes a PNG that pdfkit cannot embed as it is (alpha, a palette, 16-bit, 1-4 bits, interlaced, a
 * transparent colour), flattens it onto the page's white and encodes it again as an opaque 8-bit grey
 * or RGB PNG, which pdfkit embeds as it is. The pixels are those of pngjs's decoding (16-bit samples
 * rounded to 8, a palette's or transparent colour's alpha), flattened as 8-bit colour and alpha.
 *
 * Bounded by the header, which the limits have checked: the image data is inflated once, to at most
 * the bytes its rows take (a zlib stream inflating further is refused as soon as it passes them), and
 * its rows are unfiltered and flattened in that one buffer; only interlaced images, and palettes and
 * greys of fewer than 8 bits, whose flattened rows are wider than their own, take a second one.
 */
export function flattenPng(png: OtherPng): FlattenedPng {
  const problem = headerProblem(png);
  if (problem) return { ok: false, reason: problem };
  const { width, height, depth, colour, interlace } = png.header;
  const bits = CHANNELS[colour]! * depth;
  // Filters work on bytes: a pixel's corresponding byte is `bpp` bytes back (1 for fewer than 8 bits).
  const bpp = Math.max(1, bits >> 3);
  const passes: Pass[] = (interlace ? ADAM7 : [[0, 0, 1, 1] as const]).map(([x0, y0, dx, dy]) => {
    const columns = Math.max(0, Math.ceil((width - x0) / dx));
    const rows = columns === 0 ? 0 : Math.max(0, Math.ceil((height - y0) / dy));
    return { x0, y0, dx, dy, columns, rows, bytes: Math.ceil((columns * bits) / 8) };
  });
  const expected = passes.reduce((sum, p) => sum + p.rows * (1 + p.bytes), 0);
  let raw: Buffer;
  try {
    // One buffer of exactly the rows' size: node:zlib fills its first chunk, then stops when it is full.
    raw = inflateSync(png.idat, { maxOutputLength: expected, chunkSize: Math.max(64, expected + 1) });
  } catch (err) {
    return { ok: false, reason: imageDataProblem(err) };
  }
  if (raw.length !== expected) return { ok: false, reason: 'its image data ends before its last row' };
  // Grey and grey-with-alpha images stay grey; the others are flattened to RGB, then made grey if every pixel is.
  const channels = colour === 0 || colour === 4 ? 1 : 3;
  // Flattened rows no wider than the image's own are written over them, one row behind the unfiltering
  // (which reads the row above): row y - 1's output ends at y * outRow, no later than row y's bytes begin.
  const inPlace = !interlace && 1 + width * channels <= 1 + passes[0]!.bytes;
  const out = inPlace ? raw : Buffer.alloc(height * (1 + width * channels));
  try {
    return flattenRows(png, passes, bpp, raw, out, channels);
  } finally {
    releaseBuffer(raw);
    if (out !== raw) releaseBuffer(out);
  }
}

/** The PNG of the inflated rows of `passes` in `raw`, unfiltered there, flattened into `out` (which may be `raw`) and encoded. */
function flattenRows(png: OtherPng, passes: Pass[], bpp: number, raw: Buffer, out: Buffer, channels: number): FlattenedPng {
  const { width, height } = png.header;
  const form = formOf(png);
  const outRow = 1 + width * channels;
  const inPlace = out === raw;
  const rgba = new Uint8Array(width * 4);
  let grey = true;
  let at = 0;
  for (const pass of passes) {
    const rowBytes = 1 + pass.bytes;
    const step = pass.dx * channels;
    const flatten = (start: number, row: number) => {
      const bad = toRgba(raw, start + 1, pass.columns, rgba, form);
      if (bad >= 0) return `a pixel in row ${pass.y0 + row * pass.dy + 1} is colour ${bad} of a palette of ${form.entries}`;
      const o = (pass.y0 + row * pass.dy) * outRow;
      out[o] = 0;
      grey = flattenRow(rgba, pass.columns, out, o + 1 + pass.x0 * channels, step, channels) && grey;
      return undefined;
    };
    for (let row = 0; row < pass.rows; row++, at += rowBytes) {
      if (!unfilter(raw, at, row === 0 ? -1 : at - rowBytes, pass.bytes, bpp)) {
        return { ok: false, reason: `row ${pass.y0 + row * pass.dy + 1} has filter type ${raw[at]}, which PNG does not have` };
      }
      const bad = inPlace ? (row > 0 ? flatten(at - rowBytes, row - 1) : undefined) : flatten(at, row);
      if (bad) return { ok: false, reason: bad };
    }
    if (inPlace && pass.rows > 0) {
      const bad = flatten(at - rowBytes, pass.rows - 1);
      if (bad) return { ok: false, reason: bad };
    }
  }
  const rgb = channels === 3 && !grey;
  const rows = channels === 3 && grey ? greyRows(out, width, height) : out.subarray(0, height * outRow);
  filterRows(rows, width, height, rgb ? 3 : 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = rgb ? 2 : 0;
  return { ok: true, width, height, data: pngFile(ihdr, deflateSync(rows)) };
}

function headerProblem({ header, palette, transparency }: OtherPng): string | undefined {
  const { depth, colour, compression, filter, interlace } = header;
  if (CHANNELS[colour] === undefined) return `its header gives colour type ${colour}, which PNG does not have`;
  if (!DEPTHS[colour]!.includes(depth)) return `its header gives bit depth ${depth}, which PNG does not have for colour type ${colour}`;
  if (compression !== 0) return `its header gives compression method ${compression}, which PNG does not have`;
  if (filter !== 0) return `its header gives filter method ${filter}, which PNG does not have`;
  if (interlace > 1) return `its header gives interlace method ${interlace}, which PNG does not have`;
  if (colour === 3) {
    if (!palette) return 'it is a palette image without a palette (PLTE chunk)';
    if (palette.length === 0 || palette.length % 3 !== 0 || palette.length > 256 * 3) return 'its palette (PLTE chunk) is not 1 to 256 colours';
    if (transparency && transparency.length > palette.length / 3) return 'its transparency chunk (tRNS) has more entries than its palette';
  }
  if (transparency && transparency.length < (colour === 0 ? 2 : colour === 2 ? 6 : 0)) return 'its transparency chunk (tRNS) is too short';
  return undefined;
}

function formOf({ header, palette, transparency }: OtherPng): Form {
  const { colour, depth } = header;
  const key: [number, number, number] = [-1, -1, -1];
  if (transparency && (colour === 0 || colour === 2)) for (let c = 0; c < (colour === 0 ? 1 : 3); c++) key[c] = transparency.readUInt16BE(2 * c);
  const table = new Uint8Array(256 * 4);
  const entries = colour === 3 ? palette!.length / 3 : 0;
  for (let i = 0; i < entries; i++) {
    table.set(palette!.subarray(3 * i, 3 * i + 3), 4 * i);
    table[4 * i + 3] = transparency && i < transparency.length ? transparency[i]! : 255;
  }
  return { colour, depth, key, palette: table, entries };
}

/**
 * Undoes the filter of the row whose filter type byte is at `at`, in place: `prev` is where the row
 * above starts (its filter type byte), -1 for a pass's first row. False for a filter PNG does not have.
 */
function unfilter(b: Buffer, at: number, prev: number, length: number, bpp: number): boolean {
  const s = at + 1;
  const e = s + length;
  // The byte above b[i] is b[i - up]. Stores into a Uint8Array wrap modulo 256, as the filters do.
  const up = at - prev;
  switch (b[at]) {
    case 0:
      return true;
    case 1:
      for (let i = s + bpp; i < e; i++) b[i] = b[i]! + b[i - bpp]!;
      return true;
    case 2:
      if (prev >= 0) for (let i = s; i < e; i++) b[i] = b[i]! + b[i - up]!;
      return true;
    case 3:
      if (prev < 0) {
        for (let i = s + bpp; i < e; i++) b[i] = b[i]! + (b[i - bpp]! >> 1);
      } else {
        for (let i = s; i < s + bpp && i < e; i++) b[i] = b[i]! + (b[i - up]! >> 1);
        for (let i = s + bpp; i < e; i++) b[i] = b[i]! + ((b[i - bpp]! + b[i - up]!) >> 1);
      }
      return true;
    case 4:
      if (prev < 0) {
        // With no row above, Paeth predicts from the left, as Sub does.
        for (let i = s + bpp; i < e; i++) b[i] = b[i]! + b[i - bpp]!;
      } else {
        // One channel's bytes at a time, its left and upper-left neighbours kept: some 15% faster than byte by byte.
        for (let k = 0; k < bpp && s + k < e; k++) {
          // (An assignment's value is what was assigned, not the byte stored: hence the & 255.)
          let a = (b[s + k]! + b[s + k - up]!) & 255;
          b[s + k] = a;
          let c = b[s + k - up]!;
          for (let i = s + k + bpp; i < e; i += bpp) {
            const u = b[i - up]!;
            a = (b[i]! + predictPaeth(a, u, c)) & 255;
            b[i] = a;
            c = u;
          }
        }
      }
      return true;
    default:
      return false;
  }
}

/** A 16-bit sample rounded to 8 bits, as pngjs rounds it, floor(v * 255 / 65535 + 0.5), without a division (exact for every v). */
function to8(v: number): number {
  return (v + 128 - ((v + 128) >> 8)) >> 8;
}

/**
 * The `count` pixels from `p` as 8-bit RGBA in `rgba`, as pngjs decodes them: samples of 1, 2 or 4 bits
 * scaled to 8, 16-bit ones rounded, the transparent colour compared at the image's depth. The palette
 * index of a pixel past the palette's end, else -1.
 */
function toRgba(src: Buffer, p: number, count: number, rgba: Uint8Array, form: Form): number {
  const { colour, depth, key, palette, entries } = form;
  const wide = depth === 16;
  let q = 0;
  if (colour === 0 || colour === 3) {
    const mask = (1 << Math.min(depth, 8)) - 1;
    const scale = colour === 0 && depth < 8 ? 255 / mask : 1;
    for (let x = 0; x < count; x++, q += 4) {
      let v: number;
      if (wide) v = (src[p + 2 * x]! << 8) | src[p + 2 * x + 1]!;
      else if (depth === 8) v = src[p + x]!;
      else {
        const bit = x * depth;
        v = (src[p + (bit >> 3)]! >> (8 - depth - (bit & 7))) & mask;
      }
      if (colour === 3) {
        if (v >= entries) return v;
        rgba[q] = palette[4 * v]!;
        rgba[q + 1] = palette[4 * v + 1]!;
        rgba[q + 2] = palette[4 * v + 2]!;
        rgba[q + 3] = palette[4 * v + 3]!;
      } else {
        rgba[q] = rgba[q + 1] = rgba[q + 2] = wide ? to8(v) : v * scale;
        rgba[q + 3] = v === key[0] ? 0 : 255;
      }
    }
  } else if (colour === 2) {
    for (let x = 0; x < count; x++, q += 4) {
      if (wide) {
        const i = p + 6 * x;
        const r = (src[i]! << 8) | src[i + 1]!;
        const g = (src[i + 2]! << 8) | src[i + 3]!;
        const b = (src[i + 4]! << 8) | src[i + 5]!;
        rgba[q] = to8(r);
        rgba[q + 1] = to8(g);
        rgba[q + 2] = to8(b);
        rgba[q + 3] = r === key[0] && g === key[1] && b === key[2] ? 0 : 255;
      } else {
        const i = p + 3 * x;
        const r = src[i]!;
        const g = src[i + 1]!;
        const b = src[i + 2]!;
        rgba[q] = r;
        rgba[q + 1] = g;
        rgba[q + 2] = b;
        rgba[q + 3] = r === key[0] && g === key[1] && b === key[2] ? 0 : 255;
      }
    }
  } else if (colour === 4) {
    for (let x = 0; x < count; x++, q += 4) {
      const i = p + (wide ? 4 : 2) * x;
      rgba[q] = rgba[q + 1] = rgba[q + 2] = wide ? to8((src[i]! << 8) | src[i + 1]!) : src[i]!;
      rgba[q + 3] = wide ? to8((src[i + 2]! << 8) | src[i + 3]!) : src[i + 1]!;
    }
  } else if (wide) {
    for (let x = 0, i = p; x < 4 * count; x++, i += 2) rgba[x] = to8((src[i]! << 8) | src[i + 1]!);
  } else {
    rgba.set(src.subarray(p, p + 4 * count));
  }
  return -1;
}

let flatTable: Uint8Array | undefined;

/** Colour `c` of alpha `a` on white, at [a << 8 | c]: round(c * a / 255 + 255 * (1 - a / 255)). */
function onWhite(): Uint8Array {
  if (!flatTable) {
    flatTable = new Uint8Array(256 * 256);
    for (let a = 0; a < 256; a++) for (let c = 0; c < 256; c++) flatTable[(a << 8) | c] = Math.round((c * a + 255 * (255 - a)) / 255);
  }
  return flatTable;
}

/** Writes `count` RGBA pixels onto white as grey (`channels` 1) or RGB, `step` bytes apart from `o`; false if one is not grey. */
function flattenRow(rgba: Uint8Array, count: number, out: Buffer, o: number, step: number, channels: number): boolean {
  const white = onWhite();
  let grey = true;
  for (let x = 0, q = 0; x < count; x++, q += 4, o += step) {
    const a = rgba[q + 3]! << 8;
    const r = white[a | rgba[q]!]!;
    if (channels === 1) {
      out[o] = r;
      continue;
    }
    const g = white[a | rgba[q + 1]!]!;
    const b = white[a | rgba[q + 2]!]!;
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    if (r !== g || g !== b) grey = false;
  }
  return grey;
}

/** RGB rows whose every pixel is grey, made grey rows in place: each row's filter type (0) and one sample a pixel. */
function greyRows(out: Buffer, width: number, height: number): Buffer {
  for (let y = 0; y < height; y++) {
    const from = y * (1 + 3 * width) + 1;
    const to = y * (1 + width);
    out[to] = 0;
    for (let x = 0; x < width; x++) out[to + 1 + x] = out[from + 3 * x]!;
  }
  return out.subarray(0, height * (1 + width));
}
