import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import { fallbackFontFile } from '../../src/fonts/fallback-fonts.js';
import { openFont } from '../../src/fonts/open-font.js';

const require = createRequire(import.meta.url);

/** A font of each kind the letters use: TrueType with glyph names (post 2), CFF (post 3), WOFF. */
const FILES = [
  require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  fallbackFontFile('arabic', 'bold'),
  fallbackFontFile('jp', 'regular'),
  fallbackFontFile('georgian', 'regular'),
  // Fontsource ships WOFF2 beside the WOFF the letters use: fontkit unpacks its tables only as it decodes one.
  fallbackFontFile('georgian', 'regular').replace(/\.woff$/, '.woff2'),
];

const POST_FIELDS = [
  'version',
  'italicAngle',
  'underlinePosition',
  'underlineThickness',
  'isFixedPitch',
  'minMemType42',
  'maxMemType42',
  'minMemType1',
  'maxMemType1',
  'numberOfGlyphs',
  'glyphNameIndex',
  'names',
  'offsets',
  'map',
];

type Tables = { post: Record<string, unknown>; italicAngle: number; _decodeTable(entry: { tag: string }): unknown };

describe('openFont', () => {
  it.each(FILES)('reads every field of the post table as fontkit does: %s', (file) => {
    const bytes = readFileSync(file);
    const ours = openFont(bytes) as unknown as Tables;
    const theirs = fontkit.create(bytes) as unknown as Tables;
    for (const field of POST_FIELDS) expect([field, ours.post[field]]).toEqual([field, theirs.post[field]]);
    expect(ours.italicAngle).toBe(theirs.italicAngle);
    // Asked as a whole, the table is fontkit's: its fields in order, each as fontkit made it, and its
    // hidden ones (`parent`, the font, which is each its own).
    const keys = Object.keys(theirs.post);
    expect(Object.keys(ours.post)).toEqual(keys);
    for (const key of keys) expect([key, Object.getOwnPropertyDescriptor(ours.post, key)]).toEqual([key, Object.getOwnPropertyDescriptor(theirs.post, key)]);
    expect({ ...ours.post }).toEqual({ ...theirs.post });
    expect(Reflect.ownKeys(ours.post).sort()).toEqual(Reflect.ownKeys(theirs.post).sort());
    expect((ours.post as { parent: unknown }).parent).toBe(ours);
    const names = (font: unknown): (string | null)[] =>
      [0, 1, 2, 3, 36, 100].map((id) => (font as { getGlyph(id: number): { name: string | null } }).getGlyph(id).name);
    expect(names(ours)).toEqual(names(theirs));
  });

  it('embeds without decoding the glyph names of the post table', () => {
    const font = openFont(readFileSync(FILES[0]!)) as unknown as Tables;
    const decode = vi.spyOn(font, '_decodeTable');
    // What pdfkit's EmbeddedFont.embed reads.
    expect([font.post.isFixedPitch, font.italicAngle, 'version' in font.post]).toEqual([0, 0, true]);
    expect(decode.mock.calls.map(([entry]) => entry.tag)).not.toContain('post');
    expect((font.post.names as string[]).length).toBeGreaterThan(1000);
    expect(decode.mock.calls.map(([entry]) => entry.tag)).toContain('post');
  });
});
