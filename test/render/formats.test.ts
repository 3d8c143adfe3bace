import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/compose/compose-letter.js';
import { layoutLetter } from '../../src/layout/layout-letter.js';
import { loadCase } from '../../src/pipeline/load-case.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { FORMATS } from '../../src/render/formats.js';
import { renderText } from '../../src/render/text.js';
import { ROOT } from '../helpers/run-cli.js';

describe('formats', () => {
  const doc = composeLetter(planCaseLetters(loadCase(join(ROOT, 'cases', 'erlan-baltabay.yaml')))[0]!);
  const layout = layoutLetter(doc);

  it('names each format by its key, with a distinct extension', () => {
    for (const [key, format] of Object.entries(FORMATS)) expect(format.name).toBe(key);
    const extensions = Object.values(FORMATS).map((f) => f.extension);
    expect(new Set(extensions).size).toBe(extensions.length);
    expect(FORMATS.pdf.extension).toBe('.pdf');
  });

  it('renders every format from the same document and layout', async () => {
    const pdf = await FORMATS.pdf.render(doc, layout);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await FORMATS.text.render(doc, layout);
    expect(text.toString('utf8')).toBe(renderText(doc, { layout }));
    expect(text.toString('utf8')).toContain('Yours sincerely,');
  });
});
