import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { formatPath, sortProblems, type Problem } from '../errors.js';
import { loadFonts, unprintableMessage } from '../fonts/font-set.js';
import { clipped, problemAt, type PathPart, type SourceFile } from './read-yaml.js';
import { invisibleCharacters } from './invisible-characters.js';
import { textLength } from './text-length.js';
import { BLANK_MESSAGE, CalendarDate, EARLY_YEAR, EMPTY_MAP_MESSAGE, ID_MESSAGE, Language, URL_MESSAGE, WINDOWS_DEVICE } from './schemas.js';

type AnySchema = z.ZodType;
type Issue = z.core.$ZodIssue;

/** Keys whose strings are never printed, so need no glyphs. */
const UNPRINTED_KEYS = new Set(['$schema', 'signature', 'logo', 'template', 'sender', 'official', 'id', 'pronoun', 'language']);

/**
 * Checks parsed YAML against a schema and reports every problem at once, each located in the file
 * and phrased as a fix. Also checks that the embedded fonts can draw every printed character.
 */
export function validateData<S extends AnySchema>(source: SourceFile, schema: S): { value?: z.output<S>; problems: Problem[] } {
  // jitless: zod otherwise writes each object schema a parser with `new Function` on its first use,
  // which no code cache holds; a file is checked once or a few times a run, never enough to repay it.
  const result = schema.safeParse(withoutNulls(source.data), { reportInput: true, jitless: true });
  // Placing a problem walks its mapping: 100,000 unknown keys took minutes, and no one reads such a report.
  let hidden = 0;
  const problems: Problem[] = [];
  for (let issue of result.success ? [] : result.error.issues) {
    const room = MAX_PROBLEMS - problems.length;
    if (room <= 0) {
      hidden += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
      continue;
    }
    if (issue.code === 'unrecognized_keys' && issue.keys.length > room) {
      hidden += issue.keys.length - room;
      issue = { ...issue, keys: issue.keys.slice(0, room) };
    }
    problems.push(...explain(source, schema, issue));
  }
  problems.push(...source.problems, ...glyphProblems(source, source.data, []));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length > MAX_PROBLEMS) hidden += problems.splice(MAX_PROBLEMS).length;
  if (hidden > 0) problems.push({ file: source.file, path: '', message: moreProblems(hidden, 'in this file'), severity: 'error' });
  const hasErrors = problems.some((p) => p.severity === 'error');
  return { value: result.success && !hasErrors ? result.data : undefined, problems };
}

/** A file's report stops here, with the number of problems left out. */
export const MAX_PROBLEMS = 200;

/**
 * The problems of `file` among `problems` cut at MAX_PROBLEMS in reading order, as validateData cuts
 * a file's, with the count of the rest; other files' are left as they are. For the problems a loader
 * finds after the schema (a campaign's or a case's unknown and repeated ids: thousands in a file of
 * 1 MB), which validateData never sees.
 */
export function cutAtMax(problems: Problem[], file: string, kept: readonly Problem[] = []): Problem[] {
  const own = problems.filter((p) => p.file === file);
  if (own.length <= MAX_PROBLEMS) return problems;
  sortProblems(own, file);
  // `kept` (a campaign too large) is always shown: it is the first thing to fix.
  const shown = new Set([...kept, ...own.filter((p) => !kept.includes(p)).slice(0, MAX_PROBLEMS - kept.length)]);
  const last = own.filter((p) => shown.has(p)).at(-1)!;
  // At the last one shown, so it is read after them.
  const more: Problem = {
    file,
    line: last.line,
    column: last.column,
    path: '',
    message: moreProblems(own.length - MAX_PROBLEMS, 'in this file'),
    severity: 'error',
  };
  return [...problems.filter((p) => p.file !== file || shown.has(p)), more];
}

/** The line that ends a report cut at MAX_PROBLEMS: how many more there are `where` ("in this file"). */
export function moreProblems(hidden: number, where: string): string {
  return `${hidden} more problem${hidden === 1 ? ` ${where} is` : `s ${where} are`} not shown: fix these first, then check the file again.`;
}

