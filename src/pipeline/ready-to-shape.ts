import { HARFBUZZ_SCRIPT } from '../fonts/fallback-fonts.js';
import { harfBuzzLoaded, loadHarfBuzz } from '../fonts/harfbuzz.js';
import type { LetterDocument } from '../letter-document.js';
import { someText } from './document-text.js';

/**
 * Loads what shaping a letter's texts needs and cannot load while laying out: HarfBuzz, for a letter
 * with Bengali, Tamil, Thai, Myanmar or Khmer text (fonts/harfbuzz.ts). Awaited between composing and
 * laying out, by every command that lays a letter out; once loaded, it costs a letter nothing.
 */
export async function readyToShape(doc: LetterDocument): Promise<void> {
  if (harfBuzzLoaded()) return;
  if (someText(doc, (text) => HARFBUZZ_SCRIPT.test(text))) await loadHarfBuzz();
}
