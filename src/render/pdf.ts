import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { loadFonts, styleOf, type FontStyle } from '../fonts/font-set.js';
import type { LetterDocument } from '../letter-document.js';
import { layoutLetter, type Layout } from '../layout/layout-letter.js';
import { PAGE } from '../layout/page-style.js';

const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/**
 * Shaping a word with fontkit is the costliest step of a letter, and its result depends only on the
 * font and the word. pdfkit keeps a shaping cache per document; these caches outlive documents, so a
 * campaign day shapes each word once per process. Cleared every 100,000 letters so a long run of
 * ever-new words cannot grow it without bound.
 */
const SHAPED: Record<FontStyle, Record<string, unknown>> = { regular: {}, bold: {}, italic: {}, boldItalic: {} };
const SHAPED_LIMIT = 100_000;
let lettersSinceClear = 0;

/** pdfkit's embedded font object, as far as the shared cache needs it. */
interface EmbeddedFontInternals {
  layoutCache?: Record<string, unknown>;
}

/**
 * Draws a laid-out letter with pdfkit. Fonts come parsed from the font set (once per process);
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
  if (++lettersSinceClear > SHAPED_LIMIT) {
    for (const style of STYLES) SHAPED[style] = {};
    lettersSinceClear = 0;
  }
  for (const style of STYLES) pdf.registerFont(style, fonts.fonts[style].font as unknown as string);
  const useFont = (style: FontStyle) => {
    pdf.font(style);
    const embedded = (pdf as unknown as { _font?: EmbeddedFontInternals })._font;
    if (embedded?.layoutCache) embedded.layoutCache = SHAPED[style];
  };
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const page of layout.pages) {
    pdf.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    let font: string | undefined;
    let size: number | undefined;
    let color: string | undefined;
    for (const item of page.items) {
      switch (item.kind) {
        case 'text': {
          if (font !== item.style) useFont((font = item.style));
          if (size !== item.size) pdf.fontSize((size = item.size));
          if (color !== item.color) pdf.fillColor((color = item.color));
          pdf.text(item.text, item.x, item.y, {
            lineBreak: false,
            ...(item.wordSpacing ? { wordSpacing: item.wordSpacing } : {}),
            ...(item.href ? { link: item.href } : {}),
          });
          break;
        }
        case 'image': {
          const { image } = item;
          if (image.svg) {
            // Text inside an SVG is set in the letter's own embedded fonts, never in a standard font.
            SVGtoPDF(pdf, image.svg, item.x, item.y, {
              width: item.width,
              height: item.height,
              preserveAspectRatio: 'xMinYMax meet',
              fontCallback: (_family, bold, italic) => styleOf(bold, italic),
              warningCallback: () => undefined,
            });
            font = size = color = undefined;
          } else {
            pdf.image(image.data, item.x, item.y, { width: item.width, height: item.height });
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
