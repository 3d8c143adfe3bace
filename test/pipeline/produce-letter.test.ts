import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../src/pipeline/load-case.js';
import { produceLetter } from '../../src/pipeline/produce-letter.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { ROOT } from '../helpers/run-cli.js';

describe('produceLetter', () => {
  it('composes, lays out and renders a letter; the same spec gives the same bytes', async () => {
    const spec = planCaseLetters(loadCase(join(ROOT, 'cases', 'baltabay-pt.yaml')))[0]!;
    const a = await produceLetter(spec);
    const b = await produceLetter(spec);
    expect(a.pdf.equals(b.pdf)).toBe(true);
    expect(a.sha256).toBe(createHash('sha256').update(a.pdf).digest('hex'));
    expect(a.pages).toBe(a.layout.pages.length);
    expect(a.doc.language).toBe('pt');
    expect(a.doc.blocks.find((b) => b.kind === 'delivery')).toMatchObject({ line: 'Por intermédio da Embaixada da República do Cazaquistão no Brasil:' });
    expect(a.doc.blocks.find((b) => b.kind === 'dateline')).toMatchObject({ text: 'São Paulo, 15\u00a0de\u00a0janeiro de 2020' });
  });
});
