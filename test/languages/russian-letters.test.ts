// Russian letters as a union's secretary would send them, read back from the preview and from the PDF:
// ГОСТ Р 7.0.97-2016 formulas, the addressee's position (in the dative) before the name, names in
// Cyrillic, and a default body whose inserted names and roles stand in the nominative.
import { describe, expect, it } from 'vitest';
import { formatLetterDate } from '../../src/languages/dates.js';
import { labelsFor } from '../../src/languages/labels.js';
import { blocks, both, flat, renderCase } from '../helpers/render-case.js';

/** A Russian case without a body, so the template's default body writes it. */
function russianCase(people: string, extra = ''): string {
  return `id: ru-test
title: Преследование Ерлана Балтабая
country: Kazakhstan
people:
${people}
timeline:
  - date: 2019-10-16
    event: вновь заключён под стражу на пять месяцев
demands:
  - обеспечить право Ерлана Балтабая на справедливое обжалование приговора
  - прекратить преследование лидеров независимых профсоюзов в Казахстане
letter:
  sender: example-lt-energy
  date: 2019-12-03
${extra}recipients:
  - official: kz-president
    via: kz-in-lithuania
`;
}

const ROLE = 'бывший председатель профсоюза «Достойный труд»';
const BALTABAY = `  - name: Erlan Baltabay
    native_name: Ерлан Балтабай
    pronoun: he
    role: ${ROLE}`;
const KHARKOVA = `  - name: Larisa Kharkova
    native_name: Лариса Харькова
    pronoun: she
    role: бывший председатель Конфедерации независимых профсоюзов Казахстана`;

