import { ru as locale } from 'date-fns/locale/ru';
import type { Language } from './language.js';

export const ru: Language = {
  code: 'ru',
  name: 'Russian',
  date: { locale, pattern: "d MMMM yyyy 'г.'" },
  hyphenation: 'hyphen/ru',
  labels: {
    delivery: (channel) => `Через ${channel}:`,
    subject: 'Тема:',
    cc: 'Копия:',
    page: 'Страница {n} из {total}',
    and: 'и',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'С уважением,',
    pronouns: {
      he: { subject: 'он', object: 'его', possessive: 'его' },
      she: { subject: 'она', object: 'её', possessive: 'её' },
      they: { subject: 'они', object: 'их', possessive: 'их' },
    },
  },
};
