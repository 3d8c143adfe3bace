// The words the letter itself supplies, per language: labels, formulas, joining words, pronouns.
import { baseLanguage } from './dates.js';

export interface Labels {
  /** The delivery line: "Via Embassy of Kazakhstan in Belgium :" (the model letter's own spacing). */
  delivery: (channel: string) => string;
  subject: string;
  cc: string;
  /** Continuation pages: "Page {n} of {total}". */
  page: string;
  /** "A, B and C". */
  and: string;
  /** The place-and-date line: "Brussels, 16 December 2019" / "Bruxelles, le 16 décembre 2019". */
  dateline: (place: string, date: string) => string;
  /** The default closing; some languages repeat the salutation's form of address in it. */
  closing: (salutation: string, signatories: number) => string;
  pronouns: Record<'he' | 'she' | 'they', { subject: string; object: string; possessive: string }>;
}

const EN: Labels = {
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
};

/** "Monsieur le Président," -> "Monsieur le Président": the closing formula repeats the form of address. */
function addressOf(salutation: string): string {
  return salutation.trim().replace(/[,:!]\s*$/, '');
}

const LABELS: Record<string, Labels> = {
  en: EN,
  fr: {
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
  es: {
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
  de: {
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
  ru: {
    delivery: (channel) => `Через ${channel}:`,
    subject: 'Тема:',
    cc: 'Копия:',
    page: 'Страница {n} из {total}',
    and: 'и',
    dateline: (place, date) => `${place}, ${date}`,
    closing: () => 'С уважением,',
    pronouns: {
      he: { subject: 'он', object: 'его', possessive: 'его' },
      she: { subject: 'она', object: 'её', possessive: 'её' },
      they: { subject: 'они', object: 'их', possessive: 'их' },
    },
  },
};

export const LABEL_LANGUAGES = Object.keys(LABELS);

/** Why letters cannot be written in `language`, or undefined when they can: the one wording of this check. */
export function unsupportedLanguage(language: string): string | undefined {
  if (LABEL_LANGUAGES.includes(baseLanguage(language))) return undefined;
  return `letters in \`${language}\` cannot be written: their labels and formulas exist in ${LABEL_LANGUAGES.join(', ')}. Choose one of those languages.`;
}

/** The labels of a language; unknown languages get English labels (the template's words are still theirs). */
export function labelsFor(language: string): Labels {
  return LABELS[baseLanguage(language)] ?? EN;
}

/** "A", "A and B", "A, B and C" in the letter's language. */
export function joinList(items: readonly string[], language: string): string {
  const and = labelsFor(language).and;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
