import { es as locale } from 'date-fns/locale/es';
import type { Language } from './language.js';

export const es: Language = {
  code: 'es',
  name: 'Spanish',
  date: { locale, pattern: "d 'de' MMMM 'de' yyyy" },
  hyphenation: 'hyphen/es',
  labels: {
    // Embassies and missions (la Embajada, la Misión) are feminine.
    delivery: (channel) => `Por conducto de la ${channel}:`,
    subject: 'Asunto:',
    cc: 'Copia:',
    page: 'Página {n} de {total}',
    and: 'y',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'Atentamente,',
    pronouns: {
      he: { subject: 'él', object: 'lo', possessive: 'su' },
      she: { subject: 'ella', object: 'la', possessive: 'su' },
      they: { subject: 'elle', object: 'le', possessive: 'su' },
    },
  },
};
