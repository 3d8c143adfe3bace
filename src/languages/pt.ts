import { pt as locale } from 'date-fns/locale/pt';
import type { Language } from './language.js';

/** Head nouns of delivery channels that are masculine ("o Consulado", "o Alto Comissariado"). */
const MASCULINE = /^(consulado|ministerio|gabinete|alto|departamento|servico|escritorio)\b/;

/**
 * "de" contracted with the article before a channel's name, agreeing with its head noun: "da Embaixada",
 * "da Missão Permanente", "do Consulado-Geral"; a name that brings its own article keeps it ("a Embaixada").
 */
function ofThe(channel: string): string {
  const name = channel.trim();
  const own = /^(a|o|as|os) /i.exec(name)?.[1];
  if (own !== undefined) return `d${own.toLowerCase()} ${name.slice(own.length + 1)}`;
  const head = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return MASCULINE.test(head) ? `do ${name}` : `da ${name}`;
}

export const pt: Language = {
  code: 'pt',
  name: 'Portuguese',
  // "5 de julho de 2019": month names in lower case, as both Portugal and Brazil write them.
  date: { locale, pattern: "d 'de' MMMM 'de' yyyy" },
  hyphenation: 'hyphen/pt',
  labels: {
    delivery: (channel) => `Por intermédio ${ofThe(channel)}:`,
    subject: 'Assunto:',
    cc: 'Com cópia para:',
    page: 'Página {n} de {total}',
    and: 'e',
    dateline: (place, date) => `${place}, ${date}`,
    salutationEnd: ',',
    // ‘…’ for quotation marks inside them, whether written “…” (Brazil) or «…» (Portugal).
    quote: (text) => `“${text.replace(/[“«]/g, '‘').replace(/[”»]/g, '’')}”`,
    // To an authority of higher rank, in Brazil and in Portugal alike; it serves one signatory or several.
    closing: () => 'Respeitosamente,',
    pronouns: {
      he: { subject: 'ele', object: 'o', possessive: 'seu' },
      she: { subject: 'ela', object: 'a', possessive: 'sua' },
      they: { subject: 'elu', object: 'elu', possessive: 'seu' },
    },
  },
};
