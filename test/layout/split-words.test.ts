// Two sources cited at one place, `free[^a][^b].`, were set as "free¹⁴": footnote 14 to a reader,
// in print and in the PDF's text layer ("free14."). Markers that follow one another are set apart
// by a comma, "free¹,⁴", as footnote markers are written; the preview keeps "[1][4]".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/layout/split-words.js';
import { renderCase } from '../helpers/render-case.js';
import { ROOT } from '../helpers/run-cli.js';

describe('splitWords', () => {
  it('sets apart footnote markers that follow one another with a comma, and joins them to the word before', () => {
    const words = splitWords([
      { kind: 'text', text: 'are free' },
      { kind: 'footnote', number: 1 },
      { kind: 'footnote', number: 4 },
      { kind: 'footnote', number: 12 },
      { kind: 'text', text: '. Then' },
      { kind: 'footnote', number: 2 },
      { kind: 'text', text: ' again' },
    ]);
    expect(words.map((w) => w.pieces.map((p) => p.text).join(''))).toEqual(['are', 'free1,4,12.', 'Then2', 'again']);
    expect(words[1]!.pieces.filter((p) => p.footnote).map((p) => p.footnote)).toEqual([1, 4, 12]);
  });

  it('leaves markers with a word between them as they are', () => {
    const words = splitWords([
      { kind: 'text', text: 'a' },
      { kind: 'footnote', number: 1 },
      { kind: 'text', text: 'b' },
      { kind: 'footnote', number: 2 },
    ]);
    expect(words.map((w) => w.pieces.map((p) => p.text).join(''))).toEqual(['a1b2']);
  });

  it('reads "free 1,2 ." from the PDF and "free[1][2]." from the preview', async () => {
    const yaml = readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8').replace(
      /\n {2}en: \|\n {4}On behalf/,
      '\n  en: |\n    They must be free[^ituc-repression-2019][^ituc-jailed-again].\n\n    On behalf',
    );
    expect(yaml).toContain('free[^ituc');
    const [letter] = await renderCase(yaml);
    // pdf.js gives the raised marker as a word of its own (it was "free 12 .").
    expect(letter!.pdf).toContain('They must be free 1,2 .');
    expect(letter!.preview).toContain('They must be free[1][2].');
  });
});