function explain(source: SourceFile, root: AnySchema, issue: Issue, prefix: PathPart[] = []): Problem[] {
  const path = [...prefix, ...issue.path.filter((p): p is PathPart => typeof p !== 'symbol')];
  const at = (message: string, p: PathPart[] = path, key = false): Problem => ({
    ...problemAt(source, p, message, 'error', key),
    value: shortValue(issue.input),
  });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeys(schemaAt(root, path));
      return issue.keys.map((key) => {
        // A key with a zero-width space or a byte order mark in it looks like the one it should be.
        const invisible = invisibleCharacters(key);
        const suggestion = suggest(invisible?.without ?? key, allowed);
        const hint = suggestion ? `did you mean \`${suggestion}\`?` : `allowed keys here are ${allowed.join(', ')}.`;
        const message = invisible
          ? `unknown key \`${invisible.shown}\`: ${invisible.note}: delete it. ${hint[0]!.toUpperCase()}${hint.slice(1)}`
          : `unknown key \`${key}\`: ${hint}`;
        return { ...problemAt(source, [...path, key], message, 'error', true) };
      });
    }
    case 'invalid_union':
    case 'invalid_type': {
      const field = String(path[path.length - 1] ?? 'value');
      const described = schemaAt(root, path)?.description;
      const about = described ? ` (${lowerFirst(described).replace(/\.$/, '')})` : '';
      if (issue.input === undefined && hasEmptyKey(source.data, path)) {
        // `title:` with nothing after it: located at the key, where the value has to be written.
        return [at(`\`${field}\` has no value: write it after \`${field}:\`${about}.`, path, true)];
      }
      // A missing field that may take several forms (a text or a map by language) is missing all the same.
      if (issue.input === undefined) {
        // Located at the mapping that lacks the field, where it has to be added.
        // In a plain list (a directory file), the parent is an entry: "to entry [1]".
        const parent =
          path.length === 2 && typeof path[0] === 'number' ? ` to entry [${path[0]}]` : path.length > 1 ? ` under \`${formatPath(path.slice(0, -1))}\`` : '';
        const seeming = lookAlike(source.data, path);
        if (seeming) return [{ ...at(`missing required field \`${field}\`: ${seeming}.`, path.slice(0, -1)), path: formatPath(path) }];
        return [
          {
            ...at(
              `missing required field \`${field}\`: add \`${field}:\`${parent}${example(issue.code === 'invalid_type' ? issue.expected : '')}${about}.`,
              path.slice(0, -1),
            ),
            path: formatPath(path),
          },
        ];
      }
      if (issue.code === 'invalid_type') {
        const fields = issue.expected === 'object' ? objectKeys(schemaAt(root, path)) : [];
        const expected =
          issue.expected === 'record'
            ? recordName(schemaAt(root, path))
            : fields.length > 0 && fields.length <= 6
              ? `a mapping with the fields ${fields.map((f) => `\`${f}:\``).join(', ')}`
              : article(issue.expected);
        if (issue.expected === 'string' && schemaAt(root, path) !== CalendarDate) {
          const unquoted = notText(source, path, issue.input);
          if (unquoted) return [at(`must be ${expected}, not ${unquoted}.`)];
        }
        // `- name:Erlan`: one text to YAML, for want of a space after the colon.
        const glued = typeof issue.input === 'string' ? /^([A-Za-z_][\w-]*):(?!\s)(\S.*)$/s.exec(issue.input) : null;
        if (glued && fields.includes(glued[1]!)) {
          return [
            at(
              `must be ${expected}, not ${describe(issue.input)}: a colon needs a space after it to start a value, e.g. \`${clipped(`${glued[1]}: ${glued[2]}`)}\`.`,
            ),
          ];
        }
        return [at(`must be ${expected}, not ${describeAt(source, path, issue.input)}${example(issue.expected)}${about}.`)];
      }
      // Explain the alternative whose type matched (a mapping for a mapping); else name them all.
      const branches = issue.errors.filter((errs) => errs.length > 0 && !errs.some((e) => e.path.length === 0 && e.code === 'invalid_type'));
      if (branches.length > 0) {
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        return best.flatMap((inner) => explain(source, root, inner, path));
      }
      const kinds = [...new Set(issue.errors.map((e) => (e[0]?.code === 'invalid_type' ? e[0].expected : '')).filter(Boolean))];
      const expected = kinds.map(expectedName);
      const unquoted = kinds.includes('string') ? notText(source, path, issue.input) : undefined;
      return [at(`must be ${expected.join(' or ') || 'another kind of value'}, not ${unquoted ?? describeAt(source, path, issue.input)}.`)];
    }
    case 'too_small':
      if (issue.origin === 'array')
        return [at(`needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}: add ${issue.minimum === 1 ? 'one' : 'them'}.`)];
      if (issue.origin === 'string') return [at(`must not be empty: write at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}.`)];
      return [at(`must be at least ${issue.minimum}.`)];
    case 'too_big':
      if (issue.origin === 'array') return [at(`has too many entries: at most ${issue.maximum} are allowed; remove some.`)];
      if (issue.origin === 'string') {
        // Told in code points, as zod and the JSON Schema's maxLength count them: 101 emoji are 101, not 202.
        const length = typeof issue.input === 'string' ? `${textLength(issue.input)} characters, ` : '';
        return [at(`is too long: ${length}at most ${issue.maximum} are allowed; shorten it.`)];
      }
      return [at(`must be at most ${issue.maximum}.`)];
    case 'invalid_value':
      return [at(`${describe(issue.input)} is not allowed: use one of ${issue.values.map((v) => String(v)).join(', ')}.`)];
    case 'invalid_format':
      return [at(formatMessage(issue.message, issue.input))];
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      if (inner === ID_MESSAGE || inner === undefined) return [at(formatMessage(ID_MESSAGE, issue.input), path, true)];
      return [at(`key ${describe(issue.input)} ${inner}.${colonHint(source.data, path, issue.input)}`, path, true)];
    }
    case 'custom':
      if (issue.message === EMPTY_MAP_MESSAGE) return [at(emptyMapMessage(path))];
      return [at(dateMessage(issue.message, issue.input))];
    case 'invalid_element':
      return issue.issues.flatMap((inner) => explain(source, root, inner, path));
    case 'not_multiple_of':
      return [at(`must be a multiple of ${String(issue.divisor)}.`)];
    default:
      // Every issue code zod has is handled above; this guards a future one against leaking its wording.
      return [at(`${describe((issue as { input?: unknown }).input)} is not allowed here: compare it with the samples in the documentation (docs/).`)];
  }
}

