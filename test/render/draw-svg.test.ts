import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { describe, expect, it } from 'vitest';
import { drawSvg } from '../../src/render/draw-svg.js';
import { ValidationError } from '../../src/errors.js';
import { ROOT } from '../helpers/run-cli.js';

const PNG = join(ROOT, 'senders', 'signatures', 'sharan-burrow.png');
// Unchecked on purpose: what the renderer must survive if the check of check-svg.ts ever missed something.
const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="100">
  <path d="M10 70 L290 50" stroke="black"/>
  <image href="${PNG}" width="300" height="100"/>
  <image xlink:href="file://${PNG}" width="300" height="100"/>
  <use href="${PNG}#a"/>
  <rect width="10" height="10" fill="url(${PNG}#p)"/>
</svg>`;

function pdfWith(draw: (pdf: PDFKit.PDFDocument) => void): Promise<string> {
  const pdf = new PDFDocument({ size: [400, 200], margin: 0, compress: false });
  const chunks: Buffer[] = [];
  const done = new Promise<string>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks).toString('latin1'))));
  pdf.on('data', (c: Buffer) => chunks.push(c));
  draw(pdf);
  pdf.end();
  return done;
}

describe('drawSvg', () => {
  it('reads no file an unchecked SVG names, where svg-to-pdfkit left alone would embed it', async () => {
    const unguarded = await pdfWith((pdf) => SVGtoPDF(pdf, HOSTILE, 0, 0, { warningCallback: () => undefined }));
    expect(unguarded).toContain('/Subtype /Image');
    const guarded = await pdfWith((pdf) => drawSvg(pdf, HOSTILE, { x: 0, y: 0, width: 300, height: 100 }, 'hostile.svg'));
    expect(guarded).not.toContain('/Subtype /Image');
    expect(guarded).toMatch(/\d+ \d+ m\s/); // the path is still drawn
  });

  it('refuses, naming the file, a drawing with a number pdfkit cannot write', async () => {
    // Unchecked, as HOSTILE: should check-svg.ts ever let such a number through, pdfkit throws "unsupported number".
    const nested = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M0 0 L10 10" stroke="black" stroke-width="1e30"/></svg>`;
    let error: unknown;
    await pdfWith((pdf) => {
      try {
        drawSvg(pdf, nested, { x: 0, y: 0, width: 300, height: 100 }, 'senders/sig.svg');
      } catch (err) {
        error = err;
      }
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.objectContaining({
        file: 'senders/sig.svg',
        severity: 'error',
        message: expect.stringMatching(/could not be drawn: .*number.*export the drawing at its own size/),
      }),
    ]);
  });
});
