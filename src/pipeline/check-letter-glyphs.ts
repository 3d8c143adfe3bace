import { ValidationError, type Problem } from '../errors.js';
import { loadFonts } from '../fonts/font-set.js';
import { upperIn } from '../languages/capitals.js';
import { unprintableProblem } from '../input/validate-data.js';
import type { LetterDocument } from '../letter-document.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { documentText } from './document-text.js';

/**
 * Refuses a letter that prints a name in a script no embedded font has. Loading a case checks every
 * text it prints but a person's `native_name`, which the letter prints only where a body or template
 * writes it out (`{{person.native_name}}`), and which may well be in Sinhala or Lao for the record.
 * Only a case with such a name is looked at here, so other letters pay nothing.
 */
export function checkLetterGlyphs(spec: LetterSpec, doc: LetterDocument): void {
  const people = spec.caseData.people;
  const fonts = loadFonts();
  const unprintable = people.flatMap((person, i) => {
    const missing = person.native_name === undefined ? [] : fonts.missingGlyphs(person.native_name);
    return missing.length > 0 ? [{ i, name: person.native_name!, missing }] : [];
  });
  if (unprintable.length === 0) return;
  const text = documentText(doc);
  // The names printed whole (or in capitals); else, by their characters, any name composing may have
  // spaced or cut otherwise. A name whose characters another one shares is not blamed for it.
  const whole = unprintable.filter(({ name }) => text.includes(name) || text.includes(upperIn(name, spec.language)));
  const printed = whole.length > 0 ? whole : unprintable.filter(({ missing }) => missing.some((ch) => text.includes(ch)));
  const problems: Problem[] = [];
  for (const { i, name } of printed) {
    const problem = unprintableProblem(spec.caseOrigin.source, ['people', i, 'native_name'], name, `the letter to \`${spec.id}\``);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
