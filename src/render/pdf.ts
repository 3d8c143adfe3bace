import PDFDocument from 'pdfkit';
import { FALLBACK_SCRIPT } from '../fonts/fallback-fonts.js';
import { loadFonts, type FontStyle } from '../fonts/font-set.js';
import { fontsForHan } from '../fonts/letter-fonts.js';
import { layoutLetter, type Layout } from '../layout/layout-letter.js';
import type { TextItem } from '../layout/line-items.js';
import { PAGE } from '../layout/page-style.js';
import type { LetterDocument } from '../letter-document.js';
import { Attached, own } from './attached.js';
import { contentPieces } from './content-pieces.js';
import { compressedCache, deflateExactly } from './deflate.js';
import { numberGlyphBits, numberGlyphs, useDocumentFonts } from './document-fonts.js';
import { drawScriptText } from './draw-script-text.js';
import { drawSvg } from './draw-svg.js';
import { drawText, forgetFont, indexOfGlyphs, lineGlyphBits, lineGlyphs } from './draw-text.js';
import { current, union, type GlyphBits } from './glyph-sets.js';
import { documentImage } from './opened-images.js';

/**
 * Draws a laid-out letter with pdfkit. Fonts come parsed from the font set (once per process) and
 * are extended per document (document-fonts.ts);
 * CreationDate and hence the document ID come from the model, so the same letter gives the same bytes.
 */
export function renderPdf(doc: LetterDocument, layout: Layout = layoutLetter(doc)): Promise<Buffer> {
  const fonts = loadFonts();
  const pdf = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    // No default Helvetica: every text names one of the embedded fonts.
    font: null as unknown as string,
    compress: true,
    lang: doc.language,
    displayTitle: true,
    info: {
      Title: doc.meta.title,
      Author: doc.meta.author,
      Subject: doc.meta.subject,
      Keywords: doc.meta.keywords.join(', '),
      Creator: 'campaign-letters',
      Producer: 'campaign-letters (PDFKit)',
      CreationDate: doc.meta.creationDate,
      ModDate: doc.meta.creationDate,
    },
  });
  // The header pdfkit wrote while being made comes through its stream; all that follows, collected directly.
  const head: Buffer[] = [];
  const body = collectWrites(pdf);
  const embedded = useDocumentFonts(pdf, fonts);
  numberLetterGlyphs(embedded, layout);
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => head.push(chunk));
    pdf.on('end', () => resolve(bytesOf([...head, ...body])));
    pdf.on('error', reject);
  });
  for (const page of layout.pages) {
    pdf.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    compressContent(pdf);
    let font: string | undefined;
    let size: number | undefined;
    let color: string | undefined;
    let cut = 0;
    for (let i = 0; i < page.items.length; i++) {
      const item = page.items[i]!;
      if (page.cuts[cut] === i) {
        cut++;
        // A piece of its own (layout-letter.ts cuts), which sets its font, size and colour itself: its
        // bytes then depend on its own items, not on the blocks drawn before it.
        cutContent(pdf);
        forgetFont(pdf);
        font = size = color = undefined;
      }
      switch (item.kind) {
        case 'text': {
          // Names and quotations in other scripts (Arabic, Chinese…): fallback fonts, bidi order.
          if (inOtherScript(item)) {
            if (color !== item.color) pdf.fillColor((color = item.color));
            drawScriptText(pdf, item, fontsForHan(fonts, doc.han ?? 'sc'), doc.han ?? 'sc');
            font = undefined;
            size = item.size;
            break;
          }
          if (font !== item.style) pdf.font((font = item.style));
          if (size !== item.size) pdf.fontSize((size = item.size));
          if (color !== item.color) pdf.fillColor((color = item.color));
          if (item.characterSpacing) {
            // A letter-spaced line (rare: fit-lines.ts) is drawn by pdfkit's own text, inside its q/Q,
            // which leaves drawText's page font state as it was.
            pdf.text(item.text, item.x, item.y, {
              lineBreak: false,
              ...(item.wordSpacing ? { wordSpacing: item.wordSpacing } : {}),
              characterSpacing: item.characterSpacing,
              ...(item.href ? { link: item.href } : {}),
            });
          } else {
            drawText(pdf, item.text, item.x, item.y, item.wordSpacing, item.href);
          }
          break;
        }
        case 'image': {
          const { image } = item;
          if (image.svg) {
            drawSvg(pdf, image.svg, item, image.path);
            forgetFont(pdf);
            font = size = color = undefined;
          } else {
            pdf.image(documentImage(pdf, image.data) as unknown as Buffer, item.x, item.y, { width: item.width, height: item.height });
          }
          break;
        }
        case 'rule':
          pdf.save().lineWidth(item.width).strokeColor(item.color).moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).stroke().restore();
          break;
        default: {
          const never: never = item;
          throw new Error(`unknown item ${JSON.stringify(never)}`);
        }
      }
    }
  }
  pdf.end();
  return done;
}