describe('Russian letters', () => {
  it('write the person’s native name, in the nominative with the role beside it, and the sender in «»', async () => {
    const [letter] = await renderCase(russianCase(BALTABAY));
    for (const text of both(letter!)) {
      expect(text).toContain(
        `Уважаемый господин Президент! От имени организации «Профсоюз энергетиков Литвы (пример)» мы выражаем глубокую обеспокоенность положением, в котором находится Ерлан Балтабай, ${ROLE}.`,
      );
      expect(text).not.toContain('Erlan');
    }
  });

  it('end a salutation written without punctuation with "!", and keep one written with its own', async () => {
    const recipients = `recipients:
  - id: bare
    name: К.-Ж. Токаеву
    position: [Президенту Республики Казахстан]
    salutation: Уважаемый господин Президент
  - id: kept
    name: К.-Ж. Токаеву
    salutation: Уважаемый господин Президент,
`;
    const [bare, kept] = await renderCase(russianCase(BALTABAY).replace(/recipients:[\s\S]*$/, recipients));
    expect(blocks(bare!, 'salutation')[0]!.text).toBe('Уважаемый господин Президент!');
    for (const text of both(bare!)) expect(text).toContain('Уважаемый господин Президент! От имени организации');
    expect(blocks(kept!, 'salutation')[0]!.text).toBe('Уважаемый господин Президент,');
  });

  it('take the genitive from the case’s forms where the sentence needs one, and never write the nominative there', async () => {
    const [withForms] = await renderCase(russianCase(`${BALTABAY}\n    forms:\n      ru: {genitive: Ерлана Балтабая}`));
    for (const text of both(withForms!)) expect(text).toContain('Надеемся, что Вы безотлагательно уделите внимание делу Ерлана Балтабая.');
    const [without] = await renderCase(russianCase(BALTABAY));
    for (const text of both(without!)) {
      expect(text).toContain('уделите внимание этому делу.');
      expect(text).not.toContain('делу Ерлан');
    }
  });

  it('write the name from forms.ru.nominative, else the native name only when it is Cyrillic, else the name', async () => {
    const [given] = await renderCase(russianCase(`  - name: Reza Shahabi\n    forms:\n      ru: {nominative: Реза Шахаби}`));
    expect(flat(given!.preview)).toContain('в котором находится Реза Шахаби.');
    // A native name in another script (Greek here; Persian, Chinese alike) is no name for a Russian letter.
    const [greek] = await renderCase(russianCase(`  - name: Giorgos Papadopoulos\n    native_name: Γιώργος Παπαδόπουλος`));
    expect(flat(greek!.preview)).toContain('в котором находится Giorgos Papadopoulos.');
  });

  it('list several people as "Имя — роль" lines after "находятся:"', async () => {
    const [letter] = await renderCase(russianCase(`${BALTABAY}\n${KHARKOVA}`));
    for (const text of both(letter!)) {
      expect(text).toContain('положением, в котором находятся:');
      expect(text).toContain(`Ерлан Балтабай — ${ROLE};`);
      expect(text).toContain('Лариса Харькова — бывший председатель Конфедерации независимых профсоюзов Казахстана.');
    }
  });

  // A role ending "с 2010 г." closed the list "г..".
  it('end the list of people without doubling the full stop of a role that ends in an abbreviation', async () => {
    const since = `  - name: Larisa Kharkova
    native_name: Лариса Харькова
    pronoun: she
    role: председатель Конфедерации независимых профсоюзов Казахстана с 2010 г.`;
    const [letter] = await renderCase(russianCase(`${since}\n${BALTABAY}\n  - name: Amin Eleusinov`));
    for (const text of both(letter!)) {
      expect(text).toContain('Лариса Харькова — председатель Конфедерации независимых профсоюзов Казахстана с 2010 г.;');
      expect(text).toContain('Amin Eleusinov.');
    }
    const [last] = await renderCase(russianCase(`${BALTABAY}\n${since}`));
    for (const text of both(last!)) expect(text).toMatch(/с 2010\sг\.(?!\.)/);
  });

  it('end the sentence of one person whose role ends in an abbreviation with its full stop alone', async () => {
    const [letter] = await renderCase(
      russianCase(`  - name: Larisa Kharkova
    native_name: Лариса Харькова
    role: председатель Конфедерации независимых профсоюзов Казахстана с 2010 г.`),
    );
    for (const text of both(letter!)) expect(text).toMatch(/в котором находится Лариса Харькова, председатель .* с 2010\sг\.(?!\.)/);
  });

  it('lead the demands in with "Мы призываем Вас:" (one addressee: the courtesy capital), infinitives following', async () => {
    const [letter] = await renderCase(russianCase(BALTABAY));
    for (const text of both(letter!)) {
      expect(text).toContain('Надеемся, что Вы безотлагательно');
      expect(text).toMatch(
        /Мы призываем Вас: •? ?обеспечить право Ерлана Балтабая на справедливое обжалование приговора; •? ?прекратить преследование лидеров независимых профсоюзов в Казахстане\./,
      );
    }
  });

  it('put the position, in the dative, before the initials and surname', async () => {
    const [letter] = await renderCase(russianCase(BALTABAY));
    const [entry] = blocks(letter!, 'addressees')[0]!.addressees;
    expect(entry).toEqual({ name: 'К.-Ж.\u00a0Токаеву', position: ['Президенту Республики Казахстан'], emails: [], positionFirst: true });
    const preview = letter!.preview.split('\n');
    expect(preview.indexOf('К.-Ж.\u00a0Токаеву')).toBe(preview.indexOf('Президенту Республики Казахстан') + 1);
    for (const text of both(letter!)) {
      expect(text).toContain('Президенту Республики Казахстан К.-Ж. Токаеву Через Посольство Республики Казахстан в Литовской Республике:');
    }
  });

  it('put every addressee of a joint letter position first, the gap before each entry kept', async () => {
    const yaml = russianCase(BALTABAY).replace(
      /recipients:[\s\S]*$/,
      `recipients:
  - id: joint
    addressees:
      - {name: К.-Ж. Токаеву, position: [Президенту Республики Казахстан]}
      - {name: Г. Нурдаулетову, position: [Генеральному прокурору Республики Казахстан]}
    salutation: Уважаемые господа
`,
    );
    const [letter] = await renderCase(yaml);
    expect(letter!.preview).toContain(
      'Президенту Республики Казахстан\nК.-Ж.\u00a0Токаеву\n\nГенеральному прокурору Республики Казахстан\nГ.\u00a0Нурдаулетову\n',
    );
    expect(letter!.pdf).toContain('Президенту Республики Казахстан К.-Ж. Токаеву Генеральному прокурору Республики Казахстан Г. Нурдаулетову');
    // Several addressees are "вы" in lower case.
    for (const text of both(letter!)) expect(text).toMatch(/Мы призываем вас: .*Надеемся, что вы безотлагательно/);
  });

  it('date "3 декабря 2019 г." and close "С уважением," above the signatory', async () => {
    const [letter] = await renderCase(russianCase(BALTABAY, '  cc: [Международная организация труда]\n'));
    // "С" is held to the word after it (no-break-spaces.ts), as every one-letter preposition is.
    expect(blocks(letter!, 'closing')[0]!.text).toBe('С\u00a0уважением,');
    for (const text of both(letter!)) {
      expect(text).toContain('Вильнюс, 3 декабря 2019 г.');
      expect(text).toMatch(/С уважением, (\[signature: Рута Павиздене\] )?Рута Павиздене Председатель/);
      expect(text).toContain('Копия: Международная организация труда');
    }
  });

  it('address the e-mail cover note in the letter’s order: position, then name', async () => {
    const [letter] = await renderCase(russianCase(BALTABAY));
    expect(letter!.email.subject).toBe('Преследование Ерлана Балтабая: письмо, адресованное Президенту Республики Казахстан К.-Ж. Токаеву');
    expect(letter!.email.text).toContain(
      'Направляем вам письмо организации «Профсоюз энергетиков Литвы (пример)», адресованное Президенту Республики Казахстан К.-Ж.\u00a0Токаеву.',
    );
  });
});

describe('Russian labels', () => {
  const ru = labelsFor('ru');

  it('quote with «…», and „…“ inside', () => {
    expect(ru.quote('Достойный труд')).toBe('«Достойный труд»');
    expect(ru.quote('профсоюз «Достойный труд»')).toBe('«профсоюз „Достойный труд“»');
  });

  it('end a salutation with "!" (ГОСТ Р 7.0.97-2016), close "С уважением," for any number of signatories', () => {
    expect(ru.salutationEnd).toBe('!');
    expect(ru.closing('Уважаемый господин Президент!', 1)).toBe('С уважением,');
    expect(ru.closing('Уважаемые господа!', 4)).toBe('С уважением,');
    expect(formatLetterDate('2019-12-03', 'ru')).toBe('3 декабря 2019 г.');
  });
});
