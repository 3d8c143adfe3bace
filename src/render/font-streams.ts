import { CachesBy } from '../bounded-cache.js';
import { Attached, own } from './attached.js';
import { compressedCache, deflateExactly } from './deflate.js';
import type * as fontkit from 'fontkit';

/**
 * The embedded font file of a letter is a TrueType subset of exactly the glyph list its subset holds
 * (glyph ids in the order the letter gave them its own ids, see document-fonts.ts), compressed. Its
 * bytes depend on the font and that list alone, so a campaign day of letters with the same glyphs
 * needs one subset and one compression per font: they are kept per font, keyed by the list. A list
 * seen for the first time is still subset quicker than fontkit alone does: each glyph's outline bytes,
 * components and metrics are read from the font once per process, not decoded again per letter.
 */

/**
 * Compressed font files (some 8 KB each) and ToUnicode maps (some 1 KB) kept per process, each worker
 * thread its own: a campaign day's letters share a few glyph lists, and more than these budgets
 * would only hold memory (it grew by 6 MB a worker over a 10,000-letter day at 2,000 entries).
 */
const FILES_PER_FONT = { entries: 100, bytes: 1 << 20 };
const CMAPS_KEPT = { entries: 500, bytes: 1 << 20 };

interface GlyphRecord {
  /** The glyph's bytes in the font's glyf table; components still carry the font's glyph ids. */
  bytes: Uint8Array;
  /** For a composite glyph, its components and where each one's glyph id sits in `bytes`. */
  components: { glyphID: number; pos: number }[] | undefined;
  advance: number;
  bearing: number;
}

/** The part of fontkit's TrueType subset (TTFSubset) that subsetting from memory replaces. */
interface TrueTypeSubset {
  font: fontkit.Font & {
    loca: { offsets: number[] };
    _variationProcessor?: unknown;
    _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  };
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  cff?: unknown;
  includeGlyph(id: number): number;
  encode(): Uint8Array;
  _addGlyph(gid: number): number;
}

/** pdfkit's EmbeddedFont as far as embedding its file goes: `embed` makes the file's stream first. */
interface EmbeddingFont {
  font: fontkit.Font;
  subset: TrueTypeSubset;
  /** Each glyph id's advance; during `embed`, the text of the array when it is known already. */
  widths: (number | undefined)[] | PdfText;
  document: Referencing;
  embed(): void;
  toUnicodeCmap(): PdfStream;
}

/** pdfkit's document as far as making stream objects goes. */
interface Referencing {
  compress: boolean;
  /** pdfkit's `subset` option: 1 for PDF/A's, which embeds a CIDSet made from the widths. */
  subset?: number;
  ref(data?: object): PdfStream;
}

/** A pdfkit stream object (PDFReference): compressed on `end` unless `compress` is off. */
interface PdfStream {
  compress: boolean;
  data: Record<string, unknown>;
  end(chunk?: string | Uint8Array): void;
}

const FILES = new CachesBy<fontkit.Font, string, Buffer>(() => compressedCache(FILES_PER_FONT.entries, FILES_PER_FONT.bytes));
/** ToUnicode maps by their text, compressed. */
const CMAPS = compressedCache(CMAPS_KEPT.entries, CMAPS_KEPT.bytes);
/** The same, by the glyph numbering that made the map (document-fonts.ts), while that numbering is kept. */
const CMAPS_BY_NUMBERING = new WeakMap<object, Buffer>();
const GLYPHS = new WeakMap<fontkit.Font, Map<number, GlyphRecord>>();

/**
 * Makes a document's embedded font write its file from the process-wide cache: pdfkit's own `embed`
 * runs as before, only the subset's bytes come already compressed and its stream is told so (the
 * same `/Length … /Filter /FlateDecode` dictionary, the same deflate bytes pdfkit would make).
 * `numbering` gives the font's glyph numbering token, when it has one (document-fonts.ts). The
 * methods replaced are functions shared by every document, the document's state attached to its
 * objects (attached.ts says why).
 */
