/**
 * A shaped glyph as far as its characters go: `codePoints` are what the PDF's ToUnicode map gives the
 * glyph, and what copy, search and screen readers read for it.
 */
interface Glyph {
  codePoints: number[];
}

/**
 * Gives the glyphs of a word shaped out of its typed order the characters that make the word read as
 * typed. Devanagari draws a short i (ि) before the consonant it follows in the text, and a reph
 * (र्) after the letters it precedes: fontkit returns the glyphs in that visual order, each with its
 * own characters, so pdf.js and pdftotext, which read glyphs left to right, read "िक" for "कि".
 *
 * The glyphs are split into the shortest runs (syllables) whose characters are, in some order, the
 * next characters of the word. In a run drawn out of order, each glyph keeps as many characters as
 * it stands for, taken in typed order: the run above becomes ि→"क", क→"ि", and reads "कि". Each such
 * glyph is a copy with its own characters (document-fonts.ts gives each (glyph, characters) pair its
 * own id), so the glyph drawn elsewhere for itself still reads as itself. A word whose glyphs do not
 * account for its characters (a decomposition or substitution changed them) is left as it was.
 */
export function inTypedOrder<G extends Glyph>(glyphs: G[], word: string): G[] {
  const typed = codePointsOf(word);
  if (sameSequence(glyphs, typed)) return glyphs;
  const out = glyphs.slice();
  let cursor = 0;
  let start = 0;
  let count = 0;
  for (let j = 0; j < glyphs.length; j++) {
    count += glyphs[j]!.codePoints.length;
    if (cursor + count > typed.length) return glyphs;
    const slice = typed.slice(cursor, cursor + count);
    const run = glyphs.slice(start, j + 1);
    if (
      !sameMultiset(
        run.flatMap((g) => g.codePoints),
        slice,
      )
    )
      continue;
    if (!sameSequence(run, slice)) {
      let k = 0;
      run.forEach((glyph, i) => {
        const own = slice.slice(k, (k += glyph.codePoints.length));
        out[start + i] = Object.create(glyph, { codePoints: { value: own, enumerable: true } }) as G;
      });
    }
    cursor += count;
    start = j + 1;
    count = 0;
  }
  return cursor === typed.length && start === glyphs.length ? out : glyphs;
}

function codePointsOf(text: string): number[] {
  const cps: number[] = [];
  for (const ch of text) cps.push(ch.codePointAt(0)!);
  return cps;
}

/** Whether the glyphs' characters, in their order, are `cps`. */
function sameSequence(glyphs: Glyph[], cps: number[]): boolean {
  let k = 0;
  for (const glyph of glyphs) for (const cp of glyph.codePoints) if (cps[k++] !== cp) return false;
  return k === cps.length;
}

function sameMultiset(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}
