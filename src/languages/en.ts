import { enGB } from 'date-fns/locale/en-GB';
import type { Language } from './language.js';

export const en: Language = {
  code: 'en',
  name: 'English',
  date: { locale: enGB, pattern: 'd MMMM yyyy' },
  hyphenation: 'hyphen/en-gb',
  labels: {
    delivery: (channel) => `Via ${channel} :`,
    subject: 'Subject:',
    cc: 'Copy:',
    page: 'Page {n} of {total}',
    and: 'and',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'Yours sincerely,',
    pronouns: {
      he: { subject: 'he', object: 'him', possessive: 'his' },
      she: { subject: 'she', object: 'her', possessive: 'her' },
      they: { subject: 'they', object: 'them', possessive: 'their' },
    },
  },
};
