import { de as locale } from 'date-fns/locale/de';
import type { Language } from './language.js';

/** Head nouns of delivery channels that are neuter ("das Generalkonsulat", "das Büro"); the others used are feminine. */
const NEUTER = /^(general)?(konsulat|büro|amt|ministerium|sekretariat|verbindungsbüro)\b/i;

/**
 * "über" and the accusative article before a channel's name, agreeing with its head noun: "über die
 * Botschaft", "über die Ständige Vertretung", "über das Generalkonsulat"; a name that brings its own
 * article (die, das) keeps it. Adjectives before the head ("Ständige") do not change the feminine and neuter article.
 */
function via(channel: string): string {
  const name = channel.trim();
  if (/^(die|das) /i.test(name)) return `Über ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  const head = name.replace(/^(ständige|königliche|kaiserliche)\s+/i, '');
  if (NEUTER.test(head)) return `Über das ${name}`;
  return `Über die ${name}`;
}

export const de: Language = {
  code: 'de',
  name: 'German',
  // Duden, DIN 5008: "3. Dezember 2019", the day with its full stop.
  date: { locale, pattern: 'd. MMMM yyyy' },
  hyphenation: 'hyphen/de-1996',
  labels: {
    delivery: (channel) => `${via(channel)}:`,
    subject: 'Betreff:',
    // DIN 5008 (Verteilervermerk): "Kopie an" before the list of those who get a copy.
    cc: 'Kopie an:',
    page: 'Seite {n} von {total}',
    and: 'und',
    dateline: (place, date) => `${place}, ${date}`,
    // DIN 5008: the salutation ends with a comma and the text goes on in lower case.
    salutationEnd: ',',
    // Duden: German quotation marks „…“, and ‚…‘ for quotation marks inside them.
    quote: (text) => `„${text.replace(/„/g, '‚').replace(/“/g, '‘')}“`,
    // DIN 5008: the greeting without a comma; it serves one signatory or several.
    closing: () => 'Mit freundlichen Grüßen',
    pronouns: {
      he: { subject: 'er', object: 'ihn', possessive: 'sein' },
      she: { subject: 'sie', object: 'sie', possessive: 'ihr' },
      they: { subject: 'sie', object: 'sie', possessive: 'ihr' },
    },
  },
};
