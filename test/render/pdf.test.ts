import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { renderPdf } from '../../src/render/pdf.js';
import { ROOT } from '../helpers/run-cli.js';

const letters = (file: string) => planCaseLetters(loadCase(join(ROOT, 'cases', file))).map((spec) => composeLetter(spec));

describe('renderPdf', () => {
  it('gives the same bytes for the same letter, whatever was rendered before it in the process', async () => {
    const [model] = letters('erlan-baltabay.yaml');
    const first = await renderPdf(model!);
    for (const other of [...letters('baltabay-fr.yaml'), ...letters('joint-appeal.yaml')]) await renderPdf(other);
    const again = await renderPdf(model!);
    expect(Buffer.compare(first, again)).toBe(0);
    expect(first.subarray(0, 8).toString()).toBe('%PDF-1.3');
  });

  it('embeds only the fonts the letter uses and no standard font', async () => {
    const [model] = letters('erlan-baltabay.yaml');
    const text = (await renderPdf(model!)).toString('latin1');
    expect(text).not.toContain('/Helvetica');
    expect(text.match(/\/FontFile2/g)?.length).toBe(2);
  });
});
