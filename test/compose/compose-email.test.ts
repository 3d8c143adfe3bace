// The e-mail's subject and cover note: in the letter's language, one line of subject whatever a case
// field holds.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCase } from '../helpers/render-case.js';
import { ROOT, sampleWorkspace } from '../helpers/run-cli.js';
import { UserError } from '../../src/errors.js';

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

// A joint letter's cover note asked the embassy to forward it "to its addressee" (and "à son
// destinataire", "a su destinatario", "an den Empfänger", "адресату"), one person, to three.
describe('the cover note of a joint letter', () => {
  const joint = [
    'recipients:',
    '  - id: joint',
    '    addressees:',
    '      - {name: A One, position: [One]}',
    '      - {name: B Two, position: [Two]}',
    '    salutation: X,',
    '    via: kz-in-belgium',
    '',
  ].join('\n');
  it.each([
    ['erlan-baltabay.yaml', '', ['forward it to its addressees']],
    ['erlan-baltabay.yaml', 'es', ['la hicieran llegar a sus destinatarios', 'Destinatarios: A One']],
    ['baltabay-fr.yaml', '', ['la transmettre à ses destinataires']],
    ['baltabay-pt.yaml', '', ['façam chegar aos seus destinatários', 'Destinatários: A One']],
    ['baltabay-de.yaml', '', ['an die Empfänger weiterleiten']],
    ['baltabay-ru.yaml', '', ['передать его адресатам']],
  ])('%s %s speaks of the addressees', async (file, language, phrases) => {
    let yaml = readFileSync(join(ROOT, 'cases', file), 'utf8');
    yaml = `${yaml.slice(0, yaml.indexOf('\nrecipients:\n') + 1)}${joint}`;
    if (language) yaml = yaml.replace(/^ {2}language: en$/m, `  language: ${language}`);
    const [letter] = await renderCase(yaml);
    for (const phrase of phrases) expect(letter!.email.text).toContain(phrase);
    // The template's subject, where the letter has none of its own.
    if (language === 'es') expect(letter!.email.subject).toMatch(/ – destinatarios: A One/);
  });
});

// Found by fuzzing: a cover note that a letter cannot fill in (loops inside loops past the fill-in's
// limits) ended `letters generate --eml` in "internal error: … This is a bug in letters".
describe('a cover note that cannot be filled in', () => {
  it('is a user error naming the file, line and column and the part, not an internal error', async () => {
    const workspace = sampleWorkspace();
    cpSync(join(ROOT, 'templates'), join(workspace, 'templates'), { recursive: true });
    const file = join(workspace, 'templates', 'appeal', 'email.en.hbs');
    // In a partial, whose fields are not checked (it may stand in any loop): the checks pass, the fill-in stops.
    writeFileSync(join(workspace, 'templates', 'appeal', 'partials', 'loops.hbs'), `${'{{#each @root.case}}'.repeat(13)}x${'{{/each}}'.repeat(13)}`);
    writeFileSync(file, `::subject x\n::body\nDear,\n{{> loops}}\n`);
    const error = await renderCase(readFileSync(join(ROOT, 'cases', 'erlan-baltabay.yaml'), 'utf8'), workspace).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /partials\/loops\.hbs:1:\d+: the `::body` part could not be filled in: this \{\{#each\}\} repeats its text more than 100,000 times/,
    );
  });
});
