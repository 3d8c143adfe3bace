// The embedded fonts, parsed once per process (or worker) and shared by every letter it renders.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { FALLBACK_SCRIPT, fallbackHas } from './fallback-fonts.js';
import { glyphsWithTheirCharacters } from './glyph-characters.js';
import { mixedWidth } from './script-runs.js';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** The four styles, in the order every document registers them (so font ids are the same in every letter). */
export const STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

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
  /** Characters of `text` that neither the four styles nor a fallback font of its script can draw. */
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
    const own = { width: (text: string) => font.layout(text).advanceWidth * scale };
    return {
      style,
      font,
      width(text) {
        let w = widths.get(text);
        if (w === undefined) {
          // Characters of other scripts are measured in their fallback fonts (fallback-fonts.ts).
          w = FALLBACK_SCRIPT.test(text) ? mixedWidth(text, own, style === 'bold' || style === 'boldItalic', 'sc') : own.width(text);
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
        if (!all.every((f) => f.font.hasGlyphForCodePoint(cp)) && !fallbackHas(cp)) missing.add(ch);
      }
      return [...missing];
    },
  };
  return cached;
}

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** "U+1F642" for messages. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