export function reuseFontStreams(embedded: unknown, numbering: (font: unknown) => object | undefined = () => undefined): void {
  const font = embedded as EmbeddingFont;
  const subset = font.subset;
  // Only TrueType outlines without variations are subset here; anything else is left to pdfkit.
  if (subset.cff !== undefined || subset.font._variationProcessor || typeof subset._addGlyph !== 'function') return;
  subset._addGlyph = addSubsetGlyph;
  // A document written uncompressed (for reading in tests) keeps pdfkit's own streams.
  if (!font.document.compress) return;
  NUMBERING_OF.set(font, numbering);
  font.toUnicodeCmap = toUnicodeCmap;
  font.embed = embed;
}

/** Each font's way to its numbering token (reuseFontStreams). */
const NUMBERING_OF = new Attached<EmbeddingFont, (font: unknown) => object | undefined>('way to the numbering token');
/** The compressed file an embedding subset gives as its bytes (embed). */
const COMPRESSED = new Attached<TrueTypeSubset, Uint8Array>('compressed file');
/** A ToUnicode stream's numbering token, to keep its compressed map by (toUnicodeCmap). */
const CMAP_TOKEN = new Attached<PdfStream, object | undefined>('numbering token');
/**
 * A document's own `ref` while withNextStream waits for its next stream, and what to do with that
 * stream: a list, should a second withNextStream start inside the first before it has its stream
 * (both then adjust the one stream, in the order they started).
 */
const NEXT_STREAM = new Attached<Referencing, { ref: Referencing['ref']; adjusts: ((stream: PdfStream) => void)[] }>('next stream');

/** pdfkit's `toUnicodeCmap`, the map's stream compressed once per map text. */
function toUnicodeCmap(this: EmbeddingFont): PdfStream {
  // A font numbered as another letter's was (and nothing since) has that letter's map: no text to make.
  const token = NUMBERING_OF.get(this)!(this);
  const known = token && CMAPS_BY_NUMBERING.get(token);
  if (known) {
    const stream = this.document.ref();
    precompressed(stream);
    stream.end(known);
    return stream;
  }
  // pdfkit makes the map's stream, then ends it with the map's text.
  return withNextStream(
    this,
    () => own(this).toUnicodeCmap.call(this),
    (stream) => {
      CMAP_TOKEN.set(stream, token);
      stream.end = endCmap;
    },
  );
}

/** The ToUnicode stream's `end` with the map's text: what pdfkit writes for it (its bytes and a line end), compressed at zlib's defaults. */
function endCmap(this: PdfStream, text?: string | Uint8Array): void {
  const end = own(this).end;
  if (typeof text !== 'string') return end.call(this, text);
  const compressed = CMAPS.getOrMake(text, () => deflateExactly(Buffer.from(`${text}\n`, 'latin1')));
  const token = CMAP_TOKEN.get(this);
  if (token) CMAPS_BY_NUMBERING.set(token, compressed);
  precompressed(this);
  end.call(this, compressed);
}

/** pdfkit's `embed`, the subset's file compressed once per glyph list. */
function embed(this: EmbeddingFont): void {
  const files = FILES.of(this.font);
  const subset = this.subset;
  const key = subset.glyphs.join(',');
  // zlib's defaults, as pdfkit compresses every stream.
  const compressed = files.getOrMake(key, () => deflateExactly(subset.encode()));
  // pdfkit's embed makes the font file's stream first, then ends it with the subset's bytes.
  COMPRESSED.set(subset, compressed);
  subset.encode = encodeCompressed;
  // The widths array (/W) of a font numbered as another letter's was is that letter's: its text is kept.
  // Not for a PDF/A subset (`subset: 1`), whose CIDSet pdfkit makes by reading the widths one by one.
  const widths = this.widths as (number | undefined)[];
  const token = this.document.subset === undefined ? NUMBERING_OF.get(this)!(this) : undefined;
  if (token) this.widths = widthsText(this.font, token, widths);
  try {
    withNextStream(this, () => own(this).embed.call(this), precompressed);
  } finally {
    this.widths = widths;
    delete (subset as Partial<TrueTypeSubset>).encode;
    COMPRESSED.delete(subset);
  }
}

/**
 * Text pdfkit writes as it is: its PDFObject.convert writes any object it has no case for (not a plain
 * object, array, string, number, date, buffer or reference) as `${object}`.
 */
class PdfText {
  constructor(private readonly text: string) {}
  get [Symbol.toStringTag](): string {
    return 'PdfText';
  }
  toString(): string {
    return this.text;
  }
}

