import * as fontkit from 'fontkit';
import { glyphsWithTheirCharacters } from './glyph-characters.js';

/** The parts of a fontkit font below its public API that reading the post table's header needs. */
interface FontTables {
  /** `TTF`, `WOFF` or `WOFF2`. */
  type: string;
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
 * read here from its 32 bytes, as fontkit reads it (version and italic angle 16.16 fixed). Anything
 * else asked of the table (a field beyond the header, such as the glyph names fontkit's `glyph.name`
 * reads, its keys, a property's descriptor) decodes the whole table, once, as fontkit would have, and
 * gives fontkit's answer. A WOFF2 font's tables lie in one compressed stream that fontkit unpacks only
 * when it decodes a table: its post table is left to fontkit.
 */
function postHeaderFirst(font: FontTables): void {
  const entry = font.directory.tables.post;
  if (font.type === 'WOFF2' || !entry || entry.length < POST_HEADER_BYTES || 'post' in font._tables) return;
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
  // The whole table's own properties (fontkit's hidden `parent` and offsets among them) copied onto
  // the header, whose fields keep their places first: from then on the header is the table.
  let whole = false;
  const decoded = (): Record<PropertyKey, unknown> => {
    if (!whole) Object.defineProperties(header, Object.getOwnPropertyDescriptors(font._decodeTable(entry)));
    whole = true;
    return header;
  };
  font._tables.post = new Proxy(header, {
    get: (known, key) => (key in known ? known[key] : decoded()[key]),
    has: (known, key) => key in known || key in decoded(),
    ownKeys: () => Reflect.ownKeys(decoded()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(decoded(), key),
  });
}
