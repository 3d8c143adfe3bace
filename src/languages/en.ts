import { enGB } from 'date-fns/locale/en-GB';
import type { Language } from './language.js';

/** A letter to an unnamed reader ("Dear Sir or Madam") closes "Yours faithfully"; to a named one, "Yours sincerely". */
function closing(salutation: string): string {
  return /^dear\s+(sir|madam|sirs)\b/i.test(salutation.trim()) ? 'Yours faithfully,' : 'Yours sincerely,';
}

export const en: Language = {
  code: 'en',
  name: 'English',
  date: { locale: enGB, pattern: 'd MMMM yyyy' },
  hyphenation: 'hyphen/en-gb',
  labels: {
    delivery: (channel) => `Via ${channel} :`,
    subject: 'Subject:',
    cc: 'cc:',
    page: 'Page {n} of {total}',
    and: 'and',
    dateline: (place, date) => `${place}, ${date}`,
    salutationEnd: ',',
    // The model letter's: Energy and Oil Workers Union “Decent Work”; ‘…’ for quotation marks inside them.
    quote: (text) => `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`,
    closing,
    pronouns: {
      he: { subject: 'he', object: 'him', possessive: 'his' },
      she: { subject: 'she', object: 'her', possessive: 'her' },
      they: { subject: 'they', object: 'them', possessive: 'their' },
    },
  },
};
