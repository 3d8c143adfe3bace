// German letters as a union's secretary would send them, read back from the preview and from the PDF:
// DIN 5008 and Duden formulas, and a default body whose inserted names and roles need no inflection.
import { describe, expect, it } from 'vitest';
import { formatLetterDate } from '../../src/languages/dates.js';
import { labelsFor } from '../../src/languages/labels.js';
import { blocks, both, flat, renderCase } from '../helpers/render-case.js';

/** A German case without a body, so the template's default body writes it. */
function germanCase(people: string, extra = ''): string {
  return `id: de-test
title: Verfolgung von Erlan Baltabay
country: Kasachstan
people:
${people}
timeline:
  - date: 2019-10-16
    event: erneut für fünf Monate inhaftiert
demands:
  - Erlan Baltabays Recht auf ein faires Berufungsverfahren zu gewährleisten
  - die Verfolgung unabhängiger Gewerkschaftsführer in Kasachstan zu beenden
letter:
  sender: example-de-energie
  date: 2020-03-23
${extra}recipients:
  - official: kz-president
    via: kz-in-germany
`;
}

// A Cyrillic native name is no name for a German letter: "Erlan Baltabay" stays.
const BALTABAY = `  - name: Erlan Baltabay
    native_name: Ерлан Балтабай
    pronoun: he
    role: ehemaliger Vorsitzender der Gewerkschaft „Anständige Arbeit“`;
const KHARKOVA = `  - name: Larisa Kharkova
    pronoun: she
    role: ehemalige Vorsitzende der Konföderation unabhängiger Gewerkschaften Kasachstans`;