/** A line drawn in fallback fonts (draw-script-text.ts) rather than the letter's own. */
const inOtherScript = (item: { text: string }): boolean => FALLBACK_SCRIPT.test(item.text);

/**
 * The glyphs of every line drawText will draw, numbered per font in one order before any is drawn: the
 * union of the lines' glyph sets (glyph-sets.ts), each line's made once per process.
 */
function numberLetterGlyphs(embedded: Record<FontStyle, unknown>, layout: Layout): void {
  const byStyle = new Map<FontStyle, TextItem[]>();
  for (const page of layout.pages) {
    for (const item of page.items) {
      if (item.kind !== 'text' || item.characterSpacing || inOtherScript(item)) continue;
      let items = byStyle.get(item.style);
      if (!items) byStyle.set(item.style, (items = []));
      items.push(item);
    }
  }
  for (const [style, items] of byStyle) {
    const font = embedded[style];
    const sets = lineSets(font, items) ?? lineSets(font, items);
    if (sets) {
      numberGlyphBits(font, indexOfGlyphs(font), union(sets));
    } else {
      // Lines with more glyphs than a glyph index holds (glyph-sets.ts): the glyph objects themselves.
      const glyphs = new Set<object>();
      for (const item of items) for (const glyph of lineGlyphs(font, item.size, item.text, item.wordSpacing) ?? []) glyphs.add(glyph);
      numberGlyphs(font, [...glyphs] as never[]);
    }
  }
}

/**
 * The glyph sets of a font's lines, all of one generation of its index; undefined when the index was
 * emptied while they were made (then once more, from an emptied index, does it).
 */
function lineSets(font: unknown, items: readonly TextItem[]): GlyphBits[] | undefined {
  const sets: GlyphBits[] = [];
  for (const item of items) {
    const set = lineGlyphBits(font, item.size, item.text, item.wordSpacing);
    if (set) sets.push(set);
  }
  return sets.every(current) ? sets : undefined;
}

/**
 * Has pdfkit's writes (each object's dictionary, stream and keywords, some hundreds per letter) kept
 * in an array rather than pushed one by one through its Readable stream as buffers, and made bytes in
 * one go at the end (bytesOf): the same bytes in the same order (a string's characters taken modulo
 * 256, then a line end, as pdfkit's `_write` does; bytes as they are), and the same offsets for the
 * cross-reference table. pdfkit still ends its stream, which then gives the header and 'end'.
 */
function collectWrites(pdf: PDFKit.PDFDocument): Written {
  const texts: Written = [];
  const writer = pdf as unknown as Writer;
  WRITES.set(writer, texts);
  // One function for every document, its state on the document (attached.ts says why).
  writer._write = collectWrite;
  return texts;
}

interface Writer {
  _write(data: string | Uint8Array): void;
  _offset: number;
}

/** A document's writes: text (each character a byte) and bytes (streams: fonts, images, page content), as they came. */
type Written = (string | Uint8Array)[];

const WRITES = new Attached<Writer, Written>('writes');

function collectWrite(this: Writer, data: string | Uint8Array): void {
  // Bytes stay bytes: a compressed font file or image as text would be made and copied once more.
  const written = data instanceof Uint8Array ? data : `${data}\n`;
  WRITES.get(this)!.push(written);
  this._offset += written.length;
}

/** The document's bytes (the header pdfkit's stream gave, then its writes) in one buffer. */
function bytesOf(writes: Written): Buffer {
  let length = 0;
  for (const written of writes) length += written.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  // Text runs between byte writes joined first: one latin1 write each rather than hundreds of small ones.
  let run: string[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    at += out.write(run.join(''), at, 'latin1');
    run = [];
  };
  for (const written of writes) {
    if (typeof written === 'string') {
      run.push(written);
      continue;
    }
    endRun();
    out.set(written, at);
    at += written.length;
  }
  endRun();
  if (at !== length) throw new Error(`the letter's PDF came to ${at} bytes, not the ${length} counted`);
  return out;
}

