import { es as locale } from 'date-fns/locale/es';
import type { Language } from './language.js';

/** Head nouns of delivery channels that are masculine ("el Consulado", "el Alto Comisionado"). */
const MASCULINE = /^(consulado|ministerio|despacho|gabinete|alto|departamento|servicio)\b/;

/**
 * "de" and the article before a channel's name, agreeing with its head noun: "de la Embajada",
 * "de la Misión Permanente", "del Consulado General"; a name that brings its own article keeps it.
 */
function ofThe(channel: string): string {
  const name = channel.trim();
  if (/^el /i.test(name)) return `del ${name.slice(3)}`;
  if (/^(la|los|las) /i.test(name)) return `de ${name}`;
  const head = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return MASCULINE.test(head) ? `del ${name}` : `de la ${name}`;
}

export const es: Language = {
  code: 'es',
  name: 'Spanish',
  date: { locale, pattern: "d 'de' MMMM 'de' yyyy" },
  hyphenation: 'hyphen/es',
  labels: {
    delivery: (channel) => `Por conducto ${ofThe(channel)}:`,
    subject: 'Asunto:',
    cc: 'Con copia a:',
    page: 'Página {n} de {total}',
    and: 'y',
    dateline: (place, date) => `${place}, ${date}`,
    // RAE: the salutation of a letter ends with a colon ("Señor Presidente:"), never a comma.
    salutationEnd: ':',
    // RAE: angular quotation marks first, then “…”, then ‘…’.
    quote: (text) => `«${text.replace(/«/g, '“').replace(/»/g, '”')}»`,
    closing: () => 'Atentamente,',
    pronouns: {
      he: { subject: 'él', object: 'lo', possessive: 'su' },
      she: { subject: 'ella', object: 'la', possessive: 'su' },
      they: { subject: 'elle', object: 'le', possessive: 'su' },
    },
  },
};
