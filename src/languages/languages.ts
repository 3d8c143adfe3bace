// The languages letters can be written in: one module each. Adding a language is its module, one line
// here, and its templates (docs/adding-a-language.md).
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import type { Language } from './language.js';
import { pt } from './pt.js';
import { ru } from './ru.js';

export const LANGUAGES: Record<string, Language> = { en, fr, es, de, ru, pt };

/** The language of a code such as `pt-BR` (by its base code), or undefined when letters cannot be written in it. */
export function languageOf(code: string): Language | undefined {
  const base = code.split('-')[0]!.toLowerCase();
  return Object.hasOwn(LANGUAGES, base) ? LANGUAGES[base] : undefined;
}