/**
 * A plain value YAML reads as a number or as true or false, where a text belongs (`reference: 0x1F`,
 * `fr: 007`): named as written, with what it reads as and the quotes that make it a text.
 */
function notText(source: SourceFile, path: PathPart[], input: unknown): string | undefined {
  if (typeof input !== 'number' && typeof input !== 'boolean') return undefined;
  const written = source.writtenAt(path);
  if (written === undefined) return undefined;
  const shown = clipped(written);
  const fix = `write a text in quotes, e.g. \`'${shown}'\``;
  if (typeof input === 'number' && written === String(input)) return `the number \`${shown}\`: ${fix}`;
  return `\`${shown}\`, which reads as the ${typeof input === 'number' ? 'number' : 'value'} ${String(input)}: ${fix}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function expectedName(expected: string): string {
  if (expected === 'record') return 'a map from language code to text (e.g. `{en: ..., fr: ...}`)';
  if (expected === 'array') return 'a list';
  return article(expected);
}

/** A record's expected form in the user's words: a language map, or ids each mapped to an entry. */
function recordName(schema: AnySchema | undefined): string {
  const def = defOf(schema);
  if (def?.type !== 'record' || defOf(def.keyType)?.type === undefined) return 'a mapping of `key: value` lines';
  if (def.keyType === Language) return expectedName('record');
  const fields = objectKeys(schemaAt(def.valueType!, []));
  return fields.length > 0
    ? `a mapping of ids to \`{${fields.map((f) => `${f}: ...`).join(', ')}}\` (each id on its own line, e.g. \`some-id:\`, with its fields indented below it)`
    : 'a mapping of ids to values';
}

/** The path ends at a key written with no value (`title:` or `title: ~`). */
function hasEmptyKey(data: unknown, path: PathPart[]): boolean {
  const node = valueAt(data, path.slice(0, -1));
  const last = path[path.length - 1];
  return last !== undefined && node !== null && typeof node === 'object' && Object.hasOwn(node, last) && (node as Record<PathPart, unknown>)[last] === null;
}

/** The value at `path` in the file's data; undefined when the path is not there. */
function valueAt(data: unknown, path: PathPart[]): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<PathPart, unknown>)[part];
  }
  return node;
}

/**
 * Why a required field seems to be there though it is missing: a key beside it that is the field
 * with invisible characters in it (`title\u200b:`), named as the unknown key's message names it.
 */