/** No-break spaces (typeset's, tested in no-break-spaces.test.ts) read as spaces here, where the words are the point. */
const sp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('German letters', () => {
  it('go on in lower case after "Sehr geehrter Herr Präsident," and name the sender in „…“', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY));
    for (const text of both(letter!)) {
      expect(text).toContain('Sehr geehrter Herr Präsident, im Namen unserer Organisation „Beispiel-Gewerkschaft Energie“ wenden wir uns an Sie');
    }
    const first = blocks(letter!, 'paragraph')[0]!.inlines[0]!;
    expect(first.kind === 'text' && first.text.startsWith('im Namen')).toBe(true);
  });

  it('end a salutation written without punctuation with a comma, and keep one written with its own', async () => {
    const recipients = `recipients:
  - id: bare
    name: Kassym-Schomart Tokajew
    salutation: Sehr geehrter Herr Präsident
  - id: kept
    name: Kassym-Schomart Tokajew
    salutation: Sehr geehrter Herr Präsident!
`;
    const [bare, kept] = await renderCase(germanCase(BALTABAY).replace(/recipients:[\s\S]*$/, recipients));
    expect(sp(blocks(bare!, 'salutation')[0]!.text)).toBe('Sehr geehrter Herr Präsident,');
    expect(flat(bare!.preview)).toContain('Sehr geehrter Herr Präsident, im Namen');
    expect(sp(blocks(kept!, 'salutation')[0]!.text)).toBe('Sehr geehrter Herr Präsident!');
  });

  it('keep one person’s role in the nominative: in parentheses after "die Lage von"', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY));
    for (const text of both(letter!)) {
      expect(text).toContain('über die Lage von Erlan Baltabay (ehemaliger Vorsitzender der Gewerkschaft „Anständige Arbeit“) zum Ausdruck zu bringen.');
      expect(text).not.toMatch(/Baltabay, ehemaliger/);
    }
  });

  it('take the genitive from the case’s forms where one is given: "die Lage Erlan Baltabays"', async () => {
    const [letter] = await renderCase(germanCase(`${BALTABAY}\n    forms:\n      de: {genitive: Erlan Baltabays}`));
    for (const text of both(letter!)) expect(text).toContain('über die Lage Erlan Baltabays (ehemaliger Vorsitzender');
  });

  it('list several people as "Name – Rolle" lines', async () => {
    const [letter] = await renderCase(germanCase(`${BALTABAY}\n${KHARKOVA}`));
    for (const text of both(letter!)) {
      expect(text).toContain('über die Lage der folgenden Personen zum Ausdruck zu bringen:');
      expect(text).toContain('Erlan Baltabay – ehemaliger Vorsitzender der Gewerkschaft „Anständige Arbeit“');
      expect(text).toContain('Larisa Kharkova – ehemalige Vorsitzende der Konföderation unabhängiger Gewerkschaften Kasachstans');
    }
    const items = blocks(letter!, 'list-item').map((b) => sp(b.inlines.map((i) => (i.kind === 'text' ? i.text : '')).join('')));
    expect(items.slice(0, 2)).toEqual([
      'Erlan Baltabay – ehemaliger Vorsitzender der Gewerkschaft „Anständige Arbeit“',
      'Larisa Kharkova – ehemalige Vorsitzende der Konföderation unabhängiger Gewerkschaften Kasachstans',
    ]);
  });

  it('lead the demands in with "Wir fordern Sie daher auf," so that zu-infinitives follow', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY));
    for (const text of both(letter!)) {
      expect(text).toMatch(
        /Wir fordern Sie daher auf, •? ?Erlan Baltabays Recht auf ein faires Berufungsverfahren zu gewährleisten; •? ?die Verfolgung unabhängiger Gewerkschaftsführer in Kasachstan zu beenden\./,
      );
    }
  });

  it('address "Herrn" with the name, then the function in the nominative; deliver "Über die Botschaft"; date "23. März 2020"', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY));
    const [entry] = blocks(letter!, 'addressees')[0]!.addressees;
    expect({ ...entry!, name: sp(entry!.name) }).toEqual({
      name: 'Herrn Kassym-Schomart Tokajew',
      position: ['Präsident der Republik Kasachstan'],
      emails: [],
    });
    const preview = sp(letter!.preview).split('\n');
    expect(preview.indexOf('Präsident der Republik Kasachstan')).toBe(preview.indexOf('Herrn Kassym-Schomart Tokajew') + 1);
    for (const text of both(letter!)) {
      expect(text).toContain('Herrn Kassym-Schomart Tokajew Präsident der Republik Kasachstan Über die Botschaft der Republik Kasachstan in Deutschland:');
      expect(text).toContain('Berlin, 23. März 2020');
    }
  });

  it('close "Mit freundlichen Grüßen", without a comma, for one signatory or several', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY, '  subject: Erlan Baltabay\n  cc: [Deutscher Gewerkschaftsbund]\n'));
    expect(blocks(letter!, 'closing')[0]!.text).toBe('Mit freundlichen Grüßen');
    expect(labelsFor('de').closing('Sehr geehrter Herr Präsident,', 3)).toBe('Mit freundlichen Grüßen');
    for (const text of both(letter!)) {
      expect(text).toContain('Betreff: Erlan Baltabay');
      expect(text).toContain('Kopie an: Deutscher Gewerkschaftsbund');
      expect(text).toContain('Wir bitten Sie, sich dieser Angelegenheit umgehend anzunehmen. Mit freundlichen Grüßen');
    }
  });

  it('write the e-mail cover note with the addressee’s function in parentheses, in the nominative', async () => {
    const [letter] = await renderCase(germanCase(BALTABAY));
    expect(sp(letter!.email.subject)).toBe('Verfolgung von Erlan Baltabay: Schreiben an Herrn Kassym-Schomart Tokajew');
    expect(sp(letter!.email.text)).toContain(
      'anbei erhalten Sie ein Schreiben der Organisation „Beispiel-Gewerkschaft Energie“ an Herrn Kassym-Schomart Tokajew (Präsident der Republik Kasachstan) zum Thema „Verfolgung von Erlan Baltabay“.',
    );
  });
});

describe('German labels', () => {
  const de = labelsFor('de');

  it('deliver through a channel with the article its head noun takes', () => {
    expect(de.delivery('Botschaft der Republik Kasachstan in Deutschland')).toBe('Über die Botschaft der Republik Kasachstan in Deutschland:');
    expect(de.delivery('Ständige Vertretung Kasachstans bei den Vereinten Nationen')).toBe(
      'Über die Ständige Vertretung Kasachstans bei den Vereinten Nationen:',
    );
    expect(de.delivery('Generalkonsulat der Republik Kasachstan in Frankfurt')).toBe('Über das Generalkonsulat der Republik Kasachstan in Frankfurt:');
    expect(de.delivery('Das Konsulat in Hamburg')).toBe('Über das Konsulat in Hamburg:');
  });

  it('quote with „…“, and ‚…‘ inside', () => {
    expect(de.quote('Anständige Arbeit')).toBe('„Anständige Arbeit“');
    expect(de.quote('Gewerkschaft „Anständige Arbeit“')).toBe('„Gewerkschaft ‚Anständige Arbeit‘“');
  });

  it('end a salutation with a comma and date with the day’s full stop', () => {
    expect(de.salutationEnd).toBe(',');
    expect(formatLetterDate('2019-12-03', 'de')).toBe('3. Dezember 2019');
    expect([de.subject, de.cc]).toEqual(['Betreff:', 'Kopie an:']);
  });
});
