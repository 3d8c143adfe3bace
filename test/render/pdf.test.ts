import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { renderPdf } from '../../src/render/pdf.js';
import { loadFonts, STYLES } from '../../src/fonts/font-set.js';
import { layoutLetter } from '../../src/layout/layout-letter.js';
import { ROOT } from '../helpers/run-cli.js';

const letters = (file: string) => planCaseLetters(loadCase(join(ROOT, 'cases', file))).map((spec) => composeLetter(spec));

/** Every stream's bytes in a PDF, as latin1 text. */
function streams(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/stream\n([^]*?)\nendstream/g)].map((m) => m[1]!);
}

describe('renderPdf', () => {
  it('gives the same bytes for the same letter, whatever was rendered before it in the process', async () => {
    const [model] = letters('erlan-baltabay.yaml');
    const first = await renderPdf(model!);
    for (const other of [...letters('baltabay-fr.yaml'), ...letters('joint-appeal.yaml')]) await renderPdf(other);
    const again = await renderPdf(model!);
    expect(Buffer.compare(first, again)).toBe(0);
    expect(first.subarray(0, 8).toString()).toBe('%PDF-1.3');
  });

  it('numbers glyphs by the set a letter has, not by first use: to a new addressee of the same glyphs, only page 1 differs', async () => {
    const [spec] = planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')));
    const [first, ...rest] = spec!.addressees;
    // The addressee's name turned around: the same glyphs, met in another order than in the model letter.
    const name = String(first!.data.name).split(' ').reverse().join(' ');
    const renamed = { ...spec!, addressees: [{ ...first!, data: { ...first!.data, name } }, ...rest] };
    const model = streams(await renderPdf(composeLetter(spec!)));
    const other = streams(await renderPdf(composeLetter(renamed)));
    expect(other.length).toBe(model.length);
    // Page 1 (the addressee block) alone: font files, ToUnicode maps and page 2 are the model's bytes.
    expect(other.filter((s) => !model.includes(s))).toHaveLength(1);
  });

  it('writes a page as pieces cut by their own text: to a new addressee, only the piece with the name is compressed again', async () => {
    const [spec] = planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')));
    const [first, ...rest] = spec!.addressees;
    const renamed = { ...spec!, addressees: [{ ...first!, data: { ...first!.data, name: 'Mr Jomart Kassym' } }, ...rest] };
    // The content streams: those that draw text.
    const contents = (pdf: Buffer) =>
      streams(pdf)
        .map((bytes) => inflateSync(Buffer.from(bytes, 'latin1')).toString('latin1'))
        .filter((text) => /\bT[Jj]\n/.test(text));
    const model = contents(await renderPdf(composeLetter(spec!)));
    const other = contents(await renderPdf(composeLetter(renamed)));
    const changed = other.filter((text) => !model.includes(text));
    expect(changed).toHaveLength(1);
    // The pieces, joined, are the page: the one compressed again is a small part of its letter, the
    // addressee's block in a piece of its own (layout-letter.ts cuts), without the letterhead above it.
    const total = other.reduce((n, text) => n + text.length, 0);
    expect(changed[0]!.length).toBeLessThan(total / 10);
  });

  it('draws with the words layout shaped: rendering a laid-out letter shapes no word again', async () => {
    const fonts = loadFonts();
    const shaped: string[] = [];
    const restore = STYLES.map((style) => {
      const font = fonts.fonts[style].font;
      const layout = font.layout;
      font.layout = ((text: string, ...rest: unknown[]) => {
        shaped.push(text);
        return (layout as (...a: unknown[]) => unknown).call(font, text, ...rest);
      }) as typeof font.layout;
      return () => (font.layout = layout);
    });
    try {
      // Words no letter of this process has had: layout shapes them, drawing must not again.
      const [spec] = planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')));
      const [first, ...rest] = spec!.addressees;
      const renamed = { ...spec!, addressees: [{ ...first!, data: { ...first!.data, name: 'Qwertzuiop Asdfghjklö' } }, ...rest] };
      const doc = composeLetter(renamed);
      const layout = layoutLetter(doc);
      expect(shaped.some((text) => text.includes('Qwertzuiop'))).toBe(true);
      const before = shaped.length;
      await renderPdf(doc, layout);
      expect(shaped.slice(before).filter((text) => /\p{L}{2}/u.test(text))).toEqual([]);
    } finally {
      restore.forEach((r) => r());
    }
  });

  it('embeds only the fonts the letter uses and no standard font', async () => {
    const [model] = letters('erlan-baltabay.yaml');
    const text = (await renderPdf(model!)).toString('latin1');
    expect(text).not.toContain('/Helvetica');
    expect(text.match(/\/FontFile2/g)?.length).toBe(2);
  });
});
