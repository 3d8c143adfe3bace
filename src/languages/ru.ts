import { ru as locale } from 'date-fns/locale/ru';
import type { Language } from './language.js';

export const ru: Language = {
  code: 'ru',
  name: 'Russian',
  // ГОСТ Р 7.0.97-2016, 5.11: "3 декабря 2019 г.", the month in the genitive.
  date: { locale, pattern: "d MMMM yyyy 'г.'" },
  hyphenation: 'hyphen/ru',
  labels: {
    // "Через" takes the accusative, which for the neuter heads of channels (Посольство, Генеральное
    // консульство, Постоянное представительство) is the name as written.
    delivery: (channel) => `Через ${channel}:`,
    subject: 'Тема:',
    cc: 'Копия:',
    page: 'Страница {n} из {total}',
    and: 'и',
    dateline: (place, date) => `${place}, ${date}`,
    // ГОСТ Р 7.0.97-2016, 5.18: "Уважаемый господин Председатель!": an exclamation mark, and the text
    // goes on with a capital letter.
    salutationEnd: '!',
    // Розенталь: «ёлочки», and „лапки“ for quotation marks inside them: «профсоюз „Достойный труд“».
    quote: (text) => `«${text.replace(/«/g, '„').replace(/»/g, '“')}»`,
    // ГОСТ Р 7.0.97-2016, 5.18: "С уважением," for one signatory or several.
    closing: () => 'С уважением,',
    pronouns: {
      he: { subject: 'он', object: 'его', possessive: 'его' },
      she: { subject: 'она', object: 'её', possessive: 'её' },
      they: { subject: 'они', object: 'их', possessive: 'их' },
    },
  },
  // ГОСТ Р 7.0.97-2016, 5.15: the position in the dative before the initials and surname.
  addressOrder: 'position-first',
};
