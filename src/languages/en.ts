import { enGB } from 'date-fns/locale/en-GB';
import type { Language } from './language.js';

/** A letter to an unnamed reader ("Dear Sir or Madam") closes "Yours faithfully"; to a named one, "Yours sincerely". */
function closing(salutation: string): string {
  return /^dear\s+(sir|madam|sirs)\b/i.test(salutation.trim()) ? 'Yours faithfully,' : 'Yours sincerely,';
}

/**
 * Names English writes with "the" in running text: plurals and names built on a common noun ("the
 * Philippines", "the Republic of Korea", "the United Kingdom", "the Russian Federation"), and the few
 * single names usage keeps it for (the Gambia, the Holy See). UK Foreign Office and UN country lists.
 */
const THE_NOUN = /\b(Republic|Kingdom|States|State|Federation|Emirates|Islands|Isles|Territory|Territories|Region|Union)\b/;
const THE_NAMES = new Set(['Philippines', 'Netherlands', 'Bahamas', 'Gambia', 'Comoros', 'Maldives', 'Seychelles', 'Congo', 'Holy See', 'Vatican']);

function definite(country: string): string {
  const name = country.trim();
  if (/^the\s/i.test(name)) return country;
  return THE_NOUN.test(name) || THE_NAMES.has(name) ? `the ${name}` : country;
}

export const en: Language = {
  code: 'en',
  name: 'English',
  date: { locale: enGB, pattern: 'd MMMM yyyy' },
  hyphenation: 'hyphen/en-gb',
  definite,
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
