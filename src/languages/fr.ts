import { fr as locale } from 'date-fns/locale/fr';
import type { Language, Voice } from './language.js';

/** "Monsieur le Président," -> "Monsieur le Président": the closing formula repeats the form of address. */
function addressOf(salutation: string): string {
  return salutation.trim().replace(/\s*[,:;.!]+\s*$/, '');
}

/** Words French elides before a vowel or a mute h, and their elided form. */
const ELIDED: Record<string, string> = {
  de: 'd',
  que: 'qu',
  le: 'l',
  la: 'l',
  je: 'j',
  me: 'm',
  te: 't',
  se: 's',
  ne: 'n',
  jusque: 'jusqu',
  lorsque: 'lorsqu',
  puisque: 'puisqu',
};

/** Its first letter without accents, lower case: "É" -> "e". */
function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Whether a word elides what comes before it: it begins with a vowel ("Erlan", "Amin", "Ambassade"),
 * with y before a consonant ("Yves", not "Yasmina") or with h, mute in first names and most nouns
 * ("Hélène", "Hassan"); "haut"/"haute" keep their aspirated h ("du Haut-Commissariat").
 */
function takesElision(text: string): boolean {
  const t = plain(text.trimStart());
  if (/^[aeiouœæ]/.test(t)) return true;
  if (/^y[^aeiouy]/.test(t)) return true;
  return /^h/.test(t) && !/^haute?\b/.test(t);
}

function elide(word: string, text: string): string {
  const short = ELIDED[word.toLowerCase()];
  if (short === undefined || !takesElision(text)) return `${word} ${text}`;
  const kept = word[0] === word[0]!.toUpperCase() ? short[0]!.toUpperCase() + short.slice(1) : short;
  return `${kept}’${text.trimStart()}`;
}

/** Head nouns of delivery channels that are feminine ("la Mission permanente") or plural. */
const FEMININE = /^(ambassade|mission|representation|delegation|chancellerie|section|presidence|direction|commission|haute|administration|residence)\b/;

/**
 * "de" and the article before a channel's name, agreeing with its head noun: "de l’Ambassade",
 * "de la Mission permanente", "du Consulat général", "du Haut-Commissariat"; a name that brings its
 * own article keeps it ("le Consulat" -> "du Consulat").
 */
function ofThe(channel: string): string {
  const name = channel.trim();
  const article = /^(l[’']|la |le |les )/i.exec(name)?.[1]?.toLowerCase();
  if (article === 'le ') return `du ${name.slice(3)}`;
  if (article === 'les ') return `des ${name.slice(4)}`;
  if (article !== undefined) return `de ${name}`;
  if (takesElision(name)) return `de l’${name}`;
  return FEMININE.test(plain(name)) ? `de la ${name}` : `du ${name}`;
}

/** A body in the first person singular: "je", "j’" as a subject, and no "nous". */
function speaksAlone(body: string): boolean {
  return /(?<!\p{L})(je(?!\p{L})|j[’'])/iu.test(body) && !/(?<!\p{L})nous(?!\p{L})/iu.test(body);
}

export const fr: Language = {
  code: 'fr',
  name: 'French',
  // French writes the first of the month as an ordinal: "1er janvier 2020".
  date: { locale, pattern: 'd MMMM yyyy', firstOfMonth: 'do MMMM yyyy' },
  hyphenation: 'hyphen/fr',
  labels: {
    delivery: (channel) => `Par l’intermédiaire ${ofThe(channel)} :`,
    subject: 'Objet :',
    cc: 'Copie à :',
    page: 'Page {n} sur {total}',
    and: 'et',
    dateline: (place, date) => `${place}, le ${date}`,
    salutationEnd: ',',
    // Imprimerie nationale: guillemets with a no-break space inside, and “…” for quotation marks inside them.
    quote: (text) => `«\u00a0${text.replace(/«\s*/gu, '“').replace(/\s*»/gu, '”')}\u00a0»`,
    // "ma" only when one person speaks; the default body, and most union letters, speak as "nous".
    closing: (salutation, count, voice: Voice = 'plural') =>
      `Veuillez agréer, ${addressOf(salutation)}, l’expression de ${voice === 'singular' && count <= 1 ? 'ma' : 'notre'} très haute considération.`,
    pronouns: {
      he: { subject: 'il', object: 'le', possessive: 'son' },
      she: { subject: 'elle', object: 'la', possessive: 'sa' },
      they: { subject: 'iel', object: 'lae', possessive: 'son' },
    },
  },
  elide,
  speaksAlone,
};