function lookAlike(data: unknown, path: PathPart[]): string | undefined {
  const field = path[path.length - 1];
  const parent = valueAt(data, path.slice(0, -1));
  if (typeof field !== 'string' || parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  for (const key of Object.keys(parent)) {
    const invisible = invisibleCharacters(key);
    if (invisible?.without === field) return `the key \`${invisible.shown}\` here is not it, since ${invisible.note}: delete ${invisible.them}`;
  }
  return undefined;
}

/**
 * A key with a space under which stands a text: most likely a sentence with `: ` in it, which YAML
 * reads as a key and its value (`- release him: he is innocent`). Says so, with the text quoted.
 */
function colonHint(data: unknown, path: PathPart[], key: unknown): string {
  if (typeof key !== 'string' || !/\s/.test(key.trim())) return '';
  let node = data;
  for (const part of path[path.length - 1] === key ? path.slice(0, -1) : path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return '';
    node = (node as Record<PathPart, unknown>)[part];
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return '';
  const value = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return '';
  const text = `${key}: ${String(value)}`;
  const quoted = text.includes("'") ? JSON.stringify(text) : `'${text}'`;
  return ` A text holding \`: \` is read as a key and its value: put the whole text in quotes, e.g. \`${quoted.length > 80 ? `${quoted.slice(0, 76)}…${quoted.slice(-1)}` : quoted}\`.`;
}

/** "https://a b": the address is wrong in one way; say which. */
function urlMessage(input: unknown): string {
  const text = typeof input === 'string' ? input : '';
  const space = /\s/.exec(text);
  if (/^(https?:\/\/|mailto:)/.test(text) && space) {
    const what = space[0] === ' ' ? 'a space' : 'a blank character such as a tab or a line break';
    return `web address ${describe(input)} contains ${what} at character ${space.index + 1}: a web address has none. Remove it, or write it as %20.`;
  }
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(text)) return `web address ${describe(input)} must start with https://, e.g. \`https://${text}\`.`;
  return `${describe(input)} is not a web address: write one starting with https:// (or mailto: for an e-mail address), e.g. \`https://www.ituc-csi.org/\`.`;
}

/** `title: {}`: a map by language, or a name's forms, with nothing in it. */
function emptyMapMessage(path: PathPart[]): string {
  const strings = path.filter((p): p is string => typeof p === 'string');
  if (strings[strings.length - 1] === 'forms')
    return 'is an empty map: give the name per language and grammatical case, e.g. `forms: {ru: {genitive: ...}}`, or remove `forms:`.';
  if (strings[strings.length - 2] === 'forms')
    return 'is an empty map: give the name by grammatical case, e.g. `{genitive: ..., dative: ...}`, or remove the language.';
  return 'is an empty map: write the text, or a text per language, e.g. `{en: ..., fr: ...}`.';
}

function formatMessage(message: string, input: unknown): string {
  if (message === BLANK_MESSAGE) {
    const what = input === '' ? 'is empty' : 'holds only spaces';
    return `${what}: write the text here (an optional field may be left out instead).`;
  }
  if (message === URL_MESSAGE) return urlMessage(input);
  if (message === 'must be written YYYY-MM-DD') {
    const guess = typeof input === 'string' ? guessDate(input) : undefined;
    return `date ${describe(input)} must be written YYYY-MM-DD${guess ? `, e.g. ${guess}` : ', e.g. 2019-07-17'}.`;
  }
  if (message === ID_MESSAGE && typeof input === 'string' && WINDOWS_DEVICE.test(input)) {
    return `${describe(input)} names a device on Windows (CON, PRN, AUX, NUL, COM0 to COM9, LPT0 to LPT9), which no file or folder may be called there: choose another id, e.g. \`${input}-1\`.`;
  }
  if (message === ID_MESSAGE && typeof input === 'string') {
    const slug = slugify(input);
    const invisible = invisibleCharacters(input);
    if (invisible) return `${describe(invisible.shown)} is not a valid id: ${invisible.note}: delete it, e.g. \`${slug || 'erlan-baltabay'}\`.`;
    const long = textLength(input) > 64 ? ` (it has ${textLength(input)} characters)` : '';
    const rule = message.replace(/^must be/, 'use');
    return `${describe(input)} is not a valid id${long}: ${rule}, e.g. \`${slug && slug !== input ? slug : 'erlan-baltabay'}\`.`;
  }
  return `${describe(input)} ${message}.`;
}

/** "Test_Case" -> "test-case": the id the user probably meant. */
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function dateMessage(message: string, input: unknown): string {
  if (message === EARLY_YEAR) {
    // An example in the same month and day, the year's last two digits read as this century's.
    const date = String(input);
    return `${date} ${EARLY_YEAR}: check the year, written with four digits (e.g. 20${date.slice(2)}).`;
  }
  if (message === 'is not a date in the calendar') return `${String(input)} is not a date in the calendar: check the day and the month.`;
  return message.endsWith('.') || message.endsWith('?') ? message : `${message}.`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "05.07.19" -> "2019-07-05" (day first, as Europeans write dates); "16 December 2019" -> "2019-12-16"; "2019/7/5" -> "2019-07-05". */
function guessDate(text: string): string | undefined {
  const named = /^(\d{1,2})\.? ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(text.trim());
  const month = named ? MONTHS.indexOf(named[2]!.toLowerCase()) + 1 : 0;
  if (named && month > 0) return `${named[3]}-${String(month).padStart(2, '0')}-${named[1]!.padStart(2, '0')}`;
  const yearFirst = /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/.exec(text.trim());
  if (yearFirst) return `${yearFirst[1]}-${yearFirst[2]!.padStart(2, '0')}-${yearFirst[3]!.padStart(2, '0')}`;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  return `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

function suggest(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(key, allowed);
  const d = distance(key, best);
  // A one-letter key is "close" to every short key; suggest only what shares most of its letters.
  return d < key.length && d <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: 'a text',
    number: 'a number',
    array: 'a list',
    object: 'a mapping of `key: value` lines',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

function example(expected: string): string {
  if (expected === 'array') return ' (write a list: `[a, b]` or lines starting with `- `)';
  return '';
}

/**
 * A value as a message names it: one YAML reads as a number or as true or false is named as written,
 * with what it reads as where that differs (`.inf`, which reads as the number Infinity), never as
 * JavaScript prints it.
 */
function describeAt(source: SourceFile, path: PathPart[], value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const written = source.writtenAt(path);
    if (written !== undefined && written !== String(value)) {
      return `\`${clipped(written)}\`, which reads as the ${typeof value === 'number' ? 'number' : 'value'} ${String(value)}`;
    }
  }
  return describe(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `\`${clipped(value)}\``;
  return `\`${String(value)}\``;
}

function shortValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 197)}...` : value;
  if (value === null || typeof value !== 'object') return value;
  return undefined;
}

// Zod keeps its schema tree in `_zod.def`; walk it to learn which keys an object allows.
type Def = {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  options?: AnySchema[];
  valueType?: AnySchema;
  keyType?: AnySchema;
  in?: AnySchema;
};

function defOf(schema: AnySchema | undefined): Def | undefined {
  return (schema as unknown as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: AnySchema | undefined): AnySchema[] {
  const def = defOf(schema);
  if (!schema || !def) return [];
  if (def.innerType) return unwrap(def.innerType);
  if (def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function schemaAt(root: AnySchema, path: PathPart[]): AnySchema | undefined {
  let candidates = unwrap(root);
  for (const part of path) {
    const next: AnySchema[] = [];
    for (const c of candidates) {
      const def = defOf(c)!;
      if (def.type === 'object' && typeof part === 'string' && def.shape?.[part]) next.push(...unwrap(def.shape[part]));
      else if (def.type === 'array' && typeof part === 'number' && def.element) next.push(...unwrap(def.element));
      else if (def.type === 'record' && def.valueType) next.push(...unwrap(def.valueType));
    }
    candidates = next;
  }
  return candidates.find((c) => defOf(c)?.type === 'object') ?? candidates[0];
}

function objectKeys(schema: AnySchema | undefined): string[] {
  const def = defOf(schema);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

/**
 * Keys whose text a letter prints only when a body or template writes it out (`{{person.native_name}}`):
 * a name in its own script, which the letter's own wording shows only where the letter is written in
 * that script. A Sri Lankan unionist's name in Sinhala, which no embedded font has, is kept for the
 * record; a letter that prints it is refused (pipeline/check-letter-glyphs.ts).
 */
export const PRINTED_WHEN_ASKED = new Set(['native_name']);

/**
 * The problem of a text with characters no embedded font has, at its field and at the first such
 * character; `printedBy` says which letter prints it, for a field printed only when asked.
 */
export function unprintableProblem(source: SourceFile, path: readonly PathPart[], value: string, printedBy?: string): Problem | undefined {
  const missing = loadFonts().missingGlyphs(value);
  if (missing.length === 0) return undefined;
  // Point at the first such character itself, not just at the start of a long body.
  const at = source.locateInValue(path, value.indexOf(missing[0]!));
  return { ...problemAt(source, path, unprintableMessage(missing, printedBy)), ...(at ?? {}) };
}

function glyphProblems(source: SourceFile, value: unknown, path: PathPart[]): Problem[] {
  if (typeof value === 'string') {
    const problem = unprintableProblem(source, path, value);
    return problem ? [problem] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => glyphProblems(source, v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (UNPRINTED_KEYS.has(k) || PRINTED_WHEN_ASKED.has(k) ? [] : glyphProblems(source, v, [...path, k])));
  }
  return [];
}

/**
 * `key: ~` (or `key:` with nothing after it) means the key is not given: optional settings such as
 * `reference: ~` or `cc: ~` are then simply absent, and a required one is reported as missing.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties, so even a `__proto__` key could not reach a prototype.
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}
