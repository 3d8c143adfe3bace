// The embedded fonts, parsed once per process (or worker) and shared by every letter it renders.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** Noto Sans from npm: Latin with every European diacritic, Greek and Cyrillic including Kazakh. */
const FILES: Record<FontStyle, string> = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
};

export interface LoadedFont {
  style: FontStyle;
  font: fontkit.Font;
  /** Width of `text` at size 1, in points per point of size. */
  width(text: string): number;
  ascent: number;
  descent: number;
}

export interface FontSet {
  fonts: Record<FontStyle, LoadedFont>;
  /** Characters of `text` that no embedded font can draw. */
  missingGlyphs(text: string): string[];
}

let cached: FontSet | undefined;

export function loadFonts(): FontSet {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const load = (style: FontStyle): LoadedFont => {
    const font = glyphsWithTheirCharacters(fontkit.create(readFileSync(require.resolve(FILES[style]))) as fontkit.Font);
    const scale = 1 / font.unitsPerEm;
    // Widths are asked for the same words letter after letter: remember them.
    const widths = new Map<string, number>();
    return {
      style,
      font,
      width(text) {
        let w = widths.get(text);
        if (w === undefined) {
          w = font.layout(text).advanceWidth * scale;
          widths.set(text, w);
        }
        return w;
      },
      ascent: font.ascent * scale,
      descent: font.descent * scale,
    };
  };
  const fonts = { regular: load('regular'), bold: load('bold'), italic: load('italic'), boldItalic: load('boldItalic') };
  const all = Object.values(fonts);
  cached = {
    fonts,
    missingGlyphs(text) {
      const missing = new Set<string>();
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        // Line breaks and tabs are white space to the layout, never drawn.
        if (cp === 10 || cp === 13 || cp === 9) continue;
        if (!all.every((f) => f.font.hasGlyphForCodePoint(cp))) missing.add(ch);
      }
      return [...missing];
    },
  };
  return cached;
}

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
function glyphsWithTheirCharacters(font: fontkit.Font): fontkit.Font {
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

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** "U+1F642" for messages. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
