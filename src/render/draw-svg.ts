import SVGtoPDF from 'svg-to-pdfkit';
import { ValidationError } from '../errors.js';
import { styleOf } from '../fonts/font-set.js';

/** What an SVG's `<image>` opens: no bytes, which pdfkit refuses, so the image is left out. */
const NO_IMAGE = Buffer.alloc(0);

/**
 * Draws an SVG signature into a box, bottom-left aligned. `svg` is the checked, rebuilt document
 * (check-svg.ts), which refers to no other file; should anything slip through that check, svg-to-pdfkit's
 * image and document loaders are replaced here by ones that read nothing, so no `<image href>` or
 * `url(file#id)` can reach the file system. Text inside the SVG is set in the letter's own embedded
 * fonts, never in a standard font. A drawing pdfkit cannot write is the file's problem, named.
 */
export function drawSvg(pdf: PDFKit.PDFDocument, svg: string, box: { x: number; y: number; width: number; height: number }, file: string): void {
  try {
    SVGtoPDF(pdf, svg, box.x, box.y, {
      width: box.width,
      height: box.height,
      preserveAspectRatio: 'xMinYMax meet',
      fontCallback: (_family, bold, italic) => styleOf(bold, italic),
      warningCallback: () => undefined,
      imageCallback: () => NO_IMAGE,
      documentCallback: () => [],
    });
  } catch (err) {
    // Should a number pdfkit cannot write get past the check (check-svg.ts), pdfkit throws "unsupported
    // number": the drawing is the file's fault, not a bug.
    const why = (err as Error).message.split('\n')[0]!.slice(0, 120);
    throw new ValidationError([
      { file, path: '', message: `the SVG signature could not be drawn: ${why}; export the drawing at its own size, or give a PNG`, severity: 'error' },
    ]);
  }
}
