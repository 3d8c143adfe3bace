// HarfBuzz, in its WebAssembly build (harfbuzzjs), shapes the scripts whose fontkit shaping differs
// from HarfBuzz's, the reference of every browser and word processor: fontkit drew a stray glyph in
// Khmer's ហ៊ុន, stacked Thai tone marks on ำ, and misplaced most Myanmar syllables (fallback-fonts.ts
// names the scripts). harfbuzzjs is an ES module that loads its WebAssembly asynchronously, while
// layout measures synchronously: a letter with such a script awaits loadHarfBuzz before it is laid out
// (pipeline/ready-to-shape.ts), and every other letter never loads it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as HarfBuzzModule from 'harfbuzzjs';
import { InternalError, UserError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

let harfBuzz: typeof HarfBuzzModule | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads HarfBuzz once per thread; later calls share the first one's promise. A failure (the package
 * missing or damaged) is the letter's, as a message saying what to do, and the next letter tries again.
 */
export function loadHarfBuzz(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    try {
      // Node's own import(): the bundles' would be a require (bin/import-module.cjs says why).
      const { importModule } = require(join(PACKAGE_ROOT, 'bin', 'import-module.cjs')) as { importModule(url: string): Promise<unknown> };
      harfBuzz = (await importModule(pathToFileURL(require.resolve('harfbuzzjs')).href)) as typeof HarfBuzzModule;
    } catch (err) {
      loading = undefined;
      // The first line: Node's "Cannot find module" goes on with the stack of files that required it.
      const cause = String((err as Error).message).split('\n', 1)[0];
      throw new UserError(
        `HarfBuzz, which shapes Bengali, Tamil, Thai, Myanmar and Khmer text, could not be loaded (${cause}): reinstall letters (npm install), or leave such text out of the letter.`,
      );
    }
  })();
  return loading;
}

/** Whether this thread has loaded HarfBuzz. */
export function harfBuzzLoaded(): boolean {
  return harfBuzz !== undefined;
}

/** A glyph as HarfBuzz places it, in font units; `cluster` is the UTF-16 offset of the text it starts from. */
export interface PlacedGlyph {
  id: number;
  cluster: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

export interface HarfBuzzShaper {
  /** The glyphs of a run of one script, in visual order, with the font's default features. */
  shape(text: string): PlacedGlyph[];
}

/** A shaper of the font in `sfnt` (an OpenType file, not WOFF); HarfBuzz must have been loaded. */
export function harfBuzzShaper(sfnt: Uint8Array): HarfBuzzShaper {
  const hb = harfBuzz;
  if (!hb) throw new InternalError('HarfBuzz is used before it was loaded: the letter should have awaited readyToShape');
  const font = new hb.Font(new hb.Face(new hb.Blob(sfnt), 0));
  // One buffer for the font's runs, emptied before each.
  const buffer = new hb.Buffer();
  return {
    shape(text) {
      buffer.reset();
      buffer.addText(text);
      // Direction and script from the text: a run holds one script (script-runs.ts).
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      return buffer.getGlyphInfosAndPositions().map((g) => ({
        id: g.codepoint,
        cluster: g.cluster,
        xAdvance: g.xAdvance ?? 0,
        yAdvance: g.yAdvance ?? 0,
        xOffset: g.xOffset ?? 0,
        yOffset: g.yOffset ?? 0,
      }));
    },
  };
}