/**
 * zlib level of a page's content stream. pdfkit compresses every stream at zlib's default (6); page
 * content is all the deflating a letter does once its fonts are cached (font-streams.ts), and level 5
 * takes a fifth less time for a few dozen bytes more (3,385 bytes for the sample's pages against
 * 3,347); level 1 would save a little more time for 900 bytes.
 */
const CONTENT_LEVEL = 5;

/** pdfkit's page, as far as writing its content goes. */
interface PdfPage {
  content: PdfStream;
  dictionary: { data: Record<string, unknown> };
  end(): void;
}

/** pdfkit's stream object (PDFReference) as far as compressing it goes. */
interface PdfStream {
  compress: boolean;
  buffer: Uint8Array[];
  data: Record<string, unknown>;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/**
 * Has the current page's content kept as text while it is drawn, and written as pieces compressed at
 * CONTENT_LEVEL (content-pieces.ts): the same bytes pdfkit's `write` makes (a string's characters
 * taken modulo 256, then a line end; bytes as they are), without its per-chunk character loop. The
 * first piece is the page's own content stream; the others are streams of their own, which the page
 * lists after it in its /Contents before it is written. The page's `write` and `end` are functions
 * shared by every page, its text attached to it (attached.ts says why).
 */
function compressContent(pdf: PDFKit.PDFDocument): void {
  const page = (pdf as unknown as { page: PdfPage }).page;
  const content = page.content;
  // What addPage wrote already (the page's flip transform).
  const parts = content.buffer.map(latin1);
  // Writes given as bytes, which need not end a line: no piece ends after one.
  PAGE_TEXT.set(content, { parts, byteWrites: new Set(parts.keys()), cuts: new Set(), pdf });
  content.buffer = [];
  content.compress = false;
  content.write = keepWrite;
  page.end = endPage;
}

/** A page's content while it is drawn: its writes, which of them were bytes, where pieces must start, and its document. */
interface PageText {
  parts: string[];
  byteWrites: Set<number>;
  cuts: Set<number>;
  pdf: PDFKit.PDFDocument;
}

/** Has the current page's next write start a piece of its own (content-pieces.ts). */
function cutContent(pdf: PDFKit.PDFDocument): void {
  const text = PAGE_TEXT.get((pdf as unknown as { page: PdfPage }).page.content);
  text?.cuts.add(text.parts.length);
}

const PAGE_TEXT = new Attached<PdfStream, PageText>('page text');

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function keepWrite(this: PdfStream, chunk: string | Uint8Array): void {
  const { parts, byteWrites } = PAGE_TEXT.get(this)!;
  if (chunk instanceof Uint8Array) byteWrites.add(parts.push(latin1(chunk)) - 1);
  else parts.push(`${chunk}\n`);
}

function endPage(this: PdfPage): void {
  const content = this.content;
  const { parts, byteWrites, cuts, pdf } = PAGE_TEXT.get(content)!;
  PAGE_TEXT.delete(content);
  const [first, ...more] = contentPieces(parts, byteWrites, cuts);
  if (first !== undefined) {
    content.buffer = [deflated(first)];
    content.data.Filter = 'FlateDecode';
  }
  if (more.length > 0) {
    const streams = more.map((piece) => {
      const stream = pdf.ref({ Filter: 'FlateDecode' });
      stream.end(deflated(piece));
      return stream;
    });
    this.dictionary.data.Contents = [content, ...streams];
  }
  own(this).end.call(this);
}

/**
 * Deflated page content pieces by their bytes: a campaign's continuation pages (the rest of the body,
 * to each official), the pieces of page 1 away from the addressee, and a letter rendered again are the
 * same bytes, and deflate gives the same output for the same input. Bounded in entries and bytes (each
 * worker thread has its own): some 4 MB. 1,000 entries rather than 100 took a 10,000-letter day's peak
 * some 10 MB higher, for no speed. 200 since the blocks naming the recipient are pieces of their own
 * (layout-letter.ts cuts), some three more small pieces a letter: with 100, the bench's 2,000-letter
 * campaign compressed 0.27 pieces a letter (625 bytes) against 0.14 before; with 200, 0.13 (384 bytes).
 */
const DEFLATED = compressedCache(200, 4 << 20);

/** A piece of a page's content, given as its bytes in a latin1 string, deflated. */
function deflated(raw: string): Buffer {
  return DEFLATED.getOrMake(raw, () => deflateExactly(Buffer.from(raw, 'latin1'), { level: CONTENT_LEVEL }));
}
