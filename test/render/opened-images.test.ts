import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { documentImage } from '../../src/render/opened-images.js';
import { ROOT } from '../helpers/run-cli.js';

/** A one-page uncompressed PDF drawing `images` (each a Buffer) in turn, as text. */
async function pdfWith(images: Buffer[], opened: { count: number }): Promise<string> {
  const pdf = new PDFDocument({ compress: false, info: { CreationDate: new Date(0) } });
  const openImage = (pdf as unknown as { openImage(d: Buffer): unknown }).openImage.bind(pdf);
  (pdf as unknown as { openImage(d: Buffer): unknown }).openImage = (d) => (opened.count++, openImage(d));
  const chunks: Buffer[] = [];
  const done = new Promise<string>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks).toString('latin1'))));
  pdf.on('data', (c: Buffer) => chunks.push(c));
  images.forEach((data, i) => pdf.image(documentImage(pdf, data) as unknown as Buffer, 50, 50 + 100 * i, { width: 90 }));
  pdf.end();
  return done;
}

describe('documentImage', () => {
  it('parses an image once per process and gives each document its own copy, labelled in the order drawn', async () => {
    const es = readFileSync(join(ROOT, 'senders', 'signatures', 'example-es.png'));
    const fr = readFileSync(join(ROOT, 'senders', 'signatures', 'example-fr.png'));
    const opened = { count: 0 };
    const first = await pdfWith([es, fr], opened);
    const second = await pdfWith([fr, es], opened);
    const third = await pdfWith([es, fr], opened);
    expect(opened.count).toBe(2);
    // Each document draws its images under its own labels, with its own image objects.
    for (const pdf of [first, second, third]) {
      expect(pdf).toContain('/I1 Do');
      expect(pdf).toContain('/I2 Do');
      expect(pdf.match(/\/Subtype \/Image/g)).toHaveLength(2);
    }
    expect(third).toBe(first);
  });
});
