import { fr as locale } from 'date-fns/locale/fr';
import type { Language } from './language.js';

/** "Monsieur le Président," -> "Monsieur le Président": the closing formula repeats the form of address. */
function addressOf(salutation: string): string {
  return salutation.trim().replace(/[,:!]\s*$/, '');
}

export const fr: Language = {
  code: 'fr',
  name: 'French',
  // French writes the first of the month as an ordinal: "1er janvier 2020".
  date: { locale, pattern: 'd MMMM yyyy', firstOfMonth: 'do MMMM yyyy' },
  hyphenation: 'hyphen/fr',
  labels: {
    delivery: (channel) => `Via ${channel} :`,
    subject: 'Objet :',
    cc: 'Copie :',
    page: 'Page {n} sur {total}',
    and: 'et',
    dateline: (place, date) => `${place}, le ${date}`,
    closing: (salutation, count) => `Veuillez agréer, ${addressOf(salutation)}, l’expression de ${count > 1 ? 'notre' : 'ma'} très haute considération.`,
    pronouns: {
      he: { subject: 'il', object: 'le', possessive: 'son' },
      she: { subject: 'elle', object: 'la', possessive: 'sa' },
      they: { subject: 'iel', object: 'lae', possessive: 'son' },
    },
  },
};
