// Capitals in the letter's language, never the machine's: `toLocaleUpperCase()` without a language
// takes the process's locale (LANG), which a letter's bytes must not hang on; and Turkish or
// Azerbaijani capitalise "i" as "İ", which their letters must print.

/**
 * The four Latin digraph letters whose capital at the start of a word is their title case (ǅemal, not
 * ǄEmal written as a capital pair): what JavaScript's case mapping has no call for.
 */
const TITLE_CASE: Record<string, string> = {
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
};

/** Whether ICU has the language: one it lacks would be served by the process's locale, the very thing avoided here. */
const KNOWN = new Map<string, boolean>();

function known(language: string): boolean {
  let is = KNOWN.get(language);
  if (is === undefined) {
    try {
      is = Intl.Collator.supportedLocalesOf(language).length > 0;
    } catch {
      is = false;
    }
    KNOWN.set(language, is);
  }
  return is;
}

/**
 * `text` in capitals by the rules of `language` (a language tag such as `tr`: İ for i; `el`: capitals
 * without accents); by Unicode's own rules where ICU does not know the tag.
 */
export function upperIn(text: string, language: string): string {
  return known(language) ? text.toLocaleUpperCase(language) : text.toUpperCase();
}

/** The capital that begins a word: the title case of a digraph letter, else the letter in capitals. */
export function initialIn(letter: string, language: string): string {
  return TITLE_CASE[letter] ?? upperIn(letter, language);
}
