// The few parts of fontkit this project uses (the package ships no types).
declare module 'fontkit' {
  export interface GlyphRun {
    advanceWidth: number;
    /** Right to left for a run of a right-to-left script: its glyphs are then in visual order. */
    direction: 'ltr' | 'rtl';
    glyphs: Glyph[];
    /** In font units. */
    positions: GlyphPosition[];
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface Glyph {
    id: number;
    /** The characters this glyph stands for, as given to getGlyph. */
    codePoints: number[];
    advanceWidth: number;
    /** The outline, in font units, y up. */
    path: { toSVG(): string; commands: { command: string; args: number[] }[]; bbox: { minX: number; minY: number; maxX: number; maxY: number } };
  }
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    familyName: string;
    postscriptName: string;
    numGlyphs: number;
    /** `features`: OpenType feature tags to add, or an object turning features on or off ({ mark: false }). */
    layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun;
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** The glyph the cmap maps a code point to (id 0 where it maps none). */
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number, codePoints?: number[]): Glyph | null;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | unknown;
}