/**
 * The widths arrays' text by font, then glyph numbering token, while the numbering is kept. A token
 * stands for a list of glyph ids and characters (document-fonts.ts), which the four styles share:
 * the widths are the font's.
 */
const WIDTHS_BY_NUMBERING = new WeakMap<fontkit.Font, WeakMap<object, PdfText>>();

/** A font's widths array as pdfkit's PDFObject.convert writes it: each number rounded to six decimals, a hole as null. */
function widthsText(font: fontkit.Font, token: object, widths: readonly (number | undefined)[]): PdfText {
  let byToken = WIDTHS_BY_NUMBERING.get(font);
  if (!byToken) WIDTHS_BY_NUMBERING.set(font, (byToken = new WeakMap()));
  let text = byToken.get(token);
  if (!text) {
    const items: string[] = [];
    for (let i = 0; i < widths.length; i++) {
      const width = widths[i];
      items.push(width === undefined || width === null ? 'null' : String(Math.round(width * 1e6) / 1e6));
    }
    byToken.set(token, (text = new PdfText(`[${items.join(' ')}]`)));
  }
  return text;
}

function encodeCompressed(this: TrueTypeSubset): Uint8Array {
  return COMPRESSED.get(this)!;
}

/** Runs `work`, handing the first stream it makes to `adjust` before anything is written to it. */
function withNextStream<T>(font: EmbeddingFont, work: () => T, adjust: (stream: PdfStream) => void): T {
  const document = font.document;
  let next = NEXT_STREAM.get(document);
  if (!next) {
    NEXT_STREAM.set(document, (next = { ref: document.ref, adjusts: [] }));
    document.ref = refNext;
  }
  next.adjusts.push(adjust);
  try {
    return work();
  } finally {
    // No stream made: this adjustment is withdrawn, and the document's own `ref` is back once none waits.
    if (NEXT_STREAM.get(document) === next) {
      next.adjusts.splice(next.adjusts.lastIndexOf(adjust), 1);
      if (next.adjusts.length === 0) restoreRef(document);
    }
  }
}

function refNext(this: Referencing, data?: object): PdfStream {
  const { ref, adjusts } = NEXT_STREAM.get(this)!;
  restoreRef(this);
  const stream = ref.call(this, data);
  for (const adjust of adjusts) adjust(stream);
  return stream;
}

function restoreRef(document: Referencing): void {
  const next = NEXT_STREAM.get(document);
  if (!next) return;
  document.ref = next.ref;
  NEXT_STREAM.delete(document);
}

/** fontkit's TTFSubset._addGlyph (addGlyph). */
function addSubsetGlyph(this: TrueTypeSubset, gid: number): number {
  return addGlyph(this, gid);
}

/** A stream that is given its bytes compressed already: pdfkit's dictionary (`/Length`, then `/Filter`), no second deflate. */
function precompressed(stream: PdfStream): void {
  stream.compress = false;
  stream.data.Length = 0;
  stream.data.Filter = 'FlateDecode';
}

/** fontkit's TTFSubset._addGlyph, reading each glyph of a font once per process. */
function addGlyph(subset: TrueTypeSubset, gid: number): number {
  const glyph = glyphRecord(subset, gid);
  let bytes = glyph.bytes;
  if (glyph.components) {
    // A composite glyph names its components by their ids in this subset.
    bytes = new Uint8Array(bytes);
    const view = new DataView(bytes.buffer);
    for (const component of glyph.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
  }
  subset.glyf.push(bytes);
  subset.loca.offsets.push(subset.offset);
  subset.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
  subset.offset += bytes.length;
  return subset.glyf.length - 1;
}

function glyphRecord(subset: TrueTypeSubset, gid: number): GlyphRecord {
  const font = subset.font;
  let glyphs = GLYPHS.get(font);
  if (!glyphs) GLYPHS.set(font, (glyphs = new Map()));
  let record = glyphs.get(gid);
  if (record) return record;
  const glyph = font.getGlyph(gid) as fontkit.Glyph & {
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  const glyf = glyph._decode();
  const start = font.loca.offsets[gid]!;
  const stream = font._getTableStream('glyf');
  stream.pos += start;
  const bytes = Uint8Array.from(stream.readBuffer(font.loca.offsets[gid + 1]! - start));
  const components = glyf && glyf.numberOfContours < 0 ? glyf.components!.map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : undefined;
  record = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
  glyphs.set(gid, record);
  return record;
}
