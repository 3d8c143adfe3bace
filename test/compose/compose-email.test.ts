// The e-mail's subject and cover note: in the letter's language, one line of subject whatever a case
// field holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCase } from '../helpers/render-case.js';
import { ROOT } from '../helpers/run-cli.js';

const FR = readFileSync(join(ROOT, 'cases', 'baltabay-fr.yaml'), 'utf8');

function edited(from: RegExp, to: string): string {
  const next = FR.replace(from, to);
  expect(next).not.toBe(FR);
  return next;
}

describe('composeEmail', () => {
  it("a title given per language gives the e-mail the letter's language's title", async () => {
    // No own subject: the template's, from the title.
    const yaml = edited(/^title: .*$/m, 'title: {en: Persecution of Erlan Baltabay, fr: Persécution d’Erlan Baltabay}').replace(/^ {2}subject: .*\n/m, '');
    const [letter] = await renderCase(yaml);
    expect(letter!.email.subject).toContain('Persécution d’Erlan Baltabay');
    expect(letter!.email.text).toContain('Persécution d’Erlan Baltabay');
    expect(`${letter!.email.subject}\n${letter!.email.text}`).not.toMatch(/object Object|Persecution of/);
  });

  it("the letter's own subject is one line: a line break in it joins (control characters are refused in the case)", async () => {
    const yaml = edited(/^ {2}subject: .*$/m, '  subject: "Persécution\\n\\nBcc: evil@example.org\\t x  "');
    const [letter] = await renderCase(yaml);
    // (French puts a no-break space before the colon.)
    expect(letter!.email.subject).toMatch(/^Persécution Bcc[\u00a0\u202f]?: evil@example\.org x$/);
  });
});
