import { findTemplateDir, templateFileFor } from '../input/find-template.js';
import { unsupportedLanguage } from '../languages/labels.js';
import type { LetterSpec } from './letter-spec.js';
import { localize, type Origin, type TextRef } from './localize.js';
import { ValidationError, type Problem } from '../errors.js';
import type { LoadedCase } from '../input/loaded-case.js';
import { planCaseLetters } from './plan-case-letters.js';
import { problemAt } from '../input/read-yaml.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every text a case's letters need, checked in the letter's language, with every gap reported at once.
 * Composing finds the same gaps one letter at a time (compose/localize.ts); this lets `validate` show
 * them all before anything is generated. The texts follow those compose-letter.ts takes strictly.
 */
export function languageProblems(kase: LoadedCase): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (list: Problem[]) => {
    for (const p of list) {
      const key = `${p.file}\0${p.path}`;
      if (!seen.has(key)) problems.push(p);
      seen.add(key);
    }
  };
  const lang = kase.language;
  const { source } = kase;
  const unsupported = unsupportedLanguage(lang);
  if (unsupported) return [problemAt(source, kase.data.letter.language !== undefined ? ['letter', 'language'] : ['letter', 'sender'], unsupported)];
  const templateDir = findTemplateDir(kase.workspace, kase.data.letter.template);
  if (templateDir && !templateFileFor(templateDir, lang)) {
    const have = readdirSync(templateDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => f.slice(0, -4));
    add([
      problemAt(
        source,
        ['letter', 'template'],
        `template \`${kase.data.letter.template}\` has no \`${lang}\` version (it has ${have.join(', ') || 'none'}): add ${join(templateDir, `${lang}.hbs`)} or write the letter in another language.`,
      ),
    ]);
  }
  // Problems that spoil one letter each (an official without a salutation), found by loadCase.
  add(kase.letterProblems);
  const specs: LetterSpec[] = planCaseLetters(kase);
  // The case's own texts are checked even when no letter could be planned.
  if (specs.length === 0) add(caseTextProblems(kase.data, { source, language: kase.language }, lang));
  for (const spec of specs) add(letterTextProblems(spec));
  return problems;
}

/**
 * Every text one letter needs that has no version in its language: the case's, its signatories'
 * titles, its addressees' positions, its salutation, subject and closing. `validate` of a campaign
 * checks each letter with it, so every gap shows at once, not the first one composing meets.
 */
export function letterTextProblems(spec: LetterSpec): Problem[] {
  const problems = caseTextProblems(spec.caseData, spec.caseOrigin, spec.language);
  const text = (ref: TextRef) => problems.push(...gaps(ref, spec.language));
  for (const id of spec.signatories) {
    const index = spec.sender.data.signatories.findIndex((s) => s.id === id);
    const s = spec.sender.data.signatories[index];
    if (s) text({ origin: spec.senderOrigin, path: ['signatories', index, 'title'], value: s.title });
  }
  for (const a of spec.addressees) {
    const position = a.data.position;
    const ref = { origin: a.origin, path: [...a.path, 'position'] };
    if (Array.isArray(position)) position.forEach((line, i) => text({ ...ref, path: [...ref.path, i], value: line }));
    else if (typeof position === 'string') text({ ...ref, value: position });
    else if (position !== undefined) text({ ...ref, value: position as Record<string, string> });
  }
  text(spec.salutation);
  if (spec.subject) text(spec.subject);
  if (spec.closing?.value !== undefined) text(spec.closing);
  else if (spec.sender.data.closing !== undefined) text({ origin: spec.senderOrigin, path: ['closing'], value: spec.sender.data.closing });
  return problems;
}

/** The gaps in `lang` of the texts a case gives every letter: title, roles, events, demands, body. */
function caseTextProblems(c: LetterSpec['caseData'], origin: Origin, lang: string): Problem[] {
  const problems: Problem[] = [];
  const text = (path: (string | number)[], value: unknown) => problems.push(...gaps({ origin, path, value: value as TextRef['value'] }, lang));
  // A plain title serves every language (see compose/letter-context.ts); a map must have the letter's.
  if (typeof c.title !== 'string') text(['title'], c.title);
  c.people.forEach((p, i) => text(['people', i, 'role'], p.role));
  (c.timeline ?? []).forEach((t, i) => text(['timeline', i, 'event'], t.event));
  (c.demands ?? []).forEach((d, i) => text(['demands', i], d));
  if (c.body !== undefined) text(['body'], c.body);
  return problems;
}

/** The problem of `ref` in `lang`, found by the very function that picks texts when composing. */
function gaps(ref: TextRef<unknown>, lang: string): Problem[] {
  if (ref.value === undefined || ref.value === null || Array.isArray(ref.value)) return [];
  try {
    localize(ref as TextRef, lang);
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
}
