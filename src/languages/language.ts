// What a language module gives: everything the letter itself writes in that language, apart from the
// template's own words (templates/<name>/<code>.hbs). One module per language, listed in languages.ts.
import type { Locale } from 'date-fns/locale';

/** The words the letter itself supplies: labels, formulas, joining words, pronouns. */
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

export interface Language {
  /** The base language code (ISO 639-1): `pt` serves `pt-BR` and `pt-PT` too. */
  code: string;
  /** Its English name, for messages: "no Portuguese (`pt`) text". */
  name: string;
  /** How the letter writes a date, in date-fns patterns with this locale's month names. */
  date: { locale: Locale; pattern: string; firstOfMonth?: string };
  labels: Labels;
  /** typeset owns this: the `hyphen` package's pattern module for this language (e.g. 'hyphen/de-1996'), loaded lazily. */
  hyphenation?: string;
}
