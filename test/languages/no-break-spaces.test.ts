import { describe, expect, it } from 'vitest';
import { formatLetterDate } from '../../src/languages/dates.js';
import { noBreakSpaces } from '../../src/languages/no-break-spaces.js';

/** No-break spaces shown: ⍽ for U+00A0, · for the narrow U+202F. */
const nb = (text: string, language: string) =>
  noBreakSpaces(text, language)
    .replace(/\u00a0/g, '⍽')
    .replace(/\u202f/g, '·');

describe('noBreakSpaces', () => {
  it('holds a day and its month together, in every inflected form the language writes', () => {
    expect(nb('Most recently, on 3 December, and on December 3, 2019', 'en')).toBe('Most recently, on 3⍽December, and on December⍽3, 2019');
    expect(nb('le 3 décembre et le 1er janvier', 'fr')).toBe('le 3⍽décembre et le 1er⍽janvier');
    expect(nb('el 3 de diciembre', 'es')).toBe('el 3⍽de⍽diciembre');
    expect(nb('am 3. Dezember', 'de')).toBe('am 3.⍽Dezember');
    expect(nb('3 декабря 2019 г.', 'ru')).toBe('3⍽декабря 2019⍽г.');
    expect(nb('em 3 de dezembro', 'pt')).toBe('em 3⍽de⍽dezembro');
    // Not a date: a count of things.
    expect(nb('3 demands and 12 people', 'en')).toBe('3 demands and 12 people');
  });

  it('holds the dates the tool formats together', () => {
    for (const language of ['en', 'fr', 'de', 'ru']) expect(nb(formatLetterDate('2019-12-16', language), language)).toMatch(/^16\.?⍽\p{L}/u);
    for (const language of ['es', 'pt']) expect(nb(formatLetterDate('2019-12-16', language), language)).toMatch(/^16⍽de⍽\p{L}/u);
  });

  it('keeps honorifics with the name after them', () => {
    expect(nb('H.E. Mr Kassym-Jomart Tokayev', 'en')).toBe('H.E.⍽Mr⍽Kassym-Jomart Tokayev');
    expect(nb('Excmo. Sr. Presidente', 'es')).toBe('Excmo.⍽Sr.⍽Presidente');
    expect(nb('Herrn Präsident Dr. Müller', 'de')).toBe('Herrn⍽Präsident Dr.⍽Müller');
    expect(nb('г-ну Токаеву', 'ru')).toBe('г-ну⍽Токаеву');
    expect(nb('Exmo. Sr. Presidente', 'pt')).toBe('Exmo.⍽Sr.⍽Presidente');
    // Only the word itself: "Mrs" is not "Mr", "Drummond" is not "Dr".
    expect(nb('Mrs Smith and Drummond', 'en')).toBe('Mrs⍽Smith and Drummond');
  });

  it('sets French high punctuation and guillemets with their no-break spaces, never doubling one', () => {
    expect(nb('Objet : « Travail décent » et «Travail»! Vraiment ? Oui; non:', 'fr')).toBe(
      'Objet⍽: «⍽Travail décent⍽» et «⍽Travail⍽»·! Vraiment·? Oui·; non⍽:',
    );
    expect(nb('Déjà espacé\u00a0: non\u202f! « \u00a0x » «\u202fy\u202f»', 'fr')).toBe('Déjà espacé⍽: non·! «⍽x⍽» «·y·»');
    // Addresses keep their colons and question marks.
    expect(nb('Voir https://x.org/?a=1 et mailto:a@b.org', 'fr')).toBe('Voir https://x.org/?a=1 et mailto:a@b.org');
    // Other languages write these marks close up.
    expect(nb('Subject: «Trabajo»!', 'es')).toBe('Subject: «Trabajo»!');
  });

  it('keeps a dash at the end of its line', () => {
    expect(nb('наказание — пять месяцев', 'ru')).toBe('наказание⍽— пять месяцев');
  });

  it('keeps a Russian one-letter preposition or conjunction with the word after it', () => {
    // Careful Russian typesetting never ends a line with «в», «к», «с», «у», «о», «и», «а» or «я».
    expect(nb('В июне и в Казахстане, а у него с ним к нам о нём я знаю', 'ru')).toBe('В⍽июне и⍽в⍽Казахстане, а⍽у⍽него с⍽ним к⍽нам о⍽нём я⍽знаю');
    expect(nb('профсоюз «Достойный труд» и «КНПК» и (КНПК) и 2019', 'ru')).toBe('профсоюз «Достойный труд» и⍽«КНПК» и⍽(КНПК) и⍽2019');
    // Only a word of one letter: not the last letter of a word, nor a list's letter (an initial has its own rule, below).
    expect(nb('права и свободы, а) первое, б) второе', 'ru')).toBe('права и⍽свободы, а) первое, б) второе');
    // Other languages are left as they are.
    expect(nb('a union and a court', 'en')).toBe('a union and a court');
  });

  it('keeps Russian initials with the surname, and "т. е.", "т. д." whole', () => {
    // Russian typesetting never separates initials from the surname, nor the parts of these abbreviations.
    expect(nb('Президенту К.-Ж. Токаеву и А. С. Пушкину', 'ru')).toBe('Президенту К.-Ж.⍽Токаеву и⍽А.⍽С.⍽Пушкину');
    expect(nb('права, т. е. свободы, и т. д. и т. п.', 'ru')).toBe('права, т.⍽е. свободы, и⍽т.⍽д. и⍽т.⍽п.');
    // Not a sentence's last word before the next: only a single capital letter is an initial.
    expect(nb('в КНПК. Затем', 'ru')).toBe('в⍽КНПК. Затем');
  });

  it('keeps a number whole and with its % or ‰, and § with its number, in every language', () => {
    // "12" ending a line before "500 membres", or "%" opening one, is wrong in any language.
    expect(nb('1 200 travailleurs, 12 500 membres, 1 000 000 €, 30 % et 2 ‰, § 5', 'fr')).toBe(
      '1⍽200 travailleurs, 12⍽500 membres, 1⍽000⍽000⍽€, 30⍽% et 2⍽‰, §⍽5',
    );
    expect(nb('um 30 % gekürzt, 12 500 Mitglieder, § 87 BetrVG', 'de')).toBe('um 30⍽% gekürzt, 12⍽500 Mitglieder, §⍽87 BetrVG');
    expect(nb('a 30 % cut', 'en')).toBe('a 30⍽% cut');
    // Not two numbers side by side: a year and a count, a count and a four-digit one.
    expect(nb('en 2019 300 travailleurs, 5 2019', 'fr')).toBe('en 2019 300 travailleurs, 5 2019');
  });

  it('keeps an abbreviation with the number it names, a number with its currency, and "z. B." whole', () => {
    // The articles a union's letter cites: "Art. 9 Abs. 3 GG", "ст. 174 УК РК", "art. 28".
    expect(nb('nach Art. 9 Abs. 3 GG, z. B. und d. h. auf S. 5', 'de')).toBe('nach Art.⍽9 Abs.⍽3 GG, z.⍽B. und d.⍽h. auf S.⍽5');
    expect(nb('по ч. 2 ст. 174 УК РК', 'ru')).toBe('по ч.⍽2 ст.⍽174 УК РК');
    expect(nb('el art. 28 de la Constitución', 'es')).toBe('el art.⍽28 de la Constitución');
    expect(nb('une amende de 1 000 000 € ou 500 $', 'fr')).toBe('une amende de 1⍽000⍽000⍽€ ou 500⍽$');
    // A currency sign written before its amount: Brazil's "R$ 10.000,00", "HK$ 500 000", "US$ 1,000".
    expect(nb('multa de R$ 10.000,00', 'pt')).toBe('multa de R$⍽10.000,00');
    expect(nb('fines of HK$ 500 000 and US$ 1,000, or £ 20', 'en')).toBe('fines of HK$⍽500⍽000 and US$⍽1,000, or £⍽20');
    // Not a word that ends a sentence before a number, nor an abbreviation before a word.
    expect(nb('Am Ende. 300 Arbeiter, vgl. Anlage', 'de')).toBe('Am Ende. 300 Arbeiter, vgl. Anlage');
  });

  it('leaves text of a language it does not know as written', () => {
    expect(nb('le 3 décembre', 'xx')).toBe('le 3 décembre');
  });
});
