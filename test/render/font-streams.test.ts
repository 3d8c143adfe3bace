import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/font-set.js';
import { useDocumentFonts } from '../../src/render/document-fonts.js';

interface Subset {
  glyphs: number[];
  mapping: Record<number, number>;
  encode(): Uint8Array;
}

/** A document's regular font after drawing `text`: its subset, whose glyph outlines font-streams.ts reads once per process. */
function subsetAfter(text: string): Subset {
  const pdf = new PDFDocument({ autoFirstPage: false, font: null as unknown as string, compress: true });
  useDocumentFonts(pdf, loadFonts());
  pdf.addPage();
  pdf.font('regular');
  pdf.text(text, 50, 50, { lineBreak: false });
  return (pdf as unknown as { _font: { subset: Subset } })._font.subset;
}

describe('the font subset made from glyphs read once per process', () => {
  // Composite glyphs (ç, ū, Ǻ, Cyrillic А), a ligature and the same glyph for two texts (fi, ﬁ).
  it.each(['Hello, world', 'ç ū Ǻ А Ґ ł Ø', 'fine ﬁ office', 'Ūsenova Ақтөбе Škoda'])('has fontkit’s own bytes for “%s”', (text) => {
    subsetAfter(text); // a document before, so outlines come from the process's records
    const ours = subsetAfter(text);
    const theirs = (loadFonts().fonts.regular.font as unknown as { createSubset(): Subset }).createSubset();
    theirs.glyphs = [...ours.glyphs];
    theirs.mapping = { ...ours.mapping };
    // fontkit's TTFSubset._addGlyph, as the font's own class has it.
    expect(Buffer.from(ours.encode())).toEqual(Buffer.from(theirs.encode()));
  });
});
