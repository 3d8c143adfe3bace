// The words the letter itself supplies, looked up by language code; each language's own words are in its
// module (en.ts, fr.ts, ...).
import { baseLanguage } from './dates.js';
import type { Labels } from './language.js';
import { en } from './en.js';
import { LANGUAGES, languageOf } from './languages.js';

export type { Labels };

export const LABEL_LANGUAGES = Object.keys(LANGUAGES);

/** Why letters cannot be written in `language`, or undefined when they can: the one wording of this check. */
export function unsupportedLanguage(language: string): string | undefined {
  if (LABEL_LANGUAGES.includes(baseLanguage(language))) return undefined;
  return `letters in \`${language}\` cannot be written: their labels and formulas exist in ${LABEL_LANGUAGES.join(', ')}. Choose one of those languages.`;
}

/** The labels of a language; unknown languages get English labels (the template's words are still theirs). */
export function labelsFor(language: string): Labels {
  return (languageOf(language) ?? en).labels;
}

/** "A", "A and B", "A, B and C" in the letter's language. */
export function joinList(items: readonly string[], language: string): string {
  const and = labelsFor(language).and;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
