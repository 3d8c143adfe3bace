import { fallbackFor, scriptOf, type FallbackFont, type HanFont, type Script } from './fallback-fonts.js';

/** A piece of a text set in one font: the style's own (no `fallback`) or a script's fallback font. */
export interface FontRun {
  /** UTF-16 offsets in the text, end exclusive. */
  start: number;
  end: number;
  text: string;
  fallback?: FallbackFont;
}

type Group = Exclude<Script, 'han' | 'kana' | 'hangul'> | 'cjk' | 'main';

/** Marks and joiners belong to the font of the letter before them (Persian writes ZWNJ inside words). */
const ATTACHED = /^[\p{M}\u200c\u200d]$/u;

function groupOf(ch: string, previous: Group): Group {
  if (ATTACHED.test(ch)) return previous;
  const script = scriptOf(ch.codePointAt(0)!);
  if (!script) return 'main';
  return script === 'han' || script === 'kana' || script === 'hangul' ? 'cjk' : script;
}

/**
 * Splits a text into runs by the font that has its glyphs: the style's font first, then the
 * fallback font of the character's script. White space, digits and punctuation stay in the style's
 * font; a bold text takes a fallback's bold, an italic one its regular (no fallback has italics).
 */
export function fontRuns(text: string, bold: boolean, han: HanFont): FontRun[] {
  const runs: FontRun[] = [];
  let group: Group = 'main';
  let start = 0;
  let offset = 0;
  const close = (end: number) => {
    if (end === start) return;
    const piece = text.slice(start, end);
    const fallback = group === 'main' ? undefined : fallbackFor(group === 'cjk' ? 'han' : group, piece, bold ? 'bold' : 'regular', han);
    runs.push({ start, end, text: piece, ...(fallback ? { fallback } : {}) });
  };
  for (const ch of text) {
    const next = groupOf(ch, group);
    if (next !== group) {
      close(offset);
      start = offset;
      group = next;
    }
    offset += ch.length;
  }
  close(offset);
  return runs;
}

/** Width at size 1 of a text with characters of fallback scripts, `main` measuring the style's runs. */
export function mixedWidth(text: string, main: { width(text: string): number }, bold: boolean, han: HanFont): number {
  let width = 0;
  for (const run of fontRuns(text, bold, han)) width += run.fallback ? run.fallback.width(run.text) : main.width(run.text);
  return width;
}
