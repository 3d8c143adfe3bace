import { ValidationError } from '../errors.js';
import { languageOf } from '../languages/languages.js';
import { problemAt, type PathPart, type SourceFile } from '../input/read-yaml.js';
import type { LinesValue, TextValue } from '../input/schemas.js';

/** Where a text comes from: its file, and the language its plain strings are written in. */
export interface Origin {
  source: SourceFile;
  language: string;
}

/** A value of a file, with its path there for messages. */
export interface TextRef<T = TextValue> {
  origin: Origin;
  path: PathPart[];
  value: T | undefined;
}

/** The one wording of a missing translation, for compose and validate alike. */
function missing(ref: TextRef<unknown>, language: string, have: string[], plain: boolean): never {
  const known = languageOf(language);
  const name = known ? `${known.name} (\`${language}\`)` : `\`${language}\``;
  const field = String([...ref.path].reverse().find((p) => typeof p === 'string') ?? 'text');
  const written = plain ? `a plain text, which is in the file's language \`${have[0]}\`` : `texts in ${have.join(', ') || 'no language'}`;
  // A list item (`demands[0]`) is written `- {en: ..., fr: ...}`; a field, `role: {en: ..., fr: ...}`.
  // The other language of the example: one the field has, else any but the letter's.
  const other = have.find((l) => l !== language) ?? (language === 'en' ? 'fr' : 'en');
  const map = `{${other}: ..., ${language}: ...}`;
  // Lines (a position, an address) are best given as one list per language.
  const lines = field === 'position' || field === 'address';
  const example = lines
    ? `${field}: {${other}: [...], ${language}: [...]}`
    : typeof ref.path[ref.path.length - 1] === 'number'
      ? `- ${map}`
      : `${field}: ${map}`;
  throw new ValidationError([
    problemAt(
      ref.origin.source,
      ref.path,
      `no ${name} text: the letter is in \`${language}\`, but \`${field}\` has only ${written}. Give it per language, e.g. \`${example}\`.`,
    ),
  ]);
}

/**
 * The text of a field in the letter's language. A plain string is in its file's language; a map gives
 * one text per language. With `strict: false` (names, places) a plain string serves every language.
 */
export function localize(ref: TextRef, language: string, strict = true): string {
  const { value } = ref;
  if (value === undefined) return '';
  if (typeof value === 'string') {
    if (!strict || sameLanguage(ref.origin.language, language)) return value;
    return missing(ref, language, [ref.origin.language], true);
  }
  const hit = pick(value, language);
  if (hit !== undefined) return hit;
  if (!strict) return Object.values(value)[0] ?? '';
  return missing(ref, language, Object.keys(value), false);
}

/** Lines (a position, an address) in the letter's language. */
export function localizeLines(ref: TextRef<LinesValue>, language: string, strict = true): string[] {
  const { value } = ref;
  if (value === undefined) return [];
  if (typeof value === 'string') return [localize(ref as TextRef, language, strict)];
  if (Array.isArray(value)) return value.map((line, i) => localize({ ...ref, path: [...ref.path, i], value: line }, language, strict));
  const hit = pick(value, language) ?? (strict ? missing(ref, language, Object.keys(value), false) : Object.values(value)[0]);
  return hit === undefined ? [] : Array.isArray(hit) ? hit : [hit];
}

/** The text in `language`, else in its base language; codes compared without case, as BCP 47 has them (`fr-be` is `fr-BE`). */
function pick<T>(map: Record<string, T>, language: string): T | undefined {
  if (map[language] !== undefined) return map[language];
  const keys = Object.keys(map);
  const base = language.split('-')[0]!.toLowerCase();
  const key = keys.find((k) => k.toLowerCase() === language.toLowerCase()) ?? keys.find((k) => k.toLowerCase() === base);
  return key === undefined ? undefined : map[key];
}

function sameLanguage(a: string, b: string): boolean {
  return a === b || a.split('-')[0] === b.split('-')[0];
}
