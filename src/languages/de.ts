import { de as locale } from 'date-fns/locale/de';
import type { Language } from './language.js';

export const de: Language = {
  code: 'de',
  name: 'German',
  date: { locale, pattern: 'd. MMMM yyyy' },
  hyphenation: 'hyphen/de-1996',
  labels: {
    // Botschaft, Ständige Vertretung: feminine, hence „die“.
    delivery: (channel) => `Über die ${channel}:`,
    subject: 'Betreff:',
    cc: 'Kopie:',
    page: 'Seite {n} von {total}',
    and: 'und',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'Mit freundlichen Grüßen',
    pronouns: {
      he: { subject: 'er', object: 'ihn', possessive: 'sein' },
      she: { subject: 'sie', object: 'sie', possessive: 'ihr' },
      they: { subject: 'sie', object: 'sie', possessive: 'ihr' },
    },
  },
};
