import * as fontkit from 'fontkit';
import { glyphsWithTheirCharacters } from './glyph-characters.js';

/** The parts of a fontkit font below its public API that reading the post table's header needs. */
interface FontTables {
  directory: { tables: Record<string, { tag: string; length: number } | undefined> };
  stream: { pos: number };
  _tables: Record<string, unknown>;
  _getTableStream(tag: string): { pos: number; readInt32BE(): number; readInt16BE(): number; readUInt32BE(): number } | null;
  _decodeTable(entry: { tag: string }): Record<PropertyKey, unknown>;
}

/** The post table's fixed header: a version and eight fields (fontkit's `post` table, all 32 bytes). */
const POST_HEADER_BYTES = 32;

/**
 * A font as every letter uses it: parsed by fontkit, its glyphs standing for the characters each
 * shaping asks them for (glyph-characters.ts), and its post table read a header at a time.
 */
export function openFont(bytes: Uint8Array): fontkit.Font {
  const font = glyphsWithTheirCharacters(fontkit.create(bytes) as fontkit.Font);
  postHeaderFirst(font as unknown as FontTables);
  return font;
}

/**
 * pdfkit reads two fields of the post table when it embeds a font (`post.isFixedPitch` and
 * `italicAngle`), and fontkit decodes the whole table for them: Noto Sans's names of its 2,800
 * glyphs (53 KB), some 10 ms of a new process for the first style and 5 for the next. The header is
 * read here from its 32 bytes, as fontkit reads it (version and italic angle 16.16 fixed); any other
 * field (the glyph names, which fontkit's `glyph.name` reads) decodes the whole table, once, as
 * fontkit would have, so every read gives what fontkit's own table gives.
 */
function postHeaderFirst(font: FontTables): void {
  const entry = font.directory.tables.post;
  if (!entry || entry.length < POST_HEADER_BYTES || 'post' in font._tables) return;
  const at = font.stream.pos;
  const stream = font._getTableStream('post');
  if (!stream) return;
  const fixed = (): number => stream.readInt32BE() / 65536;
  const header: Record<PropertyKey, unknown> = {
    version: fixed(),
    italicAngle: fixed(),
    underlinePosition: stream.readInt16BE(),
    underlineThickness: stream.readInt16BE(),
    isFixedPitch: stream.readUInt32BE(),
    minMemType42: stream.readUInt32BE(),
    maxMemType42: stream.readUInt32BE(),
    minMemType1: stream.readUInt32BE(),
    maxMemType1: stream.readUInt32BE(),
  };
  font.stream.pos = at;
  let whole: Record<PropertyKey, unknown> | undefined;
  const decoded = (): Record<PropertyKey, unknown> => (whole ??= font._decodeTable(entry));
  font._tables.post = new Proxy(header, {
    get: (known, key) => (key in known ? known[key] : decoded()[key]),
    has: (known, key) => key in known || key in decoded(),
  });
}
