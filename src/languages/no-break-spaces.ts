// Where a language keeps two words on one line: a date's day and month, an honorific and the name after
// it, French high punctuation and guillemets. The rules of each language are built once per process
// (month names from its date-fns locale), so a letter pays a few regular-expression passes.
import { BoundedCache } from '../bounded-cache.js';
import { languageOf } from './languages.js';
import type { Language } from './language.js';

const NBSP = '\u00a0';
/** French sets ; ! ? after a narrow no-break space (Imprimerie nationale, Lexique des règles typographiques). */
const NNBSP = '\u202f';

/**
 * Abbreviations and honorifics that stay with the word after them. Each language's forms of address
 * as its letters write them: "H.E. Mr", "S.E. M.", "Excmo. Sr.", "Herrn", "г-ну", "Exmo. Sr.".
 */
const HONORIFICS: Record<string, string[]> = {
  en: ['H.E.', 'Mr', 'Mrs', 'Ms', 'Dr', 'Prof.', 'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'St', 'No.'],
  fr: ['S.E.', 'M.', 'MM.', 'Mme', 'Mmes', 'Mlle', 'Dr', 'Pr', 'n°'],
  es: ['S.E.', 'Excmo.', 'Excma.', 'Ilmo.', 'Ilma.', 'Sr.', 'Sra.', 'Srta.', 'D.', 'Dña.', 'Dr.', 'Dra.', 'n.º', 'núm.'],
  de: ['S.E.', 'Herrn', 'Herr', 'Frau', 'Dr.', 'Prof.', 'Nr.'],
  ru: ['г-н', 'г-ну', 'г-на', 'г-жа', 'г-же', 'г-жи', 'д-р', '№'],
  pt: ['S.Ex.ª', 'Exmo.', 'Exma.', 'Sr.', 'Sra.', 'Dr.', 'Dra.', 'n.º'],
};

/** Languages whose dates put a "de" between day and month: "3 de diciembre". */
const DAY_DE_MONTH = new Set(['es', 'pt']);

/**
 * A rule: the pattern, its replacement, and a cheap test a text must pass for the pattern to be run at
 * all. A pattern with Unicode classes (\p{L}: hundreds of ranges) costs V8 a millisecond or so to
 * compile, twice (interpreted, then native), in each thread; most texts never hold what it looks for.
 */
type Rule = [RegExp, string | ((match: string, ...groups: string[]) => string), RegExp?];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function monthNames(language: Language): string[] {
  const names = new Set<string>();
  const localize = language.date.locale.localize;
  for (let m = 0; m < 12; m++) {
    for (const context of ['formatting', 'standalone'] as const) {
      const name = localize.month(m as 0, { width: 'wide', context });
      names.add(name);
      // Months are capitalised at the start of a sentence and, in some languages, always.
      names.add(name[0]!.toUpperCase() + name.slice(1));
      names.add(name.toLowerCase());
    }
  }
  // Longest first, so "juillet" is not read as "juil".
  return [...names].sort((a, b) => b.length - a.length).map(escape);
}

function rulesOf(language: Language): Rule[] {
  const code = language.code;
  const months = monthNames(language).join('|');
  const rules: Rule[] = [];
  // A space ends an abbreviation only where it is ordinary white space between two words.
  const space = '[ \\t]+';
  if (DAY_DE_MONTH.has(code)) {
    rules.push([new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})${space}de${space}(${months})(?![\\p{L}])`, 'gu'), `$1${NBSP}de${NBSP}$2`]);
  } else {
    // "3 December", "le 1er janvier", "3. Dezember", "3 декабря".
    rules.push([new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2}(?:er|\\.)?)${space}(${months})(?![\\p{L}])`, 'gu'), `$1${NBSP}$2`]);
  }
  // "December 3" (American order in English letters).
  if (code === 'en') rules.push([new RegExp(`(?<![\\p{L}])(${months})${space}(\\d{1,2})(?![\\p{N}])`, 'gu'), `$1${NBSP}$2`]);
  // "2019 г." stays with its year.
  if (code === 'ru') rules.push([new RegExp(`(\\d)${space}(гг?\\.)`, 'gu'), `$1${NBSP}$2`]);
  // A one-letter preposition or conjunction opens the next line, never ends one (careful Russian
  // typesetting: "и в Казахстане" is never left as "и в" at a line's end). Not an initial ("К. Токаев").
  if (code === 'ru') rules.push([new RegExp(`(?<![\\p{L}\\p{M}\\p{N}.\\u00ad-])([вксуоиая])${space}(?=[\\p{L}\\p{N}«„"(])`, 'giu'), `$1${NBSP}`]);
  // Initials stay with the surname ("К.-Ж. Токаеву", "А. С. Пушкину").
  if (code === 'ru') rules.push([new RegExp(`(?<![\\p{L}\\p{M}\\p{N}.-])(\\p{Lu}\\.(?:-\\p{Lu}\\.)?)${space}(?=\\p{Lu})`, 'gu'), `$1${NBSP}`]);

  // A number written with spaces between its thousands ("12 500", "1 000 000") is one word, its
  // "%" or "‰" stays with it, and "§" with its number: "12" ending a line before "500 membres" is wrong anywhere.
  // Numbers in digits 0-9, as dates are read; each rule runs only on a text with what it looks for (Rule).
  rules.push([/(?<![\d.,])(\d{1,3})((?:[ \t]\d{3})+)(?!\d)/g, (_: string, head: string, rest: string) => head + rest.replace(/[ \t]/g, NBSP), /\d[ \t]\d{3}/]);
  rules.push([/(?<=\d)[ \t]+([%‰])/g, `${NBSP}$1`, /[%‰]/]);
  rules.push([/(§§?)[ \t]+(?=\d)/g, `$1${NBSP}`, /§/]);
  // An abbreviation of a few letters stays with the number it names ("Art. 9 Abs. 3 GG", "ст. 174",
  // "art. 28"), a number with its currency ("1 000 000 €", "R$ 10.000"), and abbreviations of two parts stay whole
  // ("z. B.", "d. h.", "т. е.", "и т. д.").
  rules.push([/(?<![\p{L}\p{M}\p{N}.])(\p{L}{1,3}\.)[ \t]+(?=\d)/gu, `$1${NBSP}`, /\.[ \t]+\d/]);
  rules.push([/(?<=\d)[ \t]+(?=\p{Sc})/gu, NBSP, /\d[ \t]+[^\w\s]/]);
  // A currency sign written before its amount, as Brazil writes every sum ("R$ 10.000,00"), "HK$ 500 000".
  rules.push([/(?<=\p{Sc})[ \t]+(?=\d)/gu, NBSP, /[^\w\s][ \t]+\d/]);
  rules.push([/(?<![\p{L}\p{M}\p{N}.])(\p{Ll}\.)[ \t]+(?=\p{L}\.(?!\p{L}))/gu, `$1${NBSP}`, /\.[ \t]+[^ \t]\./]);
  // A dash between words stays at the end of its line, never opens the next.
  rules.push([/(?<=\S)[ \t]+([—–])(?=[ \t])/gu, `${NBSP}$1`]);
  const honorifics = (HONORIFICS[code] ?? []).map(escape).join('|');
  if (honorifics) rules.push([new RegExp(`(?<![\\p{L}\\p{N}.-])(${honorifics})${space}(?=[\\p{L}\\p{N}])`, 'gu'), `$1${NBSP}`]);
  if (code === 'fr') {
    // Before ; ! ? a narrow no-break space, before : a no-break space, whether the text had a space
    // there or none; a no-break space already there is kept. Only where the mark ends a phrase,
    // so "https://" and "?a=1" in an address are left alone.
    const before = '(?<=[\\p{L}\\p{N}\\p{M}»)\\]’”…%*])';
    const after = '(?=[\\s»)\\]]|$)';
    rules.push([new RegExp(`${before}[ \\t]?([;!?]+)${after}`, 'gu'), `${NNBSP}$1`]);
    rules.push([new RegExp(`${before}[ \\t]?:${after}`, 'gu'), `${NBSP}:`]);
    // Inside guillemets one no-break space: the one the text has (U+00A0 or U+202F), else U+00A0.
    rules.push([/«[ \t]*([\u00a0\u202f]?)[ \t]*(?=\S)/gu, (_: string, own: string) => `«${own || NBSP}`]);
    rules.push([/(?<=\S)[ \t]*([\u00a0\u202f]?)[ \t]*»/gu, (_: string, own: string) => `${own || NBSP}»`]);
  }
  return rules;
}

const RULES = new Map<string, Rule[]>();

/**
 * The same texts (a case's body, its subject, the salutations) come back in every letter of a
 * campaign: their results are kept, keyed by the language's code and the text; cleared when full.
 */
const DONE = new BoundedCache<string, string>(20_000);

/** The text with no-break spaces where the letter's language keeps words together. */
export function noBreakSpaces(text: string, language: string): string {
  const lang = languageOf(language);
  if (!lang) return text;
  return DONE.getOrMake(`${lang.code}\u0000${text}`, () => {
    let rules = RULES.get(lang.code);
    if (!rules) RULES.set(lang.code, (rules = rulesOf(lang)));
    let out = text;
    for (const [pattern, replacement, only] of rules) if (!only || only.test(out)) out = out.replace(pattern, replacement as string);
    return out;
  });
}
