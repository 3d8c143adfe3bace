import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/font-set.js';
import { glyphCoder, numberGlyphs, numberingOf, useDocumentFonts } from '../../src/render/document-fonts.js';

/** An uncompressed one-page PDF of `texts` in the regular font, as text. */
async function pdfOf(...texts: string[]): Promise<string> {
  const pdf = new PDFDocument({ autoFirstPage: false, font: null as unknown as string, compress: false });
  useDocumentFonts(pdf, loadFonts());
  const chunks: Buffer[] = [];
  const done = new Promise<string>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks).toString('latin1'))));
  pdf.on('data', (c: Buffer) => chunks.push(c));
  pdf.addPage();
  pdf.font('regular');
  texts.forEach((t, i) => pdf.text(t, 50, 50 + 20 * i, { lineBreak: false }));
  pdf.end();
  return done;
}

/** The characters of each glyph id in the ToUnicode map ("0066 0069" for "fi"). */
function toUnicode(pdf: string): string[] {
  const cmap = pdf.slice(pdf.indexOf('begincmap'), pdf.indexOf('endcmap'));
  return [...cmap.matchAll(/\[((?:<[0-9a-f ]*>\s*)+)\]/g)].flatMap((m) => [...m[1]!.matchAll(/<([0-9a-f ]*)>/g)].map((e) => e[1]!));
}

describe('useDocumentFonts', () => {
  it('gives a glyph met for two texts in one letter an entry for each (the "fi" ligature and the "ﬁ" character)', async () => {
    const entries = toUnicode(await pdfOf('ﬁ', 'fine'));
    expect(entries).toContain('fb01');
    expect(entries).toContain('0066 0069');
  });

  it('keeps the character of a glyph that an earlier letter embedded as part of an accented one', async () => {
    await pdfOf('ç ū А');
    const entries = toUnicode(await pdfOf('cu A'));
    expect(entries).toEqual(expect.arrayContaining(['0063', '0075', '0041']));
    expect(entries.filter((e) => e === '')).toEqual([]);
  });
});

describe('numberGlyphs', () => {
  /** A new document's regular font, and the glyphs of `text` in it. */
  function regular(text: string) {
    const pdf = new PDFDocument({ autoFirstPage: false, font: null as unknown as string, compress: false });
    const font = useDocumentFonts(pdf, loadFonts()).regular as { layout(text: string): { glyphs: object[] } };
    return { font, glyphs: () => font.layout(text).glyphs };
  }

  it('shares a numbering token between fonts that number the same glyphs from scratch, not with one that coded a glyph first', () => {
    const [a, b, c] = [regular('Tokayev'), regular('Tokayev'), regular('Tokayev')];
    numberGlyphs(a.font, a.glyphs() as never[]);
    numberGlyphs(b.font, b.glyphs() as never[]);
    // c gives "z" its id before the letter's glyphs are numbered: their ids, and codes, come after it.
    glyphCoder(c.font)(c.font.layout('z').glyphs[0] as never);
    numberGlyphs(c.font, c.glyphs() as never[]);
    expect(numberingOf(a.font)).toBeDefined();
    expect(numberingOf(b.font)).toBe(numberingOf(a.font));
    expect(numberingOf(c.font)).not.toBe(numberingOf(a.font));
  });
});
