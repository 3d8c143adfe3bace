// What a language module gives: everything the letter itself writes in that language, apart from the
// template's own words (templates/<name>/<code>.hbs). One module per language, listed in languages.ts.
// The rules each module follows, with their sources, are in docs/languages.md.
import type { Locale } from 'date-fns/locale';

/** Who speaks in the letter's body: one person ("je", "I") or the organisation ("nous", "we"). */
export type Voice = 'singular' | 'plural';

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
  /** The place-and-date line: "Brussels, 16 December 2019" / "Paris, le 16 décembre 2019". */
  dateline: (place: string, date: string) => string;
  /** Appended to a salutation written without final punctuation: ',' (en, fr, de, ru, pt), ':' (es). A salutation
   *  written with its own final punctuation is kept as written. */
  salutationEnd: string;
  /** The language's quotation marks around a text: “…” en, « … » fr (no-break spaces inside), «…» es, „…“ de, «…» ru, “…” pt. */
  quote: (text: string) => string;
  /**
   * The default closing; some languages repeat the salutation's form of address in it. It agrees with the
   * signatories and with the body's voice (French "ma" for one person speaking, "notre" for an organisation);
   * the voice is `plural` unless the compose layer found the body written in the first person singular.
   */
  closing: (salutation: string, signatories: number, voice?: Voice) => string;
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
  /** ru: the addressee's position lines come before the name (and in the dative), as Russian letters write it. Default name-first. */
  addressOrder?: 'name-first' | 'position-first';
  /** typeset owns this: the `hyphen` package's pattern module for this language (e.g. 'hyphen/de-1996'), loaded lazily. */
  hyphenation?: string;
  /**
   * `word` followed by `text` as the language joins them: French elides "de", "que", "le"... before a vowel or
   * a mute h ("d’Erlan", "qu’Amin"). Without it the two are joined by a space. Used by the `{{elide}}` helper.
   */
  elide?: (word: string, text: string) => string;
  /**
   * A country's name with the article the language writes before it in running text: English "the
   * Philippines", "the Republic of Korea". Without it the name is as written. Used by the `{{the}}` helper.
   */
  definite?: (country: string) => string;
  /** True when a body is written in the first person singular ("je", "I"), for the closing's voice. */
  speaksAlone?: (body: string) => boolean;
}
