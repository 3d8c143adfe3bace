import { pt as locale } from 'date-fns/locale/pt';
import type { Language } from './language.js';

export const pt: Language = {
  code: 'pt',
  name: 'Portuguese',
  // "5 de julho de 2019": month names in lower case, as both Portugal and Brazil write them.
  date: { locale, pattern: "d 'de' MMMM 'de' yyyy" },
  hyphenation: 'hyphen/pt',
  labels: {
    // Embassies and missions (a Embaixada, a Missão Permanente) are feminine: "por intermédio da".
    delivery: (channel) => `Por intermédio da ${channel}:`,
    subject: 'Assunto:',
    cc: 'C/c:',
    page: 'Página {n} de {total}',
    and: 'e',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'Com os melhores cumprimentos,',
    pronouns: {
      he: { subject: 'ele', object: 'o', possessive: 'seu' },
      she: { subject: 'ela', object: 'a', possessive: 'sua' },
      they: { subject: 'elu', object: 'elu', possessive: 'seu' },
    },
  },
};
