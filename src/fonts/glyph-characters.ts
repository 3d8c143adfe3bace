import type * as fontkit from 'fontkit';

/**
 * fontkit keeps one Glyph object per glyph id for the life of the font, carrying the characters of
 * the first call that asked for that id (foliojs/fontkit#154). Subsetting asks for the components of
 * composite glyphs with no characters: once a document has embedded "ç", "ū" or Cyrillic "А", their
 * components "c", "u" and Latin "A" would stand for nothing in every later shaping of this font, and
 * pdfkit writes a glyph's characters to the ToUnicode map (an empty entry: "So ial Prote tion").
 * Our fonts outlive documents, so a glyph must stand for the characters of the call that asks for
 * it: the shared glyph when its characters are those, else a view of it with the call's own
 * characters (outline, metrics and everything else are the shared glyph's).
 */
export function glyphsWithTheirCharacters(font: fontkit.Font): fontkit.Font {
  const shared = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = shared(id, codePoints);
    if (!glyph || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as fontkit.Glyph;
  };
  return font;
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((cp, i) => cp === b[i]);
}
