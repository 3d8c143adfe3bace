import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { loadFonts, type FontStyle } from '../../src/fonts/font-set.js';
import type { Layout } from '../../src/layout/layout-letter.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { renderPdf } from '../../src/render/pdf.js';
import { ROOT } from '../helpers/run-cli.js';

/**
 * What the renderer keeps from one document for the next (font widths by glyph numbering, which
 * glyphs a letter has listed) must give every letter the bytes it has alone, whatever came before it
 * in the process. Pages of a few lines of text, each in a given style, make the glyph sets exact.
 */
const letter = () => composeLetter(planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')))[0]!);

function page(lines: [FontStyle, string][]): Layout {
  const items = lines.map(([style, text], i) => ({ kind: 'text', x: 50, y: 50 + 20 * i, text, style, size: 11, color: '#000000' }));
  return { pages: [{ items, footnotes: [], cuts: [] }] } as unknown as Layout;
}

/** Each embedded font's /W array (the widths of its glyph ids, in the order the subset numbers them), by font name. */
function widthsOf(pdf: Buffer): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of pdf.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+(\S+)\n\/CIDSystemInfo[^]*?\/W \[0 \[([^\]]*)\]\]/g)) {
    out[m[1]!] = m[2]!.split(' ').map(Number);
  }
  return out;
}

/** The widths pdfkit gives a font that draws `text` alone: .notdef's, then each distinct glyph's by glyph id. */
function expectedWidths(style: FontStyle, text: string): number[] {
  const font = loadFonts().fonts[style].font;
  const glyphs = new Map(font.layout(text).glyphs.map((glyph) => [glyph.id, glyph]));
  const scale = 1000 / font.unitsPerEm;
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return [font.getGlyph(0)!.advanceWidth, ...[...glyphs.keys()].sort((a, b) => a - b).map((id) => round(glyphs.get(id)!.advanceWidth * scale))];
}

describe('font widths kept by glyph numbering', () => {
  it('are each font’s own when two styles draw the same glyphs', async () => {
    const widths = widthsOf(
      await renderPdf(
        letter(),
        page([
          ['regular', 'Dear Anna'],
          ['bold', 'Dear Anna'],
        ]),
      ),
    );
    expect(widths['NotoSans-Regular']).toEqual(expectedWidths('regular', 'Dear Anna'));
    expect(widths['NotoSans-Bold']).toEqual(expectedWidths('bold', 'Dear Anna'));
  });

  it('are not those of another style drawn in an earlier letter', async () => {
    await renderPdf(letter(), page([['bold', 'Hello Ben']]));
    const widths = widthsOf(await renderPdf(letter(), page([['regular', 'Hello Ben']])));
    expect(widths['NotoSans-Regular']).toEqual(expectedWidths('regular', 'Hello Ben'));
  });
});

describe('glyphs listed per letter', () => {
  it('give a letter with a ligature and the character it stands for the same bytes after other letters', async () => {
    // "ﬁ" typed is a view of the "fi" ligature's glyph (fonts/glyph-characters.ts), listed on its own.
    const both = page([
      ['regular', 'fine'],
      ['regular', 'ﬁle office'],
    ]);
    const alone = await renderPdf(letter(), both);
    await renderPdf(letter(), page([['regular', 'ﬁle']]));
    expect(Buffer.compare(await renderPdf(letter(), both), alone)).toBe(0);
  });
});
